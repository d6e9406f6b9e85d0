// The WebAssembly Network as the page reads it: results copied out and freed, class names.
import { Network } from "./ann_page.js";

// A network from its weights; `layers` ends with its number of outputs, one per class.
export const makeNetwork = (weights, layers, activation, loss, lambda) =>
  new Network(weights, new Uint32Array(layers), activation, loss, lambda);

// wasm-bindgen results live in WebAssembly memory until freed: read what is needed, then free.
function reading(result, read) {
  try { return read(result); } finally { result.free(); }
}

export const forward = (net, input) => reading(net.forward(input), (a) => ({ x1: a.hidden(1), x2: a.hidden(2), y: a.y }));

export const backprop = (net, input, target) => reading(net.backprop(input, target),
  (b) => ({ d1: b.delta(1), d2: b.delta(2), d3: b.delta(3), gradientSizes: b.gradient_sizes }));

// The names of a network that names no classes: its output units' indices, which for a
// network of MNIST are its digits.
export const indexNames = (count) => Array.from({ length: count }, (_, k) => String(k));

// Whether `names` are indices (unit k is class "k"), as MNIST's digits are: its test digits can
// then measure the network.
export const isIndexNames = (names) => names.every((name, k) => name === String(k));
