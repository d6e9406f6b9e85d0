// The page draws; the network's numbers all come from ann-web (Rust compiled to WebAssembly).
import init, { Network } from "./ann_web.js";

const $ = (id) => document.getElementById(id);
const BLUE = [0, 114, 178], ORANGE = [213, 94, 0];

let net, widths, input = null, target = null, lastY = null;

async function main() {
  await init();
  const description = await (await fetch("network.json")).json();
  const weights = new Float32Array(await (await fetch("weights.bin")).arrayBuffer());
  widths = description.layers;
  net = new Network(weights, new Uint32Array(widths), description.activation, description.loss, description.lambda);
  $("model").textContent = `Model: ${description.name} (${widths.join("-")}, ${description.activation}, λ = ${description.lambda}).`;
  $("eta").value = description.learning_rate ?? 0.1;
  for (let k = 0; k < 10; k++) {
    const b = document.createElement("button");
    b.id = `target-${k}`;
    b.textContent = k;
    b.onclick = () => { target = k; document.querySelectorAll(".targets button").forEach((x) => x.classList.toggle("on", x === b)); update(); };
    $("targets").appendChild(b);
  }
  setUpPad();
  $("learn").onclick = learn;
  $("reset").onclick = () => { net.reset(); $("moved").textContent = "back to the trained weights"; update(); };
  clear();
}

function setUpPad() {
  const pad = $("pad"), ctx = pad.getContext("2d");
  let drawing = false, last = null;
  const at = (e) => { const r = pad.getBoundingClientRect(); return [(e.clientX - r.left) * pad.width / r.width, (e.clientY - r.top) * pad.height / r.height]; };
  pad.addEventListener("pointerdown", (e) => { drawing = true; last = at(e); pad.setPointerCapture(e.pointerId); stroke(ctx, last, last); });
  pad.addEventListener("pointermove", (e) => { if (!drawing) return; const p = at(e); stroke(ctx, last, p); last = p; });
  const end = () => { if (drawing) { drawing = false; update(); } };
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
  lastY = null;
  $("moved").textContent = "";
  update();
}

// Everything below the drawing, recomputed from the canvas.
function update() {
  const started = performance.now();
  const pad = $("pad");
  const rgba = pad.getContext("2d").getImageData(0, 0, pad.width, pad.height).data;
  try {
    input = net.input(new Uint8Array(rgba.buffer), pad.width, pad.height);
  } catch (e) {
    input = null;
    // An empty canvas or a dot: ask for a digit instead of predicting noise.
    const message = String(e.message ?? e);
    $("status").textContent = /ink/.test(message) ? "draw a digit" : message;
    $("prediction").textContent = "";
    $("confidence").textContent = "";
    $("learn").disabled = true;
    for (const id of ["input", "x1", "x2", "y", "d3", "d2", "d1"]) blank($(id));
    for (const id of ["d3-numbers", "d2-numbers", "d1-numbers"]) $(id).textContent = "";
    return;
  }
  $("status").textContent = "";
  const [m, n] = [widths[1], widths[2]];
  const out = net.forward(input);
  const x1 = out.subarray(0, m), x2 = out.subarray(m, m + n), y = out.subarray(m + n);
  grid($("input"), input, 28, 28, false);
  grid($("x1"), x1, 20, Math.ceil(m / 20), false);
  grid($("x2"), x2, 10, Math.ceil(n / 10), false);
  bars($("y"), y, lastY, 1, false);
  const digit = y.indexOf(Math.max(...y));
  $("prediction").textContent = String(digit);
  $("confidence").textContent = `(${(y[digit] * 100).toFixed(1)}%)`;
  $("learn").disabled = target === null;
  if (target !== null) {
    const back = net.backprop(input, target);
    const d3 = back.subarray(0, 10), d2 = back.subarray(10, 10 + n), d1 = back.subarray(10 + n, 10 + n + m);
    const sizes = back.subarray(10 + n + m);
    bars($("d3"), d3, null, 1, true);
    grid($("d2"), d2, 10, Math.ceil(n / 10), true);
    grid($("d1"), d1, 20, Math.ceil(m / 20), true);
    $("d3-numbers").textContent = Array.from(d3, (v, k) => `${k}: ${v.toFixed(3)}`).join("  ");
    $("d2-numbers").textContent = summary(d2);
    $("d1-numbers").textContent = summary(d1);
    const table = $("gradients");
    while (table.rows.length > 1) table.deleteRow(1);
    sizes.forEach((g, l) => { const r = table.insertRow(); r.insertCell().textContent = `W(${l + 1})`; r.insertCell().textContent = g.toExponential(3); });
  }
  $("timing").textContent = `input, forward pass and back-propagation: ${(performance.now() - started).toFixed(1)} ms`;
  document.body.dataset.ms = (performance.now() - started).toFixed(3);
}

function learn() {
  if (input === null || target === null) return;
  const before = net.forward(input);
  const k = widths[1] + widths[2];
  lastY = before.slice(k);
  const eta = Math.min(5, Math.max(0.001, parseFloat($("eta").value) || 0.1));
  net.learn(input, target, eta);
  const after = net.forward(input).subarray(k);
  $("moved").textContent = `y(${target}) moved from ${(lastY[target] * 100).toFixed(2)}% to ${(after[target] * 100).toFixed(2)}% (one step, η = ${eta}); grey bars show y before the step.`;
  update();
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
function bars(canvas, values, before, scale, signed) {
  const ctx = canvas.getContext("2d");
  const w = canvas.width, h = canvas.height, bw = w / values.length, base = signed ? (h - 18) / 2 : h - 18;
  let max = scale;
  if (signed) { max = 1e-12; for (const v of values) max = Math.max(max, Math.abs(v)); }
  ctx.fillStyle = "#fff"; ctx.fillRect(0, 0, w, h);
  ctx.font = "12px sans-serif"; ctx.textAlign = "center";
  values.forEach((v, k) => {
    const x = k * bw + 4;
    if (before) { ctx.fillStyle = "#bbb"; const bh = (before[k] / max) * base; ctx.fillRect(x, base - bh, bw / 2 - 4, bh); }
    const bh = (v / max) * base;
    ctx.fillStyle = signed && v < 0 ? `rgb(${BLUE})` : signed ? `rgb(${ORANGE})` : `rgb(${BLUE})`;
    ctx.fillRect(before ? x + bw / 2 - 4 : x, bh >= 0 ? base - bh : base, before ? bw / 2 - 4 : bw - 8, Math.abs(bh));
    ctx.fillStyle = "#333"; ctx.fillText(String(k), k * bw + bw / 2, h - 4);
  });
}

main().catch((e) => { $("status").textContent = `the page could not start: ${e.message ?? e}`; });
