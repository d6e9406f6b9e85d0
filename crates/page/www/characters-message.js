// The characters page's message line (#message, role=alert): what went wrong and why, or what a
// larger action did; an action (undo) may come with it.
import { $, el } from "./dom.js";

// `kind`: "error" (nothing was changed, or only part) or "info". `action`: {label, run}, a button
// after the text, gone with the message.
export function say(text, kind = "error", action = null) {
  const m = $("message");
  m.dataset.kind = kind;
  m.replaceChildren(text);
  if (action) {
    const b = el("button", { id: "message-action" }, action.label);
    b.onclick = () => { hush(); action.run(); };
    m.append(" ", b);
  }
}

export function hush() {
  const m = $("message");
  m.replaceChildren();
  delete m.dataset.kind;
}

// A list of problems, the first few of them: a zip can hold thousands of unusable files.
export function listed(items, shown = 8) {
  const more = items.length > shown ? ` … and ${items.length - shown} more` : "";
  return items.slice(0, shown).join("; ") + more;
}

// A size in MiB, as the limits are given.
export const mib = (bytes) => `${(bytes / (1 << 20)).toFixed(1)} MiB`;
