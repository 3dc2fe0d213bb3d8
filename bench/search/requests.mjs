// Every request one query makes on a first visit, with the ranges it asked for and the bytes
// that came back: for seeing where a query's bytes go, file by file and round by round.
//
//   node bench/search/requests.mjs --site DIR --query Q [--ranges multi|single|none] [--root ROOT] [--ranges-shown]
//
// DIR is a site built with `--base-url http://127.0.0.1/` (as hosts.mjs builds it), served by
// `talkarchive serve --no-build --ranges MODE` ($TALKARCHIVE_BIN, default target/release) from
// ROOT (default: the repository). Prints one
// line per `_search/` request in the order their answers finished (with the milliseconds since
// the query began), then the totals by folder.
import { resolve, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { flag, hostKind, opt } from "./cli.mjs";
import { ENGINES, launch, openPage, timedQuery, LIMIT } from "./measure.mjs";
import { serveWithTalkarchive } from "./served.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const dir = opt("--site");
const q = opt("--query");
if (!dir || !q) {
  console.error("usage: node bench/search/requests.mjs --site DIR --query Q [--ranges multi|single|none] [--root ROOT] [--ranges-shown]");
  process.exit(2);
}
const ranges = hostKind("--ranges", "multi");
const bin = process.env.TALKARCHIVE_BIN || join(ROOT, "target/release/talkarchive");
const engine = ENGINES.talkarchive;
const browser = await launch();
const server = await serveWithTalkarchive({ bin, root: resolve(opt("--root", ROOT)), dir: resolve(dir), ranges });
try {
  const { context, page } = await openPage(browser, server, engine);
  await page.waitForLoadState("networkidle");
  const asked = [];
  const sizes = [];
  const t0 = Date.now();
  page.on("requestfinished", (r) => {
    const path = new URL(r.url()).pathname;
    if (!path.includes("/_search/")) return;
    const entry = { path: path.split("/_search/")[1], range: r.headers().range || "", t: Date.now() - t0, sent: 0 };
    asked.push(entry);
    sizes.push(r.sizes().then((s) => { entry.sent = s.responseBodySize; }));
  });
  const r = await timedQuery(page, engine, q, LIMIT);
  // The query has its answers; the last requests' `requestfinished` events come a moment later,
  // then each one's size.
  await new Promise((ok) => setTimeout(ok, 100));
  await Promise.all(sizes);
  await context.close();
  const sums = {};
  for (const a of asked) {
    const parts = a.range ? a.range.replace(/^bytes=/, "").split(",").length : 0;
    const folder = a.path.split("/")[0];
    sums[folder] = (sums[folder] || 0) + a.sent;
    console.log(`${String(a.t).padStart(5)} ms  ${a.path.padEnd(28)} ${String(a.sent).padStart(7)} B  ${parts} range${parts === 1 ? "" : "s"}  ${flag("--ranges-shown") ? a.range : ""}`);
  }
  console.log(`${q}: ${r.n} results in ${r.ms.toFixed(1)} ms, ${asked.length} requests; bytes by folder: ${JSON.stringify(sums)}`);
} finally {
  await server.close();
  await browser.close();
}
