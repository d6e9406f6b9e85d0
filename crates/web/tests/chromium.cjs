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

function fail(message) {
  console.error(`FAIL: ${message}`);
  process.exit(1);
}

module.exports = { openPage, fail };
