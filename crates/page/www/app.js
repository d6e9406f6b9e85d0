// The drawing page's start: it draws; the network's numbers all come from ann-page (Rust
// compiled to WebAssembly). The panels and the training live in the modules imported here.
import init from "./ann_page.js";
import { $ } from "./dom.js";
import { clear, learn, update, useNetwork } from "./drawing.js";
import { indexNames, isIndexNames, makeNetwork } from "./network.js";
import { setUpPad } from "./pad.js";
import { defaultsOf } from "./settings.js";
import { drawing, training } from "./state.js";
import { setUpTraining } from "./training.js";

async function main() {
  await init();
  setUpPad(update);
  $("clear").onclick = clear;
  $("learn").onclick = learn;
  $("reset").onclick = () => {
    drawing.net?.reset();
    $("moved").textContent = "back to the network's weights before “learn this”";
    update();
  };
  $("draw-net").onchange = () => useNetwork($("draw-net").value);
  try {
    training.defaults = defaultsOf(await fetchJson("recipe.json"));
  } catch (e) {
    // Without its defaults the training part stays off; the drawing part still works.
    $("data-status").textContent = `The training cannot be set up: ${e.message}.`;
    $("train-status").textContent = "no training defaults";
  }
  if (training.defaults) setUpTraining();
  try {
    const description = await fetchJson("network.json");
    const weights = new Float32Array(await (await fetch("weights.bin")).arrayBuffer());
    const { layers, activation, loss, lambda, classes } = description;
    drawing.trained = makeNetwork(weights, layers, activation, loss, lambda);
    drawing.description = description;
    // A model that names no classes has one per output unit.
    drawing.trainedClasses = classes ?? indexNames(layers[layers.length - 1]);
    const named = classes && !isIndexNames(classes) ? `; classes ${classes.join(" ")}` : "";
    $("model").textContent = `Model: ${description.name} (${layers.join("-")}, ${activation}, λ = ${lambda}${named}).`;
    $("eta").value = description.learning_rate ?? 0.1;
    useNetwork("trained");
  } catch {
    // No trained model served: the drawing part waits for the network training below.
    $("draw-net").querySelector('option[value="trained"]').disabled = true;
    $("model").textContent = "No trained model was served: draw for the network you train below.";
    useNetwork("live");
  }
  clear();
}

async function fetchJson(name) {
  const response = await fetch(name);
  if (!response.ok) throw new Error(`the server has no ${name} (HTTP ${response.status})`);
  return response.json();
}

main().catch((e) => { $("status").textContent = `the page could not start: ${e.message ?? e}`; });
