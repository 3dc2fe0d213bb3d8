// The English starter archive (`talkarchive init --language en`): no Chinese word anywhere in the
// theme (labels, aria labels, placeholders, titles, the search client's messages and facets),
// search finds an English word of a talk and a speaker by surname, and axe-core finds no
// violation in light and dark colour schemes.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT, serveSite, launch, watchedPage } from "./harness.mjs";

const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const HAN = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/;
const PAGES = ["", "events/", "events/meetup-2025-01/", "talks/", "talks/meetup-2025-01/01-small-models/", "speakers/", "speakers/sam-rivera/", "orgs/", "orgs/example-labs/", "trends/", "trends/small-models/", "search/", "search/?q=model", "no-such-page/"];

let dir, site, browser;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), "talkarchive-english-"));
  execFileSync(join(ROOT, "target/release/talkarchive"), ["init", join(dir, "archive"), "--language", "en", "--title", "Meetup talks"]);
  site = await serveSite({ root: join(dir, "archive") });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await site?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Every text a reader or a screen reader meets: visible text, the title, and the attributes that
 * are read out or shown (aria-label, placeholder, alt, title). */
async function theText(page) {
  return page.evaluate(() => {
    const attrs = [...document.querySelectorAll("[aria-label],[placeholder],[alt],[title]")].flatMap((e) => ["aria-label", "placeholder", "alt", "title"].map((a) => e.getAttribute(a) || ""));
    return [document.title, document.body.innerText, ...attrs].join("\n");
  });
}

test("no Chinese word anywhere in the English archive's theme, search included", async () => {
  const { page, problems, context } = await watchedPage(browser, site.origin);
  for (const path of PAGES) {
    await page.goto(site.base + path);
    if (path.includes("?q=")) await page.locator("#search-results li").first().waitFor();
    const text = await theText(page);
    assert.doesNotMatch(text, HAN, `${path || "home"}: ${text.match(new RegExp(".{0,20}" + HAN.source + ".{0,20}"))?.[0]}`);
  }
  // The search box's list and status, and a query that finds nothing.
  await page.goto(site.base);
  await page.click("#site-search");
  await page.keyboard.type("rivera");
  await page.locator("#site-search-results [role=option]").first().waitFor();
  assert.doesNotMatch(await theText(page), HAN);
  await page.goto(site.base + "search/?q=zzzqqq");
  await page.waitForFunction(() => document.getElementById("search-status").textContent !== "");
  assert.equal(await page.textContent("#search-status"), "Nothing found for “zzzqqq”");
  assert.deepEqual(problems.filter((p) => !/404/.test(p)), []);
  await context.close();
});

test("search finds an English word of a talk, its plural, and a speaker by surname", async () => {
  const { page, context } = await watchedPage(browser, site.origin);
  await page.goto(site.base + "search/?q=routing");
  await page.locator("#search-results li").first().waitFor();
  assert.match(await page.textContent("#search-status"), /^\d+ results? for “routing”$/);
  const talks = await page.locator("#search-results a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
  assert.ok(talks.some((h) => new URL(h, site.base).pathname === "/talks/meetup-2025-01/01-small-models/"), talks.join(" "));

  // A plural finds the singular the text has ("laptop"), and says which form matched.
  await page.goto(site.base + "search/?q=laptops");
  await page.locator("#search-results li").first().waitFor();
  assert.match(await page.textContent("#search-results"), /matched: laptop/);
  const viaStem = await page.locator("#search-results a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
  assert.ok(viaStem.some((h) => new URL(h, site.base).pathname === "/talks/meetup-2025-01/01-small-models/"), viaStem.join(" "));

  await page.goto(site.base);
  await page.click("#site-search");
  await page.keyboard.type("Rivera");
  const first = page.locator("#site-search-results [role=option]").first();
  await first.waitFor();
  const options = await page.locator("#site-search-results [role=option] .result-title").allTextContents();
  assert.ok(options.includes("Sam Rivera"), options.join(" | "));
  const kinds = await page.locator("#site-search-results .result-kind").allTextContents();
  assert.ok(kinds.includes("Speaker"), kinds.join(" | "));
  await context.close();
});

test("a page with the word whole ranks above one with it inside a longer word", async () => {
  // The starter archive and a talk (of no speaker, so that no page lists it beside the others)
  // whose title and text say "remodel": by its counts alone it is the first result for "odel"
  // (no page has that as a word); for "model" every page that has the word whole (model,
  // models) ranks above it.
  const own = mkdtempSync(join(tmpdir(), "talkarchive-whole-"));
  const root = join(own, "archive");
  execFileSync(join(ROOT, "target/release/talkarchive"), ["init", root, "--language", "en"]);
  writeFileSync(
    join(root, "content/talks/meetup-2025-01/02-remodel.md"),
    '+++\ntitle = "Remodel, remodel: the office story"\nkind = "keynote"\norder = 2\nspeakers = []\nsummary = "An office, remodelled."\n+++\nWe remodel the office each spring. Remodel the kitchen, remodel the hall, remodel the stairs. ' + "Remodel, remodel, remodel. ".repeat(6) + "\n"
  );
  const own_site = await serveSite({ root });
  try {
    const { page, context } = await watchedPage(browser, own_site.origin);
    await page.goto(own_site.base);
    const paths = (q) => page.evaluate(async (q) => (await window.talkarchive.search(q, { limit: 10 })).map((r) => new URL(r.url, location.href).pathname), q);
    const remodel = "/talks/meetup-2025-01/02-remodel/";
    const talk = "/talks/meetup-2025-01/01-small-models/";
    const byCounts = await paths("odel");
    assert.equal(byCounts[0], remodel, byCounts.join(" "));
    const found = await paths("model");
    assert.ok(found.includes(remodel), found.join(" "));
    assert.equal(found[found.length - 1], remodel, found.join(" "));
    assert.ok(found.indexOf(talk) >= 0 && found.indexOf(talk) < found.indexOf(remodel), found.join(" "));
    // The plural finds the same pages first (its stem finds "remodel" too, last).
    assert.notEqual((await paths("models"))[0], remodel);
    await context.close();
  } finally {
    await own_site.close();
    rmSync(own, { recursive: true, force: true });
  }
});

for (const colorScheme of ["light", "dark"]) {
  test(`axe-core finds no violation on the English archive (${colorScheme})`, async () => {
    const { page, context } = await watchedPage(browser, site.origin, { colorScheme, viewport: { width: 1280, height: 800 } });
    const found = [];
    for (const path of PAGES) {
      await page.goto(site.base + path);
      if (path.includes("?q=")) await page.locator("#search-results li").first().waitFor();
      await page.addScriptTag({ content: AXE });
      const violations = await page.evaluate(async () => (await window.axe.run(document, { resultTypes: ["violations"] })).violations);
      for (const v of violations) for (const n of v.nodes) found.push(`${path || "home"}: ${v.id}: ${n.target.join(" ")}`);
    }
    assert.deepEqual(found, []);
    await context.close();
  });
}
