//! The theme's words come from the translation table of the site's language (i18n/*.toml):
//! built-in English and Chinese, a site's overrides, a site's own language, and what `check`
//! says about a table with strings missing.

mod common;
use common::*;

fn set_language(root: &std::path::Path, language: &str) {
    let config = root.join("talkarchive.toml");
    let text = read(&config);
    write(&config, &format!("language = \"{language}\"\n{text}"));
}

#[test]
fn an_english_site_has_english_labels_and_lang() {
    let site = fixture("basic");
    set_language(site.path(), "en");
    let out = build_ok(site.path(), &[]);
    let home = read(&out.join("index.html"));
    assert!(home.contains("<html lang=\"en\">"), "{home}");
    assert!(home.contains("content=\"en_US\""));
    assert!(home.contains(">Skip to content</a>"));
    assert!(home.contains("aria-label=\"Main\""));
    for label in ["跳到正文", "主导航", "搜索档案", "开放数据"] {
        assert!(!home.contains(label), "{label} in the English home page");
    }
    let search = read(&out.join("search/index.html"));
    assert!(search.contains("Search needs JavaScript"), "{search}");
    assert!(search.contains("data-strings=\"{&quot;error&quot;:&quot;Search failed: {x}&quot;"));
    assert!(read(&out.join("feed.xml")).contains("xml:lang=\"en\""));
}

#[test]
fn a_site_overrides_single_strings_of_a_built_in_language() {
    let site = fixture("basic");
    write(
        &site.path().join("i18n/zh-CN.toml"),
        "nav_talks = \"全部演讲\"\nn_talks = { one = \"一场\", other = \"{n} 场报告\" }\n",
    );
    let out = build_ok(site.path(), &[]);
    let home = read(&out.join("index.html"));
    assert!(home.contains(">全部演讲</a>"), "{home}");
    assert!(home.contains("场报告"), "{home}");
    assert!(
        home.contains(">跳到正文</a>"),
        "the other strings stay Chinese"
    );
    let o = run(&["check", "--quiet"], site.path());
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn a_language_of_the_sites_own_falls_back_to_english_and_check_names_what_is_missing() {
    let site = fixture("basic");
    set_language(site.path(), "fr");
    write(
        &site.path().join("i18n/fr.toml"),
        "nav_talks = \"Exposés\"\n",
    );
    let out = build_ok(site.path(), &[]);
    let home = read(&out.join("index.html"));
    assert!(home.contains("<html lang=\"fr\">"));
    assert!(home.contains(">Exposés</a>"));
    assert!(
        home.contains(">Speakers</a>"),
        "missing strings are English"
    );
    let o = run(&["check"], site.path());
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(err.contains("i18n/fr.toml"), "{err}");
    assert!(err.contains("nav_speakers"), "{err}");
}

#[test]
fn a_bad_table_or_an_unknown_language_is_named() {
    let site = fixture("basic");
    set_language(site.path(), "de");
    let o = run(&["build", "--quiet"], site.path());
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(
        err.contains("no translation table for language `de`"),
        "{err}"
    );
    assert!(err.contains("i18n/de.toml"), "{err}");

    write(
        &site.path().join("i18n/de.toml"),
        "nav_talks = \"Vorträge\"\nnav_talkz = \"x\"\n",
    );
    let o = run(&["build", "--quiet"], site.path());
    let err = stderr(&o);
    assert!(err.contains("i18n/de.toml:2"), "{err}");
    assert!(err.contains("unknown string `nav_talkz`"), "{err}");
}
