// What every view of the slides page shares: number formatting, error lines, and `view`,
// which asks the Rust side on each change and keeps its JSON answer in `data-result`.
import { $ } from "./dom.js";

// Numbers as the page prints them: 4 significant digits, the full value on hover.
export const fmt = (v) => (Math.abs(v) >= 1e-4 || v === 0 ? String(Number(v.toPrecision(4))) : v.toExponential(3));
export const list = (v) => `(${v.map(fmt).join(", ")})`;

// A view: on `change` (and `input`) of its fields it asks the Rust side, keeps the JSON answer
// in `data-result` of `#target`, times the answer into `data-ms`, and draws it.
// An unchanged answer is not redrawn: leaving a field fires `change` again, and a redraw then
// would replace the answer field the student is clicking into.
export function view(target, inputs, ask, draw) {
  const run = () => {
    const t0 = performance.now();
    const text = ask();
    if (text === $(target).dataset.result) return;
    const result = JSON.parse(text);
    draw(result);
    $(target).dataset.result = text;
    $(target).dataset.ms = (performance.now() - t0).toFixed(2);
  };
  for (const id of inputs) {
    $(id).addEventListener("change", run);
    $(id).addEventListener("input", run);
  }
  run();
}

export const value = (id) => $(id).value;
export const showError = (id, result) => {
  $(id).textContent = result.error ? `⚠ ${result.error}` : "";
  return !result.error;
};

// A view's one line of answer in `#id`: the error, or `text()` of a good answer.
export const say = (id, result, text) => {
  $(id).textContent = result.error ? `⚠ ${result.error}` : text();
};

// A node of a drawn network or circuit: a white disc of `radius` at (x, y), left with the pen
// set for its label.
export const circle = (g, x, y, radius) => {
  g.fillStyle = "#fff";
  g.strokeStyle = "#333";
  g.beginPath();
  g.arc(x, y, radius, 0, 2 * Math.PI);
  g.fill();
  g.stroke();
  g.fillStyle = "#333";
};
