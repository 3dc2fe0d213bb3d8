// Where the browser's main thread spends a settled first query: runs each query as settled.mjs
// does (fresh context, page left until the network is idle, then timed by measure.mjs) under
// the V8 sampling profiler (CDP Profiler, 0.1 ms samples) and prints the self time of the top
// functions over all queries: the client's own functions by file and line, the browser's as
// (program), (idle) (waiting for the network), fetch, getBoundingClientRect (style and layout
// of the rendered results). Sampling slows the queries; read the shares, not the times.
//
//   node bench/search/cpuprofile.mjs --site DIR [--queries a,b] [--top 30]
import { resolve } from "node:path";
import { ENGINES, LIMIT, launch, openPage, serve, timedQuery } from "./measure.mjs";
import { opt, queryStrings } from "./cli.mjs";

const site = opt("--site");
if (!site) {
  console.error("usage: node bench/search/cpuprofile.mjs --site DIR [--queries a,b] [--top 30]");
  process.exit(2);
}
const top = Number(opt("--top", "30"));
const server = await serve(resolve(site));
const browser = await launch();
const self = new Map();
let total = 0;
try {
  for (const q of queryStrings()) {
    const { context, page } = await openPage(browser, server, ENGINES.talkarchive);
    await page.waitForLoadState("networkidle");
    const cdp = await context.newCDPSession(page);
    await cdp.send("Profiler.enable");
    await cdp.send("Profiler.setSamplingInterval", { interval: 100 });
    await cdp.send("Profiler.start");
    const t = await timedQuery(page, ENGINES.talkarchive, q, LIMIT);
    const { profile } = await cdp.send("Profiler.stop");
    const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
    profile.samples.forEach((id, i) => {
      const f = nodes.get(id).callFrame;
      const name = `${f.functionName || "(anonymous)"} ${f.url ? f.url.split("/").pop() + ":" + (f.lineNumber + 1) : ""}`;
      self.set(name, (self.get(name) || 0) + (profile.timeDeltas[i + 1] || 0) / 1000);
    });
    total += t.ms;
    console.log(`${q}: ${t.ms.toFixed(1)} ms`);
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}
console.log(`queries' time in all: ${total.toFixed(1)} ms; self time by function (ms):`);
for (const [name, ms] of [...self].sort((x, y) => y[1] - x[1]).slice(0, top)) console.log(`${ms.toFixed(1).padStart(8)}  ${name}`);
