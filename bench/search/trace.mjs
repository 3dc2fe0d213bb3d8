// Where a cold query's time goes: runs the search benchmark's cold query (measure.mjs) on a built
// site and prints, per query, each request of the query on a time line from the call (start and
// end, ms, from the browser's resource timing) and the total, then medians over the queries.
//
//   node bench/search/trace.mjs --site DIR [--queries 学,具身智能,...] [--repeat 1] [--quiet] [--settled]
//                                          [--ranges multi|single|none]
//
// --settled waits for the network to be idle before each query (settled.mjs's first query);
// without it the query starts at the page's load event (the cold measurement's). --ranges: the
// kind of host the server plays (measure.mjs's serve; default multi).
import { join, resolve } from "node:path";
import { ENGINES, LIMIT, launch, median, openPage, serve } from "./measure.mjs";
import { args, opt, queryStrings } from "./cli.mjs";

const site = opt("--site");
if (!site) {
  console.error("usage: node bench/search/trace.mjs --site DIR [--queries a,b] [--repeat N] [--quiet] [--settled]");
  process.exit(2);
}
const queries = queryStrings();
const repeat = Number(opt("--repeat", "1"));
const quiet = args.includes("--quiet");
const settled = args.includes("--settled");
const engine = ENGINES.talkarchive;

const server = await serve(resolve(site), {}, opt("--ranges", "multi"));
const browser = await launch();
const totals = [], rounds = [], reqs = [], metaWait = [];
// Phases: until the first text chunk is asked for (ranking, with its d/ and p/ requests), the
// chunk round (first chunk asked → last chunk in), and the rest (excerpts, rendering).
const toChunks = [], chunkRound = [], after = [];
try {
  for (let r = 0; r < repeat; r++) {
    for (const q of queries) {
      const { context, page } = await openPage(browser, server, engine);
      if (settled) await page.waitForLoadState("networkidle");
      const t = await page.evaluate(async ([q, limit]) => {
        const metaDone = performance.getEntriesByType("resource").some((e) => /meta\.json$/.test(e.name) && e.responseEnd > 0);
        const t0 = performance.now();
        const res = await window.talkarchive.search(q, { limit });
        const ul = document.getElementById("bench-results");
        ul.innerHTML = res.map((x) => `<li><a href="${x.url}">${x.title}</a><p>${x.excerpt}</p></li>`).join("");
        ul.getBoundingClientRect();
        const ms = performance.now() - t0;
        const entries = performance.getEntriesByType("resource")
          .filter((e) => e.startTime >= t0 - 0.01 || (/(meta\.json|probe\.bin)$/.test(e.name) && e.responseEnd > t0))
          .map((e) => ({ path: new URL(e.name).pathname.replace(/^.*_search\//, ""), start: e.startTime - t0, end: e.responseEnd - t0, wait: e.responseStart - e.requestStart }));
        return { ms, n: res.length, metaDone, entries };
      }, [q, LIMIT]);
      await context.close();
      totals.push(t.ms);
      reqs.push(t.entries.length);
      // Rounds: requests that start after an earlier one ended.
      let n = 0, lastEnd = -Infinity;
      for (const e of [...t.entries].sort((a, b) => a.start - b.start)) if (e.start > lastEnd) { n++; lastEnd = e.end; } else lastEnd = Math.max(lastEnd, e.end);
      rounds.push(n);
      const chunks = t.entries.filter((e) => /^[tx]\//.test(e.path));
      if (chunks.length) {
        const s0 = Math.min(...chunks.map((e) => e.start)), s1 = Math.max(...chunks.map((e) => e.end));
        toChunks.push(s0);
        chunkRound.push(s1 - s0);
        after.push(t.ms - s1);
      }
      if (!t.metaDone) metaWait.push(q);
      if (!quiet) {
        console.log(`${q}: ${t.ms.toFixed(1)} ms, ${t.n} results, ${t.entries.length} requests, ${n} rounds${t.metaDone ? "" : " (meta.json not there yet)"}`);
        for (const e of t.entries.sort((a, b) => a.start - b.start)) console.log(`  ${e.start.toFixed(1).padStart(6)} → ${e.end.toFixed(1).padStart(6)}  (ttfb ${e.wait.toFixed(1)})  ${e.path}`);
      }
    }
  }
} finally {
  await browser.close();
  await server.close();
}
console.log(`phases, median: to the first chunk request ${median(toChunks).toFixed(1)} ms, chunk round ${median(chunkRound).toFixed(1)} ms, after the last chunk ${median(after).toFixed(1)} ms`);
console.log(`median ${median(totals).toFixed(1)} ms over ${totals.length} queries; median requests ${median(reqs)}, rounds ${median(rounds)}; meta.json not yet loaded at ${metaWait.length}`);
