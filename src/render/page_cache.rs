//! What `serve` remembers of the pages it rendered, so that a rebuild renders only the pages an
//! edit changed. A page's HTML is a function of its view model (what `pages::Builder` makes of
//! it) and of what every page shares (templates, the base context, the options): when both digests
//! are the same as last time, so is the HTML, and the page is neither rendered nor written.

use super::markdown::Block;
use super::pages::{Job, Page};
use super::theme::Theme;
use super::urls::Urls;
use super::RenderOptions;
use crate::diagnostics::Diagnostic;
use crate::digest::{Digest, Digester};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

pub type PageDigest = Digest;

/// What the last render whose output is being served made of each page.
#[derive(Default, Clone)]
pub struct PageCache {
    /// What every page shares.
    pub(super) shared: PageDigest,
    /// In the order of that render's jobs.
    pub(super) entries: Vec<PageEntry>,
    /// File → position in `entries`.
    by_file: HashMap<String, usize>,
    /// The compiled templates, with the digest of their sources.
    pub(super) tera: Option<(PageDigest, Arc<tera::Tera>)>,
}

/// One page of the last render.
#[derive(Clone)]
pub(super) struct PageEntry {
    pub job: Job,
    pub file: String,
    /// Of its view model.
    pub digest: PageDigest,
    /// A talk's body blocks, for the search index when the page is not built again.
    pub blocks: Option<Vec<Block>>,
    pub warnings: Vec<Diagnostic>,
}

impl PageCache {
    pub(super) fn new(
        shared: PageDigest,
        entries: Vec<PageEntry>,
        tera: Option<(PageDigest, Arc<tera::Tera>)>,
    ) -> PageCache {
        let by_file = entries
            .iter()
            .enumerate()
            .map(|(i, e)| (e.file.clone(), i))
            .collect();
        PageCache {
            shared,
            entries,
            by_file,
            tera,
        }
    }

    pub(super) fn digest_of(&self, file: &str) -> Option<PageDigest> {
        self.by_file.get(file).map(|&i| self.entries[i].digest)
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// The templates' names and sources.
pub fn templates_digest(theme: &Theme) -> PageDigest {
    let mut d = Digester::default();
    for t in &theme.templates {
        d.str(&t.name).str(&t.source);
    }
    d.finish()
}

/// Everything a page's HTML depends on besides its view model. One JSON array, so that no two
/// different inputs give the same text.
pub fn shared_digest(
    theme: &Theme,
    base: &tera::Context,
    urls: &Urls,
    static_names: &HashSet<String>,
    opts: &RenderOptions,
) -> PageDigest {
    // Which static files exist decides how bodies show local images.
    let mut static_names: Vec<&String> = static_names.iter().collect();
    static_names.sort();
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
