// "Train it here" on a served run's own data (a folder of letters), in headless Chromium:
//   NODE_PATH=/var/tmp/ann-node/node_modules node run_data_browser.cjs URL "A,B,…" EPOCHS EXPECTED SCREENSHOT.png
// The page says what it trains on and names its classes; a run of EPOCHS epochs with the
// page's settings (those of `ann train --engine manual` with the same config and seed) ends
// with a validation accuracy within 1 point of EXPECTED, the manual engine's; the gallery and
// the drawing panel name the classes.
const { openPage, stroke, fail } = require("./chromium.cjs");

const [url, names, epochs, expected, screenshot] = process.argv.slice(2);
const classes = names.split(",");

(async () => {
  const { browser, page } = await openPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(`${url}?epochs=${epochs}`);
  await page.waitForFunction(() => !document.getElementById("train-start").disabled, null, { timeout: 120000 });
  await page.waitForFunction(() => document.getElementById("train-status").dataset.ready === "true", null, { timeout: 60000 });
  const data = await page.textContent("#data-status");
  if (!data.includes(`classes ${classes.join(" ")}`)) fail(`#data-status does not name the run's classes: ${data}`);
  console.log(data);
  const started = Date.now();
  await page.click("#train-start");
  await page.waitForFunction((n) => Number(document.getElementById("train-status").dataset.epoch) >= n &&
    document.getElementById("train-status").dataset.running === "false", Number(epochs), { timeout: 300000 });
  const valid = Number(await page.evaluate(() => document.getElementById("train-status").dataset.validAccuracy));
  console.log(`page: validation accuracy ${valid} after ${epochs} epochs (${((Date.now() - started) / 1000).toFixed(1)} s); ann train --engine manual: ${expected}`);
  if (!(Math.abs(valid - Number(expected)) <= 0.01)) fail(`the page's ${valid} is not within 1 point of ${expected}`);

  // The network trained here reads a drawing by class name.
  await page.selectOption("#draw-net", "live");
  await stroke(page, [0.25, 0.2], [0.75, 0.8]);
  await stroke(page, [0.75, 0.2], [0.25, 0.8]);
  const prediction = (await page.textContent("#prediction")).trim();
  if (!classes.includes(prediction)) fail(`#prediction is ${JSON.stringify(prediction)}, not one of ${names}`);
  const targets = await page.$$eval("#targets button", (bs) => bs.map((b) => b.textContent));
  if (targets.join(",") !== names) fail(`true-class buttons ${targets}`);
  await page.screenshot({ path: screenshot, fullPage: true });
  if (errors.length) fail(`page errors: ${errors.join("; ")}`);
  await browser.close();
  console.log("ok");
})().catch((e) => fail(e.stack || String(e)));
