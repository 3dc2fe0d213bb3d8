// The search index's packs (d/ buckets, t/ text chunks) are read by range requests: each such
// request gets exactly the bytes it asked for, a page of results asks for its excerpts in one
// request per text file, and hosts that answer several ranges with the whole file (S3) or ignore
// Range altogether give the same results.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { serveSite, launch, watchedPage } from "./harness.mjs";

const QUERIES = ["具身智能", "姜大昕", "likaifu", "模", "Scaling Law", "語言模型"];
let ranged, single, whole, browser;
before(async () => {
  [ranged, single, whole] = await Promise.all([serveSite(), serveSite({ ranges: "single" }), serveSite({ ranges: "none" })]);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await ranged?.close();
  await single?.close();
  await whole?.close();
});

/** Runs every query on a fresh page of `site`; returns the results and the index's responses. */
async function run(site) {
  const { page, problems } = await watchedPage(browser, site.origin);
  const responses = [];
  page.on("response", async (r) => {
    if (!r.url().includes("/_search/")) return;
    const range = r.request().headers()["range"] || null;
    const entry = { path: new URL(r.url()).pathname, status: r.status(), range, type: r.headers()["content-type"], length: null };
    responses.push(entry);
    // A body the client cut off (several ranges answered with the whole file) has no length.
    entry.length = await r.body().then((b) => b.length, () => null);
  });
  await page.goto(site.base);
  const results = [];
  const perQuery = [];
  for (const q of QUERIES) {
    const from = responses.length;
    results.push(await page.evaluate((q) => window.talkarchive.search(q, { limit: 10 }), q));
    perQuery.push(responses.length - from);
  }
  await page.waitForLoadState("networkidle");
  assert.deepEqual(problems, [], "no console errors, no failed requests");
  await page.context().close();
  return { results, responses, perQuery };
}

/** Results as comparable across two sites (their origins differ). */
const plain = (results, base) => results.map((rs) => rs.map((r) => ({ ...r, url: r.url.replace(base, "/") })));

test("packs are read by range requests of exactly the bytes asked for", async () => {
  const { results, responses } = await run(ranged);
  assert.ok(results.every((rs) => rs.length > 0), "every query has results");
  const packs = responses.filter((r) => /\/_search\/[dt]\/\d+\.bin$/.test(r.path));
  assert.ok(packs.some((r) => r.path.includes("/d/")) && packs.some((r) => r.path.includes("/t/")), JSON.stringify(responses));
  let multipart = 0;
  for (const r of packs) {
    const asked = /^bytes=(\d+-\d+(,\d+-\d+)*)$/.exec(r.range || "");
    assert.ok(asked, `${r.path} was asked for by ranges: ${r.range}`);
    assert.equal(r.status, 206, r.path);
    const ranges = asked[1].split(",").map((x) => x.split("-").map(Number));
    const bytes = ranges.reduce((n, [a, b]) => n + b - a + 1, 0);
    if (ranges.length === 1) assert.equal(r.length, bytes, `${r.path} ${r.range}`);
    else {
      // The client joins touching ranges; the answer is a part per range, and little else.
      multipart++;
      assert.match(r.type, /^multipart\/byteranges; boundary=/, r.path);
      assert.ok(r.length > bytes && r.length < bytes + 160 * ranges.length, `${r.path} ${r.range}: ${r.length} bytes`);
    }
  }
  assert.ok(multipart > 0, "a page of results asked for its excerpts in one request");
});

test("a page of results asks for its excerpts in one request per text file", async () => {
  const { results, responses } = await run(ranged);
  const files = new Set(responses.filter((r) => r.path.includes("/_search/t/")).map((r) => r.path));
  const textRequests = responses.filter((r) => r.path.includes("/_search/t/")).length;
  // Each query of several results asks each text file once at most (a query's second page of
  // results would ask again).
  const multiResult = results.filter((rs) => rs.length > 1).length;
  assert.ok(textRequests <= multiResult * files.size + (results.length - multiResult), `${textRequests} text requests for ${results.length} queries over ${files.size} files`);
});

test("a host that answers several ranges with the whole file is asked one range at a time", async () => {
  const a = await run(ranged);
  const b = await run(single);
  assert.deepEqual(plain(b.results, single.base), plain(a.results, ranged.base));
  const several = b.responses.filter((r) => /,/.test(r.range || ""));
  assert.equal(several.length, 1, "several ranges are asked for once, until the host shows it sends the whole file");
  assert.equal(several[0].status, 200);
  const later = b.responses.slice(b.responses.indexOf(several[0]) + 1).filter((r) => /\/[dt]\/\d+\.bin$/.test(r.path));
  assert.ok(later.length > 0 && later.every((r) => r.status === 206 && !/,/.test(r.range)), JSON.stringify(later));
});

test("a host that ignores Range sends whole files, and the results are the same", async () => {
  const a = await run(ranged);
  const b = await run(whole);
  assert.ok(b.responses.some((r) => r.range && r.status === 200), "the server sent whole files");
  assert.deepEqual(plain(b.results, whole.base), plain(a.results, ranged.base));
  // Once a whole file came, later packs are fetched whole, once each (only the requests made
  // before the first answer may repeat a pack).
  const packs = b.responses.filter((r) => /\/[dt]\/\d+\.bin$/.test(r.path));
  const firstWhole = packs.findIndex((r) => r.status === 200);
  const later = packs.slice(firstWhole + 1).filter((r) => !r.range).map((r) => r.path);
  assert.ok(later.length > 0, "later packs were fetched whole, without a range");
  assert.equal(new Set(later).size, later.length, JSON.stringify(later));
});
