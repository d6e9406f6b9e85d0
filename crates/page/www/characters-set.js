// The characters page's set: classes in the order they were made, each with its examples (the
// picture file's bytes, its extension and its input x(0)), kept in IndexedDB so that a reload
// loses nothing. Every change is written at once, in one transaction.

const DB = "ann-characters", VERSION = 1;

// class: {name, examples: [{id, bytes: Uint8Array, ext, input: Float32Array}]}; an example's id
// is its place in the order it was added, also across classes and reloads.
export const set = { classes: [], current: null, nextId: 1 };

// A new example's id: larger than any before, and from the clock, so that two tabs adding
// examples at once do not give two of them the same id (one would overwrite the other).
function newId() {
  const id = Math.max(set.nextId, Date.now() * 1000);
  set.nextId = id + 1;
  return id;
}

let db = null;
let loaded = false; // the saved set was read, so `db` going away loses writes
let pending = 0;
// Told the number of writes in flight after each change of it, and a write's failure.
const listeners = { writes: () => {}, failed: () => {} };

export function onWrites(writes, failed) {
  listeners.writes = writes;
  listeners.failed = failed;
}

export const classNamed = (name) => set.classes.find((c) => c.name === name) ?? null;
export const classNames = () => set.classes.map((c) => c.name);
export const exampleCount = () => set.classes.reduce((n, c) => n + c.examples.length, 0);

function open() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB, VERSION);
    request.onupgradeneeded = () => {
      const d = request.result;
      d.createObjectStore("meta");
      d.createObjectStore("examples", { keyPath: "id" });
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
    request.onblocked = () => reject(new Error("another tab holds an older version of the saved set"));
  });
}

const done = (request) => new Promise((resolve, reject) => {
  request.onsuccess = () => resolve(request.result);
  request.onerror = () => reject(request.error);
});

// The saved set into `set`. Throws if IndexedDB cannot be used: the page then works without it.
export async function loadSet() {
  db = await open();
  // Another tab (or a test) deleting the database: let it, and stop saving here.
  db.onversionchange = () => { db.close(); db = null; };
  const tx = db.transaction(["meta", "examples"], "readonly");
  const [meta, examples] = await Promise.all([done(tx.objectStore("meta").get("set")),
    done(tx.objectStore("examples").getAll())]);
  const names = meta?.classes ?? [];
  set.classes = names.map((name) => ({ name, examples: [] }));
  for (const e of examples) {
    // An example whose class is not listed (a write cut off) keeps a class rather than vanish.
    let c = classNamed(e.class);
    if (!c) { c = { name: e.class, examples: [] }; set.classes.push(c); }
    c.examples.push({ id: e.id, bytes: e.bytes, ext: e.ext, input: e.input });
    set.nextId = Math.max(set.nextId, e.id + 1);
  }
  set.current = classNamed(meta?.current)?.name ?? set.classes[0]?.name ?? null;
  loaded = true;
}

// One read-write transaction doing `work(tx)`; resolves once it is written (or failed).
function write(work) {
  if (!db) {
    // Loaded once, then let go (another tab deleted or upgraded the saved set): say so.
    if (loaded) listeners.failed(new Error("another tab took the saved set over"));
    return Promise.resolve();
  }
  let tx;
  try {
    tx = db.transaction(["meta", "examples"], "readwrite");
    work(tx);
  } catch (e) {
    listeners.failed(e);
    return Promise.resolve();
  }
  pending++;
  listeners.writes(pending);
  return new Promise((resolve) => {
    const finish = (error) => {
      pending--;
      listeners.writes(pending);
      if (error) listeners.failed(error);
      resolve();
    };
    tx.oncomplete = () => finish(null);
    // A failed request aborts its transaction: `onabort` sees every failure once.
    tx.onabort = () => finish(tx.error ?? new Error("the write was aborted"));
  });
}

const putMeta = (tx) => tx.objectStore("meta").put({ classes: classNames(), current: set.current }, "set");
const putExample = (tx, name, e) =>
  tx.objectStore("examples").put({ id: e.id, class: name, bytes: e.bytes, ext: e.ext, input: e.input });

export function addClass(name) {
  const c = { name, examples: [] };
  set.classes.push(c);
  set.current = name;
  write(putMeta);
  return c;
}

// The class and its examples, gone; returns what `restoreClass` needs to bring them back.
export function removeClass(name) {
  const at = set.classes.findIndex((c) => c.name === name);
  if (at < 0) return null;
  const [c] = set.classes.splice(at, 1);
  if (set.current === name) set.current = set.classes[Math.min(at, set.classes.length - 1)]?.name ?? null;
  write((tx) => {
    putMeta(tx);
    for (const e of c.examples) tx.objectStore("examples").delete(e.id);
  });
  return { at, c };
}

export function restoreClass({ at, c }) {
  set.classes.splice(Math.min(at, set.classes.length), 0, c);
  write((tx) => {
    putMeta(tx);
    for (const e of c.examples) putExample(tx, c.name, e);
  });
}

export function setCurrent(name) {
  set.current = name;
  write(putMeta);
}

// `examples`: [{bytes, ext, input}], appended to class `c` with new ids.
export function addExamples(c, examples) {
  const added = examples.map((e) => ({ id: newId(), ...e }));
  c.examples.push(...added);
  write((tx) => { for (const e of added) putExample(tx, c.name, e); });
  return added;
}

// Several classes' new examples (an upload) in one transaction: `batches` [{c, examples}].
export function addMany(batches) {
  const all = batches.map(({ c, examples }) => ({ c, added: examples.map((e) => ({ id: newId(), ...e })) }));
  for (const { c, added } of all) c.examples.push(...added);
  write((tx) => {
    putMeta(tx);
    for (const { c, added } of all) for (const e of added) putExample(tx, c.name, e);
  });
}

export function removeExample(c, id) {
  const at = c.examples.findIndex((e) => e.id === id);
  if (at < 0) return null;
  const [e] = c.examples.splice(at, 1);
  write((tx) => tx.objectStore("examples").delete(id));
  return e;
}

// An example back where it was: ids keep the order.
export function restoreExample(c, e) {
  const at = c.examples.findIndex((x) => x.id > e.id);
  c.examples.splice(at < 0 ? c.examples.length : at, 0, e);
  write((tx) => putExample(tx, c.name, e));
}

// A picture file's extension from its first bytes (as `ann` judges a picture by its content),
// else from its name; a drawing is a PNG.
export function extensionOf(bytes, name = "") {
  const b = bytes, ascii = (from, n) => String.fromCharCode(...b.subarray(from, from + n));
  if (b[0] === 0x89 && ascii(1, 3) === "PNG") return "png";
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return "jpg";
  if (ascii(0, 4) === "GIF8") return "gif";
  if (ascii(0, 4) === "RIFF" && ascii(8, 4) === "WEBP") return "webp";
  if (ascii(0, 4) === "II*\0" || ascii(0, 4) === "MM\0*") return "tif";
  if (ascii(0, 2) === "BM") return "bmp";
  if (b[0] === 0x50 && b[1] >= 0x31 && b[1] <= 0x37) return ["pbm", "pgm", "ppm", "pbm", "pgm", "ppm", "pam"][b[1] - 0x31];
  const dot = name.lastIndexOf(".");
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : "png";
}
