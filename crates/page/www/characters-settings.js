// The characters page's training settings: the controls, their defaults from the server's
// characters-recipe.json, the address bar (a link reproduces what was set), and the JSON the
// worker hands to Data.fromSet and the Trainer. The Rust side judges the values; what it refuses
// comes back as its error.
import { $ } from "./dom.js";

// Setting → [control id, the URL's short name]; the recipe's other values are used as they are.
const CONTROLS = { epochs: ["epochs", "epochs"], batch_size: ["batch-size", "batch"], learning_rate: ["eta", "eta"],
  seed: ["seed", "seed"], augment: ["augment", "augment"] };

let recipe = null; // the server's characters recipe, as JSON

// The controls from the URL (?epochs=60&augment=off…), else from the recipe.
export function setUpSettings(characters) {
  recipe = characters;
  const q = new URLSearchParams(location.search), d = defaults();
  for (const [key, [id, name]] of Object.entries(CONTROLS)) {
    const v = q.has(name) ? q.get(name) : d[key];
    if (key === "augment") $(id).checked = v === true || v === "on";
    else $(id).value = v;
    $(id).addEventListener("change", keepInAddress);
  }
}

function defaults() {
  const t = recipe.training;
  return { epochs: t.epochs, batch_size: t.batch_size, learning_rate: t.learning_rate, seed: t.seed,
    augment: recipe.data.augment !== null && recipe.data.augment !== undefined };
}

// The controls that differ from the recipe into the URL, as typed.
function keepInAddress() {
  const q = new URLSearchParams(location.search), d = defaults();
  for (const [key, [id, name]] of Object.entries(CONTROLS)) {
    const v = key === "augment" ? ($(id).checked ? "on" : "off") : $(id).value;
    const same = key === "augment" ? $(id).checked === d.augment : Number(v) === Number(d[key]);
    if (same) q.delete(name); else q.set(name, v);
  }
  const search = q.toString();
  history.replaceState(null, "", `${location.pathname}${search ? `?${search}` : ""}`);
}

// The settings as the worker reads them, or a message saying which field is not a number.
export function trainerSettings() {
  keepInAddress();
  const { model, data, training: t } = recipe, s = {};
  for (const [key, [id]] of Object.entries(CONTROLS)) {
    if (key === "augment") { s.augment = $(id).checked; continue; }
    const v = $(id).value.trim();
    if (v === "" || !Number.isFinite(Number(v))) return { problem: `${$(id).parentElement.textContent.trim()}: type a number` };
    s[key] = Number(v);
  }
  // Distortions on: the recipe's own (its [data.augment] table); off: none.
  s.augment = s.augment ? recipe.data.augment ?? null : null;
  return { json: JSON.stringify({ hidden1: model.layers[1], hidden2: model.layers[2], activation: model.activation, epochs: s.epochs,
    batch_size: s.batch_size, learning_rate: s.learning_rate, final_learning_rate: t.final_learning_rate ?? null,
    momentum: t.momentum, lambda: t.lambda, seed: s.seed, augment: s.augment,
    // A recipe leaves test_fraction out when it is `ann`'s default; the trainer then uses that.
    valid_fraction: data.valid_fraction, test_fraction: data.test_fraction }),
  lambda: t.lambda };
}

// What the recipe fixes, for the page's explanation.
export function describeRecipe() {
  const { model, training: t } = recipe;
  const final = t.final_learning_rate === null || t.final_learning_rate === undefined ? "η stays constant"
    : `η falls linearly to ${t.final_learning_rate} over the run`;
  return `Network ${model.layers.slice(0, -1).join("-")}-(one output per class), ${model.activation}, ` +
    `momentum μ = ${t.momentum}, λ = ${t.lambda}; ${final}.`;
}
