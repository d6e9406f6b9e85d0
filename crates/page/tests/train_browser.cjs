// Training in the page, in a real browser: headless Chromium driven by playwright-core
// (Debian's /usr/bin/chromium, never a downloaded browser).
//   NODE_PATH=/var/tmp/ann-node/node_modules node train_browser.cjs URL [SCREENSHOT.png]
// (or ANN_TRAIN_URL and ANN_TRAIN_SCREENSHOT). The page must be served with MNIST under data/
// (`ann web`, or any static server with data/index.json). Starts a default run (mini-batch 100,
// configs/plain.toml's settings), draws a digit while it trains and checks that the network
// being trained predicts it, waits for three epochs and checks the validation accuracy, that the
// curves, W(1)'s images and the gallery are drawn (canvas pixels, not blank), "learn this" on the
// live network (test accuracy before and after), a short race, settings kept in the URL, and
// settings the Trainer refuses shown with its message.
// Prints the figures (samples/s, drawing → prediction latency); asserts no time. About 15 s;
// ANN_TRAIN_RACE_FULL=1 lets the race run its whole budget (about 30 s more) before the
// screenshot.
const { openPage, stroke, fail } = require("./chromium.cjs");

const url = process.argv[2] || process.env.ANN_TRAIN_URL;
const screenshot = process.argv[3] || process.env.ANN_TRAIN_SCREENSHOT;
if (!url) { console.error("usage: node train_browser.cjs URL [SCREENSHOT.png]"); process.exit(2); }


// What a canvas shows: how many pixels are not white, and how many of them have `rgb`.
async function ink(page, id, rgb) {
  return page.evaluate(([id, rgb]) => {
    const c = document.getElementById(id), d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
    let inked = 0, matching = 0;
    for (let i = 0; i < d.length; i += 4) {
      if (d[i] < 245 || d[i + 1] < 245 || d[i + 2] < 245) inked++;
      if (rgb && Math.abs(d[i] - rgb[0]) < 40 && Math.abs(d[i + 1] - rgb[1]) < 40 && Math.abs(d[i + 2] - rgb[2]) < 40) matching++;
    }
    return { inked: inked / (d.length / 4), matching };
  }, [id, rgb ?? null]);
}

const status = (page) => page.evaluate(() => ({ ...document.getElementById("train-status").dataset, text: document.getElementById("train-status").textContent }));

(async () => {
  const { browser, page } = await openPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  // (A page served without a trained model logs its 404s for network.json and weights.bin.)
  page.on("console", (m) => { if (m.type() === "error" && !/Failed to load resource/.test(m.text())) errors.push(m.text()); });
  await page.goto(url);
  // MNIST loaded (gunzipped in the worker) and a fresh network made.
  await page.waitForFunction(() => !document.getElementById("train-start").disabled, null, { timeout: 120000 });
  await page.waitForFunction(() => document.getElementById("train-status").dataset.ready === "true", null, { timeout: 60000 });
  // The controls start from configs/plain.toml, as the server's recipe.json gives it.
  const kind = await page.inputValue("#train-kind");
  if (kind !== "minibatch") fail(`default descent is ${kind}`);
  const plain = { "#train-batch": "100", "#train-eta": "0.05", "#train-eta-final": "0", "#train-momentum": "0.9",
    "#train-lambda": "0.0005", "#train-activation": "relu", "#train-hidden1": "300", "#train-hidden2": "100",
    "#train-seed": "42", "#train-epochs": "30" };
  for (const [id, value] of Object.entries(plain)) {
    const shown = await page.inputValue(id);
    if (shown !== value) fail(`${id} starts at ${JSON.stringify(shown)}, not plain.toml's ${value}`);
  }

  const started = Date.now();
  await page.click("#train-start");
  await page.waitForFunction(() => Number(document.getElementById("train-status").dataset.steps) > 20, null, { timeout: 60000 });

  // A "7" while it trains: the network being trained predicts it.
  const line = (from, to) => stroke(page, from, to);
  const seven = async () => { await page.click("#clear"); await line([0.25, 0.2], [0.75, 0.2]); await line([0.75, 0.2], [0.45, 0.85]); };
  await seven();
  if ((await page.inputValue("#draw-net")) !== "live") fail("the drawing panel does not use the network being trained");
  const prediction = (await page.textContent("#prediction")).trim();
  if (!/^[0-9]$/.test(prediction)) fail(`#prediction while training is ${JSON.stringify(prediction)}`);
  const during = await status(page);
  if (during.running !== "true") fail(`not training while the drawing was predicted: ${during.text}`);
  const latencies = [];
  for (let i = 0; i < 10; i++) {
    await line([0.3 + i * 0.01, 0.5], [0.6, 0.55]);
    latencies.push(Number(await page.evaluate(() => document.body.dataset.predictMs)));
  }
  latencies.sort((a, b) => a - b);
  console.log(`while training: drawing → prediction median ${latencies[5].toFixed(1)} ms, max ${latencies[9].toFixed(1)} ms (10 strokes); first prediction ${prediction} at step ${during.steps}`);

  // Epochs: validation accuracy on the held-out 1,000 after each.
  await page.waitForFunction(() => Number(document.getElementById("train-status").dataset.epoch) >= 3, null, { timeout: 300000 });
  const after3 = await status(page);
  const accuracies = after3.validHistory.split(",").map(Number);
  console.log(`validation accuracy after epochs 1, 2, 3: ${accuracies.slice(0, 3).join(", ")} (${((Date.now() - started) / 1000).toFixed(1)} s after start)`);
  if (!(accuracies[1] >= 0.94)) fail(`validation accuracy after 2 epochs: ${accuracies[1]}`);
  if (!(accuracies[2] >= 0.955)) fail(`validation accuracy after 3 epochs: ${accuracies[2]}`);
  const speed = Number((await status(page)).samplesPerSecond);
  console.log(`samples/s (mini-batch 100, the page's counter over the last 2 s): ${speed}`);
  if (!(speed > 0)) fail("samples/s is not counted");

  // The drawing again, with the network after three epochs, and "learn this" on it.
  await seven();
  const seen = (await page.textContent("#prediction")).trim();
  console.log(`the drawn 7 after 3 epochs: ${seen}`);
  await page.click(seen === "7" ? "#target-1" : "#target-7");
  await page.click("#learn");
  await page.waitForFunction(() => document.getElementById("moved").dataset.after !== undefined, null, { timeout: 30000 });
  const moved = await page.textContent("#moved");
  if (!/before the step, [\d.]+% after/.test(moved)) fail(`"learn this" shows ${moved}`);
  console.log(moved);

  // Not blank: the curves in their colours, W(1)'s tiles, the gallery.
  await page.click("#train-pause");
  await page.waitForFunction(() => document.getElementById("train-status").dataset.running === "false", null, { timeout: 30000 });
  await page.waitForTimeout(300);
  const loss = await ink(page, "loss-curve", [0, 114, 178]);
  const accuracy = await ink(page, "accuracy-curve", [0, 158, 115]);
  const gradients = await ink(page, "gradient-curve", [213, 94, 0]);
  const weights = await ink(page, "weights-view");
  const gallery = await ink(page, "gallery");
  console.log(`canvas ink: loss ${loss.matching} px, accuracy ${accuracy.matching} px, gradients ${gradients.matching} px, W(1) ${(weights.inked * 100).toFixed(0)}% inked, gallery ${(gallery.inked * 100).toFixed(0)}% inked`);
  if (loss.matching < 100) fail("the loss curve is blank");
  if (accuracy.matching < 10) fail("the accuracy curve is blank");
  if (gradients.matching < 50) fail("the gradient curve is blank");
  if (weights.inked < 0.3) fail("the W(1) images are blank");
  if (gallery.inked < 0.05) fail("the gallery is blank");

  // A short race: all three descents report, on one chart.
  await page.click("#race-start");
  await page.waitForFunction(() => [...document.querySelectorAll("#race-table tr")].slice(1).filter((r) => Number(r.cells[1].textContent.replace(/,/g, "")) > 0).length === 3, null, { timeout: 120000 });
  await page.waitForTimeout(1500);
  const raced = await page.$$eval("#race-table tr", (rows) => rows.slice(1).map((r) => [...r.cells].map((c) => c.textContent).join(" ")));
  console.log(`race after a few seconds: ${raced.join(" | ")}`);
  for (const [name, rgb] of [["batch", [0, 114, 178]], ["mini-batch", [213, 94, 0]], ["stochastic", [0, 158, 115]]]) {
    if ((await ink(page, "race-steps", rgb)).matching < 5) fail(`the race chart has no ${name} curve`);
  }
  if (process.env.ANN_TRAIN_RACE_FULL === "1") {
    // For a picture of the whole race (about half a minute): wait for its budget to be spent.
    await page.waitForFunction(() => !document.getElementById("race-start").disabled, null, { timeout: 300000 });
    const final = await page.$$eval("#race-table tr", (rows) => rows.slice(1).map((r) => [...r.cells].map((c) => c.textContent).join(" ")));
    console.log(`race after its budget: ${final.join(" | ")}`);
  }
  await page.screenshot({ path: screenshot || "train-page.png", fullPage: true });
  if (!(await page.isDisabled("#race-stop"))) await page.click("#race-stop");

  // The settings live in the URL: a link reproduces them.
  await page.selectOption("#train-kind", "stochastic");
  await page.fill("#train-eta", "0.01");
  await page.dispatchEvent("#train-eta", "change");
  await page.fill("#race-momentum", "0.5");
  await page.dispatchEvent("#race-momentum", "change");
  const link = page.url();
  if (!/kind=stochastic/.test(link) || !/eta=0.01/.test(link) || !/racemu=0.5/.test(link)) fail(`settings not in the URL: ${link}`);
  const again = await browser.newPage();
  await again.goto(link);
  await again.waitForFunction(() => document.getElementById("train-kind").value === "stochastic", null, { timeout: 30000 });
  if ((await again.inputValue("#train-eta")) !== "0.01") fail("η not restored from the URL");
  if ((await again.inputValue("#race-momentum")) !== "0.5") fail("the race's μ not restored from the URL");

  // Settings the Trainer refuses: the page shows the Trainer's own message, not a corrected value.
  const refused = async (id, text, pattern) => {
    await page.fill(id, text);
    await page.dispatchEvent(id, "change");
    await page.click("#train-reset");
    await page.waitForFunction((p) => new RegExp(p).test(document.getElementById("data-status").textContent),
      pattern, { timeout: 30000 });
  };
  await refused("#train-eta", "0", "training\\.learning_rate.*> 0");
  await page.fill("#train-eta", "0.01");
  await refused("#train-hidden1", "-5", "model\\.layers\\[1\\].*whole number");
  console.log(`refused settings: ${await page.textContent("#data-status")}`);

  const body = await page.textContent("body");
  if (/NaN|Infinity/.test(body)) fail("the page shows NaN or Infinity");
  if (errors.length) fail(`page errors: ${errors.join("; ")}`);
  await browser.close();
  console.log("ok");
})().catch((e) => fail(String(e)));
