// Ground truth for the search benchmark, by grep over the built pages, independent of either engine.
//
//   node bench/search/ground_truth.mjs SITE_DIR [QUERIES=bench/search/queries.json] > truth.json
//
// A page's text is the visible text of its <main> element (the site's header, navigation and
// footer are the same on every page and are not content): tags removed; <script>, <style>,
// <template>, <noscript>, <nav> (a talk page's breadcrumb and its links to the previous and next
// talk, whose titles are other pages' content), hidden elements' contents and the theme's labels
// (section headings, <p class="muted"> lines that explain a section, links to Atom feeds)
// dropped; entities decoded. Text and query
// are folded alike before the "contains" test: NFKC (full-width → half-width), lower case,
// traditional → simplified one character at a time (OpenCC's table, not the engine's), and every
// run of punctuation and white space becomes one space. The pages are the ones the archive
// indexes: talks, speakers, orgs, trends and events (not the list pages nor the home page).
//
// Categories (see queries.json):
// - "contains" kinds (char, cross, latin, width, trad, rare, phrase, name): truth = pages whose
//   folded text contains the folded query.
// - "alias": a correct name; truth = pages that contain the name OR any of its aliases (from
//   content/speakers and content/orgs), because a name query must find the misspelt transcripts.
// - "pinyin": full pinyin or initials of a name; truth = pages that contain the name or any alias.
//   For these two, a "contains" truth is reported as well, for comparison.
// - "phrase": words separated by a space; truth = pages that contain every word.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const OpenCC = require("opencc-js");
const HERE = dirname(fileURLToPath(import.meta.url));
export const ROOT = resolve(HERE, "../..");

const t2s = OpenCC.Converter({ from: "t", to: "cn" });
const charCache = new Map();
function foldChar(c) {
  let f = charCache.get(c);
  if (f !== undefined) return f;
  f = c.normalize("NFKC").toLowerCase();
  f = [...f].map((x) => t2s(x)).join("");
  // Punctuation and white space separate words; they never take part in a match.
  if (/^[\p{P}\p{S}\p{Z}\s]+$/u.test(f)) f = " ";
  charCache.set(c, f);
  return f;
}
export function fold(text) {
  let out = "";
  for (const c of text) out += foldChar(c);
  return out.replace(/ +/g, " ").trim();
}

const ENTITIES = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0", "#39": "'" };
function decode(s) {
  return s.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+[0-9]*);/gi, (m, e) => {
    if (e[0] === "#") {
      const n = e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(n) ? String.fromCodePoint(n) : m;
    }
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}

/** The visible text of the page's <main>, entities decoded. */
export function visibleText(html) {
  const start = html.search(/<main[\s>]/i);
  const end = html.lastIndexOf("</main>");
  let s = start >= 0 && end > start ? html.slice(start, end) : html;
  s = s.replace(/<!--[\s\S]*?-->/g, " ");
  s = s.replace(/<(script|style|template|noscript|nav)\b[\s\S]*?<\/\1\s*>/gi, " ");
  s = s.replace(/<([a-z0-9]+)\b[^>]*\shidden(\s|=|>)[^>]*>[\s\S]*?<\/\1\s*>/gi, " ");
  // The theme's labels are not content: section headings, the lines that explain a section
  // (<p class="muted">), links to a page's Atom feed.
  s = s.replace(/<h2\b[\s\S]*?<\/h2\s*>/gi, "\n");
  s = s.replace(/<p class="?muted"?>[\s\S]*?<\/p\s*>/gi, "\n");
  s = s.replace(/<a\b[^>]*href="?[^"\s>]*feed\.xml"?[^>]*>[\s\S]*?<\/a\s*>/gi, " ");
  // Block-level ends separate words; inline tags do not (Ctrl+F finds text across <a>, <strong>).
  s = s.replace(/<\/?(p|div|li|ul|ol|h[1-6]|section|article|header|footer|nav|table|tr|td|th|dt|dd|dl|blockquote|figure|figcaption|br|hr)\b[^>]*>/gi, "\n");
  s = s.replace(/<[^>]*>/g, "");
  return decode(s);
}

/** Site path → kind, for the pages the archive indexes. */
export function kindOf(path) {
  if (/^talks\/[^/]+\/[^/]+\/$/.test(path)) return "talk";
  for (const [dir, kind] of [["speakers", "speaker"], ["orgs", "org"], ["trends", "trend"], ["events", "event"]]) {
    if (new RegExp(`^${dir}/[^/]+/$`).test(path)) return kind;
  }
  return null;
}

/** Every indexed page of a built site: [{path, kind, text (folded)}]. */
export function sitePages(site) {
  const out = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name === "index.html") {
        const path = relative(site, dir).split(sep).join("/") + "/";
        const kind = kindOf(path);
        if (kind) out.push({ path, kind, text: fold(visibleText(readFileSync(p, "utf8"))) });
      }
    }
  };
  walk(site);
  return out.sort((a, b) => a.path.localeCompare(b.path));
}

/** name → [aliases], from content/speakers and content/orgs of `root`. */
export function nameForms(root = ROOT) {
  const forms = new Map();
  for (const dir of ["speakers", "orgs"]) {
    for (const f of readdirSync(join(root, "content", dir))) {
      if (!f.endsWith(".md")) continue;
      const text = readFileSync(join(root, "content", dir, f), "utf8");
      const name = text.match(/^name = "(.*)"$/m);
      if (!name) continue;
      const aliases = text.match(/^aliases = \[(.*)\]$/m);
      const list = aliases ? [...aliases[1].matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]) : [];
      forms.set(name[1], list);
    }
  }
  return forms;
}

function containing(pages, q) {
  const f = fold(q);
  return f ? pages.filter((p) => p.text.includes(f)).map((p) => "/" + p.path) : [];
}

/** For each query: its ground truth (site paths starting with "/"). */
export function groundTruth(site, queries, root = ROOT) {
  const pages = sitePages(site);
  const names = nameForms(root);
  return {
    pages: pages.length,
    queries: queries.map((q) => {
      const contains = containing(pages, q.q);
      if (q.cat === "phrase") {
        // Several words: the pages that contain every one of them (the page that has the words
        // side by side is among them).
        const sets = fold(q.q).split(" ").map((w) => new Set(containing(pages, w)));
        return { ...q, contains, truth: [...sets[0]].filter((p) => sets.every((s) => s.has(p))) };
      }
      if (q.cat !== "alias" && q.cat !== "pinyin") return { ...q, truth: contains };
      const forms = [q.name, ...(names.get(q.name) || [])];
      if (!names.has(q.name)) throw new Error(`queries.json: "${q.q}" names "${q.name}", which is no speaker or org in content/`);
      const truth = new Set();
      for (const form of forms) for (const p of containing(pages, form)) truth.add(p);
      return { ...q, forms, contains, truth: [...truth].sort() };
    }),
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [site, qfile] = process.argv.slice(2);
  if (!site) {
    console.error("usage: node bench/search/ground_truth.mjs SITE_DIR [QUERIES]");
    process.exit(2);
  }
  const queries = JSON.parse(readFileSync(qfile || join(HERE, "queries.json"), "utf8")).queries;
  const gt = groundTruth(resolve(site), queries);
  process.stdout.write(JSON.stringify(gt, null, 1) + "\n");
}
