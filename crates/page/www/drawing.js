// The drawing panel: the shown network's prediction of the pad, its δs and gradients for the
// picked class, and "learn this".
import { $ } from "./dom.js";
import { backprop, forward, isIndexNames } from "./network.js";
import { clearPad, padPixels } from "./pad.js";
import { blankViews, showDeltas, showForward } from "./layers.js";
import { argmax } from "./rank.js";
import { drawing, training } from "./state.js";

// Which network the drawing panel shows: "trained" or "live".
export function useNetwork(which) {
  $("draw-net").value = which;
  const trained = which === "trained" && drawing.trained;
  drawing.net = trained ? drawing.trained : drawing.live;
  setUpTargets(trained ? drawing.trainedClasses : drawing.liveClasses);
  update();
}

// Whether the shown network's classes are MNIST's digits (its test digits can then measure it).
const showsDigits = () => isIndexNames(drawing.classes ?? []);
// What an empty canvas asks for.
const ask = () => (showsDigits() ? "draw a digit" : "draw a character");

// One button per class of the shown network; a change of classes forgets the picked one.
export function setUpTargets(classes) {
  if (drawing.classes && drawing.classes.join("\n") === classes.join("\n")) return;
  drawing.classes = classes;
  drawing.target = null;
  $("targets").replaceChildren();
  classes.forEach((name, k) => {
    const b = document.createElement("button");
    b.id = `target-${k}`;
    b.textContent = name;
    b.onclick = () => {
      drawing.target = k;
      document.querySelectorAll(".targets button").forEach((x) => x.classList.toggle("on", x === b));
      update();
    };
    $("targets").appendChild(b);
  });
}

export function clear() {
  clearPad();
  drawing.yBefore = null;
  $("moved").textContent = "";
  update();
}

// Everything below the drawing, recomputed from the canvas. `since`: when the stroke ended
// (the event's time), for the drawing → prediction latency.
export function update(since) {
  const started = performance.now();
  const net = drawing.net;
  if (!net) {
    $("status").textContent = "press start below: the network that trains there predicts here";
    $("prediction").textContent = "";
    return;
  }
  const { rgba, width, height } = padPixels();
  try {
    drawing.input = net.input(rgba, width, height);
  } catch (e) {
    drawing.input = null;
    // An empty canvas or a dot: ask for a digit instead of predicting noise.
    const message = String(e.message ?? e);
    $("status").textContent = /ink/.test(message) ? ask() : message;
    $("prediction").textContent = "";
    $("confidence").textContent = "";
    $("learn").disabled = true;
    blankViews();
    for (const id of ["d3-numbers", "d2-numbers", "d1-numbers"]) $(id).textContent = "";
    return;
  }
  $("status").textContent = "";
  const { input, target, classes } = drawing;
  const layers = forward(net, input), { y } = layers;
  showForward(input, layers, classes, drawing.yBefore);
  const best = argmax(y);
  $("prediction").textContent = classes[best] ?? String(best);
  $("confidence").textContent = `(${(y[best] * 100).toFixed(1)}%)`;
  $("learn").disabled = target === null;
  if (target !== null) {
    const deltas = backprop(net, input, target), { d1, d2, d3, gradientSizes } = deltas;
    showDeltas(deltas, classes);
    $("d3-numbers").textContent = Array.from(d3, (v, k) => `${classes[k] ?? k}: ${v.toFixed(3)}`).join("  ");
    $("d2-numbers").textContent = summary(d2);
    $("d1-numbers").textContent = summary(d1);
    const table = $("gradients");
    while (table.rows.length > 1) table.deleteRow(1);
    gradientSizes.forEach((g, l) => {
      const r = table.insertRow();
      r.insertCell().textContent = `W(${l + 1})`;
      r.insertCell().textContent = g.toExponential(3);
    });
  }
  const ms = performance.now() - started;
  $("timing").textContent = `input, forward pass and back-propagation: ${ms.toFixed(1)} ms`;
  document.body.dataset.ms = ms.toFixed(3);
  if (typeof since === "number") document.body.dataset.predictMs = (performance.now() - since).toFixed(3);
}

export function learn() {
  const { net, input, target } = drawing;
  if (input === null || target === null || !net) return;
  const before = forward(net, input).y;
  drawing.yBefore = before;
  // Network.learn takes any η: a typo must not wreck the weights.
  const eta = Math.min(5, Math.max(0.001, parseFloat($("eta").value) || 0.1));
  const live = net === drawing.live;
  const weightsBefore = live ? null : net.weights();
  net.learn(input, target, eta);
  const after = forward(net, input).y;
  const id = ++drawing.learnId;
  const percent = (p) => `${(p * 100).toFixed(2)}%`;
  $("moved").textContent = `y(${drawing.classes[target]}) moved from ${percent(before[target])} to ${percent(after[target])} ` +
    `(one step, η = ${eta}); grey bars show y before the step.`;
  $("moved").dataset.id = id;
  // A model of other classes cannot be measured on MNIST's test digits.
  if (training.mnist && (live || showsDigits())) {
    $("moved").textContent += " Accuracy on 1,000 test digits: …";
    // What the step cost the rest of the network, measured in the worker on the test digits.
    if (live) {
      training.worker.postMessage({ type: "learn", input: Float32Array.from(input), target, eta, id });
    } else {
      const { layers, activation, lambda } = drawing.description;
      training.worker.postMessage({ type: "accuracy", before: weightsBefore, after: net.weights(), layers, activation,
        lambda, id });
    }
  }
  update();
}

// The worker's answer to "learn this": test accuracy before and after the step.
export function learned(m) {
  const moved = $("moved");
  if (String(m.id) !== moved.dataset.id) return;
  moved.textContent = moved.textContent.replace(/ Accuracy on 1,000 test digits: .*$/, "") +
    ` Accuracy on 1,000 test digits: ${(m.before * 100).toFixed(1)}% before the step, ` +
    `${(m.after * 100).toFixed(1)}% after.`;
  moved.dataset.before = m.before;
  moved.dataset.after = m.after;
}

function summary(v) {
  const at = argmax(v, Math.abs), max = v.length ? Math.abs(v[at]) : 0;
  const nonzero = v.reduce((c, x) => c + (x !== 0), 0);
  return `largest |δ| = ${max.toExponential(2)} (unit ${at}); ${nonzero} of ${v.length} units non-zero`;
}
