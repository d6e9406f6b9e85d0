// The slides page in headless Chromium: sets each view's inputs, reads its `data-result` and
// checks it against values computed here, independently (plain loops, not the page's code).
//   NODE_PATH=/var/tmp/ann-node/node_modules node slides_browser.cjs URL SCREENSHOT.png
// Prints each view's answer time as the page measures it (data-ms).
const { openPage, fail } = require("./chromium.cjs");

const [url, screenshot] = process.argv.slice(2);

// The deck 004 exercise by hand: z = w a + b, a = f(z), δ(L) = ∇ₐC ⊙ f'(z), δ(l) = wᵀδ ⊙ f'(z).
const F = {
  linear: [(z) => z, () => 1],
  sigmoid: [(z) => 1 / (1 + Math.exp(-z)), (z) => Math.exp(-z) / (1 + Math.exp(-z)) ** 2],
  tanh: [Math.tanh, (z) => 1 / Math.cosh(z) ** 2],
  relu: [(z) => Math.max(0, z), (z) => (z > 0 ? 1 : 0)],
};
function byHand(w, b, x, y, f, cost, eta) {
  const [fn, prime] = F[f];
  const z = [], a = [x];
  w.forEach((m, l) => {
    z.push(m.map((row, j) => row.reduce((s, wji, i) => s + wji * a[l][i], b[l][j])));
    a.push(z[l].map(fn));
  });
  const L = w.length, out = a[L];
  const grad = out.map((o, j) => (cost === "quadratic" ? o - y[j] : (o - y[j]) / (o * (1 - o))));
  const delta = new Array(L);
  delta[L - 1] = grad.map((g, j) => g * prime(z[L - 1][j]));
  for (let l = L - 2; l >= 0; l--) {
    delta[l] = z[l].map((zj, i) => w[l + 1].reduce((s, row, k) => s + row[i] * delta[l + 1][k], 0) * prime(zj));
  }
  const dw = delta.map((d, l) => d.map((dj) => a[l].map((ai) => ai * dj)));
  const c = cost === "quadratic" ? out.reduce((s, o, j) => s + 0.5 * (y[j] - o) ** 2, 0)
    : -out.reduce((s, o, j) => s + y[j] * Math.log(o) + (1 - y[j]) * Math.log(1 - o), 0);
  const w_after = w.map((m, l) => m.map((row, j) => row.map((wji, i) => wji - eta * dw[l][j][i])));
  return { z, a: a.slice(1), delta, dw, db: delta, w_after, cost: c };
}

// `got` within 1e-9 of the largest |want| of each array.
function close(got, want, what) {
  const flat = (v) => (Array.isArray(v) ? v.flat(Infinity) : [v]);
  const g = flat(got), w = flat(want);
  if (g.length !== w.length) fail(`${what}: ${g.length} numbers, expected ${w.length}`);
  const scale = Math.max(...w.map(Math.abs));
  g.forEach((v, i) => { if (!(Math.abs(v - w[i]) <= 1e-9 * scale)) fail(`${what}[${i}]: ${v} vs ${w[i]}`); });
}

(async () => {
  const { browser, page } = await openPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(url);
  await page.waitForFunction(() => document.getElementById("exercise").dataset.result, null, { timeout: 60000 });
  const result = async (id) => JSON.parse(await page.getAttribute(`#${id}`, "data-result"));
  const set = async (id, text) => {
    await page.fill(`#${id}`, text);
    await page.dispatchEvent(`#${id}`, "change");
  };
  const setExercise = async (fields) => {
    for (const [id, text] of Object.entries(fields)) {
      if (id === "f" || id === "cost") await page.selectOption(`#exercise-${id}`, text);
      else await set(`exercise-${id}`, text);
    }
  };

  // Deck 004's softmax table.
  await set("softmax-z", "2, 1, -1");
  const s = await result("softmax");
  const e = [2, 1, -1].map(Math.exp), sum = e[0] + e[1] + e[2];
  close(s.e, e, "softmax e"); close(s.sum, sum, "softmax sum"); close(s.y, e.map((v) => v / sum), "softmax y");
  const printed = s.y.map((v) => v.toFixed(2)).join(", ");
  if (printed !== "0.71, 0.26, 0.04" || s.sum.toFixed(2) !== "10.48") fail(`softmax table prints ${printed}, ${s.sum}`);

  // The circuit, at the slide's point and at another.
  for (const [x, y, z] of [[-2, 5, -4], [1.5, -0.25, 3]]) {
    await set("circuit-x", String(x)); await set("circuit-y", String(y)); await set("circuit-z", String(z));
    const c = await result("circuit");
    close([c.q, c.f, c.dx, c.dy, c.dz], [x + y, (x + y) * z, z, z, x + y], `circuit at ${x}, ${y}, ${z}`);
  }

  // The other small views, each at the slide's numbers and at another.
  const text = async (id) => page.textContent(`#${id}`);
  const expect = async (id, pattern, what) => { const t = await text(id); if (!pattern.test(t)) fail(`${what}: ${t}`); };
  await expect("params-out", /= 266,610 parameters/, "784-300-100-10");
  await set("params-layers", "784, 15, 10");
  await expect("params-out", /= 11,935 parameters/, "deck 003's 784-15-10");
  await expect("uniform-out", /= 2\.302585$/, "−ln 0.1");
  await expect("chain-out", /= 6$/, "(g∘f)′");
  await set("chain-p", "5");
  await expect("chain-out", /= 15$/, "(g∘f)′ for f(x) = 5x + 2");
  await expect("neuron-out", /Σ x_i w_i = -0\.4, z = b \+ Σ x_i w_i = -0\.5/, "deck 003's neuron");
  // The neuron's slider for w₁ rewrites the typed weights: w = (1.5, 0.6, 1.4) gives Σ = 0.4.
  await page.fill('#neuron-sliders input[aria-label="w1"]', "1.5");
  if ((await page.inputValue("#neuron-w")) !== "1.5, 0.6, 1.4") fail(`w after the slider: ${await page.inputValue("#neuron-w")}`);
  await expect("neuron-out", /Σ x_i w_i = 0\.4,/, "the neuron after the slider");
  await expect("hadamard-out", /^\[3, 8\]$/, "[1, 2] ⊙ [3, 4]");
  await expect("product-out", /f = x y = -12, .* = \[-3, 4\]$/, "f = x y at (4, −3)");
  await set("hadamard-b", "3");
  await expect("hadamard-out", /equal lengths/, "⊙ of unequal lengths");

  // Deck 004's first exercise: a 2-3-1 network, every number against the hand computation.
  await setExercise({ w: "1 2; 3 4; 5 6\n7 8 9", x: "-1, -1", y: "1", f: "sigmoid", cost: "quadratic", eta: "0.01" });
  let r = await result("exercise");
  if (JSON.stringify(r.layers) !== "[2,3,1]") fail(`architecture ${JSON.stringify(r.layers)}`);
  const arch = await page.textContent("#exercise-arch");
  if (!arch.includes("2-3-1")) fail(`architecture line: ${arch}`);
  const hand = byHand([[[1, 2], [3, 4], [5, 6]], [[7, 8, 9]]], [[0, 0, 0], [0]], [-1, -1], [1], "sigmoid", "quadratic", 0.01);
  for (const key of ["z", "a", "delta", "dw", "db", "w_after", "cost"]) close(r[key], hand[key], `exercise ${key}`);

  // The student's own answers, to 3 significant digits: z(1)_1 = −3 is right, −4 is wrong;
  // a(2) = σ(0.3393…) = 0.584….
  const marked = async (key, text) => {
    await page.fill(`input[data-key="${key}"]`, text);
    return page.getAttribute(`input[data-key="${key}"] >> xpath=..`, "class");
  };
  if (!(await marked("z1_1", "-3")).includes("right")) fail("z(1)_1 = -3 not marked right");
  if (!(await marked("z1_1", "-4")).includes("wrong")) fail("z(1)_1 = -4 not marked wrong");
  if (!(await marked("a2_1", String(hand.a[1][0].toPrecision(3)))).includes("right")) fail("a(2)_1 to 3 digits not marked right");
  if (!(await marked("a2_1", "0.5")).includes("wrong")) fail("a(2)_1 = 0.5 not marked wrong");

  // Random networks: every f and both costs, up to 5 layers of 1-8 units, biases typed.
  let seed = 12345;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  let checked = 0;
  for (let n = 0; n < 40; n++) {
    const f = Object.keys(F)[n % 4], cost = n % 8 < 4 ? "quadratic" : "cross_entropy";
    const widths = Array.from({ length: 2 + Math.floor(rand() * 5) }, () => 1 + Math.floor(rand() * 8));
    if (cost === "cross_entropy") widths[widths.length - 1] = Math.min(widths[widths.length - 1], 2);
    const w = widths.slice(1).map((m, l) => Array.from({ length: m }, () => Array.from({ length: widths[l] }, () => Math.round((rand() * 2 - 1) * 1e4) / 1e4)));
    const b = widths.slice(1).map((m) => Array.from({ length: m }, () => Math.round((rand() - 0.5) * 1e3) / 1e3));
    const x = Array.from({ length: widths[0] }, () => Math.round((rand() * 4 - 2) * 1e3) / 1e3);
    const y = Array.from({ length: widths[widths.length - 1] }, () => Math.round(rand() * 100) / 100);
    const text = w.map((m, l) => `${m.map((row) => row.join(" ")).join("; ")} | ${b[l].join(", ")}`).join("\n");
    await setExercise({ w: text, x: x.join(", "), y: y.join(", "), f, cost, eta: "0.1" });
    r = await result("exercise");
    const want = byHand(w, b, x, y, f, cost, 0.1);
    const inside = want.a[want.a.length - 1].every((o) => o > 0 && o < 1);
    if (cost === "cross_entropy" && !inside) {
      if (!r.error) fail(`cross-entropy of outputs outside (0, 1) gave no message: ${text}`);
      continue;
    }
    if (r.error) fail(`${f}/${cost} ${widths.join("-")}: ${r.error}`);
    for (const key of ["z", "a", "delta", "dw", "db", "w_after", "cost"]) close(r[key], want[key], `${f}/${cost} ${widths.join("-")} ${key}`);
    checked++;
  }
  if (checked < 20) fail(`only ${checked} random networks were checked`);
  console.log(`exercise: deck 004 and ${checked} random networks agree with the hand computation to 1e-9`);

  // What does not chain gets a message naming the matrix; the page keeps working.
  await setExercise({ w: "1 2; 3 4; 5 6\n7 8", x: "1, 1", y: "1", f: "sigmoid", cost: "quadratic" });
  r = await result("exercise");
  if (!r.error || !r.error.includes("w2")) fail(`mismatched shapes: ${JSON.stringify(r)}`);
  if (!(await page.textContent("#exercise-error")).includes("w2")) fail("the message is not shown");
  await setExercise({ w: "1 2; 3 x; 5 6\n7 8 9" });
  r = await result("exercise");
  if (!r.error || !r.error.includes("w1, row 2")) fail(`a typo: ${JSON.stringify(r)}`);

  // Deck 003's gradient descent: the same steps as a loop here, w ← w − η 2w on C(w) = w².
  await page.selectOption("#gd-surface", "parabola");
  await set("gd-start", "2");
  for (const eta of [0.001, 0.1, 0.95, 1.1]) {
    await set("gd-eta", String(eta));
    await page.click("#gd-run");
    const g = await result("gd");
    let w = 2, steps = 0;
    while (steps < 100 && w * w >= 1e-8 && w * w < 1e6) { w -= eta * 2 * w; steps++; }
    if (g.steps !== steps || g.diverged !== !(w * w < 1e6)) fail(`gradient descent at η = ${eta}: ${JSON.stringify(g)} vs ${steps} steps, w = ${w}`);
    close(g.final, w * w, `gradient descent at η = ${eta}`);
  }
  console.log("gradient descent: η = 0.001 crawls, 0.1 converges, 0.95 oscillates, 1.1 diverges, as a loop here says");

  // Deck 003's XOR: the perceptron stays at or below 75%, one hidden layer gets all four.
  await page.click("#xor-train");
  await page.waitForFunction(() => document.getElementById("xor").dataset.result, null, { timeout: 120000 });
  const x = await result("xor");
  if (!(x.perceptron_accuracy <= 0.75) || x.hidden_accuracy !== 1 || x.steps !== 2000) fail(`XOR: ${JSON.stringify(x)}`);
  console.log(`XOR: ${JSON.stringify(x)}`);

  // The more, the merrier: a short budget, then every depth has a test accuracy.
  await set("depth-steps", "100");
  await page.click("#depth-train");
  await page.waitForFunction(() => document.getElementById("depth").dataset.result, null, { timeout: 300000 });
  const d = await result("depth");
  if (["1", "3", "50"].some((k) => !(d[k] >= 0 && d[k] <= 1))) fail(`depth: ${JSON.stringify(d)}`);
  console.log(`depth after 100 steps: ${JSON.stringify(d)}`);

  // Deck 000's toy table: 100 epochs lower the error.
  const before = (await result("toy")).E;
  await page.click("#toy-100");
  const after = (await result("toy")).E;
  if (!(after < before)) fail(`toy table error ${before} → ${after}`);

  const body = await page.textContent("body");
  if (/NaN|Infinity|undefined/.test(body)) fail("the page shows NaN, Infinity or undefined");
  if (errors.length) fail(`page errors: ${errors.join("; ")}`);

  // The fields changed from their defaults are in the address, and a link brings them back.
  if (!new URL(page.url()).searchParams.get("circuit-x")) fail(`circuit-x not in the address: ${page.url()}`);
  const link = `${url}?softmax-z=${encodeURIComponent("0, 0, 0, 0")}&exercise-f=tanh`;
  const second = await browser.newPage();
  await second.goto(link);
  await second.waitForFunction(() => document.getElementById("exercise").dataset.result, null, { timeout: 60000 });
  const linked = JSON.parse(await second.getAttribute("#softmax", "data-result"));
  close(linked.y, [0.25, 0.25, 0.25, 0.25], "softmax from the address");
  if ((await second.inputValue("#exercise-f")) !== "tanh") fail("f from the address");
  await second.close();

  // Back to the slide's exercise for the screenshot, with a right and a wrong answer typed.
  await setExercise({ w: "1 2; 3 4; 5 6\n7 8 9", x: "-1, -1", y: "1", f: "sigmoid", cost: "quadratic", eta: "0.01" });
  await page.fill('input[data-key="z1_1"]', "-3");
  await page.fill('input[data-key="a1_1"]', "0.05");
  const times = await page.$$eval("[data-ms]", (els) => els.map((e) => [e.id, Number(e.dataset.ms)]));
  console.log(`answer times (ms), as the page measured its last update: ${times.map(([id, ms]) => `${id} ${ms.toFixed(2)}`).join(", ")}`);
  if (screenshot) await page.screenshot({ path: screenshot, fullPage: true });
  await browser.close();
})().catch((e) => fail(String(e && e.stack || e)));
