// Deck 004's activation functions: f and f′ of each, plotted, and their values at the z set
// by the slider.
import * as ann from "./ann_page.js";
import { curves } from "./chart.js";
import { $, el } from "./dom.js";
import { BLUE, ORANGE } from "./palette.js";
import { fmt, value } from "./slides-common.js";

export function activationsView() {
  const all = JSON.parse(ann.activations(-4, 4, 161));
  const plots = $("act-plots");
  const names = Object.keys(all.curves);
  const canvases = {};
  for (const name of names) {
    const c = el("canvas", { width: 220, height: 150, id: `act-${name}` });
    canvases[name] = c;
    plots.append(el("figure", {}, c, el("figcaption", {}, `${name}: f (blue), f′ (orange)`)));
  }
  const draw = () => {
    const z = Number(value("act-z"));
    const here = JSON.parse(ann.activations(z, z, 1));
    $("act-out").textContent = names
      .map((n) => `${n}: f = ${fmt(here.curves[n].f[0])}, f′ = ${fmt(here.curves[n].prime[0])}`)
      .join(" · ");
    for (const name of names) {
      const { f, prime } = all.curves[name];
      curves(canvases[name], all.z, [f, prime], [BLUE, ORANGE], { yMin: -1.5, yMax: 4, mark: z });
    }
    $("activations").dataset.result = JSON.stringify(here);
  };
  $("act-z").addEventListener("input", draw);
  draw();
}
