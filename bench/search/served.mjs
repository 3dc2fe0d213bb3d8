// The search bench's cold runs against `talkarchive serve --no-build --ranges MODE`, the server
// the browser tests use (tests/browser/talkarchive-serve.mjs), for hosts.mjs. measure.mjs's node
// server logs each answer as it sends it; serve keeps no log, so the bytes are counted in the
// page: Resource Timing's `encodedBodySize` of every response, the body as it came over the wire
// (gzipped where serve gzips, a part as sent for a range), headers not counted, which is what
// measure.mjs's log counts as "sent". hosts.mjs --server node measures the same site with the
// node server, to compare the two counts.
import { freePort, startServe } from "../../tests/browser/talkarchive-serve.mjs";
import { bytesOf, openPage, timedQuery, LIMIT } from "./measure.mjs";

/** `bin serve --no-build` of the built folder `dir` (built for http://127.0.0.1/), from `root`. */
export async function serveWithTalkarchive({ bin, root, dir, ranges }) {
  for (let tries = 1; tries <= 3; tries++) {
    const port = await freePort();
    const stop = await startServe({ bin, root, site: dir, baseUrl: "http://127.0.0.1/", port, ranges });
    if (stop) return { origin: `http://127.0.0.1:${port}`, close: stop };
  }
  throw new Error("talkarchive serve found no free port in 3 tries");
}

/** What the page loaded, in order: { path, sent, wire, status } per resource (not the page
 * itself); `wire` with the response's headers, which Chromium counts as 300 bytes a response. */
async function loaded(page) {
  return page.evaluate(() => performance.getEntriesByType("resource").map((e) => ({
    path: new URL(e.name).pathname, sent: e.encodedBodySize, wire: e.transferSize, status: e.responseStatus,
  })));
}

/** `loaded(page)` once every request of the page that has finished has its entry: an entry can be
 * queued a moment after the fetch that made it resolved. */
async function settled(page, finished) {
  for (let i = 0; ; i++) {
    const entries = await loaded(page);
    if (entries.length >= finished() || i >= 100) return entries;
    await new Promise((ok) => setTimeout(ok, 10));
  }
}

/** measure.mjs's cold runs (a fresh context and page per query: its bytes and time), with bytes
 * counted in the page. Returns measure()'s { fixed, cold, errors } without `raw`/`gz`. */
export async function measureCold(browser, server, engine, queries, { settled: idle = false } = {}) {
  const cold = [];
  let fixed = null;
  const errors = [];
  for (const { q } of queries) {
    const { context, page, errors: e } = await openPage(browser, server, engine);
    // idle: the query of a reader who types it, once the page has fetched what it fetches first.
    if (idle) await page.waitForLoadState("networkidle");
    // Responses the page received in full, other than the page itself.
    let finished = 0;
    page.on("requestfinished", (r) => { if (r.resourceType() !== "document") finished++; });
    await page.evaluate(() => performance.setResourceTimingBufferSize(100000));
    const before = await settled(page, () => finished);
    const r = await timedQuery(page, engine, q, LIMIT);
    const all = await settled(page, () => finished);
    await context.close();
    errors.push(...e.map((x) => `${q}: ${x}`));
    // bytesOf sums `sent`; `raw` and `gz` are what the node server alone knows.
    const log = all.map((x) => ({ ...x, raw: x.sent, gz: x.sent }));
    cold.push({ q, ms: r.ms, frameMs: r.frameMs, n: r.n, perQuery: bytesOf(log, before.length, engine.perQuery) });
    fixed ??= bytesOf(log, 0, engine.fixed);
  }
  return { fixed, cold, errors };
}
