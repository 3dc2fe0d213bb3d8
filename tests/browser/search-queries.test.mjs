// The search benchmark's query set (bench/search/queries.json) against the built shipped archive,
// in a real browser: for every query that asks for pages containing a string, the results are
// checked against a grep of the built pages, as Ctrl+F would see them.
//
// The grep is this file's own, independent of the engine: the visible text of each indexed page's
// <main> (without <nav>, scripts, hidden elements and the theme's labels: section headings, the
// lines that explain a section, links to Atom feeds), and the query, folded alike by NFKC
// (full-width → half-width), lower case, and punctuation and spaces → one space. It has no
// traditional → simplified table: a traditional query is grepped in its simplified form, written
// beside it in queries.json.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { serveSite, launch, watchedPage, filesUnder, ROOT } from "./harness.mjs";

const QUERIES = JSON.parse(readFileSync(join(ROOT, "bench/search/queries.json"), "utf8")).queries;
// Queries whose truth is "the pages that contain it": not the name expansions (alias, pinyin).
const CONTAINS = QUERIES.filter((q) => !["alias", "pinyin"].includes(q.cat));
// A name as typed is also expanded to its other forms, so its results may go beyond the grep.
const EXACT = (q) => q.cat !== "name";

let site, browser, page, problems, pages;
before(async () => {
  site = await serveSite();
  browser = await launch();
  ({ page, problems } = await watchedPage(browser, site.origin));
  await page.goto(site.base + "search/");
  await page.waitForFunction(() => !!window.talkarchive);
  pages = indexedPages(site.site);
});
after(async () => {
  await browser?.close();
  await site?.close();
});

function fold(text) {
  let out = "";
  for (const c of text) {
    const f = c.normalize("NFKC").toLowerCase();
    out += /^[\p{P}\p{S}\p{Z}\s]+$/u.test(f) ? " " : f;
  }
  return out.replace(/ +/g, " ").trim();
}

function visibleText(html) {
  const start = html.search(/<main[\s>]/i);
  let s = html.slice(start, html.lastIndexOf("</main>"));
  s = s.replace(/<!--[\s\S]*?-->/g, " ");
  s = s.replace(/<(script|style|template|noscript|nav)\b[\s\S]*?<\/\1\s*>/gi, " ");
  s = s.replace(/<([a-z0-9]+)\b[^>]*\shidden(\s|=|>)[^>]*>[\s\S]*?<\/\1\s*>/gi, " ");
  // The theme's labels are not content: section headings, the lines that explain a section
  // (<p class="muted">), links to a page's Atom feed.
  s = s.replace(/<h2\b[\s\S]*?<\/h2\s*>/gi, "\n");
  s = s.replace(/<p class="?muted"?>[\s\S]*?<\/p\s*>/gi, "\n");
  s = s.replace(/<a\b[^>]*href="?[^"\s>]*feed\.xml"?[^>]*>[\s\S]*?<\/a\s*>/gi, " ");
  // Block ends separate words; inline tags do not (Ctrl+F finds text across <a>, <strong>).
  s = s.replace(/<\/?(p|div|li|ul|ol|h[1-6]|section|article|header|footer|table|tr|td|th|dt|dd|dl|blockquote|figure|figcaption|br|hr)\b[^>]*>/gi, "\n");
  s = s.replace(/<[^>]*>/g, "");
  const named = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };
  return s.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (m, e) =>
    e[0] === "#" ? String.fromCodePoint(e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)) : named[e.toLowerCase()] ?? m);
}

/** The pages the archive indexes (talks, speakers, orgs, trends, events): path → folded text. */
function indexedPages(dir) {
  const out = new Map();
  for (const f of filesUnder(dir)) {
    const m = f.match(/^((?:talks\/[^/]+|speakers|orgs|trends|events)\/[^/]+\/)index\.html$/);
    if (m) out.set("/" + m[1], fold(visibleText(readFileSync(join(dir, f), "utf8"))));
  }
  return out;
}

const search = (q) => page.evaluate((q) => window.talkarchive.search(q, { limit: 100000 }), q);
const pathOf = (url) => new URL(url, site.base).pathname;

test("the benchmark's 'contains' queries find every page a grep of the built pages finds", async (t) => {
  assert.ok(pages.size > 400, `${pages.size} indexed pages`);
  assert.ok(CONTAINS.length >= 45, `${CONTAINS.length} queries`);
  let withTruth = 0;
  const report = [];
  let sum = 0;
  for (const q of CONTAINS) {
    const needle = fold(q.simplified ?? q.q);
    const truth = [...pages].filter(([, text]) => text.includes(needle)).map(([p]) => p);
    const results = await search(q.q);
    const found = new Set(results.map((r) => pathOf(r.url)));
    const missed = truth.filter((p) => !found.has(p));
    // A query no page contains (熵) must find nothing: precision below covers it.
    const recall = truth.length ? 1 - missed.length / truth.length : 1;
    sum += recall;
    if (truth.length) withTruth++;
    report.push(`${q.q}: ${truth.length - missed.length}/${truth.length}${missed.length ? " missed " + missed.slice(0, 3).join(" ") : ""}`);
    // Ctrl+F: every page that shows the query is found, lists of other pages included.
    assert.deepEqual(missed, [], `${q.q}: ${report.at(-1)}`);
    if (EXACT(q)) {
      // Precision: every result contains the query (after folding); a query of several words
      // (split where the reader typed spaces) also finds pages that have every word apart,
      // after all the pages that have it as typed.
      const words = (q.simplified ?? q.q).split(/\s+/).map(fold).filter(Boolean);
      let apart = false;
      for (const r of results) {
        const text = pages.get(pathOf(r.url)) ?? "";
        if (text.includes(needle)) {
          assert.ok(!apart, `${q.q}: ${r.url} has it as typed but comes after a page that has its words apart`);
          continue;
        }
        apart = true;
        assert.ok(words.length > 1 && words.every((w) => text.includes(w)), `${q.q}: ${r.url} does not contain it`);
      }
    }
  }
  assert.ok(withTruth >= 40, `${withTruth} queries occur somewhere`);
  const mean = sum / CONTAINS.length;
  t.diagnostic(`mean recall ${(mean * 100).toFixed(1)}% over ${CONTAINS.length} queries`);
});

test("every result of a 'contains' query shows the query in its excerpt", async () => {
  for (const q of CONTAINS.filter((q) => EXACT(q) && q.cat !== "phrase")) {
    const needle = fold(q.simplified ?? q.q);
    for (const r of await page.evaluate((q) => window.talkarchive.search(q, { limit: 10 }), q.q)) {
      const marked = [...r.excerpt.matchAll(/<mark>(.*?)<\/mark>/g)].map((m) => fold(m[1].replace(/&amp;/g, "&")));
      // A page with the words apart shows the first of them.
      const first = fold((q.simplified ?? q.q).split(/\s+/).filter(Boolean)[0]);
      // A glossary term (content/glossary.toml) also finds its misheard forms, and the result says
      // which one it shows ("Scaling Law" → "sing law").
      const viaForm = r.matched && marked.includes(fold(r.matched));
      assert.ok(viaForm || marked.includes(needle) || (pages.get(pathOf(r.url))?.includes(needle) === false && marked.includes(first)), `${q.q}: ${r.url}: ${r.excerpt}`);
    }
  }
});

test("no console errors and no failed requests", () => {
  assert.deepEqual(problems, []);
});
