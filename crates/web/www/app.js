// The page draws; the network's numbers all come from ann-web (Rust compiled to WebAssembly).
import init, { Network } from "./ann_web.js";

// ---- The page's state, all of it. ----

// The drawing panel.
const drawing = {
  net: null,         // the Network it shows: `trained` or `live`
  trained: null,     // the model from `ann web --artifacts` (null: none served)
  description: null, // its network.json
  live: null,        // the page's copy of the network training in the worker, refreshed from its weights
  input: null,       // x(0) of the canvas; null while there is no character
  target: null,      // the true class picked (its output unit)
  classes: null,     // the shown network's class names: the served model's, or the digits of the live one
  yBefore: null,     // y before the last "learn this", drawn grey
  learnId: 0,        // the last "learn this", to match the worker's answer to it
};

// The training below it.
const training = {
  defaults: null,    // the controls' defaults, from the server's recipe.json
  worker: null,
  mnist: null,       // the worker's "data" message: sizes, the gallery's digits and labels
  run: null,         // the current run's curves (newRun)
  running: false,    // as the worker last reported
  showLive: false,   // "start" hands the drawing panel to the network being trained, once it runs
  drawQueued: false,
};

// The race of the three descents.
const race = { epochs: 0, kinds: [], drawQueued: false };

// ---- Constants. ----

const $ = (id) => document.getElementById(id);
// MNIST's classes: the live network's, and a served model's that names none.
const DIGITS = Array.from({ length: 10 }, (_, k) => String(k));
const BLUE = [0, 114, 178], ORANGE = [213, 94, 0];
const COLORS = ["#0072b2", "#d55e00", "#009e73", "#cc79a7"];
// Setting → [control id, the URL's short name].
const CONTROLS = {
  kind: ["train-kind", "kind"], batch: ["train-batch", "batch"], eta: ["train-eta", "eta"],
  etaFinal: ["train-eta-final", "final"], momentum: ["train-momentum", "mu"], lambda: ["train-lambda", "lambda"],
  activation: ["train-activation", "f"], hidden1: ["train-hidden1", "h1"], hidden2: ["train-hidden2", "h2"],
  seed: ["train-seed", "seed"], epochs: ["train-epochs", "epochs"],
};
const TEXT = new Set(["kind", "activation", "etaFinal"]);
// The race's own settings, kept in the URL beside the training's: [element, URL name, default].
const RACE_CONTROLS = [["race-epochs", "race", "3"], ["race-momentum", "racemu", "0"]];
// Curves of E are smoothed over about this many samples.
const SMOOTHING_SAMPLES = 5000;

async function main() {
  await init();
  setUpPad();
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
    drawing.trained = new Network(weights, new Uint32Array(layers), activation, loss, lambda);
    drawing.description = description;
    const named = classes && classes.join("") !== DIGITS.join("") ? `; classes ${classes.join(" ")}` : "";
    $("model").textContent = `Model: ${description.name} (${layers.join("-")}, ${activation}, λ = ${lambda}${named}).`;
    $("eta").value = description.learning_rate ?? 0.1;
    useNetwork("trained");
  } catch (e) {
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

// wasm-bindgen results live in WebAssembly memory until freed: read what is needed, then free.
function reading(result, read) {
  try { return read(result); } finally { result.free(); }
}

const forward = (net, input) => reading(net.forward(input), (a) => ({ x1: a.hidden(1), x2: a.hidden(2), y: a.y }));

const backprop = (net, input, target) => reading(net.backprop(input, target),
  (b) => ({ d1: b.delta(1), d2: b.delta(2), d3: b.delta(3), gradientSizes: b.gradient_sizes }));

// ---- Drawing, prediction and back-propagation. ----

// Which network the drawing panel shows: "trained" or "live".
function useNetwork(which) {
  $("draw-net").value = which;
  const trained = which === "trained" && drawing.trained;
  drawing.net = trained ? drawing.trained : drawing.live;
  setUpTargets(trained ? drawing.description.classes ?? DIGITS : DIGITS);
  update();
}

// Whether the shown network's classes are MNIST's digits (its test digits can then measure it).
const showsDigits = () => (drawing.classes ?? DIGITS).join("\n") === DIGITS.join("\n");
// What an empty canvas asks for.
const ask = () => (showsDigits() ? "draw a digit" : "draw a character");

// One button per class of the shown network; a change of classes forgets the picked one.
function setUpTargets(classes) {
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

function setUpPad() {
  const pad = $("pad"), ctx = pad.getContext("2d");
  let down = false, last = null;
  const at = (e) => {
    const r = pad.getBoundingClientRect();
    return [(e.clientX - r.left) * pad.width / r.width, (e.clientY - r.top) * pad.height / r.height];
  };
  pad.addEventListener("pointerdown", (e) => {
    down = true;
    last = at(e);
    pad.setPointerCapture(e.pointerId);
    stroke(ctx, last, last);
  });
  pad.addEventListener("pointermove", (e) => {
    if (!down) return;
    const p = at(e);
    stroke(ctx, last, p);
    last = p;
  });
  const end = (e) => { if (down) { down = false; update(e.timeStamp); } };
  pad.addEventListener("pointerup", end);
  pad.addEventListener("pointercancel", end);
  $("clear").onclick = clear;
}

function stroke(ctx, a, b) {
  ctx.strokeStyle = "#000"; ctx.lineWidth = 20; ctx.lineCap = "round"; ctx.lineJoin = "round";
  ctx.beginPath(); ctx.moveTo(a[0], a[1]); ctx.lineTo(b[0], b[1]); ctx.stroke();
}

function clear() {
  const pad = $("pad");
  pad.getContext("2d").clearRect(0, 0, pad.width, pad.height);
  drawing.yBefore = null;
  $("moved").textContent = "";
  update();
}

// Everything below the drawing, recomputed from the canvas. `since`: when the stroke ended
// (the event's time), for the drawing → prediction latency.
function update(since) {
  const started = performance.now();
  const pad = $("pad"), net = drawing.net;
  if (!net) {
    $("status").textContent = "press start below: the network that trains there predicts here";
    $("prediction").textContent = "";
    return;
  }
  const rgba = pad.getContext("2d").getImageData(0, 0, pad.width, pad.height).data;
  try {
    drawing.input = net.input(new Uint8Array(rgba.buffer), pad.width, pad.height);
  } catch (e) {
    drawing.input = null;
    // An empty canvas or a dot: ask for a digit instead of predicting noise.
    const message = String(e.message ?? e);
    $("status").textContent = /ink/.test(message) ? ask() : message;
    $("prediction").textContent = "";
    $("confidence").textContent = "";
    $("learn").disabled = true;
    for (const id of ["input", "x1", "x2", "y", "d3", "d2", "d1"]) blank($(id));
    for (const id of ["d3-numbers", "d2-numbers", "d1-numbers"]) $(id).textContent = "";
    return;
  }
  $("status").textContent = "";
  const { input, target } = drawing;
  const { x1, x2, y } = forward(net, input);
  grid($("input"), input, 28, 28, false);
  grid($("x1"), x1, 20, Math.ceil(x1.length / 20), false);
  grid($("x2"), x2, 10, Math.ceil(x2.length / 10), false);
  const classes = drawing.classes ?? DIGITS;
  bars($("y"), y, drawing.yBefore, 1, false, classes);
  const best = y.indexOf(Math.max(...y));
  $("prediction").textContent = classes[best] ?? String(best);
  $("confidence").textContent = `(${(y[best] * 100).toFixed(1)}%)`;
  $("learn").disabled = target === null;
  if (target !== null) {
    const { d1, d2, d3, gradientSizes } = backprop(net, input, target);
    bars($("d3"), d3, null, 1, true, classes);
    grid($("d2"), d2, 10, Math.ceil(d2.length / 10), true);
    grid($("d1"), d1, 20, Math.ceil(d1.length / 20), true);
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

function learn() {
  const { net, input, target } = drawing;
  if (input === null || target === null || !net) return;
  const before = forward(net, input).y;
  drawing.yBefore = before;
  const eta = Math.min(5, Math.max(0.001, parseFloat($("eta").value) || 0.1));
  const live = net === drawing.live;
  const weightsBefore = live ? null : net.weights();
  net.learn(input, target, eta);
  const after = forward(net, input).y;
  const id = ++drawing.learnId;
  const percent = (p) => `${(p * 100).toFixed(2)}%`;
  $("moved").textContent = `y(${(drawing.classes ?? DIGITS)[target]}) moved from ${percent(before[target])} to ${percent(after[target])} ` +
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

function learned(m) {
  const moved = $("moved");
  if (String(m.id) !== moved.dataset.id) return;
  moved.textContent = moved.textContent.replace(/ Accuracy on 1,000 test digits: .*$/, "") +
    ` Accuracy on 1,000 test digits: ${(m.before * 100).toFixed(1)}% before the step, ` +
    `${(m.after * 100).toFixed(1)}% after.`;
  moved.dataset.before = m.before;
  moved.dataset.after = m.after;
}

function summary(v) {
  let max = 0, at = 0;
  v.forEach((x, i) => { if (Math.abs(x) > max) { max = Math.abs(x); at = i; } });
  const nonzero = v.reduce((c, x) => c + (x !== 0), 0);
  return `largest |δ| = ${max.toExponential(2)} (unit ${at}); ${nonzero} of ${v.length} units non-zero`;
}

function blank(canvas) {
  const ctx = canvas.getContext("2d");
  ctx.fillStyle = "#f2f2f2"; ctx.fillRect(0, 0, canvas.width, canvas.height);
}

// Values as a heat grid: 0..max in blue (activations), or −max..max orange/blue (δ).
function grid(canvas, values, cols, rows, signed) {
  const ctx = canvas.getContext("2d");
  const cw = canvas.width / cols, ch = canvas.height / rows;
  let max = 1e-12;
  for (const v of values) max = Math.max(max, Math.abs(v));
  ctx.fillStyle = "#fff"; ctx.fillRect(0, 0, canvas.width, canvas.height);
  values.forEach((v, i) => {
    const s = Math.min(1, Math.abs(v) / max);
    const c = signed && v < 0 ? BLUE : signed ? ORANGE : [0, 0, 0];
    ctx.fillStyle = `rgb(${c.map((x) => Math.round(255 - (255 - x) * s)).join(",")})`;
    ctx.fillRect((i % cols) * cw, Math.floor(i / cols) * ch, Math.ceil(cw), Math.ceil(ch));
  });
}

// Ten bars; `before` (grey) shows the output before a learning step.
// One bar per output unit, labelled by `names` (the unit's index without them).
function bars(canvas, values, before, scale, signed, names) {
  const ctx = canvas.getContext("2d");
  const w = canvas.width, h = canvas.height, bw = w / values.length, base = signed ? (h - 18) / 2 : h - 18;
  let max = scale;
  if (signed) { max = 1e-12; for (const v of values) max = Math.max(max, Math.abs(v)); }
  ctx.fillStyle = "#fff"; ctx.fillRect(0, 0, w, h);
  ctx.font = "12px sans-serif"; ctx.textAlign = "center";
  values.forEach((v, k) => {
    const x = k * bw + 4;
    if (before) {
      ctx.fillStyle = "#bbb";
      const bh = (before[k] / max) * base;
      ctx.fillRect(x, base - bh, bw / 2 - 4, bh);
    }
    const bh = (v / max) * base;
    ctx.fillStyle = signed && v < 0 ? `rgb(${BLUE})` : signed ? `rgb(${ORANGE})` : `rgb(${BLUE})`;
    ctx.fillRect(before ? x + bw / 2 - 4 : x, bh >= 0 ? base - bh : base, before ? bw / 2 - 4 : bw - 8, Math.abs(bh));
    ctx.fillStyle = "#333"; ctx.fillText(names?.[k] ?? String(k), k * bw + bw / 2, h - 4, bw - 2);
  });
}

// ---- Training: the controls, the worker's reports and the live views. ----

// The controls' settings from the server's recipe (configs/plain.toml, built into ann).
function defaultsOf(recipe) {
  const { model, training: t } = recipe;
  return {
    kind: t.batch_size === 1 ? "stochastic" : "minibatch", batch: t.batch_size, eta: t.learning_rate,
    etaFinal: t.final_learning_rate === null ? "" : String(t.final_learning_rate), momentum: t.momentum,
    lambda: t.lambda, activation: model.activation, hidden1: model.layers[1], hidden2: model.layers[2],
    seed: t.seed, epochs: t.epochs, validFraction: recipe.data.valid_fraction,
  };
}

// A bias-corrected moving average of E over about the last SMOOTHING_SAMPLES samples.
function smoother(batch) {
  const beta = Math.max(0, 1 - batch / SMOOTHING_SAMPLES);
  let sum = 0, weight = 0;
  return (e) => {
    sum = beta * sum + (1 - beta) * e;
    weight = beta * weight + (1 - beta);
    return sum / weight;
  };
}

function newRun(batch) {
  return { smooth: smoother(batch), losses: [], valid: [], grads: [], gallery: null, drawnGallery: null,
    weights: null, widths: null, drawnWeights: null };
}

function readSettings() {
  const s = {}, d = training.defaults;
  for (const [key, [id]] of Object.entries(CONTROLS)) {
    const v = $(id).value;
    s[key] = TEXT.has(key) ? v : Number(v);
  }
  s.batch = Math.max(1, Math.round(s.batch) || d.batch);
  s.epochs = Math.max(1, Math.round(s.epochs) || d.epochs);
  s.hidden1 = Math.max(1, Math.round(s.hidden1) || d.hidden1);
  s.hidden2 = Math.max(1, Math.round(s.hidden2) || d.hidden2);
  s.seed = Math.max(0, Math.round(s.seed) || 0);
  if (!(s.eta > 0)) s.eta = d.eta;
  if (!(s.momentum >= 0 && s.momentum < 1)) s.momentum = 0;
  if (!(s.lambda >= 0)) s.lambda = 0;
  return s;
}

// Settings ↔ URL (?kind=minibatch&batch=100&eta=0.05…): a link reproduces the run.
function settingsFromUrl() {
  const q = new URLSearchParams(location.search);
  for (const [key, [id, name]] of Object.entries(CONTROLS)) {
    $(id).value = q.has(name) ? q.get(name) : training.defaults[key];
  }
  for (const [id, name, value] of RACE_CONTROLS) $(id).value = q.get(name) ?? value;
  $("train-batch").disabled = $("train-kind").value !== "minibatch";
}

function settingsToUrl() {
  const s = readSettings(), q = new URLSearchParams(location.search);
  for (const [key, [, name]] of Object.entries(CONTROLS)) {
    if (String(s[key]) === String(training.defaults[key])) q.delete(name); else q.set(name, s[key]);
  }
  for (const [id, name, value] of RACE_CONTROLS) {
    if ($(id).value === value) q.delete(name); else q.set(name, $(id).value);
  }
  const search = q.toString();
  history.replaceState(null, "", search ? `?${search}` : location.pathname);
}

function setUpTraining() {
  settingsFromUrl();
  for (const [, [id]] of Object.entries(CONTROLS)) {
    $(id).addEventListener("change", () => {
      $("train-batch").disabled = $("train-kind").value !== "minibatch";
      settingsToUrl();
      $("train-status").textContent = "settings changed: reset (or start) to train with them";
    });
  }
  for (const [id] of RACE_CONTROLS) $(id).addEventListener("change", settingsToUrl);
  const worker = new Worker(new URL("train-worker.js", import.meta.url), { type: "module" });
  training.worker = worker;
  worker.onmessage = (e) => onWorker(e.data);
  worker.onerror = (e) => { $("data-status").textContent = `the training worker failed: ${e.message}`; };
  worker.postMessage({ type: "init", validFraction: training.defaults.validFraction });
  const send = (type) => () => { settingsToUrl(); worker.postMessage({ type, settings: readSettings() }); };
  $("train-start").onclick = () => { send("start")(); training.showLive = true; };
  $("train-pause").onclick = () => worker.postMessage({ type: "pause" });
  $("train-step").onclick = send("step");
  $("train-reset").onclick = send("reset");
  $("race-start").onclick = () => { settingsToUrl(); startRace(); };
  $("race-stop").onclick = () => { worker.postMessage({ type: "race-stop" }); $("race-stop").disabled = true; };
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
    case "gallery": if (training.run) { training.run.gallery = m.y; queueDraw(); } break;
    case "learned": learned(m); break;
    case "race-start": onRaceStart(m); break;
    case "race-progress": onRaceProgress(m); break;
    case "race-done": onRaceDone(); break;
    case "error": $("data-status").textContent = `training: ${m.message}`; break;
  }
}

function onData(m) {
  training.mnist = m;
  const count = (n) => n.toLocaleString("en");
  $("data-status").textContent = `MNIST: ${count(m.train)} training images, ${count(m.valid)} held out for ` +
    `validation, ${count(m.test)} test images. ${m.attribution ?? ""}`;
  $("valid-count").textContent = count(Math.min(1000, m.valid));
  $("race-batch")?.replaceChildren(count(m.train));
  for (const id of ["train-start", "train-pause", "train-step", "train-reset", "race-start"]) $(id).disabled = false;
  $("train-status").textContent = "ready: press start";
  training.worker.postMessage({ type: "reset", settings: readSettings() });
}

function onStatus(m) {
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
  drawing.live = new Network(m.weights, new Uint32Array(m.layers), m.activation, "cross_entropy", m.lambda);
  if ($("draw-net").value === "live") {
    drawing.net = drawing.live;
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
  plot($("loss-curve"), [{ color: COLORS[0], label: "E", n: loss.length, x: (i) => i + 1, y: (i) => loss[i] }],
    { logY: true, xLabel: "step" });
  const accuracy = { color: COLORS[2], label: "validation", n: valid.length, x: (i) => valid[i][0],
    y: (i) => valid[i][1], dots: true };
  const yMin = valid.length ? Math.min(0.9, ...valid.map((v) => v[1])) : 0.9;
  plot($("accuracy-curve"), [accuracy],
    { xLabel: "epoch", xMin: 0, xMax: Math.max(3, valid.length), yMin, yMax: 1, percent: true });
  const layers = [0, 1, 2].map((l) => ({ color: COLORS[l], label: `W(${l + 1})`, n: g.length, x: (i) => g[i][1],
    y: (i) => g[i][2 + l] }));
  plot($("gradient-curve"), layers, { logY: true, xLabel: "step" });
  if (run.weights && run.weights !== run.drawnWeights) {
    drawWeights($("weights-view"), run.weights, run.widths);
    run.drawnWeights = run.weights;
  }
  if (run.gallery && run.gallery !== run.drawnGallery) {
    drawGallery($("gallery"), run.gallery);
    run.drawnGallery = run.gallery;
  }
}

// Lines on axes. series: {n, x(i), y(i), color, label, dots}; a series of thousands of points
// is drawn at about one point per pixel.
function plot(canvas, series, o = {}) {
  const ctx = canvas.getContext("2d"), W = canvas.width, H = canvas.height;
  const L = 52, R = 10, T = 24, B = 28;
  ctx.fillStyle = "#fff"; ctx.fillRect(0, 0, W, H);
  const shown = (x, y) => Number.isFinite(y) && !(o.logY && !(y > 0)) && !(o.logX && !(x > 0));
  let [x0, x1, y0, y1] = [Infinity, -Infinity, Infinity, -Infinity];
  for (const s of series) for (let i = 0; i < s.n; i++) {
    const x = s.x(i), y = s.y(i);
    if (!shown(x, y)) continue;
    x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, y); y1 = Math.max(y1, y);
  }
  if (o.xMin !== undefined) x0 = Math.min(x0, o.xMin);
  if (o.xMax !== undefined) x1 = Math.max(x1, o.xMax);
  if (o.yMin !== undefined) y0 = o.yMin;
  if (o.yMax !== undefined) y1 = o.yMax;
  ctx.strokeStyle = "#999"; ctx.lineWidth = 1;
  ctx.strokeRect(L, T, W - L - R, H - T - B);
  ctx.fillStyle = "#555"; ctx.font = "11px sans-serif";
  if (!(x1 >= x0) || !(y1 >= y0)) { ctx.fillText("no data yet", L + 10, T + 20); return; }
  if (x1 === x0) x1 = x0 + 1;
  if (y1 === y0) { y1 = y0 * 1.1 + 1e-12; y0 = y0 * 0.9; }
  const fx = o.logX ? Math.log10 : (v) => v, fy = o.logY ? Math.log10 : (v) => v;
  const [a0, a1, b0, b1] = [fx(x0), fx(x1), fy(y0), fy(y1)];
  const px = (x) => L + ((fx(x) - a0) / (a1 - a0 || 1)) * (W - L - R);
  const py = (y) => H - B - ((fy(y) - b0) / (b1 - b0 || 1)) * (H - T - B);
  // Ticks: powers of ten on a log axis, else five steps.
  ctx.textAlign = "right";
  for (const t of o.logY ? ticksLog(y0, y1) : ticksLin(y0, y1)) {
    const y = py(t);
    ctx.fillText(o.percent ? `${(t * 100).toFixed(1)}%` : fmt(t), L - 4, y + 4);
    ctx.strokeStyle = "#eee"; ctx.beginPath(); ctx.moveTo(L + 1, y); ctx.lineTo(W - R - 1, y); ctx.stroke();
  }
  ctx.textAlign = "center";
  for (const t of o.logX ? ticksLog(x0, x1) : ticksLin(x0, x1)) ctx.fillText(fmt(t), px(t), H - B + 14);
  ctx.fillText(o.xLabel ?? "", (L + W - R) / 2, H - 3);
  ctx.save(); ctx.beginPath(); ctx.rect(L, T, W - L - R, H - T - B); ctx.clip();
  for (const s of series) {
    ctx.strokeStyle = s.color; ctx.fillStyle = s.color; ctx.lineWidth = 1.6;
    const stride = Math.max(1, Math.floor(s.n / (2 * (W - L - R))));
    ctx.beginPath();
    let started = false;
    // Every stride-th point, and the last one.
    for (let i = 0; i < s.n; i += (i + stride >= s.n && i !== s.n - 1) ? s.n - 1 - i : stride) {
      const x = s.x(i), y = s.y(i);
      if (!shown(x, y)) { started = false; continue; }
      if (started) ctx.lineTo(px(x), py(y)); else { ctx.moveTo(px(x), py(y)); started = true; }
      if (s.dots) ctx.fillRect(px(x) - 2.5, py(y) - 2.5, 5, 5);
      if (i === s.n - 1) break;
    }
    ctx.stroke();
    if (s.dots && s.n && o.percent) {
      const i = s.n - 1;
      ctx.textAlign = "right";
      ctx.fillText(`${(s.y(i) * 100).toFixed(2)}%`, px(s.x(i)) - 6, py(s.y(i)) + 14);
    }
  }
  ctx.restore();
  // Legend, above the plot.
  ctx.textAlign = "left";
  let lx = L;
  for (const s of series) {
    if (!s.label) continue;
    ctx.fillStyle = s.color; ctx.fillRect(lx, T - 11, 12, 3);
    ctx.fillStyle = "#333"; ctx.fillText(s.label, lx + 16, T - 6);
    lx += 16 + ctx.measureText(s.label).width + 14;
  }
}

function ticksLog(a, b) {
  const out = [];
  for (let e = Math.floor(Math.log10(a)); e <= Math.ceil(Math.log10(b)); e++) {
    const v = 10 ** e;
    if (v >= a * 0.999 && v <= b * 1.001) out.push(v);
  }
  if (out.length < 2) { out.length = 0; out.push(a, b); }
  return out;
}

function ticksLin(a, b) {
  const raw = (b - a) / 5, p = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw) ?? raw;
  const out = [];
  for (let v = Math.ceil(a / step) * step; v <= b + step * 1e-6; v += step) out.push(v);
  return out;
}

function fmt(v) {
  if (v === 0) return "0";
  const a = Math.abs(v);
  if (a >= 10000) return `${(v / 1000).toFixed(0)}k`;
  if (a >= 1) return String(Math.round(v * 100) / 100);
  if (a >= 0.01) return v.toFixed(3).replace(/0+$/, "");
  return v.toExponential(0);
}

// W(1) as one 28×28 tile per hidden unit: tile j shows column j of the [784, M] matrix.
function drawWeights(canvas, weights, layers) {
  const [d, m] = layers;
  const cols = Math.ceil(Math.sqrt(m * 4 / 3)), rows = Math.ceil(m / cols);
  const tile = Math.max(1, Math.floor(Math.min(canvas.width / cols, canvas.height / rows)));
  const ctx = canvas.getContext("2d");
  ctx.fillStyle = "#fff"; ctx.fillRect(0, 0, canvas.width, canvas.height);
  const img = ctx.createImageData(cols * 28, rows * 28);
  for (let j = 0; j < m; j++) {
    let max = 1e-12;
    for (let i = 0; i < d; i++) max = Math.max(max, Math.abs(weights[i * m + j]));
    const ox = (j % cols) * 28, oy = Math.floor(j / cols) * 28;
    for (let i = 0; i < d; i++) {
      const v = weights[i * m + j] / max, s = Math.min(1, Math.abs(v)), c = v < 0 ? BLUE : ORANGE;
      const p = ((oy + Math.floor(i / 28)) * cols * 28 + ox + (i % 28)) * 4;
      for (let k = 0; k < 3; k++) img.data[p + k] = 255 - (255 - c[k]) * s;
      img.data[p + 3] = 255;
    }
  }
  // Scale up without smoothing, with a one-pixel gap between tiles.
  const off = new OffscreenCanvas(img.width, img.height);
  off.getContext("2d").putImageData(img, 0, 0);
  ctx.imageSmoothingEnabled = false;
  for (let j = 0; j < m; j++) {
    const sx = (j % cols) * 28, sy = Math.floor(j / cols) * 28;
    const dx = (j % cols) * tile, dy = Math.floor(j / cols) * tile;
    ctx.drawImage(off, sx, sy, 28, 28, dx, dy, tile - 1, tile - 1);
  }
}

// The first test digits with the network's guess and its probability; a wrong guess is framed
// in red, with the second and third guesses.
function drawGallery(canvas, y) {
  const mnist = training.mnist;
  if (!mnist) return;
  const ctx = canvas.getContext("2d"), n = mnist.gallery.length, cols = 10, tw = canvas.width / cols, th = 68;
  ctx.fillStyle = "#fff"; ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.font = "12px sans-serif"; ctx.textAlign = "center";
  let wrong = 0;
  for (let k = 0; k < n; k++) {
    // Row k of the worker's [n, 10] outputs.
    const p = y.subarray(k * 10, k * 10 + 10), order = [...p.keys()].sort((a, b) => p[b] - p[a]);
    const label = mnist.labels[k], ok = order[0] === label;
    if (!ok) wrong++;
    const img = ctx.createImageData(28, 28), px = mnist.gallery[k];
    for (let i = 0; i < 784; i++) { const v = 255 - px[i]; img.data.set([v, v, v, 255], i * 4); }
    const x = (k % cols) * tw + (tw - 44) / 2, yy = Math.floor(k / cols) * th + 2;
    const off = new OffscreenCanvas(28, 28);
    off.getContext("2d").putImageData(img, 0, 0);
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(off, x, yy, 44, 44);
    if (!ok) { ctx.strokeStyle = "#d00"; ctx.lineWidth = 2; ctx.strokeRect(x - 1, yy - 1, 46, 46); }
    ctx.fillStyle = ok ? "#333" : "#d00";
    const caption = ok ? `${order[0]} (${Math.round(p[order[0]] * 100)}%)` : `✗ ${order[0]} (${order[1]}, ${order[2]})`;
    ctx.fillText(caption, x + 22, yy + 58);
  }
  canvas.dataset.wrong = wrong;
}

// ---- The race ----

function startRace() {
  const settings = readSettings();
  const epochs = Math.max(1, Math.min(20, Math.round(Number($("race-epochs").value)) || 1));
  const momentum = Math.max(0, Math.min(0.999, Number($("race-momentum").value) || 0));
  // The mini-batch runner takes the chosen size, or the recipe's when another descent is chosen.
  const miniBatch = settings.kind === "minibatch" ? settings.batch : training.defaults.batch;
  training.worker.postMessage({ type: "race", settings: { ...settings, momentum }, miniBatch, epochs });
  $("race-start").disabled = true;
  $("race-stop").disabled = false;
}

function onRaceStart(m) {
  race.epochs = m.epochs;
  race.kinds = m.kinds.map((k, i) => ({ ...k, color: COLORS[i], smooth: smoother(k.batch), steps: [], seconds: [],
    loss: [], finished: false, validAccuracy: undefined }));
  const kinds = m.kinds.map((k) => `${k.kind} (batch ${k.batch.toLocaleString("en")})`).join(", ");
  $("race-status").textContent =
    `racing: ${kinds} for ${m.epochs} epoch(s) of samples each; the training above is paused.`;
  drawRace();
}

function onRaceProgress(m) {
  const r = race.kinds.find((k) => k.kind === m.kind);
  if (!r) return;
  const first = r.steps.length ? r.steps[r.steps.length - 1] : 0;
  const t0 = r.seconds.length ? r.seconds[r.seconds.length - 1] : 0;
  const dt = (m.seconds - t0) / Math.max(1, m.losses.length);
  m.losses.forEach((e, i) => {
    r.steps.push(first + i + 1);
    r.seconds.push(t0 + dt * (i + 1));
    r.loss.push(r.smooth(e));
  });
  r.finished = m.finished;
  if (m.validAccuracy !== undefined) r.validAccuracy = m.validAccuracy;
  if (!race.drawQueued) {
    race.drawQueued = true;
    requestAnimationFrame(() => { race.drawQueued = false; drawRace(); });
  }
}

function onRaceDone() {
  $("race-start").disabled = false;
  $("race-stop").disabled = true;
  $("race-status").textContent =
    `done: each descent saw ${race.epochs} epoch(s) of samples. Press start above to go on training there.`;
  drawRace();
}

function drawRace() {
  if (!race.kinds.length) return;
  const series = (xs) => race.kinds.map((r) => ({ color: r.color, label: `${r.kind} (${r.batch.toLocaleString("en")})`,
    n: r.loss.length, x: (i) => r[xs][i], y: (i) => r.loss[i], dots: r.loss.length <= 50 }));
  plot($("race-steps"), series("steps"), { logY: true, logX: true, xLabel: "steps" });
  plot($("race-seconds"), series("seconds"), { logY: true, xLabel: "seconds" });
  const table = $("race-table");
  while (table.rows.length > 1) table.deleteRow(1);
  for (const r of race.kinds) {
    const row = table.insertRow(), n = r.loss.length;
    const accuracy = r.validAccuracy === undefined ? (r.finished ? "" : "…") : `${(r.validAccuracy * 100).toFixed(2)}%`;
    const last = (values, digits) => (n ? values[n - 1].toFixed(digits) : "");
    const cells = [r.kind, n.toLocaleString("en"), last(r.seconds, 1), last(r.loss, 3), accuracy];
    for (const v of cells) row.insertCell().textContent = v;
  }
}

main().catch((e) => { $("status").textContent = `the page could not start: ${e.message ?? e}`; });
