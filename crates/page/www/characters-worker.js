// The characters page's training, off the page's thread: ann-page's Data (the set split as
// `ann train --data-dir` splits it) and Trainer (Rust compiled to WebAssembly: the
// distortions and the steps of `ann train --engine manual`) do the work. This file only
// schedules the steps and reports.
import init, { Data, Trainer } from "./ann_page.js";
import { yieldNow } from "./yield.js";

const SLICE_MS = 25; // one train() call: short, so that stop and the model's download are answered fast

let ready = null;    // init()'s promise, once asked
let data = null;     // the set, split
let trainer = null;  // the run's trainer; kept after it finishes, for its weights and model
let run = null;      // the running run's id, pace and accuracies; null once stopped or done

const post = (message, transfer = []) => postMessage(message, transfer);

// A new run; the trainer refusing the set or the settings throws here, and the run before goes on.
function start(m) {
  const s = JSON.parse(m.settings);
  const freshData = Data.fromSet(m.classes, m.inputs, m.labels, s.valid_fraction, s.test_fraction ?? undefined, s.seed);
  let fresh;
  try {
    fresh = new Trainer(freshData, s.hidden1, s.hidden2, s.activation, s.batch_size, s.learning_rate,
      s.final_learning_rate ?? -1, s.momentum, s.lambda, s.epochs, s.seed, s.augment ? JSON.stringify(s.augment) : undefined);
  } catch (err) {
    freshData.free();
    throw err;
  }
  trainer?.free();
  data?.free();
  [trainer, data] = [fresh, freshData];
  run = { id: m.id, activation: s.activation, startedAt: performance.now(), samples: 0, msPerStep: 5,
    // The samples of a step: the training examples spread over an epoch's steps.
    perStep: data.train_len / Math.max(1, trainer.steps_per_epoch_count),
    train: null, valid: null, test: null };
  post({ type: "started", id: m.id, classes: Array.from(trainer.classes()), trainLen: data.train_len,
    validLen: data.valid_len, testLen: data.test_len, stepsPerEpoch: trainer.steps_per_epoch_count,
    epochs: trainer.epochs });
  loop(run);
}

async function loop(mine) {
  try {
    while (run === mine && !trainer.finished) {
      slice();
      await yieldNow();
    }
  } catch (err) {
    if (run === mine) run = null;
    post({ type: "error", id: mine.id, during: "train", message: String(err.message ?? err) });
  }
}

// One train() call of about SLICE_MS, then its report; accuracies after each epoch (a pass over
// the examples costs about a third of an epoch of steps), the test's once at the end.
function slice() {
  const started = performance.now(), epoch = trainer.epoch;
  const n = Math.max(1, Math.floor(SLICE_MS / run.msPerStep));
  const losses = trainer.train(n, 0);
  run.msPerStep = Math.max(0.01, (performance.now() - started) / Math.max(1, losses.length));
  run.samples += losses.length * run.perStep;
  const epochDone = trainer.epoch !== epoch;
  if (epochDone || trainer.finished) {
    run.train = trainer.train_accuracy(data.train_len);
    run.valid = trainer.valid_accuracy(data.valid_len);
  }
  if (trainer.finished) run.test = trainer.test_accuracy(data.test_len);
  const loss = losses.length ? losses.reduce((a, b) => a + b, 0) / losses.length : null;
  report({ losses, loss, epochDone }, [losses.buffer]);
  if (trainer.finished) { sendWeights(); run = null; }
}

function report(extra = {}, transfer = []) {
  const seconds = (performance.now() - run.startedAt) / 1000;
  post({ type: "progress", id: run.id, epoch: trainer.epoch, epochs: trainer.epochs, steps: trainer.steps,
    trainAccuracy: run.train, validAccuracy: run.valid, testAccuracy: run.test,
    samplesPerSecond: seconds > 0 ? run.samples / seconds : 0, done: trainer.finished,
    running: !trainer.finished, losses: new Float32Array(0), loss: null, ...extra }, transfer);
}

// The network as it is now, for the page to read drawings with.
function sendWeights() {
  const weights = trainer.weights();
  post({ type: "weights", id: run.id, weights, layers: Array.from(trainer.layers()), classes: Array.from(trainer.classes()),
    activation: run.activation },
    [weights.buffer]);
}

onmessage = async (e) => {
  const m = e.data;
  try {
    await (ready ??= init());
    switch (m.type) {
      case "start": start(m); break;
      case "stop":
        // The network so far still reads drawings and can be downloaded.
        if (!run) break;
        report({ running: false });
        sendWeights();
        run = null;
        break;
      case "model": {
        if (!trainer) throw new Error("there is no trained model yet");
        const bytes = trainer.model_zip();
        post({ type: "model", bytes }, [bytes.buffer]);
        break;
      }
    }
  } catch (err) {
    post({ type: "error", id: m.id, during: m.type, message: String(err.message ?? err) });
  }
};
