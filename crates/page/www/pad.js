// The drawing pad: pen strokes on the canvas #pad, and clearing it.
import { $ } from "./dom.js";

// `drawn(time)` after each stroke, with the time its pointer was lifted.
export function setUpPad(drawn) {
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
  const end = (e) => { if (down) { down = false; drawn(e.timeStamp); } };
  pad.addEventListener("pointerup", end);
  pad.addEventListener("pointercancel", end);
}

function stroke(ctx, a, b) {
  ctx.strokeStyle = "#000"; ctx.lineWidth = 20; ctx.lineCap = "round"; ctx.lineJoin = "round";
  ctx.beginPath(); ctx.moveTo(a[0], a[1]); ctx.lineTo(b[0], b[1]); ctx.stroke();
}

export function clearPad() {
  const pad = $("pad");
  pad.getContext("2d").clearRect(0, 0, pad.width, pad.height);
}

// The pad's pixels, RGBA, with its size.
export function padPixels() {
  const pad = $("pad");
  const rgba = pad.getContext("2d").getImageData(0, 0, pad.width, pad.height).data;
  return { rgba: new Uint8Array(rgba.buffer), width: pad.width, height: pad.height };
}
