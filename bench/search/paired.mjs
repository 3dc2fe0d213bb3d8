// Two built sites (or one site by two binaries), each a first visit per query, alternated query
// by query: the first query of a reader who types it (the page's network idle, as settled.mjs),
// on the same kind of host (`talkarchive serve --no-build --ranges MODE`). Prints each query's
// requests on both sites once, then the median time of each and the median of the pair ratios
// B / A: pairs keep a comparison meaningful on a machine whose speed drifts.
//
//   node bench/search/paired.mjs --a DIR --a-bin BIN --b DIR --b-bin BIN [--ranges multi|single|none]
//                                [--rounds 3] --queries a,b
//
// Each site is served by the binary that built it (its `serve` knows its files); build both with
// `--base-url http://127.0.0.1/`.
import { launch, ENGINES, LIMIT, median, openPage, timedQuery } from "./measure.mjs";
import { serveWithTalkarchive } from "./served.mjs";
import { hostKind, opt, queryStrings } from "./cli.mjs";

const [dirA, binA, dirB, binB] = ["--a", "--a-bin", "--b", "--b-bin"].map((k) => opt(k));
if (!dirA || !binA || !dirB || !binB) {
  console.error("usage: node bench/search/paired.mjs --a DIR --a-bin BIN --b DIR --b-bin BIN [--ranges MODE] [--rounds N] --queries a,b");
  process.exit(2);
}
const mode = hostKind("--ranges", "multi");
const rounds = Number(opt("--rounds", "3"));
const queries = queryStrings();
const engine = ENGINES.talkarchive;
const browser = await launch();
const A = await serveWithTalkarchive({ bin: binA, root: ".", dir: dirA, ranges: mode });
const B = await serveWithTalkarchive({ bin: binB, root: ".", dir: dirB, ranges: mode });

/** One first visit: the query's time and how many requests it made. */
async function visit(server, q) {
  const { context, page } = await openPage(browser, server, engine);
  try {
    await page.waitForLoadState("networkidle");
    const before = await page.evaluate(() => performance.getEntriesByType("resource").length);
    const r = await timedQuery(page, engine, q, LIMIT);
    const requests = await page.evaluate((n) => performance.getEntriesByType("resource").length - n, before);
    return { ms: r.ms, requests };
  } finally {
    await context.close();
  }
}

const times = { a: [], b: [] };
const ratios = [];
try {
  for (let k = 0; k < rounds; k++) {
    for (const q of queries) {
      // Which goes first alternates from one round to the next.
      const [x, y] = k % 2 ? [B, A] : [A, B];
      const first = await visit(x, q);
      const second = await visit(y, q);
      const [a, b] = k % 2 ? [second, first] : [first, second];
      times.a.push(a.ms);
      times.b.push(b.ms);
      ratios.push(b.ms / a.ms);
      if (k === 0) console.log(`${q}: requests A ${a.requests}, B ${b.requests}`);
    }
  }
} finally {
  await A.close();
  await B.close();
  await browser.close();
}
console.log(`${mode}: A median ${median(times.a).toFixed(1)} ms, B median ${median(times.b).toFixed(1)} ms, paired ratio B/A ${median(ratios).toFixed(3)} (${ratios.length} pairs)`);
