//! `[theme]` in talkarchive.toml dresses the default theme: colours and font as CSS custom
//! properties, a logo before the title; a value that is not a colour is refused with its line.

mod common;
use common::*;

fn add_theme(root: &std::path::Path, table: &str) {
    let config = root.join("talkarchive.toml");
    write(&config, &format!("{}\n{table}", read(&config)));
}

#[test]
fn colours_font_and_logo_reach_every_page() {
    let site = fixture("basic");
    add_theme(
        site.path(),
        "[theme]\nfont = \"Inter, sans-serif\"\nlogo = \"logo.svg\"\n[theme.light]\naccent = \"#8a2be2\"\n[theme.dark]\naccent = \"#d8b4fe\"\n",
    );
    write(
        &site.path().join("static/logo.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"8\" height=\"8\"/>",
    );
    let out = build_ok(site.path(), &[]);
    let home = read(&out.join("index.html"));
    assert!(home.contains("<style>:root { --accent: #8a2be2; --font: Inter, sans-serif; }@media (prefers-color-scheme: dark) { :root { --accent: #d8b4fe; } }</style>"), "{home}");
    assert!(
        home.contains("<img class=\"site-logo\" src=\"/static/logo.svg\" alt=\"\">"),
        "{home}"
    );
    let o = run(&["check"], site.path());
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn without_a_theme_table_no_style_element_is_added() {
    let site = fixture("basic");
    let out = build_ok(site.path(), &[]);
    assert!(!read(&out.join("index.html")).contains("<style>"));
}

#[test]
fn a_value_that_is_not_a_colour_names_its_line() {
    let site = fixture("basic");
    add_theme(
        site.path(),
        "[theme.light]\naccent = \"red;}</style><script>\"\n",
    );
    let o = run(&["build", "--quiet"], site.path());
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(err.contains("talkarchive.toml:6"), "{err}");
    assert!(err.contains("is not a colour"), "{err}");
}
