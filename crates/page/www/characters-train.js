// The characters page's training: the set handed to the worker (characters-worker.js), its
// reports shown (#train-status, the curves), the trained network handed to the pad, and the
// model's download.
import { plot } from "./chart.js";
import { $ } from "./dom.js";
import { hush, say } from "./characters-message.js";
import { dropModel, useModel } from "./characters-predict.js";
import { exampleCount, set } from "./characters-set.js";
import { trainerSettings } from "./characters-settings.js";
import { save } from "./characters-zip.js";
import { SERIES } from "./palette.js";

const PIXELS = 784;

// The run shown: its id, curves and last report; `lambda`: its λ, for the network that reads.
// `asked`: a start sent to the worker and not yet answered (the run shown goes on until it is).
let run = null, asked = null, nextId = 1, worker = null, drawQueued = false;
// Told when a trained network can read the pad (true) and when it cannot (false).
let onModel = () => {};

export function setUpTraining(modelReady) {
  onModel = modelReady;
  worker = new Worker(new URL("characters-worker.js", import.meta.url), { type: "module" });
  worker.onmessage = (e) => onWorker(e.data);
  worker.onerror = (e) => say(`The training worker failed: ${e.message}`);
  $("train-start").onclick = start;
  $("train-stop").onclick = () => worker.postMessage({ type: "stop" });
  $("download-model").onclick = () => worker.postMessage({ type: "model" });
  $("train-start").disabled = false;
  $("train-status").textContent = "ready: make classes, draw examples, then press train";
  drawCurves();
}

// The set as the trainer takes it: every example's input in one array, its class's index as label.
function snapshot() {
  const n = exampleCount(), inputs = new Float32Array(n * PIXELS), labels = new Uint8Array(n);
  let i = 0;
  set.classes.forEach((c, k) => {
    for (const e of c.examples) { inputs.set(e.input, i * PIXELS); labels[i++] = k; }
  });
  return { classes: set.classes.map((c) => c.name), inputs, labels };
}

function start() {
  const settings = trainerSettings();
  if (settings.problem) { say(`Not started: ${settings.problem}.`); return; }
  hush();
  const data = snapshot();
  asked = { id: nextId++, lambda: settings.lambda };
  // No result until the new run reports (a reader waiting for "done" must not see the last run's).
  $("train-status").dataset.result = "";
  $("train-status").textContent = `starting on ${data.labels.length} examples of ${data.classes.length} classes …`;
  worker.postMessage({ type: "start", id: asked.id, ...data, settings: settings.json },
    [data.inputs.buffer, data.labels.buffer]);
}

function onWorker(m) {
  // Reports of an earlier run, sent before the worker took the new one.
  if (m.id !== undefined && m.type !== "started" && m.type !== "error" && m.id !== run?.id) return;
  switch (m.type) {
    case "started": onStarted(m); break;
    case "progress": onProgress(m); break;
    case "weights":
      useModel({ ...m, lambda: run.lambda });
      $("download-model").disabled = false;
      onModel(true);
      break;
    case "model": save(m.bytes, "characters-model.zip"); break;
    // The trainer's refusal (one class, a class of one example, a bad setting), in its own words.
    case "error":
      if (m.during === "start") {
        if (m.id === asked?.id) asked = null;
        say(`Training could not start: ${m.message}`);
        if (run?.last) showResult(run.last); else $("train-status").textContent = "not started";
      } else {
        say(m.during === "model" ? `No model to download: ${m.message}` : `Training stopped: ${m.message}`);
        if (m.during === "train") {
          $("train-stop").disabled = true;
          dropModel("the training stopped: train again to see the network read your drawing", false);
        }
      }
      break;
  }
}

function onStarted(m) {
  if (m.id !== asked?.id) return;
  run = { ...asked, classes: m.classes, losses: [], accuracy: [], last: null };
  asked = null;
  $("train-stop").disabled = false;
  $("download-model").disabled = true;
  $("train-start").textContent = "train again";
  dropModel("training … the network reads your drawing once it is trained");
  onModel(false);
  const split = `${m.trainLen} examples train the network, ${m.validLen} are held out for validation` +
    (m.testLen ? ` and ${m.testLen} for the test` : "");
  $("train-info").textContent = `${split}; ${m.stepsPerEpoch} step${m.stepsPerEpoch === 1 ? "" : "s"} an epoch. ` +
    `Output units, in the order ann train gives them (the class names sorted): ${m.classes.join(" ")}.`;
  queueDraw();
}

function onProgress(m) {
  if (!run) return;
  for (const e of m.losses) run.losses.push(e);
  if (m.epochDone) run.accuracy.push([m.epoch, m.trainAccuracy, m.validAccuracy]);
  run.last = m;
  showResult(m);
  if (!m.running) $("train-stop").disabled = true;
  queueDraw();
}

// #train-status: the report in words, and as data-result (JSON has no NaN: an empty split is null).
function showResult(m) {
  const result = { epoch: m.epoch, epochs: m.epochs, steps: m.steps, train_accuracy: m.trainAccuracy,
    valid_accuracy: m.validAccuracy, test_accuracy: m.testAccuracy, samples_per_second: m.samplesPerSecond,
    loss: m.loss, done: m.done };
  const st = $("train-status");
  st.dataset.result = JSON.stringify(result);
  st.textContent = statusText(m);
}

const percent = (a) => (a === null || a === undefined || Number.isNaN(a) ? "–" : `${(a * 100).toFixed(1)}%`);

function statusText(m) {
  const state = m.done ? "done" : m.running ? "training" : "stopped";
  const test = m.done && Number.isFinite(m.testAccuracy) ? ` · test ${percent(m.testAccuracy)}` : "";
  return `${state} · epoch ${m.epoch} of ${m.epochs} · step ${m.steps.toLocaleString("en")} · ` +
    `training accuracy ${percent(m.trainAccuracy)} · validation ${percent(m.validAccuracy)}${test} · ` +
    `${Math.round(m.samplesPerSecond).toLocaleString("en")} samples/s`;
}

function queueDraw() {
  if (drawQueued) return;
  drawQueued = true;
  requestAnimationFrame(() => { drawQueued = false; drawCurves(); });
}

// The curves so far; empty axes ("no data yet") before the first run.
function drawCurves() {
  const loss = run?.losses ?? [], acc = run?.accuracy ?? [];
  plot($("loss-curve"), [{ color: SERIES[0], label: "E", n: loss.length, x: (i) => i + 1, y: (i) => loss[i] }],
    { logY: true, xLabel: "step" });
  const epochs = run?.last?.epochs ?? 1;
  // An empty split (no validation examples) has no curve.
  const series = [[1, "training", SERIES[1]], [2, "validation", SERIES[2]]]
    .filter(([at]) => acc.some((a) => Number.isFinite(a[at])))
    .map(([at, label, color]) => ({ color, label, n: acc.length, x: (i) => acc[i][0], y: (i) => acc[i][at],
      dots: acc.length < 60 }));
  plot($("accuracy-curve"), series, { xLabel: "epoch", xMin: 0, xMax: Math.max(1, epochs), yMin: 0, yMax: 1, percent: true });
}
