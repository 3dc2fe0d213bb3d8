//! One page per source document (`sources/<stem>/`): its text line by line, each line numbered and
//! an anchor `#L<n>`, each talk's range introduced by a link to the talk, so a reader can check a
//! quote against the raw transcript. The pages are not in the search index: the talks already are.

use crate::graph::Archive;
use crate::render::cards::talk_url;
use crate::render::pages::Page;
use crate::render::urls::Urls;
use crate::sources::SourceFile;
use serde_json::{json, Value};

/// The page of source `name`: `sources/<stem>/`, the file name without its extension and with
/// every character other than an ASCII letter, digit, `-` or `_` as `-`. When two sources share
/// a stem (`a.txt`, `a.md`), each keeps its extension (`a-txt`).
pub fn path(a: &Archive, name: &str) -> String {
    let stem = |n: &str| n.rsplit_once('.').map_or(n, |(s, _)| s).to_string();
    let shared = a
        .sources
        .files
        .keys()
        .any(|other| other != name && stem(other) == stem(name));
    let shown = if shared { name.to_string() } else { stem(name) };
    let safe: String = shown
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    format!("sources/{safe}/")
}

/// The link from a talk to its first line on its source's page, if its source has a page.
pub fn link_of_talk(a: &Archive, u: &Urls, t: usize) -> Option<String> {
    let source = a.talks[t].doc.meta.source.as_ref()?;
    let file = source.file.as_deref()?;
    a.sources.get(file)?;
    let start = source.lines.map_or(1, |[s, _]| s);
    Some(format!("{}#L{start}", u.link(&path(a, file))))
}

/// The talks whose text comes from `file`, by first line: (first, last, talk).
fn talks_of(a: &Archive, file: &str) -> Vec<(usize, usize, usize)> {
    let mut found: Vec<(usize, usize, usize)> = a
        .talks
        .iter()
        .enumerate()
        .filter_map(|(t, talk)| {
            let s = talk.doc.meta.source.as_ref()?;
            let [first, last] = s.lines?;
            (s.file.as_deref() == Some(file)).then_some((first as usize, last as usize, t))
        })
        .collect();
    found.sort_unstable();
    found
}

pub fn page(a: &Archive, u: &Urls, file: &SourceFile) -> Page {
    let path = path(a, &file.name);
    let talks: Vec<Value> = talks_of(a, &file.name)
        .into_iter()
        .map(|(start, end, t)| {
            json!({
                "start": start,
                "end": end,
                "title": a.talks[t].doc.meta.title,
                "url": u.link(&talk_url(a, t)),
                "draft": a.talks[t].doc.meta.draft,
            })
        })
        .collect();
    let lines: Vec<Value> = file
        .lines()
        .iter()
        .enumerate()
        .map(|(i, text)| {
            let n = i + 1;
            let starts = talks.iter().find(|t| t["start"] == json!(n));
            json!({"n": n, "text": text, "talk": starts})
        })
        .collect();
    let t = &a.config.strings;
    let title = t.fill("source_page_title", &[("name", &file.name)]);
    Page {
        path: path.clone(),
        template: "source.html",
        title: title.clone(),
        description: t.fill(
            "source_page_description",
            &[
                ("name", &file.name),
                ("lines", &lines.len().to_string()),
                ("talks", &talks.len().to_string()),
            ],
        ),
        og_type: "website",
        data: json!({"source": {"name": file.name}, "talks": talks, "lines": lines}),
        json_ld: json!({"@type": "WebPage", "name": title, "url": u.absolute(&path)}),
        body: None,
    }
}
