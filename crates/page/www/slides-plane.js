// Deck 003's 2-D views: the perceptron against a hidden layer on XOR, 1, 3 and 50 hidden
// layers on two spirals, and gradient descent on a cost surface.
import * as ann from "./ann_page.js";
import { disc, polyline, scale } from "./chart.js";
import { $, el } from "./dom.js";
import { BLUE, BLUE_RGB, GREY, ORANGE, ORANGE_RGB } from "./palette.js";
import { fmt, list, showError, value, view } from "./slides-common.js";

const LO = -1.25,
  HI = 1.25;
// A network's output on an n×n grid (row by row from the top) drawn as a region: orange where
// it is above ½, blue below, paler near ½.
function drawRegion(c, values, n) {
  const g = c.getContext("2d");
  const img = g.createImageData(n, n);
  values.forEach((v, k) => {
    const color = v > 0.5 ? ORANGE_RGB : BLUE_RGB;
    const mix = 0.15 + 0.45 * Math.min(1, Math.abs(2 * v - 1));
    img.data.set([...color.map((x) => 255 + (x - 255) * mix), 255], k * 4);
  });
  const off = new OffscreenCanvas(n, n);
  off.getContext("2d").putImageData(img, 0, 0);
  g.imageSmoothingEnabled = false;
  g.drawImage(off, 0, 0, c.width, c.height);
}
function drawPoints(c, points, lo, hi, radius = 4) {
  const g = c.getContext("2d");
  const px = scale(lo, hi, 0, c.width),
    py = scale(lo, hi, c.height, 0);
  for (const [x1, x2, label] of points) {
    g.fillStyle = label > 0.5 ? ORANGE : BLUE;
    g.strokeStyle = "#222";
    g.beginPath();
    g.arc(px(x1), py(x2), radius, 0, 2 * Math.PI);
    g.fill();
    g.stroke();
  }
}
const XOR_POINTS = [
  [0, 0, 0],
  [0, 1, 1],
  [1, 0, 1],
  [1, 1, 0],
];

// A trainer that could not be made: the reason beside its button and in `data-result`.
const refused = (name, e) => {
  const error = String(e.message ?? e);
  $(`${name}-error`).textContent = `⚠ ${error}`;
  $(name).dataset.result = JSON.stringify({ error });
};

// The step budget typed in `id`, as a whole number in 1..=max.
const stepsField = (id, max) => Math.max(1, Math.min(max, Math.floor(Number(value(id)) || 0)));

export function xorView() {
  const lo = -0.5,
    hi = 1.5,
    n = 48;
  let xor = null,
    budget = 0,
    frame = null;
  const drawPerceptron = (p) => {
    const c = $("xor-perceptron"),
      g = c.getContext("2d");
    g.fillStyle = "#fff";
    g.fillRect(0, 0, c.width, c.height);
    const px = scale(lo, hi, 0, c.width),
      py = scale(lo, hi, c.height, 0);
    const [w1, w2] = p.w,
      b = p.b;
    g.strokeStyle = "#333";
    g.lineWidth = 2;
    g.beginPath();
    // The line w₁x₁ + w₂x₂ + b = 0 through the drawing's edges.
    if (Math.abs(w2) > 1e-12) {
      g.moveTo(px(lo), py(-(w1 * lo + b) / w2));
      g.lineTo(px(hi), py(-(w1 * hi + b) / w2));
    } else if (Math.abs(w1) > 1e-12) {
      g.moveTo(px(-b / w1), py(lo));
      g.lineTo(px(-b / w1), py(hi));
    }
    g.stroke();
    g.lineWidth = 1;
    drawPoints(c, XOR_POINTS, lo, hi, 8);
  };
  const tick = () => {
    const t0 = performance.now();
    const chunk = Math.min(50, budget);
    budget -= chunk;
    const r = JSON.parse(xor.train(chunk));
    if (!showError("xor-error", r)) {
      $("xor").dataset.result = JSON.stringify(r);
      return;
    }
    drawPerceptron(r.perceptron);
    drawRegion($("xor-hidden-region"), xor.region(n, lo, hi), n);
    drawPoints($("xor-hidden-region"), XOR_POINTS, lo, hi, 8);
    $("xor-out").textContent =
      `after ${r.steps} steps: perceptron at best ${(100 * r.perceptron_accuracy).toFixed(0)}% (w = ${list(r.perceptron.w)}, b = ${fmt(r.perceptron.b)}); ` +
      `one hidden layer ${(100 * r.hidden_accuracy).toFixed(0)}%, C = ${fmt(r.cost)}` +
      (r.solved_at ? `, all four right from step ${r.solved_at}` : "");
    $("xor").dataset.ms = (performance.now() - t0).toFixed(2);
    if (budget > 0) frame = requestAnimationFrame(tick);
    else
      $("xor").dataset.result = JSON.stringify({
        perceptron_accuracy: r.perceptron_accuracy,
        hidden_accuracy: r.hidden_accuracy,
        steps: r.steps,
      });
  };
  $("xor-train").onclick = () => {
    cancelAnimationFrame(frame);
    delete $("xor").dataset.result;
    try {
      xor?.free();
      xor = new ann.Xor(value("xor-hidden"), value("xor-f"), value("xor-eta"), Number(value("xor-seed")) >>> 0);
      budget = stepsField("xor-steps", 100000);
      $("xor-error").textContent = "";
      tick();
    } catch (e) {
      refused("xor", e);
    }
  };
  drawPerceptron({ w: [0, 0], b: 0 });
}

export function depthView() {
  const n = 36,
    ids = ["depth-1", "depth-3", "depth-50"];
  let depth = null,
    budget = 0,
    frame = null,
    points = [],
    frames = 0;
  // Each frame either a few steps and the regions, or (every tenth frame and at the end) the
  // costs and accuracies, a pass over all 400 points: never both, so that no frame is long.
  const tick = () => {
    const t0 = performance.now();
    const full = budget === 0 || frames++ % 10 === 0;
    const chunk = full ? 0 : Math.min(4, budget);
    budget -= chunk;
    const r = JSON.parse(full ? depth.train(0) : depth.steps(chunk));
    if (!showError("depth-error", r)) {
      $("depth").dataset.result = JSON.stringify(r);
      return;
    }
    if (!full) {
      ids.forEach((id, k) => {
        drawRegion($(id), depth.region(k, n, LO, HI), n);
        drawPoints($(id), points, LO, HI, 2.5);
      });
      $("depth").dataset.ms = (performance.now() - t0).toFixed(2);
      frame = requestAnimationFrame(tick);
      return;
    }
    const table = $("depth-table");
    table.replaceChildren(
      el(
        "tr",
        {},
        ...["hidden layers", "train cost", "test cost", "train accuracy", "test accuracy", "mean |∂C/∂w(1)|"].map((h) =>
          el("th", {}, h),
        ),
      ),
    );
    for (const [k, d] of Object.entries(r.depths)) {
      table.append(
        el(
          "tr",
          {},
          el("td", {}, k),
          el("td", {}, fmt(d.train_cost)),
          el("td", {}, fmt(d.test_cost)),
          el("td", {}, `${(100 * d.train_accuracy).toFixed(1)}%`),
          el("td", {}, `${(100 * d.test_accuracy).toFixed(1)}%`),
          el("td", {}, d.first_layer_gradient.toExponential(2)),
        ),
      );
    }
    table.append(el("tr", {}, el("td", { colspan: 6 }, `after ${r.steps} steps`)));
    $("depth").dataset.ms = (performance.now() - t0).toFixed(2);
    if (budget > 0) frame = requestAnimationFrame(tick);
    else $("depth").dataset.result = JSON.stringify(r.result);
  };
  $("depth-train").onclick = () => {
    cancelAnimationFrame(frame);
    delete $("depth").dataset.result;
    try {
      depth?.free();
      depth = new ann.Depth(value("depth-f"), value("depth-width"), value("depth-eta"), 1);
      frames = 0;
      const flat = depth.points();
      points = [];
      // The training points: the first half.
      for (let i = 0; i < flat.length / 2; i += 3) points.push([flat[i], flat[i + 1], flat[i + 2]]);
      budget = stepsField("depth-steps", 20000);
      $("depth-error").textContent = "";
      tick();
    } catch (e) {
      refused("depth", e);
    }
  };
}

export function gdView() {
  $("gd-surface").addEventListener("change", () => {
    $("gd-start").value = value("gd-surface") === "parabola" ? "2" : "2, 1";
    $("gd-start").dispatchEvent(new Event("change", { bubbles: true }));
  });
  const ask = () =>
    ann.descent(
      value("gd-surface"),
      value("gd-start"),
      value("gd-eta"),
      value("gd-mu"),
      Math.floor(Number(value("gd-max")) || 0),
    );
  const draw = (r) => {
    const c = $("gd-canvas"),
      g = c.getContext("2d");
    g.fillStyle = "#fff";
    g.fillRect(0, 0, c.width, c.height);
    if (r.error) {
      $("gd-out").textContent = `⚠ ${r.error}`;
      return;
    }
    const lo = -3,
      hi = 3;
    const px = scale(lo, hi, 0, c.width);
    if (value("gd-surface") === "parabola") {
      // C up to 1.5 × `top` shows; a diverging path leaves the canvas at its top.
      const top = 9,
        toY = scale(0, top, c.height - 10, 10),
        py = (y) => toY(Math.min(y, top * 1.5));
      const curve = ann.surface("parabola", 121, lo, hi);
      const k0 = scale(0, 120, lo, hi);
      polyline(g, curve.length, (k) => px(k0(k)), (k) => py(curve[k]), { color: GREY, width: 1 });
      polyline(g, r.w.length, (t) => px(r.w[t][0]), (t) => py(r.cost[t]), { color: ORANGE, width: 1, mark: disc(3) });
    } else {
      const n = 60,
        py = scale(lo, hi, c.height, 0);
      const grid = ann.surface("valley", n, lo, hi);
      const img = g.createImageData(n, n);
      grid.forEach((v, k) => {
        const t = Math.min(1, Math.log1p(v) / Math.log1p(45));
        img.data.set([255 - 80 * t, 255 - 60 * t, 255 - 20 * t, 255], k * 4);
      });
      const off = new OffscreenCanvas(n, n);
      off.getContext("2d").putImageData(img, 0, 0);
      g.drawImage(off, 0, 0, c.width, c.height);
      polyline(g, r.w.length, (t) => px(r.w[t][0]), (t) => py(r.w[t][1]), { color: ORANGE, width: 1 });
    }
    const state = r.diverged ? "diverged" : r.final < 1e-8 ? "converged" : "still on its way";
    $("gd-out").textContent =
      `${r.steps} steps, C = ${fmt(r.final)}: ${state}. C(w(t)) = ${r.cost.slice(0, 8).map(fmt).join(", ")}${r.cost.length > 8 ? ", …" : ""}`;
  };
  view("gd", ["gd-surface", "gd-start", "gd-eta", "gd-mu", "gd-max"], ask, draw);
  $("gd-run").onclick = () => $("gd-eta").dispatchEvent(new Event("change"));
}
