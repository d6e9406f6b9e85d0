// The characters page's list of classes (#classes): each class's name and count, the current one
// highlighted, its examples as the 28×28 inputs the network gets; picking, deleting and undoing.
import { $, el } from "./dom.js";
import { hush, say } from "./characters-message.js";
import { classNamed, removeClass, removeExample, restoreClass, restoreExample, set, setCurrent } from "./characters-set.js";

const SIDE = 28;
// Thumbnails shown per class, the latest ones: a set of thousands would make the page crawl.
const SHOWN = 120;

// Redraws every class; `changed`: only that class's row (an example added or deleted).
export function showClasses(changed = null) {
  const list = $("classes");
  if (changed) {
    const row = list.querySelector(`li[data-row="${CSS.escape(changed.name)}"]`);
    if (row) { row.replaceWith(classRow(changed)); showCurrent(); return; }
  }
  list.replaceChildren(...set.classes.map(classRow));
  list.dataset.classes = set.classes.length;
  showCurrent();
}

// The current class: highlighted, and named on the "add to …" button.
export function showCurrent() {
  for (const b of $("classes").querySelectorAll("button.class")) {
    const on = b.dataset.class === set.current;
    b.classList.toggle("current", on);
    b.setAttribute("aria-pressed", String(on));
  }
  // Never disabled: pressed without a class, it says what to do.
  $("current-name").textContent = set.current ?? "a class (make one first)";
  $("example-add").title = set.current === null ? "make a class first" : `add the drawing to the class ${set.current}`;
}

export function pick(name) {
  setCurrent(name);
  showCurrent();
}

function classRow(c) {
  const n = c.examples.length;
  const name = el("button", { class: "class", "data-class": c.name, "data-count": n,
    title: `draw examples of ${c.name}` }, el("span", { class: "name" }, c.name), el("span", { class: "count" }, String(n)));
  name.onclick = () => pick(c.name);
  const del = el("button", { class: "class-delete", title: `delete the class ${c.name} and its ${n} examples`,
    "aria-label": `delete the class ${c.name}` }, "×");
  del.onclick = () => deleteClass(c.name);
  const thumbs = el("div", { class: "examples" });
  const from = Math.max(0, n - SHOWN);
  if (from > 0) thumbs.append(el("span", { class: "formula" }, `${from} earlier not shown`));
  c.examples.slice(from).forEach((e, k) => thumbs.append(exampleButton(c, e, from + k)));
  if (n === 0) thumbs.append(el("span", { class: "formula" }, "no examples yet: draw one and add it"));
  return el("li", { "data-row": c.name }, el("div", { class: "class-head" }, name, del), thumbs);
}

function exampleButton(c, e, k) {
  const canvas = el("canvas", { width: SIDE, height: SIDE });
  drawInput(canvas, e.input);
  const b = el("button", { class: "example", title: `${c.name}, example ${k + 1}: click to delete it`,
    "aria-label": `delete example ${k + 1} of ${c.name}` }, canvas);
  b.onclick = () => deleteExample(c, e.id);
  return b;
}

// x(0) (ink 0..1) dark on white, one canvas pixel per input.
function drawInput(canvas, input) {
  const ctx = canvas.getContext("2d"), img = ctx.createImageData(SIDE, SIDE);
  for (let i = 0; i < SIDE * SIDE; i++) {
    const v = 255 - Math.round(255 * Math.min(1, Math.max(0, input[i])));
    img.data[4 * i] = img.data[4 * i + 1] = img.data[4 * i + 2] = v;
    img.data[4 * i + 3] = 255;
  }
  ctx.putImageData(img, 0, 0);
}

function deleteExample(c, id) {
  const e = removeExample(c, id);
  if (!e) return;
  showClasses(c);
  say(`Deleted an example of ${c.name}.`, "info", {
    label: "undo",
    run: () => {
      // The class may have been deleted since: then there is nothing to put it back into.
      if (classNamed(c.name) !== c) { say(`The class ${c.name} is gone: the example cannot come back.`); return; }
      restoreExample(c, e);
      showClasses(c);
    },
  });
}

function deleteClass(name) {
  const removed = removeClass(name);
  if (!removed) return;
  showClasses();
  const n = removed.c.examples.length;
  say(`Deleted the class ${name} and its ${n} example${n === 1 ? "" : "s"}.`, "info", {
    label: "undo",
    run: () => {
      if (classNamed(name)) { say(`A class named ${name} was made since: delete it first to bring the old one back.`); return; }
      restoreClass(removed);
      hush();
      showClasses();
    },
  });
}
