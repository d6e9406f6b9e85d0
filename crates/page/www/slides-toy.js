// Deck 000's toy table: the Rust side's Toy network trained sample by sample, its outputs and
// error per sample and its last step's numbers shown.
import * as ann from "./ann_page.js";
import { $, el } from "./dom.js";
import { fmt, list, showError, value } from "./slides-common.js";

// The Toy on show; a reset frees it for a new one.
let toy = null;
export function toyView() {
  const reset = () => {
    try {
      toy?.free();
      toy = new ann.Toy(value("toy-w"), value("toy-eta"));
      drawToy(toy.state());
    } catch (e) {
      toy = null;
      $("toy-error").textContent = `⚠ ${e.message ?? e}`;
      $("toy-table").replaceChildren();
    }
  };
  const steps = (n) => () => {
    if (toy) drawToy(toy.steps(n));
  };
  $("toy-step").onclick = steps(1);
  $("toy-epoch").onclick = steps(4);
  $("toy-100").onclick = steps(400);
  $("toy-1000").onclick = steps(4000);
  $("toy-reset").onclick = reset;
  for (const id of ["toy-w", "toy-eta"]) $(id).addEventListener("change", reset);
  reset();
}

function drawToy(text) {
  const t0 = performance.now();
  const r = JSON.parse(text);
  if (!showError("toy-error", r)) return;
  const table = $("toy-table");
  table.replaceChildren(
    el(
      "tr",
      {},
      ...["x1", "x2", "x3", "l1", "l2", "o1", "o2", "½[(o1 − l1)² + (o2 − l2)²]"].map((s) => el("th", {}, s)),
    ),
  );
  r.rows.forEach((row) =>
    table.append(
      el(
        "tr",
        {},
        ...[...row.x, ...row.l].map((v) => el("td", {}, String(v))),
        ...row.o.map((v) => el("td", { title: String(v) }, fmt(v))),
        el("td", {}, fmt(row.E)),
      ),
    ),
  );
  table.append(
    el(
      "tr",
      {},
      el("td", { colspan: 7 }, `after ${r.steps} steps (${fmt(r.epochs)} epochs): Σ over the table`),
      el("td", {}, fmt(r.E)),
    ),
  );
  const last = $("toy-last");
  last.replaceChildren();
  if (r.last) {
    const p = r.last.pass;
    last.append(
      el(
        "div",
        {},
        `Last step, sample ${r.last.sample}: ` +
          p.z.map((z, l) => `z(${l + 1}) = ${list(z)}, a(${l + 1}) = ${list(p.a[l])}`).join("; ") +
          `; ` +
          p.delta.map((d, l) => `δ(${l + 1}) = ${list(d)}`).join("; "),
      ),
    );
    last.append(el("div", {}, p.w_after.map((w, l) => `W(${l + 1}) ← ${w.map(list).join(" ")}`).join("; ")));
  }
  $("toy").dataset.result = text;
  $("toy").dataset.ms = (performance.now() - t0).toFixed(2);
}
