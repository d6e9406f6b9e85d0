// The slides page: JavaScript reads the inputs and draws; every number comes from
// ann-backprop (Rust compiled to WebAssembly) through ann-web's slides functions, as JSON.
// This file: the page's start and the small views of decks 000 and 004.
import init, * as ann from "./ann_web.js";
import { $, BLUE, GREY, ORANGE, circle, el, fmt, list, say, showError, value, view } from "./slides-common.js";
import { exerciseView } from "./slides-exercise.js";
import { depthView, gdView, xorView } from "./slides-plane.js";

async function main() {
  await init();
  keepFieldsInAddress();
  toyView();
  view(
    "params",
    ["params-layers"],
    () => ann.parameters(value("params-layers")),
    (r) => {
      say(
        "params-out",
        r,
        () =>
          `per layer ${r.per_layer.map((n) => n.toLocaleString("en")).join(" + ")} = ${r.total.toLocaleString("en")} parameters`,
      );
    },
  );
  view(
    "uniform",
    ["uniform-k"],
    () => ann.uniform_cost(value("uniform-k")),
    (r) => {
      say("uniform-out", r, () => `y_k = ${fmt(r.y)} for every k: E = −ln ${fmt(r.y)} = ${r.E.toFixed(6)}`);
    },
  );
  view(
    "chain",
    ["chain-p", "chain-q", "chain-r", "chain-s", "chain-x"],
    () => ann.chain_rule(value("chain-x"), value("chain-p"), value("chain-q"), value("chain-r"), value("chain-s")),
    (r) => {
      say(
        "chain-out",
        r,
        () => `f(x) = ${fmt(r.f)}, g(f(x)) = ${fmt(r.g)}, (g∘f)′(x) = g′(f(x)) f′(x) = ${fmt(r.slope)}`,
      );
    },
  );
  neuronSliders();
  view(
    "neuron",
    ["neuron-x", "neuron-w", "neuron-b", "neuron-f"],
    () => ann.neuron(value("neuron-x"), value("neuron-w"), value("neuron-b"), value("neuron-f")),
    (r) => {
      say(
        "neuron-out",
        r,
        () =>
          `Σ x_i w_i = ${fmt(r.sum)}, z = b + Σ x_i w_i = ${fmt(r.z)}, a = ${value("neuron-f")}(z) = ${fmt(r.a)}  (b = ${value("neuron-b")})`,
      );
    },
  );
  xorView();
  depthView();
  gdView();
  activationsView();
  view("softmax", ["softmax-z"], () => ann.softmax_table(value("softmax-z")), drawSoftmax);
  exerciseView();
  view(
    "hadamard",
    ["hadamard-a", "hadamard-b"],
    () => ann.hadamard(value("hadamard-a"), value("hadamard-b")),
    (r) => {
      say("hadamard-out", r, () => `[${r.product.map(fmt).join(", ")}]`);
    },
  );
  view(
    "circuit",
    ["circuit-x", "circuit-y", "circuit-z"],
    () => ann.circuit(value("circuit-x"), value("circuit-y"), value("circuit-z")),
    drawCircuit,
  );
  view(
    "product",
    ["product-x", "product-y"],
    () => ann.product(value("product-x"), value("product-y")),
    (r) => {
      say(
        "product-out",
        r,
        () => `f = x y = ${fmt(r.f)}, ∇f = [∂f/∂x, ∂f/∂y] = [y, x] = [${r.grad.map(fmt).join(", ")}]`,
      );
    },
  );
  $("slides-status").textContent = "";
}

// A slider for each x_i and w_i of the neuron, kept in step with the typed lists.
function neuronSliders() {
  const box = $("neuron-sliders");
  const build = () => {
    box.replaceChildren();
    for (const id of ["neuron-x", "neuron-w"]) {
      const values = value(id)
        .split(/[ ,]+/)
        .filter((v) => v !== "");
      values.forEach((v, i) => {
        const slider = el("input", {
          type: "range",
          min: -2,
          max: 2,
          step: 0.1,
          value: Number(v) || 0,
          "aria-label": `${id.slice(7)}${i + 1}`,
        });
        slider.addEventListener("input", () => {
          const now = value(id)
            .split(/[ ,]+/)
            .filter((t) => t !== "");
          now[i] = slider.value;
          $(id).value = now.join(", ");
          $(id).dispatchEvent(new Event("change", { bubbles: true }));
        });
        box.append(el("label", {}, `${id.slice(7)}${i + 1} `, slider));
      });
    }
  };
  for (const id of ["neuron-x", "neuron-w"])
    $(id).addEventListener("change", (e) => {
      if (e.isTrusted) build();
    });
  build();
}

function drawSoftmax(r) {
  const table = $("softmax");
  table.replaceChildren();
  if (!showError("softmax-error", r)) return;
  const z = value("softmax-z")
    .split(/[ ,]+/)
    .filter((s) => s !== "");
  table.append(
    el("tr", {}, el("th", {}, "node"), el("th", {}, "z"), el("th", {}, "e^z"), el("th", {}, "e^z / sum(e^z)")),
  );
  r.e.forEach((e, j) =>
    table.append(
      el(
        "tr",
        {},
        el("td", {}, String(j + 1)),
        el("td", {}, z[j] ?? ""),
        el("td", { title: String(e) }, e.toFixed(2)),
        el("td", { title: String(r.y[j]) }, r.y[j].toFixed(2)),
      ),
    ),
  );
  table.append(
    el(
      "tr",
      {},
      el("td", {}, "total"),
      el("td"),
      el("td", { title: String(r.sum) }, r.sum.toFixed(2)),
      el("td", {}, "1.00"),
    ),
  );
}

// The circuit (x + y) z drawn as CS231n does: values above the wires (blue), gradients below (orange).
function drawCircuit(r) {
  const c = $("circuit"),
    g = c.getContext("2d");
  g.clearRect(0, 0, c.width, c.height);
  if (!showError("circuit-error", r)) return;
  const [x, y, z] = ["circuit-x", "circuit-y", "circuit-z"].map((id) => Number(value(id)));
  const wire = (x0, y0, x1, y1, v, d, name = "") => {
    g.strokeStyle = GREY;
    g.beginPath();
    g.moveTo(x0, y0);
    g.lineTo(x1, y1);
    g.stroke();
    const mx = (x0 + x1) / 2,
      my = (y0 + y1) / 2;
    g.fillStyle = BLUE;
    g.fillText(`${name}${fmt(v)}`, mx - 10, my - 6);
    g.fillStyle = ORANGE;
    g.fillText(fmt(d), mx - 10, my + 16);
  };
  const gate = (cx, cy, label) => {
    circle(g, cx, cy, 18);
    g.fillText(label, cx - 4, cy + 5);
  };
  g.font = "14px system-ui";
  g.fillStyle = "#333";
  g.fillText("x", 10, 44);
  g.fillText("y", 10, 104);
  g.fillText("z", 10, 164);
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
    $("act-out").textContent = names
      .map((n) => `${n}: f = ${fmt(here.curves[n].f[0])}, f′ = ${fmt(here.curves[n].prime[0])}`)
      .join(" · ");
    for (const name of names)
      plotCurves(canvases[name], curves.z, [curves.curves[name].f, curves.curves[name].prime], z);
    $("activations").dataset.result = JSON.stringify(here);
  };
  $("act-z").addEventListener("input", draw);
  draw();
}

function plotCurves(c, xs, ys, mark) {
  const g = c.getContext("2d"),
    w = c.width,
    h = c.height;
  const lo = -1.5,
    hi = 4;
  const px = (x) => ((x - xs[0]) / (xs[xs.length - 1] - xs[0])) * w;
  const py = (y) => h - ((Math.max(lo, Math.min(hi, y)) - lo) / (hi - lo)) * h;
  g.clearRect(0, 0, w, h);
  g.strokeStyle = "#ccc";
  g.beginPath();
  g.moveTo(0, py(0));
  g.lineTo(w, py(0));
  g.moveTo(px(0), 0);
  g.lineTo(px(0), h);
  g.stroke();
  [BLUE, ORANGE].forEach((color, k) => {
    g.strokeStyle = color;
    g.lineWidth = 2;
    g.beginPath();
    xs.forEach((x, i) => (i ? g.lineTo(px(x), py(ys[k][i])) : g.moveTo(px(x), py(ys[k][i]))));
    g.stroke();
  });
  g.lineWidth = 1;
  g.strokeStyle = "#333";
  g.setLineDash([3, 3]);
  g.beginPath();
  g.moveTo(px(mark), 0);
  g.lineTo(px(mark), h);
  g.stroke();
  g.setLineDash([]);
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
  const steps = (n) => () => {
    if (toy) drawToy(toy.steps(n));
  };
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
  table.replaceChildren(
    el(
      "tr",
      {},
      ...["x1", "x2", "x3", "l1", "l2", "o1", "o2", "½[(o1 − l1)² + (o2 − l2)²]"].map((s) => el("th", {}, s)),
    ),
  );
  r.rows.forEach((row) =>
    table.append(
      el(
        "tr",
        {},
        ...[...row.x, ...row.l].map((v) => el("td", {}, String(v))),
        ...row.o.map((v) => el("td", { title: String(v) }, fmt(v))),
        el("td", {}, fmt(row.E)),
      ),
    ),
  );
  table.append(
    el(
      "tr",
      {},
      el("td", { colspan: 7 }, `after ${r.steps} steps (${fmt(r.epochs)} epochs): Σ over the table`),
      el("td", {}, fmt(r.E)),
    ),
  );
  const last = $("toy-last");
  last.replaceChildren();
  if (r.last) {
    const p = r.last.pass;
    last.append(
      el(
        "div",
        {},
        `Last step, sample ${r.last.sample}: ` +
          p.z.map((z, l) => `z(${l + 1}) = ${list(z)}, a(${l + 1}) = ${list(p.a[l])}`).join("; ") +
          `; ` +
          p.delta.map((d, l) => `δ(${l + 1}) = ${list(d)}`).join("; "),
      ),
    );
    last.append(el("div", {}, p.w_after.map((w, l) => `W(${l + 1}) ← ${w.map(list).join(" ")}`).join("; ")));
  }
  $("toy").dataset.result = text;
  $("toy").dataset.ms = (performance.now() - t0).toFixed(2);
}

// Every field of the views in the address bar (those changed from the page's defaults), so a
// link reproduces what the student typed; the fields are read back from it at load.
function keepFieldsInAddress() {
  const fields = [...document.querySelectorAll(".slide input[id], .slide select[id], .slide textarea[id]")].filter(
    (e) => e.type !== "checkbox",
  );
  const defaults = new Map(fields.map((e) => [e.id, e.value]));
  for (const [id, v] of new URLSearchParams(location.search)) if (defaults.has(id)) $(id).value = v;
  document.addEventListener("change", (event) => {
    const id = event.target.id;
    if (!defaults.has(id)) return;
    const params = new URLSearchParams(location.search);
    if (event.target.value === defaults.get(id)) params.delete(id);
    else params.set(id, event.target.value);
    const query = params.toString();
    history.replaceState(null, "", `${location.pathname}${query ? `?${query}` : ""}${location.hash}`);
  });
}

main();
