// The training run, off the page's thread: MNIST from the server's data/ folder (gunzipped
// here by the browser), and ann-page's Trainer (Rust compiled to WebAssembly) taking the steps.
// This file only schedules: every number comes from the Trainer.
import init, { Data, Network, Trainer } from "./ann_page.js";
import { yieldNow } from "./yield.js";

const VALID = 1000;     // validation accuracy on the first 1,000 held-out images, per epoch
const TEST = 1000;      // "learn this": accuracy on the first 1,000 test digits
const GALLERY = 60;     // test digits shown with their guesses
const SLICE_MS = 25;    // one train() call: short, so pause and "learn this" are answered fast

// The worker's state, all of it.
let mnist = null;       // the page's MNIST, once loaded
let trainer = null, settings = null, running = false;
let loop = null;        // the running training loop's token: a newer loop ends an older one
let pace = newPace();   // the run's speed and its last reports
let race = null;        // the race's three trainers, and its token (runRace)

function newPace() {
  return {
    recent: [],         // [time, samples seen] after recent slices, for samples/s
    samplesSeen: 0,
    msPerStep: 5,       // the last slice's speed, to size the next one
    weightsStep: 0, weightsAt: 0, galleryStep: 0, galleryAt: 0, // when W and the gallery were last sent
  };
}

const post = (message, transfer = []) => postMessage(message, transfer);

// The IDX files come gzipped, as MNIST publishes them; a server that already decoded them
// (Content-Encoding) hands over the plain bytes, used as they are.
async function gunzip(response) {
  if (!response.ok) throw new Error(`${response.url}: HTTP ${response.status}`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

// `validFraction`: the share of the training images held out for validation (the recipe's).
async function loadData(validFraction) {
  const response = await fetch("data/index.json");
  if (!response.ok) {
    const hint = `the server has no data/index.json (HTTP ${response.status}): ` +
      "serve the page with `ann web --data-dir DIR`.";
    post({ type: "nodata", index: { looked: [], hint } });
    return;
  }
  const index = await response.json();
  if (!index.found) { post({ type: "nodata", index }); return; }
  const f = index.files;
  const names = [f.train_images, f.train_labels, f.test_images, f.test_labels];
  const [a, b, c, d] = await Promise.all(names.map((name) => fetch(`data/${name}`).then(gunzip)));
  // A run's own data (a folder, another MNIST-family set) names its classes and its split.
  const classes = index.classes ?? null;
  mnist = new Data(a, b, c, d, index.valid_fraction ?? validFraction, classes ? classes.length : 10);
  const gallery = [];
  for (let i = 0; i < Math.min(GALLERY, mnist.test_len); i++) gallery.push(mnist.test_image(i));
  post({ type: "data", train: mnist.train_len, valid: mnist.valid_len, test: mnist.test_len,
    attribution: index.attribution, origin: index.origin, classes, gallery, labels: mnist.test_labels(GALLERY) });
}

function batchSize(s) {
  return s.kind === "batch" ? mnist.train_len : s.kind === "stochastic" ? 1 : s.batch;
}

function makeTrainer(s, batch) {
  // An empty "η at the end" keeps η constant: the Trainer's final η < 0.
  const final = s.etaFinal === "" || s.etaFinal === null || Number.isNaN(Number(s.etaFinal)) ? -1 : Number(s.etaFinal);
  return new Trainer(mnist, s.hidden1, s.hidden2, s.activation, batch, s.eta, final, s.momentum, s.lambda, s.epochs,
    s.seed);
}

// mean |∂E/∂W(l)| about every 2,000 samples: a measurement costs a pass over every weight.
const measureEvery = (batch) => Math.max(1, Math.ceil(2000 / batch));

function status(extra = {}) {
  const now = performance.now(), recent = pace.recent;
  while (recent.length > 2 && now - recent[0][0] > 2000) recent.shift();
  let sps = 0;
  if (recent.length >= 2) {
    const [t0, s0] = recent[0], [t1, s1] = recent[recent.length - 1];
    if (t1 > t0) sps = ((s1 - s0) * 1000) / (t1 - t0);
  }
  return { type: "status", running, epoch: trainer.epoch, steps: trainer.steps, position: trainer.position,
    stepsPerEpoch: trainer.steps_per_epoch_count, eta: trainer.learning_rate, samplesPerSecond: sps,
    finished: trainer.finished, ...extra };
}

function sendWeights() {
  const w = trainer.weights();
  post({ type: "weights", weights: w, layers: Array.from(trainer.layers()), activation: settings.activation,
    lambda: settings.lambda, steps: trainer.steps }, [w.buffer]);
  pace.weightsStep = trainer.steps;
  pace.weightsAt = performance.now();
}

// `outputs`: y's row length, the network's number of classes.
function sendGallery() {
  const y = trainer.test_outputs(0, GALLERY), layers = trainer.layers();
  post({ type: "gallery", y, outputs: layers[layers.length - 1], steps: trainer.steps }, [y.buffer]);
  pace.galleryStep = trainer.steps;
  pace.galleryAt = performance.now();
}

// One train() call of about SLICE_MS, then the reports it calls for.
function slice(maxSteps) {
  const batch = batchSize(settings);
  const started = performance.now();
  const epoch = trainer.epoch;
  const n = Math.max(1, Math.min(maxSteps, Math.floor(SLICE_MS / pace.msPerStep)));
  const losses = trainer.train(n, measureEvery(batch));
  const ms = performance.now() - started;
  pace.msPerStep = Math.max(0.01, ms / Math.max(1, losses.length));
  pace.samplesSeen += losses.length * batch;
  if (pace.recent.length === 0) pace.recent.push([started, pace.samplesSeen - losses.length * batch]);
  pace.recent.push([performance.now(), pace.samplesSeen]);
  const grads = trainer.gradient_sizes();
  const extra = { losses, gradients: Array.from(grads), ms };
  if (trainer.epoch !== epoch) {
    extra.validAccuracy = trainer.valid_accuracy(VALID);
    extra.epochDone = trainer.epoch;
  }
  post(status(extra), [losses.buffer]);
  // W(1) (and the drawing's copy of the network) every 300 steps of 100 samples or fewer, at
  // most 4 times a second; the gallery every 1,000 steps, at most once a second.
  const now = performance.now(), every = Math.min(300, Math.max(1, Math.round(30000 / batch)));
  const weightsDue = trainer.steps - pace.weightsStep >= every && now - pace.weightsAt > 250;
  if (weightsDue || extra.epochDone || trainer.steps < 3) sendWeights();
  const galleryDue = trainer.steps - pace.galleryStep >= 1000 && now - pace.galleryAt > 1000;
  if (galleryDue || extra.epochDone) sendGallery();
}

// The training loop; a newer loop (start after reset) ends an older one still waiting.
async function run() {
  const token = (loop = {});
  while (loop === token && running && trainer && !trainer.finished) {
    slice(1 << 30);
    await yieldNow();
  }
  if (loop === token && trainer && trainer.finished && running) {
    running = false;
    post(status({ done: true }));
    sendWeights();
    sendGallery();
  }
}

// Other settings than the run's: start and step begin a new run with them.
const changed = (s) => JSON.stringify(s) !== JSON.stringify(settings);

// Settings the Trainer refuses throw here, and the run so far stays as it was.
function reset(s) {
  const fresh = makeTrainer(s, batchSize(s));
  running = false;
  if (trainer) trainer.free();
  settings = s;
  trainer = fresh;
  pace = newPace();
  post(status({ reset: true, batch: batchSize(s) }));
  sendWeights();
  sendGallery();
}

// A network from weights, for "learn this" on the trained model: its cost in test accuracy.
function accuracyOf(weights, layers, activation, lambda) {
  const net = new Network(weights, new Uint32Array(layers), activation, "cross_entropy", lambda);
  try { return net.test_accuracy(mnist, TEST); } finally { net.free(); }
}

// The race: batch, mini-batch and stochastic descent from the same initial weights (same
// seed), on the same data, each given the same number of samples; round-robin slices.
// `miniBatch`: the mini-batch runner's batch size.
async function runRace(s, miniBatch, epochs) {
  const kinds = [["batch", mnist.train_len], ["minibatch", miniBatch], ["stochastic", 1]];
  const runners = [];
  try {
    for (const [kind, batch] of kinds) {
      runners.push({ kind, batch, trainer: makeTrainer({ ...s, epochs }, batch), seconds: 0, msPerStep: 5 });
    }
  } catch (err) {
    // Refused settings: no race, and the training and any earlier race are left alone.
    for (const r of runners) r.trainer.free();
    throw err;
  }
  if (running && trainer) { running = false; post(status()); }
  if (race) for (const r of race.runners) r.trainer.free();
  const token = {};
  race = { token, runners };
  post({ type: "race-start", kinds: runners.map((r) => ({ kind: r.kind, batch: r.batch })), epochs });
  while (race.token === token && runners.some((r) => !r.trainer.finished)) {
    for (const r of runners) {
      if (r.trainer.finished) continue;
      const n = Math.max(1, Math.floor(40 / r.msPerStep));
      const started = performance.now();
      const losses = r.trainer.train(n, 0);
      const ms = performance.now() - started;
      r.msPerStep = Math.max(0.01, ms / losses.length);
      r.seconds += ms / 1000;
      let validAccuracy;
      if (r.trainer.finished) validAccuracy = r.trainer.valid_accuracy(VALID);
      post({ type: "race-progress", kind: r.kind, losses, steps: r.trainer.steps, seconds: r.seconds,
        epoch: r.trainer.epoch, position: r.trainer.position, finished: r.trainer.finished, validAccuracy },
      [losses.buffer]);
      await yieldNow();
      if (race.token !== token) break;
    }
  }
  if (race.token === token) post({ type: "race-done" });
}

onmessage = async (e) => {
  const m = e.data;
  try {
    switch (m.type) {
      case "init":
        await init();
        await loadData(m.validFraction);
        break;
      case "reset":
        if (mnist) reset(m.settings);
        break;
      case "start":
        if (!mnist) break;
        if (race) race.token = null;
        if (!trainer || trainer.finished || changed(m.settings)) reset(m.settings);
        if (!running) { running = true; pace.recent = []; post(status()); run(); }
        break;
      case "pause":
        running = false;
        if (trainer) { post(status()); sendWeights(); sendGallery(); }
        break;
      case "step":
        if (!mnist) break;
        if (!trainer || changed(m.settings)) reset(m.settings);
        running = false;
        slice(1);
        sendWeights();
        break;
      case "learn": {
        // "learn this" on the network being trained: test accuracy before and after the step.
        if (!trainer) break;
        const before = trainer.test_accuracy(TEST);
        trainer.learn(m.input, m.target, m.eta);
        const after = trainer.test_accuracy(TEST);
        post({ type: "learned", before, after, id: m.id });
        sendWeights();
        break;
      }
      case "accuracy": {
        if (!mnist) break;
        const before = accuracyOf(m.before, m.layers, m.activation, m.lambda);
        const after = accuracyOf(m.after, m.layers, m.activation, m.lambda);
        post({ type: "learned", before, after, id: m.id });
        break;
      }
      case "race":
        // Not awaited: the race runs on while other messages come in, so its refusal is caught here.
        if (mnist) {
          runRace(m.settings, m.miniBatch, m.epochs)
            .catch((err) => post({ type: "error", message: String(err.message ?? err), race: true }));
        }
        break;
      case "race-stop":
        if (race) race.token = null;
        break;
    }
  } catch (err) {
    post({ type: "error", message: String(err.message ?? err) });
  }
};
