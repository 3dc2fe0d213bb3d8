// A crawl of the built folder (node side, no browser): every internal link, anchor, image, asset,
// form and feed/sitemap entry resolves to a file (and an element with that id), under a sub-path
// base_url as well as at the root; and no page links outside the site except to the sources' own
// addresses (event and talk `source` URLs, org `website`s, the articles' remote images).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { buildSite, filesUnder, ROOT, FIXTURES } from "./harness.mjs";

const ENTITIES = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };
const decode = (s) =>
  s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e) =>
    e[0] === "#" ? String.fromCodePoint(e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : Number(e.slice(1))) : ENTITIES[e] ?? m);

/** The start tags of an HTML document with their attributes, outside comments and outside the
 * text of script, style, title and textarea (which the minifier may leave with a raw `<`).
 * Quoted and unquoted attribute values both, as the minifier writes them. */
export function startTags(html) {
  const text = html.replace(/<!--[\s\S]*?-->/g, "").replace(/<(script|style|title|textarea)\b([^>]*)>[\s\S]*?<\/\1\s*>/gi, "<$1$2>");
  const tags = [];
  for (const m of text.matchAll(/<([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s"'>\/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*\/?>/g)) {
    const attrs = {};
    for (const a of m[2].matchAll(/([^\s"'>\/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g)) {
      attrs[a[1].toLowerCase()] = decode(a[2] ?? a[3] ?? a[4] ?? "");
    }
    tags.push({ name: m[1].toLowerCase(), attrs });
  }
  return tags;
}

/** Every URL a tag refers to, with the attribute it is in. */
function urlsOf(tag) {
  const out = [];
  for (const attr of ["href", "src", "action", "poster", "data-base", "data-index"]) {
    if (tag.attrs[attr] !== undefined) out.push({ attr, url: tag.attrs[attr] });
  }
  if (tag.attrs.srcset) for (const part of tag.attrs.srcset.split(",")) out.push({ attr: "srcset", url: part.trim().split(/\s+/)[0] });
  if (tag.name === "meta" && /^og:(url|image)$/.test(tag.attrs.property ?? "")) out.push({ attr: "content", url: tag.attrs.content });
  return out;
}

/** The addresses of the sources themselves, the only places a page may link outside the site:
 * event and talk `source` URLs and org `website`s (from the open data), and the addresses the
 * sources' own text carries (an article's remote images, a report's image credit), which are in
 * content/. The theme adds none of its own. */
function sourceAddresses(root, site) {
  const data = JSON.parse(readFileSync(join(site, "data/archive.json"), "utf8"));
  const allowed = new Set();
  for (const e of [...data.events, ...data.talks]) if (e.source?.url) allowed.add(e.source.url);
  for (const o of data.orgs) if (o.website) allowed.add(o.website);
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith(".md")) for (const m of readFileSync(path, "utf8").matchAll(/https?:\/\/[^\s<>()"'\]]+/g)) allowed.add(decode(m[0]));
    }
  };
  walk(join(root, "content"));
  return allowed;
}

/** Crawls the built folder; returns the problems found and how many links were checked. */
function crawl(root, baseUrl, { minify, tamper }) {
  const site = buildSite({ root, baseUrl, minify });
  tamper?.(site);
  const base = new URL(baseUrl);
  const files = new Set(filesUnder(site));
  const allowed = sourceAddresses(root, site);
  const ids = new Map();
  const pages = [...files].filter((f) => f.endsWith(".html"));
  const tagsOf = new Map(pages.map((p) => [p, startTags(readFileSync(join(site, p), "utf8"))]));
  for (const [p, tags] of tagsOf) ids.set(p, new Set(tags.flatMap((t) => [t.attrs.id, t.name === "a" ? t.attrs.name : undefined]).filter(Boolean)));

  const problems = [];
  let checked = 0;
  /** Checks one URL found in `from` (a file of the site, whose address is `pageUrl`). */
  const check = (from, pageUrl, url, attr) => {
    checked++;
    let u;
    try {
      u = new URL(url, pageUrl);
    } catch {
      return problems.push(`${from}: ${attr}="${url}" is not a URL`);
    }
    const internal = u.origin === base.origin && u.pathname.startsWith(base.pathname);
    if (!internal) {
      if (u.protocol === "mailto:") return;
      if (!/^https?:$/.test(u.protocol)) return problems.push(`${from}: ${attr}="${url}" uses the scheme ${u.protocol}`);
      if (!allowed.has(url)) return problems.push(`${from}: ${attr}="${url}" leads outside the site to no source's address`);
      return;
    }
    if (u.origin === base.origin && !url.startsWith(base.origin) && !url.startsWith(base.pathname) && !url.startsWith("#") && !url.startsWith("?")) {
      problems.push(`${from}: ${attr}="${url}" is relative; the theme writes root-relative URLs`);
    }
    let path = decodeURIComponent(u.pathname.slice(base.pathname.length));
    if (path === "" || path.endsWith("/")) path += "index.html";
    if (!files.has(path)) return problems.push(`${from}: ${attr}="${url}" → no file ${path}`);
    const fragment = decodeURIComponent(u.hash.slice(1));
    if (fragment && !ids.get(path)?.has(fragment)) problems.push(`${from}: ${attr}="${url}" → ${path} has no id "${fragment}"`);
  };

  for (const [p, tags] of tagsOf) {
    const pageUrl = new URL(p.replace(/(^|\/)index\.html$/, "$1"), base).href;
    for (const tag of tags) {
      for (const { attr, url } of urlsOf(tag)) {
        // data-index is a folder the search client reads meta.json from.
        check(p, pageUrl, attr === "data-index" ? url + "meta.json" : url, attr);
      }
    }
  }
  // Feeds and the sitemap point at pages too.
  for (const f of [...files].filter((f) => f.endsWith(".xml"))) {
    const xml = readFileSync(join(site, f), "utf8");
    const pageUrl = new URL(f, base).href;
    for (const m of xml.matchAll(/<loc>([^<]+)<\/loc>|<link\b[^>]*\bhref="([^"]+)"/g)) {
      const url = decode(m[1] ?? m[2]);
      // An Atom entry's link may be a source; a sitemap lists only the site's own pages.
      check(f, pageUrl, url, m[1] ? "loc" : "link");
    }
  }
  rmSync(dirname(site), { recursive: true, force: true });
  return { problems, checked, pages: pages.length };
}

test("the shipped archive under a sub-path: every link resolves, none leads elsewhere", () => {
  const { problems, checked, pages } = crawl(ROOT, "https://example.org/archive/", { minify: true });
  assert.ok(pages > 400 && checked > 10 * pages, `${checked} links in ${pages} pages`);
  assert.deepEqual(problems.slice(0, 30), [], `${problems.length} problems`);
});

test("the shipped archive at the root of its host, as written without minifying", () => {
  const { problems, pages } = crawl(ROOT, "http://127.0.0.1:8080/", { minify: false });
  assert.ok(pages > 400);
  assert.deepEqual(problems.slice(0, 30), [], `${problems.length} problems`);
});

test("hostile content: no link with a scheme that runs code, none leads elsewhere", () => {
  const { problems, pages } = crawl(join(FIXTURES, "hostile"), "https://example.org/sub/", { minify: true });
  assert.ok(pages >= 15);
  assert.deepEqual(problems, []);
});

test("the crawl is live: it reports a missing page, a missing anchor and a foreign link", () => {
  const { problems } = crawl(join(FIXTURES, "basic"), "https://example.org/sub/", {
    minify: true,
    tamper: (site) => {
      rmSync(join(site, "speakers/wang-wu/index.html"));
      const file = join(site, "orgs/acme/index.html");
      writeFileSync(file, readFileSync(file, "utf8").replace("</main>", '<a href="/sub/talks/conf-2024/02-keynote/#p-99">x</a><a href="https://tracker.example.com/">y</a></main>'));
    },
  });
  const text = problems.join("\n");
  assert.match(text, /no file speakers\/wang-wu\/index\.html/);
  assert.match(text, /has no id "p-99"/);
  assert.match(text, /tracker\.example\.com\/" leads outside the site/);
});

test("the tag reader sees quoted and unquoted attributes, and skips scripts and comments", () => {
  const tags = startTags(`<title>a<img src=/no/></title><a href=/x/ id="a&amp;b"><!-- <a href="/no/"> --><script>var a = '<a href="/no/">'</script><img src='/i.png' alt>`);
  assert.deepEqual(tags.map((t) => t.attrs), [{}, { href: "/x/", id: "a&b" }, {}, { src: "/i.png", alt: "" }]);
});
