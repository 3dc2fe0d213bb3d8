//! Minifying a page as it is written: valid HTML kept valid, and the digest a kept page is
//! known by (`Sink::write_made`), so that an unchanged page is neither rendered nor minified
//! again.

use crate::digest::{Digest, Digester};

/// Minifies a page, keeping it valid HTML (the W3C's Nu checker finds no error, see
/// tests/browser/vnu.test.mjs): the doctype as written, a space between attributes, and quotes
/// around attribute values that would be invalid without them (a `=` in `content=width=…`).
/// Validity costs 0.13 % of the pages' bytes (shipped archive, 2026-12-06: 4,310,942 ->
/// 4,316,532 bytes of HTML in 437 pages).
pub fn minify(html: &str) -> Vec<u8> {
    let cfg = minify_html::Cfg {
        do_not_minify_doctype: true,
        ensure_spec_compliant_unquoted_attribute_values: true,
        keep_spaces_between_attributes: true,
        keep_closing_tags: true,
        keep_html_and_head_opening_tags: true,
        minify_css: true,
        minify_js: false,
        ..minify_html::Cfg::default()
    };
    minify_html::minify(html.as_bytes(), &cfg)
}

/// What a minified page is made from (`Sink::write_made`): everything its HTML depends on (the
/// page's view model, `page`, and the templates and context all pages share, `shared`: see
/// `page_cache`), the program that renders it (`digest::this_program`: the template engine and
/// the filters are its code) and the minifier, by its version (`MINIFIER`; a test keeps it that of
/// Cargo.lock) and by what `minify` makes of a page that each of its settings changes. A kept
/// page known by the same digest is neither rendered nor minified again: rendering the pages
/// through the templates was a tenth of a rebuild's CPU at 1x once minifying was skipped this
/// way (2026-12-07).
pub(super) fn page_source(shared: &Digest, page: &Digest) -> Digest {
    static SETTINGS: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    let settings = SETTINGS.get_or_init(|| minify(SETTINGS_PROBE));
    Digester::default()
        .str("page")
        .str(MINIFIER)
        .bytes(settings)
        .bytes(crate::digest::this_program())
        .bytes(shared)
        .bytes(page)
        .finish()
}

const MINIFIER: &str = "minify-html 0.15.0";

/// A page for each of `minify`'s settings to show in: the doctype, quotes a value needs, spaces
/// between attributes, closing and opening tags, CSS, whitespace.
const SETTINGS_PROBE: &str = "<!DOCTYPE html>\n<html lang=\"zh\"><head><meta name=\"viewport\" \
content=\"width=device-width, initial-scale=1\"><title>t</title><style> a { color : red ; } </style>\
</head><body><p class=\"a b\" id=\"x\">  a  </p><ul><li>b</li></ul><script>let  c = 1;</script>\
</body></html>";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_minifier_tag_names_the_minifier_built_in() {
        let lock = include_str!("../../Cargo.lock");
        let version = lock
            .split("[[package]]")
            .find(|p| p.contains("name = \"minify-html\"\n"))
            .and_then(|p| p.split("version = \"").nth(1))
            .and_then(|v| v.split('"').next())
            .expect("minify-html in Cargo.lock");
        assert!(
            MINIFIER == format!("minify-html {version}"),
            "pages kept from an earlier build are the old minifier's: change MINIFIER"
        );
    }

    #[test]
    fn minified_pages_keep_what_validity_needs() {
        let page = "<!DOCTYPE html>\n<html lang=\"zh\"><head><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>t</title></head><body><p class=\"a b\" id=\"x\">  文本  </p></body></html>";
        let out = String::from_utf8(minify(page)).unwrap_or_default();
        assert!(
            out.to_ascii_lowercase().starts_with("<!doctype html>"),
            "{out}"
        );
        assert!(
            !out.contains("content=width"),
            "a `=` in a value keeps its quotes: {out}"
        );
        assert!(
            out.contains("\" id=") || out.contains("\" class="),
            "a space between attributes: {out}"
        );
        assert!(out.len() < page.len(), "still minified: {out}");
    }
}
