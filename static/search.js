/* talkarchive search: runs in the browser on the index built by `talkarchive build`.
 * The index is of character bigrams with positions (see docs/search-index.md), so any substring
 * of a page is found, as Ctrl+F would. Nothing is loaded until the first query.
 * API: window.talkarchive.search(query, {limit}) → Promise<[{url, title, kind, excerpt}]>. */
(function () {
  "use strict";
  var script = document.currentScript;
  var BASE = (script && script.dataset.base) || "/";
  var INDEX = (script && script.dataset.index) || BASE + "_search/";
  var KIND_LABELS = { talk: "演讲", speaker: "嘉宾", org: "机构", trend: "趋势", event: "活动" };
  var END = "\n";

  var meta = null, metaPromise = null, t2s = null, t2sPromise = null;
  var shardCache = {}, chunkCache = {};

  function fetchJSON(url) {
    return fetch(url).then(function (r) {
      if (!r.ok) throw new Error(url + ": " + r.status);
      return r.json();
    });
  }
  function loadMeta() {
    if (!metaPromise) metaPromise = fetchJSON(INDEX + "meta.json").then(function (m) {
      meta = m;
      meta.avgLen = m.docs.reduce(function (s, d) { return s + d[6]; }, 0) / Math.max(1, m.docs.length);
      meta.nameIndex = buildNameIndex(m.names);
      return m;
    });
    return metaPromise;
  }
  function loadT2s() {
    if (!t2sPromise) t2sPromise = fetchJSON(INDEX + "t2s.json").then(function (s) {
      var map = {}, chars = Array.from(s);
      for (var i = 0; i + 1 < chars.length; i += 2) map[chars[i]] = chars[i + 1];
      t2s = map;
      return map;
    });
    return t2sPromise;
  }

  /* Folding: the same rules as src/search/normalize.rs, one character to one character. */
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
    if (t2s && t2s[c]) return t2s[c];
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

  /* Names: a query for a name also finds its other forms (misspellings, English, pinyin). */
  function buildNameIndex(names) {
    var idx = {};
    names.forEach(function (n) {
      var forms = [n[0]].concat(n[2]);
      var entry = { name: n[0], url: n[1], forms: forms };
      forms.forEach(function (f) {
        var k = fold(f).replace(/ /g, "");
        if (k.length >= 2) (idx[k] = idx[k] || []).push(entry);
      });
    });
    return idx;
  }
  /* The forms to look for for one query term: itself, and every form of a name it is. */
  function expand(term) {
    var out = [term], seen = {};
    seen[term] = true;
    (meta.nameIndex[term] || []).forEach(function (entry) {
      entry.forms.forEach(function (f) {
        var k = fold(f);
        if (k && !seen[k] && !/^[a-z]+$/.test(k)) { seen[k] = true; out.push(k); }
      });
      var k = fold(entry.name);
      if (!seen[k]) { seen[k] = true; out.push(k); }
    });
    return out;
  }

  /* Posting shards: gram → Map(doc → positions). */
  function shardOf(ch) {
    return (Math.imul(ch.codePointAt(0), 2654435761) >>> 0) % meta.shards;
  }
  function loadShard(n) {
    if (!shardCache[n]) shardCache[n] = fetch(INDEX + "s/" + n + ".bin")
      .then(function (r) { if (!r.ok) throw new Error("shard " + n); return r.arrayBuffer(); })
      .then(parseShard);
    return shardCache[n];
  }
  function parseShard(buf) {
    var bytes = new Uint8Array(buf), pos = 0, grams = new Map(), dec = new TextDecoder();
    function v() {
      var x = 0, shift = 0, b;
      do { b = bytes[pos++]; x += (b & 0x7f) * Math.pow(2, shift); shift += 7; } while (b & 0x80);
      return x;
    }
    while (pos < bytes.length) {
      var len = v();
      var gram = dec.decode(bytes.subarray(pos, pos + len)); pos += len;
      var ndocs = v(), docs = new Map(), doc = 0;
      for (var i = 0; i < ndocs; i++) {
        doc += v();
        var npos = v(), p = 0, arr = new Uint32Array(npos);
        for (var j = 0; j < npos; j++) { p += v(); arr[j] = p; }
        docs.set(doc, arr);
      }
      grams.set(gram, docs);
    }
    return grams;
  }
  function has(sorted, x) {
    var lo = 0, hi = sorted.length - 1;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (sorted[mid] === x) return true;
      if (sorted[mid] < x) lo = mid + 1; else hi = mid - 1;
    }
    return false;
  }
  /* Every place `form` (folded, no spaces) occurs: Map(doc → [positions]). */
  function findForm(form) {
    var chars = Array.from(form);
    var shardIds = Array.from(new Set(chars.map(shardOf)));
    return Promise.all(shardIds.map(loadShard)).then(function () {
      return Promise.all(chars.map(function (c) { return shardCache[shardOf(c)]; }));
    }).then(function (shards) {
      var out = new Map();
      if (chars.length === 1) {
        shards[0].forEach(function (docs, gram) {
          if (Array.from(gram)[0] !== chars[0]) return;
          docs.forEach(function (positions, doc) {
            var list = out.get(doc) || [];
            for (var i = 0; i < positions.length; i++) list.push(positions[i]);
            out.set(doc, list);
          });
        });
        out.forEach(function (list) { list.sort(function (a, b) { return a - b; }); });
        return out;
      }
      // A form may hold spaces ("gpt 4", "scaling law"): the index has no bigrams that start
      // with a space, so each non-space character is checked by the bigram it starts, and a
      // character after a space at the end by any bigram of it.
      var grams = [], offsets = [];
      for (var i = 0; i < chars.length; i++) {
        if (chars[i] === " ") continue;
        var g;
        if (i + 1 < chars.length) g = shards[i].get(chars[i] + chars[i + 1]);
        else {
          g = new Map();
          shards[i].forEach(function (docs, gram) {
            if (Array.from(gram)[0] !== chars[i]) return;
            docs.forEach(function (positions, doc) {
              var list = g.get(doc) || [];
              for (var q = 0; q < positions.length; q++) list.push(positions[q]);
              g.set(doc, list);
            });
          });
          g.forEach(function (list) { list.sort(function (a, b) { return a - b; }); });
        }
        if (!g) return out;
        grams.push(g);
        offsets.push(i);
      }
      if (!grams.length) return out;
      grams[0].forEach(function (starts, doc) {
        var lists = [];
        for (var k = 1; k < grams.length; k++) {
          var l = grams[k].get(doc);
          if (!l) return;
          lists.push(l);
        }
        var hits = [];
        for (var s = 0; s < starts.length; s++) {
          var p = starts[s] - offsets[0], ok = true;
          for (var k2 = 0; k2 < lists.length && ok; k2++) ok = has(lists[k2], p + offsets[k2 + 1]);
          if (ok) hits.push(p);
        }
        if (hits.length) out.set(doc, hits);
      });
      return out;
    });
  }

  function fieldOf(doc, pos) {
    var ends = doc[7];
    for (var f = 0; f < ends.length; f++) if (pos < ends[f]) return f;
    return ends.length - 1;
  }

  /* The whole query: ranked matches before excerpts. */
  function rank(query) {
    return loadMeta().then(function () {
      return /[^\x00-\x7f]/.test(query) ? loadT2s() : null;
    }).then(function () {
      var folded = fold(query);
      var words = folded ? folded.split(" ") : [];
      if (!words.length) return { terms: [], hits: [] };
      // Ctrl+F looks for the query as typed, spaces included ("Scaling Law", "GPT-4"); only when
      // no page has it are its words looked for apart.
      var phrase = words.length > 1 ? findForm(folded) : Promise.resolve(null);
      return phrase.then(function (phraseHits) {
        var terms = phraseHits && phraseHits.size ? [folded] : words;
        return rankTerms(terms);
      });
    });
  }

  function rankTerms(terms) {
    var expansions = terms.map(expand);
      return Promise.all(expansions.map(function (forms) { return Promise.all(forms.map(findForm)); }))
        .then(function (perTerm) {
          var N = meta.docs.length, k1 = 1.2, b = 0.75, scores = new Map();
          perTerm.forEach(function (formsHits, t) {
            var docsWithTerm = new Set();
            formsHits.forEach(function (m) { m.forEach(function (_, d) { docsWithTerm.add(d); }); });
            var idf = Math.log(1 + (N - docsWithTerm.size + 0.5) / (docsWithTerm.size + 0.5));
            docsWithTerm.forEach(function (d) {
              var doc = meta.docs[d], tfw = 0, first = null, form = null, firstBody = null;
              formsHits.forEach(function (m, fi) {
                (m.get(d) || []).forEach(function (p) {
                  var f = fieldOf(doc, p);
                  tfw += meta.weights[f];
                  if (first === null || p < first) { first = p; form = expansions[t][fi]; }
                  if (f === 4 && (firstBody === null || p < firstBody.p)) firstBody = { p: p, form: expansions[t][fi] };
                });
              });
              var norm = k1 * (1 - b + b * doc[6] / meta.avgLen);
              var s = scores.get(d) || { doc: d, score: 0, terms: 0, phrase: false, at: null, form: null, typed: true };
              s.score += idf * tfw * (k1 + 1) / (tfw + norm);
              s.terms += 1;
              var best = firstBody || { p: first, form: form };
              if (s.at === null) { s.at = best.p; s.form = best.form; s.len = Array.from(best.form).length; }
              if (best.form !== terms[t]) s.alias = best.form;
              // Every term found in the form typed (expansions[t][0] is the term itself).
              if (!(formsHits[0].get(d) || []).length) s.typed = false;
              scores.set(d, s);
            });
          });
          var hits = Array.from(scores.values());
          // The query as typed (all its terms, as typed) ranks above its parts, and a page with
          // the form typed (a misspelling searched for) above pages with only other forms.
          hits.forEach(function (h) { h.all = h.terms === terms.length; });
          hits.sort(function (x, y) {
            return (y.all - x.all) || (y.typed - x.typed) || (y.score - x.score) || (x.doc - y.doc);
          });
          return { terms: terms, hits: hits };
        });
  }

  function escapeHtml(s) {
    return s.replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }
  function loadChunk(d, k) {
    var key = d + "/" + k;
    if (!chunkCache[key]) chunkCache[key] = fetchJSON(INDEX + "t/" + key + ".json");
    return chunkCache[key];
  }
  /* Excerpt around the hit with the match marked, and the deep link to its paragraph. */
  function describe(hit) {
    var doc = meta.docs[hit.doc];
    var k = Math.floor(hit.at / meta.chunk);
    var want = [loadChunk(hit.doc, k)];
    if ((hit.at % meta.chunk) + hit.len + 40 > meta.chunk && (k + 1) * meta.chunk < doc[6]) want.push(loadChunk(hit.doc, k + 1));
    return Promise.all(want).then(function (chunks) {
      var text = chunks.map(function (c) { return c.t; }).join("");
      var chars = Array.from(text), start = chunks[0].s, rel = hit.at - start;
      var from = Math.max(0, rel - 40), to = Math.min(chars.length, rel + hit.len + 60);
      // Stay inside the paragraph of the match.
      for (var i = rel - 1; i >= from; i--) if (chars[i] === END) { from = i + 1; break; }
      for (var j = rel + hit.len; j < to; j++) if (chars[j] === END) { to = j; break; }
      var excerpt = (from > 0 && chars[from - 1] !== END ? "…" : "") +
        escapeHtml(chars.slice(from, rel).join("")) + "<mark>" +
        escapeHtml(chars.slice(rel, rel + hit.len).join("")) + "</mark>" +
        escapeHtml(chars.slice(rel + hit.len, to).join("")) + (to < chars.length && chars[to] !== END ? "…" : "");
      var anchor = null;
      chunks[0].b.forEach(function (b) { if (b[0] <= hit.at) anchor = b[1]; });
      var url = doc[0];
      if (anchor) url += "?hl=" + encodeURIComponent(chars.slice(rel, rel + hit.len).join("")) + "#" + anchor;
      return {
        url: url, title: doc[1], kind: doc[2], subtitle: doc[3], excerpt: excerpt,
        matched: hit.alias ? chars.slice(rel, rel + hit.len).join("") : null,
        event: doc[4], trends: doc[5]
      };
    });
  }

  function search(query, opts) {
    var limit = (opts && opts.limit) || 10;
    return rank(String(query || "")).then(function (r) {
      var hits = r.hits.filter((opts && opts.filter) || function () { return true; });
      return Promise.all(hits.slice(0, limit).map(describe));
    });
  }

  /* ---------- the search box on every page: a combobox with a listbox of results ---------- */
  function setupBox(input) {
    var form = input.form;
    var list = document.createElement("ul");
    var status = document.createElement("div");
    list.id = input.id + "-results";
    list.className = "search-panel";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "搜索结果");
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
      var q = input.value.trim(), my = ++seq;
      if (!q) { close(); status.textContent = ""; return; }
      search(q, { limit: 8 }).then(function (res) {
        if (my !== seq) return;
        items = res;
        list.innerHTML = "";
        res.forEach(function (r, i) {
          var li = document.createElement("li");
          li.id = list.id + "-" + i;
          li.setAttribute("role", "option");
          li.setAttribute("aria-selected", "false");
          li.innerHTML = '<span class="result-title">' + escapeHtml(r.title) + '</span><span class="result-kind">' +
            KIND_LABELS[r.kind] + "</span>" + (r.matched ? '<div class="result-alias">匹配：' + escapeHtml(r.matched) + "</div>" : "") +
            '<p class="result-excerpt">' + r.excerpt + "</p>";
          li.addEventListener("mousedown", function (e) { e.preventDefault(); location.href = r.url; });
          list.appendChild(li);
        });
        var more = document.createElement("li");
        more.id = list.id + "-all";
        more.setAttribute("role", "option");
        more.setAttribute("aria-selected", "false");
        more.textContent = res.length ? "查看全部结果 →" : "没有找到“" + q + "”";
        more.addEventListener("mousedown", function (e) { e.preventDefault(); form.submit(); });
        list.appendChild(more);
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
        active = -1;
        status.textContent = res.length ? "找到结果，用上下方向键选择" : "没有结果";
      }).catch(function (e) { status.textContent = "搜索出错：" + e.message; });
    }
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
    var filters = { kind: null, event: null, trend: null }, shown = 20, seq = 0;
    var params = new URLSearchParams(location.search);
    input.value = params.get("q") || "";
    ["kind", "event", "trend"].forEach(function (k) { if (params.get(k)) filters[k] = params.get(k); });

    function matches(h) {
      var d = meta.docs[h.doc];
      return (!filters.kind || d[2] === filters.kind) &&
        (!filters.event || String(d[4]) === filters.event) &&
        (!filters.trend || d[5].indexOf(Number(filters.trend)) >= 0);
    }
    function renderFacets(hits) {
      var groups = [["kind", "类型"], ["event", "活动"], ["trend", "趋势"]];
      var html = "";
      groups.forEach(function (g) {
        var counts = {};
        hits.forEach(function (h) {
          var d = meta.docs[h.doc];
          var vals = g[0] === "kind" ? [d[2]] : g[0] === "event" ? (d[4] >= 0 ? [d[4]] : []) : d[5];
          vals.forEach(function (v) { counts[v] = (counts[v] || 0) + 1; });
        });
        var keys = Object.keys(counts);
        if (!keys.length) return;
        html += '<div class="facets" role="group" aria-label="按' + g[1] + '筛选">';
        keys.forEach(function (k) {
          var label = g[0] === "kind" ? KIND_LABELS[k] : g[0] === "event" ? meta.events[k] : meta.trends[k];
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
      status.textContent = "正在搜索…";
      rank(q).then(function (r) {
        if (my !== seq) return;
        renderFacets(r.hits);
        var hits = r.hits.filter(matches);
        return Promise.all(hits.slice(0, shown).map(describe)).then(function (list) {
          if (my !== seq) return;
          results.innerHTML = list.map(function (x) {
            return '<li><a class="result-title" href="' + escapeHtml(x.url) + '">' + escapeHtml(x.title) + '</a><span class="result-kind">' +
              KIND_LABELS[x.kind] + '</span><div class="muted">' + escapeHtml(x.subtitle || "") + "</div>" +
              (x.matched ? '<div class="result-alias">匹配：' + escapeHtml(x.matched) + "</div>" : "") +
              '<p class="result-excerpt">' + x.excerpt + "</p></li>";
          }).join("") + (hits.length > shown ? '<li><button type="button" id="search-more">显示更多</button></li>' : "");
          status.textContent = hits.length ? "“" + q + "”共 " + hits.length + " 个结果" : "没有找到“" + q + "”";
          var more = document.getElementById("search-more");
          if (more) more.addEventListener("click", function () { shown += 20; update(); });
        });
      }).catch(function (e) { status.textContent = "搜索出错：" + e.message; });
    }
    facetsEl.addEventListener("click", function (e) {
      var b = e.target.closest("button[data-facet]");
      if (!b) return;
      var f = b.dataset.facet;
      filters[f] = filters[f] === b.dataset.value ? null : b.dataset.value;
      shown = 20;
      update();
    });
    var timer = null;
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(function () { shown = 20; update(); }, 80); });
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
