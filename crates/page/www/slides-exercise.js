// Deck 004's exercise checker: the typed network's every number, each with a field for the
// student's own answer, and the network drawn with its weights.
import * as ann from "./ann_page.js";
import { $, el } from "./dom.js";
import { BLUE, ORANGE } from "./palette.js";
import { circle, fmt, showError, value, view } from "./slides-common.js";

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
  return el(
    "span",
    { class: "matrix" },
    ...m.map((row, j) => el("div", {}, ...row.map((x, i) => cell(`${key}_${j + 1}${i + 1}`, x)))),
  );
}

function quantity(formula, content) {
  return el("div", { class: "quantity" }, el("span", { class: "formula" }, formula), content);
}

export function exerciseView() {
  $("exercise-hide").addEventListener("change", () =>
    $("exercise").classList.toggle("hide-answers", $("exercise-hide").checked),
  );
  view(
    "exercise",
    ["exercise-w", "exercise-x", "exercise-y", "exercise-f", "exercise-cost", "exercise-eta"],
    () =>
      ann.exercise(
        value("exercise-w"),
        value("exercise-x"),
        value("exercise-y"),
        value("exercise-f"),
        value("exercise-cost"),
        value("exercise-eta"),
      ),
    drawExercise,
  );
}

function drawExercise(r) {
  const out = $("exercise");
  out.replaceChildren();
  const c = $("exercise-net");
  c.getContext("2d").clearRect(0, 0, c.width, c.height);
  $("exercise-arch").textContent = "";
  if (!showError("exercise-error", r)) return;
  const L = r.z.length,
    f = value("exercise-f");
  $("exercise-arch").textContent =
    `Architecture: ${r.architecture} (${r.layers[0]} inputs, ${L - 1} hidden layer${L === 2 ? "" : "s"}, ${r.layers[L]} output${r.layers[L] === 1 ? "" : "s"}; w(l) is [out, in])`;
  drawNetwork(c, r);
  const forward = el("div", { class: "layer" }, el("h4", {}, "Forward pass"));
  for (let l = 1; l <= L; l++) {
    forward.append(quantity(`z(${l}) = w(${l}) a(${l - 1}) + b(${l})`, vector(`z${l}`, r.z[l - 1])));
    forward.append(quantity(`a(${l}) = ${f}(z(${l}))`, vector(`a${l}`, r.a[l - 1])));
  }
  const cost =
    value("exercise-cost") === "quadratic"
      ? `C = ½ Σ (y − a(${L}))²`
      : `C = −Σ [y ln a(${L}) + (1 − y) ln(1 − a(${L}))]`;
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
  const g = c.getContext("2d"),
    w = c.width,
    h = c.height;
  const cols = r.layers.length;
  const pos = r.layers.map((n, l) =>
    Array.from({ length: n }, (_, j) => [40 + (l * (w - 80)) / Math.max(1, cols - 1), ((j + 1) * h) / (n + 1)]),
  );
  const edges = r.w.reduce((s, m) => s + m.length * m[0].length, 0);
  g.font = "12px system-ui";
  r.w.forEach((m, l) =>
    m.forEach((row, j) =>
      row.forEach((weight, i) => {
        const [x0, y0] = pos[l][i],
          [x1, y1] = pos[l + 1][j];
        g.strokeStyle = weight >= 0 ? BLUE : ORANGE;
        g.lineWidth = 1 + Math.min(3, Math.abs(weight) / 3);
        g.beginPath();
        g.moveTo(x0, y0);
        g.lineTo(x1, y1);
        g.stroke();
        if (edges <= 40) {
          g.fillStyle = "#333";
          g.fillText(fmt(weight), x0 + (x1 - x0) * 0.3 - 6, y0 + (y1 - y0) * 0.3 - 3);
        }
      }),
    ),
  );
  g.lineWidth = 1;
  pos.forEach((layer, l) =>
    layer.forEach(([x, y], j) => {
      circle(g, x, y, 11);
      g.fillText(l === 0 ? `x${j + 1}` : `${j + 1}`, x - 7, y + 4);
      if (l > 0 && r.b[l - 1][j] !== 0) g.fillText(`b = ${fmt(r.b[l - 1][j])}`, x - 14, y - 15);
    }),
  );
}
