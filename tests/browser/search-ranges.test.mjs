// Search on the three kinds of static host, as `talkarchive serve --ranges MODE` answers:
// `multi` (one range → 206, several → one multipart answer: nginx), `single` (several ranges →
// the whole file: S3, CloudFront) and `none` (Range ignored: `python3 -m http.server`). Every
// query is a first visit (a new browser context: empty cache and localStorage). Whatever the
// client's way of asking, each kind of host gives the same results, and every result contains
// the query; how the client asks each kind is checked in one place, ASKS below.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { appendFileSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serveModes, launch, firstVisitSearch, plainResults, watchedPage, FIXTURES, RANGE_MODES, ROOT } from "./harness.mjs";

/** `contains`: every result's page has the query in its text (the others are names, found by
 * their other forms, and a traditional spelling). */
const QUERIES = [
  { q: "具身智能", contains: true },
  { q: "姜大昕" },
  { q: "likaifu" },
  { q: "模", contains: true },
  { q: "Scaling Law", contains: true },
  { q: "語言模型" },
  // 龙 (U+9F99) is past the characters a key writes in two bytes: its keys take four
  // (records.rs, key_bytes; search.js, keyBytes).
  { q: "文心雕龙", contains: true },
  // A form of 第一财经, a name whose forms have a file of their own (n/<k>.bin, name_files.rs):
  // its records would take more than a third of a bucket each.
  { q: "一财经", nameFile: true },
];
const PACK = /\/_search\/(d\/\d+|t\/\d+\.\d+)\.bin$/;

/**
 * How the client asks each kind of host for the index's packs on a first visit, given the
 * `_search/` responses of one query ({ path, status, range, type, length }; `length` is null for
 * a body the client cut off). These follow the client's strategy (static/search.js): change them
 * with it. Each returns how many multipart answers it saw.
 */
const ASKS = {
  multi(responses) {
    let multipart = 0;
    for (const r of responses.filter((r) => PACK.test(r.path))) {
      const asked = /^bytes=(\d+-\d+(,\d+-\d+)*)$/.exec(r.range || "");
      assert.ok(asked, `${r.path} was asked for by ranges: ${r.range}`);
      assert.equal(r.status, 206, r.path);
      const ranges = asked[1].split(",").map((x) => x.split("-").map(Number));
      const bytes = ranges.reduce((n, [a, b]) => n + b - a + 1, 0);
      if (ranges.length === 1) assert.equal(r.length, bytes, `${r.path} ${r.range}`);
      else {
        // The client joins touching ranges; the answer is a part per range, and little else.
        multipart++;
        assert.match(r.type, /^multipart\/byteranges; boundary=/, r.path);
        assert.ok(r.length > bytes && r.length < bytes + 160 * ranges.length, `${r.path} ${r.range}: ${r.length} bytes`);
      }
    }
    // A page of results asks each text file once at most.
    const text = responses.filter((r) => r.path.includes("/_search/t/")).map((r) => r.path);
    assert.equal(new Set(text).size, text.length, JSON.stringify(text));
    return multipart;
  },
  single(responses) {
    // Learnt from the probe: no pack is ever asked for several ranges at once (S3 would send
    // the whole file), every pack answer is one range of exactly the bytes asked for.
    for (const r of responses.filter((r) => PACK.test(r.path))) {
      const asked = /^bytes=(\d+)-(\d+)$/.exec(r.range || "");
      assert.ok(asked, `${r.path} was asked for by one range: ${r.range}`);
      assert.equal(r.status, 206, r.path);
      assert.equal(r.length, Number(asked[2]) - Number(asked[1]) + 1, `${r.path} ${r.range}`);
    }
    return 0;
  },
  none(responses) {
    // Learnt from the probe: packs are asked for whole, once each; the excerpts come from their
    // small fragments (x/), never from the large text file.
    const packs = responses.filter((r) => PACK.test(r.path));
    assert.ok(packs.every((r) => r.status === 200 && !r.range), JSON.stringify(packs));
    const paths = packs.map((r) => r.path);
    assert.equal(new Set(paths).size, paths.length, JSON.stringify(paths));
    assert.ok(!responses.some((r) => r.path.includes("/_search/t/")), "no text file");
    assert.ok(responses.some((r) => /\/_search\/x\/\d+\.\d+\.bin$/.test(r.path)), "fragments");
    return 0;
  },
};

/** Bytes a first-visit query may cost on each kind of host (the p90 budgets of issue 18;
 * bench/search measures the medians), counted as decoded bodies: at least what a host that
 * gzips JSON sends. */
const CEILING = { multi: 60 * 1024, single: 80 * 1024, none: 200 * 1024 };

let sites, browser;
const problems = [];
before(async () => {
  sites = await serveModes();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await Promise.all(Object.values(sites ?? {}).map((s) => s.close()));
});

/** One query as a first visit of the host of kind `mode`: its results and `_search/` responses.
 * Once per query and mode. */
const runs = new Map();
function run(mode, q) {
  const key = mode + " " + q;
  if (!runs.has(key)) {
    const responses = [];
    const onResponse = async (r) => {
      if (!r.url().includes("/_search/")) return;
      const range = r.request().headers()["range"] || null;
      const entry = { path: new URL(r.url()).pathname, status: r.status(), range, type: r.headers()["content-type"], length: null };
      responses.push(entry);
      // A body the client cut off (several ranges answered with the whole file) has no length.
      entry.length = await r.body().then((b) => b.length, () => null);
    };
    const site = sites[mode];
    runs.set(key, firstVisitSearch(browser, site, [[q, 10]], { problems, onResponse }).then(([results]) => ({ results: plainResults(results, site), responses })));
  }
  return runs.get(key);
}

const fold = (s) => s.normalize("NFKC").toLowerCase().replace(/\s+/g, " ");
/** The text of the built page a result links to (tags removed, folded). */
function pageText(url) {
  const path = decodeURIComponent(new URL(url, "http://x").pathname);
  const file = join(sites.multi.site, path, path.endsWith("/") ? "index.html" : "");
  assert.ok(existsSync(file), `${url}: no page at ${file}`);
  return fold(readFileSync(file, "utf8").replace(/<[^>]*>/g, ""));
}

test("every kind of host gives the same results, and every result contains the query", async () => {
  for (const { q, contains } of QUERIES) {
    const [first, ...others] = await Promise.all(RANGE_MODES.map((m) => run(m, q)));
    assert.ok(first.results.length > 0, `${q} has results`);
    others.forEach((o, i) => assert.deepEqual(o.results, first.results, `${q}: ${RANGE_MODES[i + 1]} as ${RANGE_MODES[0]}`));
    if (contains) for (const r of first.results) assert.ok(pageText(r.url).includes(fold(q)), `${q}: ${r.url} does not contain it`);
  }
  assert.deepEqual(problems, [], "no console errors, no failed requests");
});

for (const mode of RANGE_MODES) {
  test(`how the client asks a host of kind ${mode} (ASKS.${mode})`, async () => {
    let multipart = 0;
    let packs = 0;
    for (const { q, nameFile } of QUERIES) {
      const { responses } = await run(mode, q);
      // A name's file is asked for whole, on every kind of host, by the queries of its forms.
      const names = responses.filter((r) => r.path.includes("/_search/n/"));
      assert.ok(names.every((r) => /\/_search\/n\/\d+\.bin$/.test(r.path) && r.status === 200 && !r.range), `${mode} ${q}: ${JSON.stringify(names)}`);
      assert.equal(names.length, nameFile ? 1 : 0, `${mode} ${q}: name files ${JSON.stringify(names)}`);
      packs += responses.filter((r) => PACK.test(r.path)).length;
      multipart += ASKS[mode](responses);
      // The host's kind is learnt before the first query: the probe comes before any pack.
      const probe = responses.findIndex((r) => r.path.endsWith("/_search/probe.bin"));
      const pack = responses.findIndex((r) => PACK.test(r.path) || r.path.includes("/_search/x/"));
      assert.ok(probe >= 0 && probe < pack, `${mode} ${q}: probe at ${probe}, first pack at ${pack}`);
      const bytes = responses.filter((r) => /\/_search\/[^/]+\//.test(r.path)).reduce((n, r) => n + (r.length ?? 0), 0);
      assert.ok(bytes <= CEILING[mode], `${mode} ${q}: ${bytes} bytes`);
    }
    assert.ok(packs > 0, "the index's packs were read");
    if (mode === "multi") assert.ok(multipart > 0, "a page of results asked for its excerpts in one request");
    assert.deepEqual(problems, [], "no console errors, no failed requests");
  });
}

test('a site built for a host without ranges (host_ranges = "none") finds its buckets in its packs\' heads there', async () => {
  // Small d/ packs that begin with where their buckets are (bucket_packs.rs), no bucket sizes in
  // meta.json: on a host that sends whole files the client reads a bucket's place in the pack it
  // fetches, and never d/offsets.bin; hosts that answer ranges still read that table by ranges.
  // Every kind of host gives the results of the default build.
  const root = mkdtempSync(join(tmpdir(), "talkarchive-root-"));
  for (const part of ["talkarchive.toml", "content", "sources", "templates", "static", "i18n"]) {
    if (existsSync(join(ROOT, part))) cpSync(join(ROOT, part), join(root, part), { recursive: true });
  }
  appendFileSync(join(root, "talkarchive.toml"), '\n[search]\nhost_ranges = "none"\n');
  const whole = await serveModes({ root });
  try {
    const meta = JSON.parse(readFileSync(join(whole.none.site, "_search/meta.json"), "utf8"));
    assert.equal(meta.packHead, true);
    assert.equal(meta.bucketSizes, null);
    let packsRead = 0;
    for (const mode of RANGE_MODES) {
      for (const { q } of QUERIES) {
        const paths = [];
        const onResponse = (r) => { if (r.url().includes("/_search/")) paths.push(new URL(r.url()).pathname); };
        const [results] = await firstVisitSearch(browser, whole[mode], [[q, 10]], { problems, onResponse });
        assert.deepEqual(plainResults(results, whole[mode]), (await run("multi", q)).results, `${mode} ${q}`);
        const table = paths.filter((p) => p.endsWith("/_search/d/offsets.bin")).length;
        // (A name with a file of its own, 一财经, needs no bucket.)
        const buckets = paths.filter((p) => /\/_search\/d\/\d+\.bin$/.test(p)).length;
        if (mode === "none") assert.equal(table, 0, `${q}: ${paths}`);
        else assert.equal(table > 0, buckets > 0, `${mode} ${q}: the table read by ranges for the buckets: ${paths}`);
        packsRead += buckets;
      }
    }
    assert.ok(packsRead >= 3 * (QUERIES.length - 1), `${packsRead} buckets read`);
    assert.deepEqual(problems, [], "no console errors, no failed requests");
  } finally {
    await Promise.all(Object.values(whole).map((s) => s.close()));
    rmSync(root, { recursive: true, force: true });
  }
});

test("the position pages of candidates checked at once come in one request per p/ file", async () => {
  // A form of four characters or more is checked by its trigrams' positions; a frequent
  // trigram's are pages in p/ files (records.rs). The pages a query needs at once (with a
  // limit of 100, every candidate of 2024 in its first round) are asked for together, a
  // request per file of several ranges on a `multi` host, and one of the joined neighbours on
  // a `single` one: a request per page made the query 生成式人工智能 156 requests at 50 times
  // the shipped archive (search.js, getRange). The files of 202 and 024 hold two pages each,
  // and 2024 needs both: with a request per page, each file was asked for twice.
  for (const mode of ["multi", "single"]) {
    const asked = [];
    const onResponse = (r) => {
      if (r.url().includes("/_search/p/")) asked.push({ path: new URL(r.url()).pathname, range: r.request().headers()["range"] });
    };
    const [results] = await firstVisitSearch(browser, sites[mode], [["2024", 100]], { problems, onResponse });
    assert.ok(results.length > 10, `${mode}: ${results.length} results`);
    const paths = asked.map((a) => a.path);
    assert.ok(paths.length > 0, `${mode}: position pages read`);
    assert.equal(new Set(paths).size, paths.length, `${mode}: each p/ file once: ${JSON.stringify(asked)}`);
  }
  assert.deepEqual(problems, [], "no console errors, no failed requests");
});

test("a check asks for no field lengths of a document whose form is in its body alone", async () => {
  // An archive of more than 512 documents has no field lengths in meta.json: the client reads
  // them from f/lens.bin, a text pack's lengths a range (tables.rs). A form of four characters
  // or more is checked by its trigrams' positions, each match weighed by the field it is in;
  // where one of the form's trigrams is in a document's body alone (its record says so:
  // records.rs, all_in_body), every match there weighs the same and the check needs no lengths
  // (search.js, bodyOnly). Here 600 talks have the form in their body, the first also in its
  // title: the checks read that talk's pack's lengths only, and every excerpt shows a match in
  // the body, where the client puts it once the results' lengths are in.
  const root = mkdtempSync(join(tmpdir(), "talkarchive-root-"));
  cpSync(join(FIXTURES, "basic"), root, { recursive: true });
  for (let i = 0; i < 600; i++) {
    const title = i === 0 ? "具身智能机器人的未来" : `生成的演讲 ${i}`;
    const body = `第${i}段：具身智能机器人走进工厂。\n\n${"其他内容。".repeat((i % 3) * 300)}\n\n具身智能机器人再次出现，具身智能机器人第三次。\n`;
    const front = `+++\ntitle = "${title}"\nkind = "keynote"\norder = ${100 + i}\nspeakers = ["zhang-san"]\nsummary = "生成的演讲。"\n+++\n`;
    writeFileSync(join(root, `content/talks/conf-2024/${100 + i}-gen.md`), front + body);
  }
  const many = await serveModes({ root });
  try {
    const meta = JSON.parse(readFileSync(join(many.multi.site, "_search/meta.json"), "utf8"));
    assert.equal(meta.fieldLens, undefined, "field lengths in f/, not in meta.json");
    // Where each pack's lengths are in the first part of f/lens.bin.
    const lenAt = [0];
    for (const n of meta.lenBytes) lenAt.push(lenAt[lenAt.length - 1] + n);
    const byMode = {};
    for (const mode of RANGE_MODES) {
      const ranges = [];
      const onResponse = (r) => {
        if (r.url().includes("/_search/f/lens.bin")) ranges.push(...(r.request().headers()["range"] ?? "").replace("bytes=", "").split(",").filter(Boolean));
      };
      const [results] = await firstVisitSearch(browser, many[mode], [["具身智能机器人", 10]], { problems, onResponse });
      assert.equal(results.length, 10, mode);
      // The talk with the form in its title first of the talks, then those of the shortest
      // body (a match in a longer body weighs less), in archive order; the trend page that
      // lists them all may come first.
      const talks = results.filter((r) => r.url.includes("-gen/"));
      const want = ["具身智能机器人的未来", ...Array.from({ length: talks.length - 1 }, (_, k) => `生成的演讲 ${3 * (k + 1)}`)];
      assert.deepEqual(talks.map((r) => r.title), want, mode);
      assert.ok(talks.length >= 9, `${mode}: ${results.map((r) => r.title)}`);
      for (const r of talks) assert.ok(r.excerpt.includes("具身智能机器人</mark>走进工厂"), `${mode}: ${r.title}: ${r.excerpt}`);
      byMode[mode] = plainResults(results, many[mode]);
      if (mode === "none") continue;
      // The lengths part: one pack's, the first talk's; the blocks part (after it) for the results.
      const lengths = ranges.map((x) => x.split("-").map(Number)).filter(([a]) => a < lenAt[lenAt.length - 1]);
      assert.equal(lengths.length, 1, `${mode}: ${JSON.stringify(ranges)}`);
      const [a, b] = lengths[0];
      const p = lenAt.indexOf(a);
      assert.ok(p >= 0 && lenAt[p + 1] === b + 1, `${mode}: one pack's lengths: ${a}-${b}`);
    }
    assert.deepEqual(byMode.single, byMode.multi);
    assert.deepEqual(byMode.none, byMode.multi);
    assert.deepEqual(problems, [], "no console errors, no failed requests");
  } finally {
    await Promise.all(Object.values(many).map((s) => s.close()));
    rmSync(root, { recursive: true, force: true });
  }
});

test("a file of the index that failed to come is asked for again by the next query", async () => {
  // On a host without ranges the excerpts come from whole files (x/). The first one asked for
  // fails once: that query fails, the next one asks for it again and gets its results.
  const { page, context } = await watchedPage(browser, sites.none.origin);
  try {
    const asked = new Map();
    await context.route(/\/_search\/x\/\d+\.\d+\.bin$/, (route) => {
      const path = new URL(route.request().url()).pathname;
      asked.set(path, (asked.get(path) ?? 0) + 1);
      return asked.size === 1 && asked.get(path) === 1 ? route.fulfill({ status: 503, body: "" }) : route.continue();
    });
    await page.goto(sites.none.base + "search/");
    const tries = await page.evaluate(async () => {
      const out = [];
      for (let i = 0; i < 2; i++) {
        try {
          out.push((await window.talkarchive.search("端到端", { limit: 5 })).length);
        } catch (e) {
          out.push("failed");
        }
      }
      return out;
    });
    assert.deepEqual(tries, ["failed", 5]);
    const [first, count] = [...asked][0];
    assert.equal(count, 2, `${first} asked for again after its failure`);
  } finally {
    await context.close();
  }
});

test("a browser without DecompressionStream unpacks the fragments with the theme's inflate.js", async () => {
  // Safari before 16.4 has no DecompressionStream: on a host without ranges, the gzipped x/
  // fragments are then unpacked by static/inflate.js, loaded for that alone.
  const { page, context, problems: seen } = await watchedPage(browser, sites.none.origin);
  try {
    await context.addInitScript(() => { delete window.DecompressionStream; });
    const scripts = [];
    page.on("request", (r) => { if (r.resourceType() === "script") scripts.push(new URL(r.url()).pathname); });
    await page.goto(sites.none.base + "search/");
    await page.waitForFunction(() => !!window.talkarchive);
    assert.equal(await page.evaluate(() => typeof window.DecompressionStream), "undefined");
    assert.ok(!scripts.some((s) => s.includes("/inflate.")), `inflate.js is not loaded before it is needed: ${scripts}`);
    for (const { q } of QUERIES) {
      const results = await page.evaluate((q) => window.talkarchive.search(q, { limit: 10 }), q);
      const expected = (await run("multi", q)).results;
      assert.deepEqual(plainResults(results, sites.none), expected, q);
    }
    assert.equal(scripts.filter((s) => s.includes("/inflate.")).length, 1, `inflate.js loaded once: ${scripts}`);
    assert.deepEqual(seen, [], "no console errors, no failed requests");
  } finally {
    await context.close();
  }
});

/** Lets the first request for the text files (`t/`) of `context` through and holds the others:
 * the excerpts are asked for in the results' order, so the first is the first result's. Returns
 * the held requests, to be let through (`continue()`). */
async function holdExcerptsButFirst(context) {
  const held = [];
  let asked = 0;
  await context.route(/\/_search\/t\/\d+\.\d+\.bin$/, (route) => (asked++ === 0 ? route.continue() : held.push(route)));
  return held;
}

test("a page of results shows its first ones while the host answers the others", async () => {
  // On a host that answers one range per request (S3), each result's excerpt is a request of
  // its own, and the browser sends six at a time: the page shows its first results as soon as
  // they are in, in their order, and the others below them as they come.
  const q = "具身智能";
  const { page, context, problems: seen } = await watchedPage(browser, sites.single.origin);
  try {
    const held = await holdExcerptsButFirst(context);
    await page.goto(sites.single.base + "search/?q=" + encodeURIComponent(q));
    await page.waitForSelector("#search-results li");
    const early = await page.$$eval("#search-results li a.result-title", (as) => as.map((a) => a.getAttribute("href")));
    assert.ok(held.length > 0, "the other excerpts were asked for");
    assert.ok(early.length >= 1 && early.length < 10, `${early.length} results shown before the others came`);
    assert.match(await page.textContent("#search-status"), /\d/, "the count is said with the first results");
    await Promise.all(held.map((r) => r.continue()));
    await page.waitForFunction(() => document.getElementById("search-more"));
    const all = await page.$$eval("#search-results li a.result-title", (as) => as.map((a) => a.getAttribute("href")));
    const api = await page.evaluate((q) => window.talkarchive.search(q, { limit: 10 }), q);
    assert.deepEqual(all, api.map((r) => r.url), "the page shows the results in their order");
    assert.deepEqual(early, all.slice(0, early.length), "the first ones shown are the first results");
    assert.deepEqual(seen, [], "no console errors, no failed requests");
  } finally {
    await context.close();
  }
});

test("the search box shows its first results while the host answers the others, and keeps the reader's choice", async () => {
  const q = "大模型";
  const { page, context, problems: seen } = await watchedPage(browser, sites.single.origin);
  try {
    const held = await holdExcerptsButFirst(context);
    await page.goto(sites.single.base);
    await page.focus("#site-search");
    await page.keyboard.type(q);
    const results = page.locator("#site-search-results [role=option]:not([id$='-all'])");
    await results.first().waitFor();
    const early = await results.count();
    assert.ok(held.length > 0 && early >= 1 && early < 8, `${early} results shown, ${held.length} excerpts held`);
    // The reader picks the first result; the others come in below it.
    await page.keyboard.press("ArrowDown");
    assert.equal(await page.getAttribute("#site-search", "aria-activedescendant"), "site-search-results-0");
    await Promise.all(held.map((r) => r.continue()));
    await page.waitForFunction(() => document.querySelectorAll("#site-search-results [role=option]:not([id$='-all'])").length === 8);
    assert.equal(await page.getAttribute("#site-search", "aria-activedescendant"), "site-search-results-0", "the choice stays");
    assert.equal(await page.getAttribute("#site-search-results-0", "aria-selected"), "true");
    const titles = await results.locator(".result-title").allTextContents();
    const api = await page.evaluate((q) => window.talkarchive.search(q, { limit: 8 }), q);
    assert.deepEqual(titles, api.map((r) => r.title));
    assert.deepEqual(seen, [], "no console errors, no failed requests");
  } finally {
    await context.close();
  }
});
