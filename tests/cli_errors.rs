//! Content that is valid but hostile: raw HTML and scripts in titles, summaries and bodies are
//! shown as text, never run. (Broken input, and what the build says about it, is tested by
//! tests/bad_input.rs over the cases in tests/fixtures/bad/.)

mod common;
use common::*;

const TALK: &str = "content/talks/conf-2024/01-opening.md";

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
