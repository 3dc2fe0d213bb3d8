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
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { groundTruth } from "./ground_truth.mjs";
import { ENGINES, LIMIT, PF_PAGE, indexSize, launch, measure, median, openPage, serve, timedQuery } from "./measure.mjs";
import { args, opt } from "./cli.mjs";

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, "../..");
// bench/search/run.sh builds the release-lto profile and names its binary here.
const BIN = process.env.TALKARCHIVE_BIN || join(ROOT, "target/release/talkarchive");
const PAGEFIND = join(HERE, "node_modules/.bin/pagefind");
const WORK = join(ROOT, "bench/work/search");
const SCALE = args.includes("--no-scale") ? 0 : Number(opt("--scale", "50"));
const OUT = resolve(opt("--out", join(HERE, "results.json")));
const QUERIES = JSON.parse(readFileSync(join(HERE, "queries.json"), "utf8")).queries;

function sh(cmd, argv, opts = {}) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, argv, { encoding: "utf8", maxBuffer: 64 << 20, ...opts });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(" ")} failed (${r.status}):\n${r.stderr}`);
  return { out: (r.stdout + r.stderr).trim(), ms };
}
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
