// Times a check in ylcheck.html, in headless Chromium, as bench/page.sh runs it:
//   node web/test/bench.mjs PAGE REGION AS_OF RUNS FILE...
// Prints one JSON line per run: the checker's own time in its worker (the wasm
// check and both reports), and the time from pressing Check to the result shown
// (the files read, sent to the worker, the reports back as blobs), and the size
// of the module's memory after the check (it only grows: the check's peak).

import { chromium } from "playwright-core";
import { pathToFileURL } from "node:url";

const [page_, region, asOf, runs, ...files] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.YLCHECK_CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
});
try {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on("pageerror", (e) => console.error("pageerror:", e.message));
  await page.goto(pathToFileURL(page_).href);
  await page.waitForSelector("html[data-state=ready]", { timeout: 120000 });
  await page.setInputFiles("#file-input", files);
  await page.fill("#region", region);
  await page.fill("#as-of", asOf);
  for (let i = 0; i < Number(runs); i++) {
    const n = Number((await page.getAttribute("html", "data-runs")) || 0);
    const start = Date.now();
    await page.click("#run");
    await page.waitForFunction(
      (k) => Number(document.documentElement.getAttribute("data-runs") || 0) > k,
      n,
      { timeout: 900000, polling: 50 }
    );
    const shown = Date.now() - start;
    const state = await page.getAttribute("html", "data-state");
    const worker = Number(await page.getAttribute("html", "data-check-ms"));
    const memory = Number(await page.getAttribute("html", "data-memory"));
    console.log(JSON.stringify({ state, worker_ms: worker, shown_ms: shown, wasm_memory: memory }));
  }
} finally {
  await browser.close();
}
