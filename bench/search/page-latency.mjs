// What a reader of the search page waits for, on a host that answers one range per request (S3)
// or none, over a network with a round-trip time: two versions of the search client on the same
// built site, each query a first visit (a fresh context) of the search page once it has settled,
// in alternated pairs. The page shows a page of results (20 until 2026-12-07, 10 since); each
// result's excerpt is a request of its own there, and Chromium sends six requests to a host at a
// time over HTTP/1.1, so the last results come a round trip or more after the first. Measured in
// the page: from the query submitted to the first result on screen, and to the whole page of
// them (the "show more" button follows the last one), and how many that page has.
// The latency is Chromium's own emulation (CDP Network.emulateNetworkConditions: added to each
// request's answer), on measure.mjs's server.
//
//   node bench/search/page-latency.mjs --site DIR --a-js OLD.js --b-js NEW.js
//        [--ranges single|none|multi] [--latency 0,40,100] [--rounds 3] [--queries q1,q2]
//
// DIR is a site built for the root path (hosts.mjs builds bench/work/search-hosts/site-x1);
// it is copied twice with each script in place of static/search.*.js. Queries with no more
// results than a page end without the button and are left out.
import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { launch, median, serve } from "./measure.mjs";
import { hostKind, opt, queryStrings } from "./cli.mjs";

const site = opt("--site");
if (!site || !opt("--a-js") || !opt("--b-js")) {
  console.error("usage: node bench/search/page-latency.mjs --site DIR --a-js OLD.js --b-js NEW.js [--ranges single] [--latency 0,40,100] [--rounds 3]");
  process.exit(2);
}
const ranges = hostKind("--ranges", "single");
const latencies = opt("--latency", "0,40,100").split(",").map(Number);
const rounds = Number(opt("--rounds", "3"));
const queries = queryStrings();

const temp = [];
function withJs(js, name) {
  const dir = join(tmpdir(), `talkarchive-latency-${process.pid}-${name}`);
  rmSync(dir, { recursive: true, force: true });
  cpSync(resolve(site), dir, { recursive: true });
  const file = readdirSync(join(dir, "static")).find((f) => /^search\.[^/]*js$/.test(f));
  if (!file) throw new Error(`${site}: no static/search.*.js in it`);
  writeFileSync(join(dir, "static", file), readFileSync(opt(name === "a" ? "--a-js" : "--b-js")));
  temp.push(dir);
  return dir;
}
const servers = { a: await serve(withJs(opt("--a-js"), "a"), {}, ranges), b: await serve(withJs(opt("--b-js"), "b"), {}, ranges) };
const browser = await launch();

/** One first visit: the search page settled, the query submitted; ms to the first result and
 * to the page's last (null if the query has no more results than a page), and the results shown. */
async function visit(server, q, latency) {
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.emulateNetworkConditions", { offline: false, latency, downloadThroughput: -1, uploadThroughput: -1 });
    await page.goto(server.origin + "/search/", { waitUntil: "load" });
    await page.waitForLoadState("networkidle");
    return await page.evaluate((q) => new Promise((done) => {
      const results = document.getElementById("search-results"), input = document.getElementById("search-page-input");
      let first = null;
      const t0 = performance.now();
      const look = () => {
        if (first === null && results.querySelector("a.result-title")) first = performance.now() - t0;
        if (document.getElementById("search-more")) {
          seen.disconnect();
          done({ first, all: performance.now() - t0, n: results.querySelectorAll("a.result-title").length });
        }
      };
      const seen = new MutationObserver(look);
      seen.observe(results, { childList: true, subtree: true });
      setTimeout(() => { seen.disconnect(); done({ first, all: null }); }, 20000);
      input.value = q;
      input.form.requestSubmit();
    }), q);
  } finally {
    await context.close();
  }
}

try {
  for (const latency of latencies) {
    const got = { a: { first: [], all: [] }, b: { first: [], all: [] } }, diff = { first: [], all: [] }, shown = { a: 0, b: 0 };
    let left = 0;
    for (let r = 0; r < rounds; r++) {
      for (const [i, q] of queries.entries()) {
        const order = (i + r) % 2 ? ["b", "a"] : ["a", "b"];
        const one = {};
        for (const side of order) one[side] = await visit(servers[side], q, latency);
        if (one.a.all === null || one.b.all === null) { left++; continue; }
        for (const side of ["a", "b"]) {
          for (const k of ["first", "all"]) got[side][k].push(one[side][k]);
          shown[side] = one[side].n;
        }
        for (const k of ["first", "all"]) diff[k].push(one.b[k] - one.a[k]);
      }
    }
    const f = (xs) => median(xs).toFixed(1);
    console.log(`${ranges}, latency ${latency} ms, ${diff.all.length} pairs (${left} left out: no more results than a page): ` +
      `first result A ${f(got.a.first)} B ${f(got.b.first)} ms (B − A median ${f(diff.first)}); ` +
      `a page of results (A ${shown.a}, B ${shown.b}) A ${f(got.a.all)} B ${f(got.b.all)} ms (B − A median ${f(diff.all)})`);
  }
} finally {
  await browser.close();
  await servers.a.close();
  await servers.b.close();
  for (const d of temp) rmSync(d, { recursive: true, force: true });
}
