// Shared set-up of the browser tests: build the shipped archive with the release binary, serve it
// on 127.0.0.1 under its base path, and drive Debian's Chromium with playwright-core.
import { chromium } from "playwright-core";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, existsSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join, extname, dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const BIN = join(ROOT, "target/release/talkarchive");
const TYPES = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript", ".json": "application/json", ".xml": "application/xml", ".svg": "image/svg+xml", ".bin": "application/octet-stream", ".txt": "text/plain" };

/** Builds `root` (default: the shipped archive) and serves it under `basePath`. */
export async function serveSite({ basePath = "/", root = ROOT } = {}) {
  const out = mkdtempSync(join(tmpdir(), "talkarchive-browser-"));
  const site = join(out, "site");
  const server = createServer((req, res) => {
    const url = new URL(req.url, "http://x");
    let path = decodeURIComponent(url.pathname);
    if (!path.startsWith(basePath)) { res.writeHead(404); res.end("outside base path"); return; }
    path = path.slice(basePath.length);
    let file = join(site, path);
    if (!file.startsWith(site)) { res.writeHead(403); res.end(); return; }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
    if (!existsSync(file)) {
      res.writeHead(404, { "content-type": TYPES[".html"] });
      res.end(readFileSync(join(site, "404.html")));
      return;
    }
    const body = readFileSync(file);
    res.writeHead(200, { "content-type": TYPES[extname(file)] || "application/octet-stream", "content-length": body.length });
    res.end(body);
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  const origin = `http://127.0.0.1:${server.address().port}`;
  execFileSync(BIN, ["build", "--quiet", "--root", root, "--output", site, "--base-url", origin + basePath], { stdio: "inherit" });
  return { origin, base: origin + basePath, site, close: () => new Promise((ok) => server.close(ok)) };
}

export async function launch() {
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

/** A page that records console errors and failed requests to the site's own files. */
export async function watchedPage(browser, origin, options = {}) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const problems = [];
  page.on("console", (m) => { if (m.type() === "error") problems.push("console: " + m.text()); });
  page.on("pageerror", (e) => problems.push("page error: " + e.message));
  // A request cut short because the test navigated on is not a broken file.
  page.on("requestfailed", (r) => { if (r.url().startsWith(origin) && r.failure()?.errorText !== "net::ERR_ABORTED") problems.push("failed: " + r.url() + " " + r.failure()?.errorText); });
  page.on("response", (r) => { if (r.url().startsWith(origin) && r.status() >= 400) problems.push(r.status() + ": " + r.url()); });
  return { page, problems, context };
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
