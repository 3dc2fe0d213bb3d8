// Bytes per query of a built site, for the scale benchmark (issue 7): the search benchmark's cold
// measurement (measure.mjs; method at the top of run.mjs) over its query set, without the rest.
//
//   node bench/search/bytes.mjs --site DIR [--pagefind-site DIR] [--out FILE]
//                               [--results FILE --factor N]
//
// --site: a talkarchive build (its _search/ is measured through its search page). --pagefind-site:
// a site with a pagefind/ index (the scale benchmark's Hugo output), measured through the same
// page the search benchmark drives Pagefind from, served beside it (nothing is written into it).
// Prints the summary as JSON, or writes it to --out; with --results and --factor, stores it as
// `search_bytes` in that size's entry of a bench/bench.py results file (and measures Pagefind only
// if that entry says Pagefind was run on this size: a skipped size may have an older index).
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { ENGINES, PF_PAGE, dirSize, launch, measure, serve, summarize } from "./measure.mjs";
import { opt } from "./cli.mjs";

const HERE = dirname(fileURLToPath(import.meta.url));
const usage = "usage: node bench/search/bytes.mjs --site DIR [--pagefind-site DIR] [--out FILE] [--results FILE --factor N]";
const site = opt("--site");
const pfSite = opt("--pagefind-site");
const resultsFile = opt("--results");
const factor = opt("--factor") === undefined ? undefined : Number(opt("--factor"));
if (!site || (resultsFile && !Number.isInteger(factor))) {
  console.error(usage);
  process.exit(2);
}
for (const [what, d, sub] of [["--site", site, "_search"], ["--pagefind-site", pfSite, "pagefind"]]) {
  if (d && !existsSync(join(d, sub))) {
    console.error(`${what} ${d}: no ${sub}/ folder in it; build the site first`);
    process.exit(2);
  }
}
let results = null, entry = null;
if (resultsFile) {
  results = JSON.parse(readFileSync(resultsFile, "utf8"));
  entry = results.sizes.find((s) => s.factor === factor);
  if (!entry) {
    console.error(`${resultsFile}: no size ${factor} in it`);
    process.exit(1);
  }
}
const measurePf = pfSite && (!entry || entry.pagefind?.index);
const QUERIES = JSON.parse(readFileSync(join(HERE, "queries.json"), "utf8")).queries;

async function one(browser, dir, engine, extra) {
  const server = await serve(resolve(dir), extra);
  try {
    return summarize(await measure(browser, server, engine, QUERIES, { warm: false }));
  } finally {
    await server.close();
  }
}

const out = { queries: QUERIES.length, loadBefore: loadavg() };
const browser = await launch();
try {
  console.error(`[bytes] talkarchive: ${site}`);
  out.talkarchive = { index: dirSize(join(site, "_search")), ...(await one(browser, site, ENGINES.talkarchive)) };
  if (measurePf) {
    console.error(`[bytes] pagefind: ${pfSite}`);
    out.pagefind = {
      index: dirSize(join(pfSite, "pagefind")),
      ...(await one(browser, pfSite, ENGINES.pagefind, { [ENGINES.pagefind.page]: PF_PAGE })),
    };
  } else if (pfSite) {
    out.pagefind = { skipped: `Pagefind was not run at ${factor}x` };
  }
} finally {
  await browser.close();
}
out.loadAfter = loadavg();

if (results) {
  // Read again: only this size's entry changes.
  results = JSON.parse(readFileSync(resultsFile, "utf8"));
  results.sizes.find((s) => s.factor === factor).search_bytes = out;
  writeFileSync(resultsFile, JSON.stringify(results, null, 1));
}
if (opt("--out")) writeFileSync(opt("--out"), JSON.stringify(out, null, 1) + "\n");
else if (!resultsFile) console.log(JSON.stringify(out, null, 1));
