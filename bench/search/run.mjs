// Search benchmark of issue 4: talkarchive's index against Pagefind 1.6.0 on the same built pages,
// in headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core).
//
//   bench/search/run.sh            (builds the release binary, then runs this)
//   node bench/search/run.mjs [--scale N] [--no-scale] [--out bench/search/results.json]
//
// What is measured, and how (also written into RESULTS.md by report.mjs):
// - Both sites are served by one tiny static server per engine on 127.0.0.1, which gzips a
//   response as a static host would: by content type (HTML, CSS, JS, JSON, SVG, WASM); other
//   types (application/octet-stream: talkarchive's .bin postings, Pagefind's .pf_* files, which
//   Pagefind gzips itself) go as they are. Bytes are the response bodies as sent, counted by the
//   server (headers not counted). For every response the gzip size is recorded too, so the
//   "everything gzipped" figure is reported beside it.
// - Files are split into query-independent ("fixed": the engine's code, its metadata, Pagefind's
//   WASM and entry files) and query-dependent (talkarchive: every file in a subfolder of _search/:
//   d/ postings, p/ positions, t/ text chunks, n/ names, f/ folding tables; Pagefind: index, fragment and filter files). "Before the first query" is every
//   fixed file fetched up to and including the first query; the HTML page itself and the site's
//   style sheet are not counted.
// - A query = search, then the first 10 results with title, URL and excerpt, rendered into a
//   list in the page (the same renderer for both). talkarchive: window.talkarchive.search(q,
//   {limit: 10}); Pagefind: pagefind.search(q), then data() of the first 10 results.
//   The time is from the call until the list is in the DOM and laid out (a forced layout);
//   the time to the next animation frame after that is recorded too (frameMs): it adds the wait
//   for the display's next frame (up to 16.7 ms at 60 Hz), which no engine can shorten. Runs
//   before 2026-11-30 reported the frame time as the query time.
// - Cold: a fresh browser context (empty caches) and a fresh page for each query; the time and
//   bytes of that one query. Warm: one page runs the whole set in order (caches fill), bytes
//   per query then; repeated: the same query again in that page, timed (median of 5).
// - Recall and precision: a separate pass with every result (no limit) against the ground truth
//   of ground_truth.mjs.
import { chromium } from "playwright-core";
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { cpus, loadavg } from "node:os";
import { dirname, extname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { groundTruth } from "./ground_truth.mjs";

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, "../..");
const BIN = join(ROOT, "target/release/talkarchive");
const PAGEFIND = join(HERE, "node_modules/.bin/pagefind");
const WORK = join(ROOT, "bench/work/search");
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const SCALE = args.includes("--no-scale") ? 0 : Number(opt("--scale", "50"));
const OUT = resolve(opt("--out", join(HERE, "results.json")));
const QUERIES = JSON.parse(readFileSync(join(HERE, "queries.json"), "utf8")).queries;
const LIMIT = 10;

const TYPES = {
  ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript", ".mjs": "text/javascript",
  ".json": "application/json", ".xml": "application/xml", ".svg": "image/svg+xml", ".wasm": "application/wasm",
  ".txt": "text/plain",
};
const COMPRESSIBLE = /^(text\/|application\/(json|javascript|xml|wasm)|image\/svg)/;

function typeOf(file) {
  // Pagefind's WASM is named wasm.<lang>.pagefind.
  if (/\/wasm\.[^/]*\.pagefind$/.test(file)) return "application/wasm";
  return TYPES[extname(file)] || "application/octet-stream";
}

/** A static server of `dir` that gzips like a static host and logs what it sends. */
async function serve(dir) {
  const log = [];
  const gzCache = new Map();
  const server = createServer((req, res) => {
    const url = new URL(req.url, "http://x");
    let file = join(dir, decodeURIComponent(url.pathname));
    if (!file.startsWith(dir)) { res.writeHead(403); res.end(); return; }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
    if (!existsSync(file)) { res.writeHead(404); res.end("not found"); log.push({ path: url.pathname, status: 404, raw: 0, gz: 0, sent: 0 }); return; }
    const body = readFileSync(file);
    const type = typeOf(file);
    let gz = gzCache.get(file);
    if (!gz) { gz = gzipSync(body, { level: 6 }); gzCache.set(file, gz); }
    const headers = { "content-type": type, "cache-control": "no-store" };
    let out = body;
    if (COMPRESSIBLE.test(type) && /\bgzip\b/.test(req.headers["accept-encoding"] || "")) {
      out = gz;
      headers["content-encoding"] = "gzip";
    }
    headers["content-length"] = out.length;
    res.writeHead(200, headers);
    res.end(out);
    log.push({ path: url.pathname, status: 200, raw: body.length, gz: Math.min(gz.length, body.length), sent: out.length });
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return { origin, log, close: () => new Promise((ok) => server.close(ok)) };
}

const ENGINES = {
  talkarchive: {
    page: "/search/",
    // Query-independent: the script and the files at the index's top (meta.json; facets.json,
    // which only the search page's facets fetch). Everything in a subfolder depends on the query.
    fixed: (p) => /\/search\.[^/]*js$|\/_search\/[^/]+\.json$/.test(p),
    perQuery: (p) => /\/_search\/[^/]+\//.test(p),
    ready: "!!window.talkarchive",
    // Runs in the page: returns [{url, title, excerpt}] of the first `limit` results.
    query: `async (q, limit) => (await window.talkarchive.search(q, { limit })).map((r) => ({ url: r.url, title: r.title, excerpt: r.excerpt }))`,
  },
  pagefind: {
    page: "/pf-bench/",
    fixed: (p) => /\/pagefind\/(pagefind\.js|pagefind-worker\.js|pagefind-entry\.json|wasm\.[^/]*|pagefind\.[^/]*\.pf_meta)$/.test(p),
    perQuery: (p) => /\/pagefind\/(index|fragment|filter)\//.test(p),
    ready: "!!window.pagefind",
    query: `async (q, limit) => {
      const s = await window.pagefind.search(q);
      const list = limit ? s.results.slice(0, limit) : s.results;
      return (await Promise.all(list.map((r) => r.data()))).map((d) => ({ url: d.url, title: d.meta && d.meta.title, excerpt: d.excerpt }));
    }`,
  },
};

// The page Pagefind is driven from: its JS API, loaded as its docs say, and nothing else.
const PF_PAGE = `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>Pagefind bench</title><link rel="icon" href="data:,">
<script type="module">
const pagefind = await import("/pagefind/pagefind.js");
await pagefind.options({ baseUrl: "/" });
window.pagefind = pagefind;
</script></head><body><main><ul id="bench-results"></ul></main></body></html>`;

function sh(cmd, argv, opts = {}) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, argv, { encoding: "utf8", maxBuffer: 64 << 20, ...opts });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(" ")} failed (${r.status}):\n${r.stderr}`);
  return { out: (r.stdout + r.stderr).trim(), ms };
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN;
};
const sum = (xs) => xs.reduce((a, b) => a + b, 0);
const norm = (u) => {
  const p = new URL(u, "http://x").pathname;
  return p.endsWith("/") ? p : p.replace(/index\.html$/, "");
};

/** Builds `root` with talkarchive into dir/ta and with Pagefind into dir/pf; both timed. */
function buildSites(root, dir, taOrigin, runs) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const ta = join(dir, "ta"), pf = join(dir, "pf");
  const builds = [];
  for (let i = 0; i < runs; i++) {
    rmSync(ta, { recursive: true, force: true });
    builds.push(sh(BIN, ["build", "--root", root, "--output", ta, "--base-url", taOrigin + "/"]));
  }
  cpSync(ta, pf, { recursive: true });
  mkdirSync(join(pf, "pf-bench"), { recursive: true });
  writeFileSync(join(pf, "pf-bench/index.html"), PF_PAGE);
  // Pagefind indexes exactly the pages and the text the ground truth reads: <main> of talks,
  // speakers, orgs, trends and events, without <nav>.
  const pfRun = sh(PAGEFIND, ["--site", pf, "--root-selector", "main", "--exclude-selectors", "nav", "--glob", "{talks/*/*,speakers/*,orgs/*,trends/*,events/*}/index.html"]);
  return { ta, pf, builds, pfRun };
}

async function launch() {
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

/** Opens the engine's page in a fresh context; resolves when the engine's API is there. */
async function openPage(browser, server, engine) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  await page.goto(server.origin + engine.page, { waitUntil: "load" });
  await page.waitForFunction(engine.ready);
  await page.evaluate(() => {
    if (!document.getElementById("bench-results")) {
      const ul = document.createElement("ul");
      ul.id = "bench-results";
      document.body.appendChild(ul);
    }
  });
  return { context, page, errors };
}

/** One timed query in the page: search, render the first results, wait for the next frame. */
async function timedQuery(page, engine, q, limit) {
  return page.evaluate(async ([src, q, limit]) => {
    const run = (0, eval)("(" + src + ")");
    const t0 = performance.now();
    const res = await run(q, limit);
    const ul = document.getElementById("bench-results");
    ul.innerHTML = res.map((r) => `<li><a href="${r.url}">${r.title}</a><p>${r.excerpt}</p></li>`).join("");
    // Rendered: in the DOM, styled and laid out (a forced layout). The next animation frame
    // comes on the display's clock (every 16.7 ms at 60 Hz), whatever the engine did.
    ul.getBoundingClientRect();
    const ms = performance.now() - t0;
    await new Promise((ok) => requestAnimationFrame(() => ok()));
    return { ms, frameMs: performance.now() - t0, n: res.length, urls: res.map((r) => r.url) };
  }, [engine.query, q, limit]);
}

function bytesOf(log, from, pred) {
  const part = log.slice(from).filter((r) => pred(r.path));
  const byDir = {};
  for (const r of part) {
    const d = r.path.replace(/[^/]*$/, "");
    byDir[d] = (byDir[d] || 0) + r.sent;
  }
  return { sent: sum(part.map((r) => r.sent)), gz: sum(part.map((r) => r.gz)), raw: sum(part.map((r) => r.raw)), files: part.length, byDir };
}

/** Cold, warm and repeated measurements of one engine over the query set. */
async function measure(browser, server, engine, queries, { warm = true } = {}) {
  const cold = [];
  let fixed = null;
  let pageLoad = null;
  const errors = [];
  for (const { q } of queries) {
    const from = server.log.length;
    const { context, page, errors: e } = await openPage(browser, server, engine);
    const loaded = server.log.length;
    const r = await timedQuery(page, engine, q, LIMIT);
    await context.close();
    errors.push(...e.map((x) => `${q}: ${x}`));
    const perQuery = bytesOf(server.log, loaded, engine.perQuery);
    cold.push({ q, ms: r.ms, frameMs: r.frameMs, n: r.n, perQuery });
    if (!fixed) {
      fixed = bytesOf(server.log, from, engine.fixed);
      pageLoad = bytesOf(server.log.slice(0, loaded), from, engine.fixed);
      fixed.list = server.log.slice(from).filter((x) => engine.fixed(x.path)).map((x) => `${x.path} ${x.sent}`);
    }
  }
  const out = { fixed, pageLoad, cold, errors };
  if (warm) {
    const { context, page } = await openPage(browser, server, engine);
    out.warm = [];
    for (const { q } of queries) {
      const from = server.log.length;
      const first = await timedQuery(page, engine, q, LIMIT);
      const bytes = bytesOf(server.log, from, engine.perQuery);
      const again = [];
      const beforeAgain = server.log.length;
      for (let i = 0; i < 5; i++) again.push(await timedQuery(page, engine, q, LIMIT));
      out.warm.push({
        q, ms: first.ms, frameMs: first.frameMs, perQuery: bytes,
        repeatMs: median(again.map((a) => a.ms)), repeatFrameMs: median(again.map((a) => a.frameMs)),
        repeatBytes: bytesOf(server.log, beforeAgain, () => true).sent,
      });
    }
    await context.close();
  }
  return out;
}

/** Every result of every query (no limit), for recall and precision. */
async function allResults(browser, server, engine, queries) {
  const { context, page } = await openPage(browser, server, engine);
  const out = [];
  for (const { q } of queries) {
    const r = await timedQuery(page, engine, q, engine === ENGINES.talkarchive ? 100000 : 0);
    out.push(r.urls.map(norm));
  }
  await context.close();
  return out;
}

function quality(truthSet, urls) {
  const truth = new Set(truthSet);
  const found = urls.filter((u) => truth.has(u));
  const distinct = new Set(urls);
  const missed = [...truth].filter((u) => !distinct.has(u));
  const extra = urls.filter((u) => !truth.has(u));
  const top = urls.slice(0, LIMIT);
  // Truth first: no result outside the truth ranks above one inside it.
  const lastTrue = Math.max(-1, ...urls.map((u, i) => (truth.has(u) ? i : -1)));
  const firstFalse = urls.findIndex((u) => !truth.has(u));
  return {
    truth: truth.size, results: urls.length,
    recall: truth.size ? new Set(found).size / truth.size : urls.length ? null : 1,
    precision: urls.length ? found.length / urls.length : truth.size ? null : 1,
    p10: top.length ? top.filter((u) => truth.has(u)).length / top.length : null,
    truthFirst: firstFalse < 0 || firstFalse > lastTrue,
    missed, extra: extra.slice(0, 8), extraCount: extra.length,
  };
}

function env() {
  const ver = (cmd, a) => { try { return execFileSync(cmd, a, { encoding: "utf8" }).trim().split("\n")[0]; } catch { return "?"; } };
  return {
    date: new Date().toISOString(),
    cpu: cpus()[0]?.model, cores: cpus().length,
    uptime: ver("uptime", []),
    loadavg: loadavg(),
    chromium: ver("/usr/bin/chromium", ["--version"]),
    node: process.version,
    pagefind: ver(PAGEFIND, ["--version"]),
    playwright: JSON.parse(readFileSync(join(HERE, "node_modules/playwright-core/package.json"), "utf8")).version,
    talkarchive: ver("git", ["-C", ROOT, "rev-parse", "--short", "HEAD"]),
    rustc: ver("rustc", ["--version"]),
  };
}

async function main() {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run cargo build --release (bench/search/run.sh does)`);
  if (!existsSync(PAGEFIND)) throw new Error(`${PAGEFIND} is missing: run npm ci in bench/search (bench/search/run.sh does)`);
  const results = { env: env(), queries: QUERIES.length };
  const browser = await launch();
  try {
    // ---- the shipped archive ----
    const dir = join(WORK, "x1");
    const servers = {};
    // The servers start on empty folders, so the talkarchive build can get its origin as base URL.
    mkdirSync(join(dir, "ta"), { recursive: true });
    servers.talkarchive = await serve(join(dir, "ta"));
    const sites = buildSites(ROOT, dir, servers.talkarchive.origin, 5);
    servers.pagefind = await serve(sites.pf);
    results.build = {
      talkarchiveMs: sites.builds.map((b) => b.ms),
      talkarchiveOutput: sites.builds.at(-1).out.trim(),
      pagefindMs: sites.pfRun.ms,
      pagefindOutput: sites.pfRun.out.trim().split("\n").slice(-12).join("\n"),
    };
    results.indexSize = indexSize(sites.ta, sites.pf);
    results.build.perf = perfIndex(ROOT, dir, 3);
    results.build.timeBuild = sh("/usr/bin/time", ["-f", "%e s wall, %U s user, %S s sys", BIN, "build", "--quiet", "--root", ROOT, "--output", join(dir, "time-site")]).out;
    console.error(`built: talkarchive ${results.build.talkarchiveMs.map((x) => x.toFixed(0)).join(", ")} ms; pagefind ${sites.pfRun.ms.toFixed(0)} ms`);

    const gt = groundTruth(sites.ta, QUERIES, ROOT);
    results.pages = gt.pages;
    results.engines = {};
    for (const [name, engine] of Object.entries(ENGINES)) {
      console.error(`measuring ${name}…`);
      const m = await measure(browser, servers[name], engine, QUERIES);
      const all = await allResults(browser, servers[name], engine, QUERIES);
      m.quality = gt.queries.map((g, i) => ({ q: g.q, cat: g.cat, ...quality(g.truth, all[i]), containsRecall: g.contains ? quality(g.contains, all[i]).recall : undefined }));
      results.engines[name] = m;
    }
    results.truth = gt.queries.map((g) => ({ q: g.q, cat: g.cat, truth: g.truth, contains: g.contains, forms: g.forms }));
    for (const s of Object.values(servers)) await s.close();

    // ---- the archive SCALE times larger ----
    if (SCALE > 1) {
      const sdir = join(WORK, `x${SCALE}`);
      const sroot = join(sdir, "root");
      console.error(`generating the ${SCALE}x archive…`);
      execFileSync(process.execPath, [join(HERE, "scale.mjs"), sroot, String(SCALE)], { stdio: ["ignore", "ignore", "inherit"] });
      const ssrv = {};
      mkdirSync(join(sdir, "site", "ta"), { recursive: true });
      ssrv.talkarchive = await serve(join(sdir, "site", "ta"));
      const ss = buildSites(sroot, join(sdir, "site"), ssrv.talkarchive.origin, 1);
      ssrv.pagefind = await serve(ss.pf);
      results.scale = {
        factor: SCALE,
        build: { talkarchiveMs: ss.builds[0].ms, talkarchiveOutput: ss.builds[0].out.trim(), pagefindMs: ss.pfRun.ms, pagefindOutput: ss.pfRun.out.trim().split("\n").slice(-12).join("\n") },
        indexSize: indexSize(ss.ta, ss.pf),
        perf: args.includes("--perf-scale") ? perfIndex(sroot, sdir, 1) : { skipped: "not measured at this scale (pass --perf-scale)" },
        engines: {},
      };
      console.error(`built ${SCALE}x: talkarchive ${ss.builds[0].ms.toFixed(0)} ms; pagefind ${ss.pfRun.ms.toFixed(0)} ms`);
      const sgt = args.includes("--scale-quality") ? groundTruth(ss.ta, QUERIES, sroot) : null;
      if (sgt) results.scale.pages = sgt.pages;
      for (const [name, engine] of Object.entries(ENGINES)) {
        console.error(`measuring ${name} at ${SCALE}x…`);
        const m = await measure(browser, ssrv[name], engine, QUERIES, { warm: false });
        if (sgt) {
          const all = await allResults(browser, ssrv[name], engine, QUERIES);
          m.quality = sgt.queries.map((g, i) => ({ q: g.q, cat: g.cat, ...quality(g.truth, all[i]) }));
        }
        results.scale.engines[name] = m;
      }
      for (const s of Object.values(ssrv)) await s.close();
    }
  } finally {
    await browser.close();
  }
  results.envAfter = { uptime: env().uptime };
  writeFileSync(OUT, JSON.stringify(results, null, 1) + "\n");
  console.error(`wrote ${OUT}`);
}

/**
 * CPU time spent in talkarchive::search (build_index and the work it hands to rayon), by sampling the
 * release build with perf every 1 ms of CPU time (call graphs by DWARF unwinding: the release
 * profile has debug info). build_index runs alone, after the pages are rendered, so on an idle
 * machine its CPU time is its wall time; on a loaded one, CPU time is the fairer figure.
 */
function perfIndex(root, dir, runs) {
  const perf = spawnSync("perf", ["--version"], { encoding: "utf8" });
  if (perf.status !== 0) return { skipped: "perf is not installed" };
  const out = [];
  for (let i = 0; i < runs; i++) {
    const data = join(dir, "perf.data"), site = join(dir, "perf-site");
    rmSync(site, { recursive: true, force: true });
    const t0 = process.hrtime.bigint();
    const rec = spawnSync("perf", ["record", "-q", "-e", "cpu-clock", "-c", "1000000", "--call-graph", "dwarf,8192", "-o", data, BIN, "build", "--quiet", "--root", root, "--output", site], { encoding: "utf8" });
    const wall = Number(process.hrtime.bigint() - t0) / 1e6;
    if (rec.status !== 0) return { skipped: `perf record failed: ${rec.stderr.trim().split("\n").pop()}` };
    // A sample is the index's if any frame of its stack is in talkarchive::search: build_index
    // runs its per-document and per-key work on rayon's threads, whose stacks do not pass
    // through build_index (runs before 2026-11-30 counted build_index's own stack only).
    const script = spawnSync("perf", ["script", "-i", data, "-F", "comm,tid,ip,sym"], { encoding: "utf8", maxBuffer: 1 << 30 });
    let samples = 0, inIndex = 0, hit = false, open = false;
    for (const l of script.stdout.split("\n")) {
      if (/^\S/.test(l)) {
        if (open) { samples++; if (hit) inIndex++; }
        open = true; hit = false;
      } else if (l.includes("talkarchive::search::")) hit = true;
    }
    if (open) { samples++; if (hit) inIndex++; }
    out.push({ cpuMs: samples, indexCpuMs: inIndex, share: inIndex / samples, wallMsUnderPerf: wall });
    rmSync(data, { force: true });
  }
  return { runs: out, indexCpuMsMedian: median(out.map((r) => r.indexCpuMs)), cpuMsMedian: median(out.map((r) => r.cpuMs)) };
}

/** Files and bytes of each engine's index on disk. */
function indexSize(ta, pf) {
  const walk = (d) => {
    let files = 0, bytes = 0, gz = 0;
    const rec = (p) => {
      if (statSync(p).isDirectory()) { for (const n of readdirSync(p)) rec(join(p, n)); return; }
      files++;
      const b = readFileSync(p);
      bytes += b.length;
      gz += /\.(json|js|css)$/.test(p) ? gzipSync(b).length : b.length;
    };
    rec(d);
    return { files, bytes, servedGzipBytes: gz };
  };
  return { talkarchive: walk(join(ta, "_search")), pagefind: walk(join(pf, "pagefind")) };
}

/** --perf-only: measures the index build CPU time again and updates an existing results file. */
async function perfOnly() {
  const results = JSON.parse(readFileSync(OUT, "utf8"));
  results.build.perf = perfIndex(ROOT, join(WORK, "x1"), 3);
  // perf report on the 50x build's DWARF call graphs takes longer than the rest of the benchmark.
  if (results.scale && args.includes("--perf-scale")) results.scale.perf = perfIndex(join(WORK, `x${results.scale.factor}`, "root"), join(WORK, `x${results.scale.factor}`), 1);
  results.build.perf.uptime = env().uptime;
  writeFileSync(OUT, JSON.stringify(results, null, 1) + "\n");
}

(args.includes("--perf-only") ? perfOnly() : main()).catch((e) => {
  console.error(e);
  process.exit(1);
});
