// The page in a real browser: headless Chromium driven by playwright-core (Debian's
// /usr/bin/chromium, never a downloaded browser).
//   NODE_PATH=/var/tmp/ann-node/node_modules node browser.cjs URL SCREENSHOT.png
// Draws a "7" on #pad, reads #prediction, picks a target, checks that the δ panels show finite
// numbers, presses #learn and checks that the target's probability rose. Prints the time one
// draw → prediction + δ update takes in the page (median of 20). Then, with recipe.json
// withheld: the training stays off and says why, and a drawing is still predicted.
const { openPage, stroke, fail } = require("./chromium.cjs");

const [url, screenshot] = process.argv.slice(2);


(async () => {
  const { browser, page } = await openPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(url);
  await page.waitForFunction(() => document.getElementById("targets").children.length === 10, null, { timeout: 60000 });

  // Nothing drawn: the page asks for a digit instead of predicting.
  const status = await page.textContent("#status");
  if (!/draw a digit/.test(status)) fail(`empty canvas says ${JSON.stringify(status)}`);
  if ((await page.textContent("#prediction")).trim() !== "") fail("a prediction for an empty canvas");

  // A "7": a bar across the top and a diagonal down.
  const line = (from, to) => stroke(page, from, to);
  await line([0.25, 0.2], [0.75, 0.2]);
  await line([0.75, 0.2], [0.45, 0.85]);
  const prediction = (await page.textContent("#prediction")).trim();
  if (!/^[0-9]$/.test(prediction)) fail(`#prediction is ${JSON.stringify(prediction)}`);
  console.log(`prediction for the drawn 7: ${prediction}`);

  // The true digit: the δ panels fill with finite numbers.
  const target = prediction === "7" ? 1 : 7;
  await page.click(`#target-${target}`);
  const d3 = await page.textContent("#d3-numbers");
  const numbers = d3.match(/-?\d+\.\d+/g) || [];
  if (numbers.length !== 10 || numbers.some((v) => !Number.isFinite(Number(v)))) fail(`δ(3) panel: ${d3}`);
  for (const id of ["#d2-numbers", "#d1-numbers"]) {
    const text = await page.textContent(id);
    if (!/largest \|δ\| = \d/.test(text)) fail(`${id}: ${text}`);
  }
  const body = await page.textContent("body");
  if (/NaN|Infinity/.test(body)) fail("the page shows NaN or Infinity");
  const gradients = await page.$$eval("#gradients tr", (rows) => rows.slice(1).map((r) => Number(r.cells[1].textContent)));
  if (gradients.length !== 3 || gradients.some((g) => !(g > 0))) fail(`gradient sizes ${gradients}`);

  // One learning step raises y(target).
  const probability = async () => page.evaluate((k) => {
    const m = document.getElementById("moved").textContent;
    return m;
  }, target);
  await page.click("#learn");
  const moved = await probability();
  const match = moved.match(/from ([\d.]+)% to ([\d.]+)%/);
  if (!match || !(Number(match[2]) > Number(match[1]))) fail(`after learning: ${moved}`);
  console.log(moved);

  // The benchmark figure: one draw → prediction + δ update, as the page times it.
  const times = [];
  for (let i = 0; i < 20; i++) {
    await line([0.3 + i * 0.01, 0.5], [0.6, 0.55]);
    times.push(Number(await page.evaluate(() => document.body.dataset.ms)));
  }
  times.sort((a, b) => a - b);
  console.log(`draw → prediction + δ update: median ${times[10].toFixed(2)} ms (min ${times[0].toFixed(2)}, max ${times[19].toFixed(2)}) over 20 strokes`);

  await page.click("#reset");
  await page.click("#clear");
  await line([0.25, 0.2], [0.75, 0.2]);
  await line([0.75, 0.2], [0.45, 0.85]);
  await page.click(`#target-${target}`);
  await page.screenshot({ path: screenshot, fullPage: true });

  // Without recipe.json the training says why it is off, and the drawing part still works.
  const bare = await browser.newPage({ viewport: { width: 1300, height: 1100 } });
  bare.on("pageerror", (e) => errors.push(`without recipe.json: ${e}`));
  await bare.route("**/recipe.json", (route) => route.fulfill({ status: 404, body: "" }));
  await bare.goto(url);
  await bare.waitForFunction(() => /recipe\.json/.test(document.getElementById("data-status").textContent), null,
    { timeout: 60000 });
  if (!(await bare.isDisabled("#train-start"))) fail("training can start without its defaults");
  const barePad = await bare.locator("#pad").boundingBox();
  await bare.mouse.move(barePad.x + 0.5 * barePad.width, barePad.y + 0.15 * barePad.height);
  await bare.mouse.down();
  for (let i = 1; i <= 12; i++) {
    await bare.mouse.move(barePad.x + 0.5 * barePad.width, barePad.y + (0.15 + 0.7 * i / 12) * barePad.height);
  }
  await bare.mouse.up();
  const barePrediction = (await bare.textContent("#prediction")).trim();
  if (!/^[0-9]$/.test(barePrediction)) fail(`#prediction without recipe.json is ${JSON.stringify(barePrediction)}`);
  console.log(`without recipe.json: ${await bare.textContent("#data-status")} A drawn 1 is predicted ${barePrediction}.`);

  if (errors.length) fail(`page errors: ${errors.join("; ")}`);
  await browser.close();
  console.log("ok");
})().catch((e) => fail(String(e)));
