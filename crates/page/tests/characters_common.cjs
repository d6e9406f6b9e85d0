// What the characters page's browser tests share: drawing on its pad with a little seeded
// jitter, its classes and counts, its messages, training it and reading a drawing back, its
// downloads, and the run of a test in a fresh headless Chromium.
const fs = require("fs");
const path = require("path");
const { openPage, stroke, fail } = require("./chromium.cjs");

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


// Runs `body(page)` in a fresh browser, then checks the page shows no NaN, undefined or
// [object …] and logged no error; fails the test otherwise.
function drive(outdir, body) {
  (async () => {
    fs.mkdirSync(outdir, { recursive: true });
    const { browser, page } = await openPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    page.on("console", (m) => { if (m.type() === "error" && !/Failed to load resource/.test(m.text())) errors.push(m.text()); });
    await body(page);
    const text = await page.textContent("body");
    if (/NaN|undefined|\[object /.test(text)) fail("the page shows NaN, undefined or an [object …]");
    if (errors.length) fail(`page errors: ${errors.join("; ")}`);
    await browser.close();
  })().catch((e) => fail(String((e && e.stack) || e)));
}

module.exports = { jittered, counts, classButton, sameCounts, expectError, freshPage, addClass, addDrawing, train, read,
  download, zipNames, drive };
