// The English starter archive (`talkarchive init --language en`): no Chinese word anywhere in the
// theme (labels, aria labels, placeholders, titles, the search client's messages and facets),
// search finds an English word of a talk and a speaker by surname, and axe-core finds no
// violation in light and dark colour schemes.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
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
