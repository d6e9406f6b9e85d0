// The characters page (your own classes, drawn, kept in IndexedDB and trained in the browser) in
// headless Chromium:
//   NODE_PATH=/var/tmp/ann-node/node_modules node characters_browser.cjs URL SHOT.png OUTDIR [alphabet]
// URL: http://127.0.0.1:PORT/characters.html. Starts from an empty set (IndexedDB cleared).
// Default: bad inputs (an empty or taken class name, one that is no folder name, an empty drawing,
// training on one class and on a class of one example, a zip of random bytes, a picture that is
// none) each give a message and lose nothing; three classes of strokes (一, 丨, 丿), 10 drawings
// each with a little jitter, trained to ≥ 90% training accuracy, each read back right from a new
// drawing; OUTDIR gets drawing.png (the pad's PNG of the last one), prediction.json (its
// #prediction data-result), characters-set.zip and characters-model.zip (the downloads); the set
// is still there after a reload and its zip uploaded back doubles it. Screenshots SHOT,
// SHOT-trained.png and SHOT-bad.png (an error message).
// `alphabet`: 26 classes A..Z of 20 drawings each (2 or 3 strokes a letter), 30 epochs; prints
// `RESULT {json}` (the final data-result, the seconds from "train" to done, how many of 26 new
// drawings were read right) and saves SHOT.
const fs = require("fs");
const path = require("path");
const crypto = require("crypto");
const { openPage, stroke, fail } = require("./chromium.cjs");

const [url, shot, outdir, mode] = process.argv.slice(2);
if (!url || !shot || !outdir) {
  console.error("usage: node characters_browser.cjs URL SHOT.png OUTDIR [alphabet]");
  process.exit(2);
}
const shotWith = (suffix) => shot.replace(/(\.png)?$/, `-${suffix}.png`);

// Drawings vary from run to run only by this seed: mulberry32.
let seed = 20240611;
function random() {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const wobble = (r) => (random() * 2 - 1) * r;

// Strokes ([from, to] in fractions of the pad) moved as a whole and at each end, a little.
function jittered(strokes) {
  const dx = wobble(0.06), dy = wobble(0.06);
  return strokes.map(([a, b]) => [[a[0] + dx + wobble(0.04), a[1] + dy + wobble(0.04)],
    [b[0] + dx + wobble(0.04), b[1] + dy + wobble(0.04)]]);
}

// The three classes of the default mode: one stroke each.
const STROKES = { "一": [[[0.2, 0.5], [0.8, 0.5]]], "丨": [[[0.5, 0.2], [0.5, 0.8]]], "丿": [[[0.7, 0.2], [0.3, 0.8]]] };

// The alphabet's letters from nine points of the pad, 2 or 3 segments each, no two alike.
const P = { a: [0.25, 0.2], b: [0.5, 0.2], c: [0.75, 0.2], d: [0.25, 0.5], e: [0.5, 0.5], f: [0.75, 0.5],
  g: [0.25, 0.8], h: [0.5, 0.8], i: [0.75, 0.8] };
const LETTERS = { A: "gb bi df", B: "ag af fg", C: "ca ag gi", D: "ag ai", E: "ac df gi", F: "ac ag de", G: "ca ag gf",
  H: "ag ci df", I: "ac bh gi", J: "ci ig", K: "ag cd di", L: "ag gi", M: "ga ae ec", N: "ga ai ic", O: "ac ci ig",
  P: "ag af fd", Q: "ac ci ei", R: "ag af di", S: "ca ai ig", T: "ac bh", U: "ag gi ic", V: "ah hc", W: "ag ge ei",
  X: "ai cg", Y: "ae ce eh", Z: "ac cg gi" };
const letterStrokes = (word) => word.split(" ").map(([p, q]) => [P[p], P[q]]);

// Every class's example count, from #classes.
const counts = (page) => page.evaluate(() => Object.fromEntries(
  [...document.querySelectorAll("#classes button.class")].map((b) => [b.dataset.class, Number(b.dataset.count)])));
const classButton = (name) => `#classes button.class[data-class=${JSON.stringify(name)}]`;

async function sameCounts(page, before, what) {
  const now = await counts(page);
  if (JSON.stringify(now) !== JSON.stringify(before)) fail(`${what} changed the set: ${JSON.stringify(before)} → ${JSON.stringify(now)}`);
}

// Does `act`, then waits for an error in #message (emptied first) and returns its text.
async function expectError(page, act, what, pattern) {
  await page.evaluate(() => { const m = document.getElementById("message"); m.replaceChildren(); delete m.dataset.kind; });
  await act();
  try {
    await page.waitForFunction(() => document.getElementById("message").dataset.kind === "error", null, { timeout: 60000 });
  } catch { fail(`${what}: no error message`); }
  const text = (await page.textContent("#message")).trim();
  if (pattern && !pattern.test(text)) fail(`${what}: the message ${JSON.stringify(text)} does not match ${pattern}`);
  console.log(`${what}: “${text}”`);
  return text;
}

// An empty set: IndexedDB deleted (the page lets go of it), then a fresh load.
async function freshPage(page, address) {
  await page.goto(address);
  await page.waitForSelector("#classes[data-loaded=true]", { state: "attached", timeout: 120000 });
  await page.evaluate(() => new Promise((resolve, reject) => {
    const r = indexedDB.deleteDatabase("ann-characters");
    r.onsuccess = resolve; r.onerror = () => reject(r.error); r.onblocked = () => reject(new Error("blocked"));
  }));
  await page.reload();
  await page.waitForSelector("#classes[data-loaded=true]", { state: "attached", timeout: 120000 });
  if (Object.keys(await counts(page)).length) fail("the set is not empty after IndexedDB was cleared");
}

async function addClass(page, name) {
  await page.fill("#class-name", name);
  await page.press("#class-name", "Enter");
  await page.waitForSelector(classButton(name), { timeout: 10000 });
  if ((await page.getAttribute(classButton(name), "aria-pressed")) !== "true") fail(`the new class ${name} is not current`);
}

// Straight strokes, quicker than chromium.cjs's `stroke` (each pointer event waits for a frame):
// the pad joins the points it is given by straight lines, so a midpoint is all a line needs.
async function quickStrokes(page, strokes) {
  await page.locator("#pad").scrollIntoViewIfNeeded();
  const box = await page.locator("#pad").boundingBox();
  const at = ([x, y]) => [box.x + x * box.width, box.y + y * box.height];
  for (const [from, to] of strokes) {
    await page.mouse.move(...at(from));
    await page.mouse.down();
    await page.mouse.move(...at([(from[0] + to[0]) / 2, (from[1] + to[1]) / 2]));
    await page.mouse.move(...at(to));
    await page.mouse.up();
  }
}

// A drawing of `strokes` (jittered) added to class `name`; `quick`: drawn with quickStrokes.
async function addDrawing(page, name, strokes, quick = false) {
  if ((await page.getAttribute(classButton(name), "aria-pressed")) !== "true") await page.click(classButton(name));
  const before = Number(await page.getAttribute(classButton(name), "data-count"));
  if (quick) await quickStrokes(page, jittered(strokes));
  else for (const [from, to] of jittered(strokes)) await stroke(page, from, to);
  await page.click("#example-add");
  await page.waitForFunction(([sel, n]) => Number(document.querySelector(sel)?.dataset.count) === n,
    [classButton(name), before + 1], { timeout: 10000 }).catch(() => fail(`a drawing of ${name} was not added`));
}

// Trains with the page's settings; returns the final data-result and the seconds from the click to done.
async function train(page) {
  const started = Date.now();
  await page.click("#train-start");
  // Done, or refused (a message): no waiting out the timeout for a run that never started.
  await page.waitForFunction(() => {
    const r = document.getElementById("train-status").dataset.result;
    return (r && JSON.parse(r).done) || document.getElementById("message").dataset.kind === "error";
  }, null, { timeout: 600000, polling: 50 }).catch(() => fail(`training did not finish: ${page.url()}`));
  const seconds = (Date.now() - started) / 1000;
  if ((await page.getAttribute("#message", "data-kind")) === "error") fail(`training: ${await page.textContent("#message")}`);
  const result = JSON.parse(await page.getAttribute("#train-status", "data-result"));
  console.log(`trained in ${seconds.toFixed(2)} s (click to done): ${JSON.stringify(result)}`);
  console.log(`status: ${(await page.textContent("#train-status")).trim()}`);
  return { result, seconds };
}

// A new drawing of `strokes` read by the trained network: #prediction's class and result.
async function read(page, strokes) {
  await page.click("#clear");
  for (const [from, to] of jittered(strokes)) await stroke(page, from, to);
  await page.waitForFunction(() => {
    const p = document.getElementById("prediction");
    return p.dataset.drawn === document.getElementById("pad").dataset.drawn && p.dataset.class !== undefined;
  }, null, { timeout: 10000 }).catch(() => fail("the drawing was not read"));
  return { cls: await page.getAttribute("#prediction", "data-class"), result: await page.getAttribute("#prediction", "data-result") };
}

async function download(page, button, file) {
  const [d] = await Promise.all([page.waitForEvent("download", { timeout: 60000 }), page.click(button)]);
  if (d.suggestedFilename() !== path.basename(file)) fail(`${button} offers ${d.suggestedFilename()}`);
  await d.saveAs(file);
  return fs.readFileSync(file);
}

// The names in a zip's central directory (UTF-8).
function zipNames(bytes) {
  let end = bytes.length - 22;
  while (end >= 0 && bytes.readUInt32LE(end) !== 0x06054b50) end--;
  if (end < 0) fail("a download is not a zip");
  const names = [];
  let at = bytes.readUInt32LE(end + 16);
  for (let k = bytes.readUInt16LE(end + 10); k > 0; k--) {
    if (bytes.readUInt32LE(at) !== 0x02014b50) fail("a zip's central directory is broken");
    const n = bytes.readUInt16LE(at + 28), extra = bytes.readUInt16LE(at + 30), comment = bytes.readUInt16LE(at + 32);
    names.push(bytes.subarray(at + 46, at + 46 + n).toString("utf8"));
    at += 46 + n + extra + comment;
  }
  return names;
}

async function threeClasses(page) {
  // The recipe's settings (30 epochs of one step each: 30 drawings fill less than a batch of
  // 50), another seed from the address, as a link to the page would set it.
  await freshPage(page, `${url}?seed=7`);
  if ((await page.inputValue("#seed")) !== "7") fail(`?seed=7 shows ${await page.inputValue("#seed")}`);
  if (!(await page.isChecked("#augment"))) fail("distortions are off by default");
  await page.waitForFunction(() => !document.getElementById("train-start").disabled, null, { timeout: 60000 });

  // Bad inputs: a message each, the set unchanged.
  await stroke(page, [0.3, 0.3], [0.7, 0.7]);
  await expectError(page, () => page.click("#example-add"), "a drawing and no class");
  await page.click("#clear");
  await expectError(page, () => page.click("#class-add"), "an empty class name");
  if (Object.keys(await counts(page)).length) fail("an empty name made a class");
  await expectError(page, async () => { await page.fill("#class-name", "a/b"); await page.click("#class-add"); }, "a name with /");
  await addClass(page, "一");
  await expectError(page, async () => { await page.fill("#class-name", "一"); await page.click("#class-add"); }, "a taken name");
  await sameCounts(page, { "一": 0 }, "a taken name");
  await expectError(page, () => page.click("#example-add"), "an empty drawing");
  await sameCounts(page, { "一": 0 }, "an empty drawing");
  for (let k = 0; k < 2; k++) await addDrawing(page, "一", STROKES["一"]);
  await expectError(page, () => page.click("#train-start"), "training on one class");
  await sameCounts(page, { "一": 2 }, "training on one class");
  await addClass(page, "丨");
  await addDrawing(page, "丨", STROKES["丨"]);
  await expectError(page, () => page.click("#train-start"), "training on a class of one example");
  await sameCounts(page, { "一": 2, "丨": 1 }, "training on a class of one example");
  // A class deleted, brought back by undo, deleted again.
  await addClass(page, "tmp");
  await page.click('#classes button.class-delete[aria-label="delete the class tmp"]');
  if ("tmp" in (await counts(page))) fail("the deleted class is still listed");
  await page.click("#message-action");
  if (!("tmp" in (await counts(page)))) fail("undo did not bring the class back");
  await page.click('#classes button.class-delete[aria-label="delete the class tmp"]');

  // The three classes, 10 drawings each.
  await addClass(page, "丿");
  for (const name of Object.keys(STROKES)) {
    while ((await counts(page))[name] < 10) await addDrawing(page, name, STROKES[name]);
  }
  await sameCounts(page, { "一": 10, "丨": 10, "丿": 10 }, "drawing");
  // An example deleted by a click, and brought back.
  await page.click(`#classes li[data-row="丨"] button.example`);
  await sameCounts(page, { "一": 10, "丨": 9, "丿": 10 }, "deleting an example");
  await page.click("#message-action");
  await sameCounts(page, { "一": 10, "丨": 10, "丿": 10 }, "undoing the deletion");
  const { result } = await train(page);
  if (!(result.train_accuracy >= 0.9)) fail(`training accuracy ${result.train_accuracy} < 0.9`);
  if (result.epoch !== result.epochs || result.epochs !== 30) fail(`done at epoch ${result.epoch} of ${result.epochs}`);
  if (new URL(page.url()).searchParams.get("seed") !== "7") fail(`the address lost seed=7: ${page.url()}`);

  // A new drawing of each class, read right; the last one's pad and prediction kept.
  let last = null;
  for (const [name, strokes] of Object.entries(STROKES)) {
    last = await read(page, strokes);
    console.log(`a new ${name} is read as ${last.cls}: ${last.result}`);
    if (last.cls !== name) fail(`a new ${name} is read as ${last.cls}`);
  }
  const probabilities = JSON.parse(last.result).probabilities;
  if (Object.keys(probabilities).sort().join() !== Object.keys(STROKES).sort().join()) fail(`probabilities of ${Object.keys(probabilities)}`);
  const png = await page.evaluate(() => document.getElementById("pad").toDataURL("image/png"));
  fs.writeFileSync(path.join(outdir, "drawing.png"), Buffer.from(png.split(",")[1], "base64"));
  fs.writeFileSync(path.join(outdir, "prediction.json"), last.result);
  await page.click("#targets button");
  await page.screenshot({ path: shotWith("trained"), fullPage: true });

  // The downloads: the set as class folders, the model as a run folder.
  const setZip = path.join(outdir, "characters-set.zip");
  const names = zipNames(await download(page, "#download-set", setZip));
  for (const name of Object.keys(STROKES)) {
    for (let k = 0; k < 10; k++) if (!names.includes(`${name}/${String(k).padStart(4, "0")}.png`)) fail(`the set zip lacks ${name}/000${k}.png: ${names}`);
  }
  const model = zipNames(await download(page, "#download-model", path.join(outdir, "characters-model.zip")));
  for (const f of ["characters/model.bpk", "characters/config.toml"]) if (!model.includes(f)) fail(`the model zip lacks ${f}: ${model}`);
  console.log(`downloads: characters-set.zip (${names.length} entries), characters-model.zip (${model.join(", ")})`);

  // After a reload the set is still there.
  await page.waitForFunction(() => (document.getElementById("classes").dataset.unsaved ?? "0") === "0", null, { timeout: 30000 });
  await page.reload();
  await page.waitForSelector("#classes[data-loaded=true]", { state: "attached", timeout: 120000 });
  const threes = { "一": 10, "丨": 10, "丿": 10 };
  await sameCounts(page, threes, "a reload");
  const order = await page.$$eval("#classes button.class", (bs) => bs.map((b) => b.dataset.class).join(""));
  if (order !== "一丨丿") fail(`after a reload the classes are in the order ${order}`);
  await page.waitForFunction(() => !document.getElementById("train-start").disabled, null, { timeout: 60000 });
  const ready = await page.textContent("#train-status");
  if (/cannot/.test(ready)) fail(`after a reload the training says: ${ready}`);

  // Bad uploads: a message, nothing changed.
  await expectError(page, () => page.setInputFiles("#upload", { name: "bad.zip", mimeType: "application/zip",
    buffer: crypto.randomBytes(5000) }), "a zip of random bytes", /bad\.zip/);
  await sameCounts(page, threes, "a bad zip");
  await page.screenshot({ path: shotWith("bad"), fullPage: false });
  await expectError(page, () => page.setInputFiles("#upload", { name: "notes.png", mimeType: "image/png",
    buffer: Buffer.from("these are no pixels") }), "a picture that is none", /notes\.png/);
  await sameCounts(page, threes, "a picture that is none");
  // Hostile files the Rust test made (OUTDIR/bad/NAME, what the message must say in its name):
  // each refused with a message, the set unchanged.
  const bad = path.join(outdir, "bad");
  if (fs.existsSync(bad)) {
    for (const name of fs.readdirSync(bad).sort()) {
      const [, says] = name.match(/^\d+-(.*)\.\w+$/) || [];
      const file = path.join(bad, name);
      const text = await expectError(page, () => page.setInputFiles("#upload", file), name, null);
      if (!text.split(name).join("").includes(says.replace(/_/g, " "))) fail(`${name}: the message does not say “${says}”`);
      await sameCounts(page, threes, name);
    }
  }

  // The downloaded set uploaded back: each class's pictures appended.
  await page.evaluate(() => document.getElementById("message").replaceChildren());
  await page.setInputFiles("#upload", setZip);
  await page.waitForFunction(() => document.getElementById("message").dataset.kind === "info" &&
    /Added/.test(document.getElementById("message").textContent), null, { timeout: 60000 })
    .catch(async () => fail(`uploading the set back: ${await page.textContent("#message")}`));
  await sameCounts(page, { "一": 20, "丨": 20, "丿": 20 }, "uploading the set back");
  console.log(`uploaded back: “${(await page.textContent("#message")).trim()}”`);
  await page.screenshot({ path: shot, fullPage: true });
}

async function alphabet(page) {
  const seen = new Map();
  for (const [letter, word] of Object.entries(LETTERS)) {
    const key = word.split(" ").map((s) => [...s].sort().join("")).sort().join();
    if (seen.has(key)) fail(`${letter} and ${seen.get(key)} are drawn alike`);
    seen.set(key, letter);
  }
  await freshPage(page, url);
  await page.waitForFunction(() => !document.getElementById("train-start").disabled, null, { timeout: 60000 });
  const drawingStarted = Date.now();
  for (const [letter, word] of Object.entries(LETTERS)) {
    await addClass(page, letter);
    for (let k = 0; k < 20; k++) await addDrawing(page, letter, letterStrokes(word), true);
    process.stdout.write(letter);
  }
  console.log(`\n520 drawings in ${((Date.now() - drawingStarted) / 1000).toFixed(1)} s`);
  await page.fill("#epochs", "30");
  const { result, seconds } = await train(page);
  let right = 0;
  for (const [letter, word] of Object.entries(LETTERS)) if ((await read(page, letterStrokes(word))).cls === letter) right++;
  console.log(`new drawings read right: ${right} of 26`);
  await page.screenshot({ path: shot, fullPage: true });
  console.log(`RESULT ${JSON.stringify({ ...result, seconds, classes: 26, examples: 520, new_drawings_right: right })}`);
}

(async () => {
  fs.mkdirSync(outdir, { recursive: true });
  const { browser, page } = await openPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => { if (m.type() === "error" && !/Failed to load resource/.test(m.text())) errors.push(m.text()); });
  if (mode === "alphabet") await alphabet(page); else await threeClasses(page);
  const body = await page.textContent("body");
  if (/NaN|undefined|\[object /.test(body)) fail("the page shows NaN, undefined or an [object …]");
  if (errors.length) fail(`page errors: ${errors.join("; ")}`);
  await browser.close();
})().catch((e) => fail(String((e && e.stack) || e)));
