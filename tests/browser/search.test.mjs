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

test("show more: ten more results below the first ten, the focus on the first new one", async () => {
  // A reader who presses "show more" (with the keyboard too) goes on reading where the list
  // goes on: the results shown stay, the next ten come below them, the focus moves to the first.
  await page.goto(site.base + "search/?q=" + encodeURIComponent("大模型"));
  await page.locator("#search-more").waitFor();
  const links = page.locator("#search-results a.result-title");
  assert.equal(await links.count(), 10);
  await page.evaluate(() => { document.querySelector("#search-results li").dataset.kept = "yes"; });
  await page.focus("#search-more");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.querySelectorAll("#search-results a.result-title").length === 20);
  assert.equal(await page.getAttribute("#search-results li:first-child", "data-kept"), "yes", "the first results stay as they were");
  assert.equal(await page.evaluate(() => document.activeElement.closest("li") === document.querySelectorAll("#search-results li")[10]), true, "the focus is on the 11th result");
  const shown = await links.evaluateAll((as) => as.map((a) => a.getAttribute("href")));
  const api = await page.evaluate(() => window.talkarchive.search("大模型", { limit: 20 }));
  assert.deepEqual(shown, api.map((r) => r.url));
  const total = Number(/(\d+)/.exec(await page.textContent("#search-status"))[1]);
  assert.equal(await page.locator("#search-more").count(), total > 20 ? 1 : 0, `${total} results in all`);
});

test("ranking: the page about a thing comes before pages that name it in passing", async () => {
  // A talk titled with the term first; a speaker's own page and talk at the top, before the
  // pages that name them once (the host's opening, a co-speaker's page).
  assert.equal((await search("学件", 10))[0].title, "学件和异构大模型");
  const own = {
    周志华: "学件和异构大模型",
    姜大昕: "攀登AGI的路径与实践：万亿参数+多模融合",
    李开复: "李开复：Scaling Law放缓，AI-First应用爆发加速",
  };
  for (const [name, talk] of Object.entries(own)) {
    const results = await search(name, 50);
    const page = results.findIndex((r) => r.kind === "speaker" && r.title === name);
    const at = results.findIndex((r) => r.title === talk);
    assert.ok(page >= 0 && page <= 1, `${name}: their page at ${page}`);
    assert.ok(at >= 0 && at <= 2, `${name}: own talk at ${at}: ${results.slice(0, 6).map((r) => r.title)}`);
  }
  // 王鹤 speaks in a long panel; the host's short opening and his co-speakers' pages name him once.
  for (const [name, talk] of [["姜大昕", "/05-jiang-daxin-keynote/"], ["王鹤", "/09-embodied-ai-panel/"]]) {
    const results = await search(name, 50);
    const mine = results.findIndex((r) => r.url.includes(talk));
    const opening = results.findIndex((r) => r.url.includes("/waic-2024-qiming-forum/01-opening-host/"));
    const colleague = results.findIndex((r) => r.kind === "speaker" && r.title !== name);
    assert.ok(mine >= 0 && mine < opening && mine < colleague, `${name}: own talk at ${mine}, the opening at ${opening}, a co-speaker's page at ${colleague}`);
  }
});

test("the API: search(query, {limit}) gives [{url, title, kind, excerpt}], best first, at most limit", async () => {
  const results = await search("具身智能", 3);
  assert.equal(results.length, 3);
  for (const r of results) {
    assert.equal(typeof r.url, "string");
    assert.ok(r.title.length > 0);
    assert.ok(["talk", "speaker", "org", "trend", "event"].includes(r.kind), r.kind);
    assert.match(r.excerpt, /<mark>具身智能<\/mark>/);
  }
  assert.deepEqual((await search("具身智能", 10)).slice(0, 3).map((r) => r.url), results.map((r) => r.url));
  assert.deepEqual(await search("熵不存在的词"), []);
});

test("filters: each facet narrows the results to its count, and the URL keeps it", async () => {
  for (const facet of ["kind", "event", "trend"]) {
    await page.goto(site.base + "search/?q=" + encodeURIComponent("机器人"));
    await page.locator("#search-results li").first().waitFor();
    const total = Number(/共 (\d+) 个结果/.exec(await page.textContent("#search-status"))[1]);
    const button = page.locator(`#search-facets button[data-facet=${facet}]`).first();
    const [, label, count] = /^(.*) \((\d+)\)$/.exec((await button.textContent()).trim());
    assert.ok(Number(count) > 0 && Number(count) <= total, `${facet} ${label}: ${count} of ${total}`);
    await button.click();
    await page.waitForFunction((f) => new URLSearchParams(location.search).has(f), facet);
    await page.waitForFunction((n) => (document.getElementById("search-status").textContent.match(/共 (\d+) 个结果/) || [])[1] === n, count);
    if (facet === "kind") {
      const kinds = await page.locator("#search-results .result-kind").allTextContents();
      assert.ok(kinds.length > 0 && kinds.every((k) => k === label), kinds.join(","));
    }
    // The filtered search is shareable: the same URL opened afresh shows the same count.
    const shared = page.url();
    await page.goto(shared);
    await page.waitForFunction((n) => (document.getElementById("search-status").textContent.match(/共 (\d+) 个结果/) || [])[1] === n, count);
  }
  await page.goto(site.base);
});

test("accessibility: combobox and listbox roles, a live status, a message without JavaScript", async () => {
  await page.goto(site.base + "search/?q=" + encodeURIComponent("学件"));
  assert.equal(await page.getAttribute("#search-status", "role"), "status");
  assert.equal(await page.getAttribute("#search-status", "aria-live"), "polite");
  await page.waitForFunction(() => /共 \d+ 个结果/.test(document.getElementById("search-status").textContent));
  // The search box of every other page (the search page has its own field).
  await page.goto(site.base);
  const box = page.locator("#site-search");
  assert.equal(await box.getAttribute("role"), "combobox");
  const list = await box.getAttribute("aria-controls");
  assert.equal(await page.getAttribute(`#${list}`, "role"), "listbox");
  const context = await browser.newContext({ javaScriptEnabled: false });
  try {
    const off = await context.newPage();
    await off.goto(site.base + "search/?q=" + encodeURIComponent("学件"));
    assert.match(await off.locator("main .notice").first().textContent(), /JavaScript/);
  } finally {
    await context.close();
  }
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
