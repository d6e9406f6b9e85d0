// The gallery: the first test images with the live network's guess (by class name) and its
// probability.
import { drawImage } from "./pictures.js";
import { ranked } from "./rank.js";

const TILE = 60, ROW = 68, IMAGE = 44; // px: a digit's cell, row height, image size

// `y`: the network's outputs for `mnist.gallery`, one row of `outputs` per image. A wrong guess
// is framed in red, with the second and third guesses.
export function drawGallery(canvas, mnist, y, outputs) {
  const ctx = canvas.getContext("2d"), n = mnist.gallery.length;
  const cols = Math.max(1, Math.floor(canvas.width / TILE)), tw = canvas.width / cols;
  ctx.fillStyle = "#fff"; ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.font = "12px sans-serif"; ctx.textAlign = "center";
  let wrong = 0;
  for (let k = 0; k < n; k++) {
    const p = y.subarray(k * outputs, (k + 1) * outputs), order = ranked(p, 3);
    const label = mnist.labels[k], ok = order[0] === label;
    if (!ok) wrong++;
    const x = (k % cols) * tw + (tw - IMAGE) / 2, yy = Math.floor(k / cols) * ROW + 2;
    drawImage(ctx, mnist.gallery[k], x, yy, IMAGE);
    if (!ok) { ctx.strokeStyle = "#d00"; ctx.lineWidth = 2; ctx.strokeRect(x - 1, yy - 1, IMAGE + 2, IMAGE + 2); }
    ctx.fillStyle = ok ? "#333" : "#d00";
    const name = (unit) => mnist.classes?.[unit] ?? unit;
    const caption = ok ? `${name(order[0])} (${Math.round(p[order[0]] * 100)}%)` : `✗ ${name(order[0])} (${order.slice(1).map(name).join(", ")})`;
    ctx.fillText(caption, x + IMAGE / 2, yy + 58);
  }
  canvas.dataset.wrong = wrong;
}
