//! `talkarchive init`: a new archive in either language builds and passes `check` at once, and
//! a folder that holds anything is refused with nothing written.

mod common;
use common::*;

fn init(parent: &std::path::Path, args: &[&str]) -> std::path::PathBuf {
    let mut all = vec!["init"];
    all.extend_from_slice(args);
    let o = run(&all, parent);
    assert!(o.status.success(), "init failed: {}", stderr(&o));
    parent.join(args[0])
}

fn check_ok(root: &std::path::Path) {
    let o = run(&["check"], root);
    assert!(o.status.success(), "check failed: {}", stderr(&o));
}

#[test]
fn an_english_archive_builds_and_checks_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let root = init(
        dir.path(),
        &[
            "talks",
            "--title",
            "Meetup \"talks\"",
            "--base-url",
            "https://example.org/talks",
        ],
    );
    check_ok(&root);
    let out = build_ok(&root, &[]);
    let home = read(&out.join("index.html"));
    assert!(home.contains("<html lang=\"en\">"), "{home}");
    assert!(
        home.contains("<title>Meetup &quot;talks&quot;</title>"),
        "{home}"
    );
    assert!(
        home.contains("1 event · 1 talk · 1 speaker · 1 organisation · 1 trend"),
        "{home}"
    );
    assert!(
        home.contains("href=\"/talks/events/\""),
        "links under the base path: {home}"
    );
    let talk = read(&out.join("talks/meetup-2025-01/01-small-models/index.html"));
    assert!(talk.contains("<dt>Speakers</dt>"), "{talk}");
    // Dates in the language's words on pages, ISO 8601 where machines read them.
    assert!(
        talk.contains("<time datetime=\"2025-01-21\">21 January 2025</time>"),
        "{talk}"
    );
    assert!(read(&out.join("feed.xml")).contains("<updated>2025-01-21T"));
    assert!(
        talk.contains("href=\"/talks/speakers/sam-rivera/\">Sam Rivera</a>"),
        "{talk}"
    );
    assert!(
        talk.contains("<span class=\"muted\"> (Machine learning engineer, Example Labs)</span>"),
        "{talk}"
    );
    // No word of the theme in Chinese anywhere in an English archive (its content is English).
    for (path, bytes) in tree(&out) {
        if path.ends_with(".html") || path.ends_with(".xml") || path.ends_with(".json") {
            let text = String::from_utf8_lossy(&bytes);
            let han = text.chars().find(|c| ('\u{4e00}'..='\u{9fff}').contains(c));
            assert_eq!(han, None, "{path} has a Chinese character");
        }
    }
    assert_eq!(
        read(&root.join(".gitignore")),
        "/public/\n/.public.talkarchive-cache/\n"
    );
    assert!(read(&root.join("README.md")).starts_with("# Meetup \"talks\"\n"));
    assert!(root.join("sources/README.md").is_file());
}

#[test]
fn a_chinese_archive_builds_and_checks_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let root = init(dir.path(), &["dangan", "--language", "zh-CN"]);
    check_ok(&root);
    let out = build_ok(&root, &[]);
    let home = read(&out.join("index.html"));
    assert!(home.contains("<html lang=\"zh-CN\">"), "{home}");
    assert!(home.contains("<title>我的演讲档案</title>"), "{home}");
    assert!(
        home.contains("1 个活动 · 1 场演讲 · 1 位嘉宾 · 1 家机构 · 1 个趋势"),
        "{home}"
    );
    let speaker = read(&out.join("speakers/lin-xiao/index.html"));
    assert!(speaker.contains("订阅 林晓 的演讲（Atom）"), "{speaker}");
    let event = read(&out.join("events/salon-2025-01/index.html"));
    assert!(
        event.contains("<time datetime=\"2025-01-21\">2025年1月21日</time>"),
        "{event}"
    );
}

#[test]
fn a_non_empty_folder_or_a_bad_option_is_refused_with_nothing_written() {
    let dir = tempfile::tempdir().unwrap();
    write(&dir.path().join("mine/notes.md"), "keep me");
    let o = run(&["init", "mine"], dir.path());
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(
        err.contains("not empty") && err.contains("notes.md"),
        "{err}"
    );
    let left: Vec<_> = std::fs::read_dir(dir.path().join("mine"))
        .unwrap()
        .collect();
    assert_eq!(left.len(), 1, "nothing written");

    let o = run(&["init", "fr", "--language", "fr"], dir.path());
    assert!(
        stderr(&o).contains("no starter archive in language `fr`"),
        "{}",
        stderr(&o)
    );
    let o = run(&["init", "bad", "--base-url", "example.org"], dir.path());
    assert!(
        stderr(&o).contains("not an absolute http(s) URL"),
        "{}",
        stderr(&o)
    );
    assert!(!dir.path().join("fr").exists() && !dir.path().join("bad").exists());
}
