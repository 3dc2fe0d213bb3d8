// Search on the three kinds of static host (issue 18): what a reader's first search costs when
// the site is served as nginx does ("multi": several ranges in one multipart answer), as S3 and
// CloudFront do ("single": one range per request, several answered with the whole file) and as
// `python3 -m http.server` does ("none": Range ignored). Every query is a first visit: a fresh
// browser context (empty cache and localStorage) and a fresh page, as measure.mjs's cold runs.
//
//   node bench/search/hosts.mjs [--scale N] [--queries a,b] [--server serve|node] [--out FILE] [--settled]
//                               [--host-ranges none] [--modes none,single]
//
// Builds the shipped archive (or N times it, with scale.mjs) with $TALKARCHIVE_BIN (default
// target/release/talkarchive) into bench/work/search-hosts/, serves it in each mode (gzip by
// content type as a static host does; byte ranges never gzipped) with `talkarchive serve
// --no-build --ranges MODE`, the browser tests' server (`--server serve`, the default: bytes
// counted in the page, served.mjs), or with measure.mjs's node server (`--server node`: bytes
// as its log counts them), and prints, per kind of host: bytes before the first query (the script, meta.json, probe.bin,
// facets.json), bytes per query (median, p90, max; every file under _search/<folder>/; also with
// the responses' headers, as Chromium counts them, 300 bytes each), files
// per query, and the time from the call to the results laid out (median, p90), the query made at
// the page's load event (while meta.json and probe.bin may be on their way: the worst case).
// --settled also times each query once more in another fresh context, made once the page's
// network is idle (settled.mjs: the first query of a reader who types it). Pagefind is not
// run here: it reads no ranges, so its bytes are the same on every host (run.mjs measures it).
// --host-ranges none builds the site as its archivist would for a host that ignores ranges
// (`[search] host_ranges = "none"` in talkarchive.toml: small index files), and serves that
// same site in every mode. --modes measures only those kinds of host (all three by default).
import { execFileSync } from "node:child_process";
import { appendFileSync, cpSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ENGINES, launch, measure, median, serve } from "./measure.mjs";
import { measureCold, serveWithTalkarchive } from "./served.mjs";
import { flag, hostKind, hostKinds, opt, queryStrings } from "./cli.mjs";

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, "../..");
const BIN = process.env.TALKARCHIVE_BIN || join(ROOT, "target/release/talkarchive");
const WORK = join(ROOT, "bench/work/search-hosts");
const SCALE = Number(opt("--scale", "1"));
const OUT = opt("--out", null);
const SERVER = opt("--server", "serve");
if (!["serve", "node"].includes(SERVER)) throw new Error(`--server serve|node, not ${SERVER}`);
const SETTLED = flag("--settled");
const HOST_RANGES = opt("--host-ranges") === undefined ? null : hostKind("--host-ranges");
const MODES = hostKinds("--modes", "multi,single,none");

const p90 = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(0.9 * s.length) - 1)];
};
const KiB = (b) => (b / 1024).toFixed(1);

/** The archive measured: the shipped one, or N times it. */
function sourceRoot() {
  let root = ROOT;
  if (SCALE > 1) {
    root = join(WORK, `x${SCALE}`);
    if (!existsSync(join(root, "talkarchive.toml"))) execFileSync(process.execPath, [join(HERE, "scale.mjs"), root, String(SCALE)], { stdio: ["ignore", "ignore", "inherit"] });
  }
  if (HOST_RANGES === null) return root;
  // A copy of the archive whose settings name the host.
  const copy = join(WORK, `x${SCALE}-${HOST_RANGES}`);
  rmSync(copy, { recursive: true, force: true });
  mkdirSync(copy, { recursive: true });
  for (const part of ["talkarchive.toml", "content", "sources", "templates", "static", "i18n"]) {
    if (existsSync(join(root, part))) cpSync(join(root, part), join(copy, part), { recursive: true });
  }
  appendFileSync(join(copy, "talkarchive.toml"), `\n[search]\nhost_ranges = "${HOST_RANGES}"\n`);
  return copy;
}

function site(root) {
  const out = join(WORK, `site-x${SCALE}`);
  execFileSync(BIN, ["build", "--quiet", "--root", root, "--output", out, "--base-url", "http://127.0.0.1/"], { stdio: ["ignore", "inherit", "inherit"] });
  return out;
}

/** Files and bytes of the built index, by folder. */
function indexFiles(dir) {
  const out = {};
  const walk = (d, rel) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path, rel ? `${rel}/${name}` : name);
      else {
        const key = rel || ".";
        out[key] ??= { files: 0, bytes: 0 };
        out[key].files++;
        out[key].bytes += statSync(path).size;
      }
    }
  };
  walk(join(dir, "_search"), "");
  return out;
}

mkdirSync(WORK, { recursive: true });
const root = sourceRoot();
const dir = site(root);
const engine = ENGINES.talkarchive;
const list = queryStrings();
const browser = await launch();
const results = { date: new Date().toISOString(), server: SERVER, cpu: cpus()[0]?.model, cores: cpus().length, load: loadavg(), scale: SCALE, hostRanges: HOST_RANGES, queries: list.length, index: indexFiles(dir), hosts: {} };
try {
  for (const mode of MODES) {
    const queries = list.map((q) => ({ q }));
    // measure.mjs's cold runs: a fresh context and page per query, its bytes and time.
    // settled: the query of a reader who types it, once the page's network is idle.
    const run = async (settled) => {
      if (SERVER === "serve") {
        const server = await serveWithTalkarchive({ bin: BIN, root, dir, ranges: mode });
        try { return await measureCold(browser, server, engine, queries, { settled }); } finally { await server.close(); }
      }
      const server = await serve(dir, {}, mode);
      try { return await measure(browser, server, engine, queries, { warm: false, settled }); } finally { await server.close(); }
    };
    const { fixed, cold, errors } = await run(false);
    const settled = SETTLED ? (await run(true)).cold.map((c) => c.ms) : null;
    const sent = cold.map((c) => c.perQuery.sent);
    const wire = cold.map((c) => c.perQuery.wire);
    const ms = cold.map((c) => c.ms);
    results.hosts[mode] = {
      beforeFirst: fixed.sent,
      perQuery: { median: median(sent), p90: p90(sent), max: Math.max(...sent) },
      // Only the page knows the headers (served.mjs); the node server's log has bodies alone.
      perQueryWire: wire.includes(null) ? null : { median: median(wire), p90: p90(wire) },
      files: median(cold.map((c) => c.perQuery.files)),
      ms: { median: median(ms), p90: p90(ms) },
      settledMs: settled && { median: median(settled), p90: p90(settled) },
      noResults: cold.filter((c) => c.n === 0).map((c) => c.q),
      errors,
      cold: cold.map((c) => ({ q: c.q, ms: c.ms, n: c.n, sent: c.perQuery.sent, wire: c.perQuery.wire, files: c.perQuery.files, byDir: c.perQuery.byDir })),
    };
  }
} finally {
  await browser.close();
}

console.log(`Search on three kinds of host, ${SCALE}x${HOST_RANGES ? `, built for host_ranges = "${HOST_RANGES}"` : ""}, ${list.length} queries, each a first visit, served by ${SERVER === "serve" ? "talkarchive serve" : "measure.mjs's node server"} (${results.cpu}, ${results.cores} cores, load ${results.load.map((x) => x.toFixed(1)).join(" ")}, ${results.date})`);
console.log("");
console.log(`| | ${MODES.join(" | ")} |`);
console.log(`|---|${MODES.map(() => "---|").join("")}`);
const row = (label, f) => console.log(`| ${label} | ${MODES.map((m) => f(results.hosts[m])).join(" | ")} |`);
row("before the first query (KiB)", (h) => KiB(h.beforeFirst));
row("per query, median (KiB)", (h) => KiB(h.perQuery.median));
row("per query, p90 (KiB)", (h) => KiB(h.perQuery.p90));
row("per query, max (KiB)", (h) => KiB(h.perQuery.max));
// A response's headers are bytes too: Chromium counts 300 bytes a response (not with --server node).
if (MODES.every((m) => results.hosts[m].perQueryWire)) row("per query with response headers, median / p90 (KiB)", (h) => `${KiB(h.perQueryWire.median)} / ${KiB(h.perQueryWire.p90)}`);
row("files per query, median", (h) => String(h.files));
row("first query with results, median (ms)", (h) => h.ms.median.toFixed(1));
row("first query with results, p90 (ms)", (h) => h.ms.p90.toFixed(1));
if (SETTLED) {
  row("first query, page settled, median (ms)", (h) => h.settledMs.median.toFixed(1));
  row("first query, page settled, p90 (ms)", (h) => h.settledMs.p90.toFixed(1));
}
row("console errors", (h) => String(h.errors.length));
console.log("");
console.log("Index: " + Object.entries(results.index).map(([d, x]) => `${d}/ ${x.files} files ${(x.bytes / 1048576).toFixed(1)} MiB`).join(", "));
if (OUT) writeFileSync(OUT, JSON.stringify(results, null, 1));
rmSync(dir, { recursive: true, force: true });
rmSync(join(dirname(dir), `.${dir.split("/").pop()}.talkarchive-cache`), { recursive: true, force: true });
