// The first query of a reader who types it: a fresh browser context per query, the search page
// opened and left until the network is idle (the engine has fetched what it fetches before a
// query: talkarchive its meta.json and offsets table, Pagefind whatever its page loads), then the
// query timed as the cold measurement times it (measure.mjs: results rendered and laid out).
// The cold measurement (run.mjs, bytes.mjs) starts the query at the page's load event instead,
// while those files may still be on their way: the worst case, a query typed within a few
// milliseconds of the page appearing.
//
//   node bench/search/settled.mjs --site DIR [--pagefind-site DIR] [--queries a,b] [--repeat 1]
import { resolve } from "node:path";
import { loadavg } from "node:os";
import { ENGINES, LIMIT, PF_PAGE, launch, median, openPage, serve, timedQuery } from "./measure.mjs";
import { opt, queryStrings } from "./cli.mjs";

const site = opt("--site");
if (!site) {
  console.error("usage: node bench/search/settled.mjs --site DIR [--pagefind-site DIR] [--queries a,b] [--repeat N]");
  process.exit(2);
}
const pfSite = opt("--pagefind-site");
const repeat = Number(opt("--repeat", "1"));
const queries = queryStrings();

async function settled(browser, dir, engine, extra) {
  const server = await serve(resolve(dir), extra);
  const ms = [];
  try {
    for (let r = 0; r < repeat; r++) {
      for (const q of queries) {
        const { context, page } = await openPage(browser, server, engine);
        await page.waitForLoadState("networkidle");
        const t = await timedQuery(page, engine, q, LIMIT);
        ms.push(t.ms);
        await context.close();
      }
    }
  } finally {
    await server.close();
  }
  ms.sort((a, b) => a - b);
  const at = (f) => ms[Math.min(ms.length - 1, Math.floor(f * ms.length))];
  return { queries: ms.length, median: median(ms), p90: at(0.9), min: ms[0], max: ms[ms.length - 1] };
}

const out = { loadBefore: loadavg() };
const browser = await launch();
try {
  out.talkarchive = await settled(browser, site, ENGINES.talkarchive);
  if (pfSite) out.pagefind = await settled(browser, pfSite, ENGINES.pagefind, { [ENGINES.pagefind.page]: PF_PAGE });
} finally {
  await browser.close();
}
out.loadAfter = loadavg();
console.log(JSON.stringify(out, null, 1));
