//! `talkarchive import` on a transcript of its own (tests/fixtures/import/forum-b.txt: five items
//! with clear hand-overs): the cuts, the drafts and what they name, how `check`, `build` and
//! `build --drafts` treat drafts, and the refusals.

mod common;
use common::*;
use std::path::{Path, PathBuf};

const TRANSCRIPT: &str = "tests/fixtures/import/forum-b.txt";

/// The basic site, and the transcript beside it (not in it).
fn site_and_transcript() -> (tempfile::TempDir, PathBuf) {
    let site = fixture("basic");
    let outside = site.path().join("incoming");
    std::fs::create_dir_all(&outside).expect("mkdir");
    let transcript = outside.join("forum-b.txt");
    std::fs::copy(repo_root().join(TRANSCRIPT), &transcript).expect("copy transcript");
    (site, transcript)
}

fn import(root: &Path, transcript: &Path, event: &str) -> std::process::Output {
    run(
        &[
            "import",
            &transcript.to_string_lossy(),
            "--event",
            event,
            "--root",
            ".",
        ],
        root,
    )
}

/// The drafts of `event`, by file name, with their text.
fn drafts(root: &Path, event: &str) -> Vec<(String, String)> {
    let mut found: Vec<(String, String)> =
        std::fs::read_dir(root.join("content/talks").join(event))
            .expect("event folder")
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .filter(|p| p.to_string_lossy().ends_with("-draft.md"))
            .map(|p| {
                (
                    p.file_name().unwrap().to_string_lossy().into_owned(),
                    read(&p),
                )
            })
            .collect();
    found.sort();
    found
}

fn first_line(text: &str) -> usize {
    let at = text.find("lines = [").expect("a draft has [source] lines") + "lines = [".len();
    text[at..]
        .split(',')
        .next()
        .unwrap()
        .trim()
        .parse()
        .expect("a number")
}

#[test]
fn import_cuts_at_the_hand_overs_and_writes_loadable_drafts() {
    let (site, transcript) = site_and_transcript();
    let root = site.path();
    let o = import(root, &transcript, "forum-a");
    assert!(o.status.success(), "{}", stderr(&o));
    // The source is copied byte for byte.
    assert_eq!(
        std::fs::read(root.join("sources/forum-b.txt")).unwrap(),
        std::fs::read(&transcript).unwrap()
    );
    let declared = read(&root.join("sources/sources.toml"));
    assert!(
        declared.contains("[\"forum-b.txt\"]\nkind = \"transcript\""),
        "{declared}"
    );
    let drafts = drafts(root, "forum-a");
    let names: Vec<&str> = drafts.iter().map(|(n, _)| n.as_str()).collect();
    // forum-a already has a talk of order 1: the drafts follow it.
    assert_eq!(
        names,
        [
            "02-draft.md",
            "03-draft.md",
            "04-draft.md",
            "05-draft.md",
            "06-draft.md"
        ]
    );
    let starts: Vec<usize> = drafts.iter().map(|(_, t)| first_line(t)).collect();
    // The host's opening; the introduction of 李四; after the thank-you to him; the release
    // announced after the thank-you to 赵六; after the leaders are seated, the close.
    assert_eq!(starts, [1, 11, 31, 55, 63]);
    for (name, text) in &drafts {
        assert!(text.contains("draft = true"), "{name}: {text}");
        assert!(text.contains("file = \"forum-b.txt\""), "{name}: {text}");
    }
    // The known speaker and his org are filled in; the unknown one is listed for the archivist.
    let li_si = &drafts[1].1;
    assert!(li_si.contains("speakers = [\"li-si\"]"), "{li_si}");
    assert!(li_si.contains("orgs = [\"acme\"]"), "{li_si}");
    assert!(li_si.contains("title = \"机器人的通用大脑\""), "{li_si}");
    assert!(
        li_si.contains("各位领导，各位嘉宾，大家上午好。"),
        "{li_si}"
    );
    let zhao_liu = &drafts[2].1;
    assert!(zhao_liu.contains("does not know"), "{zhao_liu}");
    assert!(zhao_liu.contains("赵六"), "{zhao_liu}");
    // Every draft loads: check passes, and lists them.
    let o = run(&["check", "--root", "."], root);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("5 draft talks"), "{err}");
    assert!(
        err.contains("content/talks/forum-a/02-draft.md (lines 1–9): review the title and the cut, write the summary"),
        "{err}"
    );
}

#[test]
fn build_leaves_drafts_out_unless_asked_and_marks_them() {
    let (site, transcript) = site_and_transcript();
    let root = site.path();
    assert!(import(root, &transcript, "forum-a").status.success());
    let out = build_ok(root, &[]);
    assert!(!out.join("talks/forum-a/03-draft/index.html").exists());
    assert!(out.join("talks/forum-a/01-panel/index.html").exists());
    assert!(!read(&out.join("events/forum-a/index.html")).contains("03-draft"));

    let out = build_ok(root, &["--drafts"]);
    let page = read(&out.join("talks/forum-a/03-draft/index.html"));
    assert!(
        page.contains("<span class=\"badge draft\">草稿</span>"),
        "{page}"
    );
    assert!(
        page.contains("<meta name=\"robots\" content=\"noindex\">"),
        "{page}"
    );
    let event = read(&out.join("events/forum-a/index.html"));
    assert!(event.contains("03-draft"), "{event}");
    assert!(!read(&out.join("sitemap.xml")).contains("03-draft"));
    // A published talk is not marked.
    let panel = read(&out.join("talks/forum-a/01-panel/index.html"));
    assert!(!panel.contains("noindex"), "{panel}");
}

#[test]
fn importing_a_source_again_is_refused_and_writes_nothing() {
    let (site, transcript) = site_and_transcript();
    let root = site.path();
    assert!(import(root, &transcript, "forum-a").status.success());
    let before = tree(root);
    let o = import(root, &transcript, "conf-2024");
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(
        err.contains("already imported: 5 talks take their text from it"),
        "{err}"
    );
    assert!(err.contains("nothing was written"), "{err}");
    assert!(tree(root) == before, "a refused import changed the site");
}

#[test]
fn an_unknown_event_is_a_clear_error() {
    let (site, transcript) = site_and_transcript();
    let root = site.path();
    let before = tree(root);
    let o = import(root, &transcript, "forum-z");
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(err.contains("there is no event `forum-z`"), "{err}");
    assert!(err.contains("did you mean `forum-a`"), "{err}");
    assert!(tree(root) == before, "a failed import changed the site");
}

#[test]
fn a_different_file_of_the_same_name_is_refused() {
    let (site, transcript) = site_and_transcript();
    let root = site.path();
    write(&root.join("sources/forum-b.txt"), "另一份文件。\n");
    let o = import(root, &transcript, "forum-a");
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("a different file of this name"),
        "{}",
        stderr(&o)
    );
    assert!(!root.join("content/talks/forum-a/02-draft.md").exists());
}
