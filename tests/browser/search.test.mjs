// Search in a real browser: recall equals Ctrl+F, names by alias and pinyin, traditional
// characters, deep links, the combobox, the search page and the API.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { serveSite, launch, watchedPage, talkBodies } from "./harness.mjs";

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
const paths = (results) => new Set(results.map((r) => new URL(r.url, site.base).pathname.replace(/^\//, "")));

test("recall equals Ctrl+F: every talk whose text contains the query is found", async () => {
  const bodies = talkBodies();
  for (const q of ["学件", "具身智能", "多模态大模型", "端到端", "模", "Scaling Law", "的智能体", "Agent"]) {
    const found = paths(await search(q));
    const expected = bodies.filter((t) => t.body.toLowerCase().includes(q.toLowerCase())).map((t) => t.path);
    assert.ok(expected.length > 0, `${q} occurs somewhere`);
    const missing = expected.filter((p) => !found.has(p));
    assert.deepEqual(missing, [], `${q}: ${missing.length} of ${expected.length} talks containing it were not found`);
  }
});

test("Latin words inside longer words are found (law in Laws)", async () => {
  const results = await search("law");
  const bodies = talkBodies().filter((t) => /law/i.test(t.body));
  const found = paths(results);
  for (const t of bodies) assert.ok(found.has(t.path), t.path);
});

test("precision: every result contains the query or a form of it", async () => {
  const results = await search("学件");
  assert.ok(results.length >= 1);
  for (const r of results) assert.match(r.excerpt, /<mark>学件<\/mark>/, r.url);
});

test("a correct name finds the misspelled transcript and says which form matched", async () => {
  const results = await search("姜大昕");
  const viaAlias = results.filter((r) => r.matched === "姜大新");
  assert.ok(viaAlias.length >= 1, JSON.stringify(results.map((r) => [r.title, r.matched])));
});

test("traditional characters find simplified text", async () => {
  const a = await search("語言模型");
  const b = await search("语言模型");
  assert.ok(b.length > 0);
  assert.deepEqual(a.map((r) => r.url), b.map((r) => r.url));
});

test("full-width and case are folded", async () => {
  const a = await search("ＡＧＩ");
  const b = await search("agi");
  assert.ok(b.length > 0);
  assert.deepEqual(a.map((r) => r.url), b.map((r) => r.url));
});

test("names by pinyin and initials", async () => {
  for (const q of ["likaifu", "lkf"]) {
    const results = await search(q, 5);
    assert.ok(results.some((r) => r.title === "李开复" && r.kind === "speaker"), `${q}: ${results.map((r) => r.title)}`);
  }
});

test("a match inside a transcript links to its paragraph, which is highlighted", async () => {
  const hits = (await search("学件")).concat(await search("端到端"));
  for (const h of hits.filter((r) => r.kind === "talk")) assert.match(h.url, /\?hl=.*#(p-\d+|h-.+)$/, h.url);
  const hit = hits.find((r) => /#p-\d+$/.test(r.url));
  assert.ok(hit, "a paragraph hit");
  await page.goto(new URL(hit.url, site.base).href);
  const target = page.locator(":target");
  await assert.doesNotReject(target.waitFor());
  assert.equal(await page.locator(":target mark").first().textContent(), decodeURIComponent(new URL(hit.url, site.base).searchParams.get("hl")));
  await page.goto(site.base);
});

test("the search box: results as you type, arrow keys, Enter, Escape, and / to focus", async () => {
  await page.goto(site.base);
  await page.keyboard.press("/");
  assert.equal(await page.evaluate(() => document.activeElement.id), "site-search");
  await page.keyboard.type("具身智能");
  const list = page.locator("#site-search-results");
  await list.locator("[role=option]").first().waitFor();
  assert.equal(await page.getAttribute("#site-search", "aria-expanded"), "true");
  await page.keyboard.press("ArrowDown");
  const selected = await page.getAttribute("#site-search", "aria-activedescendant");
  assert.equal(selected, "site-search-results-0");
  await page.keyboard.press("Escape");
  assert.equal(await page.getAttribute("#site-search", "aria-expanded"), "false");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
  assert.notEqual(new URL(page.url()).pathname, "/");
});

test("the search page shows results, counts per facet, and keeps the query in the URL", async () => {
  await page.goto(site.base + "search/?q=" + encodeURIComponent("机器人"));
  await page.locator("#search-results li").first().waitFor();
  assert.match(await page.textContent("#search-status"), /共 \d+ 个结果/);
  const facet = page.locator("#search-facets button[data-facet=kind]").first();
  assert.match(await facet.textContent(), /\(\d+\)/);
  await facet.click();
  await page.waitForFunction(() => location.search.includes("kind="));
  assert.equal(await facet.getAttribute("aria-pressed"), "true");
});

test("a query asked again is answered without a request, each caller with its own copies", async () => {
  await page.goto(site.base);
  const got = await page.evaluate(async () => {
    const first = await window.talkarchive.search("端到端", { limit: 5 });
    first[0].title = "changed by the caller";
    const before = performance.getEntriesByType("resource").length;
    const again = await window.talkarchive.search("端到端", { limit: 5 });
    const requests = performance.getEntriesByType("resource").length - before;
    const other = await window.talkarchive.search("端到端", { limit: 6 });
    return { first, again, other, requests };
  });
  assert.equal(got.again.length, 5);
  assert.notEqual(got.again[0].title, "changed by the caller");
  assert.deepEqual(got.again.slice(1), got.first.slice(1));
  // Another limit is another answer, ranked again from the records the page has.
  assert.deepEqual(got.other.slice(0, 5).map((r) => r.url), got.again.map((r) => r.url));
  assert.equal(got.requests, 0);
});

test("no console errors and no failed requests", async () => {
  assert.deepEqual(problems, []);
});
