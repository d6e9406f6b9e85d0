// Lines on axes, for both pages: scales from data to pixels, polylines, `plot` (a chart with
// ticks and a legend: the training's curves, the race) and `curves` (the activation functions).

// Data d0..d1 onto pixels p0..p1, on a log10 scale when `log`.
export function scale(d0, d1, p0, p1, log = false) {
  const f = log ? Math.log10 : (v) => v;
  const a = f(d0), span = f(d1) - a || 1;
  return (v) => p0 + ((f(v) - a) / span) * (p1 - p0);
}

// A line through the points (x(i), y(i)), in pixels, i = 0..n−1: every `stride`-th point and the
// last one. A point off the scale (not finite) breaks the line. `mark(ctx, x, y)`, if given, is
// drawn at each point the line goes through.
export function polyline(ctx, n, x, y, { color, width = 1.6, stride = 1, mark = null } = {}) {
  ctx.strokeStyle = color;
  ctx.fillStyle = color;
  ctx.lineWidth = width;
  ctx.beginPath();
  const marks = [];
  let started = false;
  for (let i = 0; i < n; i += i + stride >= n && i !== n - 1 ? n - 1 - i : stride) {
    const px = x(i), py = y(i);
    if (!Number.isFinite(px) || !Number.isFinite(py)) { started = false; continue; }
    if (started) ctx.lineTo(px, py); else { ctx.moveTo(px, py); started = true; }
    if (mark) marks.push([px, py]);
    if (i === n - 1) break;
  }
  ctx.stroke();
  for (const [px, py] of marks) mark(ctx, px, py);
}

// A filled square of 5 px, the training charts' mark of a sparse series.
const square = (ctx, x, y) => ctx.fillRect(x - 2.5, y - 2.5, 5, 5);

// A filled disc of `radius`.
export const disc = (radius) => (ctx, x, y) => {
  ctx.beginPath();
  ctx.arc(x, y, radius, 0, 2 * Math.PI);
  ctx.fill();
};

// Lines on axes. series: {n, x(i), y(i), color, label, dots}; a series of thousands of points
// is drawn at about one point per pixel. o: {logX, logY, xMin, xMax, yMin, yMax, percent, xLabel}.
export function plot(canvas, series, o = {}) {
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
  const px = scale(x0, x1, L, W - R, o.logX), py = scale(y0, y1, H - B, T, o.logY);
  // Ticks: powers of ten on a log axis, else five steps.
  ctx.textAlign = "right";
  for (const t of o.logY ? ticksLog(y0, y1) : ticksLin(y0, y1)) {
    const y = py(t);
    ctx.fillText(o.percent ? `${(t * 100).toFixed(1)}%` : tickLabel(t), L - 4, y + 4);
    ctx.strokeStyle = "#eee"; ctx.beginPath(); ctx.moveTo(L + 1, y); ctx.lineTo(W - R - 1, y); ctx.stroke();
  }
  ctx.textAlign = "center";
  for (const t of o.logX ? ticksLog(x0, x1) : ticksLin(x0, x1)) ctx.fillText(tickLabel(t), px(t), H - B + 14);
  ctx.fillText(o.xLabel ?? "", (L + W - R) / 2, H - 3);
  ctx.save(); ctx.beginPath(); ctx.rect(L, T, W - L - R, H - T - B); ctx.clip();
  for (const s of series) {
    // Off a log scale, a value of 0 or less maps to NaN or −∞, which breaks the line there.
    const stride = Math.max(1, Math.floor(s.n / (2 * (W - L - R))));
    polyline(ctx, s.n, (i) => px(s.x(i)), (i) => py(s.y(i)),
      { color: s.color, stride, mark: s.dots ? square : null });
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

// Functions of one variable on the whole canvas, without ticks: ys[k][i] at xs[i] in colors[k],
// y held to yMin..yMax, the axes through 0 in grey, a dashed line at x = mark.
export function curves(canvas, xs, ys, colors, { yMin, yMax, mark }) {
  const ctx = canvas.getContext("2d"), w = canvas.width, h = canvas.height;
  const px = scale(xs[0], xs[xs.length - 1], 0, w), toY = scale(yMin, yMax, h, 0);
  const py = (y) => toY(Math.max(yMin, Math.min(yMax, y)));
  ctx.clearRect(0, 0, w, h);
  ctx.strokeStyle = "#ccc";
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.moveTo(0, py(0));
  ctx.lineTo(w, py(0));
  ctx.moveTo(px(0), 0);
  ctx.lineTo(px(0), h);
  ctx.stroke();
  ys.forEach((y, k) => polyline(ctx, xs.length, (i) => px(xs[i]), (i) => py(y[i]), { color: colors[k], width: 2 }));
  ctx.lineWidth = 1;
  ctx.strokeStyle = "#333";
  ctx.setLineDash([3, 3]);
  ctx.beginPath();
  ctx.moveTo(px(mark), 0);
  ctx.lineTo(px(mark), h);
  ctx.stroke();
  ctx.setLineDash([]);
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

function tickLabel(v) {
  if (v === 0) return "0";
  const a = Math.abs(v);
  if (a >= 10000) return `${(v / 1000).toFixed(0)}k`;
  if (a >= 1) return String(Math.round(v * 100) / 100);
  if (a >= 0.01) return v.toFixed(3).replace(/0+$/, "");
  return v.toExponential(0);
}
