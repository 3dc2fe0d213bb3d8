//# allFunctionsCalledOnLoad
/* (The line above asks V8 to compile every function of this file when the file loads, off the
 * main thread where the browser streams the script, instead of each on its first call: a
 * reader's first query otherwise pays 3-5 ms compiling the functions on its path. See
 * bench/search/RESULTS.md, runs of 2026-12-04, "Compile hints".) */
/* talkarchive search: runs in the browser on the index built by `talkarchive build`.
 * The index is of character trigrams with positions (see docs/search-index.md), so any substring
 * of a page is found, as Ctrl+F would. Nothing is loaded until the first query, and then only
 * the parts of the index the query needs.
 * API: window.talkarchive.search(query, {limit}) → Promise<[{url, title, kind, excerpt}]>. */
(function () {
  "use strict";
  var script = document.currentScript;
  var BASE = (script && script.dataset.base) || "/";
  var INDEX = (script && script.dataset.index) || BASE + "_search/";
  /* The interface's words, in the site's language: `data-strings` of this script element, made
   * from the site's translation table (i18n/*.toml, the `client_*` strings). */
  var WORDS = (function () {
    try { return JSON.parse((script && script.dataset.strings) || "{}"); } catch (e) { return {}; }
  })();
  /* A string of the table with `{name}` filled from `args`; a `{one, other}` entry takes its form
   * for `args.n`. */
  function word(key, args) {
    var w = WORDS[key], text = w && typeof w === "object" ? (args && args.n === 1 && w.one ? w.one : w.other) : w;
    return String(text === undefined ? key : text).replace(/\{(\w+)\}/g, function (all, name) {
      return args && args[name] !== undefined ? String(args[name]) : all;
    });
  }
  var KIND_LABELS = { talk: word("kind_talk"), speaker: word("kind_speaker"), org: word("kind_org"), trend: word("kind_trend"), event: word("kind_event") };
  var END = "\n", K1 = 1.2;

  var meta = null, metaPromise = null;
  var t2s = {};
  // Every fetched file, by path: a Promise of its decoded form (fetched and decoded once).
  var files = {};
  // Decoded d/ records by key (null: the key is in no document).
  var records = {};

  function get(path, decode) {
    if (!files[path]) {
      var got = files[path] = fetch(INDEX + path).then(function (r) {
        if (!r.ok) throw new Error(path + ": " + r.status);
        if (decode === "bin") return r.arrayBuffer().then(function (b) { return new Uint8Array(b); });
        return decode === "gzip" ? r.arrayBuffer().then(gunzipJson) : r.json();
      });
      // A file that failed to come (the network, a host's hiccup) is asked for again by the
      // next query, not remembered as failed for the rest of the visit.
      got.catch(function () { if (files[path] === got) delete files[path]; });
    }
    return files[path];
  }
  /* JSON the build gzipped (x/ fragments): unpacked here (by inflate.js where the browser has
   * no DecompressionStream), or as it is where something on the way already did. Written to
   * the stream's writer: through Blob.stream() and pipeThrough, ten fragments took 11-27 ms of
   * the main thread in headless Chromium, this way 1-2 ms. */
  function gunzipJson(buffer) {
    var b = new Uint8Array(buffer);
    if (b[0] !== 0x1f || b[1] !== 0x8b) return JSON.parse(decoder.decode(b));
    if (typeof DecompressionStream !== "function") {
      return loadInflate().then(function (gunzip) { return JSON.parse(decoder.decode(gunzip(b))); });
    }
    var ds = new DecompressionStream("gzip"), w = ds.writable.getWriter(), ignore = function () {};
    // A failure shows on the readable side; the writer's promises are not waited for.
    w.write(b).catch(ignore);
    w.close().catch(ignore);
    return new Response(ds.readable).arrayBuffer().then(function (out) { return JSON.parse(decoder.decode(new Uint8Array(out))); });
  }
  /* Where the browser has no DecompressionStream: the theme's own unpacker (inflate.js, whose
   * address the page gives in data-inflate), loaded once, at the first fragment. */
  var inflater = null;
  function loadInflate() {
    if (!inflater) {
      inflater = new Promise(function (resolve, reject) {
        var src = script && script.dataset.inflate;
        if (!src) return reject(new Error("this browser cannot unpack the index's fragments: the page names no inflate.js (data-inflate)"));
        var s = document.createElement("script");
        s.src = src;
        s.onload = function () {
          if (typeof window.talkarchiveGunzip === "function") resolve(window.talkarchiveGunzip);
          else reject(new Error(src + " did not define talkarchiveGunzip"));
        };
        s.onerror = function () { reject(new Error(src + ": failed to load")); };
        document.head.appendChild(s);
      });
      // Asked for again by the next query if it failed to come, as the index's files are.
      var tried = inflater;
      tried.catch(function () { if (inflater === tried) inflater = null; });
    }
    return inflater;
  }
  /* Byte ranges of the index's packs. How the host answers them is learnt before the first
   * query, from two requests for a few bytes of probe.bin made beside meta.json, and remembered
   * for the site (localStorage): "multi", several ranges in one request (a multipart/byteranges
   * answer: nginx, Apache, Caddy, `talkarchive serve`); "single", one range per request (several
   * are answered with the whole file, as S3 and CloudFront do); "none", Range ignored (every
   * file whole, as `python3 -m http.server` does: then the text of results comes from the small
   * x/ fragments instead of the large t/ files). A host that answers otherwise than learnt is
   * still read right: see fetchRanges. */
  var MODE_KEY = "talkarchive-ranges " + INDEX, MODES = ["multi", "single", "none"];
  var rangeMode = (function () {
    try { var m = localStorage.getItem(MODE_KEY); return MODES.indexOf(m) >= 0 ? m : null; } catch (e) { return null; }
  })();
  var modePromise = null;
  function learn(mode) {
    rangeMode = mode;
    try { localStorage.setItem(MODE_KEY, mode); } catch (e) { /* private mode: learnt again */ }
  }
  function probe(range) {
    return fetch(INDEX + "probe.bin", { headers: { Range: range }, cache: "no-store" }).then(function (r) {
      if (!r.ok) throw new Error("probe.bin: " + r.status);
      var type = r.headers.get("content-type") || "";
      return r.arrayBuffer().then(function () {
        return r.status !== 206 ? "none" : /multipart\/byteranges/i.test(type) ? "multi" : "single";
      });
    });
  }
  function learnRanges() {
    if (rangeMode) return Promise.resolve(rangeMode);
    if (!modePromise) {
      modePromise = Promise.all([probe("bytes=0-0,2-2"), probe("bytes=1-1")]).then(function (got) {
        learn(got[0] === "multi" ? "multi" : got[1] === "none" ? "none" : "single");
        return rangeMode;
      }, function () {
        // Unknown (an index without probe.bin, a failed request): one range per request is
        // right on every host; asked again next time.
        modePromise = null;
        rangeMode = rangeMode || "single";
        return rangeMode;
      });
    }
    return modePromise;
  }
  var wholeFiles = {}, NEAR = 4096, MAX_RANGES = 100, PART_HEAD = 128;
  function wholeFile(path) {
    if (!wholeFiles[path]) {
      var got = wholeFiles[path] = get(path, "bin");
      got.catch(function () { if (wholeFiles[path] === got) delete wholeFiles[path]; });
    }
    return wholeFiles[path];
  }
  /* Bytes [start, end) of each of `ranges` of a packed file: a Promise of their Uint8Arrays.
   * Ranges already fetched (or on their way) are not asked for again; those asked for in the
   * same turn go together (getRange). */
  var parts = {};
  function getRanges(path, ranges) {
    return Promise.all(ranges.map(function (r) { return getRange(path, r[0], r[1]); }));
  }
  /* The same, a Promise per range: each comes as soon as its request is answered (a page of
   * results shows its first ones while the host answers the others). */
  function askRanges(path, ranges) {
    var want = [];
    ranges.forEach(function (r) {
      var key = path + "@" + r[0] + "-" + r[1];
      if (r[0] < r[1] && !parts[key] && !want.some(function (w) { return w.key === key; })) want.push({ key: key, r: r });
    });
    if (want.length) {
      var got = fetchEach(path, want.map(function (w) { return w.r; }));
      want.forEach(function (w, i) {
        var part = parts[w.key] = got[i];
        part.catch(function () { if (parts[w.key] === part) delete parts[w.key]; });
      });
    }
    return ranges.map(function (r) {
      return r[0] < r[1] ? parts[path + "@" + r[0] + "-" + r[1]] : Promise.resolve(new Uint8Array(0));
    });
  }
  /* One range of `path`: a Promise of its bytes. The ranges asked for in one turn (a query's
   * keys in the offsets table, the position pages and field lengths of the candidates it checks
   * at once) are asked for together, a file's as the host takes them (askRanges): a request per
   * range made the query 生成式人工智能 156 requests at 50 times the shipped archive on a `multi`
   * host. */
  var soon = null;
  function getRange(path, start, end) {
    return new Promise(function (resolve, reject) {
      if (!soon) { soon = new Map(); Promise.resolve().then(askSoon); }
      if (!soon.has(path)) soon.set(path, []);
      soon.get(path).push({ r: [start, end], resolve: resolve, reject: reject });
    });
  }
  function askSoon() {
    var wants = soon;
    soon = null;
    wants.forEach(function (list, path) {
      // What goes wrong here fails the ranges' Promises (nobody would see it thrown here).
      try {
        var got = askRanges(path, list.map(function (w) { return w.r; }));
        list.forEach(function (w, k) { got[k].then(w.resolve, w.reject); });
      } catch (e) {
        list.forEach(function (w) { w.reject(e); });
      }
    });
  }
  /* `ranges` of `path` as the host answers them, a Promise per range. Where a request takes one
   * range, a request per range, ranges less than NEAR bytes apart asked for as one (a request
   * costs the browser 2-3 ms, which NEAR bytes do not), in the order of `ranges`: the browser
   * sends six requests to a host at a time over HTTP/1.1, so the first ranges asked for (a
   * page's first results) come first. */
  function fetchEach(path, ranges) {
    if (ranges.length > 1 && rangeMode !== "multi" && rangeMode !== "none" && !wholeFiles[path]) {
      var groups = ranges.map(function (r, i) { return { r: r, i: i }; }).sort(function (x, y) { return x.r[0] - y.r[0]; });
      var runs = [];
      groups.forEach(function (g) {
        var last = runs[runs.length - 1];
        if (last && g.r[0] <= last.span[1] + NEAR) { last.span[1] = Math.max(last.span[1], g.r[1]); last.members.push(g); }
        else runs.push({ span: [g.r[0], g.r[1]], members: [g] });
      });
      var out = new Array(ranges.length);
      var first = function (run) { return Math.min.apply(null, run.members.map(function (g) { return g.i; })); };
      runs.sort(function (x, y) { return first(x) - first(y); }).forEach(function (run) {
        var one = fetchRanges(path, [run.span]);
        run.members.forEach(function (g) {
          out[g.i] = one.then(function (bytes) { return bytes[0].subarray(g.r[0] - run.span[0], g.r[1] - run.span[0]); });
        });
      });
      return out;
    }
    var all = fetchRanges(path, ranges);
    return ranges.map(function (_, i) { return all.then(function (got) { return got[i]; }); });
  }
  /* One request for `ranges` (sorted; those less than PART_HEAD bytes apart joined, as a
   * multipart answer's part headers cost about that much), as the host answers them: a Promise
   * of them all. */
  function fetchRanges(path, ranges) {
    if (rangeMode === "none" || wholeFiles[path]) return wholeFile(path).then(function (b) { return slices([{ start: 0, bytes: b }], ranges); });
    if (ranges.length > 1 && rangeMode !== "multi") return Promise.all(fetchEach(path, ranges));
    var asked = ranges.slice().sort(function (x, y) { return x[0] - y[0]; }).reduce(function (out, r) {
      var last = out[out.length - 1];
      if (last && r[0] <= last[1] + PART_HEAD) last[1] = Math.max(last[1], r[1]); else out.push([r[0], r[1]]);
      return out;
    }, []);
    if (asked.length > MAX_RANGES) {
      // Servers answer too many ranges with the whole file (Apache past 200, `talkarchive serve`
      // past 256): ask for them in several requests instead.
      var batches = [];
      for (var g = 0; g < ranges.length; g += MAX_RANGES) batches.push(fetchRanges(path, ranges.slice(g, g + MAX_RANGES)));
      return Promise.all(batches).then(function (all) { return [].concat.apply([], all); });
    }
    var stop = typeof AbortController === "function" ? new AbortController() : null;
    return fetch(INDEX + path, {
      headers: { Range: "bytes=" + asked.map(function (r) { return r[0] + "-" + (r[1] - 1); }).join(",") },
      // Past the HTTP cache: Chromium's cache lets one request at a time at a URL, so ranges
      // of one file asked for at once waited for each other (a first query on a host that
      // answers one range per request took 290 ms instead of 40).
      cache: "no-store",
      signal: stop && stop.signal
    }).then(function (res) {
      if (!res.ok) throw new Error(path + ": " + res.status);
      if (res.status !== 206 && asked.length > 1) {
        // Several ranges answered with the whole file: stop it, ask for them one by one.
        if (stop) stop.abort();
        learn("single");
        return fetchRanges(path, ranges);
      }
      if (res.status !== 206) {
        learn("none");
        wholeFiles[path] = res.arrayBuffer().then(function (b) { return new Uint8Array(b); });
        return fetchRanges(path, ranges);
      }
      var type = res.headers.get("content-type") || "";
      var boundary = /^\s*multipart\/byteranges\s*;.*boundary\s*=\s*"?([^";]+)"?/i.exec(type);
      var single = /bytes\s+(\d+)-\d+\//i.exec(res.headers.get("content-range") || "");
      return res.arrayBuffer().then(function (b) {
        var bytes = new Uint8Array(b);
        var got = boundary ? multipartRanges(bytes, boundary[1]) : [{ start: single ? Number(single[1]) : asked[0][0], bytes: bytes }];
        var out = slices(got, ranges);
        // A range the answer lacks (a host may join or drop ranges) is asked for on its own.
        var lacking = ranges.filter(function (_, i) { return !out[i]; });
        if (!lacking.length) return out;
        if (ranges.length === 1) throw new Error(path + ": the answer lacks bytes " + ranges[0].join("-"));
        return Promise.all(lacking.map(function (r) { return fetchRanges(path, [r]); })).then(function (more) {
          var j = 0;
          return out.map(function (x) { return x || more[j++][0]; });
        });
      });
    });
  }
  /* Each of `ranges` sliced from the part of `got` ({start, bytes}) that holds it, or null. */
  function slices(got, ranges) {
    return ranges.map(function (r) {
      for (var i = 0; i < got.length; i++) {
        var g = got[i];
        if (g.start <= r[0] && r[1] <= g.start + g.bytes.length) return g.bytes.subarray(r[0] - g.start, r[1] - g.start);
      }
      return null;
    });
  }
  /* The parts of a multipart/byteranges body: [{start, bytes}], each by its Content-Range. */
  function multipartRanges(bytes, boundary) {
    var out = [], delimiter = encoder.encode("--" + boundary), blank = encoder.encode("\r\n\r\n");
    var at = find(bytes, delimiter, 0);
    while (at >= 0) {
      var head = at + delimiter.length, headEnd = find(bytes, blank, head);
      if ((bytes[head] === 45 && bytes[head + 1] === 45) || headEnd < 0) break;
      var range = /content-range\s*:\s*bytes\s+(\d+)-(\d+)\//i.exec(decoder.decode(bytes.subarray(head, headEnd)));
      var body = headEnd + blank.length;
      if (range) {
        var end = body + Number(range[2]) - Number(range[1]) + 1;
        out.push({ start: Number(range[1]), bytes: bytes.subarray(body, end) });
        body = end;
      }
      at = find(bytes, delimiter, body);
    }
    return out;
  }
  function find(bytes, needle, from) {
    outer: for (var i = from; i + needle.length <= bytes.length; i++) {
      for (var j = 0; j < needle.length; j++) if (bytes[i + j] !== needle[j]) continue outer;
      return i;
    }
    return -1;
  }
  /* Fetches meta.json ahead of the first query where a search is about to be typed (the search
   * page, a focused search box); a failure is left for the query to report. */
  function preload() {
    loadMeta().catch(function () { /* the query reports it */ });
  }
  function loadMeta() {
    if (metaPromise) return metaPromise;
    metaPromise = Promise.all([get("meta.json"), learnRanges()]).then(function (got) {
      var m = got[0];
      var n = m.docs, packs = m.packBytes.length;
      // packBase[p]: where pack p starts in its text file, t/<batch>.<part>.bin (a batch of
      // filePacks packs cut into files by bytes, see text_packs.rs). In f/lens.bin (tables.rs,
      // fields_file), lenAt[p]: where its documents' field lengths are in the first part (every
      // pack's lengths), blockAt[p]: where its block is in the second (its lengths again, then
      // its documents' forms). The field lengths themselves (ends, lens, firstChunk, textAt,
      // head, width) are filled a pack at a time, when a query needs them (needFields).
      var packBase = new Float64Array(packs), lenAt = new Float64Array(packs + 1), blockAt = new Float64Array(packs + 1);
      for (var p = 0; p < packs; p++) {
        if (p % m.filePacks && m.packPart[p] === m.packPart[p - 1]) packBase[p] = packBase[p - 1] + m.packBytes[p - 1];
        lenAt[p + 1] = lenAt[p] + m.lenBytes[p];
      }
      blockAt[0] = lenAt[packs];
      for (p = 0; p < packs; p++) blockAt[p + 1] = blockAt[p] + m.lenBytes[p] + m.formBytes[p];
      m.packBase = packBase;
      m.lenAt = lenAt;
      m.blockAt = blockAt;
      m.ends = new Int32Array(n * 5);
      m.lens = new Float64Array(n);
      m.firstChunk = new Int32Array(n);
      m.textAt = new Float64Array(n);
      m.head = new Int32Array(n);
      m.width = new Uint8Array(n);
      m.packFields = {};
      m.packForms = {};
      var pairs = Array.from(m.t2s);
      for (var j = 0; j + 1 < pairs.length; j += 2) t2s[pairs[j]] = pairs[j + 1];
      // The d/ packs' layout (bucket_packs.rs): packs per partition and, when the table is
      // small, every bucket's size, from which d/offsets.bin is rebuilt: per pack, where each
      // slot starts and where the last ends (never where packs begin with their offsets:
      // packHead).
      m.packsPerPart = Math.ceil(Math.max(1, m.buckets / m.parts) / m.bucketPack);
      m.offsets = null;
      if (m.bucketSizes) {
        var Q = m.bucketPack, table = new Uint32Array(m.bucketSizes.length / Q * (Q + 1)), t = 0;
        for (var s = 0; s < m.bucketSizes.length; s += Q) {
          var start = 0;
          for (var q = 0; q < Q; q++) { table[t++] = start; start += m.bucketSizes[s + q]; }
          table[t++] = start;
        }
        m.offsets = table;
      }
      // The forms typed whose names have a file of their own (n/<k>.bin), by form; nameFileHas:
      // those whose own documents are in it (the others are pinyin, looked for as text after).
      m.nameFile = Object.create(null);
      m.nameFileHas = Object.create(null);
      (m.nameFiles || []).forEach(function (keys, k) {
        keys.forEach(function (list, i) {
          list.split(" ").filter(Boolean).forEach(function (key) { m.nameFile[key] = k; if (i === 0) m.nameFileHas[key] = true; });
        });
      });
      meta = m;
      // A small archive's field lengths come with meta.json: every pack is filled at once.
      if (m.fieldLens) {
        var done = Promise.resolve();
        for (var f = 0; f < packs; f++) {
          var next = numbers(m.fieldLens, f);
          fillLengths(f, next);
          fillForms(f, next);
          m.packFields[f] = m.packForms[f] = done;
        }
      }
      return m;
    });
    // Failed (meta.json or the probe did not come): the next query tries again.
    var got = metaPromise;
    got.catch(function () { if (metaPromise === got) metaPromise = null; });
    return metaPromise;
  }

  /* The numbers of text pack p's block in f/lens.json (or meta.json's fieldLens), one after
   * the other: the blocks are the packs', in order, of six numbers per document. */
  function numbers(all, p) {
    var i = 6 * p * meta.pack;
    return function () { return all[i++]; };
  }
  /* Fills meta.ends, lens and firstChunk for the documents of text pack p from their five field
   * lengths each (`next` gives them in turn). */
  function fillLengths(p, next) {
    var m = meta, chunk = 0, from = p * m.pack, to = Math.min(m.docs, from + m.pack);
    for (var d = from; d < to; d++) {
      var at = 0;
      for (var i = 0; i < 5; i++) { at += next(); m.ends[d * 5 + i] = at; at += 1; }
      m.lens[d] = at - 1;
      m.firstChunk[d] = chunk;
      chunk += Math.ceil(m.lens[d] / m.chunk);
    }
  }
  /* Fills meta.head, width and textAt for the documents of pack p, whose lengths are filled,
   * from their forms, head * 8 + width (text_packs.rs: each chunk a header of `head` bytes, then
   * its characters of `width` bytes each). */
  function fillForms(p, next) {
    var m = meta, byte = m.packBase[p], from = p * m.pack, to = Math.min(m.docs, from + m.pack);
    for (var d = from; d < to; d++) {
      var form = next();
      m.head[d] = Math.floor(form / 8);
      m.width[d] = form % 8;
      m.textAt[d] = byte;
      byte += Math.ceil(m.lens[d] / m.chunk) * m.head[d] + m.width[d] * m.lens[d];
    }
  }
  /* table[p] = got, until got fails (then asked again by the next query that needs it). */
  function keepPart(table, p, got) {
    table[p] = got;
    got.catch(function () { if (table[p] === got) delete table[p]; });
  }
  /* On a host that sends whole files: every pack's field lengths and forms, from f/lens.json
   * (one file), for the packs that do not have them or have them on the way. */
  function wholeFields() {
    var m = meta, whole = null;
    for (var q = 0; q < m.packBytes.length; q++) {
      if (m.packFields[q] && m.packForms[q]) continue;
      whole = whole || get("f/lens.json").then(function (all) {
        for (var p = 0; p < m.packBytes.length; p++) {
          var next = numbers(all, p);
          fillLengths(p, next);
          fillForms(p, next);
        }
      });
      if (!m.packFields[q]) keepPart(m.packFields, q, whole);
      if (!m.packForms[q]) keepPart(m.packForms, q, whole);
    }
  }
  /* The field lengths of documents `docs` loaded, and with `forms` how their text is stored in
   * t/: from f/lens.bin, a range of the lengths part per text pack whose lengths alone are
   * needed (neighbouring packs' are one), a range of the blocks part for one that needs both
   * (or its forms alone); or f/lens.json whole (gzipped) on a host that ignores ranges. */
  function needFields(docs, forms) {
    var m = meta, lengths = [], both = [], formsOnly = [];
    docs.forEach(function (d) {
      var p = Math.floor(d / m.pack);
      if (lengths.indexOf(p) >= 0 || both.indexOf(p) >= 0 || formsOnly.indexOf(p) >= 0) return;
      if (!m.packFields[p]) (forms && !m.packForms[p] ? both : lengths).push(p);
      else if (forms && !m.packForms[p]) formsOnly.push(p);
    });
    if (lengths.length || both.length || formsOnly.length) {
      if (rangeMode === "none") wholeFields();
      else {
        var ranges = lengths.map(function (p) { return [m.lenAt[p], m.lenAt[p + 1]]; })
          .concat(both.map(function (p) { return [m.blockAt[p], m.blockAt[p + 1]]; }))
          .concat(formsOnly.map(function (p) { return [m.blockAt[p] + m.lenBytes[p], m.blockAt[p + 1]]; }));
        var got = getRanges("f/lens.bin", ranges).then(function (all) {
          lengths.concat(both).forEach(function (p, i) {
            var v = new Reader(all[i], 0), next = function () { return v.u(); };
            fillLengths(p, next);
            if (i >= lengths.length) fillForms(p, next);
          });
          return all;
        });
        lengths.concat(both).forEach(function (p) { keepPart(m.packFields, p, got); });
        both.forEach(function (p) { keepPart(m.packForms, p, got); });
        // A pack's forms are read once its lengths are in (an earlier request may bring them).
        formsOnly.forEach(function (p, i) {
          keepPart(m.packForms, p, Promise.all([got, m.packFields[p]]).then(function (r) {
            var v = new Reader(r[0][lengths.length + both.length + i], 0);
            fillForms(p, function () { return v.u(); });
          }));
        });
      }
    }
    return Promise.all(docs.map(function (d) {
      var p = Math.floor(d / m.pack);
      return forms ? m.packForms[p] : m.packFields[p];
    }));
  }

  /* FNV-1a over code points, as bucket_of in src/search/mod.rs. */
  function bucketOf(key, n) {
    var h = 2166136261;
    for (var i = 0; i < key.length; i++) {
      var c = key.codePointAt(i);
      if (c > 0xffff) i++;
      h = Math.imul(h ^ c, 16777619) >>> 0;
    }
    return h % n;
  }

  /* Folding: the same rules as src/search/normalize.rs, one character to one character. The
   * traditional → simplified pairs of the archive's characters come with meta.json. */
  function isCjkPunct(code) {
    return (code >= 0x3000 && code <= 0x303f) || (code >= 0x2000 && code <= 0x206f) ||
      (code >= 0xff00 && code <= 0xff0f) || (code >= 0xff1a && code <= 0xff20) ||
      (code >= 0xff3b && code <= 0xff40) || (code >= 0xff5b && code <= 0xff65) ||
      (code >= 0xfe30 && code <= 0xfe4f) || code === 0xb7;
  }
  function foldChar(c) {
    var code = c.codePointAt(0);
    if (code < 128) {
      if (/[A-Za-z0-9]/.test(c)) return c.toLowerCase();
      if (/[\s!-\/:-@\[-`{-~]/.test(c)) return " ";
      return c;
    }
    if (t2s[c]) return t2s[c];
    var n = c.normalize("NFKC");
    if (Array.from(n).length === 1) c = n;
    if (c.codePointAt(0) < 128) return foldChar(c);
    code = c.codePointAt(0);
    if (isCjkPunct(code) || /\s/.test(c)) return " ";
    var l = c.toLowerCase();
    return Array.from(l).length === 1 ? l : c;
  }
  function fold(s) {
    return Array.from(s).map(foldChar).join("").split(" ").filter(Boolean).join(" ");
  }

  /* Names: a query for a name also finds its other forms (misspellings, English); pinyin and
   * initials find the name. The forms of each typed form are precomputed, in the d/ bucket of
   * its first key (which the query fetches anyway) under the key "\u0001" + form, each with the
   * documents that have it (see names.rs): their candidates need no other request. A large
   * name's forms are in a file of their own instead (n/, see nameFileForms). A form of several
   * words (a glossary term's "scaling law") is keyed without its spaces (`key`). */
  function expand(term, key) {
    key = key || term;
    if (key.indexOf(" ") >= 0 || Array.from(key).length < 2) return Promise.resolve([term]);
    var file = meta.nameFile[key];
    var listed = file !== undefined ? nameFileForms(file, key) : bucket(pieces(key)[0].key).then(function (bytes) {
      var at = findBody(bytes, "\u0001" + key), list = [];
      if (!at) return list;
      var v = new Reader(bytes, at[0]);
      while (v.pos < at[1]) list.push(readForm(bytes, v));
      return list;
    });
    return listed.then(function (list) {
      var forms = [term];
      list.forEach(function (f) {
        if (!candidateCache[f.form]) candidateCache[f.form] = Promise.resolve({ form: f.form, pieces: pieces(f.form), recs: [], docs: f.docs });
        if (f.form !== term) forms.push(f.form);
      });
      return forms;
    });
  }
  /* A form and its documents, as a name record (or a name file) lists them. */
  function readForm(bytes, v) {
    var len = v.u(), form = decoder.decode(bytes.subarray(v.pos, v.pos + len));
    v.pos += len;
    var n = v.u(), docs = new Map(), d = 0;
    for (var i = 0; i < n; i++) {
      d += v.u();
      var tfw = v.u(), first = v.u();
      docs.set(d, { ub: tfw, exact: true, tfw: tfw, at: first });
    }
    return { form: form, docs: docs };
  }
  /* A large name's forms are in a file of their own, n/<k>.bin (name_files.rs): its forms with
   * their documents once, then for each form typed the forms it looks for, by number. Fetched
   * whole on every host (asked for again by the next query if it failed); read again for each
   * query (its documents' maps are the query's). */
  function nameFileForms(k, key) {
    var path = "n/" + k + ".bin";
    return get(path, "bin").then(function (bytes) {
      var v = new Reader(bytes, 0), table = [];
      for (var n = v.u(), i = 0; i < n; i++) table.push(readForm(bytes, v));
      for (var m = v.u(), j = 0; j < m; j++) {
        var len = v.u(), typed = decoder.decode(bytes.subarray(v.pos, v.pos + len));
        v.pos += len;
        var list = [];
        for (var c = v.u(), x = 0; x < c; x++) list.push(table[v.u()]);
        if (typed === key) return list;
      }
      return [];
    });
  }

  /* English words: a plural or a long -ing form also finds its stem, so `models` finds "model"
   * and `companies` finds "company" (the index finds any substring, so the stem finds every form
   * of the word). The typed form still ranks first. Not for names or short words. */
  function latinStem(w) {
    if (!/^[a-z]{4,}$/.test(w)) return null;
    if (/ies$/.test(w) && w.length > 4) return w.slice(0, -3) + "y";
    if (/ing$/.test(w) && w.length >= 8) {
      var s = w.slice(0, -3);
      return /([b-df-hj-np-tv-z])\1$/.test(s) ? s.slice(0, -1) : s;
    }
    if (/(ss|us|is)$/.test(w)) return null;
    if (/(sh|ch|x|z)es$/.test(w)) return w.slice(0, -2);
    if (/s$/.test(w)) return w.slice(0, -1);
    return null;
  }
  function withStem(word, forms) {
    var stem = latinStem(word);
    return stem && forms.indexOf(stem) < 0 ? forms.concat([stem]) : forms;
  }
  /* Whole words: the documents that have a Latin word of the query as a whole word or as a form
   * of it (`model`: model, models, modeling; not remodel), which rank above those that have it
   * only inside a longer word. Recorded at build time under "\u0002" + the word's stem, in the
   * bucket of the stem's first key, which the query fetches anyway (src/search/words.rs). null
   * for what is no Latin word (Chinese, a phrase): its pages rank as before. */
  function wordKey(w) {
    if (!/^[a-z0-9]{2,40}$/.test(w) || !/[a-z]/.test(w)) return null;
    return latinStem(w) || w;
  }
  var wholeCache = {};
  function wholeDocs(w) {
    var k = wordKey(w);
    if (k === null) return Promise.resolve(null);
    if (!wholeCache[k]) wholeCache[k] = bucket(pieces(k)[0].key).then(function (bytes) {
      var at = findBody(bytes, "\u0002" + k), docs = new Set();
      if (!at) return docs;
      var v = new Reader(bytes, at[0]), n = v.u(), d = 0;
      for (var i = 0; i < n; i++) { d += v.u(); docs.add(d); }
      return docs;
    }, function (e) { delete wholeCache[k]; throw e; });
    return wholeCache[k];
  }

  /* ---------- d/ records: the documents that have a key, with weighted counts ---------- */
  var encoder = new TextEncoder(), decoder = new TextDecoder();
  /* Where bucket b is: its pack and byte range, from d/offsets.bin (see bucket_packs.rs). A small
   * table (the shipped archive's) is rebuilt from meta.json; a large one is read 8 bytes at a
   * time, or, on a host that sends only whole files, from the head of the pack it fetches anyway
   * where the packs have one (packHead), not from the whole table. */
  function bucketRange(b) {
    var Q = meta.bucketPack, parts = meta.parts;
    var q = Math.floor(b / parts), k = (b % parts) * meta.packsPerPart + Math.floor(q / Q), e = k * (Q + 1) + q % Q;
    var path = "d/" + k + ".bin";
    if (meta.offsets) return Promise.resolve({ path: path, start: meta.offsets[e], end: meta.offsets[e + 1] });
    if (meta.packHead && rangeMode === "none") {
      return wholeFile(path).then(function (pack) {
        var v = new DataView(pack.buffer, pack.byteOffset, pack.byteLength), at = 4 * (q % Q);
        return { path: path, start: v.getUint32(at, true), end: v.getUint32(at + 4, true) };
      });
    }
    return getRange("d/offsets.bin", 4 * e, 4 * e + 8).then(function (t) {
      var v = new DataView(t.buffer, t.byteOffset, 8);
      return { path: path, start: v.getUint32(0, true), end: v.getUint32(4, true) };
    });
  }
  function bucket(key) {
    return bucketRange(bucketOf(key, meta.buckets)).then(function (r) { return getRange(r.path, r.start, r.end); });
  }
  function record(key) {
    if (key in records) return Promise.resolve(records[key]);
    return bucket(key).then(function (bytes) {
      if (!(key in records)) records[key] = parseRecord(bytes, key);
      return records[key];
    });
  }
  /* Unsigned LEB128 varints from `pos` on: v.u() reads the next one. An object with a method,
   * not a closure with a property, and a one-byte varint without a loop: decoding records is the
   * client's hottest loop. */
  function Reader(bytes, pos) { this.b = bytes; this.pos = pos; }
  Reader.prototype.u = function () {
    var b = this.b, p = this.pos, c = b[p++];
    if (c < 0x80) { this.pos = p; return c; }
    var x = c & 0x7f, mul = 128;
    do { c = b[p++]; x += (c & 0x7f) * mul; mul *= 128; } while (c & 0x80);
    this.pos = p;
    return x;
  };
  /* A key as its record names it (records.rs, key_bytes): a character in one byte (ASCII), two
   * (U+2000 to U+9EFF) or four (0xff, its code point in three bytes). Name forms and words
   * ("\u0001…", "\u0002…") are named in UTF-8. */
  function keyBytes(key) {
    if (key.charCodeAt(0) < 3) return encoder.encode(key);
    var out = [];
    Array.from(key).forEach(function (ch) {
      var c = ch.codePointAt(0);
      if (c < 0x80) out.push(c);
      else if (c >= 0x2000 && c < 0x9f00) out.push(0x80 + ((c - 0x2000) >> 8), (c - 0x2000) & 0xff);
      else out.push(0xff, (c >> 16) & 0xff, (c >> 8) & 0xff, c & 0xff);
    });
    return out;
  }
  /* [start, end] of the body of `key`'s record in a bucket, or null. */
  function findBody(bytes, key) {
    var want = keyBytes(key), v = new Reader(bytes, 0);
    while (v.pos < bytes.length) {
      var klen = v.u(), kstart = v.pos, same = klen === want.length;
      for (var i = 0; same && i < klen; i++) same = bytes[kstart + i] === want[i];
      v.pos += klen;
      var blen = v.u();
      if (same) return [v.pos, v.pos + blen];
      v.pos += blen;
    }
    return null;
  }
  function parseRecord(bytes, key) {
    var at = findBody(bytes, key);
    if (!at) return null;
    var v = new Reader(bytes, at[0]), i;
    // Documents × 2, + 1 if the positions are in pages, then how many pages.
    var head = v.u(), n = Math.floor(head / 2), npages = head & 1 ? v.u() : 0;
    var pages = new Int32Array(npages), pageBytes = new Int32Array(npages), acc = 0;
    for (i = 0; i < npages; i++) { acc += v.u(); pages[i] = acc; pageBytes[i] = v.u(); }
    // A trigram without pages has its positions inline, after the documents, and a document's
    // first position is one of them (records.rs, write_inline_positions).
    var inline = !npages && Array.from(key).length === 3;
    var docs = new Int32Array(n), tfw = new Int32Array(n), first = new Int32Array(n);
    // A trigram with pages: its weighted count × 2, + 1 if an occurrence is outside the body.
    var outside = npages ? new Uint8Array(n) : null;
    acc = 0;
    for (i = 0; i < n; i++) {
      acc += v.u();
      docs[i] = acc;
      var w = v.u();
      if (outside) { tfw[i] = Math.floor(w / 2); outside[i] = w % 2; } else tfw[i] = w;
      if (!inline) first[i] = v.u();
    }
    var rec = { key: key, n: n, docs: docs, tfw: tfw, at: first, pages: pages, pageBytes: pageBytes, inline: null, outside: outside };
    if (inline) {
      // Document i's positions are pos[off[i]] up to pos[off[i + 1]].
      var off = new Int32Array(n + 1), all = [];
      for (i = 0; i < n; i++) {
        // Positions × 2, + 1 if the first position is not the first of them, then which it is.
        var counted = v.u(), which = counted & 1 ? v.u() : 0, count = Math.floor(counted / 2), p = 0;
        off[i] = all.length;
        for (var j = 0; j < count; j++) { p += v.u(); all.push(p); }
        first[i] = all[off[i] + which];
      }
      off[n] = all.length;
      rec.inline = { pos: Int32Array.from(all), off: off };
    }
    return rec;
  }
  function readPositions(v) {
    var count = v.u(), out = new Int32Array(count), p = 0;
    for (var j = 0; j < count; j++) { p += v.u(); out[j] = p; }
    return out;
  }
  /* Page i of a record's positions: Map(doc → positions). Pages are pageFile to a p/ file, one
   * after the other; the record gives each page's bytes, so a page is one range of its file
   * (the whole file where the host ignores ranges: file_sizes.rs, pages_per_file). */
  var pages = {};
  function page(rec, i) {
    var hex = Array.from(encoder.encode(rec.key), function (b) { return (b < 16 ? "0" : "") + b.toString(16); }).join("");
    var per = meta.pageFile, f = Math.floor(i / per), start = 0;
    for (var j = f * per; j < i; j++) start += rec.pageBytes[j];
    var path = "p/" + hex + "." + f + ".bin", id = path + "@" + start;
    if (!pages[id]) pages[id] = getRange(path, start, start + rec.pageBytes[i]).then(function (bytes) {
      var v = new Reader(bytes, 0), out = new Map(), doc = 0;
      while (v.pos < bytes.length) { doc += v.u(); out.set(doc, readPositions(v)); }
      return out;
    });
    return pages[id];
  }
  /* The positions of `rec`'s key in its i-th document. */
  function positions(rec, i) {
    if (rec.inline) return Promise.resolve(rec.inline.pos.subarray(rec.inline.off[i], rec.inline.off[i + 1]));
    var doc = rec.docs[i], lo = 0, hi = rec.pages.length - 1;
    while (lo < hi) { var mid = (lo + hi + 1) >> 1; if (rec.pages[mid] <= doc) lo = mid; else hi = mid - 1; }
    return page(rec, lo).then(function (m) { return m.get(doc); });
  }
  function indexOf(sorted, x) {
    var lo = 0, hi = sorted.length - 1;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (sorted[mid] === x) return mid;
      if (sorted[mid] < x) lo = mid + 1; else hi = mid - 1;
    }
    return -1;
  }

  /* ---------- one form (folded text, may hold spaces): candidates, then checked ---------- */
  /* A form of one, two or three characters is one key, exact. A longer form is the trigrams at
   * offsets 0, 3, 6… and L-3: they cover every character, so a place where each is at its
   * offset is a place the form occurs. */
  function pieces(form) {
    var chars = Array.from(form), L = chars.length, out = [];
    if (L <= 3) return [{ o: 0, key: form }];
    for (var o = 0; o <= L - 3; o += 3) out.push(o);
    if (out[out.length - 1] !== L - 3) out.push(L - 3);
    return out.map(function (o) { return { o: o, key: chars[o] + chars[o + 1] + chars[o + 2] }; });
  }
  /* Map(doc → {ub, exact, tfw, at}) for a form: documents that have all its pieces; one piece
   * is exact already, several must be checked by position (check()). */
  var candidateCache = {};
  function candidates(form) {
    if (!candidateCache[form]) candidateCache[form] = findCandidates(form);
    return candidateCache[form];
  }
  function findCandidates(form) {
    var ps = pieces(form);
    return Promise.all(ps.map(function (p) { return record(p.key); })).then(function (recs) {
      var out = new Map();
      if (recs.some(function (r) { return !r; })) return { form: form, pieces: ps, recs: recs, docs: out };
      if (recs.length === 1) {
        var r = recs[0];
        for (var i = 0; i < r.n; i++) out.set(r.docs[i], { ub: r.tfw[i], exact: true, tfw: r.tfw[i], at: r.at[i] });
        return { form: form, pieces: ps, recs: recs, docs: out };
      }
      // Intersection, driven by the shortest list; other lists by binary search.
      var order = recs.map(function (_, k) { return k; }).sort(function (x, y) { return recs[x].n - recs[y].n; });
      var first = recs[order[0]];
      for (var j = 0; j < first.n; j++) {
        var d = first.docs[j], idx = new Int32Array(recs.length), ub = Infinity, ok = true;
        for (var k = 0; k < recs.length && ok; k++) {
          var rk = recs[k], at = rk === first ? j : indexOf(rk.docs, d);
          if (at < 0) ok = false; else { idx[k] = at; if (rk.tfw[at] < ub) ub = rk.tfw[at]; }
        }
        if (ok) out.set(d, { ub: ub, exact: false, idx: idx });
      }
      return { form: form, pieces: ps, recs: recs, docs: out };
    });
  }
  function fieldOf(d, p) {
    for (var f = 0; f < 5; f++) if (p < meta.ends[d * 5 + f]) return f;
    return 4;
  }
  function bodyStart(d) { return meta.ends[d * 5 + 3] + 1; }
  /* What an occurrence in field f of document d is worth, as field_weight in doc_index.rs: its
   * field's weight in weight units, and in a body longer than the reference that weight scaled
   * down by the body's length (at least 1). */
  function fieldWeight(f, d) {
    var w = meta.weights[f] * meta.weightUnit;
    if (f < 4) return w;
    var body = meta.ends[d * 5 + 4] - bodyStart(d);
    return Math.max(1, Math.floor(w * meta.bodyReference / Math.max(body, meta.bodyReference)));
  }
  /* Whether every occurrence of a trigram's record in its i-th document is in the body: a record
   * with pages says so (records.rs, all_in_body); inline positions tell it by the same rule. An
   * occurrence in the body weighs at most the body's weight, one in any other field more; the
   * record's first position is the first in the body if there is one, else the first. Then each
   * occurrence weighs the same, the record's count over its positions, and a form checked by
   * this key's positions needs no field lengths. */
  function bodyOnly(rec, i) {
    if (rec.outside) return !rec.outside[i];
    if (!rec.inline) return false;
    var list = rec.inline.pos.subarray(rec.inline.off[i], rec.inline.off[i + 1]);
    return list.length > 0 && list[0] === rec.at[i] && rec.tfw[i] <= meta.weights[4] * meta.weightUnit * list.length;
  }
  /* Checks one candidate of a form of several pieces by positions: sets tfw and at, exact. The
   * document's field lengths are asked for with the positions, unless a piece's record already
   * shows that all its occurrences there are in the body (bodyOnly), which needs no lengths. */
  function check(c, d) {
    var cand = c.docs.get(d);
    if (cand.exact) return Promise.resolve();
    if (cand.pending) return cand.pending;
    // A piece all of whose occurrences are in the body: each match weighs what they weigh.
    var only = -1;
    for (var q = 0; q < c.recs.length && only < 0; q++) if (bodyOnly(c.recs[q], cand.idx[q])) only = q;
    var wants = c.recs.map(function (r, k) { return positions(r, cand.idx[k]); });
    cand.pending = Promise.all(only >= 0 ? wants : wants.concat([needFields([d])])).then(function (lists) {
      if (only < 0) lists.pop();
      var each = only >= 0 ? c.recs[only].tfw[cand.idx[only]] / lists[only].length : 0;
      var first = lists[0], o0 = c.pieces[0].o, tfw = 0, at = -1, atBody = -1, bs = each ? 0 : bodyStart(d);
      for (var s = 0; s < first.length; s++) {
        var p = first[s] - o0, ok = true;
        for (var k = 1; k < lists.length && ok; k++) ok = indexOf(lists[k], p + c.pieces[k].o) >= 0;
        if (!ok) continue;
        tfw += each || fieldWeight(fieldOf(d, p), d);
        if (at < 0) at = p;
        if (atBody < 0 && p >= bs) atBody = p;
      }
      cand.exact = true;
      cand.tfw = tfw;
      cand.ub = tfw;
      cand.at = atBody >= 0 ? atBody : at;
    });
    return cand.pending;
  }

  /* ---------- the whole query ---------- */
  function bm25(tfw) {
    if (!tfw) return 0;
    // The body's length is in its occurrences' weights already (fieldWeight): what is left is
    // the saturation of BM25's k1, in weight units.
    var norm = K1 * meta.weightUnit;
    return tfw * (K1 + 1) / (tfw + norm);
  }
  /* Ranks the documents for `terms` (each a list of forms, the typed form first; `wholes`, per
   * term, the documents that have it as a whole word, or null). With `limit`,
   * only as many candidates are checked by position as it takes to know the first `limit`: a
   * candidate's bound (its pieces' smallest count) is never below its real count, so once
   * `limit` checked results rank above every unchecked bound, the order of those is final. */
  function rankTerms(terms, forms, limit, wholes) {
    return Promise.all(forms.map(function (fs) { return Promise.all(fs.map(candidates)); })).then(function (perTerm) {
      var N = meta.docs, idf = [], table = new Map();
      perTerm.forEach(function (cs, t) {
        var withTerm = new Set();
        cs.forEach(function (c) { c.docs.forEach(function (_, d) { withTerm.add(d); }); });
        idf.push(Math.log(1 + (N - withTerm.size + 0.5) / (withTerm.size + 0.5)));
        withTerm.forEach(function (d) {
          var row = table.get(d);
          if (!row) table.set(d, row = { doc: d });
        });
      });
      // A document's key from what is known; `bound`: unchecked candidates at their bound.
      function key(row) {
        var all = true, typed = true, score = 0, terms = 0, exact = true, whole = 0;
        perTerm.forEach(function (cs, t) {
          var tfw = 0, maybe = false, typedHere = false;
          cs.forEach(function (c, fi) {
            var cand = c.docs.get(row.doc);
            if (!cand) return;
            if (!cand.exact) { exact = false; maybe = true; }
            var x = cand.exact ? cand.tfw : cand.ub;
            tfw += x;
            if (fi === 0 && x > 0) typedHere = true;
          });
          if (tfw > 0) terms++; else all = false;
          if (tfw > 0 && wholes && wholes[t] && wholes[t].has(row.doc)) whole++;
          // Unchecked forms may vanish, and with them the term: typed is then unknown (true).
          if (tfw > 0 && !typedHere && !maybe) typed = false;
          score += idf[t] * bm25(tfw);
        });
        row.exact = exact;
        row.terms = terms;
        // Whole words before the form typed: `models` ranks a page with "model" above one with
        // "remodels". Only Latin words count, so a Chinese query ranks as before.
        row.k = [all ? 1 : 0, whole, typed ? 1 : 0, score];
        return row;
      }
      function cmp(x, y) {
        return (y.k[0] - x.k[0]) || (y.k[1] - x.k[1]) || (y.k[2] - x.k[2]) || (y.k[3] - x.k[3]) || (x.doc - y.doc);
      }
      function checkRow(row) {
        var work = [];
        perTerm.forEach(function (cs) {
          cs.forEach(function (c) { if (c.docs.has(row.doc)) work.push(check(c, row.doc)); });
        });
        return Promise.all(work).then(function () { key(row); });
      }
      var rows = Array.from(table.values()).map(key).sort(cmp);
      var done = [];
      function finish() {
        done = done.filter(function (r) { return r.terms > 0; }).sort(cmp);
        return done.map(function (row) { return hitOf(row, terms, perTerm); });
      }
      if (!limit) return Promise.all(rows.map(checkRow)).then(function () { done = rows; return finish(); });
      // From the third round on, each checks twice as many candidates as the one before: a
      // round is a round trip, and ten at a time made the query 生成式人工智能 29 rounds at 50
      // times the shipped archive (its trigrams' counts bound it loosely). The second is as
      // small as the first: most queries that need a second round need no third, and a larger
      // one cost 具身智能 a fifth more bytes there. A round takes only candidates that can still
      // be among the first `limit`: those the limit-th best checked result does not rank at or
      // above (rows are in order, so the first it does ends the round, and the query).
      var i = 0, size = Math.max(4, limit), rounds = 0;
      // best: the first `limit` checked results found so far, in order (kept as they come,
      // not sorted again at every step).
      var best = [];
      function checked(row) {
        done.push(row);
        if (row.terms === 0 || (best.length === limit && cmp(best[limit - 1], row) <= 0)) return;
        var at = best.length;
        while (at > 0 && cmp(best[at - 1], row) > 0) at--;
        best.splice(at, 0, row);
        if (best.length > limit) best.pop();
      }
      function open(row) { return best.length < limit || cmp(best[limit - 1], row) > 0; }
      function step() {
        while (i < rows.length) {
          if (!open(rows[i])) break;
          if (rows[i].exact) { checked(rows[i++]); continue; }
          var batch = [];
          while (i < rows.length && batch.length < size && open(rows[i])) batch.push(rows[i++]);
          if (++rounds > 1) size *= 2;
          return Promise.all(batch.map(checkRow)).then(function () {
            batch.forEach(checked);
            return step();
          });
        }
        return Promise.resolve(finish().slice(0, limit));
      }
      return step();
    });
  }
  /* A result: its document, and `place` to say where to show it, once the document's field
   * lengths are in (describeEach): the first match in the body of the first term, else its first
   * match; and which form matched if it is not the one typed. A check may not have needed the
   * lengths (bodyOnly), and a form of one to three characters never does. */
  function hitOf(row, terms, perTerm) {
    var hit = { doc: row.doc, at: null, len: 0, alias: null, all: row.k[0] };
    hit.place = function () { placeHit(hit, terms, perTerm); };
    return hit;
  }
  function placeHit(hit, terms, perTerm) {
    if (hit.at !== null) return;
    perTerm.forEach(function (cs, t) {
      var best = null, bs = bodyStart(hit.doc);
      cs.forEach(function (c) {
        var cand = c.docs.get(hit.doc);
        if (!cand || !cand.tfw) return;
        var body = cand.at >= bs;
        if (!best || (body && !best.body) || (body === best.body && cand.at < best.at)) best = { at: cand.at, body: body, form: c.form };
      });
      if (!best) return;
      if (hit.at === null) { hit.at = best.at; hit.len = Array.from(best.form).length; }
      if (best.form !== terms[t]) hit.alias = best.form;
    });
  }

  /* The query: ranked matches before excerpts. `limit` (optional): how many are wanted. */
  function rank(query, limit) {
    return loadMeta().then(function () {
      // Words are what the reader separated by spaces; a word's own punctuation (GPT-4, 2024.7)
      // folds to a space but keeps the word one term, looked for as a phrase.
      var words = query.split(/\s+/).map(fold).filter(Boolean);
      var folded = words.join(" ");
      if (!words.length) return { hits: [] };
      // Everything the query may need is asked for at once: each word's records and name forms,
      // and the phrase's records. A word's candidates wait for its name forms, which may bring
      // them (a name's record lists the documents of each of its forms). A word whose name has
      // a file of its own gets them from it: its records are asked for only if it lacks them.
      words.forEach(function (w) {
        if (meta.nameFileHas[w]) return;
        pieces(w).forEach(function (p) { record(p.key).catch(function () { /* reported by the query */ }); });
      });
      // On a host that sends whole files, the field lengths are one file (f/lens.json) that any
      // query with results needs: asked for with the records, not once they are in (a round trip
      // less). Nothing is asked for where they are in (a small archive's come with meta.json).
      if (rangeMode === "none") wholeFields();
      var expanded = Promise.all(words.map(function (w) { return expand(w).then(function (fs) { return withStem(w, fs); }); }));
      var wholes = Promise.all(words.map(wholeDocs));
      // Ctrl+F looks for the query as typed, spaces included ("Scaling Law", "GPT-4"): pages
      // that have it come first, then pages that have every word apart. Only when no page has
      // them all are pages with some of the words shown, those with more first.
      // The phrase may be a glossary term, whose misheard forms it finds too ("scaling law" finds
      // "sing law"); looked up where its bucket is one the first word asks for anyway (its first
      // three characters), or in its name file (n/), a request of its own, if meta.json lists it.
      var phraseForms = words.length > 1 && Array.from(words[0]).length >= 3 ? expand(folded, words.join("")) : Promise.resolve([folded]);
      var typed = words.length > 1 ? phraseForms.then(function (fs) { return rankTerms([folded], [fs], limit); }) : Promise.resolve([]);
      // The words apart are ranked (their candidates checked by position) only if the pages
      // that have the phrase do not fill the `limit` wanted: their records were asked for above.
      var enough = words.length > 1 && limit ? typed.then(function (t) { return t.length >= limit; }) : false;
      var byWords = Promise.all([expanded, wholes, enough]).then(function (got) {
        return got[2] ? [] : rankTerms(words, got[0], limit, got[1]);
      });
      return Promise.all([typed, byWords]).then(function (both) {
        var seen = new Set(both[0].map(function (h) { return h.doc; }));
        var hits = both[0].concat(both[1].filter(function (h) { return h.all && !seen.has(h.doc); }));
        if (!hits.length) hits = both[1];
        return { hits: limit ? hits.slice(0, limit) : hits };
      });
    });
  }

  function escapeHtml(s) {
    return s.replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }
  /* The characters an excerpt needs around a hit: 41 before it (40 shown, and one that tells
   * whether an ellipsis goes first), the match and 61 after it; they are in chunks k0 to k1 of
   * its document. */
  function spanOf(hit) {
    var from = Math.max(0, hit.at - 41), to = Math.min(meta.lens[hit.doc], hit.at + hit.len + 61);
    return { from: from, to: to, k0: Math.floor(from / meta.chunk), k1: Math.floor((Math.max(to, 1) - 1) / meta.chunk) };
  }
  /* Where chunk k of document d starts in its text file: each chunk is a header of head[d]
   * bytes and chunk characters of width[d] bytes (text_packs.rs). */
  function chunkByte(d, k) { return meta.textAt[d] + k * (meta.head[d] + meta.width[d] * meta.chunk); }
  function textPath(d) {
    var p = Math.floor(d / meta.pack);
    return "t/" + Math.floor(p / meta.filePacks) + "." + meta.packPart[p] + ".bin";
  }
  /* The bytes of t/ a span needs: from the header of its first chunk to its last character. */
  function rangeOf(d, s) {
    return [chunkByte(d, s.k0), chunkByte(d, s.k1) + meta.head[d] + meta.width[d] * (s.to - s.k1 * meta.chunk)];
  }
  var utf16 = new TextDecoder("utf-16le");
  function decodeChars(bytes, width) {
    if (width === 2) return utf16.decode(bytes);
    var out = "";
    // Width 4 only where a character is past U+FFFF: its fourth byte is always 0.
    for (var i = 0; i + width <= bytes.length; i += width) out += String.fromCodePoint(width === 1 ? bytes[i] : bytes[i] | bytes[i + 1] << 8 | bytes[i + 2] << 16);
    return out;
  }
  /* A span read from the bytes of rangeOf: the first chunk's heading, the span's characters
   * from its first chunk's start (s), and the anchors of its chunks' headers (b). */
  function readSpan(d, s, bytes) {
    var head = meta.head[d], width = meta.width[d], step = head + width * meta.chunk, out = null, text = "", b = [];
    for (var k = s.k0; k <= s.k1; k++) {
      var at = (k - s.k0) * step, header = JSON.parse(decoder.decode(bytes.subarray(at, at + head)));
      if (!out) out = header;
      b = b.concat(header.b);
      text += decodeChars(bytes.subarray(at + head, Math.min(bytes.length, at + step)), width);
    }
    out.s = s.k0 * meta.chunk;
    out.t = text;
    out.b = b;
    return out;
  }
  /* Item `i` of a fragment with its document's heading, which the document's first item in the
   * fragment carries (text_packs.rs). */
  function fromFragment(all, i) {
    var item = all[i], j = i;
    while (j > 0 && all[j].u === undefined) j--;
    var head = all[j];
    return { u: head.u, h: head.h, k: head.k, st: head.st, s: item.s, t: item.t, b: item.b };
  }
  /* The same span read from the fragments (x/) that hold its chunks: fragChunks[p]
   * consecutive chunks of pack p a fragment, fetched whole (gzipped by the build). */
  function readFragments(d, s) {
    var p = Math.floor(d / meta.pack), per = meta.fragChunks[p], items = [];
    for (var k = s.k0; k <= s.k1; k++) {
      var i = meta.firstChunk[d] + k;
      items.push({ path: "x/" + p + "." + Math.floor(i / per) + ".bin", item: i % per });
    }
    return Promise.all(items.map(function (c) {
      return get(c.path, "gzip").then(function (all) { return fromFragment(all, c.item); });
    })).then(function (chunks) {
      var out = chunks[0];
      out.t = chunks.map(function (c) { return c.t; }).join("");
      out.b = [].concat.apply([], chunks.map(function (c) { return c.b; }));
      return out;
    });
  }
  /* The results for `hits`, a Promise each, in their order: their spans asked for together (a
   * request per text file on a `multi` host, a request per range on a `single` one, their
   * fragments where the host ignores ranges), each described as soon as its bytes are in. */
  function describeEach(hits) {
    var loaded = needFields(hits.map(function (h) { return h.doc; }), true).then(function () {
      hits.forEach(function (h) { h.place(); });
      return describeLoaded(hits);
    });
    return hits.map(function (_, i) { return loaded.then(function (each) { return each[i]; }); });
  }
  function describeLoaded(hits) {
    var spans = hits.map(spanOf);
    if (rangeMode === "none") {
      return hits.map(function (hit, i) {
        return readFragments(hit.doc, spans[i]).then(function (doc) { return describe(hit, doc); });
      });
    }
    // The ranges of one text file are asked for together (one request on a `multi` host), in
    // the results' order.
    var ranges = hits.map(function (hit, i) { return rangeOf(hit.doc, spans[i]); }), byPath = {}, bytes = [];
    hits.forEach(function (hit, i) {
      var path = textPath(hit.doc);
      (byPath[path] = byPath[path] || []).push(i);
    });
    Object.keys(byPath).forEach(function (path) {
      var got = askRanges(path, byPath[path].map(function (i) { return ranges[i]; }));
      byPath[path].forEach(function (i, k) { bytes[i] = got[k]; });
    });
    return hits.map(function (hit, i) {
      return bytes[i].then(function (b) { return describe(hit, readSpan(hit.doc, spans[i], b)); });
    });
  }
  /* Excerpt around the hit with the match marked, and the deep link to its paragraph, from the
   * hit's span (spanOf): heading, characters from `s` on, anchors. */
  function describe(hit, doc) {
    var chars = Array.from(doc.t), start = doc.s, rel = hit.at - start;
    var from = Math.max(0, rel - 40), to = Math.min(chars.length, rel + hit.len + 60);
    // Stay inside the paragraph of the match.
    for (var i = rel - 1; i >= from; i--) if (chars[i] === END) { from = i + 1; break; }
    for (var j = rel + hit.len; j < to; j++) if (chars[j] === END) { to = j; break; }
    var excerpt = (from + start > 0 && chars[from - 1] !== END ? "…" : "") +
      escapeHtml(chars.slice(from, rel).join("")) + "<mark>" +
      escapeHtml(chars.slice(rel, rel + hit.len).join("")) + "</mark>" +
      escapeHtml(chars.slice(rel + hit.len, to).join("")) + (to + start < meta.lens[hit.doc] && chars[to] !== END ? "…" : "");
    var anchor = null;
    doc.b.forEach(function (b) { if (b[0] <= hit.at) anchor = b[1]; });
    var url = doc.u;
    if (anchor) url += "?hl=" + encodeURIComponent(chars.slice(rel, rel + hit.len).join("")) + "#" + anchor;
    return {
      url: url, title: doc.h, kind: doc.k, subtitle: doc.st, excerpt: excerpt,
      matched: hit.alias ? chars.slice(rel, rel + hit.len).join("") : null
    };
  }

  /* The last queries' results, by limit and query: a query asked again (a character deleted
   * and typed back, a shared link opened twice) is answered without ranking it or building its
   * excerpts again. The answers are shared: callers read them (the API hands out copies). An
   * answer is a Promise of a Promise per result (describeEach). */
  var answers = new Map(), ANSWERS_KEPT = 64;
  function searchEach(query, opts) {
    var limit = (opts && opts.limit) || 10, q = String(query || ""), key = limit + " " + q;
    var answer = answers.get(key);
    if (answer) answers.delete(key);
    else {
      answer = rank(q, limit).then(function (r) { return describeEach(r.hits.slice(0, limit)); });
      // A failure (the network) is not kept: the next call tries again.
      var all = answer.then(function (each) { return Promise.all(each); });
      all.catch(function () { if (answers.get(key) === answer) answers.delete(key); });
    }
    answers.set(key, answer);
    if (answers.size > ANSWERS_KEPT) answers.delete(answers.keys().next().value);
    return answer;
  }
  function search(query, opts) {
    return searchEach(query, opts).then(function (each) { return Promise.all(each); });
  }
  /* Shows a page of results as they come, in their order: `show(list, from)` gets the results
   * ready so far, the first ones (`from`: how many it showed before). The first are shown at
   * once, later ones at most once a frame (a page laid out again for each of twenty results
   * took 18-28 ms longer to show them all), the last as soon as they are in. A Promise of them
   * all, rejected if one failed. */
  function inOrder(each, show) {
    var got = new Array(each.length), ready = 0, shown = 0, waiting = false, failed = false;
    function paint() {
      waiting = false;
      if (failed || ready === shown) return;
      var from = shown;
      shown = ready;
      show(got.slice(0, ready), from);
    }
    return Promise.all(each.map(function (p, i) {
      return p.then(function (x) {
        got[i] = x;
        while (ready < got.length && got[ready]) ready++;
        if (ready === got.length || shown === 0) paint();
        else if (ready > shown && !waiting) { waiting = true; nextFrame(paint); }
      }, function (e) { failed = true; throw e; });
    })).then(function () { return got; });
  }
  function nextFrame(f) {
    // No frames come to a hidden tab: its page is filled as the results come.
    if (typeof requestAnimationFrame === "function" && document.visibilityState === "visible") requestAnimationFrame(f);
    else setTimeout(f, 0);
  }
  /* ---------- the search box on every page: a combobox with a listbox of results ---------- */
  function setupBox(input) {
    var form = input.form;
    var list = document.createElement("ul");
    var status = document.createElement("div");
    list.id = input.id + "-results";
    list.className = "search-panel";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", word("results_label"));
    list.hidden = true;
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    form.appendChild(list);
    form.appendChild(status);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);
    var active = -1, items = [], seq = 0, timer = null;

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }
    function select(i) {
      var opts = list.querySelectorAll("[role=option]");
      opts.forEach(function (o, n) { o.setAttribute("aria-selected", n === i ? "true" : "false"); });
      active = i;
      if (opts[i]) { input.setAttribute("aria-activedescendant", opts[i].id); opts[i].scrollIntoView({ block: "nearest" }); }
    }
    function run() {
      var q = input.value.trim(), my = ++seq, painted = false;
      if (!q) { close(); status.textContent = ""; return; }
      searchEach(q, { limit: 8 }).then(function (each) {
        if (my !== seq) return;
        // Shown as they come, the first ones first; with none, at once.
        return each.length ? inOrder(each, show) : show([]);
      }).catch(function (e) { if (my === seq) status.textContent = word("error", { x: e.message }); });
      function show(res) {
        if (my !== seq) return;
        var first = !painted, onAll = active === items.length;
        painted = true;
        items = res;
        list.innerHTML = "";
        res.forEach(function (r, i) {
          var li = document.createElement("li");
          li.id = list.id + "-" + i;
          li.setAttribute("role", "option");
          li.setAttribute("aria-selected", "false");
          li.innerHTML = '<span class="result-title">' + escapeHtml(r.title) + '</span><span class="result-kind">' +
            escapeHtml(KIND_LABELS[r.kind] || "") + "</span>" + (r.matched ? '<div class="result-alias">' + escapeHtml(word("matched", { x: r.matched })) + "</div>" : "") +
            '<p class="result-excerpt">' + r.excerpt + "</p>";
          li.addEventListener("mousedown", function (e) { e.preventDefault(); location.href = r.url; });
          list.appendChild(li);
        });
        var more = document.createElement("li");
        more.id = list.id + "-all";
        more.setAttribute("role", "option");
        more.setAttribute("aria-selected", "false");
        more.textContent = res.length ? word("see_all") : word("none_for", { q: q });
        more.addEventListener("mousedown", function (e) { e.preventDefault(); form.submit(); });
        list.appendChild(more);
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
        if (first) {
          active = -1;
          status.textContent = res.length ? word("found_hint") : word("none");
        } else if (active >= 0) {
          // A choice made with the arrow keys stays where it was as more results come in below.
          select(onAll ? res.length : active);
        }
      }
    }
    input.addEventListener("focus", preload);
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 60); });
    input.addEventListener("keydown", function (e) {
      var n = list.querySelectorAll("[role=option]").length;
      if (e.key === "ArrowDown" && n) { e.preventDefault(); if (list.hidden) run(); select((active + 1) % n); }
      else if (e.key === "ArrowUp" && n) { e.preventDefault(); select((active - 1 + n) % n); }
      else if (e.key === "Enter" && active >= 0) {
        e.preventDefault();
        if (active < items.length) location.href = items[active].url; else form.submit();
      } else if (e.key === "Escape") { close(); }
    });
    input.addEventListener("blur", function () { setTimeout(close, 150); });
  }

  /* ---------- the search page: full results, facets, the query in the URL ---------- */
  function setupPage() {
    var input = document.getElementById("search-page-input");
    var results = document.getElementById("search-results");
    var status = document.getElementById("search-status");
    var facetsEl = document.getElementById("search-facets");
    if (!input || !results) return;
    preload();
    // Results per page: ten, as the search budgets are measured (bench/search); on a host that
    // answers one range per request each is a request of its own.
    var PAGE = 10;
    var filters = { kind: null, event: null, trend: null }, seq = 0;
    var params = new URLSearchParams(location.search);
    input.value = params.get("q") || "";
    ["kind", "event", "trend"].forEach(function (k) { if (params.get(k)) filters[k] = params.get(k); });

    var facets = null;
    function matches(h) {
      var d = facets.docs[h.doc];
      return (!filters.kind || d[0] === filters.kind) &&
        (!filters.event || String(d[1]) === filters.event) &&
        (!filters.trend || d[2].indexOf(Number(filters.trend)) >= 0);
    }
    function renderFacets(hits) {
      var groups = [["kind", word("facet_kind")], ["event", word("facet_event")], ["trend", word("facet_trend")]];
      var html = "";
      groups.forEach(function (g) {
        var counts = {};
        hits.forEach(function (h) {
          var d = facets.docs[h.doc];
          var vals = g[0] === "kind" ? [d[0]] : g[0] === "event" ? (d[1] >= 0 ? [d[1]] : []) : d[2];
          vals.forEach(function (v) { counts[v] = (counts[v] || 0) + 1; });
        });
        var keys = Object.keys(counts);
        if (!keys.length) return;
        html += '<div class="facets" role="group" aria-label="' + escapeHtml(word("facet_group", { x: g[1] })) + '">';
        keys.forEach(function (k) {
          var label = g[0] === "kind" ? KIND_LABELS[k] : g[0] === "event" ? facets.events[k] : facets.trends[k];
          var on = filters[g[0]] === String(k);
          html += '<button type="button" data-facet="' + g[0] + '" data-value="' + k + '" aria-pressed="' + on + '">' +
            escapeHtml(label) + " (" + counts[k] + ")</button>";
        });
        html += "</div>";
      });
      facetsEl.innerHTML = html;
    }
    function update() {
      var q = input.value.trim(), my = ++seq;
      var url = new URL(location.href);
      url.search = "";
      if (q) url.searchParams.set("q", q);
      Object.keys(filters).forEach(function (k) { if (filters[k] !== null) url.searchParams.set(k, filters[k]); });
      history.replaceState(null, "", url);
      if (!q) { results.innerHTML = ""; status.textContent = ""; facetsEl.innerHTML = ""; return; }
      status.textContent = word("searching");
      Promise.all([rank(q), get("facets.json")]).then(function (both) {
        var r = both[0];
        facets = both[1];
        if (my !== seq) return;
        renderFacets(r.hits);
        var hits = r.hits.filter(matches);
        var item = function (x) {
          return '<li><a class="result-title" href="' + escapeHtml(x.url) + '">' + escapeHtml(x.title) + '</a><span class="result-kind">' +
            escapeHtml(KIND_LABELS[x.kind] || "") + '</span><div class="muted">' + escapeHtml(x.subtitle || "") + "</div>" +
            (x.matched ? '<div class="result-alias">' + escapeHtml(word("matched", { x: x.matched })) + "</div>" : "") +
            '<p class="result-excerpt">' + x.excerpt + "</p></li>";
        };
        var said = function () {
          status.textContent = hits.length ? word("n_results", { q: q, n: hits.length }) : word("none_for", { q: q });
        };
        if (!hits.length) { results.innerHTML = ""; said(); return; }
        // A page of results from `from` on, each shown as soon as it and the ones above it are
        // in: the first page in place of the previous query's (which stay until then), the next
        // ones above the "show more" button, the focus on the first new result, so that a
        // reader who pressed the button goes on reading where the list goes on.
        var more = null, loading = false;
        var page = function (from) {
          loading = true;
          return inOrder(describeEach(hits.slice(from, from + PAGE)), function (list, k) {
            if (my !== seq) return;
            var html = list.slice(k).map(item).join("");
            if (!more) {
              if (from === 0 && k === 0) { results.innerHTML = html; said(); } else results.insertAdjacentHTML("beforeend", html);
              return;
            }
            more.insertAdjacentHTML("beforebegin", html);
            var first = k === 0 && results.children[from] && results.children[from].querySelector("a");
            if (first) first.focus();
          }).then(function () {
            loading = false;
            if (my !== seq) return;
            if (hits.length <= from + PAGE) { if (more) more.remove(); more = null; return; }
            if (more) return;
            results.insertAdjacentHTML("beforeend", '<li><button type="button" id="search-more">' + escapeHtml(word("show_more")) + "</button></li>");
            more = results.lastElementChild;
            more.firstChild.addEventListener("click", function () {
              if (!loading) page(results.children.length - 1).catch(function (e) { status.textContent = word("error", { x: e.message }); });
            });
          });
        };
        return page(0);
      }).catch(function (e) { status.textContent = word("error", { x: e.message }); });
    }
    facetsEl.addEventListener("click", function (e) {
      var b = e.target.closest("button[data-facet]");
      if (!b) return;
      var f = b.dataset.facet;
      filters[f] = filters[f] === b.dataset.value ? null : b.dataset.value;
      update();
    });
    var timer = null;
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(update, 80); });
    input.form.addEventListener("submit", function (e) { e.preventDefault(); update(); });
    if (input.value) update();
  }

  /* ---------- a page opened from a result: mark the match in its paragraph ---------- */
  function highlightTarget() {
    var hl = new URLSearchParams(location.search).get("hl");
    if (!hl || !location.hash) return;
    var el = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (!el) return;
    el.classList.add("hit");
    var walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT), node;
    while ((node = walker.nextNode())) {
      var i = node.data.indexOf(hl);
      if (i >= 0) {
        var range = document.createRange();
        range.setStart(node, i);
        range.setEnd(node, i + hl.length);
        var mark = document.createElement("mark");
        range.surroundContents(mark);
        break;
      }
    }
    el.scrollIntoView({ block: "center" });
  }

  window.talkarchive = {
    search: function (q, opts) {
      return search(q, opts).then(function (list) {
        return list.map(function (r) { return { url: r.url, title: r.title, kind: r.kind, excerpt: r.excerpt, matched: r.matched }; });
      });
    }
  };

  function init() {
    var box = document.getElementById("site-search");
    if (box && !document.getElementById("search-page-input")) setupBox(box);
    setupPage();
    highlightTarget();
    document.addEventListener("keydown", function (e) {
      var t = e.target;
      if (e.key === "/" && !(t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName)))) {
        e.preventDefault();
        var target = document.getElementById("search-page-input") || box;
        if (target) target.focus();
      }
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
