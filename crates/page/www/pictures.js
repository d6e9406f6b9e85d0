// Vectors as pictures: heat grids of activations and δs, bars of y, W(1) as 28×28 tiles,
// and 28×28 images.
import { BLUE_RGB, ORANGE_RGB } from "./palette.js";

const SIDE = 28; // MNIST's images are SIDE × SIDE

const rgb = (c) => `rgb(${c})`;

export function blank(canvas) {
  const ctx = canvas.getContext("2d");
  ctx.fillStyle = "#f2f2f2"; ctx.fillRect(0, 0, canvas.width, canvas.height);
}

// Values as a heat grid: 0..max in blue (activations), or −max..max orange/blue (δ).
export function grid(canvas, values, cols, rows, signed) {
  const ctx = canvas.getContext("2d");
  const cw = canvas.width / cols, ch = canvas.height / rows;
  let max = 1e-12;
  for (const v of values) max = Math.max(max, Math.abs(v));
  ctx.fillStyle = "#fff"; ctx.fillRect(0, 0, canvas.width, canvas.height);
  values.forEach((v, i) => {
    const s = Math.min(1, Math.abs(v) / max);
    const c = signed && v < 0 ? BLUE_RGB : signed ? ORANGE_RGB : [0, 0, 0];
    ctx.fillStyle = `rgb(${c.map((x) => Math.round(255 - (255 - x) * s)).join(",")})`;
    ctx.fillRect((i % cols) * cw, Math.floor(i / cols) * ch, Math.ceil(cw), Math.ceil(ch));
  });
}

// One bar per output unit, labelled by `names` (the unit's index without them); `before`
// (grey) shows the output before a learning step.
export function bars(canvas, values, before, scale, signed, names) {
  const ctx = canvas.getContext("2d");
  const w = canvas.width, h = canvas.height, bw = w / values.length, base = signed ? (h - 18) / 2 : h - 18;
  let max = scale;
  if (signed) { max = 1e-12; for (const v of values) max = Math.max(max, Math.abs(v)); }
  ctx.fillStyle = "#fff"; ctx.fillRect(0, 0, w, h);
  ctx.font = "12px sans-serif"; ctx.textAlign = "center";
  values.forEach((v, k) => {
    const x = k * bw + 4;
    if (before) {
      ctx.fillStyle = "#bbb";
      const bh = (before[k] / max) * base;
      ctx.fillRect(x, base - bh, bw / 2 - 4, bh);
    }
    const bh = (v / max) * base;
    ctx.fillStyle = signed && v >= 0 ? rgb(ORANGE_RGB) : rgb(BLUE_RGB);
    ctx.fillRect(before ? x + bw / 2 - 4 : x, bh >= 0 ? base - bh : base, before ? bw / 2 - 4 : bw - 8, Math.abs(bh));
    ctx.fillStyle = "#333"; ctx.fillText(names?.[k] ?? String(k), k * bw + bw / 2, h - 4, bw - 2);
  });
}

// W(1) as one 28×28 tile per hidden unit: tile j shows column j of the [784, M] matrix.
export function drawWeights(canvas, weights, layers) {
  const [d, m] = layers;
  const cols = Math.ceil(Math.sqrt(m * 4 / 3)), rows = Math.ceil(m / cols);
  const tile = Math.max(1, Math.floor(Math.min(canvas.width / cols, canvas.height / rows)));
  const ctx = canvas.getContext("2d");
  ctx.fillStyle = "#fff"; ctx.fillRect(0, 0, canvas.width, canvas.height);
  const img = ctx.createImageData(cols * SIDE, rows * SIDE);
  for (let j = 0; j < m; j++) {
    let max = 1e-12;
    for (let i = 0; i < d; i++) max = Math.max(max, Math.abs(weights[i * m + j]));
    const ox = (j % cols) * SIDE, oy = Math.floor(j / cols) * SIDE;
    for (let i = 0; i < d; i++) {
      const v = weights[i * m + j] / max, s = Math.min(1, Math.abs(v)), c = v < 0 ? BLUE_RGB : ORANGE_RGB;
      const p = ((oy + Math.floor(i / SIDE)) * cols * SIDE + ox + (i % SIDE)) * 4;
      for (let k = 0; k < 3; k++) img.data[p + k] = 255 - (255 - c[k]) * s;
      img.data[p + 3] = 255;
    }
  }
  // Scale up without smoothing, with a one-pixel gap between tiles.
  const off = new OffscreenCanvas(img.width, img.height);
  off.getContext("2d").putImageData(img, 0, 0);
  ctx.imageSmoothingEnabled = false;
  for (let j = 0; j < m; j++) {
    const sx = (j % cols) * SIDE, sy = Math.floor(j / cols) * SIDE;
    const dx = (j % cols) * tile, dy = Math.floor(j / cols) * tile;
    ctx.drawImage(off, sx, sy, SIDE, SIDE, dx, dy, tile - 1, tile - 1);
  }
}

// An MNIST image (ink 0..255) drawn dark on white, `size` px square at (x, y), unsmoothed.
export function drawImage(ctx, pixels, x, y, size) {
  const img = ctx.createImageData(SIDE, SIDE);
  for (let i = 0; i < SIDE * SIDE; i++) { const v = 255 - pixels[i]; img.data.set([v, v, v, 255], i * 4); }
  const off = new OffscreenCanvas(SIDE, SIDE);
  off.getContext("2d").putImageData(img, 0, 0);
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(off, x, y, size, size);
}
