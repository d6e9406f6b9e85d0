// What both browser tests share: Debian's Chromium (never a downloaded browser), started as
// this machine's closed network needs, and a page of the size the screenshots show.
const { chromium } = require("playwright-core");

async function openPage() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const page = await browser.newPage({ viewport: { width: 1300, height: 1100 } });
  return { browser, page };
}

// One pen stroke on the page's drawing pad from `from` to `to`, in fractions of its size.
async function stroke(page, from, to) {
  await page.locator("#pad").scrollIntoViewIfNeeded();
  const box = await page.locator("#pad").boundingBox();
  const at = (x, y) => [box.x + x * box.width, box.y + y * box.height];
  await page.mouse.move(...at(...from));
  await page.mouse.down();
  for (let i = 1; i <= 12; i++) await page.mouse.move(...at(from[0] + (to[0] - from[0]) * i / 12, from[1] + (to[1] - from[1]) * i / 12));
  await page.mouse.up();
}

function fail(message) {
  console.error(`FAIL: ${message}`);
  process.exit(1);
}

module.exports = { openPage, stroke, fail };
