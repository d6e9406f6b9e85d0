// The characters page trained on an alphabet, in headless Chromium:
//   NODE_PATH=/var/tmp/ann-node/node_modules node alphabet_browser.cjs URL SHOT.png OUTDIR
// 26 classes A..Z of 20 drawings each (2 or 3 strokes a letter, with a little jitter), 30
// epochs; prints `RESULT {json}` (the final data-result, the seconds from "train" to done, how
// many of 26 new drawings were read right) and saves SHOT.
const { fail } = require("./chromium.cjs");
const { freshPage, addClass, addDrawing, train, read, drive } = require("./characters_common.cjs");

const [url, shot, outdir] = process.argv.slice(2);
if (!url || !shot || !outdir) {
  console.error("usage: node alphabet_browser.cjs URL SHOT.png OUTDIR");
  process.exit(2);
}

// The letters from nine points of the pad, 2 or 3 segments each, no two alike.
const P = { a: [0.25, 0.2], b: [0.5, 0.2], c: [0.75, 0.2], d: [0.25, 0.5], e: [0.5, 0.5], f: [0.75, 0.5],
  g: [0.25, 0.8], h: [0.5, 0.8], i: [0.75, 0.8] };
const LETTERS = { A: "gb bi df", B: "ag af fg", C: "ca ag gi", D: "ag ai", E: "ac df gi", F: "ac ag de", G: "ca ag gf",
  H: "ag ci df", I: "ac bh gi", J: "ci ig", K: "ag cd di", L: "ag gi", M: "ga ae ec", N: "ga ai ic", O: "ac ci ig",
  P: "ag af fd", Q: "ac ci ei", R: "ag af di", S: "ca ai ig", T: "ac bh", U: "ag gi ic", V: "ah hc", W: "ag ge ei",
  X: "ai cg", Y: "ae ce eh", Z: "ac cg gi" };
const letterStrokes = (word) => word.split(" ").map(([p, q]) => [P[p], P[q]]);

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

drive(outdir, alphabet);
