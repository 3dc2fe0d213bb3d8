// The search index's packs (d/ buckets, t/ text chunks) are read by range requests: each such
// request gets exactly the bytes it asked for, and a host that ignores Range (sending the
// whole file) gives the same results.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { serveSite, launch, watchedPage } from "./harness.mjs";

const QUERIES = ["具身智能", "姜大昕", "likaifu", "模", "Scaling Law", "語言模型"];
let ranged, whole, browser;
before(async () => {
  [ranged, whole] = await Promise.all([serveSite(), serveSite({ ranges: false })]);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await ranged?.close();
  await whole?.close();
});

/** Runs every query on a fresh page of `site`; returns the results and the index's responses. */
async function run(site) {
  const { page, problems } = await watchedPage(browser, site.origin);
  const responses = [];
  page.on("response", async (r) => {
    if (!r.url().includes("/_search/")) return;
    const range = r.request().headers()["range"] || null;
    responses.push({ path: new URL(r.url()).pathname, status: r.status(), range, length: (await r.body()).length });
  });
  await page.goto(site.base);
  const results = [];
  for (const q of QUERIES) {
    results.push(await page.evaluate((q) => window.talkarchive.search(q, { limit: 10 }), q));
  }
  await page.waitForLoadState("networkidle");
  assert.deepEqual(problems, [], "no console errors, no failed requests");
  await page.context().close();
  return { results, responses };
}

/** Results as comparable across two sites (their origins differ). */
const plain = (results, base) => results.map((rs) => rs.map((r) => ({ ...r, url: r.url.replace(base, "/") })));

test("packs are read by range requests of exactly the bytes asked for", async () => {
  const { results, responses } = await run(ranged);
  assert.ok(results.every((rs) => rs.length > 0), "every query has results");
  const packs = responses.filter((r) => /\/_search\/[dt]\/\d+\.bin$/.test(r.path));
  assert.ok(packs.some((r) => r.path.includes("/d/")) && packs.some((r) => r.path.includes("/t/")), JSON.stringify(responses));
  for (const r of packs) {
    const [, first, last] = /^bytes=(\d+)-(\d+)$/.exec(r.range || "") || [];
    assert.ok(first !== undefined, `${r.path} was asked for by a range: ${r.range}`);
    assert.equal(r.status, 206, r.path);
    assert.equal(r.length, Number(last) - Number(first) + 1, `${r.path} ${r.range}`);
  }
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
