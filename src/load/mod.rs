//! Stage 1: read `content/` into typed documents. Every file is read and parsed (in parallel);
//! every problem is collected, so one run reports all broken files.

pub mod front_matter;
pub mod glossary;
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
    /// `content/glossary.toml`: terms and the forms the sources mishear them in.
    pub glossary: Vec<glossary::Term>,
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
    load_content_with(root, None)
}

/// What `serve` keeps of the files it loaded, so that a rebuild parses only those that changed.
#[derive(Default)]
pub struct Loaded {
    files: std::collections::HashMap<PathBuf, (Stamp, Result<Parsed, Diagnostic>)>,
}

/// What a file's metadata said when it was read.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified: std::time::SystemTime,
}

/// How long after its last change a file's stamp is trusted: a file changed again within the
/// file system's timestamp granularity (and to the same length) would keep its stamp, so a file
/// changed this recently is read again (as git does with "racily clean" files).
const SETTLED: std::time::Duration = std::time::Duration::from_secs(2);

impl Stamp {
    fn of(path: &Path) -> Option<Stamp> {
        let meta = std::fs::metadata(path).ok()?;
        Some(Stamp {
            len: meta.len(),
            modified: meta.modified().ok()?,
        })
    }

    fn settled(&self, now: std::time::SystemTime) -> bool {
        now.duration_since(self.modified)
            .is_ok_and(|age| age > SETTLED)
    }
}

/// Like `load_content`; with `cache`, a file whose size and time of change are those it had
/// when the cache read it (long enough after its last change) is not read and parsed again.
pub fn load_content_with(root: &Path, cache: Option<&mut Loaded>) -> (Content, Diagnostics) {
    let mut diags = Diagnostics::default();
    let entries = find_files(root, &mut diags);
    let previous = cache.as_deref();
    let now = std::time::SystemTime::now();
    let parsed: Vec<(Option<Stamp>, Result<Parsed, Diagnostic>)> = entries
        .par_iter()
        .map(|e| {
            let Some(previous) = previous else {
                return (None, parse_entry(root, e));
            };
            // Taken before reading: a change during the read makes the next stamp differ.
            let stamp = Stamp::of(&root.join(&e.rel)).filter(|s| s.settled(now));
            match (stamp, previous.files.get(&e.rel)) {
                (Some(s), Some((known, parsed))) if s == *known => (stamp, parsed.clone()),
                _ => (stamp, parse_entry(root, e)),
            }
        })
        .collect();
    if let Some(cache) = cache {
        cache.files = entries
            .iter()
            .zip(&parsed)
            .filter_map(|(e, (stamp, p))| Some((e.rel.clone(), ((*stamp)?, p.clone()))))
            .collect();
    }
    let (terms, glossary_diags) = glossary::load(root);
    diags.extend(glossary_diags);
    let mut content = Content {
        glossary: terms,
        ..Content::default()
    };
    for ((_, p), entry) in parsed.into_iter().zip(&entries) {
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
                diags.push(walk_error(root, &path, &e));
                continue;
            }
        };
        if item.file_type().is_dir() {
            continue;
        }
        let rel = relative(root, item.path());
        let name = item.file_name().to_string_lossy();
        if name.starts_with('.') || !name.ends_with(".md") {
            continue;
        }
        if !item.file_type().is_file() {
            // A device, pipe or socket: reading it could block or never end.
            diags.push(
                Diagnostic::in_file(
                    &rel,
                    "this is not a regular file (a device, pipe or socket)",
                )
                .help("content files are UTF-8 Markdown files; remove it or the link to it"),
            );
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

/// Why an entry of content/ could not be visited, and what to do about it.
fn walk_error(root: &Path, rel: &Path, e: &walkdir::Error) -> Diagnostic {
    let full = root.join(rel);
    let link = std::fs::read_link(&full).ok();
    let (message, help) = if e.loop_ancestor().is_some() {
        (
            "a symbolic link points back to a folder that contains it".to_string(),
            "remove the link: it would make the folder endless".to_string(),
        )
    } else if let Some(target) = &link {
        match std::fs::metadata(&full) {
            Err(m) if m.kind() == std::io::ErrorKind::NotFound => (
                format!("the symbolic link points to `{}`, which does not exist", target.display()),
                "fix or remove the link".to_string(),
            ),
            _ => (
                format!("cannot follow the symbolic link to `{}`: {}", target.display(), io_reason(e)),
                "symbolic links that point at each other never end: point the link at a real file, or remove it".to_string(),
            ),
        }
    } else {
        (
            format!("cannot read: {}", io_reason(e)),
            "check that the file exists and that you may read it".to_string(),
        )
    };
    Diagnostic::in_file(rel, message).help(help)
}

fn io_reason(e: &walkdir::Error) -> String {
    e.io_error()
        .map(|io| io.to_string())
        .unwrap_or_else(|| e.to_string())
}

fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

/// One loaded content file, of the kind its folder says.
#[derive(Debug, Clone)]
pub enum Parsed {
    Event(Doc<EventMeta>),
    Talk(Doc<TalkMeta>),
    Speaker(Doc<SpeakerMeta>),
    Org(Doc<OrgMeta>),
    Trend(Doc<TrendMeta>),
}

fn parse_entry(root: &Path, entry: &Entry) -> Result<Parsed, Diagnostic> {
    let bytes = read_limited(&root.join(&entry.rel), &entry.rel)?;
    parse_file(&entry.rel, entry.kind, entry.event.as_deref(), bytes)
}

/// Parses one content file from its bytes: `rel` is its path relative to the site root (its
/// name is the slug, and it is what messages show), `kind` what its folder says it holds and
/// `event` the event folder of a talk. Never panics, whatever the bytes.
pub fn parse_file(
    rel: &Path,
    kind: Kind,
    event: Option<&str>,
    bytes: Vec<u8>,
) -> Result<Parsed, Diagnostic> {
    check_size(rel, bytes.len() as u64)?;
    let text = decode(rel, bytes)?;
    let stem = rel
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    slug::check(&stem).map_err(|why| {
        Diagnostic::in_file(
            rel,
            format!("the file name `{stem}` is not a valid slug: {why}"),
        )
        .help(slug::HELP)
    })?;
    if let Some(event) = event {
        slug::check(event).map_err(|why| {
            Diagnostic::in_file(
                rel,
                format!("the event folder `{event}` is not a valid slug: {why}"),
            )
            .help(slug::HELP)
        })?;
    }
    Ok(match kind {
        Kind::Event => Parsed::Event(parse_doc(rel, stem, &text)?),
        Kind::Talk => Parsed::Talk(parse_doc(rel, stem, &text)?),
        Kind::Speaker => Parsed::Speaker(parse_doc(rel, stem, &text)?),
        Kind::Org => Parsed::Org(parse_doc(rel, stem, &text)?),
        Kind::Trend => Parsed::Trend(parse_doc(rel, stem, &text)?),
    })
}

/// The largest content file accepted. The longest transcript in the shipped archive is about
/// 55 KB; a file a hundred times larger is almost certainly not a talk (a pasted dump, a video
/// renamed to .md). Measured: a 7.8 MiB transcript in the basic fixture builds in 42 s with a
/// peak RSS of 241 MiB (2 cores, load 2–3), and both grow with the size of the file.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

fn check_size(rel: &Path, len: u64) -> Result<(), Diagnostic> {
    if len <= MAX_FILE_BYTES {
        return Ok(());
    }
    Err(Diagnostic::in_file(
        rel,
        format!(
            "the file is {:.1} MiB; a content file may be at most {} MiB",
            len as f64 / 1048576.0,
            MAX_FILE_BYTES / 1024 / 1024
        ),
    )
    .help("split a long transcript into several talks, or move files that are not Markdown content out of content/"))
}

/// Reads a file, but never more than `MAX_FILE_BYTES + 1` bytes (a named pipe or a link to a
/// device would otherwise be read forever).
fn read_limited(full: &Path, rel: &Path) -> Result<Vec<u8>, Diagnostic> {
    use std::io::Read;
    let cannot = |e: std::io::Error| {
        Diagnostic::in_file(rel, format!("cannot read: {e}"))
            .help("check that the file exists and that you may read it")
    };
    let file = std::fs::File::open(full).map_err(cannot)?;
    let mut size = 0;
    if let Ok(meta) = file.metadata() {
        check_size(rel, meta.len())?;
        size = meta.len();
    }
    // Room for the whole file and one more byte, so that it is read in one call and the buffer
    // never grows (growing it, and probing for the end, was 4 % of a build's CPU time).
    let mut bytes = Vec::with_capacity(size as usize + 1);
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    Ok(bytes)
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
        let message = first_line(e.message());
        let closing = split.body_line - 1;
        if let Some(field) = missing_field(&message) {
            // There is no line to point at: say where the field goes.
            return Diagnostic::in_file(rel, message.clone()).help(format!(
                "add `{field} = …` to the front matter, before the closing `+++` on line {closing}; \
                 docs/content-format.md says what it holds"
            ));
        }
        let d = Diagnostic::in_file(rel, message)
            .help("fix the front matter; docs/content-format.md lists every key and its type");
        match e.span() {
            Some(span) => {
                let (l, c) = line_col(&split.toml, span.start);
                d.at(l + split.toml_line - 1, Some(c))
            }
            None => d,
        }
    })?;
    if let Some(offset) = crate::render::markdown::too_deep(&split.body) {
        let line = split.body[..offset].matches('\n').count() + split.body_line;
        return Err(Diagnostic::in_file(
            rel,
            format!(
                "the Markdown nests more than {} levels deep (block quotes, lists or emphasis inside each other)",
                crate::render::markdown::MAX_NESTING
            ),
        )
        .at(line, None)
        .help("flatten it: look for a long run of `>`, `-` or `*` at the start of this line"));
    }
    Ok(Doc {
        slug,
        path: rel.to_path_buf(),
        meta,
        body: split.body,
        front_matter: split.toml,
    })
}

/// `summary` in "missing field `summary`".
fn missing_field(message: &str) -> Option<&str> {
    message
        .strip_prefix("missing field `")?
        .split('`')
        .next()
        .filter(|f| !f.is_empty())
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
    fn missing_field_is_named_with_where_to_add_it() {
        let text = "+++\nname = \"a\"\nkind = \"forum\"\n+++\n";
        let err = parse_doc::<EventMeta>(Path::new("e.md"), "e".into(), text).unwrap_err();
        assert!(err.message.contains("missing field `date`"), "{err}");
        let help = err.help.unwrap_or_default();
        assert!(
            help.contains("add `date = …`") && help.contains("on line 4"),
            "{help}"
        );
    }

    #[test]
    fn wrong_type_is_named() {
        let text = "+++\ntitle='t'\nkind='keynote'\norder='first'\nsummary='s'\n+++\n";
        let err = parse_doc::<TalkMeta>(Path::new("t.md"), "t".into(), text).unwrap_err();
        assert!(err.message.contains("invalid type"), "{err}");
        assert_eq!(err.line, Some(4));
    }

    #[test]
    fn markdown_nested_thousands_deep_is_refused_with_its_line() {
        let text = format!("+++\nname = \"x\"\n+++\nintro\n\n{} x\n", ">".repeat(3000));
        let err = parse_doc::<OrgMeta>(Path::new("o.md"), "o".into(), &text).unwrap_err();
        assert_eq!(err.line, Some(6), "{err}");
        assert!(err.message.contains("nests more than 64 levels"), "{err}");
    }

    #[test]
    fn a_file_over_the_limit_is_refused_by_its_size() {
        let big = vec![b'a'; MAX_FILE_BYTES as usize + 1];
        let err = parse_file(Path::new("content/orgs/x.md"), Kind::Org, None, big).unwrap_err();
        assert!(
            err.message.contains("a content file may be at most 8 MiB"),
            "{err}"
        );
        assert!(err.help.unwrap_or_default().contains("split"));
    }

    #[test]
    fn parse_file_checks_the_slug_and_the_kind() {
        let org = b"+++\nname = \"x\"\n+++\n".to_vec();
        let ok = parse_file(Path::new("content/orgs/x.md"), Kind::Org, None, org.clone());
        assert!(matches!(ok, Ok(Parsed::Org(_))));
        let err = parse_file(Path::new("content/orgs/X.md"), Kind::Org, None, org.clone());
        assert!(err.unwrap_err().message.contains("not a valid slug"));
        let err = parse_file(Path::new("content/trends/x.md"), Kind::Trend, None, org);
        assert!(err.unwrap_err().message.contains("missing field `number`"));
    }

    #[cfg(unix)]
    #[test]
    fn links_that_loop_or_lead_nowhere_say_so() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let orgs = root.join("content/orgs");
        std::fs::create_dir_all(&orgs).unwrap();
        symlink(root.join("content"), orgs.join("loop")).unwrap();
        symlink("b.md", orgs.join("a.md")).unwrap();
        symlink("a.md", orgs.join("b.md")).unwrap();
        symlink("gone.md", orgs.join("dangling.md")).unwrap();
        symlink("/dev/null", orgs.join("null.md")).unwrap();
        let mut diags = Diagnostics::default();
        let entries = find_files(root, &mut diags);
        assert!(entries.is_empty());
        let text = diags.sorted().to_string();
        for expected in [
            "content/orgs/loop: a symbolic link points back to a folder that contains it",
            "content/orgs/a.md: cannot follow the symbolic link to `b.md`",
            "content/orgs/dangling.md: the symbolic link points to `gone.md`, which does not exist",
            "content/orgs/null.md: this is not a regular file",
        ] {
            assert!(text.contains(expected), "{expected}\n{text}");
        }
    }

    #[test]
    fn invalid_utf8_names_the_line() {
        let err = decode(Path::new("x.md"), b"+++\nname = \"\xff\"\n".to_vec()).unwrap_err();
        assert_eq!(err.line, Some(2));
    }
}
