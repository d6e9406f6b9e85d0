// The slides page's start and the small views of decks 000 and 004: JavaScript reads the inputs
// and draws; every number comes from ann-page's slides functions (Rust in WebAssembly), as JSON.
import init, * as ann from "./ann_page.js";
import { $, el } from "./dom.js";
import { BLUE, GREY, ORANGE } from "./palette.js";
import { activationsView } from "./slides-activations.js";
import { circle, fmt, say, showError, value, view } from "./slides-common.js";
import { exerciseView } from "./slides-exercise.js";
import { depthView, gdView, xorView } from "./slides-plane.js";
import { toyView } from "./slides-toy.js";
import { keepFieldsInAddress } from "./url.js";

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

main();
