//! What `serve` remembers of the pages it rendered, so that a rebuild renders only the pages an
//! edit changed. A page's HTML is a function of its view model (what `pages::Builder` makes of
//! it) and of what every page shares (templates, the base context, the options): when both digests
//! are the same as last time, so is the HTML, and the page is neither rendered nor written.

use super::pages::Page;
use super::theme::Theme;
use super::urls::Urls;
use super::RenderOptions;
use crate::digest::{Digest, Digester};
use std::collections::HashMap;

pub type PageDigest = Digest;

/// The digests of the last render whose output is being served.
#[derive(Default, Clone)]
pub struct PageCache {
    /// What every page shares.
    pub(super) shared: PageDigest,
    /// Each page's file → the digest of its view model.
    pub(super) pages: HashMap<String, PageDigest>,
}

impl PageCache {
    pub fn len(&self) -> usize {
        self.pages.len()
    }

    pub fn is_empty(&self) -> bool {
        self.pages.is_empty()
    }
}

/// Everything a page's HTML depends on besides its view model. One JSON array, so that no two
/// different inputs give the same text.
pub fn shared_digest(
    theme: &Theme,
    base: &tera::Context,
    urls: &Urls,
    opts: &RenderOptions,
) -> PageDigest {
    let templates: Vec<(&str, &str)> = theme
        .templates
        .iter()
        .map(|t| (t.name.as_str(), t.source.as_str()))
        .collect();
    Digester::default()
        .json(&(
            templates,
            base.clone().into_json(),
            urls.absolute(""),
            urls.link(""),
            opts.live_reload,
            opts.no_minify,
        ))
        .finish()
}

/// The digest of everything of `page` that `render_page` reads.
pub fn page_digest(page: &Page) -> PageDigest {
    Digester::default()
        .json(&(
            &page.path,
            page.template,
            &page.title,
            &page.description,
            page.og_type,
            &page.data,
            &page.json_ld,
        ))
        .finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn page(title: &str, data: serde_json::Value) -> Page {
        Page {
            path: "talks/e/t/".into(),
            template: "talk.html",
            title: title.into(),
            description: String::new(),
            og_type: "article",
            data,
            json_ld: json!({}),
            body: None,
        }
    }

    #[test]
    fn a_page_digest_changes_with_any_field_and_only_then() {
        let a = page_digest(&page("标题", json!({"body": "<p>一</p>"})));
        assert_eq!(a, page_digest(&page("标题", json!({"body": "<p>一</p>"}))));
        assert_ne!(a, page_digest(&page("标题", json!({"body": "<p>二</p>"}))));
        assert_ne!(a, page_digest(&page("标题2", json!({"body": "<p>一</p>"}))));
    }
}
