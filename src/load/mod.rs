//! Stage 1: read `content/` into typed documents. Every file is read and parsed (in parallel);
//! every problem is collected, so one run reports all broken files.

pub mod front_matter;
pub mod model;
pub mod slug;

use crate::diagnostics::{line_col, Diagnostic, Diagnostics};
use model::{Doc, EventMeta, OrgMeta, SpeakerMeta, TalkMeta, TrendMeta};
use rayon::prelude::*;
use serde::de::DeserializeOwned;
use std::path::{Path, PathBuf};

pub const CONTENT_DIR: &str = "content";

/// Everything in `content/`, parsed but not yet cross-checked.
#[derive(Debug, Default, Clone)]
pub struct Content {
    pub events: Vec<Doc<EventMeta>>,
    pub talks: Vec<Doc<TalkMeta>>,
    pub speakers: Vec<Doc<SpeakerMeta>>,
    pub orgs: Vec<Doc<OrgMeta>>,
    pub trends: Vec<Doc<TrendMeta>>,
    /// Files that could not be loaded, by kind and slug: references to them are not reported
    /// again as unknown.
    pub broken: std::collections::HashSet<(Kind, String)>,
}

/// Which folder a file is in decides what it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Event,
    Talk,
    Speaker,
    Org,
    Trend,
}

impl Kind {
    pub const ALL: [Kind; 5] = [
        Kind::Event,
        Kind::Talk,
        Kind::Speaker,
        Kind::Org,
        Kind::Trend,
    ];

    pub fn dir(self) -> &'static str {
        match self {
            Kind::Event => "events",
            Kind::Talk => "talks",
            Kind::Speaker => "speakers",
            Kind::Org => "orgs",
            Kind::Trend => "trends",
        }
    }

    pub fn noun(self) -> &'static str {
        match self {
            Kind::Event => "event",
            Kind::Talk => "talk",
            Kind::Speaker => "speaker",
            Kind::Org => "org",
            Kind::Trend => "trend",
        }
    }

    fn from_dir(dir: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.dir() == dir)
    }
}

/// One file to read: its path relative to the root, and what it should hold.
struct Entry {
    rel: PathBuf,
    kind: Kind,
    /// For talks, the event folder it is in.
    event: Option<String>,
}

/// Reads every content file under `root/content`: what loaded, and what went wrong.
pub fn load_content(root: &Path) -> (Content, Diagnostics) {
    let mut diags = Diagnostics::default();
    let entries = find_files(root, &mut diags);
    let parsed: Vec<Result<Parsed, Diagnostic>> =
        entries.par_iter().map(|e| parse_entry(root, e)).collect();
    let mut content = Content::default();
    for (p, entry) in parsed.into_iter().zip(&entries) {
        if p.is_err() {
            let stem = entry
                .rel
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let key = match &entry.event {
                Some(event) => format!("{event}/{stem}"),
                None => stem,
            };
            content.broken.insert((entry.kind, key));
        }
        match p {
            Ok(Parsed::Event(d)) => content.events.push(d),
            Ok(Parsed::Talk(d)) => content.talks.push(d),
            Ok(Parsed::Speaker(d)) => content.speakers.push(d),
            Ok(Parsed::Org(d)) => content.orgs.push(d),
            Ok(Parsed::Trend(d)) => content.trends.push(d),
            Err(d) => diags.push(d),
        }
    }
    (content, diags)
}

fn find_files(root: &Path, diags: &mut Diagnostics) -> Vec<Entry> {
    let content_dir = root.join(CONTENT_DIR);
    if !content_dir.is_dir() {
        diags.push(
            Diagnostic::in_file(Path::new(CONTENT_DIR), "there is no content folder")
                .help("create content/ with events/, talks/, speakers/, orgs/ and trends/, or pass --root"),
        );
        return Vec::new();
    }
    let mut entries = Vec::new();
    let walker = walkdir::WalkDir::new(&content_dir)
        .follow_links(true)
        .sort_by_file_name();
    for item in walker {
        let item = match item {
            Ok(item) => item,
            Err(e) => {
                let path = e
                    .path()
                    .map(|p| relative(root, p))
                    .unwrap_or_else(|| CONTENT_DIR.into());
                let help = if e.loop_ancestor().is_some() {
                    "a symbolic link points back to a folder that contains it; remove the link"
                } else {
                    "check the file's permissions"
                };
                diags.push(Diagnostic::in_file(&path, format!("cannot read: {e}")).help(help));
                continue;
            }
        };
        if !item.file_type().is_file() {
            continue;
        }
        let rel = relative(root, item.path());
        let name = item.file_name().to_string_lossy();
        if name.starts_with('.') || !name.ends_with(".md") {
            continue;
        }
        // rel = content/<kind>/…/<file>.md
        let parts: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        let kind = parts.get(1).and_then(|d| Kind::from_dir(d));
        match (kind, parts.len()) {
            (Some(Kind::Talk), 4) => entries.push(Entry {
                rel,
                kind: Kind::Talk,
                event: Some(parts[2].clone()),
            }),
            (Some(Kind::Talk), _) => diags.push(
                Diagnostic::in_file(&rel, "a talk must be in the folder of its event")
                    .help("move it to content/talks/<event-slug>/"),
            ),
            (Some(kind), 3) => entries.push(Entry {
                rel,
                kind,
                event: None,
            }),
            (Some(kind), _) => diags.push(
                Diagnostic::in_file(
                    &rel,
                    format!("{} files cannot be in sub-folders", kind.noun()),
                )
                .help(format!("move it to content/{}/", kind.dir())),
            ),
            (None, _) => diags.push(
                Diagnostic::in_file(&rel, "this file is not in a known content folder").help(
                    "content files go in content/events, talks/<event>, speakers, orgs or trends",
                ),
            ),
        }
    }
    entries
}

fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

enum Parsed {
    Event(Doc<EventMeta>),
    Talk(Doc<TalkMeta>),
    Speaker(Doc<SpeakerMeta>),
    Org(Doc<OrgMeta>),
    Trend(Doc<TrendMeta>),
}

fn parse_entry(root: &Path, entry: &Entry) -> Result<Parsed, Diagnostic> {
    let bytes = std::fs::read(root.join(&entry.rel))
        .map_err(|e| Diagnostic::in_file(&entry.rel, format!("cannot read: {e}")))?;
    let text = decode(&entry.rel, bytes)?;
    let stem = entry
        .rel
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    slug::check(&stem).map_err(|why| {
        Diagnostic::in_file(
            &entry.rel,
            format!("the file name `{stem}` is not a valid slug: {why}"),
        )
        .help(slug::HELP)
    })?;
    if let Some(event) = &entry.event {
        slug::check(event).map_err(|why| {
            Diagnostic::in_file(
                &entry.rel,
                format!("the event folder `{event}` is not a valid slug: {why}"),
            )
            .help(slug::HELP)
        })?;
    }
    Ok(match entry.kind {
        Kind::Event => Parsed::Event(parse_doc(&entry.rel, stem, &text)?),
        Kind::Talk => {
            let doc: Doc<TalkMeta> = parse_doc(&entry.rel, stem, &text)?;
            Parsed::Talk(doc)
        }
        Kind::Speaker => Parsed::Speaker(parse_doc(&entry.rel, stem, &text)?),
        Kind::Org => Parsed::Org(parse_doc(&entry.rel, stem, &text)?),
        Kind::Trend => Parsed::Trend(parse_doc(&entry.rel, stem, &text)?),
    })
}

/// UTF-8 text, or an error that says where the bad bytes are.
fn decode(rel: &Path, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    if bytes.contains(&0) {
        return Err(
            Diagnostic::in_file(rel, "this is a binary file, not a text file")
                .help("content files are UTF-8 Markdown; move other files out of content/"),
        );
    }
    String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let text = String::from_utf8_lossy(valid);
        let (line, col) = line_col(&text, text.len());
        Diagnostic::in_file(rel, "the file is not valid UTF-8")
            .at(line, Some(col))
            .help("save the file as UTF-8 (e.g. `iconv -f GBK -t UTF-8`)")
    })
}

/// Splits and parses one file's front matter into `M`.
pub fn parse_doc<M: DeserializeOwned>(
    rel: &Path,
    slug: String,
    text: &str,
) -> Result<Doc<M>, Diagnostic> {
    let split = front_matter::split(text).map_err(|e| {
        let (msg, help) = e.message();
        let d = Diagnostic::in_file(rel, msg).help(help);
        match e {
            front_matter::SplitError::Empty => d,
            _ => d.at(1, None),
        }
    })?;
    let meta: M = toml::from_str(&split.toml).map_err(|e| {
        let d = Diagnostic::in_file(rel, first_line(e.message()))
            .help("fix the front matter; docs/content-format.md lists every key and its type");
        match e.span() {
            Some(span) => {
                let (l, c) = line_col(&split.toml, span.start);
                d.at(l + split.toml_line - 1, Some(c))
            }
            None => d,
        }
    })?;
    Ok(Doc {
        slug,
        path: rel.to_path_buf(),
        meta,
        body: split.body,
        front_matter: split.toml,
    })
}

fn first_line(s: &str) -> String {
    s.trim()
        .lines()
        .next()
        .unwrap_or("invalid front matter")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_error_points_at_the_file_line() {
        let text = "+++\nname = \"a\"\nkind = \"forum\"\ndate = 2024-07-06\nplace = \n+++\n";
        let err = parse_doc::<EventMeta>(Path::new("e.md"), "e".into(), text).unwrap_err();
        assert_eq!(err.line, Some(5), "{err}");
    }

    #[test]
    fn missing_field_is_named() {
        let text = "+++\nname = \"a\"\nkind = \"forum\"\n+++\n";
        let err = parse_doc::<EventMeta>(Path::new("e.md"), "e".into(), text).unwrap_err();
        assert!(err.message.contains("missing field `date`"), "{err}");
    }

    #[test]
    fn wrong_type_is_named() {
        let text = "+++\ntitle='t'\nkind='keynote'\norder='first'\nsummary='s'\n+++\n";
        let err = parse_doc::<TalkMeta>(Path::new("t.md"), "t".into(), text).unwrap_err();
        assert!(err.message.contains("invalid type"), "{err}");
        assert_eq!(err.line, Some(4));
    }

    #[test]
    fn invalid_utf8_names_the_line() {
        let err = decode(Path::new("x.md"), b"+++\nname = \"\xff\"\n".to_vec()).unwrap_err();
        assert_eq!(err.line, Some(2));
    }
}
