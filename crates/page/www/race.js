// The race of batch, mini-batch and stochastic descent: its start, the worker's reports of it,
// and its charts and table.
import { plot } from "./chart.js";
import { $ } from "./dom.js";
import { SERIES } from "./palette.js";
import { readSettings } from "./settings.js";
import { smoother } from "./smooth.js";
import { race, training } from "./state.js";

// The most epochs a race may take: past that the page would race for minutes.
const MAX_EPOCHS = 20;

export function startRace() {
  const settings = readSettings();
  const epochs = Math.min(MAX_EPOCHS, Number($("race-epochs").value));
  const momentum = Number($("race-momentum").value);
  // The mini-batch runner takes the chosen size, or the recipe's when another descent is chosen.
  const miniBatch = settings.kind === "minibatch" ? settings.batch : training.defaults.batch;
  training.worker.postMessage({ type: "race", settings: { ...settings, momentum }, miniBatch, epochs });
  $("race-start").disabled = true;
  $("race-stop").disabled = false;
}

export function stopRace() {
  training.worker.postMessage({ type: "race-stop" });
  $("race-stop").disabled = true;
}

export function onRaceStart(m) {
  race.epochs = m.epochs;
  race.kinds = m.kinds.map((k, i) => ({ ...k, color: SERIES[i], smooth: smoother(k.batch), steps: [], seconds: [],
    loss: [], finished: false, validAccuracy: undefined }));
  const kinds = m.kinds.map((k) => `${k.kind} (batch ${k.batch.toLocaleString("en")})`).join(", ");
  $("race-status").textContent =
    `racing: ${kinds} for ${m.epochs} epoch(s) of samples each; the training above is paused.`;
  drawRace();
}

export function onRaceProgress(m) {
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

export function onRaceDone() {
  $("race-start").disabled = false;
  $("race-stop").disabled = true;
  $("race-status").textContent =
    `done: each descent saw ${race.epochs} epoch(s) of samples. Press start above to go on training there.`;
  drawRace();
}

// The worker's error in the race, the Trainer's refusal of its settings among them: the reason,
// and the race can be started again.
export function onRaceFailed(message) {
  $("race-start").disabled = false;
  $("race-stop").disabled = true;
  $("race-status").textContent = `no race: ${message}`;
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
