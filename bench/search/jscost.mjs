// The search client's own work per query, without a browser or a network: runs static/search.js (or
// --js FILE) in Node on a built site's _search/, with fetch() reading the files from disk, and
// reports the CPU time (user + sys of this process) of each query's search(q, {limit: 10}) from a
// fresh client (empty caches but meta.json, as a cold query on the search page). The JIT is warm after the first rounds, which a
// cold page's is not: compare versions with it, do not read it as the browser's time.
//
//   node bench/search/jscost.mjs --site DIR [--js static/search.js] [--rounds 5] [--queries a,b]
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import vm from "node:vm";
import { args, opt, queryStrings } from "./cli.mjs";

const HERE = dirname(fileURLToPath(import.meta.url));
const site = opt("--site");
if (!site) {
  console.error("usage: node bench/search/jscost.mjs --site DIR [--js FILE] [--rounds N] [--queries a,b]");
  process.exit(2);
}
const js = readFileSync(resolve(opt("--js", join(HERE, "../../static/search.js"))), "utf8");
const rounds = Number(opt("--rounds", "5"));
const queries = queryStrings();
const index = join(resolve(site), "_search");
// The files, read once, so that the time is the client's and not the disk's.
const disk = new Map();
function file(path) {
  if (!disk.has(path)) {
    try { disk.set(path, readFileSync(join(index, path))); } catch { disk.set(path, null); }
  }
  return disk.get(path);
}

/** A fresh client: search.js evaluated in a new context whose fetch() reads `index`. */
function client() {
  const script = { dataset: { base: "/", index: "/_search/" } };
  const document = { currentScript: script, readyState: "complete", addEventListener() {}, getElementById: () => null };
  const ctx = {
    document, location: { search: "", hash: "" }, URLSearchParams, TextEncoder, TextDecoder, Map, Set, Promise,
    Int32Array, Float64Array, Uint8Array, Math, Array, String, Number, Object, JSON, encodeURIComponent, Infinity, NaN,
    fetch: (url) => {
      const body = file(url.replace(/^\/_search\//, ""));
      return Promise.resolve(body ? new Response(body) : new Response("", { status: 404 }));
    },
  };
  ctx.window = ctx;
  vm.createContext(ctx);
  vm.runInContext(js, ctx);
  return ctx.window.talkarchive;
}

const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const per = new Map(queries.map((q) => [q, []]));
const urls = new Map();
for (let r = 0; r < rounds; r++) {
  for (const q of queries) {
    const c = client();
    // meta.json is loaded and decoded before the query, as the search page and a focused search
    // box do; an empty query waits for it and searches nothing.
    await c.search("", { limit: 10 });
    const t0 = cpu();
    const res = await c.search(q, { limit: 10 });
    per.get(q).push(cpu() - t0);
    urls.set(q, res.map((x) => x.url + " " + x.excerpt).join("\n"));
  }
}
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
// Each query's median over the rounds after the first (JIT warm-up), then the sum and the median.
const meds = queries.map((q) => median(per.get(q).slice(rounds > 1 ? 1 : 0)));
console.log(`${queries.length} queries, ${rounds} rounds: CPU per query median ${median(meds).toFixed(2)} ms, sum ${meds.reduce((a, b) => a + b, 0).toFixed(1)} ms, max ${Math.max(...meds).toFixed(2)} ms (${queries[meds.indexOf(Math.max(...meds))]})`);
if (args.includes("--results")) for (const q of queries) console.log(`== ${q}\n${urls.get(q)}`);
