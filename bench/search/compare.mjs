// Compares the search results of two built sites query by query: for a change of the index
// format or of the client that must not change what is found, how it ranks, the excerpts or the
// form that matched. Each site is served as the benchmark serves it and queried through
// window.talkarchive.search with a large limit (every result, not only the first page).
// --ranges serves both as that kind of host (multi by default; none reads the whole-file
// layout: `d/` packs whole, `x/` fragments).
//
//   node bench/search/compare.mjs --a DIR --b DIR [--queries a,b] [--limit 200] [--ranges multi|single|none]
import { resolve } from "node:path";
import { ENGINES, launch, openPage, serve } from "./measure.mjs";
import { hostKind, opt, queryStrings } from "./cli.mjs";

const [a, b] = [opt("--a"), opt("--b")];
if (!a || !b) {
  console.error("usage: node bench/search/compare.mjs --a DIR --b DIR [--queries a,b] [--limit 200] [--ranges multi|single|none]");
  process.exit(2);
}
const limit = Number(opt("--limit", "200"));
const ranges = hostKind("--ranges", "multi");
const queries = queryStrings();
const browser = await launch();

async function resultsOf(dir) {
  const server = await serve(resolve(dir), {}, ranges);
  const { context, page, errors } = await openPage(browser, server, ENGINES.talkarchive);
  const out = [];
  for (const q of queries) {
    out.push(await page.evaluate(async ([q, limit]) => (await window.talkarchive.search(q, { limit }))
      .map((r) => [r.url, r.title, r.kind, r.excerpt, r.matched]), [q, limit]));
  }
  await context.close();
  await server.close();
  if (errors.length) throw new Error(`${dir}: ${errors.join("; ")}`);
  return out;
}

let differ = 0;
try {
  const [ra, rb] = [await resultsOf(a), await resultsOf(b)];
  queries.forEach((q, i) => {
    if (JSON.stringify(ra[i]) === JSON.stringify(rb[i])) return;
    differ++;
    const at = ra[i].findIndex((r, k) => JSON.stringify(r) !== JSON.stringify(rb[i][k]));
    console.log(`${q}: ${ra[i].length} against ${rb[i].length} results; first difference at ${at}:`);
    console.log(`  a: ${JSON.stringify(ra[i][at] ?? null)}`);
    console.log(`  b: ${JSON.stringify(rb[i][at] ?? null)}`);
  });
  console.log(`${queries.length} queries, ${differ} differ; ${ra.flat().length} against ${rb.flat().length} results`);
} finally {
  await browser.close();
}
process.exit(differ ? 1 : 0);
