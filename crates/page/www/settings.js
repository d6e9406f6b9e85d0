// The training's settings: the controls that hold them, their defaults from the recipe, and
// reading them. The Trainer (Rust) judges them; a setting it refuses comes back as its error.
import { $ } from "./dom.js";

// Setting → [control id, the URL's short name].
export const CONTROLS = {
  kind: ["train-kind", "kind"], batch: ["train-batch", "batch"], eta: ["train-eta", "eta"],
  etaFinal: ["train-eta-final", "final"], momentum: ["train-momentum", "mu"], lambda: ["train-lambda", "lambda"],
  activation: ["train-activation", "f"], hidden1: ["train-hidden1", "h1"], hidden2: ["train-hidden2", "h2"],
  seed: ["train-seed", "seed"], epochs: ["train-epochs", "epochs"],
};
// Kept as typed: names, and "η at the end", whose empty field means a constant η.
const TEXT = new Set(["kind", "activation", "etaFinal"]);
// The race's own settings, kept in the URL beside the training's: [element, URL name, default].
export const RACE_CONTROLS = [["race-epochs", "race", "3"], ["race-momentum", "racemu", "0"]];

// The controls' settings from the server's recipe (configs/plain.toml, built into ann).
export function defaultsOf(recipe) {
  const { model, training: t } = recipe;
  return {
    kind: t.batch_size === 1 ? "stochastic" : "minibatch", batch: t.batch_size, eta: t.learning_rate,
    etaFinal: t.final_learning_rate === null ? "" : String(t.final_learning_rate), momentum: t.momentum,
    lambda: t.lambda, activation: model.activation, hidden1: model.layers[1], hidden2: model.layers[2],
    seed: t.seed, epochs: t.epochs, validFraction: recipe.data.valid_fraction,
  };
}

// The controls as typed: numbers parsed, nothing corrected.
export function readSettings() {
  const s = {};
  for (const [key, [id]] of Object.entries(CONTROLS)) {
    const v = $(id).value;
    s[key] = TEXT.has(key) ? v : Number(v);
  }
  return s;
}
