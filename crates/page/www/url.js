// Fields ↔ the address bar, on both pages: a link reproduces what was set.
import { $ } from "./dom.js";
import { CONTROLS, RACE_CONTROLS, readSettings } from "./settings.js";

// The training's settings from the URL (?kind=minibatch&batch=100&eta=0.05…), else `defaults`.
export function settingsFromUrl(defaults) {
  const q = new URLSearchParams(location.search);
  for (const [key, [id, name]] of Object.entries(CONTROLS)) {
    $(id).value = q.has(name) ? q.get(name) : defaults[key];
  }
  for (const [id, name, value] of RACE_CONTROLS) $(id).value = q.get(name) ?? value;
}

// Settings that differ from `defaults` into the URL, as typed.
export function settingsToUrl(defaults) {
  const s = readSettings(), q = new URLSearchParams(location.search);
  for (const [key, [id, name]] of Object.entries(CONTROLS)) {
    if (String(s[key]) === String(defaults[key])) q.delete(name); else q.set(name, $(id).value);
  }
  for (const [id, name, value] of RACE_CONTROLS) {
    if ($(id).value === value) q.delete(name); else q.set(name, $(id).value);
  }
  const search = q.toString();
  history.replaceState(null, "", search ? `?${search}` : location.pathname);
}

// Every field of the slides' views in the address bar (those changed from the page's
// defaults); the fields are read back from it at load.
export function keepFieldsInAddress() {
  const fields = [...document.querySelectorAll(".slide input[id], .slide select[id], .slide textarea[id]")].filter(
    (e) => e.type !== "checkbox",
  );
  const defaults = new Map(fields.map((e) => [e.id, e.value]));
  for (const [id, v] of new URLSearchParams(location.search)) if (defaults.has(id)) $(id).value = v;
  document.addEventListener("change", (event) => {
    const id = event.target.id;
    if (!defaults.has(id)) return;
    const params = new URLSearchParams(location.search);
    if (event.target.value === defaults.get(id)) params.delete(id);
    else params.set(id, event.target.value);
    const query = params.toString();
    history.replaceState(null, "", `${location.pathname}${query ? `?${query}` : ""}${location.hash}`);
  });
}
