// The characters page (your own classes, drawn, kept in IndexedDB and trained in the browser) in
// headless Chromium:
//   NODE_PATH=/var/tmp/ann-node/node_modules node characters_browser.cjs URL SHOT.png OUTDIR
// URL: http://127.0.0.1:PORT/characters.html. Starts from an empty set (IndexedDB cleared).
// Bad inputs (an empty or taken class name, one that is no folder name, an empty drawing,
// training on one class and on a class of one example, a zip of random bytes, a picture that is
// none, and the hostile files in OUTDIR/bad/) each give a message and lose nothing; three
// classes of strokes (一, 丨, 丿), 10 drawings each with a little jitter, trained to ≥ 90%
// training accuracy, each read back right from a new drawing; OUTDIR gets drawing.png (the
// pad's PNG of the last one), prediction.json (its #prediction data-result),
// characters-set.zip and characters-model.zip (the downloads); the set is still there after a
// reload and its zip uploaded back doubles it. Screenshots SHOT, SHOT-trained.png and
// SHOT-bad.png (an error message).
const fs = require("fs");
const path = require("path");
const crypto = require("crypto");
const { stroke, fail } = require("./chromium.cjs");
const { jittered, counts, classButton, sameCounts, expectError, freshPage, addClass, addDrawing, train, read, download,
  zipNames, drive } = require("./characters_common.cjs");

const [url, shot, outdir] = process.argv.slice(2);
if (!url || !shot || !outdir) {
  console.error("usage: node characters_browser.cjs URL SHOT.png OUTDIR");
  process.exit(2);
}
const shotWith = (suffix) => shot.replace(/(\.png)?$/, `-${suffix}.png`);

// One stroke each.
const STROKES = { "一": [[[0.2, 0.5], [0.8, 0.5]]], "丨": [[[0.5, 0.2], [0.5, 0.8]]], "丿": [[[0.7, 0.2], [0.3, 0.8]]] };

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


drive(outdir, threeClasses);
