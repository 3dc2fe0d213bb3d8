// The site works when served from a sub-path: pages, assets and search.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { serveSite, launch, watchedPage } from "./harness.mjs";

let site, browser;
before(async () => {
  site = await serveSite({ basePath: "/archive/" });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await site?.close();
});

test("pages, assets and search under /archive/", async () => {
  const { page, problems } = await watchedPage(browser, site.origin);
  await page.goto(site.base);
  await page.click("nav a[href='/archive/speakers/']");
  assert.equal(new URL(page.url()).pathname, "/archive/speakers/");
  // The click returns once the new page is committed; its deferred search script may not have run.
  await page.waitForFunction(() => window.talkarchive);
  const results = await page.evaluate(() => window.talkarchive.search("阶跃星辰", { limit: 5 }));
  assert.ok(results.length > 0);
  for (const r of results) assert.ok(r.url.startsWith("/archive/"), r.url);
  assert.deepEqual(problems, []);
});
