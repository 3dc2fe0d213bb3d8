// Hostile content never runs in the reader's browser. The fixture tests/fixtures/hostile puts
// <script>, <img onerror>, <svg onload>, attribute break-outs and javascript: URLs into titles,
// aliases, summaries, bodies, topics, sources and websites; each payload sets window.__pwned to
// a label saying where it came from. Every page, the search box, the search page and the deep
// links of search results are opened, and nothing may have run.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { serveSite, launch, watchedPage, filesUnder, FIXTURES } from "./harness.mjs";

let site, browser, page, problems, dialogs;
before(async () => {
  site = await serveSite({ root: join(FIXTURES, "hostile") });
  browser = await launch();
  ({ page, problems } = await watchedPage(browser, site.origin));
  dialogs = [];
  page.on("dialog", (d) => { dialogs.push(d.message()); d.dismiss().catch(() => {}); });
});
after(async () => {
  await browser?.close();
  await site?.close();
});

/** What ran, and markup that could run later (handlers, javascript: URLs, foreign elements). */
async function damage() {
  await page.waitForTimeout(50); // let onerror/onload handlers of just-inserted elements fire
  return page.evaluate(() => {
    const found = [];
    if (window.__pwned !== undefined) found.push("ran: " + window.__pwned);
    for (const el of document.querySelectorAll("*")) {
      for (const a of el.attributes) {
        if (/^on/i.test(a.name)) found.push(`handler ${a.name} on <${el.tagName.toLowerCase()}>`);
        if (/^(href|src|action|formaction|xlink:href)$/i.test(a.name) && /^\s*(javascript|data|vbscript):/i.test(a.value)) found.push(`${a.name}=${a.value}`);
      }
    }
    // The build's own charts are inline SVG (class "chart", made from numbers, never from text
    // a user wrote as markup); any other <svg> came from content.
    for (const el of document.querySelectorAll("iframe, object, embed, frame, svg:not(.chart), math, base, form:not([role=search])")) found.push(`<${el.tagName.toLowerCase()}> element`);
    for (const el of document.querySelectorAll("svg.chart foreignObject, svg.chart script, svg.chart a")) found.push(`<${el.tagName.toLowerCase()}> inside a chart`);
    for (const s of document.scripts) {
      if (s.type === "application/ld+json") continue;
      if (!/\/static\/search\.[0-9a-f]+\.js$/.test(s.src)) found.push("script: " + (s.src || s.textContent.slice(0, 60)));
    }
    return found;
  });
}

test("no page runs or carries injected script", async () => {
  const pages = filesUnder(site.site).filter((f) => f.endsWith(".html"));
  assert.ok(pages.length >= 15, `${pages.length} pages`);
  for (const p of pages) {
    await page.goto(site.base + p.replace(/(^|\/)index\.html$/, "$1"));
    await page.waitForLoadState("load");
    assert.deepEqual(await damage(), [], p);
  }
  assert.deepEqual(dialogs, []);
});

test("the hostile text is shown as text, not dropped", async () => {
  await page.goto(site.base + "talks/conf-2024/01-opening/");
  assert.match(await page.textContent("main h1"), /开幕致辞<script>window\.__pwned='talk-title'<\/script>/);
  assert.match(await page.textContent("main .transcript"), /<script>window\.__pwned='talk-body-script'<\/script>/);
  await page.goto(site.base + "orgs/acme/");
  assert.match(await page.textContent("main h1"), /毒药科技<img src=x onerror=/);
});

test("links with a scheme that runs code are neutralised, and clicking them runs nothing", async () => {
  for (const path of ["talks/conf-2024/02-keynote/", "orgs/acme/", "events/conf-2024/", "events/forum-a/", "talks/conf-2024/01-opening/"]) {
    await page.goto(site.base + path);
    const hrefs = await page.$$eval("main a[href]", (as) => as.map((a) => a.getAttribute("href")));
    assert.ok(hrefs.length > 0, path);
    for (const h of hrefs) assert.match(h, /^(\/|#|https?:\/\/|mailto:)/i, `${path}: ${h}`);
    // Click every link that stays on this page (the neutralised ones become "#").
    for (const link of await page.locator("main a[href^='#']").all()) await link.click();
    assert.deepEqual(await damage(), [], path);
  }
});

const QUERIES = ["毒药", "script", "onerror", "pwned", "<script>", "<img src=x onerror=", "javascript:", "\"><svg onload=", "李四", "阿克米", "具身智能"];

test("search box: results and excerpts of hostile text run nothing", async () => {
  await page.goto(site.base);
  let withResults = 0;
  for (const q of QUERIES) {
    await page.fill("#site-search", "");
    await page.click("#site-search");
    await page.keyboard.type(q);
    const options = page.locator("#site-search-results [role=option]");
    await options.first().waitFor();
    await page.waitForFunction(() => !document.querySelector("#site-search-results").hidden);
    if ((await options.count()) > 1) withResults++;
    assert.deepEqual(await damage(), [], q);
    const inside = await page.$$eval("#site-search-results *", (els) => [...new Set(els.map((e) => e.tagName.toLowerCase()))].sort());
    for (const tag of inside) assert.ok(["li", "span", "div", "p", "mark"].includes(tag), `${q}: <${tag}> in the results`);
  }
  assert.ok(withResults >= 8, `${withResults} of ${QUERIES.length} queries found something`);
});

test("search page: typed queries, queries in the URL, facets and deep links run nothing", async () => {
  await page.goto(site.base + "search/?q=" + encodeURIComponent("<img src=x onerror=window.__pwned='url-query'>"));
  await page.locator("#search-status").filter({ hasText: /./ }).waitFor();
  assert.deepEqual(await damage(), []);
  let hits = 0;
  for (const q of QUERIES) {
    await page.fill("#search-page-input", q);
    await page.waitForFunction((q) => new URL(location.href).searchParams.get("q") === q && /结果|没有找到/.test(document.querySelector("#search-status").textContent), q);
    hits += await page.locator("#search-results li").count();
    assert.deepEqual(await damage(), [], q);
    for (const b of await page.locator("#search-facets button").all()) {
      await b.click();
      assert.deepEqual(await damage(), [], q + " facet");
      await b.click();
    }
  }
  assert.ok(hits > 10, `${hits} results`);
  // Follow a result into a paragraph, with hostile text as the highlight.
  await page.fill("#search-page-input", "毒药");
  const deep = page.locator("#search-results a.result-title[href*='#p-']").first();
  await deep.waitFor();
  const href = await deep.getAttribute("href");
  await page.goto(new URL(href, site.base).href);
  await page.locator(":target").waitFor();
  assert.deepEqual(await damage(), [], href);
  const url = new URL(href, site.base);
  url.searchParams.set("hl", "<img src=x onerror=window.__pwned='hl'>");
  await page.goto(url.href);
  assert.deepEqual(await damage(), [], url.href);
  assert.deepEqual(dialogs, []);
});

test("no console errors and no failed requests to the site", () => {
  // Hostile <img src=x> is shown as text, so nothing asks for a file that does not exist.
  assert.deepEqual(problems, []);
});
