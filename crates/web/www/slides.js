// The slides page: JavaScript reads the inputs and draws; every number comes from
// ann-backprop (Rust compiled to WebAssembly) through ann-web's slides functions, as JSON.
import init, * as ann from "./ann_web.js";

const $ = (id) => document.getElementById(id);
const BLUE = "#0072b2", ORANGE = "#d55e00", GREY = "#888";

// Numbers as the page prints them: 4 significant digits, the full value on hover.
const fmt = (v) => (Math.abs(v) >= 1e-4 || v === 0 ? String(Number(v.toPrecision(4))) : v.toExponential(3));
const list = (v) => `(${v.map(fmt).join(", ")})`;
const el = (tag, attrs = {}, ...children) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  for (const c of children) e.append(c);
  return e;
};

// A view: on `change` (and `input`) of its fields it asks the Rust side, keeps the JSON answer
// in `data-result` of `#target`, times the answer into `data-ms`, and draws it.
// An unchanged answer is not redrawn: leaving a field fires `change` again, and a redraw then
// would replace the answer field the student is clicking into.
function view(target, inputs, ask, draw) {
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

const value = (id) => $(id).value;
const showError = (id, result) => { $(id).textContent = result.error ? `⚠ ${result.error}` : ""; return !result.error; };

async function main() {
  await init();
  toyView();
  view("params", ["params-layers"], () => ann.parameters(value("params-layers")), (r) => {
    $("params-out").textContent = r.error ? `⚠ ${r.error}` :
      `per layer ${r.per_layer.map((n) => n.toLocaleString("en")).join(" + ")} = ${r.total.toLocaleString("en")} parameters`;
  });
  view("uniform", ["uniform-k"], () => ann.uniform_cost(value("uniform-k")), (r) => {
    $("uniform-out").textContent = r.error ? `⚠ ${r.error}` : `y_k = ${fmt(r.y)} for every k: E = −ln ${fmt(r.y)} = ${r.E.toFixed(6)}`;
  });
  view("chain", ["chain-p", "chain-q", "chain-r", "chain-s", "chain-x"],
    () => ann.chain_rule(value("chain-x"), value("chain-p"), value("chain-q"), value("chain-r"), value("chain-s")), (r) => {
      $("chain-out").textContent = r.error ? `⚠ ${r.error}` : `f(x) = ${fmt(r.f)}, g(f(x)) = ${fmt(r.g)}, (g∘f)′(x) = g′(f(x)) f′(x) = ${fmt(r.slope)}`;
    });
  neuronSliders();
  view("neuron", ["neuron-x", "neuron-w", "neuron-b", "neuron-f"],
    () => ann.neuron(value("neuron-x"), value("neuron-w"), value("neuron-b"), value("neuron-f")), (r) => {
      $("neuron-out").textContent = r.error ? `⚠ ${r.error}` :
        `Σ x_i w_i = ${fmt(r.sum)}, z = b + Σ x_i w_i = ${fmt(r.z)}, a = ${value("neuron-f")}(z) = ${fmt(r.a)}  (b = ${value("neuron-b")})`;
    });
  xorView();
  depthView();
  gdView();
  activationsView();
  view("softmax", ["softmax-z"], () => ann.softmax_table(value("softmax-z")), drawSoftmax);
  exerciseView();
  view("hadamard", ["hadamard-a", "hadamard-b"], () => ann.hadamard(value("hadamard-a"), value("hadamard-b")), (r) => {
    $("hadamard-out").textContent = r.error ? `⚠ ${r.error}` : `[${r.product.map(fmt).join(", ")}]`;
  });
  view("circuit", ["circuit-x", "circuit-y", "circuit-z"], () => ann.circuit(value("circuit-x"), value("circuit-y"), value("circuit-z")), drawCircuit);
  view("product", ["product-x", "product-y"], () => ann.product(value("product-x"), value("product-y")), (r) => {
    $("product-out").textContent = r.error ? `⚠ ${r.error}` : `f = x y = ${fmt(r.f)}, ∇f = [∂f/∂x, ∂f/∂y] = [y, x] = [${r.grad.map(fmt).join(", ")}]`;
  });
  $("slides-status").textContent = "";
}

// A slider for each x_i and w_i of the neuron, kept in step with the typed lists.
function neuronSliders() {
  const box = $("neuron-sliders");
  const build = () => {
    box.replaceChildren();
    for (const id of ["neuron-x", "neuron-w"]) {
      const values = value(id).split(/[ ,]+/).filter((v) => v !== "");
      values.forEach((v, i) => {
        const slider = el("input", { type: "range", min: -2, max: 2, step: 0.1, value: Number(v) || 0, "aria-label": `${id.slice(7)}${i + 1}` });
        slider.addEventListener("input", () => {
          const now = value(id).split(/[ ,]+/).filter((t) => t !== "");
          now[i] = slider.value;
          $(id).value = now.join(", ");
          $(id).dispatchEvent(new Event("change"));
        });
        box.append(el("label", {}, `${id.slice(7)}${i + 1} `, slider));
      });
    }
  };
  for (const id of ["neuron-x", "neuron-w"]) $(id).addEventListener("change", (e) => { if (e.isTrusted) build(); });
  build();
}

function drawSoftmax(r) {
  const table = $("softmax");
  table.replaceChildren();
  if (!showError("softmax-error", r)) return;
  const z = value("softmax-z").split(/[ ,]+/).filter((s) => s !== "");
  table.append(el("tr", {}, el("th", {}, "node"), el("th", {}, "z"), el("th", {}, "e^z"), el("th", {}, "e^z / sum(e^z)")));
  r.e.forEach((e, j) => table.append(el("tr", {}, el("td", {}, String(j + 1)), el("td", {}, z[j] ?? ""),
    el("td", { title: String(e) }, e.toFixed(2)), el("td", { title: String(r.y[j]) }, r.y[j].toFixed(2)))));
  table.append(el("tr", {}, el("td", {}, "total"), el("td"), el("td", { title: String(r.sum) }, r.sum.toFixed(2)), el("td", {}, "1.00")));
}

// The circuit (x + y) z drawn as CS231n does: values above the wires (blue), gradients below (orange).
function drawCircuit(r) {
  const c = $("circuit"), g = c.getContext("2d");
  g.clearRect(0, 0, c.width, c.height);
  if (!showError("circuit-error", r)) return;
  const [x, y, z] = ["circuit-x", "circuit-y", "circuit-z"].map((id) => Number(value(id)));
  const wire = (x0, y0, x1, y1, v, d, name = "") => {
    g.strokeStyle = GREY; g.beginPath(); g.moveTo(x0, y0); g.lineTo(x1, y1); g.stroke();
    const mx = (x0 + x1) / 2, my = (y0 + y1) / 2;
    g.fillStyle = BLUE; g.fillText(`${name}${fmt(v)}`, mx - 10, my - 6);
    g.fillStyle = ORANGE; g.fillText(fmt(d), mx - 10, my + 16);
  };
  const gate = (cx, cy, label) => {
    g.fillStyle = "#fff"; g.strokeStyle = "#333"; g.beginPath(); g.arc(cx, cy, 18, 0, 2 * Math.PI); g.fill(); g.stroke();
    g.fillStyle = "#333"; g.fillText(label, cx - 4, cy + 5);
  };
  g.font = "14px system-ui";
  g.fillStyle = "#333";
  g.fillText("x", 10, 44); g.fillText("y", 10, 104); g.fillText("z", 10, 164);
  wire(25, 40, 202, 62, x, r.dx);
  wire(25, 100, 202, 78, y, r.dy);
  wire(25, 160, 342, 118, z, r.dz);
  wire(238, 70, 342, 102, r.q, r.dq, "q = ");
  wire(378, 110, 500, 110, r.f, 1, "f = ");
  gate(220, 70, "+");
  gate(360, 110, "×");
  c.dataset.drawn = `${x},${y},${z}`;
}

function activationsView() {
  const curves = JSON.parse(ann.activations(-4, 4, 161));
  const plots = $("act-plots");
  const names = Object.keys(curves.curves);
  const canvases = {};
  for (const name of names) {
    const c = el("canvas", { width: 220, height: 150, id: `act-${name}` });
    canvases[name] = c;
    plots.append(el("figure", {}, c, el("figcaption", {}, `${name}: f (blue), f′ (orange)`)));
  }
  const draw = () => {
    const z = Number(value("act-z"));
    const here = JSON.parse(ann.activations(z, z, 1));
    $("act-out").textContent = names.map((n) => `${n}: f = ${fmt(here.curves[n].f[0])}, f′ = ${fmt(here.curves[n].prime[0])}`).join(" · ");
    for (const name of names) plotCurves(canvases[name], curves.z, [curves.curves[name].f, curves.curves[name].prime], z);
    $("activations").dataset.result = JSON.stringify(here);
  };
  $("act-z").addEventListener("input", draw);
  draw();
}

function plotCurves(c, xs, ys, mark) {
  const g = c.getContext("2d"), w = c.width, h = c.height;
  const lo = -1.5, hi = 4;
  const px = (x) => ((x - xs[0]) / (xs[xs.length - 1] - xs[0])) * w;
  const py = (y) => h - ((Math.max(lo, Math.min(hi, y)) - lo) / (hi - lo)) * h;
  g.clearRect(0, 0, w, h);
  g.strokeStyle = "#ccc"; g.beginPath(); g.moveTo(0, py(0)); g.lineTo(w, py(0)); g.moveTo(px(0), 0); g.lineTo(px(0), h); g.stroke();
  [BLUE, ORANGE].forEach((color, k) => {
    g.strokeStyle = color; g.lineWidth = 2; g.beginPath();
    xs.forEach((x, i) => (i ? g.lineTo(px(x), py(ys[k][i])) : g.moveTo(px(x), py(ys[k][i]))));
    g.stroke();
  });
  g.lineWidth = 1; g.strokeStyle = "#333"; g.setLineDash([3, 3]); g.beginPath(); g.moveTo(px(mark), 0); g.lineTo(px(mark), h); g.stroke(); g.setLineDash([]);
}

// ---- deck 004's exercise: every number with a field for the student's own answer ----
const answers = new Map(); // what the student typed, by quantity and position, kept across redraws

function cell(key, v) {
  const input = el("input", { "data-key": key, "aria-label": key });
  const box = el("span", { class: "cell" }, el("span", { class: "num", title: String(v) }, fmt(v)), input);
  const markIt = () => {
    answers.set(key, input.value);
    const right = ann.mark(input.value, v);
    box.classList.toggle("right", right === true);
    box.classList.toggle("wrong", right === false);
  };
  input.value = answers.get(key) ?? "";
  input.addEventListener("input", markIt);
  if (input.value) markIt();
  return box;
}

function vector(key, v) {
  return el("span", { class: "matrix" }, ...v.map((x, j) => cell(`${key}_${j + 1}`, x)));
}

function matrix(key, m) {
  return el("span", { class: "matrix" }, ...m.map((row, j) => el("div", {}, ...row.map((x, i) => cell(`${key}_${j + 1}${i + 1}`, x)))));
}

function quantity(formula, content) {
  return el("div", { class: "quantity" }, el("span", { class: "formula" }, formula), content);
}

function exerciseView() {
  $("exercise-hide").addEventListener("change", () => $("exercise").classList.toggle("hide-answers", $("exercise-hide").checked));
  view("exercise", ["exercise-w", "exercise-x", "exercise-y", "exercise-f", "exercise-cost", "exercise-eta"],
    () => ann.exercise(value("exercise-w"), value("exercise-x"), value("exercise-y"), value("exercise-f"), value("exercise-cost"), value("exercise-eta")),
    drawExercise);
}

function drawExercise(r) {
  const out = $("exercise");
  out.replaceChildren();
  const c = $("exercise-net");
  c.getContext("2d").clearRect(0, 0, c.width, c.height);
  $("exercise-arch").textContent = "";
  if (!showError("exercise-error", r)) return;
  const L = r.z.length, f = value("exercise-f");
  $("exercise-arch").textContent = `Architecture: ${r.architecture} (${r.layers[0]} inputs, ${L - 1} hidden layer${L === 2 ? "" : "s"}, ${r.layers[L]} output${r.layers[L] === 1 ? "" : "s"}; w(l) is [out, in])`;
  drawNetwork(c, r);
  const forward = el("div", { class: "layer" }, el("h4", {}, "Forward pass"));
  for (let l = 1; l <= L; l++) {
    forward.append(quantity(`z(${l}) = w(${l}) a(${l - 1}) + b(${l})`, vector(`z${l}`, r.z[l - 1])));
    forward.append(quantity(`a(${l}) = ${f}(z(${l}))`, vector(`a${l}`, r.a[l - 1])));
  }
  const cost = value("exercise-cost") === "quadratic" ? `C = ½ Σ (y − a(${L}))²` : `C = −Σ [y ln a(${L}) + (1 − y) ln(1 − a(${L}))]`;
  forward.append(quantity(cost, vector("C", [r.cost])));
  const backward = el("div", { class: "layer" }, el("h4", {}, "Backward pass"));
  for (let l = L; l >= 1; l--) {
    const formula = l === L ? `δ(${L}) = ∇ₐC ⊙ f′(z(${L}))` : `δ(${l}) = ((w(${l + 1}))ᵀ δ(${l + 1})) ⊙ f′(z(${l}))`;
    backward.append(quantity(formula, vector(`delta${l}`, r.delta[l - 1])));
    backward.append(quantity(`∂C/∂b(${l})_j = δ(${l})_j`, vector(`db${l}`, r.db[l - 1])));
    backward.append(quantity(`∂C/∂w(${l})_ji = a(${l - 1})_i δ(${l})_j`, matrix(`dw${l}`, r.dw[l - 1])));
  }
  const update = el("div", { class: "layer" }, el("h4", {}, `Update rule, η = ${value("exercise-eta")}`));
  for (let l = 1; l <= L; l++) {
    update.append(quantity(`w(${l}) ← w(${l}) − η ∂C/∂w(${l})`, matrix(`w${l}after`, r.w_after[l - 1])));
    update.append(quantity(`b(${l}) ← b(${l}) − η ∂C/∂b(${l})`, vector(`b${l}after`, r.b_after[l - 1])));
  }
  out.append(forward, backward, update);
}

// The network as the slide's figure: units in columns, each edge labelled with its weight.
function drawNetwork(c, r) {
  const g = c.getContext("2d"), w = c.width, h = c.height;
  const cols = r.layers.length;
  const pos = r.layers.map((n, l) => Array.from({ length: n }, (_, j) => [40 + (l * (w - 80)) / Math.max(1, cols - 1), ((j + 1) * h) / (n + 1)]));
  const edges = r.w.reduce((s, m) => s + m.length * m[0].length, 0);
  g.font = "12px system-ui";
  r.w.forEach((m, l) => m.forEach((row, j) => row.forEach((weight, i) => {
    const [x0, y0] = pos[l][i], [x1, y1] = pos[l + 1][j];
    g.strokeStyle = weight >= 0 ? BLUE : ORANGE;
    g.lineWidth = 1 + Math.min(3, Math.abs(weight) / 3);
    g.beginPath(); g.moveTo(x0, y0); g.lineTo(x1, y1); g.stroke();
    if (edges <= 40) { g.fillStyle = "#333"; g.fillText(fmt(weight), x0 + (x1 - x0) * 0.3 - 6, y0 + (y1 - y0) * 0.3 - 3); }
  })));
  g.lineWidth = 1;
  pos.forEach((layer, l) => layer.forEach(([x, y], j) => {
    g.fillStyle = "#fff"; g.strokeStyle = "#333"; g.beginPath(); g.arc(x, y, 11, 0, 2 * Math.PI); g.fill(); g.stroke();
    g.fillStyle = "#333"; g.fillText(l === 0 ? `x${j + 1}` : `${j + 1}`, x - 7, y + 4);
    if (l > 0 && r.b[l - 1][j] !== 0) g.fillText(`b = ${fmt(r.b[l - 1][j])}`, x - 14, y - 15);
  }));
}

// ---- deck 000's toy table ----
let toy = null;
function toyView() {
  const reset = () => {
    try {
      toy?.free();
      toy = new ann.Toy(value("toy-w"), value("toy-eta"));
      drawToy(toy.state());
    } catch (e) {
      toy = null;
      $("toy-error").textContent = `⚠ ${e.message ?? e}`;
      $("toy-table").replaceChildren();
    }
  };
  const steps = (n) => () => { if (toy) drawToy(toy.steps(n)); };
  $("toy-step").onclick = steps(1);
  $("toy-epoch").onclick = steps(4);
  $("toy-100").onclick = steps(400);
  $("toy-1000").onclick = steps(4000);
  $("toy-reset").onclick = reset;
  for (const id of ["toy-w", "toy-eta"]) $(id).addEventListener("change", reset);
  reset();
}

function drawToy(text) {
  const t0 = performance.now();
  const r = JSON.parse(text);
  if (!showError("toy-error", r)) return;
  const table = $("toy-table");
  table.replaceChildren(el("tr", {}, ...["x1", "x2", "x3", "l1", "l2", "o1", "o2", "½[(o1 − l1)² + (o2 − l2)²]"].map((s) => el("th", {}, s))));
  r.rows.forEach((row) => table.append(el("tr", {}, ...[...row.x, ...row.l].map((v) => el("td", {}, String(v))),
    ...row.o.map((v) => el("td", { title: String(v) }, fmt(v))), el("td", {}, fmt(row.E)))));
  table.append(el("tr", {}, el("td", { colspan: 7 }, `after ${r.steps} steps (${fmt(r.epochs)} epochs): Σ over the table`), el("td", {}, fmt(r.E))));
  const last = $("toy-last");
  last.replaceChildren();
  if (r.last) {
    const p = r.last.pass;
    last.append(el("div", {}, `Last step, sample ${r.last.sample}: ` +
      p.z.map((z, l) => `z(${l + 1}) = ${list(z)}, a(${l + 1}) = ${list(p.a[l])}`).join("; ") + `; ` +
      p.delta.map((d, l) => `δ(${l + 1}) = ${list(d)}`).join("; ")));
    last.append(el("div", {}, p.w_after.map((w, l) => `W(${l + 1}) ← ${w.map(list).join(" ")}`).join("; ")));
  }
  $("toy").dataset.result = text;
  $("toy").dataset.ms = (performance.now() - t0).toFixed(2);
}

// ---- deck 003: the plane, XOR and depth ----
const LO = -1.25, HI = 1.25;
// A network's output on an n×n grid (row by row from the top) drawn as a region: orange where
// it is above ½, blue below, paler near ½.
function drawRegion(c, values, n) {
  const g = c.getContext("2d");
  const img = g.createImageData(n, n);
  values.forEach((v, k) => {
    const color = v > 0.5 ? [213, 94, 0] : [0, 114, 178];
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
  const px = (x) => ((x - lo) / (hi - lo)) * c.width, py = (y) => c.height - ((y - lo) / (hi - lo)) * c.height;
  for (const [x1, x2, label] of points) {
    g.fillStyle = label > 0.5 ? ORANGE : BLUE; g.strokeStyle = "#222";
    g.beginPath(); g.arc(px(x1), py(x2), radius, 0, 2 * Math.PI); g.fill(); g.stroke();
  }
}
const XOR_POINTS = [[0, 0, 0], [0, 1, 1], [1, 0, 1], [1, 1, 0]];

function xorView() {
  const lo = -0.5, hi = 1.5, n = 48;
  let xor = null, budget = 0, frame = null;
  const drawPerceptron = (p) => {
    const c = $("xor-perceptron"), g = c.getContext("2d");
    g.fillStyle = "#fff"; g.fillRect(0, 0, c.width, c.height);
    const px = (x) => ((x - lo) / (hi - lo)) * c.width, py = (y) => c.height - ((y - lo) / (hi - lo)) * c.height;
    const [w1, w2] = p.w, b = p.b;
    g.strokeStyle = "#333"; g.lineWidth = 2; g.beginPath();
    // The line w₁x₁ + w₂x₂ + b = 0 through the drawing's edges.
    if (Math.abs(w2) > 1e-12) { g.moveTo(px(lo), py(-(w1 * lo + b) / w2)); g.lineTo(px(hi), py(-(w1 * hi + b) / w2)); }
    else if (Math.abs(w1) > 1e-12) { g.moveTo(px(-b / w1), py(lo)); g.lineTo(px(-b / w1), py(hi)); }
    g.stroke(); g.lineWidth = 1;
    drawPoints(c, XOR_POINTS, lo, hi, 8);
  };
  const tick = () => {
    const t0 = performance.now();
    const chunk = Math.min(50, budget);
    budget -= chunk;
    const r = JSON.parse(xor.train(chunk));
    if (!showError("xor-error", r)) { $("xor").dataset.result = JSON.stringify(r); return; }
    drawPerceptron(r.perceptron);
    drawRegion($("xor-hidden-region"), xor.region(n, lo, hi), n);
    drawPoints($("xor-hidden-region"), XOR_POINTS, lo, hi, 8);
    $("xor-out").textContent = `after ${r.steps} steps: perceptron at best ${(100 * r.perceptron_accuracy).toFixed(0)}% (w = ${list(r.perceptron.w)}, b = ${fmt(r.perceptron.b)}); ` +
      `one hidden layer ${(100 * r.hidden_accuracy).toFixed(0)}%, C = ${fmt(r.cost)}` + (r.solved_at ? `, all four right from step ${r.solved_at}` : "");
    $("xor").dataset.ms = (performance.now() - t0).toFixed(2);
    if (budget > 0) frame = requestAnimationFrame(tick);
    else $("xor").dataset.result = JSON.stringify({ perceptron_accuracy: r.perceptron_accuracy, hidden_accuracy: r.hidden_accuracy, steps: r.steps });
  };
  $("xor-train").onclick = () => {
    cancelAnimationFrame(frame);
    delete $("xor").dataset.result;
    try {
      xor?.free();
      xor = new ann.Xor(value("xor-hidden"), value("xor-f"), value("xor-eta"), Number(value("xor-seed")) >>> 0);
      budget = Math.max(1, Math.min(100000, Math.floor(Number(value("xor-steps")) || 0)));
      $("xor-error").textContent = "";
      tick();
    } catch (e) {
      $("xor-error").textContent = `⚠ ${e.message ?? e}`;
      $("xor").dataset.result = JSON.stringify({ error: String(e.message ?? e) });
    }
  };
  drawPerceptron({ w: [0, 0], b: 0 });
}

function depthView() {
  const n = 36, ids = ["depth-1", "depth-3", "depth-50"];
  let depth = null, budget = 0, frame = null, points = [], frames = 0;
  // Each frame a few steps and the regions; the costs and accuracies (a pass over all 400
  // points) every tenth frame and at the end.
  const tick = () => {
    const t0 = performance.now();
    const chunk = Math.min(4, budget);
    budget -= chunk;
    const full = budget === 0 || frames++ % 10 === 0;
    const r = JSON.parse(full ? depth.train(chunk) : depth.steps(chunk));
    if (!showError("depth-error", r)) { $("depth").dataset.result = JSON.stringify(r); return; }
    ids.forEach((id, k) => { drawRegion($(id), depth.region(k, n, LO, HI), n); drawPoints($(id), points, LO, HI, 2.5); });
    $("depth").dataset.ms = (performance.now() - t0).toFixed(2);
    if (!full) { frame = requestAnimationFrame(tick); return; }
    const table = $("depth-table");
    table.replaceChildren(el("tr", {}, ...["hidden layers", "train cost", "test cost", "train accuracy", "test accuracy", "mean |∂C/∂w(1)|"].map((h) => el("th", {}, h))));
    for (const [k, d] of Object.entries(r.depths)) {
      table.append(el("tr", {}, el("td", {}, k), el("td", {}, fmt(d.train_cost)), el("td", {}, fmt(d.test_cost)),
        el("td", {}, `${(100 * d.train_accuracy).toFixed(1)}%`), el("td", {}, `${(100 * d.test_accuracy).toFixed(1)}%`), el("td", {}, d.first_layer_gradient.toExponential(2))));
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
      budget = Math.max(1, Math.min(20000, Math.floor(Number(value("depth-steps")) || 0)));
      $("depth-error").textContent = "";
      tick();
    } catch (e) {
      $("depth-error").textContent = `⚠ ${e.message ?? e}`;
      $("depth").dataset.result = JSON.stringify({ error: String(e.message ?? e) });
    }
  };
}

function gdView() {
  $("gd-surface").addEventListener("change", () => { $("gd-start").value = value("gd-surface") === "parabola" ? "2" : "2, 1"; });
  const ask = () => ann.descent(value("gd-surface"), value("gd-start"), value("gd-eta"), value("gd-mu"), Math.floor(Number(value("gd-max")) || 0));
  const draw = (r) => {
    const c = $("gd-canvas"), g = c.getContext("2d");
    g.fillStyle = "#fff"; g.fillRect(0, 0, c.width, c.height);
    if (r.error) { $("gd-out").textContent = `⚠ ${r.error}`; return; }
    const lo = -3, hi = 3;
    const px = (x) => ((x - lo) / (hi - lo)) * c.width;
    if (value("gd-surface") === "parabola") {
      const top = 9, py = (y) => c.height - 10 - (Math.min(y, top * 1.5) / top) * (c.height - 20);
      const curve = ann.surface("parabola", 121, lo, hi);
      g.strokeStyle = GREY; g.beginPath();
      curve.forEach((y, k) => { const x = lo + ((hi - lo) * k) / 120; k ? g.lineTo(px(x), py(y)) : g.moveTo(px(x), py(y)); });
      g.stroke();
      g.strokeStyle = ORANGE; g.beginPath();
      r.w.forEach((w, t) => (t ? g.lineTo(px(w[0]), py(r.cost[t])) : g.moveTo(px(w[0]), py(r.cost[t]))));
      g.stroke();
      g.fillStyle = ORANGE; r.w.forEach((w, t) => { g.beginPath(); g.arc(px(w[0]), py(r.cost[t]), 3, 0, 2 * Math.PI); g.fill(); });
    } else {
      const n = 60, py = (y) => c.height - ((y - lo) / (hi - lo)) * c.height;
      const grid = ann.surface("valley", n, lo, hi);
      const img = g.createImageData(n, n);
      grid.forEach((v, k) => { const t = Math.min(1, Math.log1p(v) / Math.log1p(45)); img.data.set([255 - 80 * t, 255 - 60 * t, 255 - 20 * t, 255], k * 4); });
      const off = new OffscreenCanvas(n, n); off.getContext("2d").putImageData(img, 0, 0);
      g.drawImage(off, 0, 0, c.width, c.height);
      g.strokeStyle = ORANGE; g.beginPath();
      r.w.forEach((w, t) => (t ? g.lineTo(px(w[0]), py(w[1])) : g.moveTo(px(w[0]), py(w[1]))));
      g.stroke();
    }
    const state = r.diverged ? "diverged" : r.final < 1e-8 ? "converged" : "still on its way";
    $("gd-out").textContent = `${r.steps} steps, C = ${fmt(r.final)}: ${state}. C(w(t)) = ${r.cost.slice(0, 8).map(fmt).join(", ")}${r.cost.length > 8 ? ", …" : ""}`;
  };
  view("gd", ["gd-surface", "gd-start", "gd-eta", "gd-mu", "gd-max"], ask, draw);
  $("gd-run").onclick = () => $("gd-eta").dispatchEvent(new Event("change"));
}

main();
