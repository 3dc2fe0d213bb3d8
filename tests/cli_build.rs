//! `talkarchive build` on a small fixture: every page kind, links both ways, base_url sub-paths,
//! feeds and data, determinism, atomic output.

mod common;
use common::*;

#[test]
fn builds_every_page_kind() {
    let site = fixture("basic");
    let out = build_ok(site.path(), &[]);
    for page in [
        "index.html",
        "404.html",
        "search/index.html",
        "events/index.html",
        "talks/index.html",
        "speakers/index.html",
        "orgs/index.html",
        "trends/index.html",
        "events/conf-2024/index.html",
        "events/forum-a/index.html",
        "talks/conf-2024/01-opening/index.html",
        "talks/conf-2024/02-keynote/index.html",
        "talks/forum-a/01-panel/index.html",
        "speakers/li-si/index.html",
        "speakers/zhang-san/index.html",
        "speakers/wang-wu/index.html",
        "orgs/acme/index.html",
        "trends/jushen-zhineng/index.html",
        "sitemap.xml",
        "robots.txt",
        "feed.xml",
        "data/archive.json",
        "events/conf-2024/feed.xml",
        "speakers/li-si/feed.xml",
        "trends/jushen-zhineng/feed.xml",
        "_search/meta.json",
        "_search/facets.json",
    ] {
        assert!(out.join(page).is_file(), "missing {page}");
    }
    let index = read(&out.join("index.html"));
    assert!(index.contains("<html lang=\"zh-CN\">"), "lang attribute");
    let statics: Vec<String> = std::fs::read_dir(out.join("static"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        statics.iter().any(|n| n.starts_with("style.")
            && n.ends_with(".css")
            && n.len() == "style.12345678.css".len()),
        "{statics:?}"
    );
    assert!(
        statics
            .iter()
            .any(|n| n.starts_with("search.") && n.ends_with(".js")),
        "{statics:?}"
    );
}

#[test]
fn pages_link_both_ways() {
    let site = fixture("basic");
    let out = build_ok(site.path(), &[]);
    let talk = read(&out.join("talks/conf-2024/02-keynote/index.html"));
    for link in [
        "/events/conf-2024/",
        "/speakers/li-si/",
        "/speakers/zhang-san/",
        "/orgs/acme/",
        "/trends/jushen-zhineng/",
    ] {
        assert!(
            talk.contains(&format!("href=\"{link}\"")),
            "talk links {link}"
        );
    }
    // A speaker page lists every talk of that person, across events.
    let li = read(&out.join("speakers/li-si/index.html"));
    assert!(
        li.contains("/talks/conf-2024/02-keynote/") && li.contains("/talks/forum-a/01-panel/"),
        "speaker lists talks"
    );
    // Moderating counts as taking part.
    let zhang = read(&out.join("speakers/zhang-san/index.html"));
    assert!(zhang.contains("/talks/forum-a/01-panel/"));
    // An event lists its talks in programme order, and its forums.
    let conf = read(&out.join("events/conf-2024/index.html"));
    let (a, b) = (
        conf.find("01-opening").unwrap(),
        conf.find("02-keynote").unwrap(),
    );
    assert!(a < b, "programme order");
    assert!(
        conf.contains("/events/forum-a/"),
        "conference shows its forum"
    );
    let forum = read(&out.join("events/forum-a/index.html"));
    assert!(
        forum.contains("/events/conf-2024/"),
        "forum links its parent"
    );
    // A trend page lists the talks that discuss it; an org page its people and talks.
    let trend = read(&out.join("trends/jushen-zhineng/index.html"));
    assert!(
        trend.contains("/talks/conf-2024/02-keynote/")
            && trend.contains("/talks/forum-a/01-panel/")
    );
    let org = read(&out.join("orgs/acme/index.html"));
    assert!(org.contains("/speakers/li-si/") && org.contains("/talks/forum-a/01-panel/"));
}

#[test]
fn markdown_features_and_paragraph_anchors() {
    let site = fixture("basic");
    let out = build_ok(site.path(), &[]);
    let talk = read(&out.join("talks/conf-2024/02-keynote/index.html"));
    // The body's only heading level (`##`) becomes `<h2>`, right below the page title.
    assert!(talk.contains("<h2 id=\"h-第一部分\">"), "heading anchor");
    assert!(talk.contains("id=\"p-1\""), "paragraph anchors");
    assert!(talk.contains("<table>"), "tables");
    assert!(talk.contains("footnote"), "footnotes");
    // Tight list items and tables are anchored blocks too, and their text is in the search index.
    assert!(talk.contains("<li id=\"p-4\">触觉传感器</li>"), "{talk}");
    assert!(
        talk.contains("<div class=\"table\" id=\"p-2\"><table>"),
        "{talk}"
    );
    // The results' text is in the fragments (`x/`, gzipped JSON) as in `t/` (UTF-16 there; the
    // two are compared by `every_text_chunk_is_in_its_fragment_where_the_browser_looks`).
    let index_text: String = walkdir::WalkDir::new(out.join("_search/x"))
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let mut json = String::new();
            std::io::Read::read_to_string(
                &mut flate2::read::GzDecoder::new(std::fs::File::open(e.path()).unwrap()),
                &mut json,
            )
            .unwrap();
            json
        })
        .collect();
    for text in ["触觉传感器", "端到端控制", "发布灵巧手"] {
        assert!(
            index_text.contains(text),
            "{text} is not in the search index"
        );
    }
    assert!(talk.contains("class=\"hl-"), "syntect classes");
    // A misspelled name links to the right page and shows the correct name; a short form does not.
    assert!(
        talk.contains("href=\"/speakers/li-si/\">李思<span class=\"fix\">〔李四〕</span></a>"),
        "alias shown with correction"
    );
    assert!(
        talk.contains("href=\"/orgs/acme/\">阿克米<span class=\"fix\">〔艾克米科技〕</span></a>")
    );
}

#[test]
fn head_has_canonical_opengraph_and_json_ld() {
    let site = fixture("basic");
    let out = build_ok(site.path(), &[]);
    let page = read(&out.join("speakers/li-si/index.html"));
    assert!(page.contains("<link rel=\"canonical\" href=\"https://example.org/speakers/li-si/\">"));
    assert!(page.contains("property=\"og:title\" content=\"李四\""));
    assert!(page.contains("\"@type\":\"Person\""), "json-ld");
    assert!(page.contains("application/atom+xml"));
}

#[test]
fn every_url_respects_a_sub_path() {
    let site = fixture("basic");
    let out = build_ok(site.path(), &["--base-url", "https://example.org/archive/"]);
    let talk = read(&out.join("talks/conf-2024/02-keynote/index.html"));
    assert!(talk.contains("href=\"/archive/speakers/li-si/\""));
    assert!(talk.contains("href=\"/archive/static/style."));
    assert!(talk.contains("data-base=\"/archive/\""));
    assert!(
        !talk.contains("href=\"/speakers/"),
        "no link escapes the sub-path"
    );
    let sitemap = read(&out.join("sitemap.xml"));
    assert!(sitemap.contains("<loc>https://example.org/archive/talks/conf-2024/02-keynote/</loc>"));
    let (problems, links) =
        talkarchive::output::link_check::check_folder(&out, "/archive/").unwrap();
    assert!(links > 50);
    assert!(problems.is_empty(), "{problems:?}");
}

#[test]
fn open_data_lists_everything() {
    let site = fixture("basic");
    let out = build_ok(site.path(), &[]);
    let data: serde_json::Value =
        serde_json::from_str(&read(&out.join("data/archive.json"))).unwrap();
    assert_eq!(data["schema_version"], 1);
    assert_eq!(data["talks"].as_array().unwrap().len(), 3);
    let keynote = data["talks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == "conf-2024/02-keynote")
        .unwrap();
    assert_eq!(keynote["speakers"][0], "li-si");
    assert_eq!(keynote["trends"][0], "jushen-zhineng");
    assert_eq!(
        keynote["url"],
        "https://example.org/talks/conf-2024/02-keynote/"
    );
    let li = data["speakers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["slug"] == "li-si")
        .unwrap();
    assert_eq!(li["aliases"][0], "李思");
}

#[test]
fn two_builds_are_identical_even_from_another_folder() {
    let a = fixture("basic");
    let b = fixture("basic");
    let out_a = build_ok(a.path(), &[]);
    let out_b = build_ok(b.path(), &[]);
    let out_a2 = a.path().join("again");
    let o = run(&["build", "-q", "-o", "again"], a.path());
    assert!(o.status.success());
    let o = run(&["build", "-q", "-o", "public"], a.path());
    assert!(o.status.success());
    let o = run(&["build", "-q", "-o", "public"], b.path());
    assert!(o.status.success());
    for (x, y) in [(&out_a, &out_b), (&out_a, &out_a2)] {
        assert_same_tree(x, y);
    }
}

/// A build writes into the site before the last one (kept beside the output), overwriting only
/// what changed: after edits, a deleted talk and a failed build, the output must still be exactly
/// what a build into an empty folder makes.
#[test]
fn a_build_over_earlier_sites_equals_a_fresh_one() {
    let site = fixture("basic");
    let root = site.path();
    build_ok(root, &[]);
    build_ok(root, &[]);
    assert!(
        root.join(".public.talkarchive-cache/previous/index.html")
            .is_file(),
        "the site before is kept"
    );
    std::fs::remove_file(root.join("content/talks/forum-a/01-panel.md")).unwrap();
    let keynote = root.join("content/talks/conf-2024/02-keynote.md");
    write(
        &keynote,
        &read(&keynote).replace("title = \"", "title = \"改: "),
    );
    build_ok(root, &[]);
    let bad = root.join("content/talks/conf-2024/03-bad.md");
    write(&bad, "+++\ntitle = \"x\"\nkind = \"keynote\"\norder = 3\nspeakers = [\"nobody\"]\nsummary = \"s\"\n+++\n");
    assert!(!run(&["build", "-q", "--no-minify"], root).status.success());
    std::fs::remove_file(&bad).unwrap();
    build_ok(root, &[]);
    assert!(!root.join("public/talks/forum-a/01-panel").exists());
    let o = run(&["build", "-q", "--no-minify", "-o", "fresh"], root);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_same_tree(&root.join("public"), &root.join("fresh"));
}

/// Minified, a page the kept site has from the same view model, templates and context is
/// neither rendered nor minified again: after an edit, a template of the site's own, a failed
/// build and the template fixed, the output must still be what a build into an empty folder
/// makes.
#[test]
fn a_minified_build_over_earlier_sites_equals_a_fresh_one() {
    let site = fixture("basic");
    let root = site.path();
    let build = |out: &str| run(&["build", "-q", "-o", out], root);
    for _ in 0..2 {
        assert!(build("public").status.success());
    }
    let keynote = root.join("content/talks/conf-2024/02-keynote.md");
    write(
        &keynote,
        &read(&keynote).replace("title = \"", "title = \"改: "),
    );
    assert!(build("public").status.success());
    let base = read(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/base.html"));
    let own = root.join("templates/base.html");
    write(
        &own,
        &base.replace("</body>", "<p>own-theme-marker</p></body>"),
    );
    assert!(build("public").status.success());
    write(&own, &base.replace("</body>", "{{ no_such_value }}</body>"));
    let failed = build("public");
    assert!(!failed.status.success());
    assert!(stderr(&failed).contains("base.html"), "{}", stderr(&failed));
    write(
        &own,
        &base.replace("</body>", "<p>own-theme-marker</p></body>"),
    );
    assert!(build("public").status.success());
    write(
        &keynote,
        &read(&keynote).replace("title = \"改: ", "title = \"再改: "),
    );
    for _ in 0..3 {
        assert!(build("public").status.success());
    }
    let talk = read(&root.join("public/talks/conf-2024/02-keynote/index.html"));
    assert!(
        talk.contains("own-theme-marker") && talk.contains("再改: "),
        "{talk}"
    );
    assert!(build("fresh").status.success());
    assert_same_tree(&root.join("public"), &root.join("fresh"));
}

/// The second build of an output folder has no kept site: it copies the output's pages made
/// from the same view model and makes the others, also a page someone changed in the output.
#[test]
fn the_build_after_the_first_equals_a_fresh_one() {
    let site = fixture("basic");
    let root = site.path();
    let build = |out: &str| run(&["build", "-q", "-o", out], root);
    assert!(build("public").status.success());
    let keynote = root.join("content/talks/conf-2024/02-keynote.md");
    write(
        &keynote,
        &read(&keynote).replace("title = \"", "title = \"改: "),
    );
    // A page changed by hand in the output, with its size kept.
    let home = root.join("public/index.html");
    let html = read(&home);
    write(&home, &html.replacen("<title>", "<TITLE>", 1));
    assert!(build("public").status.success());
    assert!(build("fresh").status.success());
    assert_same_tree(&root.join("public"), &root.join("fresh"));
    assert!(read(&root.join("public/talks/conf-2024/02-keynote/index.html")).contains("改: "));
}

#[test]
fn a_failed_build_leaves_the_previous_site() {
    let site = fixture("basic");
    let out = build_ok(site.path(), &[]);
    let before = read(&out.join("talks/conf-2024/01-opening/index.html"));
    write(&site.path().join("content/talks/conf-2024/03-bad.md"), "+++\ntitle = \"x\"\nkind = \"keynote\"\norder = 3\nspeakers = [\"nobody\"]\nsummary = \"s\"\n+++\n");
    write(
        &site.path().join("content/talks/conf-2024/01-opening.md"),
        "+++\ntitle = \"改过的标题\"\nkind = \"remarks\"\norder = 1\nsummary = \"s\"\n+++\n",
    );
    let o = run(&["build", "-q", "--no-minify"], site.path());
    assert!(!o.status.success());
    assert_eq!(
        read(&out.join("talks/conf-2024/01-opening/index.html")),
        before,
        "previous output untouched"
    );
    let leftovers: Vec<_> = std::fs::read_dir(site.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("building"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "staging folder removed: {leftovers:?}"
    );
}

#[test]
fn summary_line_and_quiet() {
    let site = fixture("basic");
    let o = run(&["build"], site.path());
    assert!(o.status.success());
    let err = stderr(&o);
    assert!(
        err.contains("built 18 pages") && err.contains(" s"),
        "{err}"
    );
    let o = run(&["build", "--quiet"], site.path());
    assert!(stderr(&o).is_empty());
}

#[test]
fn timings_name_every_stage() {
    let site = fixture("basic");
    let o = run(&["build", "--quiet", "--timings"], site.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    for stage in [
        "load and resolve content",
        "jieba dictionary trimmed to the text",
        "connect",
        "render and write pages, feeds, sitemap and data",
        "search index: collect documents",
        "search index: index documents, write text packs",
        "search index: merge keys, write pages and buckets",
        "search index: write tables",
        "swap the new site in",
    ] {
        let line = err
            .lines()
            .find(|l| l.ends_with(&format!("  {stage}")))
            .unwrap_or_else(|| panic!("no line for {stage}: {err}"));
        let numbers: Vec<f64> = line
            .split_whitespace()
            .take(2)
            .map(|n| n.parse().expect(line))
            .collect();
        assert!(
            numbers.len() == 2 && numbers.iter().all(|&ms| ms >= 0.0),
            "wall and CPU milliseconds: {line}"
        );
    }
}

#[test]
fn check_passes_and_writes_nothing() {
    let site = fixture("basic");
    let o = run(&["check"], site.path());
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("internal links checked"));
    assert!(!site.path().join("public").exists());
}

#[test]
fn new_writes_skeletons_that_build() {
    let site = fixture("basic");
    for args in [
        vec!["new", "speaker", "zhao-liu"],
        vec!["new", "org", "beta"],
        vec!["new", "event", "conf-2025"],
        vec!["new", "trend", "kaiyuan"],
        vec!["new", "talk", "05-x", "--event", "conf-2024"],
    ] {
        let o = run(&args, site.path());
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    }
    // The skeleton trend has number 1 and the talk order 1, which clash with nothing here but the
    // talk's order: give it its own.
    let talk = site.path().join("content/talks/conf-2024/05-x.md");
    std::fs::write(&talk, read(&talk).replace("order = 1", "order = 5")).unwrap();
    let o = run(&["check"], site.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let o = run(&["new", "speaker", "zhao-liu"], site.path());
    assert!(!o.status.success() && stderr(&o).contains("already exists"));
    let o = run(&["new", "talk", "x"], site.path());
    assert!(!o.status.success() && stderr(&o).contains("--event"));
}

#[test]
fn help_on_every_subcommand() {
    for sub in ["build", "check", "serve", "new"] {
        let o = bin().args([sub, "--help"]).output().unwrap();
        assert!(o.status.success());
        assert!(
            String::from_utf8_lossy(&o.stdout).contains("Usage"),
            "{sub}"
        );
    }
}

/// The search index serves three kinds of static host (docs/search-index.md): every chunk of the
/// text files (`t/`, read by range requests) is also in a small JSON fragment (`x/`, fetched
/// whole where a host ignores ranges), where the browser computes it from `meta.json` alone;
/// and `probe.bin`, which tells the browser the kind of host, is there.
#[test]
fn every_text_chunk_is_in_its_fragment_where_the_browser_looks() {
    let site = fixture("basic");
    let out = build_ok(site.path(), &[]);
    let search = out.join("_search");
    assert!(std::fs::read(search.join("probe.bin")).unwrap().len() >= 3);
    let meta: serde_json::Value = serde_json::from_str(&read(&search.join("meta.json"))).unwrap();
    let n = |k: &str| meta[k].as_u64().unwrap() as usize;
    let (docs, chunk, pack, file_packs) = (n("docs"), n("chunk"), n("pack"), n("filePacks"));
    let numbers = |v: &serde_json::Value| -> Vec<usize> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_u64().unwrap() as usize)
            .collect()
    };
    let (pack_bytes, pack_part, frag_chunks, len_bytes, form_bytes) = (
        numbers(&meta["packBytes"]),
        numbers(&meta["packPart"]),
        numbers(&meta["fragChunks"]),
        numbers(&meta["lenBytes"]),
        numbers(&meta["formBytes"]),
    );
    // The field lengths, from f/lens.json (hosts without ranges) and from f/lens.bin (by a
    // pack's ranges, as search.js's needFields reads them): the same. f/lens.bin holds every
    // pack's lengths, then every pack's block: its lengths again, then its forms.
    let fields = numbers(&serde_json::from_str(&read(&search.join("f/lens.json"))).unwrap());
    let f_bin = std::fs::read(search.join("f/lens.bin")).unwrap();
    let varints = |from: usize, to: usize| -> Vec<usize> {
        let (mut i, mut out) = (from, Vec::new());
        while i < to {
            let (mut v, mut shift) = (0usize, 0);
            loop {
                let b = f_bin[i];
                i += 1;
                v |= ((b & 0x7f) as usize) << shift;
                shift += 7;
                if b < 0x80 {
                    break;
                }
            }
            out.push(v);
        }
        out
    };
    let all_lengths: usize = len_bytes.iter().sum();
    assert_eq!(
        2 * all_lengths + form_bytes.iter().sum::<usize>(),
        f_bin.len()
    );
    let (mut len_at, mut block_at) = (0, all_lengths);
    let (mut from_bin, mut form_counts) = (Vec::new(), Vec::new());
    for (&lens, &forms) in len_bytes.iter().zip(&form_bytes) {
        let pack_lengths = varints(len_at, len_at + lens);
        assert_eq!(varints(block_at, block_at + lens), pack_lengths);
        let pack_forms = varints(block_at + lens, block_at + lens + forms);
        form_counts.push(pack_forms.len());
        from_bin.extend(pack_lengths);
        from_bin.extend(pack_forms);
        len_at += lens;
        block_at += lens + forms;
    }
    assert_eq!(from_bin, fields);
    // Five field lengths and the text's form (header bytes * 8 + character width) a document: a
    // pack's numbers in f/lens.json are its documents' lengths, then their forms.
    assert_eq!(fields.len(), docs * 6);
    let pack_docs = |p: usize| pack.min(docs - p * pack);
    assert_eq!(
        form_counts,
        (0..len_bytes.len()).map(pack_docs).collect::<Vec<_>>(),
        "a form per document of each pack"
    );
    let lengths_of = |d: usize| {
        let (p, i) = (d / pack, d % pack);
        let block = 6 * pack * p;
        &fields[block + 5 * i..block + 5 * i + 5]
    };
    let form_of = |d: usize| fields[6 * pack * (d / pack) + 5 * pack_docs(d / pack) + d % pack];
    // As search.js's loadMeta, fillPack and chunkByte compute them.
    let mut pack_base = vec![0usize; pack_bytes.len()];
    for p in 1..pack_bytes.len() {
        if p % file_packs != 0 && pack_part[p] == pack_part[p - 1] {
            pack_base[p] = pack_base[p - 1] + pack_bytes[p - 1];
        }
    }
    let (mut seen, mut first_chunk, mut byte) = (0, 0, 0);
    let mut counted = vec![0usize; pack_bytes.len()];
    for d in 0..docs {
        let len = lengths_of(d).iter().sum::<usize>() + 4;
        let form = form_of(d);
        let (head, width) = (form / 8, form % 8);
        assert!([1, 2, 4].contains(&width), "document {d}: width {width}");
        let p = d / pack;
        if d % pack == 0 {
            first_chunk = 0;
            byte = pack_base[p];
        }
        let per = frag_chunks[p];
        let text = std::fs::read(search.join(format!("t/{}.{}.bin", p / file_packs, pack_part[p])))
            .unwrap();
        let chunks = len.div_ceil(chunk);
        for k in 0..chunks {
            let i = first_chunk + k;
            let at = byte + k * (head + width * chunk);
            let header: serde_json::Value = serde_json::from_slice(&text[at..at + head]).unwrap();
            let chars: String = text[at + head..at + head + width * chunk.min(len - k * chunk)]
                .chunks(width)
                .map(|c| {
                    let mut code = [0u8; 4];
                    code[..width].copy_from_slice(c);
                    char::from_u32(u32::from_le_bytes(code)).unwrap()
                })
                .collect();
            // Gzipped JSON (the browser unpacks it).
            let mut json = Vec::new();
            std::io::Read::read_to_end(
                &mut flate2::read::GzDecoder::new(
                    std::fs::File::open(search.join(format!("x/{p}.{}.bin", i / per))).unwrap(),
                ),
                &mut json,
            )
            .unwrap();
            let fragment: serde_json::Value = serde_json::from_slice(&json).unwrap();
            // The chunk's characters and anchors; its document's heading at its first item
            // in the fragment.
            let item = &fragment[i % per];
            assert_eq!(item["t"], chars, "document {d}, chunk {k}");
            assert_eq!(item["b"], header["b"], "document {d}, chunk {k}");
            assert_eq!(item["s"].as_u64(), Some((k * chunk) as u64));
            let head_item = &fragment[(i % per).saturating_sub(k)];
            for key in ["u", "h", "k", "st"] {
                assert_eq!(
                    head_item[key], header[key],
                    "document {d}, chunk {k}: {key}"
                );
            }
            seen += 1;
        }
        first_chunk += chunks;
        byte += chunks * head + width * len;
        counted[p] += chunks * head + width * len;
    }
    assert_eq!(
        counted, pack_bytes,
        "bytes per pack as meta.json gives them"
    );
    assert!(seen > docs, "{seen} chunks of {docs} documents");
}

/// A site built for a host that ignores ranges (`[search] host_ranges = "none"`, which sends
/// whole files): each `d/` pack begins with where its buckets are, the same places
/// `d/offsets.bin` gives, the buckets are those of the default build, and `meta.json` says so
/// (and leaves the bucket sizes out: the client reads them in the pack).
#[test]
fn packs_for_a_host_without_ranges_begin_with_their_offsets() {
    let ranged = fixture("basic");
    let ranged_out = build_ok(ranged.path(), &[]);
    let whole = fixture("basic");
    let toml = whole.path().join("talkarchive.toml");
    write(
        &toml,
        &(read(&toml) + "\n[search]\nhost_ranges = \"none\"\n"),
    );
    let whole_out = build_ok(whole.path(), &[]);
    let meta = |out: &std::path::Path| -> serde_json::Value {
        serde_json::from_str(&read(&out.join("_search/meta.json"))).unwrap()
    };
    let (m_ranged, m_whole) = (meta(&ranged_out), meta(&whole_out));
    assert_eq!(m_whole["packHead"], true);
    assert!(
        m_whole["bucketSizes"].is_null(),
        "{}",
        m_whole["bucketSizes"]
    );
    assert!(m_ranged.get("packHead").is_none());
    assert!(m_ranged["bucketSizes"].is_array());
    assert_eq!(m_ranged["buckets"], m_whole["buckets"]);
    let q = m_whole["bucketPack"].as_u64().unwrap() as usize;
    assert_eq!(q, m_ranged["bucketPack"].as_u64().unwrap() as usize);
    let u32s = |bytes: &[u8]| -> Vec<usize> {
        bytes
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes(c.try_into().unwrap()) as usize)
            .collect()
    };
    let offsets =
        |out: &std::path::Path| u32s(&std::fs::read(out.join("_search/d/offsets.bin")).unwrap());
    let (o_ranged, o_whole) = (offsets(&ranged_out), offsets(&whole_out));
    assert_eq!(o_ranged.len(), o_whole.len());
    let packs = o_whole.len() / (q + 1);
    assert!(packs > 1, "{packs} packs");
    for k in 0..packs {
        let pack =
            |out: &std::path::Path| std::fs::read(out.join(format!("_search/d/{k}.bin"))).unwrap();
        let (p_ranged, p_whole) = (pack(&ranged_out), pack(&whole_out));
        let at = |o: &[usize], slot: usize| o[k * (q + 1) + slot];
        let head = u32s(&p_whole[..4 * (q + 1)]);
        assert_eq!(
            head[0],
            4 * (q + 1),
            "pack {k}: the buckets start after the head"
        );
        assert_eq!(
            head[q],
            p_whole.len(),
            "pack {k}: the head's last offset is the end"
        );
        for slot in 0..q {
            assert_eq!(head[slot], at(&o_whole, slot), "pack {k}, slot {slot}");
            assert_eq!(
                p_whole[head[slot]..head[slot + 1]],
                p_ranged[at(&o_ranged, slot)..at(&o_ranged, slot + 1)],
                "pack {k}, slot {slot}: the same bucket"
            );
        }
    }
}

/// A frequent trigram's positions are pages in `p/` files, `pageFile` (meta.json) pages to a
/// file: on a host that answers ranges all of a key's pages in one file (the client asks for the
/// pages it needs at once in one request), on a host without ranges (`host_ranges = "none"`)
/// four (files sent whole stay small). The pages are the same, in the same order.
#[test]
fn position_pages_are_one_file_per_key_unless_the_host_ignores_ranges() {
    let site = |settings: &str| {
        let dir = fixture("basic");
        // Twenty talks that say one sentence many times: its trigrams' positions take pages.
        for i in 0..20 {
            write(
                &dir.path().join(format!("content/talks/forum-a/{:02}-repeat.md", i + 2)),
                &format!(
                    "+++\ntitle = \"重复 {i}\"\nkind = \"keynote\"\norder = {}\nspeakers = [\"li-si\"]\nsummary = \"重复。\"\n+++\n{}\n",
                    i + 2,
                    "人形机器人进入家庭。".repeat(800)
                ),
            );
        }
        let toml = dir.path().join("talkarchive.toml");
        write(&toml, &(read(&toml) + settings));
        let out = build_ok(dir.path(), &[]);
        let meta: serde_json::Value =
            serde_json::from_str(&read(&out.join("_search/meta.json"))).unwrap();
        // Each key's files, by file number: `p/<key>.<f>.bin`.
        let mut keys: std::collections::BTreeMap<String, Vec<(usize, Vec<u8>)>> =
            Default::default();
        for entry in std::fs::read_dir(out.join("_search/p")).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            let mut parts = name.split('.');
            let (key, f) = (parts.next().unwrap(), parts.next().unwrap());
            keys.entry(key.to_string())
                .or_default()
                .push((f.parse().unwrap(), std::fs::read(&path).unwrap()));
        }
        for files in keys.values_mut() {
            files.sort();
        }
        (dir, meta["pageFile"].as_u64().unwrap(), keys)
    };
    let (_a, per_ranged, ranged) = site("");
    let (_b, per_whole, whole) = site("\n[search]\nhost_ranges = \"none\"\n");
    assert_eq!(per_whole, 4);
    assert!(per_ranged >= 64, "{per_ranged} pages a file");
    assert!(!ranged.is_empty(), "frequent trigrams have position pages");
    assert_eq!(
        ranged.keys().collect::<Vec<_>>(),
        whole.keys().collect::<Vec<_>>()
    );
    for (key, files) in &ranged {
        assert_eq!(files.len(), 1, "{key}: one file");
        let split = &whole[key];
        let numbers: Vec<usize> = split.iter().map(|(f, _)| *f).collect();
        assert_eq!(numbers, (0..split.len()).collect::<Vec<_>>(), "{key}");
        assert_eq!(
            split
                .iter()
                .flat_map(|(_, b)| b.clone())
                .collect::<Vec<u8>>(),
            files[0].1,
            "{key}: the same pages"
        );
    }
    assert!(
        whole.values().any(|files| files.len() > 1),
        "a key of more than four pages is several files on a host without ranges"
    );
}

#[test]
fn a_host_ranges_setting_that_is_not_a_kind_names_its_line() {
    let site = fixture("basic");
    let toml = site.path().join("talkarchive.toml");
    write(
        &toml,
        &(read(&toml) + "\n[search]\nhost_ranges = \"sometimes\"\n"),
    );
    let o = run(&["build", "--quiet"], site.path());
    assert!(!o.status.success());
    let err = stderr(&o);
    let line = read(&toml).lines().count();
    assert!(err.contains("talkarchive.toml"), "{err}");
    assert!(err.contains(&format!(":{line}:")), "line {line}: {err}");
    assert!(err.contains("multi") && err.contains("none"), "{err}");
}
