// The characters page's files: the set downloaded as a zip that `ann train --data-dir` reads,
// and uploads (such a zip, or loose pictures) added to it. Every upload is checked in full
// before anything is added: a refused one changes nothing.
import { class_name_problem, max_classes, max_picture_bytes, picture_input, read_set, SetZip } from "./ann_page.js";
import { $, el } from "./dom.js";
import { listed, mib, say } from "./characters-message.js";
import { pick, showClasses } from "./characters-classes.js";
import { addClass, addMany, classNamed, classNames, extensionOf, set } from "./characters-set.js";

// Larger files are refused before they are read: the browser would hold them whole in memory.
const MAX_ZIP = 256 << 20;

// `bytes` offered as a download named `name`.
export function save(bytes, name) {
  const url = URL.createObjectURL(new Blob([bytes], { type: "application/zip" }));
  const a = el("a", { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  // The download has taken the bytes by then.
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}

// characters-set.zip: `<class>/<NNNN>.<ext>`, numbered in each class's order from 0000, as wide
// as the largest number, so that sorting the names (as `ann train` does) keeps the order.
export function downloadSet() {
  if (!set.classes.some((c) => c.examples.length)) { say("There is nothing to download yet: add examples first."); return; }
  const zip = new SetZip();
  try {
    for (const c of set.classes) {
      const width = Math.max(4, String(c.examples.length - 1).length);
      c.examples.forEach((e, k) => zip.add(`${c.name}/${String(k).padStart(width, "0")}.${e.ext}`, e.bytes));
    }
  } catch (err) {
    zip.free();
    say(`The set could not be zipped: ${err.message ?? err}`);
    return;
  }
  save(zip.finish(), "characters-set.zip");
}

const isZip = (file) => /\.zip$/i.test(file.name) || /zip/.test(file.type);

// A loose picture's class: from a picked folder, the class folder as `ann train --data-dir`
// reads that folder (`DIR/<class>/…`, `DIR/train/<class>/…`, or DIR itself a class's folder);
// else none (the current class).
function folderOf(file) {
  const folders = (file.webkitRelativePath || "").split("/").slice(0, -1);
  if (folders.length === 0) return null;
  const inside = folders.length >= 2 ? folders.slice(1) : folders;
  return inside.length >= 2 && (inside[0] === "train" || inside[0] === "test") ? inside[1] : inside[0];
}

// The pictures of `files`: [{name (for messages), cls, file, bytes}], and the files refused.
async function gather(files) {
  const pictures = [], refused = [], notes = [];
  for (const file of files) {
    // A folder's hidden files (.DS_Store and the like) are no pictures of anyone's.
    if (file.name.startsWith(".")) continue;
    if (isZip(file)) {
      if (file.size > MAX_ZIP) { refused.push(`${file.name} is ${mib(file.size)}: a zip may have at most ${mib(MAX_ZIP)}`); continue; }
      let zip;
      try { zip = read_set(new Uint8Array(await file.arrayBuffer())); } catch (e) { refused.push(`${file.name}: ${e.message ?? e}`); continue; }
      try {
        for (let i = 0; i < zip.len; i++) {
          const cls = zip.class_of(i), name = zip.file_of(i);
          pictures.push({ name: `${file.name}: ${cls}/${name}`, cls, file: name, bytes: zip.bytes_of(i) });
        }
        if (zip.notes) notes.push(`${file.name}: ${zip.notes}`);
      } finally { zip.free(); }
    } else {
      if (file.size > max_picture_bytes()) { refused.push(`${file.name} is ${mib(file.size)}: a picture may have at most ${mib(max_picture_bytes())}`); continue; }
      const cls = folderOf(file) ?? set.current;
      if (cls === null) { refused.push(`${file.name}: make or pick a class first (or upload a folder named after its class)`); continue; }
      pictures.push({ name: file.webkitRelativePath || file.name, cls, file: file.name, bytes: new Uint8Array(await file.arrayBuffer()) });
    }
  }
  return { pictures, refused, notes };
}

// Each picture made into x(0) as `ann predict` makes it, yielding now and then so that the page
// can say how far it got.
async function decode(pictures) {
  const good = [], bad = [];
  let shown = performance.now();
  for (const [k, p] of pictures.entries()) {
    try { good.push({ ...p, input: picture_input(p.bytes) }); } catch (e) { bad.push(`${p.name} ${e.message ?? e}`); }
    if (performance.now() - shown > 100) {
      say(`Reading the pictures: ${k + 1} of ${pictures.length} …`, "info");
      await new Promise((r) => setTimeout(r, 0));
      shown = performance.now();
    }
  }
  return { good, bad };
}

export async function upload(files) {
  const inputs = [$("upload"), $("upload-folder")];
  for (const i of inputs) i.disabled = true;
  try {
    await uploadChecked([...files]);
  } finally {
    for (const i of inputs) { i.disabled = false; i.value = ""; }
  }
}

async function uploadChecked(files) {
  if (!files.length) return;
  say(`Reading ${files.length === 1 ? files[0].name : `${files.length} files`} …`, "info");
  const { pictures, refused, notes } = await gather(files);
  // The classes it would add, in the order they come: too many refuse the whole upload.
  const fresh = [...new Set(pictures.map((p) => p.cls))].filter((name) => !classNamed(name));
  if (set.classes.length + fresh.length > max_classes()) {
    say(`Nothing was added: this upload would make ${fresh.length} new classes, ${set.classes.length + fresh.length} ` +
      `in all, more than the ${max_classes()} a network here can have.`);
    return;
  }
  // A folder name that cannot be a class refuses its pictures only.
  const names = classNames(), unusable = new Map();
  for (const name of fresh) {
    const problem = class_name_problem(name, names);
    if (problem) unusable.set(name, problem); else names.push(name);
  }
  for (const [name, problem] of unusable) refused.push(`the class “${name}”: ${problem}`);
  const { good, bad } = await decode(pictures.filter((p) => !unusable.has(p.cls)));
  const byClass = new Map();
  for (const p of good) {
    if (!byClass.has(p.cls)) byClass.set(p.cls, []);
    byClass.get(p.cls).push({ bytes: p.bytes, ext: extensionOf(p.bytes, p.file), input: p.input });
  }
  const current = set.current;
  const batches = [...byClass].map(([name, examples]) => ({ c: classNamed(name) ?? addClass(name), examples }));
  if (batches.length) {
    addMany(batches);
    // A new class does not take over the current one, unless there was none.
    pick(current ?? batches[0].c.name);
    showClasses();
  }
  const added = batches.map(({ c, examples }) => `${c.name} +${examples.length}`).join(", ");
  const problems = [...refused, ...bad];
  const parts = [good.length ? `Added ${good.length} picture${good.length === 1 ? "" : "s"} (${added}).` : "Nothing was added."];
  if (problems.length) parts.push(`Not used: ${listed(problems)}.`);
  if (notes.length) parts.push(`Skipped: ${listed(notes)}.`);
  say(parts.join(" "), problems.length || !good.length ? "error" : "info");
}
