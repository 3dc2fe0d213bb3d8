// Compares two versions of the search client on the same built site, query by query, under the
// same load: each query runs cold (measure.mjs's fresh context) on site A and on site B, in
// alternating order, --rounds times; prints the medians and the median of the paired differences.
// On a shared, loaded machine a paired difference is steadier than two separate medians, and the
// renderer main thread's busy time during the query (CDP Performance.getMetrics: TaskDuration,
// ScriptDuration) is steadier than the wall time, which also counts waiting for the network.
//
//   node bench/search/ab.mjs --a DIR --b DIR [--rounds 2] [--queries q1,q2] [--ranges multi|single|none] [--a-rereads]
//   node bench/search/ab.mjs --site DIR --a-js OLD.js --b-js NEW.js   (copies the site twice and
//                                                         puts each script in place of static/search.*.js)
import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ENGINES, LIMIT, launch, median, openPage, serve, timedQuery } from "./measure.mjs";
import { args, hostKind, opt, queryStrings } from "./cli.mjs";

const HERE = dirname(fileURLToPath(import.meta.url));
let a = opt("--a"), b = opt("--b");
const temp = [];
if (opt("--site")) {
  const withJs = (js, name) => {
    const dir = join(tmpdir(), `talkarchive-ab-${process.pid}-${name}`);
    rmSync(dir, { recursive: true, force: true });
    cpSync(resolve(opt("--site")), dir, { recursive: true });
    const file = readdirSync(join(dir, "static")).find((f) => /^search\.[^/]*js$/.test(f));
    if (!file) throw new Error(`${opt("--site")}: no static/search.*.js in it`);
    writeFileSync(join(dir, "static", file), readFileSync(js));
    temp.push(dir);
    return dir;
  };
  a = withJs(opt("--a-js"), "a");
  b = withJs(opt("--b-js"), "b");
}
if (!a || !b) {
  console.error("usage: node bench/search/ab.mjs --a DIR --b DIR | --site DIR --a-js FILE --b-js FILE [--rounds N] [--queries a,b]");
  process.exit(2);
}
const rounds = Number(opt("--rounds", "2"));
const queries = queryStrings();
const engine = ENGINES.talkarchive;
const ranges = hostKind("--ranges", "multi"); // the kind of host both servers play (measure.mjs)
// --a-rereads: site A's server reads each file for every request (measure.mjs before it kept
// the files' bytes), to measure the bench server's own share of a query's time.
const sa = await serve(resolve(a), {}, ranges, { rereadFiles: args.includes("--a-rereads") });
const sb = await serve(resolve(b), {}, ranges);
const browser = await launch();
const ms = { a: [], b: [] }, diff = [], bytes = { a: [], b: [] }, same = [];
const task = { a: [], b: [] }, script = { a: [], b: [] }, taskDiff = [], scriptDiff = [];
const metrics = async (cdp) => Object.fromEntries((await cdp.send("Performance.getMetrics")).metrics.map((m) => [m.name, m.value]));
try {
  for (let r = 0; r < rounds; r++) {
    for (const [i, q] of queries.entries()) {
      const order = (i + r) % 2 ? ["b", "a"] : ["a", "b"];
      const one = {};
      for (const side of order) {
        const server = side === "a" ? sa : sb;
        const { context, page } = await openPage(browser, server, engine);
        const cdp = await context.newCDPSession(page);
        await cdp.send("Performance.enable");
        const m0 = await metrics(cdp);
        const from = server.log.length;
        const t = await timedQuery(page, engine, q, LIMIT);
        const m1 = await metrics(cdp);
        await context.close();
        one[side] = t;
        task[side].push((m1.TaskDuration - m0.TaskDuration) * 1000);
        script[side].push((m1.ScriptDuration - m0.ScriptDuration) * 1000);
        bytes[side].push(server.log.slice(from).filter((x) => engine.perQuery(x.path, x)).reduce((s, x) => s + x.sent, 0));
      }
      ms.a.push(one.a.ms);
      ms.b.push(one.b.ms);
      diff.push(one.b.ms - one.a.ms);
      taskDiff.push(task.b.at(-1) - task.a.at(-1));
      scriptDiff.push(script.b.at(-1) - script.a.at(-1));
      same.push(one.a.urls.join() === one.b.urls.join());
    }
  }
} finally {
  await browser.close();
  await sa.close();
  await sb.close();
  for (const d of temp) rmSync(d, { recursive: true, force: true });
}
console.log(`${diff.length} paired cold queries: A median ${median(ms.a).toFixed(1)} ms, B median ${median(ms.b).toFixed(1)} ms, ` +
  `B − A median ${median(diff).toFixed(1)} ms; bytes per query median A ${median(bytes.a)} B ${median(bytes.b)}; ` +
  `same results ${same.filter(Boolean).length}/${same.length}`);
console.log(`renderer main thread busy (TaskDuration): A ${median(task.a).toFixed(1)} ms, B ${median(task.b).toFixed(1)} ms, B − A median ${median(taskDiff).toFixed(1)} ms; ` +
  `of it script (ScriptDuration): A ${median(script.a).toFixed(1)} ms, B ${median(script.b).toFixed(1)} ms, B − A median ${median(scriptDiff).toFixed(1)} ms`);
