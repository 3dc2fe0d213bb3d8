// Where the renderer's main thread spends a cold (or settled) first query, by Chromium's own
// trace events rather than JavaScript samples: runs each query as measure.mjs times it, under
// browser tracing (devtools.timeline, v8, v8.compile), and prints the mean time per query of every
// trace event on the page's main thread between two marks around the query: style and layout
// (Document::UpdateStyleAndLayout, InlineNode::ShapeText…), compiling (V8.CompileCode,
// V8.ParseFunction), fetch() calls (ResourceFetcher::requestResource). Events nest, so times
// overlap; tracing slows the queries: read the shares, not the totals. It showed that a first
// query spent 3-5 ms compiling the client's functions (see "Compile hints" in RESULTS.md).
//
//   node bench/search/timeline.mjs --site DIR [--queries a,b] [--settled] [--top 40] [--ranges multi|single|none]
import { resolve } from "node:path";
import { ENGINES, LIMIT, launch, openPage, serve, timedQuery } from "./measure.mjs";
import { opt, queryStrings, args } from "./cli.mjs";
const site = opt("--site");
if (!site) {
  console.error("usage: node bench/search/timeline.mjs --site DIR [--queries a,b] [--settled] [--top 40]");
  process.exit(2);
}
const queries = queryStrings();
const settled = args.includes("--settled");
const server = await serve(resolve(site), {}, opt("--ranges", "multi"));
const browser = await launch();
const top = Number(opt("--top", "40"));
const agg = {};
let total = 0;
for (const q of queries) {
  const { context, page } = await openPage(browser, server, ENGINES.talkarchive);
  if (settled) await page.waitForLoadState("networkidle");
  await browser.startTracing(page, { categories: ["devtools.timeline", "disabled-by-default-devtools.timeline", "v8", "v8.execute", "blink", "loading", "blink.user_timing", "v8.compile", "disabled-by-default-v8.compile", "disabled-by-default-v8.runtime_stats"] });
  await page.evaluate(() => performance.mark("q0"));
  const t = await timedQuery(page, ENGINES.talkarchive, q, LIMIT);
  await page.evaluate(() => performance.mark("q1"));
  const buf = await browser.stopTracing();
  total += t.ms;
  const ev = JSON.parse(buf.toString()).traceEvents;
  const m0 = ev.find((e) => e.name === "q0"), m1 = ev.find((e) => e.name === "q1");
  if (!m0 || !m1) { console.error(`${q}: the trace has no marks around the query`); continue; }
  const tid = m0.tid, pid = m0.pid;
  // top-level complete events on the main thread within [m0, m1]
  const xs = ev.filter((e) => e.pid === pid && e.tid === tid && e.ph === "X" && e.ts >= m0.ts && e.ts <= m1.ts);
  for (const e of xs) { agg[e.name] = (agg[e.name] || 0) + e.dur / 1000; }
}
await browser.close(); await server.close();
console.log(`${queries.length} queries, ${(total / queries.length).toFixed(1)} ms per query (traced); mean ms per query of each trace event:`);
for (const [k, v] of Object.entries(agg).sort((a, b) => b[1] - a[1]).slice(0, top)) console.log((v / queries.length).toFixed(2).padStart(8), k);
