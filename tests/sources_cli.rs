//! `check` and `fill` on a site of their own (tests/fixtures/sources): a forum cut from a 36-line
//! transcript into three talks (lines 1–2 declared skipped), and an article with curated alt text.
//! A moved boundary, a line in two talks, an undeclared gap, a missing source, and `fill`
//! putting it right.

mod common;
use common::*;
use std::path::Path;

const OPENING: &str = "content/talks/forum/01-opening.md";
const KEYNOTE: &str = "content/talks/forum/02-keynote.md";
const PANEL: &str = "content/talks/forum/03-panel.md";
const NOTES: &str = "content/talks/forum/04-notes.md";

fn set_lines(root: &Path, talk: &str, from: &str, to: &str) {
    let path = root.join(talk);
    let text = read(&path);
    assert!(text.contains(from), "{talk} has no `{from}`");
    write(&path, &text.replacen(from, to, 1));
}

fn check(root: &Path) -> (bool, String) {
    let o = run(&["check", "--quiet"], root);
    (o.status.success(), stderr(&o))
}

fn fill(root: &Path, talks: &[&str]) -> (bool, String, String) {
    let mut args = vec!["fill"];
    args.extend_from_slice(talks);
    let o = run(&args, root);
    (
        o.status.success(),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        stderr(&o),
    )
}

/// The text of a talk file up to and including its closing `+++`.
fn front_matter(root: &Path, talk: &str) -> String {
    let text = read(&root.join(talk));
    let end = text[3..].find("\n+++\n").expect("closed front matter") + 3 + 5;
    text[..end].to_string()
}

#[test]
fn the_fixture_checks_and_fill_writes_nothing() {
    let site = fixture("sources");
    let (ok, err) = check(site.path());
    assert!(ok, "{err}");
    let before = tree(site.path());
    let (ok, out, err) = fill(site.path(), &[]);
    assert!(ok, "{err}");
    assert_eq!(out, "", "nothing changed, nothing listed");
    assert!(err.contains("nothing written"), "{err}");
    assert_eq!(tree(site.path()), before, "not a byte written");
    let o = run(&["check"], site.path());
    assert!(stderr(&o).contains("2 sources covered"), "{}", stderr(&o));
}

#[test]
fn a_moved_boundary_is_reported_and_fill_puts_it_right() {
    let site = fixture("sources");
    let root = site.path();
    let keynote_fm = front_matter(root, KEYNOTE);
    // The keynote now starts two lines later: lines 8–9 belong to nothing.
    set_lines(root, KEYNOTE, "lines = [8, 21]", "lines = [10, 21]");
    let keynote_fm = keynote_fm.replace("lines = [8, 21]", "lines = [10, 21]");
    let (ok, err) = check(root);
    assert!(!ok);
    assert!(
        err.contains(&format!(
            "sources/forum.txt:8: lines 8–9 are in no talk, between {OPENING} (lines 3–7) and {KEYNOTE} (lines 10–21)"
        )),
        "{err}"
    );
    // The keynote's body still starts with line 8: its first body line (line 12) is wrong.
    assert!(
        err.contains(&format!("{KEYNOTE}:12: the body is not the text of lines 10–21 of sources/forum.txt: this line should hold source line 10")),
        "{err}"
    );
    assert!(
        err.contains(&format!("help: run `talkarchive fill {KEYNOTE}`")),
        "{err}"
    );

    // The opening takes the two lines in; fill writes both bodies.
    set_lines(root, OPENING, "lines = [3, 7]", "lines = [3, 9]");
    let (ok, out, err) = fill(root, &[]);
    assert!(ok, "{err}");
    assert_eq!(
        out,
        format!(
            "{OPENING}: 3 paragraphs → 5 (+2 at the end)\n{KEYNOTE}: 13 paragraphs → 11 (−2 at the start)\n"
        )
    );
    let (ok, err) = check(root);
    assert!(ok, "{err}");
    let opening = read(&root.join(OPENING));
    assert!(
        opening.ends_with("掌声有请。\n\n谢谢张三，大家好。\n\n今天我想讲讲机器人怎样学会走路。\n"),
        "{opening}"
    );
    // The front matter is kept byte for byte; the transcript's noise and spaces are not.
    assert_eq!(front_matter(root, KEYNOTE), keynote_fm);
    let keynote = read(&root.join(KEYNOTE));
    assert!(
        keynote.contains("\n+++\n过去十年，我们用仿真训练了很多策略。\n\n但是仿真"),
        "{keynote}"
    );
    assert!(
        keynote.contains("学会叠衣服。\n") && !keynote.contains('😊'),
        "{keynote}"
    );
    // The curated alt text of the article survived the fill of every talk.
    assert!(read(&root.join(NOTES)).contains("![会场全景](https://example.org/hall.png)"));
}

#[test]
fn a_line_in_two_talks_names_both() {
    let site = fixture("sources");
    set_lines(site.path(), PANEL, "lines = [22, 36]", "lines = [20, 36]");
    let (ok, err) = check(site.path());
    assert!(!ok);
    assert!(
        err.contains(&format!(
            "sources/forum.txt:20: lines 20–21 are in more than one place: {KEYNOTE} (lines 8–21) and {PANEL} (lines 20–36)"
        )),
        "{err}"
    );
    assert!(
        err.contains("help: move a boundary so that each line is in one talk"),
        "{err}"
    );
}

#[test]
fn skipped_lines_must_be_declared_and_held_by_nothing_else() {
    let site = fixture("sources");
    let toml = site.path().join("sources/sources.toml");
    let declared = read(&toml);
    // Without the skip, line 2 has text and no talk (line 1 is noise only).
    write(&toml, "[\"forum.txt\"]\nkind = \"transcript\"\n");
    let (ok, err) = check(site.path());
    assert!(!ok);
    assert!(
        err.contains(&format!(
            "sources/forum.txt:2: line 2 is in no talk, before {OPENING} (lines 3–7)"
        )),
        "{err}"
    );
    assert!(
        err.contains("skip = [{ lines = [2, 2], reason = \"…\" }]"),
        "{err}"
    );
    // A skipped range that reaches into a talk.
    write(&toml, &declared.replace("lines = [1, 2]", "lines = [1, 3]"));
    let (ok, err) = check(site.path());
    assert!(!ok);
    assert!(
        err.contains(&format!("sources/forum.txt:3: line 3 is in more than one place: the skipped range “开场音乐与试麦” (lines 1–3) and {OPENING} (lines 3–7)")),
        "{err}"
    );
    // A skipped range without a reason.
    write(&toml, &declared.replace("开场音乐与试麦", " "));
    let (ok, err) = check(site.path());
    assert!(!ok);
    assert!(
        err.contains(
            "sources/sources.toml:1: [\"forum.txt\"]: the skipped lines [1, 2] have no reason"
        ),
        "{err}"
    );
}

#[test]
fn a_source_no_talk_comes_from_is_reported_by_check() {
    let site = fixture("sources");
    write(&site.path().join("sources/extra.txt"), "一行。\n\n两行。\n");
    let (ok, err) = check(site.path());
    assert!(!ok);
    assert!(
        err.contains(
            "sources/extra.txt:1: lines 1–3 are in no talk, and no talk comes from this source"
        ),
        "{err}"
    );
    // The build does not read sources no talk names.
    let o = run(&["build", "--quiet"], site.path());
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn a_missing_source_names_the_talk_its_line_and_the_sources_there() {
    let site = fixture("sources");
    std::fs::remove_file(site.path().join("sources/notes.txt")).unwrap();
    let want = format!("{NOTES}:9: `[source] file = \"notes.txt\"`: there is no file `notes.txt` in sources/ (the sources there are forum.txt)");
    for args in [&["check"][..], &["build"], &["fill"], &["fill", NOTES]] {
        let o = run(args, site.path());
        assert!(!o.status.success(), "{args:?}");
        assert!(stderr(&o).contains(&want), "{args:?}: {}", stderr(&o));
    }
    // A file several talks name is one error, at the first of them.
    std::fs::remove_file(site.path().join("sources/forum.txt")).unwrap();
    let err = stderr(&run(&["build"], site.path()));
    assert!(
        err.contains(&format!("{OPENING}:9: `[source] file = \"forum.txt\"`: there is no file `forum.txt` in sources/ (the folder holds no source); 2 other talks name it too")),
        "{err}"
    );
    assert!(!err.contains(KEYNOTE), "{err}");
}

#[test]
fn fill_refuses_unknown_talks_and_bad_ranges_and_then_writes_nothing() {
    let site = fixture("sources");
    let root = site.path();
    // A boundary that fill could put right, and a range past the end of the source.
    set_lines(root, OPENING, "lines = [3, 7]", "lines = [3, 9]");
    set_lines(root, PANEL, "lines = [22, 36]", "lines = [22, 99]");
    let before = tree(root);
    let (ok, _, err) = fill(root, &[]);
    assert!(!ok);
    assert!(
        err.contains(&format!("{PANEL}:10: lines [22, 99] go past the end of the source, which has 36 lines (sources/forum.txt)")),
        "{err}"
    );
    let (ok, _, err) = fill(root, &["forum/01-opening", "forum/no-such-talk"]);
    assert!(!ok);
    assert!(
        err.contains("there is no talk `forum/no-such-talk`")
            && err.contains("help: name a talk by its file"),
        "{err}"
    );
    set_lines(root, PANEL, "lines = [22, 99]", "lines = [7, 3]");
    let (ok, _, err) = fill(root, &[PANEL]);
    assert!(!ok);
    assert!(err.contains("lines [7, 3] end before they start"), "{err}");
    assert_eq!(tree(root).len(), before.len());
    assert_eq!(
        read(&root.join(OPENING)),
        String::from_utf8(before.iter().find(|(n, _)| n == OPENING).unwrap().1.clone()).unwrap(),
        "nothing written while a named talk cannot be filled"
    );
    // Named by event/slug, the one that can be filled is, and only it.
    let (ok, out, err) = fill(root, &["forum/01-opening"]);
    assert!(ok, "{err}");
    assert_eq!(
        out,
        format!("{OPENING}: 3 paragraphs → 5 (+2 at the end)\n")
    );
}

#[test]
fn fill_keeps_a_crlf_front_matter_as_it_is() {
    let site = fixture("sources");
    let path = site.path().join(OPENING);
    let crlf = read(&path).replace('\n', "\r\n");
    let (fm_end, _) = crlf.match_indices("+++\r\n").nth(1).unwrap();
    let front = crlf[..fm_end + 5].replace("lines = [3, 7]", "lines = [3, 6]");
    write(&path, &format!("{front}旧的正文。\r\n"));
    let (ok, out, err) = fill(site.path(), &[OPENING]);
    assert!(ok, "{err}");
    assert_eq!(
        out,
        format!("{OPENING}: 1 paragraph → 3 (1 replaced by 3 throughout)\n")
    );
    let text = read(&path);
    assert!(text.starts_with(&front), "{text:?}");
    assert!(
        text.ends_with(
            "我是今天的主持人张三。\r\n\r\n首先有请李四博士为我们带来主题演讲，掌声有请。\r\n"
        ),
        "{text:?}"
    );
    let (ok, err) = check(site.path());
    assert!(ok, "{err}");
}

#[test]
fn fill_has_help() {
    let o = bin().args(["fill", "--help"]).output().unwrap();
    assert!(o.status.success());
    assert!(String::from_utf8_lossy(&o.stdout).contains("[source] lines"));
}
