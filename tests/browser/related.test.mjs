// Every talk page of the shipped archive shows at least three related talks, each a link to
// another talk with the reasons it is related (docs/connections.md: a talk with fewer above the
// score threshold is given the best below it that share more than the session).
import { test } from "node:test";
import assert from "node:assert/strict";
import { watchedPage, talkBodies, siteAndBrowser } from "./harness.mjs";

const { site, browser } = await siteAndBrowser();

test("every talk page shows three or more related talks, each with a reason", async () => {
  const { page, problems, context } = await watchedPage(browser, site.origin);
  const talks = talkBodies().map((t) => t.path);
  assert.ok(talks.length > 100, `${talks.length} talks`);
  const short = [];
  for (const path of talks) {
    await page.goto(site.base + path);
    const related = await page.$$eval("section.related li", (items) =>
      items.map((li) => ({
        href: li.querySelector("a.talk-title")?.href ?? "",
        reasons: li.querySelector(".reasons")?.textContent.trim() ?? "",
      })),
    );
    const self = site.base + path;
    const good = related.filter((r) => r.href.startsWith(site.base + "talks/") && r.href !== self && r.reasons !== "");
    if (good.length < 3 || good.length !== related.length) short.push(`${path}: ${good.length} of ${related.length} ${JSON.stringify(related)}`);
  }
  assert.deepEqual(short, []);
  assert.deepEqual(problems, []);
  await context.close();
});
