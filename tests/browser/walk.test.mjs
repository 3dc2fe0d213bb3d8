// A reader's walk through the shipped archive, by clicking (tapping on the phone):
// home → event → talk → speaker → org → trend → search → result → the paragraph it points to.
// On every page: no console error, no failed request to the site's own files, and on the phone
// no horizontal scrolling.
import { test } from "node:test";
import assert from "node:assert/strict";
import { watchedPage, siteAndBrowser } from "./harness.mjs";

const { site, browser } = await siteAndBrowser();

const VIEWPORTS = {
  desktop: { viewport: { width: 1280, height: 800 } },
  phone: { viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
};

for (const [name, options] of Object.entries(VIEWPORTS)) {
  test(`a reader's walk on a ${name}`, async () => {
    const { page, problems, context } = await watchedPage(browser, site.origin, options);
    const visited = [];
    // Follow the link matched by `selector` on the current page, as a reader would.
    const follow = async (selector, expectPath) => {
      const link = page.locator(selector).first();
      await link.scrollIntoViewIfNeeded();
      await Promise.all([page.waitForURL((u) => expectPath.test(u.pathname)), name === "phone" ? link.tap() : link.click()]);
      await page.waitForLoadState("load");
      await checkPage();
    };
    const checkPage = async () => {
      const url = new URL(page.url());
      visited.push(url.pathname + url.search + url.hash);
      const h1 = await page.locator("main h1").count();
      assert.equal(h1, 1, `${url.pathname}: one h1`);
      if (name === "phone") {
        const [scroll, inner] = await page.evaluate(() => [document.scrollingElement.scrollWidth, window.innerWidth]);
        assert.ok(scroll <= inner, `${url.pathname} scrolls sideways on a phone: ${scroll} > ${inner}`);
      }
    };

    await page.goto(site.base);
    await checkPage();
    await follow(".event-tree a[href$='/events/waic-2024-qiming-forum/']", /^\/events\/waic-2024-qiming-forum\/$/);
    await follow(".programme a.talk-title[href$='/05-jiang-daxin-keynote/']", /^\/talks\/waic-2024-qiming-forum\/05-jiang-daxin-keynote\/$/);
    await follow(".facts a[href$='/speakers/jiang-daxin/']", /^\/speakers\/jiang-daxin\/$/);
    await follow(".facts a[href$='/orgs/jieyuexingchen/']", /^\/orgs\/jieyuexingchen\/$/);
    // An org's talks are filed under trends; the nav leads to them.
    await follow("nav a[href$='/trends/']", /^\/trends\/$/);
    await follow(".trend-grid a[href$='/trends/chuangyi-shengcheng/']", /^\/trends\/chuangyi-shengcheng\/$/);

    // Search from the header box: type, submit, land on the search page with results.
    const box = page.locator("#site-search");
    await (name === "phone" ? box.tap() : box.click());
    await page.keyboard.type("学件");
    await Promise.all([page.waitForURL((u) => u.pathname === "/search/"), page.keyboard.press("Enter")]);
    await page.locator("#search-results li a.result-title").first().waitFor();
    await checkPage();
    assert.match(await page.textContent("#search-status"), /共 \d+ 个结果/);

    // The first result that points into a talk's text leads to its paragraph (or heading), marked.
    await follow("#search-results a.result-title[href*='?hl=']", /^\/talks\//);
    const target = page.locator(":target");
    await target.waitFor();
    assert.equal(await page.locator(":target mark").first().textContent(), "学件");
    const inView = await target.evaluate((el) => {
      const r = el.getBoundingClientRect();
      return r.bottom > 0 && r.top < window.innerHeight;
    });
    assert.ok(inView, "the paragraph is scrolled into view");

    assert.equal(visited.length, 9, visited.join(" → "));
    assert.deepEqual(problems, [], visited.join(" → "));
    await context.close();
  });
}
