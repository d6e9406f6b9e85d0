// The layer views both drawing pages share (canvases #input, #x1, #x2, #y, #d3, #d2, #d1): one
// forward pass's x(0), x(1), x(2) and y, and back-propagation's δ(3), δ(2), δ(1).
import { $ } from "./dom.js";
import { bars, blank, grid } from "./pictures.js";

export const LAYER_VIEWS = ["input", "x1", "x2", "y", "d3", "d2", "d1"];

// The hidden layers in rows of 20 (x(1), δ(1)) and 10 (x(2), δ(2)) units, as their canvases
// are shaped; `yBefore` (or null) is drawn grey behind y.
export function showForward(input, { x1, x2, y }, classes, yBefore = null) {
  grid($("input"), input, 28, 28, false);
  grid($("x1"), x1, 20, Math.ceil(x1.length / 20), false);
  grid($("x2"), x2, 10, Math.ceil(x2.length / 10), false);
  bars($("y"), y, yBefore, 1, false, classes);
}

export function showDeltas({ d1, d2, d3 }, classes) {
  bars($("d3"), d3, null, 1, true, classes);
  grid($("d2"), d2, 10, Math.ceil(d2.length / 10), true);
  grid($("d1"), d1, 20, Math.ceil(d1.length / 20), true);
}

export const blankViews = (ids = LAYER_VIEWS) => ids.forEach((id) => blank($(id)));
