//! The body of the fuzz target `fuzz/fuzz_targets/load_file.rs`, here so that the inputs it once
//! crashed on (`tests/fixtures/fuzz-regressions/`) are replayed by `cargo test` through exactly the
//! same code.

use crate::load::{parse_file, Kind, Parsed};
use crate::render::markdown::{self, BodyContext, NameLink};
use std::path::Path;

/// Links every occurrence of two names, as the name finder does for speakers and orgs, so the
/// splicing of links into text is exercised too.
struct Names;

impl BodyContext for Names {
    fn names(&self, text: &str) -> Vec<NameLink> {
        let mut found: Vec<NameLink> = ["李四", "ab"]
            .iter()
            .flat_map(|name| text.match_indices(name))
            .map(|(i, s)| NameLink {
                start: i,
                end: i + s.len(),
                href: "/speakers/li-si/".into(),
                correct: (s == "ab").then(|| "AB".to_string()),
                always: s == "李四",
            })
            .collect();
        found.sort_by_key(|n| n.start);
        found
    }

    fn local_file_exists(&self, path: &str) -> bool {
        path.ends_with(".png")
    }
}

/// Loads one content file from arbitrary bytes, as `build` does for each file in content/, and
/// renders and minifies its Markdown body as a page does. The first byte picks the kind of file, the rest is
/// the file. Panics only if the code under test does, or if a rejected file's message does not
/// name the file.
pub fn load_file(data: &[u8]) {
    let Some((&pick, bytes)) = data.split_first() else {
        return;
    };
    let kind = Kind::ALL[usize::from(pick) % Kind::ALL.len()];
    let rel = match kind {
        Kind::Talk => Path::new("content/talks/conf/01-fuzz.md").to_path_buf(),
        other => Path::new("content").join(other.dir()).join("fuzz.md"),
    };
    let event = (kind == Kind::Talk).then_some("conf");
    match parse_file(&rel, kind, event, bytes.to_vec()) {
        Ok(parsed) => {
            let body = match &parsed {
                Parsed::Event(d) => &d.body,
                Parsed::Talk(d) => &d.body,
                Parsed::Speaker(d) => &d.body,
                Parsed::Org(d) => &d.body,
                Parsed::Trend(d) => &d.body,
            };
            // Pages are minified: the minifier recurses, so it sees the body's HTML too.
            let html = markdown::render(body, &Names).html;
            let _ = crate::render::minify::minify(&html);
        }
        Err(d) => assert_eq!(d.file.as_deref(), Some(rel.as_path()), "{d}"),
    }
}
