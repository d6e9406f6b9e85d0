// The page for a model of other classes than the digits, in headless Chromium:
//   NODE_PATH=/var/tmp/ann-node/node_modules node classes_browser.cjs URL "L,T,X,Z" SCREENSHOT.png
// The buttons of the true class, the output bars' labels and the prediction are the served
// model's class names; an "X" drawn on #pad is read as one of them.
const { openPage, stroke, fail } = require("./chromium.cjs");

const [url, names, screenshot] = process.argv.slice(2);
const classes = names.split(",");

(async () => {
  const { browser, page } = await openPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(url);
  await page.waitForFunction((n) => document.getElementById("targets").children.length === n, classes.length, { timeout: 60000 });
  const buttons = await page.$$eval("#targets button", (bs) => bs.map((b) => b.textContent));
  if (buttons.join(",") !== names) fail(`true-class buttons ${buttons}`);
  const status = await page.textContent("#status");
  if (!/draw a character/.test(status)) fail(`empty canvas says ${JSON.stringify(status)}`);
  if (!(await page.textContent("#model")).includes(`classes ${classes.join(" ")}`)) fail("#model does not name the classes");

  // An "X": two diagonals.
  const line = (from, to) => stroke(page, from, to);
  await line([0.25, 0.2], [0.75, 0.8]);
  await line([0.75, 0.2], [0.25, 0.8]);
  const prediction = (await page.textContent("#prediction")).trim();
  if (!classes.includes(prediction)) fail(`#prediction is ${JSON.stringify(prediction)}, not one of ${names}`);
  console.log(`prediction for the drawn X: ${prediction}`);

  // The true class picked by name: δ(3) is listed by class name, one per class.
  await page.click("#target-2");
  const d3 = await page.textContent("#d3-numbers");
  for (const name of classes) if (!d3.includes(`${name}: `)) fail(`δ(3) panel lacks ${name}: ${d3}`);
  if ((d3.match(/-?\d+\.\d+/g) || []).length !== classes.length) fail(`δ(3) panel: ${d3}`);
  await page.click("#learn");
  const moved = await page.textContent("#moved");
  if (!moved.startsWith(`y(${classes[2]}) moved from`)) fail(`#moved says ${moved}`);
  // MNIST's test digits say nothing about a model of other classes.
  if (/test digits/.test(moved)) fail(`#moved measures letters on digits: ${moved}`);

  await page.screenshot({ path: screenshot, fullPage: false });
  if (errors.length) fail(`page errors: ${errors.join("; ")}`);
  await browser.close();
})().catch((e) => fail(String(e)));
