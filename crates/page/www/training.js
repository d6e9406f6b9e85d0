// The training below the drawing: its controls, the worker's protocol (what the page sends,
// what each report changes) and the live views of the run.
import { plot } from "./chart.js";
import { $ } from "./dom.js";
import { learned, update, setUpTargets, useNetwork } from "./drawing.js";
import { drawGallery } from "./gallery.js";
import { indexNames, makeNetwork } from "./network.js";
import { SERIES } from "./palette.js";
import { drawWeights } from "./pictures.js";
import { onRaceDone, onRaceProgress, onRaceFailed, onRaceStart, startRace, stopRace } from "./race.js";
import { CONTROLS, RACE_CONTROLS, readSettings } from "./settings.js";
import { smoother } from "./smooth.js";
import { drawing, training } from "./state.js";
import { settingsFromUrl, settingsToUrl } from "./url.js";

const batchOnlyForMinibatch = () => { $("train-batch").disabled = $("train-kind").value !== "minibatch"; };

export function setUpTraining() {
  const defaults = training.defaults;
  settingsFromUrl(defaults);
  batchOnlyForMinibatch();
  for (const [, [id]] of Object.entries(CONTROLS)) {
    $(id).addEventListener("change", () => {
      batchOnlyForMinibatch();
      settingsToUrl(defaults);
      $("train-status").textContent = "settings changed: reset (or start) to train with them";
    });
  }
  for (const [id] of RACE_CONTROLS) $(id).addEventListener("change", () => settingsToUrl(defaults));
  const worker = new Worker(new URL("train-worker.js", import.meta.url), { type: "module" });
  training.worker = worker;
  worker.onmessage = (e) => onWorker(e.data);
  worker.onerror = (e) => { $("data-status").textContent = `the training worker failed: ${e.message}`; };
  worker.postMessage({ type: "init", validFraction: defaults.validFraction });
  const send = (type) => () => { settingsToUrl(defaults); worker.postMessage({ type, settings: readSettings() }); };
  $("train-start").onclick = () => { send("start")(); training.showLive = true; };
  $("train-pause").onclick = () => worker.postMessage({ type: "pause" });
  $("train-step").onclick = send("step");
  $("train-reset").onclick = send("reset");
  $("race-start").onclick = () => { settingsToUrl(defaults); startRace(); };
  $("race-stop").onclick = stopRace;
}

function onWorker(m) {
  switch (m.type) {
    case "data": onData(m); break;
    case "nodata": {
      const i = m.index, looked = i.looked?.length ? `Looked in: ${i.looked.join(", ")}. ` : "";
      $("data-status").textContent =
        `No MNIST was served, so this page cannot train (the drawing part still works). ${looked}${i.hint ?? ""}`;
      $("train-status").textContent = "no training data";
      break;
    }
    case "status": onStatus(m); break;
    case "weights": onWeights(m); break;
    case "gallery":
      if (training.run) { Object.assign(training.run, { gallery: m.y, galleryOutputs: m.outputs }); queueDraw(); }
      break;
    case "learned": learned(m); break;
    case "race-start": onRaceStart(m); break;
    case "race-progress": onRaceProgress(m); break;
    case "race-done": onRaceDone(); break;
    // Among them the Trainer's refusal of the settings, said in its own words.
    case "error":
      $("data-status").textContent = `training: ${m.message}`;
      if (m.race) onRaceFailed(m.message);
      break;
  }
}

// What MNIST the worker loaded: also what a refused setting's message gives way to.
function describeData() {
  const m = training.mnist, count = (n) => n.toLocaleString("en");
  const what = m.classes ? `${m.origin} (classes ${m.classes.join(" ")})` : "MNIST";
  if (m.classes) { $("data-name").textContent = "the run's own data"; $("gallery-name").textContent = "images"; }
  $("data-status").textContent = `${what}: ${count(m.train)} training images, ${count(m.valid)} held out for ` +
    `validation, ${count(m.test)} test images. ${m.attribution ?? ""}`;
}

function onData(m) {
  training.mnist = m;
  describeData();
  const count = (n) => n.toLocaleString("en");
  $("valid-count").textContent = count(Math.min(1000, m.valid));
  $("race-batch")?.replaceChildren(count(m.train));
  for (const id of ["train-start", "train-pause", "train-step", "train-reset", "race-start"]) $(id).disabled = false;
  $("train-status").textContent = "ready: press start";
  training.worker.postMessage({ type: "reset", settings: readSettings() });
}

function newRun(batch) {
  return { smooth: smoother(batch), losses: [], valid: [], grads: [], gallery: null, galleryOutputs: 0,
    drawnGallery: null, weights: null, widths: null, drawnWeights: null };
}

function onStatus(m) {
  if (m.reset) describeData();
  if (m.reset || !training.run) training.run = newRun(m.batch ?? readSettings().batch);
  const run = training.run;
  if (m.losses) {
    for (const e of m.losses) run.losses.push(run.smooth(e));
    if (m.gradients && m.gradients.every(Number.isFinite)) {
      const last = run.grads[run.grads.length - 1];
      if (!last || last[0] !== m.gradients.join()) run.grads.push([m.gradients.join(), m.steps, ...m.gradients]);
    }
  }
  if (m.epochDone) run.valid.push([m.epochDone, m.validAccuracy]);
  training.running = m.running;
  const st = $("train-status");
  st.dataset.epoch = m.epoch;
  st.dataset.steps = m.steps;
  st.dataset.samplesPerSecond = Math.round(m.samplesPerSecond);
  st.dataset.running = m.running;
  st.dataset.ready = "true";
  const va = run.valid.length ? run.valid[run.valid.length - 1][1] : null;
  st.dataset.validAccuracy = va === null ? "" : va.toFixed(4);
  st.dataset.validHistory = run.valid.map((v) => v[1].toFixed(4)).join(",");
  const within = m.stepsPerEpoch > 1 ? ` (${m.position.toLocaleString("en")} images into epoch ${m.epoch + 1})` : "";
  const speed = m.running ? Math.round(m.samplesPerSecond).toLocaleString("en") : "–";
  st.textContent = `${m.finished ? "done" : m.running ? "training" : "paused"} · ` +
    `epoch ${m.epoch} of ${readSettings().epochs} done${m.finished ? "" : within} · ` +
    `step ${m.steps.toLocaleString("en")} · ${speed} samples/s · η = ${m.eta.toPrecision(3)}` +
    (va === null ? "" : ` · validation accuracy ${(va * 100).toFixed(2)}%`);
  showLiveOnceRunning();
  queueDraw();
}

function onWeights(m) {
  const run = training.run;
  if (!run) return;
  run.weights = m.weights;
  run.widths = m.layers;
  const old = drawing.live;
  drawing.live = makeNetwork(m.weights, m.layers, m.activation, "cross_entropy", m.lambda);
  // A run's own data names its classes; MNIST's are its output units' indices.
  drawing.liveClasses = training.mnist?.classes ?? indexNames(m.layers[m.layers.length - 1]);
  if ($("draw-net").value === "live") {
    drawing.net = drawing.live;
    setUpTargets(drawing.liveClasses);
    if (drawing.input !== null || !drawing.trained) update();
  }
  old?.free();
  showLiveOnceRunning();
  queueDraw();
}

// After "start": the drawing panel shows the network being trained once it runs and has a copy here.
function showLiveOnceRunning() {
  if (training.showLive && training.running && drawing.live) {
    training.showLive = false;
    useNetwork("live");
  }
}

function queueDraw() {
  if (training.drawQueued) return;
  training.drawQueued = true;
  requestAnimationFrame(() => { training.drawQueued = false; drawTraining(); });
}

function drawTraining() {
  const run = training.run;
  if (!run) return;
  const loss = run.losses, valid = run.valid, g = run.grads;
  plot($("loss-curve"), [{ color: SERIES[0], label: "E", n: loss.length, x: (i) => i + 1, y: (i) => loss[i] }],
    { logY: true, xLabel: "step" });
  const accuracy = { color: SERIES[2], label: "validation", n: valid.length, x: (i) => valid[i][0],
    y: (i) => valid[i][1], dots: true };
  const yMin = valid.length ? Math.min(0.9, ...valid.map((v) => v[1])) : 0.9;
  plot($("accuracy-curve"), [accuracy],
    { xLabel: "epoch", xMin: 0, xMax: Math.max(3, valid.length), yMin, yMax: 1, percent: true });
  const layers = [0, 1, 2].map((l) => ({ color: SERIES[l], label: `W(${l + 1})`, n: g.length, x: (i) => g[i][1],
    y: (i) => g[i][2 + l] }));
  plot($("gradient-curve"), layers, { logY: true, xLabel: "step" });
  if (run.weights && run.weights !== run.drawnWeights) {
    drawWeights($("weights-view"), run.weights, run.widths);
    run.drawnWeights = run.weights;
  }
  if (run.gallery && training.mnist && run.gallery !== run.drawnGallery) {
    drawGallery($("gallery"), training.mnist, run.gallery, run.galleryOutputs);
    run.drawnGallery = run.gallery;
  }
}
