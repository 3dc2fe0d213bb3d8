// The measuring part of the search benchmark, shared by run.mjs (issue 4: the shipped archive and
// one larger one, both engines, quality too) and bytes.mjs (issue 7: bytes per query at every size
// of the scale benchmark). How it measures is described at the top of run.mjs.
import { chromium } from "playwright-core";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { extname, join } from "node:path";
import { gzipSync } from "node:zlib";
import { answer } from "./byte-range.mjs";

/** Results shown per query: the first 10, as a search page shows them. */
export const LIMIT = 10;

const TYPES = {
  ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript", ".mjs": "text/javascript",
  ".json": "application/json", ".xml": "application/xml", ".svg": "image/svg+xml", ".wasm": "application/wasm",
  ".txt": "text/plain",
};
const COMPRESSIBLE = /^(text\/|application\/(json|javascript|xml|wasm)|image\/svg)/;

function typeOf(file) {
  // Pagefind's WASM is named wasm.<lang>.pagefind.
  if (/\/wasm\.[^/]*\.pagefind$/.test(file)) return "application/wasm";
  return TYPES[extname(file)] || "application/octet-stream";
}

/**
 * A static server of `dir` that gzips like a static host and logs what it sends. `extra` maps
 * URL paths to HTML served beside the site (the page Pagefind is driven from), so the bench
 * writes nothing into a site it did not build. `ranges`: how it answers Range headers, as the
 * three kinds of host do ("multi", "single", "none": byte-range.mjs).
 */
export async function serve(dir, extra = {}, ranges = "multi", { rereadFiles = false } = {}) {
  const log = [];
  const gzCache = new Map();
  // A file's bytes are read once (again when its size or time changes), as a static host or a
  // CDN answers from memory: reading the 3.6 MB text pack for every range request took this
  // server 4 ms a request under load, on the thread that also drives the browser, and a `single`
  // host's ten excerpt requests waited for each other's reads (RESULTS.md, 2026-12-06 05:xx).
  // `rereadFiles` keeps the old behaviour, to measure that share (ab.mjs --a-rereads).
  const bodies = new Map();
  const read = (file) => {
    if (rereadFiles) return readFileSync(file);
    const st = statSync(file), stamp = `${st.size} ${st.mtimeMs}`;
    const known = bodies.get(file);
    if (known && known.stamp === stamp) return known.body;
    const body = readFileSync(file);
    bodies.set(file, { stamp, body });
    return body;
  };
  const server = createServer((req, res) => {
    const url = new URL(req.url, "http://x");
    if (Object.hasOwn(extra, url.pathname)) {
      res.writeHead(200, { "content-type": TYPES[".html"], "cache-control": "no-store" });
      res.end(extra[url.pathname]);
      return;
    }
    let file = join(dir, decodeURIComponent(url.pathname));
    if (!file.startsWith(dir)) { res.writeHead(403); res.end(); return; }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
    if (!existsSync(file)) { res.writeHead(404); res.end("not found"); log.push({ path: url.pathname, status: 404, raw: 0, gz: 0, sent: 0 }); return; }
    const body = read(file);
    const type = typeOf(file);
    // Byte ranges, as static hosts answer them: of the identity encoding, never gzipped, and
    // logged as the bytes sent (the search index reads its packs so; a page of results asks for
    // its excerpts' chunks in one request of several ranges).
    const ranged = answer(req, body, type, ranges);
    if (ranged.ranged) {
      res.writeHead(ranged.status, { ...ranged.headers, "cache-control": "no-store", "content-length": ranged.out.length });
      res.end(ranged.out);
      const n = ranged.out.length;
      log.push({ path: url.pathname, status: ranged.status, raw: n, gz: n, sent: n });
      return;
    }
    let gz = gzCache.get(file);
    if (!gz) { gz = gzipSync(body, { level: 6 }); gzCache.set(file, gz); }
    const headers = { "content-type": type, "cache-control": "no-store" };
    if (ranges !== "none") headers["accept-ranges"] = "bytes";
    let out = body;
    if (COMPRESSIBLE.test(type) && /\bgzip\b/.test(req.headers["accept-encoding"] || "")) {
      out = gz;
      headers["content-encoding"] = "gzip";
    }
    headers["content-length"] = out.length;
    res.writeHead(200, headers);
    res.end(out);
    log.push({ path: url.pathname, status: 200, raw: body.length, gz: Math.min(gz.length, body.length), sent: out.length });
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return { origin, log, close: () => new Promise((ok) => server.close(ok)) };
}

export const ENGINES = {
  talkarchive: {
    page: "/search/",
    // Query-independent: the script and the files at the index's top (meta.json; probe.bin,
    // which tells the client the kind of host; facets.json, which only the search page's facets
    // fetch). Every file of a subfolder (d/ buckets and a
    // large archive's offsets table, p/ positions, t/ text) depends on the query.
    fixed: (p) => /\/search\.[^/]*js$|\/_search\/[^/]+\.json$|\/_search\/probe\.bin$/.test(p),
    perQuery: (p) => /\/_search\/[^/]+\//.test(p),
    ready: "!!window.talkarchive",
    // Runs in the page: returns [{url, title, excerpt}] of the first `limit` results.
    query: `async (q, limit) => (await window.talkarchive.search(q, { limit })).map((r) => ({ url: r.url, title: r.title, excerpt: r.excerpt }))`,
  },
  pagefind: {
    page: "/pf-bench/",
    fixed: (p) => /\/pagefind\/(pagefind\.js|pagefind-worker\.js|pagefind-entry\.json|wasm\.[^/]*|pagefind\.[^/]*\.pf_meta)$/.test(p),
    perQuery: (p) => /\/pagefind\/(index|fragment|filter)\//.test(p),
    ready: "!!window.pagefind",
    query: `async (q, limit) => {
      const s = await window.pagefind.search(q);
      const list = limit ? s.results.slice(0, limit) : s.results;
      return (await Promise.all(list.map((r) => r.data()))).map((d) => ({ url: d.url, title: d.meta && d.meta.title, excerpt: d.excerpt }));
    }`,
  },
};

// The page Pagefind is driven from: its JS API, loaded as its docs say, and nothing else.
export const PF_PAGE = `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>Pagefind bench</title><link rel="icon" href="data:,">
<script type="module">
const pagefind = await import("/pagefind/pagefind.js");
await pagefind.options({ baseUrl: "/" });
window.pagefind = pagefind;
</script></head><body><main><ul id="bench-results"></ul></main></body></html>`;

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN;
};
export const sum = (xs) => xs.reduce((a, b) => a + b, 0);

export async function launch() {
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

/** Opens the engine's page in a fresh context; resolves when the engine's API is there. */
export async function openPage(browser, server, engine) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  await page.goto(server.origin + engine.page, { waitUntil: "load" });
  await page.waitForFunction(engine.ready);
  await page.evaluate(() => {
    if (!document.getElementById("bench-results")) {
      const ul = document.createElement("ul");
      ul.id = "bench-results";
      document.body.appendChild(ul);
    }
  });
  return { context, page, errors };
}

/** One timed query in the page: search, render the first results, wait for the next frame. */
export async function timedQuery(page, engine, q, limit) {
  return page.evaluate(async ([src, q, limit]) => {
    const run = (0, eval)("(" + src + ")");
    const t0 = performance.now();
    const res = await run(q, limit);
    const ul = document.getElementById("bench-results");
    ul.innerHTML = res.map((r) => `<li><a href="${r.url}">${r.title}</a><p>${r.excerpt}</p></li>`).join("");
    // Rendered: in the DOM, styled and laid out (a forced layout). The next animation frame
    // comes on the display's clock (every 16.7 ms at 60 Hz), whatever the engine did.
    ul.getBoundingClientRect();
    const ms = performance.now() - t0;
    await new Promise((ok) => requestAnimationFrame(() => ok()));
    return { ms, frameMs: performance.now() - t0, n: res.length, urls: res.map((r) => r.url) };
  }, [engine.query, q, limit]);
}

export function bytesOf(log, from, pred) {
  const part = log.slice(from).filter((r) => pred(r.path, r));
  const byDir = {};
  for (const r of part) {
    const d = r.path.replace(/[^/]*$/, "");
    byDir[d] = (byDir[d] || 0) + r.sent;
  }
  return { sent: sum(part.map((r) => r.sent)), gz: sum(part.map((r) => r.gz)), raw: sum(part.map((r) => r.raw)), wire: part.every((r) => r.wire !== undefined) ? sum(part.map((r) => r.wire)) : null, files: part.length, byDir };
}

/** Cold, warm and repeated measurements of one engine over the query set. */
export async function measure(browser, server, engine, queries, { warm = true, settled = false } = {}) {
  const cold = [];
  let fixed = null;
  let pageLoad = null;
  const errors = [];
  for (const { q } of queries) {
    const from = server.log.length;
    const { context, page, errors: e } = await openPage(browser, server, engine);
    // settled: the query of a reader who types it, once the page has fetched what it fetches
    // before a query (settled.mjs); else at the load event, the worst case.
    if (settled) await page.waitForLoadState("networkidle");
    const loaded = server.log.length;
    const r = await timedQuery(page, engine, q, LIMIT);
    await context.close();
    errors.push(...e.map((x) => `${q}: ${x}`));
    const perQuery = bytesOf(server.log, loaded, engine.perQuery);
    cold.push({ q, ms: r.ms, frameMs: r.frameMs, n: r.n, perQuery });
    if (!fixed) {
      fixed = bytesOf(server.log, from, engine.fixed);
      pageLoad = bytesOf(server.log.slice(0, loaded), from, engine.fixed);
      fixed.list = server.log.slice(from).filter((x) => engine.fixed(x.path, x)).map((x) => `${x.path} ${x.sent}`);
    }
  }
  const out = { fixed, pageLoad, cold, errors };
  if (warm) {
    const { context, page } = await openPage(browser, server, engine);
    out.warm = [];
    for (const { q } of queries) {
      const from = server.log.length;
      const first = await timedQuery(page, engine, q, LIMIT);
      const bytes = bytesOf(server.log, from, engine.perQuery);
      const again = [];
      const beforeAgain = server.log.length;
      for (let i = 0; i < 5; i++) again.push(await timedQuery(page, engine, q, LIMIT));
      out.warm.push({
        q, ms: first.ms, frameMs: first.frameMs, perQuery: bytes,
        repeatMs: median(again.map((a) => a.ms)), repeatFrameMs: median(again.map((a) => a.frameMs)),
        repeatBytes: bytesOf(server.log, beforeAgain, () => true).sent,
      });
    }
    await context.close();
  }
  return out;
}

/** Files and bytes of a folder; servedGzipBytes counts JSON, JS and CSS as the server sends them. */
export function dirSize(d) {
  let files = 0, bytes = 0, gz = 0;
  const rec = (p) => {
    if (statSync(p).isDirectory()) { for (const n of readdirSync(p)) rec(join(p, n)); return; }
    files++;
    const b = readFileSync(p);
    bytes += b.length;
    gz += /\.(json|js|css)$/.test(p) ? gzipSync(b).length : b.length;
  };
  rec(d);
  return { files, bytes, servedGzipBytes: gz };
}

/** Files and bytes of each engine's index on disk. */
export function indexSize(ta, pf) {
  return { talkarchive: dirSize(join(ta, "_search")), pagefind: dirSize(join(pf, "pagefind")) };
}

/** p-th quantile by rank, as report.mjs reads it: the element at floor(p * (n - 1)). */
export const quantile = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(p * (s.length - 1))] : NaN;
};

/**
 * The cold figures of measure(): bytes before the first query (the engine's fixed files), bytes
 * per query as sent (median, p90, max), files per query and the query time, over the query set.
 */
export function summarize(m) {
  const sent = m.cold.map((c) => c.perQuery.sent);
  const ms = m.cold.map((c) => c.ms);
  return {
    queries: m.cold.length,
    beforeFirstQuery: m.fixed ? m.fixed.sent : null,
    perQuery: {
      median: median(sent), p90: quantile(sent, 0.9), max: Math.max(...sent),
      medianGz: median(m.cold.map((c) => c.perQuery.gz)), medianRaw: median(m.cold.map((c) => c.perQuery.raw)),
      medianFiles: median(m.cold.map((c) => c.perQuery.files)),
    },
    ms: { median: median(ms), p90: quantile(ms, 0.9) },
    withResults: m.cold.filter((c) => c.n > 0).length,
    errors: m.errors.length,
    firstErrors: m.errors.slice(0, 3),
  };
}
