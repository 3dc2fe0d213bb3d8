// The glossary (content/glossary.toml) in a real browser: a term finds the passages written in
// its misheard forms and says which form matched, as a name finds its aliases; a talk page shows
// the term beside the misheard form.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { serveSite, launch, watchedPage } from "./harness.mjs";

let site, browser, page, problems;
before(async () => {
  site = await serveSite();
  browser = await launch();
  ({ page, problems } = await watchedPage(browser, site.origin));
  await page.goto(site.base);
});
after(async () => {
  await browser?.close();
  await site?.close();
});

const search = (q, limit = 500) => page.evaluate(([q, limit]) => window.talkarchive.search(q, { limit }), [q, limit]);
const shown = (results) => JSON.stringify(results.map((r) => [r.title, r.matched]));

test("a Chinese term finds its misheard form and says so", async () => {
  const results = await search("具身");
  assert.ok(results.some((r) => r.matched === "巨深"), shown(results));
});

test("a term of two words finds its misheard phrase and says so", async () => {
  const results = await search("Scaling Law");
  const viaForm = results.filter((r) => r.matched === "sing law");
  assert.ok(viaForm.length >= 1, shown(results));
  // A talk that only ever says "sing law" is among them.
  assert.ok(viaForm.some((r) => r.url.includes("03-tao-dacheng")), shown(viaForm));
});

test("a talk page shows the term beside the misheard form", async () => {
  await page.goto(site.base + "talks/waic-2024-caict-agi-forum/03-tao-dacheng-keynote/");
  const fixes = await page.$$eval("a.mention .fix", (els) => els.map((e) => e.textContent));
  assert.ok(fixes.includes("〔Scaling Law〕"), JSON.stringify(fixes));
  assert.deepEqual(problems, []);
});
