// The colours of both pages: Okabe and Ito's, which colour-blind readers tell apart.
export const BLUE = "#0072b2",
  ORANGE = "#d55e00",
  GREEN = "#009e73",
  PINK = "#cc79a7",
  GREY = "#888";
// Curves of one chart, in this order.
export const SERIES = [BLUE, ORANGE, GREEN, PINK];
// As [r, g, b], for colours mixed per pixel.
export const BLUE_RGB = [0, 114, 178],
  ORANGE_RGB = [213, 94, 0];
