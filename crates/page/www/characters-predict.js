// The characters page's trained network reading the pad: after each stroke, the drawing's PNG
// made into x(0) (as `ann predict` makes the file), the forward pass, the prediction
// (#prediction), and the views of x(0), x(1), x(2), y and, for a picked true class, the δs.
import { picture_input } from "./ann_page.js";
import { $, el } from "./dom.js";
import { pngOf } from "./characters-draw.js";
import { backprop, forward, makeNetwork } from "./network.js";
import { blankViews, showDeltas, showForward } from "./layers.js";
import { argmax } from "./rank.js";

// The network shown: null until a run is trained. `classes`: output unit k's class name.
// `training`: a run is on its way, which the status says instead of "train the network".
const model = { net: null, classes: [], target: null, input: null, latest: 0, training: false };

// The trained run's weights (a "weights" message of the worker) as the network that reads.
export function useModel({ weights, layers, classes, activation, lambda }) {
  model.net?.free();
  model.net = makeNetwork(weights, layers, activation, "cross_entropy", lambda);
  model.training = false;
  model.classes = classes;
  model.target = null;
  // One bar per class: wider canvases for many classes, up to a point.
  const width = Math.min(1200, Math.max(420, 22 * classes.length));
  for (const id of ["y", "d3"]) if ($(id).width !== width) $(id).width = width;
  $("targets").replaceChildren(...classes.map((name, k) => {
    const b = el("button", { "data-target": name, title: `back-propagate as if the drawing were ${name}` }, name);
    b.onclick = () => { model.target = k; showTarget(); show(); };
    return b;
  }));
}

// No network (a new run is training): the pad is not read until it is trained.
// `training`: false when no run is coming (it failed).
export function dropModel(why, training = true) {
  model.net?.free();
  model.net = null;
  model.training = training;
  model.input = null;
  $("targets").replaceChildren();
  showNothing(why);
}

function showTarget() {
  $("targets").querySelectorAll("button").forEach((b, k) => b.classList.toggle("on", k === model.target));
}

// Reads the pad; `drawn`: the pad's stroke count it reads, carried by #prediction's data-drawn
// so that a reader knows which drawing the prediction is of. A later stroke's reading wins.
export async function predictPad(drawn) {
  model.latest = drawn;
  if (!model.net) {
    if (!model.training) showNothing("train the network (step 3) to see it read your drawing");
    $("prediction").dataset.drawn = drawn;
    return;
  }
  let input;
  try {
    input = picture_input(await pngOf($("pad")));
  } catch (e) {
    if (drawn !== model.latest) return;
    // An empty pad or a dot: nothing to read, said in ann-page's words.
    model.input = null;
    showNothing(String(e.message ?? e));
    $("prediction").dataset.drawn = drawn;
    return;
  }
  if (drawn !== model.latest || !model.net) return;
  model.input = input;
  show();
  $("prediction").dataset.drawn = drawn;
}

function showNothing(why) {
  const p = $("prediction");
  p.replaceChildren();
  delete p.dataset.class;
  delete p.dataset.result;
  $("predict-status").textContent = why;
  blankViews();
}

// Everything the network computes from the pad's input.
function show() {
  const { net, input, classes, target } = model;
  if (!net || !input) return;
  const started = performance.now();
  const layers = forward(net, input), { y } = layers;
  showForward(input, layers, classes);
  const best = argmax(y);
  const p = $("prediction");
  p.replaceChildren(el("b", {}, classes[best]), ` ${(y[best] * 100).toFixed(1)}%`);
  p.dataset.class = classes[best];
  p.dataset.result = JSON.stringify({ class: classes[best],
    probabilities: Object.fromEntries(classes.map((name, k) => [name, y[k]])) });
  $("predict-status").textContent = "";
  if (target !== null) {
    showDeltas(backprop(net, input, target), classes);
  } else {
    blankViews(["d3", "d2", "d1"]);
  }
  $("timing").textContent = `forward pass and back-propagation: ${(performance.now() - started).toFixed(1)} ms`;
}
