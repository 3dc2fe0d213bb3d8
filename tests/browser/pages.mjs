// One page of every kind in the shipped archive, by site path (relative to the base). Chosen to
// show what each kind can hold: a forum with a parent and a programme, a transcript with a
// corrected name, an article with remote images, a speaker with aliases, an org with people.
export const PAGE_KINDS = {
  home: "",
  events: "events/",
  event: "events/waic-2024-qiming-forum/",
  talks: "talks/",
  talk: "talks/waic-2024-qiming-forum/05-jiang-daxin-keynote/",
  "talk-article": "talks/meet-2025/05-wang-hui/",
  speakers: "speakers/",
  speaker: "speakers/jiang-daxin/",
  orgs: "orgs/",
  org: "orgs/jieyuexingchen/",
  trends: "trends/",
  trend: "trends/jushen-zhineng/",
  source: "sources/001_a6bf8563363a4c2b/",
  search: "search/?q=" + encodeURIComponent("具身智能"),
  404: "no-such-page/",
};

/** Opens `path` and waits until the page is complete (search results shown, fonts loaded). */
export async function openPage(page, base, kind) {
  const path = PAGE_KINDS[kind];
  await page.goto(base + path);
  if (kind === "search") await page.locator("#search-results li").first().waitFor();
  await page.evaluate(() => document.fonts.ready);
}
