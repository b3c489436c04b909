// ylcheck.html in headless Chromium, opened from file:// as a planner opens it:
// every sample goes in through the file input, and the JSON and HTML reports the
// page offers for download must equal what `ylcheck check --format json|html`
// writes for the same files, region and date; a bad file shows the command
// line's own located error; the page makes no network request and logs nothing.
//
// Run by web/test.sh, which builds the page and the command line first and
// gives their paths in YLCHECK_PAGE and YLCHECK_BIN.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const ROOT = path.resolve(import.meta.dirname, "../..");
const PAGE = process.env.YLCHECK_PAGE;
const BIN = process.env.YLCHECK_BIN;
const BROWSER = process.env.YLCHECK_CHROMIUM || "/usr/bin/chromium";
const SAMPLES = path.join(ROOT, "samples");
const BAD = path.join(ROOT, "tests/bad");
const PAGE_URL = pathToFileURL(PAGE).href;

let browser;
let context;
let page;
const requests = [];
const console_ = [];

/** Runs the command line in `dir` on bare file names, as the page names them. */
function cli(dir, args) {
  const env = { ...process.env, NO_COLOR: "1" };
  for (const v of ["LANG", "LC_ALL", "LC_MESSAGES"]) delete env[v];
  const out = spawnSync(BIN, ["check", "--no-config", ...args], {
    cwd: dir,
    env,
    encoding: "utf8",
    maxBuffer: 1 << 30
  });
  return { code: out.status, stdout: out.stdout, stderr: out.stderr };
}

function flags({ region, asOf, lang }) {
  const f = ["--as-of", asOf, "--lang", lang || "zh"];
  if (region) f.push("--region", region);
  return f;
}

/** Puts `files` into the page, sets the region, date and language, and checks. */
async function check({ dir, files, region, asOf, lang }) {
  const want = lang || "zh";
  const pressed = await page.getAttribute(`#lang-${want}`, "aria-pressed");
  if (!(await page.isHidden("#clear-files"))) await page.click("#clear-files");
  if (pressed !== "true") await page.click(`#lang-${want}`);
  await page.setInputFiles("#file-input", files.map((f) => path.join(dir, f)));
  await page.fill("#region", region || "");
  await page.fill("#as-of", asOf);
  const runs = Number((await page.getAttribute("html", "data-runs")) || 0);
  await page.click("#run");
  await page.waitForFunction(
    (n) => Number(document.documentElement.getAttribute("data-runs") || 0) > n,
    runs,
    { timeout: 120000 }
  );
  return page.getAttribute("html", "data-state");
}

async function download(selector) {
  const [dl] = await Promise.all([page.waitForEvent("download"), page.click(selector)]);
  return fs.readFileSync(await dl.path(), "utf8");
}

/** The frame the report is shown in, once the report is loaded in it. */
async function reportFrame() {
  const src = await page.getAttribute("#report-frame", "src");
  assert.ok(src && src.startsWith("blob:"), "the report is shown in its frame");
  let frame;
  for (let i = 0; i < 200 && !frame; i++) {
    frame = page.frames().find((f) => f.url() === src);
    if (!frame) await page.waitForTimeout(50);
  }
  assert.ok(frame, "the report's frame navigated");
  await frame.waitForLoadState("load");
  return frame;
}

/** The page's reports for a case must be the command line's, byte for byte. */
async function sameAsCli(c) {
  const state = await check(c);
  const json = cli(c.dir, ["--format", "json", ...flags(c), ...c.files]);
  assert.ok(json.code === 0 || json.code === 1, `the command line ran: ${json.stderr}`);
  assert.equal(state, "done", await page.textContent("#errors"));
  const pageJson = await download("#dl-json");
  const doc = JSON.parse(pageJson);
  const want = JSON.parse(json.stdout);
  assert.ok(want.findings.length + want.diagnostics.length > 0, "the case reports something");
  assert.deepEqual(doc.findings, want.findings, "findings");
  assert.deepEqual(doc, want, "the whole JSON report");
  assert.equal(pageJson, json.stdout, "the JSON report, byte for byte");
  const html = cli(c.dir, ["--format", "html", ...flags(c), ...c.files]);
  assert.equal(await download("#dl-html"), html.stdout, "the HTML report, byte for byte");
  // The report shown is that one, and its own script (filters) ran under the
  // page's policy.
  const frame = await reportFrame();
  const shown = await frame.evaluate(() => ({
    rows: document.querySelectorAll("table.findings tbody tr").length,
    ready: document.documentElement.getAttribute("data-filters"),
    checks: document.getElementById("sum-checks").textContent
  }));
  assert.equal(shown.rows, want.findings.length, "one row per finding");
  assert.equal(shown.checks, String(want.summary.checks));
  if (want.findings.length) assert.equal(shown.ready, "ready", "the report's script ran");
  // The exit code is said: 1 fails, 0 passes.
  const cls = await page.getAttribute("#status", "class");
  assert.equal(cls, json.code === 0 ? "pass" : "fail");
}

/** A run the command line stops (exit 2) shows the same errors, drawn alike. */
async function sameErrorsAsCli(c) {
  const state = await check(c);
  const out = cli(c.dir, ["--format", "json", ...flags(c), ...c.files]);
  assert.equal(out.code, 2, "the command line stops");
  assert.equal(state, "stopped");
  assert.equal(await page.textContent("#errors"), out.stderr);
  assert.ok(await page.isHidden("#downloads"), "no report to download");
  return out.stderr;
}

before(async () => {
  assert.ok(PAGE && fs.existsSync(PAGE), `no page at ${PAGE}`);
  assert.ok(BIN && fs.existsSync(BIN), `no ylcheck at ${BIN}`);
  browser = await chromium.launch({
    executablePath: BROWSER,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
  });
  context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 } });
  // Every request the page, its worker or its frame makes, whatever its scheme.
  context.on("request", (r) => requests.push(r.url()));
  page = await context.newPage();
  page.on("console", (m) => console_.push(`${m.type()}: ${m.text()}`));
  page.on("pageerror", (e) => console_.push(`pageerror: ${e.message}`));
  await page.goto(PAGE_URL);
  await page.waitForSelector("html[data-state=ready]", { timeout: 60000 });
});

after(async () => {
  if (browser) await browser.close();
});

const AS_OF = "2026-01-01";
const HUAIYANG = "周口市淮阳区";
const CASES = [
  { files: ["henan-pairing.csv"] },
  { files: ["henan-visits.csv"] },
  { files: ["huaiyang-caregivers.csv"], region: HUAIYANG },
  { files: ["huaiyang-claims.csv"], region: HUAIYANG },
  { files: ["huaiyang-tasks.toml"], region: HUAIYANG },
  { files: ["huaiyang-workbook.xlsx"], region: HUAIYANG },
  { files: ["kaifeng-facilities-gbk.csv"] },
  { files: ["kaifeng-workbook.xlsx"], region: "开封市" },
  { files: ["kaifeng-parcels.geojson"], region: "开封市禹王台区" },
  { files: ["kaifeng-plan.geojson"], region: "开封市" },
  { files: ["kaifeng-plan.toml"] },
  { files: ["kaifeng-tasks.csv"] },
  { files: ["pingdingshan-progress.csv"], region: "平顶山市", asOf: "2023-01-01" },
  { files: ["pingdingshan-progress-faults.csv"], region: "平顶山市", asOf: "2023-01-01" }
];

test("every sample, through the file input, reports as the command line does", async () => {
  const inSamples = fs.readdirSync(SAMPLES).filter((f) => !f.endsWith(".md"));
  const covered = new Set(CASES.flatMap((c) => c.files));
  assert.deepEqual(inSamples.filter((f) => !covered.has(f)), [], "a case for every sample");
  for (const c of CASES) {
    await sameAsCli({ dir: SAMPLES, asOf: AS_OF, ...c });
  }
});

test("several files at once are one data set", async () => {
  await sameAsCli({
    dir: SAMPLES,
    files: ["huaiyang-caregivers.csv", "huaiyang-claims.csv", "huaiyang-tasks.toml", "huaiyang-workbook.xlsx"],
    region: HUAIYANG,
    asOf: AS_OF
  });
});

test("in English", async () => {
  await sameAsCli({ dir: SAMPLES, files: ["kaifeng-plan.geojson"], region: "开封市", asOf: AS_OF, lang: "en" });
  assert.equal(await page.textContent("#run"), "Check");
  assert.equal(await page.getAttribute("html", "lang"), "en");
  await page.click("#lang-zh");
  assert.equal(await page.textContent("#run"), "检查");
});

test("a bad file shows its located error, as the terminal does", async () => {
  for (const f of ["syntax-error.toml", "broken-quote.csv", "bowtie.geojson"]) {
    const text = await sameErrorsAsCli({ dir: BAD, files: [f], asOf: AS_OF });
    assert.match(text, new RegExp(`\\[${f.replace(".", "\\.")}:\\d+:\\d+\\]`), "file:line:column");
  }
  // A good file beside a bad one: the bad one stops the run.
  await check({ dir: BAD, files: ["syntax-error.toml"], asOf: AS_OF });
  await page.setInputFiles("#file-input", [path.join(SAMPLES, "kaifeng-plan.toml")]);
  const runs = Number(await page.getAttribute("html", "data-runs"));
  await page.click("#run");
  await page.waitForFunction((n) => Number(document.documentElement.getAttribute("data-runs")) > n, runs);
  assert.equal(await page.getAttribute("html", "data-state"), "stopped");
  assert.match(await page.textContent("#errors"), /syntax-error\.toml:3:12/);
});

test("an unknown region: did you mean, as the command line says it", async () => {
  await page.fill("#region", "祥府区");
  await page.waitForSelector("#region-hint:not([hidden])");
  assert.match(await page.textContent("#region-hint"), /祥符区/);
  const text = await sameErrorsAsCli({ dir: SAMPLES, files: ["kaifeng-plan.toml"], region: "祥府区", asOf: AS_OF });
  assert.match(text, /祥符区/);
  await page.fill("#region", "开封市祥符区");
  await page.waitForSelector("#region-hint", { state: "hidden" });
  const names = await page.$$eval("#region-names option", (os) => os.map((o) => o.value));
  assert.ok(names.includes("开封市祥符区") && names.includes("河南省"), "the gazetteer's names are offered");
});

test("nothing leaves the machine, and nothing is logged", async () => {
  // The README's picture (docs/ylcheck-page.png is a copy): the Kaifeng workbook checked.
  await check({ dir: SAMPLES, files: ["kaifeng-workbook.xlsx"], region: "开封市", asOf: AS_OF });
  await page.setViewportSize({ width: 1280, height: 1800 });
  await page.waitForTimeout(1000); // the report's frame repaints at its new size
  await page.screenshot({ path: path.join(path.dirname(PAGE), "ylcheck-page.png") });
  await page.setViewportSize({ width: 1280, height: 900 });
  await check({ dir: SAMPLES, files: ["kaifeng-plan.geojson"], region: "开封市", asOf: AS_OF });
  const network = requests.filter((u) => u !== PAGE_URL && !u.startsWith("blob:"));
  assert.deepEqual(network, [], "zero network requests");
  assert.ok(requests.includes(PAGE_URL), "requests are seen (the page's own load)");
  assert.deepEqual(console_, [], "console messages");
  // The policy itself refuses a connection, should any script try one.
  const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', "content");
  assert.match(csp, /connect-src 'none'/);
  const tried = await page.evaluate(() =>
    fetch("https://example.invalid/").then(() => "sent", (e) => "refused: " + e.message)
  );
  assert.match(tried, /^refused/);
});
