//! Source pages: one per source a talk takes its text from, each line an anchor `#L<n>`, each
//! talk's range linked to the talk, and each talk linked to its first line there.

mod common;
use common::*;

/// The basic site with the import fixture imported into forum-a (drafts at lines 1, 11, 31, 55, 63).
fn imported_site() -> tempfile::TempDir {
    let site = fixture("basic");
    let transcript = site.path().join("forum-b.txt");
    std::fs::copy(
        repo_root().join("tests/fixtures/import/forum-b.txt"),
        &transcript,
    )
    .expect("copy transcript");
    let o = run(
        &["import", "forum-b.txt", "--event", "forum-a", "--root", "."],
        site.path(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    std::fs::remove_file(&transcript).expect("remove the original");
    site
}

#[test]
fn a_source_page_numbers_every_line_and_links_each_range_to_its_talk() {
    let site = imported_site();
    let out = build_ok(site.path(), &["--drafts"]);
    let page = read(&out.join("sources/forum-b/index.html"));
    let lines = read(&site.path().join("sources/forum-b.txt"))
        .lines()
        .count();
    for n in 1..=lines {
        assert!(
            page.contains(&format!(
                "id=\"L{n}\"><a class=\"ln\" href=\"#L{n}\">{n}</a>"
            )),
            "line {n} has no anchor"
        );
    }
    assert!(!page.contains(&format!("id=\"L{}\"", lines + 1)));
    // Each range opens with its talk, and the list of talks points at the ranges.
    assert!(
        page.contains("<a href=\"/talks/forum-a/03-draft/\">机器人的通用大脑</a>（第 11–29 行）"),
        "{page}"
    );
    assert!(page.contains("<a href=\"#L11\">第 11–29 行</a>"), "{page}");
    // The text is the source's, escaped, not filled (the noise markers of a transcript stay).
    assert!(page.contains("我的分享就到这里，谢谢大家。"));
    // The talk links back to its first line.
    let talk = read(&out.join("talks/forum-a/03-draft/index.html"));
    assert!(
        talk.contains("<a href=\"/sources/forum-b/#L11\">原文 第 11–29 行</a>"),
        "{talk}"
    );
    // Every link and anchor resolves.
    let o = run(&["check", "--root", "."], site.path());
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn a_source_only_drafts_take_text_from_has_no_page_without_drafts() {
    let site = imported_site();
    let out = build_ok(site.path(), &[]);
    assert!(!out.join("sources/forum-b/index.html").exists());
}

#[test]
fn a_source_page_escapes_the_text() {
    let site = imported_site();
    let source = site.path().join("sources/forum-b.txt");
    let text = read(&source).replacen("欢迎来到今天的测试论坛", "<script>alert(1)</script>", 1);
    write(&source, &text);
    // The drafts' bodies must follow the source: refill the first one by hand.
    let draft = site.path().join("content/talks/forum-a/02-draft.md");
    let body = read(&draft).replacen("欢迎来到今天的测试论坛", "<script>alert(1)</script>", 1);
    write(&draft, &body);
    let out = build_ok(site.path(), &["--drafts"]);
    let page = read(&out.join("sources/forum-b/index.html"));
    assert!(!page.contains("<script>alert(1)"), "{page}");
    assert!(
        page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{page}"
    );
}
