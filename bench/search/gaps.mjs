// The excerpt ranges a page of results asks of a text file (t/), and what joining ranges that are
// close would cost: runs each query once on a `multi` host (its one request per text file lists
// every range the page needs), then prints, per policy of joining, the median and p90 of requests
// and of bytes per query for the excerpts. Measures no time: it tells how many requests a
// `single` host's page of results needs under each policy, and the bytes that costs.
//
//   node bench/search/gaps.mjs --site DIR [--queries a,b] [--out FILE]
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { ENGINES, LIMIT, launch, median, openPage, serve, timedQuery } from "./measure.mjs";
import { opt, queryStrings } from "./cli.mjs";

const site = opt("--site");
if (!site) {
  console.error("usage: node bench/search/gaps.mjs --site DIR [--queries a,b] [--out FILE]");
  process.exit(2);
}
const server = await serve(resolve(site));
const browser = await launch();
const perQuery = [];
try {
  for (const q of queryStrings()) {
    const { context, page } = await openPage(browser, server, ENGINES.talkarchive);
    const asked = [];
    page.on("request", (r) => {
      const m = /\/_search\/(t\/[^/?]+)$/.exec(new URL(r.url()).pathname);
      const range = r.headers().range;
      if (m && range) for (const spec of range.replace(/^bytes=/, "").split(",")) {
        const [a, b] = spec.split("-").map(Number);
        asked.push({ path: m[1], r: [a, b + 1] });
      }
    });
    await timedQuery(page, ENGINES.talkarchive, q, LIMIT);
    await context.close();
    perQuery.push({ q, asked });
  }
} finally {
  await browser.close();
  await server.close();
}
const p90 = (xs) => [...xs].sort((a, b) => a - b)[Math.max(0, Math.ceil(0.9 * xs.length) - 1)];

/** Requests and bytes of one query's ranges, joined as `join` says (per text file). */
function cost(asked, join) {
  const byPath = {};
  for (const a of asked) (byPath[a.path] ??= []).push(a.r);
  let requests = 0, bytes = 0;
  for (const rs of Object.values(byPath)) {
    const runs = join(rs.sort((x, y) => x[0] - y[0]));
    requests += runs.length;
    bytes += runs.reduce((s, r) => s + r[1] - r[0], 0);
  }
  return { requests, bytes };
}
/** Ranges less than `gap` bytes apart joined. */
const byGap = (gap) => (rs) => rs.reduce((out, r) => {
  const last = out[out.length - 1];
  if (last && r[0] <= last[1] + gap) last[1] = Math.max(last[1], r[1]); else out.push([...r]);
  return out;
}, []);
/** The smallest gaps joined first, while the bytes added stay within `extra` and more than `most` requests are left. */
const byBudget = (extra, most = 0) => (rs) => {
  let runs = byGap(0)(rs);
  let added = 0;
  while (runs.length > most) {
    let best = -1;
    for (let i = 0; i + 1 < runs.length; i++) if (best < 0 || runs[i + 1][0] - runs[i][1] < runs[best + 1][0] - runs[best][1]) best = i;
    if (best < 0) break;
    const gap = runs[best + 1][0] - runs[best][1];
    if (added + gap > extra) break;
    added += gap;
    runs[best] = [runs[best][0], runs[best + 1][1]];
    runs.splice(best + 1, 1);
  }
  return runs;
};
const policies = [
  ["each range", byGap(0)],
  ["gap < 4 KiB (before)", byGap(4096)],
  ["gap < 16 KiB", byGap(16384)],
  ["gap < 32 KiB", byGap(32768)],
  ["gap < 64 KiB", byGap(65536)],
  ["smallest gaps, ≤ 8 KiB added", byBudget(8192)],
  ["smallest gaps, ≤ 16 KiB added", byBudget(16384)],
  ["smallest gaps, ≤ 24 KiB added", byBudget(24576)],
  ["smallest gaps, ≤ 32 KiB added", byBudget(32768)],
  ["smallest gaps, ≤ 64 KiB added", byBudget(65536)],
];
console.log(`${perQuery.length} queries, excerpt ranges of text files (t/), as a single-range host is asked for them`);
console.log("| joining | requests, median | p90 | KiB, median | p90 |");
console.log("|---|---|---|---|---|");
for (const [name, join] of policies) {
  const c = perQuery.map((x) => cost(x.asked, join));
  const req = c.map((x) => x.requests), kib = c.map((x) => x.bytes / 1024);
  console.log(`| ${name} | ${median(req)} | ${p90(req)} | ${median(kib).toFixed(1)} | ${p90(kib).toFixed(1)} |`);
}
if (opt("--out")) writeFileSync(opt("--out"), JSON.stringify(perQuery));
