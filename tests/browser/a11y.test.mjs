// Accessibility of every page kind, in light and dark colour scheme: axe-core finds no violation
// of any rule it runs by default (WCAG and best practices alike, none filtered out);
// the keyboard alone reaches everything (skip link first, visible focus, tab order = DOM order).
// Screenshots of every page kind on a desktop and a phone, light and dark, go to
// test-artifacts/screenshots/ so that a change in look can be seen (and no kind scrolls sideways).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { watchedPage, screenshotPath, siteAndBrowser } from "./harness.mjs";
import { PAGE_KINDS, openPage } from "./pages.mjs";

const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

const { site, browser } = await siteAndBrowser();

/** axe-core's violations on the current page, one readable line each. */
async function axeViolations(page) {
  await page.addScriptTag({ content: AXE });
  const violations = await page.evaluate(async () => (await window.axe.run(document, { resultTypes: ["violations"] })).violations);
  return violations.flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(" ")} — ${n.failureSummary.replace(/\s+/g, " ")}`));
}

// The 404 page is answered with status 404 on purpose (and Chromium logs that as a console
// error); every other response must be fine. A missing file would still show as "404: its URL".
const realProblems = (problems) =>
  problems.filter((p) => !/^404: .*\/no-such-page\/$/.test(p) && p !== "console: Failed to load resource: the server responded with a status of 404 (Not Found)");

for (const colorScheme of ["light", "dark"]) {
  test(`axe-core finds no violation on any page kind (${colorScheme})`, async () => {
    const { page, problems, context } = await watchedPage(browser, site.origin, { colorScheme, viewport: { width: 1280, height: 800 } });
    const found = [];
    for (const kind of Object.keys(PAGE_KINDS)) {
      await openPage(page, site.base, kind);
      for (const v of await axeViolations(page)) found.push(`${kind}: ${v}`);
    }
    // The search box's open list of results, too.
    await openPage(page, site.base, "home");
    await page.click("#site-search");
    await page.keyboard.type("具身智能");
    await page.locator("#site-search-results [role=option]").first().waitFor();
    await page.keyboard.press("ArrowDown");
    for (const v of await axeViolations(page)) found.push(`search box: ${v}`);
    assert.deepEqual(found, []);
    assert.deepEqual(realProblems(problems), []);
    await context.close();
  });
}

test("axe-core is live: it reports faults planted in a page of the site", async () => {
  const { page, context } = await watchedPage(browser, site.origin, { colorScheme: "dark" });
  await openPage(page, site.base, "talk");
  await page.evaluate(() => {
    const main = document.querySelector("main");
    main.insertAdjacentHTML("beforeend", '<img src="x.png"><p style="color:#1a1f25">难以看清</p><h5>跳级标题</h5>');
    // A second search landmark named like the header's (best-practice rules count too).
    main.insertAdjacentHTML("beforeend", '<form role="search" aria-label="全站搜索"><input type="search" aria-label="搜索"></form>');
  });
  const ids = new Set((await axeViolations(page)).map((v) => v.split(" ")[0]));
  for (const id of ["image-alt", "color-contrast", "heading-order", "landmark-unique"]) assert.ok(ids.has(id), `${id} in ${[...ids]}`);
  await context.close();
});

test("screenshots of every page kind: desktop and phone, light and dark", async () => {
  const shapes = {
    desktop: { viewport: { width: 1280, height: 800 } },
    phone: { viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
  };
  let taken = 0;
  for (const [shape, options] of Object.entries(shapes)) {
    for (const colorScheme of ["light", "dark"]) {
      const { page, problems, context } = await watchedPage(browser, site.origin, { ...options, colorScheme });
      for (const kind of Object.keys(PAGE_KINDS)) {
        await openPage(page, site.base, kind);
        const [scroll, inner] = await page.evaluate(() => [document.scrollingElement.scrollWidth, window.innerWidth]);
        assert.ok(scroll <= inner, `${kind} scrolls sideways on a ${shape}: ${scroll} > ${inner}`);
        // The top of the page, at most 2.5 screens: long transcripts would make huge files.
        const height = Math.min(await page.evaluate(() => document.documentElement.scrollHeight), options.viewport.height * 2.5);
        await page.screenshot({ path: screenshotPath(`${kind}-${shape}-${colorScheme}`), fullPage: true, clip: { x: 0, y: 0, width: options.viewport.width, height } });
        taken++;
      }
      assert.deepEqual(realProblems(problems), []);
      await context.close();
    }
  }
  assert.equal(taken, Object.keys(PAGE_KINDS).length * 4);
});

/** Presses Tab `n` times and describes each element that got focus, in order. */
async function tabThrough(page, n) {
  await page.evaluate(() => document.querySelectorAll("[data-tab-stop]").forEach((e) => e.removeAttribute("data-tab-stop")));
  const stops = [];
  for (let i = 0; i < n; i++) {
    await page.keyboard.press("Tab");
    const stop = await page.evaluate((i) => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      el.setAttribute("data-tab-stop", String(i));
      const style = getComputedStyle(el);
      const r = el.getBoundingClientRect();
      return {
        tag: el.tagName.toLowerCase(),
        id: el.id,
        cls: el.className,
        text: (el.textContent || el.getAttribute("aria-label") || "").trim().slice(0, 30),
        outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0,
        visible: r.width > 0 && r.height > 0 && r.right > 0 && r.bottom > 0 && r.left < innerWidth,
      };
    }, i);
    if (!stop) break; // Tab left the page
    stops.push(stop);
  }
  return stops;
}

for (const colorScheme of ["light", "dark"]) {
  test(`the keyboard alone: skip link first, focus visible, tab order follows the page (${colorScheme})`, async () => {
    const { page, problems, context } = await watchedPage(browser, site.origin, { colorScheme, viewport: { width: 1280, height: 800 } });
    for (const kind of ["home", "talk", "speaker", "search"]) {
      await openPage(page, site.base, kind);
      const [first] = await tabThrough(page, 1);
      assert.equal(first?.cls, "skip-link", `${kind}: the first Tab stop is the skip link, got ${JSON.stringify(first)}`);
      assert.ok(first.visible && first.outline, `${kind}: the focused skip link is shown with an outline`);
      await page.keyboard.press("Enter");
      assert.equal(await page.evaluate(() => document.activeElement?.id), "main", `${kind}: the skip link moves focus to main`);

      // From the top of the page: every stop is shown with an outline, in the page's order.
      await openPage(page, site.base, kind);
      const stops = await tabThrough(page, 40);
      assert.ok(stops.length >= 10, `${kind}: ${stops.length} stops`);
      for (const s of stops) {
        assert.ok(s.outline, `${kind}: focus is not visible on ${JSON.stringify(s)}`);
        assert.ok(s.visible, `${kind}: focus went to something not on screen: ${JSON.stringify(s)}`);
      }
      const inDomOrder = await page.evaluate(() => Array.from(document.querySelectorAll("[data-tab-stop]"), (e) => Number(e.dataset.tabStop)));
      assert.deepEqual(inDomOrder, stops.map((_, i) => i), `${kind}: tab order is the order of the page`);
      const positive = await page.evaluate(() => Array.from(document.querySelectorAll("[tabindex]")).filter((e) => e.tabIndex > 0).length);
      assert.equal(positive, 0, `${kind}: no positive tabindex`);
    }
    assert.deepEqual(problems, []);
    await context.close();
  });
}
