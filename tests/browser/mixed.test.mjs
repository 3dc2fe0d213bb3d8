// A mixed archive (issue 21): the English starter (`talkarchive init --language en`) with the
// Chinese starter's event, speaker, org, trend and talk added. Search finds each language's words
// and names, and each talk's keyword chips are words of its own language.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT, serveSite, launch, watchedPage } from "./harness.mjs";

const EN_TALK = "/talks/meetup-2025-01/01-small-models/";
const ZH_TALK = "/talks/salon-2025-01/01-xiao-moxing/";
const HAN = /[\u3400-\u9fff]/;

let dir, site, browser;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), "talkarchive-mixed-"));
  const archive = join(dir, "archive");
  execFileSync(join(ROOT, "target/release/talkarchive"), ["init", archive, "--language", "en", "--title", "Talks in two languages"]);
  for (const kind of readdirSync(join(ROOT, "starter/zh-CN/content"))) {
    cpSync(join(ROOT, "starter/zh-CN/content", kind), join(archive, "content", kind), { recursive: true });
  }
  // Both starters number their trend 1; an archive's trends need numbers of their own.
  const trend = join(archive, "content/trends/xiao-moxing.md");
  writeFileSync(trend, readFileSync(trend, "utf8").replace(/^number = 1$/m, "number = 2"));
  execFileSync(join(ROOT, "target/release/talkarchive"), ["check", "--root", archive], { stdio: "pipe" });
  site = await serveSite({ root: archive });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await site?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The paths of the search page's results for `q`. */
async function results(page, q) {
  await page.goto(site.base + "search/?q=" + encodeURIComponent(q));
  await page.locator("#search-results li").first().waitFor();
  const hrefs = await page.locator("#search-results a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
  return hrefs.map((h) => new URL(h, site.base).pathname);
}

test("search finds the words and the speakers of both languages", async () => {
  const { page, context, problems } = await watchedPage(browser, site.origin);
  for (const [q, want] of [["routing", EN_TALK], ["models", EN_TALK], ["小模型", ZH_TALK], ["笔记本", ZH_TALK], ["rivera", "/speakers/sam-rivera/"], ["林晓", "/speakers/lin-xiao/"]]) {
    const got = await results(page, q);
    assert.ok(got.includes(want), `${q}: ${got.join(" ")}`);
  }
  // Each language's word finds only the talk that says it.
  assert.ok(!(await results(page, "routing")).includes(ZH_TALK));
  assert.ok(!(await results(page, "笔记本")).includes(EN_TALK));
  assert.deepEqual(problems.filter((p) => !/404/.test(p)), []);
  await context.close();
});

test("each talk's keyword chips are words of its own language", async () => {
  const { page, context } = await watchedPage(browser, site.origin);
  const chips = async (path) => {
    await page.goto(site.origin + path);
    return page.locator("ul.keywords a").allTextContents();
  };
  const en = await chips(EN_TALK);
  assert.ok(en.length >= 3, `English chips: ${en.join(", ")}`);
  for (const k of en) assert.match(k, /^[a-z][a-z -]+$/, `English chip ${k}`);
  for (const stop of ["the", "and", "to", "of", "a", "we"]) assert.ok(!en.includes(stop), `stop word ${stop}: ${en.join(", ")}`);
  assert.ok(en.includes("model"), `the talk is about models: ${en.join(", ")}`);
  const zh = await chips(ZH_TALK);
  assert.ok(zh.length >= 3, `Chinese chips: ${zh.join(", ")}`);
  for (const k of zh) assert.match(k, HAN, `Chinese chip ${k}`);
  // The theme speaks the site's language on both talks.
  for (const path of [EN_TALK, ZH_TALK]) {
    await page.goto(site.origin + path);
    assert.equal(await page.getAttribute("html", "lang"), "en");
  }
  await context.close();
});
