//! `serve`'s incremental rebuild (`site::rebuild`) against fresh builds: after every edit — a
//! talk's text, a speaker's name, a new talk, a deleted talk, a broken file and its fix, a
//! template, a name's forms crossing the threshold of a name file — the served folder must
//! equal, byte for byte, what `build` makes of the same content with the same options; and an
//! edit to one talk's text must not render every page again.

mod common;
use common::*;
use std::collections::BTreeMap;
use std::path::Path;
use talkarchive::render::RenderOptions;
use talkarchive::site::{self, Rebuilt, Warm};

const BASE: &str = "http://127.0.0.1:8080/";

fn opts() -> RenderOptions {
    // What `serve` renders with.
    RenderOptions {
        live_reload: true,
        no_minify: true,
        ..Default::default()
    }
}

/// Every file under `dir`, by relative path.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.expect("walk"))
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).expect("prefix");
            (
                rel.to_string_lossy().replace('\\', "/"),
                std::fs::read(e.path()).expect("read"),
            )
        })
        .collect()
}

/// The files of the search index under `served`.
fn index_files(served: &Path) -> BTreeMap<String, Vec<u8>> {
    files(served)
        .into_iter()
        .filter(|(k, _)| k.starts_with("_search/"))
        .collect()
}

/// Asserts that `served` holds exactly what a fresh build of `root` makes.
fn assert_same_as_fresh_build(root: &Path, served: &Path, after: &str) {
    let fresh = root.join("fresh");
    let _ = std::fs::remove_dir_all(&fresh);
    site::build(
        root,
        &fresh,
        Some(BASE),
        &opts(),
        &|_| {},
        &mut talkarchive::timings::Stages::default(),
    )
    .unwrap_or_else(|d| panic!("fresh build after {after}: {d}"));
    let (want, got) = (files(&fresh), files(served));
    let missing: Vec<_> = want.keys().filter(|k| !got.contains_key(*k)).collect();
    let extra: Vec<_> = got.keys().filter(|k| !want.contains_key(*k)).collect();
    let differ: Vec<_> = want
        .iter()
        .filter(|(k, v)| got.get(*k).is_some_and(|g| g != *v))
        .map(|(k, _)| k)
        .collect();
    assert!(
        missing.is_empty() && extra.is_empty() && differ.is_empty(),
        "after {after}: served differs from a fresh build: missing {missing:?}, extra {extra:?}, \
         different {differ:?}"
    );
}

fn rebuild(root: &Path, served: &Path, warm: &mut Warm) -> Rebuilt {
    site::rebuild(root, served, Some(BASE), &opts(), warm, &|| {})
        .unwrap_or_else(|d| panic!("rebuild failed: {d}"))
}

/// Dates every content file an hour back, as files are that no one is editing: `serve` trusts
/// the size and time of change of those and does not read them again.
fn age_content(root: &Path) {
    let past = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    for e in walkdir::WalkDir::new(root.join("content")) {
        let e = e.expect("walk");
        if e.file_type().is_file() {
            let f = std::fs::File::options()
                .write(true)
                .open(e.path())
                .expect("open");
            f.set_modified(past).expect("set mtime");
        }
    }
}

/// Whether the rebuild built every page (as `Warm::verifying` does).
fn warm_verifies(r: &Rebuilt) -> bool {
    r.built == r.report.pages
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = read(path);
    assert!(text.contains(from), "{}: no `{from}`", path.display());
    write(path, &text.replace(from, to));
    // Dated back too, so the rebuild must tell the change by the new time, not by its recency.
    let past = std::time::SystemTime::now() - std::time::Duration::from_secs(10);
    let f = std::fs::File::options()
        .write(true)
        .open(path)
        .expect("open");
    f.set_modified(past).expect("set mtime");
}

#[test]
fn every_rebuild_equals_a_fresh_build_and_a_text_edit_renders_few_pages() {
    edits_in_turn(Warm::default());
}

/// The same, with every page built on every rebuild and checked against what `serve` assumed
/// could not change (so a dependency it misses fails here, not on a user's screen).
#[test]
fn pages_a_text_edit_is_assumed_not_to_change_do_not_change() {
    edits_in_turn(Warm::verifying());
}

fn edits_in_turn(mut warm: Warm) {
    let site = fixture("basic");
    let root = site.path();
    age_content(root);
    let served = root.join("served");

    let first = rebuild(root, &served, &mut warm);
    assert_eq!(
        first.rendered, first.report.pages,
        "the first build renders all"
    );
    assert_same_as_fresh_build(root, &served, "the first build");

    let again = rebuild(root, &served, &mut warm);
    assert_eq!(again.rendered, 0, "nothing changed, nothing rendered");
    assert_eq!(again.changed, 0);

    // A talk's text.
    let keynote = root.join("content/talks/conf-2024/02-keynote.md");
    let index_before = index_files(&served);
    edit(&keynote, "第二段", "改过的第二段");
    let body_edit = rebuild(root, &served, &mut warm);
    assert_same_as_fresh_build(root, &served, "a talk's text edit");
    // The search index changed as a fresh build's did (compared above): the talk's text pack
    // and the buckets of the new keys, not every file.
    let index_after = index_files(&served);
    let changed: Vec<&String> = index_after
        .iter()
        .filter(|(k, v)| index_before.get(*k) != Some(*v))
        .map(|(k, _)| k)
        .collect();
    // Chinese is two bytes a character there (UTF-16, little-endian: docs/search-index.md).
    let new_text: Vec<u8> = "改过的第二段"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    assert!(
        changed.iter().any(|k| k.contains("/t/")
            && index_after[*k]
                .windows(new_text.len())
                .any(|w| w == new_text.as_slice())),
        "the talk's text pack has the new text: {changed:?}"
    );
    assert!(changed.iter().any(|k| k.contains("/d/")), "{changed:?}");
    assert!(
        changed.iter().filter(|k| k.contains("/t/")).count() == 1,
        "only the edited talk's pack: {changed:?}"
    );
    assert!(
        body_edit.rendered > 0 && body_edit.rendered < body_edit.report.pages,
        "a text edit rendered {} of {} pages",
        body_edit.rendered,
        body_edit.report.pages
    );
    assert!(read(&served.join("talks/conf-2024/02-keynote/index.html")).contains("改过的第二段"));
    if !warm_verifies(&body_edit) {
        assert!(
            body_edit.built < body_edit.report.pages,
            "a text edit built {} of {} pages",
            body_edit.built,
            body_edit.report.pages
        );
    }

    // Texts that change what is computed from them: a new mention of a person and an org (their
    // "mentioned in" lists), words of a trend (which talks discuss it, the charts).
    let opening = root.join("content/talks/conf-2024/01-opening.md");
    edit(
        &opening,
        "下面有请李四。",
        "下面有请李四。王五和阿克米公司也来了。",
    );
    rebuild(root, &served, &mut warm);
    assert_same_as_fresh_build(root, &served, "a new mention in a talk's text");
    assert!(read(&served.join("speakers/wang-wu/index.html")).contains("开幕致辞"));
    edit(
        &opening,
        "欢迎各位来到测试大会。",
        "欢迎各位来到测试大会。具身智能和人形机器人是今天的主题。\n\n具身是关键。",
    );
    rebuild(root, &served, &mut warm);
    assert_same_as_fresh_build(root, &served, "a trend's words in a talk's text");
    edit(&opening, "王五和阿克米公司也来了。", "");
    rebuild(root, &served, &mut warm);
    assert_same_as_fresh_build(root, &served, "a mention taken out again");

    // A speaker's name: every page that showed it shows the new one.
    let showed: Vec<String> = files(&served)
        .into_iter()
        .filter(|(k, v)| k.ends_with(".html") && String::from_utf8_lossy(v).contains("李四"))
        .map(|(k, _)| k)
        .collect();
    assert!(showed.len() > 3, "the name is on several pages: {showed:?}");
    edit(
        &root.join("content/speakers/li-si.md"),
        "name = \"李四\"",
        "name = \"李四新\"",
    );
    let renamed = rebuild(root, &served, &mut warm);
    assert_same_as_fresh_build(root, &served, "a speaker's new name");
    for page in ["speakers/li-si/index.html", "speakers/index.html"] {
        assert!(read(&served.join(page)).contains("李四新"), "{page}");
    }
    assert!(renamed.rendered >= 3, "rendered {}", renamed.rendered);

    // A new talk, then deleting it.
    let new_talk = root.join("content/talks/conf-2024/03-closing.md");
    write(
        &new_talk,
        "+++\ntitle = \"闭幕致辞\"\nkind = \"remarks\"\norder = 3\nspeakers = [\"li-si\"]\n\
         summary = \"李四宣布大会闭幕。\"\n+++\n感谢各位，具身智能的未来属于张三。\n",
    );
    rebuild(root, &served, &mut warm);
    assert_same_as_fresh_build(root, &served, "adding a talk");
    assert!(served
        .join("talks/conf-2024/03-closing/index.html")
        .is_file());
    std::fs::remove_file(&new_talk).expect("rm");
    rebuild(root, &served, &mut warm);
    assert_same_as_fresh_build(root, &served, "deleting the talk");
    assert!(!served
        .join("talks/conf-2024/03-closing/index.html")
        .exists());

    // A broken edit keeps the served site as it was; the fix is then rebuilt right.
    let before = files(&served);
    let good = read(&keynote);
    write(&keynote, "+++\ntitle = \"unclosed\n");
    assert!(site::rebuild(root, &served, Some(BASE), &opts(), &mut warm, &|| {}).is_err());
    assert!(
        files(&served) == before,
        "a failed rebuild changed the served site"
    );
    write(&keynote, &good.replace("改过的第二段", "又改过的第二段"));
    rebuild(root, &served, &mut warm);
    assert_same_as_fresh_build(root, &served, "fixing a broken talk");

    // An edit to a trend (a name every talk's reading depends on).
    let trend = root.join("content/trends/jushen-zhineng.md");
    let text = read(&trend);
    write(&trend, &format!("{text}\n新增的一段。\n"));
    rebuild(root, &served, &mut warm);
    assert_same_as_fresh_build(root, &served, "a trend's text edit");

    // A template of the site's own: every page may change.
    write(
        &root.join("templates/404.html"),
        "{% extends \"base.html\" %}{% block content %}<p>换了的404</p>{% endblock content %}",
    );
    rebuild(root, &served, &mut warm);
    assert_same_as_fresh_build(root, &served, "a template override");
    assert!(read(&served.join("404.html")).contains("换了的404"));
}

/// A name whose forms have a file of their own in the index (`n/`, search/name_files.rs) when
/// that saves the buckets enough: an edit that takes its forms under the threshold moves them
/// back into the buckets, and one that brings them back makes the file again, as a fresh build
/// does. The shipped archive's 第一财经 is such a name (twelve forms); with four of its
/// misspellings gone it is not.
#[test]
fn a_name_crossing_the_name_file_threshold_is_served_as_a_fresh_build_makes_it() {
    let repo = repo_root();
    let copy = tempfile::tempdir().unwrap();
    let root = copy.path();
    copy_dir(&repo.join("content"), &root.join("content"));
    for dir in ["templates", "static", "sources"] {
        if repo.join(dir).is_dir() {
            copy_dir(&repo.join(dir), &root.join(dir));
        }
    }
    std::fs::copy(repo.join("talkarchive.toml"), root.join("talkarchive.toml")).unwrap();
    age_content(root);
    let served = root.join("served");
    let mut warm = Warm::default();
    let name_files = |served: &Path| -> Vec<String> {
        index_files(served)
            .into_keys()
            .filter(|k| k.starts_with("_search/n/"))
            .collect()
    };
    rebuild(root, &served, &mut warm);
    assert_eq!(name_files(&served), ["_search/n/0.bin"]);

    let org = root.join("content/orgs/diyicaijing.md");
    let all = "\"第一裁经\", \"地一财经\", \"第一蔡经\", \"新意财经\"";
    edit(&org, &format!(", {all}]"), "]");
    rebuild(root, &served, &mut warm);
    assert_same_as_fresh_build(root, &served, "a large name made small");
    assert!(name_files(&served).is_empty(), "{:?}", name_files(&served));

    edit(&org, "\"低财经\"]", &format!("\"低财经\", {all}]"));
    rebuild(root, &served, &mut warm);
    assert_same_as_fresh_build(root, &served, "a small name made large");
    assert_eq!(name_files(&served), ["_search/n/0.bin"]);
}

/// A site built for a host without ranges (`[search] host_ranges = "none"`: `d/` packs that
/// begin with their offsets, small fragments): `serve`'s updates write them as a fresh build
/// does, and a change of the setting while serving lays the index out again.
#[test]
fn packs_for_a_host_without_ranges_are_served_as_a_fresh_build_makes_them() {
    let site = fixture("basic");
    let root = site.path();
    let toml = root.join("talkarchive.toml");
    let plain = read(&toml);
    write(
        &toml,
        &format!("{plain}\n[search]\nhost_ranges = \"none\"\n"),
    );
    age_content(root);
    let served = root.join("served");
    let pack_head = |served: &Path| {
        let meta: serde_json::Value =
            serde_json::from_str(&read(&served.join("_search/meta.json"))).expect("meta.json");
        meta["packHead"] == true
    };
    let mut warm = Warm::default();
    rebuild(root, &served, &mut warm);
    assert_same_as_fresh_build(root, &served, "the first build");
    assert!(pack_head(&served));

    let keynote = root.join("content/talks/conf-2024/02-keynote.md");
    edit(&keynote, "第二段", "改过的第二段");
    rebuild(root, &served, &mut warm);
    assert_same_as_fresh_build(root, &served, "a talk's text edit");

    write(&toml, &plain);
    rebuild(root, &served, &mut warm);
    assert_same_as_fresh_build(root, &served, "the setting taken out");
    assert!(!pack_head(&served));
}
