// Shared set-up of the browser tests: build the shipped archive with the release binary, serve it
// on 127.0.0.1 under its base path with `talkarchive serve --no-build --ranges MODE` (as each kind
// of static host answers ranges, docs/serve.md), and drive Debian's Chromium with playwright-core.
import { chromium } from "playwright-core";
import { after } from "node:test";
import { execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort, startServe } from "./talkarchive-serve.mjs";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const FIXTURES = join(ROOT, "tests/fixtures");
/** Where screenshots go (ignored by git): look at them to see a change in look. */
export const SCREENSHOTS = join(ROOT, "test-artifacts/screenshots");
const BIN = join(ROOT, "target/release/talkarchive");
/** The three kinds of static host, as `talkarchive serve --ranges` answers as each. */
export const RANGE_MODES = ["multi", "single", "none"];

/** Builds `root` (default: the shipped archive) and serves it under `basePath` with
 * `talkarchive serve --no-build`. `ranges`: how the server answers Range headers ("multi":
 * several ranges in one answer; "single": several answered with the whole file, as S3 does;
 * "none": ignored). Text files sent whole go gzipped, as static hosts send them; a file that is
 * not there gets 404.html with 404, a path outside `basePath` a 404. */
export async function serveSite({ basePath = "/", root = ROOT, ranges = "multi" } = {}) {
  const out = mkdtempSync(join(tmpdir(), "talkarchive-browser-"));
  const site = join(out, "site");
  for (let tries = 1; ; tries++) {
    const port = await freePort();
    const origin = `http://127.0.0.1:${port}`;
    buildSite({ root, output: site, baseUrl: origin + basePath });
    const stop = await startServe({ bin: BIN, root, site, baseUrl: origin + basePath, port, ranges });
    if (!stop) {
      if (tries < 3) continue;
      throw new Error(`talkarchive serve found no free port in ${tries} tries`);
    }
    const close = async () => {
      await stop();
      rmSync(out, { recursive: true, force: true });
    };
    return { origin, base: origin + basePath, site, close };
  }
}

/** The shipped archive served (serveSite) and Chromium launched, for a test file's tests; both
 * are closed after them. */
export async function siteAndBrowser() {
  const site = await serveSite();
  const browser = await launch();
  after(async () => {
    await browser.close();
    await site.close();
  });
  return { site, browser };
}

/** The same site served as each kind of host (RANGE_MODES), by mode: `talkarchive serve
 * --ranges MODE`. */
export async function serveModes(options = {}) {
  const sites = await Promise.all(RANGE_MODES.map((ranges) => serveSite({ ...options, ranges })));
  return Object.fromEntries(sites.map((s, i) => [RANGE_MODES[i], { ...s, ranges: RANGE_MODES[i] }]));
}

/** A result's address without the origin of the site that gave it, to compare two hosts' results. */
export function plainResults(results, site) {
  return results.map((r) => ({ ...r, url: r.url.startsWith(site.origin) ? r.url.slice(site.origin.length) : r.url }));
}

/** Asks `site` for each of `calls` ([query, limit]) on a page of a new browser context: an empty
 * cache and localStorage, as a reader's first visit. Console errors and failed requests go into
 * `problems`; `onResponse` sees each response (what it returns is waited for). Returns the results of each call. */
export async function firstVisitSearch(browser, site, calls, { problems = [], onResponse } = {}) {
  const w = await watchedPage(browser, site.origin);
  const pending = [];
  try {
    if (onResponse) w.page.on("response", (r) => pending.push(onResponse(r)));
    await w.page.goto(site.base + "search/");
    await w.page.waitForFunction(() => !!window.talkarchive);
    const out = [];
    for (const [q, limit] of calls) out.push(await w.page.evaluate(([q, limit]) => window.talkarchive.search(q, { limit }), [q, limit]));
    // What onResponse waits for (a body) must come before the context closes.
    await Promise.allSettled(pending);
    return out;
  } finally {
    problems.push(...w.problems.map((p) => `${site.ranges}: ${p}`));
    await w.context.close();
  }
}

/** Builds `root` with the release binary into `output` (default: a new temporary folder). */
export function buildSite({ root = ROOT, output, baseUrl, minify = true } = {}) {
  output ??= join(mkdtempSync(join(tmpdir(), "talkarchive-build-")), "site");
  const args = ["build", "--quiet", "--root", root, "--output", output];
  if (baseUrl) args.push("--base-url", baseUrl);
  if (!minify) args.push("--no-minify");
  // Warnings (the hostile fixture has some on purpose) are not shown; a failed build throws
  // with its messages.
  execFileSync(BIN, args, { stdio: ["ignore", "inherit", "pipe"] });
  return output;
}

/** Every file under `dir`, as sorted paths relative to it with `/` separators. */
export function filesUnder(dir, prefix = "") {
  const out = [];
  for (const entry of readdirSync(join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix ? prefix + "/" + entry.name : entry.name;
    if (entry.isDirectory()) out.push(...filesUnder(dir, rel));
    else out.push(rel);
  }
  return out.sort();
}

/** The screenshot file for `name`, creating the folder. */
export function screenshotPath(name) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return join(SCREENSHOTS, name + ".png");
}

export async function launch() {
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

/** A page that records console errors and failed requests to the site's own files. Nothing
 * leaves the machine: a request to another host is answered here (an image gets a blank picture,
 * anything else is refused) and listed in `external`. */
export async function watchedPage(browser, origin, options = {}) {
  const context = await browser.newContext(options);
  const external = [];
  await context.route((url) => url.origin !== origin, (route) => {
    const request = route.request();
    external.push(request.url());
    if (request.resourceType() === "image") {
      return route.fulfill({ status: 200, contentType: "image/svg+xml", body: '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="3"/>' });
    }
    return route.abort("blockedbyclient");
  });
  const page = await context.newPage();
  const problems = [];
  page.on("console", (m) => { if (m.type() === "error") problems.push("console: " + m.text()); });
  page.on("pageerror", (e) => problems.push("page error: " + e.message));
  // A request cut short because the test navigated on is not a broken file.
  page.on("requestfailed", (r) => { if (r.url().startsWith(origin) && r.failure()?.errorText !== "net::ERR_ABORTED") problems.push("failed: " + r.url() + " " + r.failure()?.errorText); });
  page.on("response", (r) => { if (r.url().startsWith(origin) && r.status() >= 400) problems.push(r.status() + ": " + r.url()); });
  return { page, problems, context, external };
}

/** Every talk's body as written in content/ (the transcript text), by site path. */
export function talkBodies(root = ROOT) {
  const out = [];
  const base = join(root, "content/talks");
  for (const event of readdirSync(base).sort()) {
    for (const file of readdirSync(join(base, event)).sort()) {
      if (!file.endsWith(".md")) continue;
      const text = readFileSync(join(base, event, file), "utf8");
      const end = text.indexOf("\n+++\n", 4);
      out.push({ path: `talks/${event}/${file.slice(0, -3)}/`, body: text.slice(end + 5) });
    }
  }
  return out;
}
