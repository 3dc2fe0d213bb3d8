//! Bad input: every error names the file (and line where there is one), says what to do, exits
//! non-zero, and leaves the previous output as it was.

mod common;
use common::*;
use std::path::Path;

/// Builds the fixture once, applies `change`, builds again; returns stderr of the failed build
/// after checking the exit code and that the previous output is unchanged.
fn failing_build(change: impl FnOnce(&Path)) -> String {
    let site = fixture("basic");
    let out = build_ok(site.path(), &[]);
    let before = read(&out.join("index.html"));
    change(site.path());
    let o = run(&["build", "--quiet", "--no-minify"], site.path());
    assert!(!o.status.success(), "the build should fail");
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        read(&out.join("index.html")),
        before,
        "previous output left untouched"
    );
    stderr(&o)
}

const TALK: &str = "content/talks/conf-2024/01-opening.md";

#[test]
fn unknown_speaker_names_file_line_and_nearest_slug() {
    let err = failing_build(|root| {
        write(&root.join(TALK), "+++\ntitle = \"t\"\nkind = \"remarks\"\norder = 1\nspeakers = [\n  \"li-sii\",\n]\nsummary = \"s\"\n+++\n");
    });
    assert!(
        err.contains(
            "content/talks/conf-2024/01-opening.md:6: unknown speaker `li-sii` in `speakers`"
        ),
        "{err}"
    );
    assert!(err.contains("did you mean `li-si`?"), "{err}");
}

#[test]
fn a_name_instead_of_a_slug_suggests_the_slug() {
    let err = failing_build(|root| {
        write(&root.join(TALK), "+++\ntitle = \"t\"\nkind = \"remarks\"\norder = 1\nspeakers = [\"李四\"]\nsummary = \"s\"\n+++\n");
    });
    assert!(err.contains("did you mean `li-si`?"), "{err}");
}

#[test]
fn malformed_toml_names_the_line() {
    let err = failing_build(|root| {
        write(
            &root.join(TALK),
            "+++\ntitle = \"t\nkind = \"remarks\"\n+++\n",
        );
    });
    assert!(err.contains("01-opening.md:2:"), "{err}");
    assert!(err.contains("help:"), "{err}");
}

#[test]
fn missing_front_matter_and_unclosed_front_matter() {
    let err = failing_build(|root| write(&root.join(TALK), "just text\n"));
    assert!(
        err.contains("01-opening.md:1: the file does not start with front matter"),
        "{err}"
    );
    let err = failing_build(|root| write(&root.join(TALK), "+++\ntitle = \"t\"\n"));
    assert!(
        err.contains("01-opening.md:1: the front matter is not closed"),
        "{err}"
    );
    assert!(err.contains("add a line holding only `+++`"), "{err}");
}

#[test]
fn missing_field_and_wrong_type() {
    let err = failing_build(|root| {
        write(
            &root.join(TALK),
            "+++\ntitle = \"t\"\nkind = \"remarks\"\norder = 1\n+++\n",
        )
    });
    assert!(
        err.contains("01-opening.md") && err.contains("missing field `summary`"),
        "{err}"
    );
    let err = failing_build(|root| {
        write(
            &root.join(TALK),
            "+++\ntitle = \"t\"\nkind = \"remarks\"\norder = \"one\"\nsummary = \"s\"\n+++\n",
        )
    });
    assert!(
        err.contains("01-opening.md:4:") && err.contains("invalid type"),
        "{err}"
    );
}

#[test]
fn unknown_key_and_unknown_kind() {
    let err = failing_build(|root| {
        write(&root.join(TALK), "+++\ntitle = \"t\"\nkind = \"remarks\"\norder = 1\nspeaker = [\"li-si\"]\nsummary = \"s\"\n+++\n")
    });
    assert!(
        err.contains("01-opening.md:5:") && err.contains("unknown field `speaker`"),
        "{err}"
    );
    let err = failing_build(|root| {
        write(
            &root.join(TALK),
            "+++\ntitle = \"t\"\nkind = \"speech\"\norder = 1\nsummary = \"s\"\n+++\n",
        )
    });
    assert!(
        err.contains("01-opening.md:3:") && err.contains("unknown variant `speech`"),
        "{err}"
    );
}

#[test]
fn several_errors_are_all_reported() {
    let err = failing_build(|root| {
        write(&root.join(TALK), "+++\ntitle = \"t\"\nkind = \"remarks\"\norder = 1\nspeakers = [\"nobody\"]\nsummary = \"s\"\n+++\n");
        write(
            &root.join("content/speakers/li-si.md"),
            "+++\nname = \"李四\"\norg = \"acmee\"\n+++\n",
        );
        write(&root.join("content/orgs/broken.md"), "+++\nname = 5\n+++\n");
    });
    assert!(err.contains("unknown speaker `nobody`"), "{err}");
    assert!(
        err.contains("unknown org `acmee`") && err.contains("did you mean `acme`?"),
        "{err}"
    );
    assert!(err.contains("content/orgs/broken.md:2:"), "{err}");
    assert!(err.contains("3 errors"), "{err}");
}

#[test]
fn unknown_event_trend_and_org_references() {
    let err = failing_build(|root| {
        write(
            &root.join("content/talks/no-such-event/01-x.md"),
            "+++\ntitle = \"t\"\nkind = \"remarks\"\norder = 1\nsummary = \"s\"\n+++\n",
        );
        write(&root.join(TALK), "+++\ntitle = \"t\"\nkind = \"remarks\"\norder = 1\ntrends = [\"jushen\"]\norgs = [\"nope\"]\nsummary = \"s\"\n+++\n");
    });
    assert!(
        err.contains("the talk's folder `no-such-event` is not an event"),
        "{err}"
    );
    assert!(err.contains("unknown trend `jushen`"), "{err}");
    assert!(err.contains("unknown org `nope`"), "{err}");
}

#[test]
fn duplicate_slugs_and_orders() {
    let err = failing_build(|root| {
        write(
            &root.join("content/talks/conf-2024/03-dup.md"),
            "+++\ntitle = \"t\"\nkind = \"remarks\"\norder = 2\nsummary = \"s\"\n+++\n",
        );
    });
    assert!(
        err.contains("03-dup.md") && err.contains("`order = 2` is also the order of `02-keynote`"),
        "{err}"
    );
}

#[test]
fn slug_that_would_escape_and_invalid_file_names() {
    let err = failing_build(|root| {
        write(&root.join(TALK), "+++\ntitle = \"t\"\nkind = \"remarks\"\norder = 1\nspeakers = [\"../../etc\"]\nsummary = \"s\"\n+++\n");
        write(
            &root.join("content/speakers/Bad Name.md"),
            "+++\nname = \"x\"\n+++\n",
        );
    });
    assert!(err.contains("unknown speaker `../../etc`"), "{err}");
    assert!(
        err.contains("Bad Name.md: the file name `Bad Name` is not a valid slug"),
        "{err}"
    );
}

#[test]
fn invalid_utf8_binary_and_empty_files() {
    let err = failing_build(|root| {
        std::fs::write(root.join(TALK), b"+++\ntitle = \"\xff\xfe\"\n+++\n").unwrap();
        std::fs::write(root.join("content/speakers/bin.md"), b"\x00\x01\x02binary").unwrap();
        std::fs::write(root.join("content/orgs/empty.md"), b"").unwrap();
    });
    assert!(
        err.contains("01-opening.md:2:") && err.contains("not valid UTF-8"),
        "{err}"
    );
    assert!(err.contains("bin.md: this is a binary file"), "{err}");
    assert!(err.contains("empty.md: the file is empty"), "{err}");
}

#[test]
fn bom_and_crlf_simply_work() {
    let site = fixture("basic");
    let path = site.path().join(TALK);
    let text = read(&path).replace('\n', "\r\n");
    std::fs::write(&path, format!("\u{feff}{text}")).unwrap();
    let out = build_ok(site.path(), &[]);
    assert!(read(&out.join("talks/conf-2024/01-opening/index.html")).contains("开幕致辞"));
}

#[test]
fn template_errors_name_the_template() {
    let err = failing_build(|root| {
        write(
            &root.join("templates/talk.html"),
            "{% extends \"base.html\" %}{% block content %}{{ talk.title {% endblock content %}",
        )
    });
    assert!(err.contains("templates/talk.html"), "{err}");
    let err = failing_build(|root| {
        write(&root.join("templates/talk.html"), "{% extends \"base.html\" %}{% block content %}{{ no_such_variable }}{% endblock content %}")
    });
    assert!(
        err.contains("templates/talk.html") && err.contains("no_such_variable"),
        "{err}"
    );
}

#[test]
fn output_folder_cannot_be_the_content_folder() {
    let site = fixture("basic");
    let o = run(&["build", "--output", "content"], site.path());
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("cannot build into `content`"),
        "{}",
        stderr(&o)
    );
    assert!(site.path().join("content/talks").is_dir(), "content intact");
    let o = run(&["build", "--output", "."], site.path());
    assert!(!o.status.success());
}

#[test]
fn missing_config_says_what_to_do() {
    let site = fixture("basic");
    std::fs::remove_file(site.path().join("talkarchive.toml")).unwrap();
    let o = run(&["build"], site.path());
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("talkarchive.toml") && stderr(&o).contains("--root"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn low_confidence_needs_a_note() {
    let err = failing_build(|root| {
        write(
            &root.join("content/speakers/wang-wu.md"),
            "+++\nname = \"王五\"\nconfidence = \"low\"\n+++\n",
        )
    });
    assert!(
        err.contains("wang-wu.md:3: `confidence` is not high but there is no `note`"),
        "{err}"
    );
}

#[cfg(unix)]
#[test]
fn symlink_loop_is_reported_not_followed_forever() {
    let err = failing_build(|root| {
        std::os::unix::fs::symlink(root.join("content"), root.join("content/speakers/loop"))
            .unwrap();
    });
    assert!(
        err.contains("loop") || err.contains("symbolic link"),
        "{err}"
    );
}

#[test]
fn raw_html_in_titles_and_bodies_is_escaped() {
    let site = fixture("basic");
    write(&site.path().join(TALK), "+++\ntitle = \"<script>alert(1)</script>\"\nkind = \"remarks\"\norder = 1\nsummary = \"<img src=x onerror=alert(2)>\"\n+++\n<script>alert(3)</script>\n\n[x](javascript:alert(4))\n");
    let out = build_ok(site.path(), &[]);
    let page = read(&out.join("talks/conf-2024/01-opening/index.html"));
    assert!(!page.contains("<script>alert"), "no raw script");
    assert!(!page.contains("<img src=x"), "no raw img");
    assert!(!page.contains("javascript:alert"), "no javascript: link");
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
}
