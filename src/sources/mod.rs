//! A site's `sources/` folder: the documents its talks were taken from (transcripts, articles,
//! reports), kept byte for byte. `sources/sources.toml` says how each is read (`kind`) and which
//! of its lines no talk holds on purpose (`skip`). A talk's `[source] file` names one of them and
//! `[source] lines` the range its body is filled from (`fill`); `check` proves that every line is
//! in exactly one talk or skipped (`coverage`). See docs/content-format.md, "Sources".

pub mod coverage;
pub mod fill;
pub mod prove;

use crate::diagnostics::{line_col, Diagnostic, Diagnostics};
use crate::load::model::{Doc, TalkMeta};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The folder, relative to the site root.
pub const SOURCES_DIR: &str = "sources";
/// How each source is read, in `sources/`.
pub const DECLARATIONS: &str = "sources.toml";
/// Files of `sources/` that are not sources.
const NOT_SOURCES: [&str; 2] = ["README.md", DECLARATIONS];
/// The largest source accepted: the longest shipped transcript is 0.45 MiB.
pub const MAX_SOURCE_BYTES: u64 = 32 * 1024 * 1024;

/// How a source's lines become paragraphs (see `fill`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceKind {
    /// Written text (an article, a report): lines are kept as written, trailing spaces dropped.
    #[default]
    Text,
    /// Speech recognition: noise markers (emoji) dropped, lines trimmed.
    Transcript,
}

/// Lines of a source that no talk holds, and why.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Skip {
    /// First and last line, 1-based, inclusive.
    pub lines: [u32; 2],
    pub reason: String,
}

/// One table of `sources/sources.toml`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Declared {
    #[serde(default)]
    pub kind: SourceKind,
    #[serde(default)]
    pub skip: Vec<Skip>,
}

/// `sources/sources.toml`: file name → how it is read.
#[derive(Debug, Clone, Default)]
pub struct Declarations {
    pub by_file: BTreeMap<String, Declared>,
    /// Its text, to point errors at a line.
    text: String,
}

impl Declarations {
    /// The path of the file, relative to the site root.
    pub fn path() -> PathBuf {
        Path::new(SOURCES_DIR).join(DECLARATIONS)
    }

    /// Reads `root/sources/sources.toml`; none is the same as an empty one.
    pub fn load(root: &Path) -> Result<Declarations, Diagnostic> {
        let rel = Declarations::path();
        let text = match std::fs::read_to_string(root.join(&rel)) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Declarations::default())
            }
            Err(e) => {
                return Err(Diagnostic::in_file(&rel, format!("cannot read: {e}"))
                    .help("sources.toml must be a UTF-8 text file you may read"))
            }
        };
        let by_file: BTreeMap<String, Declared> = toml::from_str(&text).map_err(|e| {
            let d = Diagnostic::in_file(&rel, e.message().trim().to_string()).help(
                "each table is a file name, e.g. [\"talk.txt\"], with `kind = \"transcript\"` or \
                 \"text\" and `skip = [{ lines = [1, 3], reason = \"…\" }]`; see docs/content-format.md",
            );
            match e.span() {
                Some(span) => {
                    let (l, c) = line_col(&text, span.start);
                    d.at(l, Some(c))
                }
                None => d,
            }
        })?;
        Ok(Declarations { by_file, text })
    }

    /// How `file` is read (a file it does not name is text, with nothing skipped).
    pub fn of(&self, file: &str) -> Declared {
        self.by_file.get(file).cloned().unwrap_or_default()
    }

    /// 1-based line of the table of `file`, for messages.
    pub fn line_of(&self, file: &str) -> Option<usize> {
        let quoted = format!("\"{file}\"");
        self.text
            .lines()
            .position(|l| l.trim_start().starts_with('[') && l.contains(&quoted))
            .map(|i| i + 1)
    }
}

/// One source document, read.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Its name in `sources/`.
    pub name: String,
    pub kind: SourceKind,
    pub skip: Vec<Skip>,
    pub text: String,
}

impl SourceFile {
    /// The path relative to the site root, for messages.
    pub fn path(&self) -> PathBuf {
        Path::new(SOURCES_DIR).join(&self.name)
    }

    /// Its lines, without line ends; a final line end does not start another line.
    pub fn lines(&self) -> Vec<&str> {
        let text = self.text.strip_suffix('\n').unwrap_or(&self.text);
        if text.is_empty() {
            return Vec::new();
        }
        text.split('\n')
            .map(|l| l.strip_suffix('\r').unwrap_or(l))
            .collect()
    }

    /// `[first, last]` as a range of this source, or why it is not one.
    pub fn range(&self, lines: [u32; 2]) -> Result<LineRange, String> {
        LineRange::within(lines, self.lines().len())
    }
}

/// A range of lines, 1-based and inclusive, inside its source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineRange {
    pub start: usize,
    pub end: usize,
}

impl LineRange {
    /// `[first, last]` checked against a source of `count` lines.
    pub fn within([first, last]: [u32; 2], count: usize) -> Result<LineRange, String> {
        let (start, end) = (first as usize, last as usize);
        if start == 0 {
            return Err(format!(
                "lines [{first}, {last}] start at 0; lines are counted from 1"
            ));
        }
        if start > end {
            return Err(format!(
                "lines [{first}, {last}] end before they start; write the first line, then the last"
            ));
        }
        if end > count {
            return Err(format!(
                "lines [{first}, {last}] go past the end of the source, which has {count} lines"
            ));
        }
        Ok(LineRange { start, end })
    }

    /// "is" for one line, "are" for several, after `Display`.
    pub fn verb(&self) -> &'static str {
        if self.start == self.end {
            "is"
        } else {
            "are"
        }
    }
}

impl std::fmt::Display for LineRange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.start == self.end {
            write!(f, "line {}", self.start)
        } else {
            write!(f, "lines {}–{}", self.start, self.end)
        }
    }
}

/// The names of the source files in `root/sources/` (not README.md, sources.toml nor hidden
/// files), sorted; none if there is no such folder.
pub fn list(root: &Path) -> Vec<String> {
    let Ok(dir) = std::fs::read_dir(root.join(SOURCES_DIR)) else {
        return Vec::new();
    };
    let mut names: Vec<String> = dir
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_ok_and(|t| !t.is_dir()))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.') && !NOT_SOURCES.contains(&n.as_str()))
        .collect();
    names.sort();
    names
}

/// Why `name` cannot be the name of a file in `sources/`, if it cannot.
fn bad_name(name: &str) -> Option<&'static str> {
    if name.trim().is_empty() {
        Some("it is empty")
    } else if name.contains('/') || name.contains('\\') {
        Some("it names a folder; give only the file's name in sources/")
    } else if name.starts_with('.') {
        Some("it starts with a dot")
    } else if NOT_SOURCES.contains(&name) {
        Some("that file describes the sources and is not one")
    } else {
        None
    }
}

/// Reads `root/sources/<name>`, read the way `declarations` say.
pub fn read(
    root: &Path,
    name: &str,
    declarations: &Declarations,
) -> Result<SourceFile, Diagnostic> {
    use std::io::Read;
    let rel = Path::new(SOURCES_DIR).join(name);
    let cannot = |e: std::io::Error| {
        Diagnostic::in_file(&rel, format!("cannot read: {e}"))
            .help("check that the file exists and that you may read it")
    };
    let file = std::fs::File::open(root.join(&rel)).map_err(cannot)?;
    // Room for the whole file and one more byte: read in one call, never grown.
    let size = file.metadata().map_or(0, |m| m.len().min(MAX_SOURCE_BYTES));
    let mut bytes = Vec::with_capacity(size as usize + 1);
    file.take(MAX_SOURCE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    if bytes.len() as u64 > MAX_SOURCE_BYTES {
        return Err(Diagnostic::in_file(
            &rel,
            format!(
                "the source is larger than {} MiB",
                MAX_SOURCE_BYTES / 1024 / 1024
            ),
        )
        .help("split it into several sources"));
    }
    if bytes.contains(&0) {
        return Err(
            Diagnostic::in_file(&rel, "this is a binary file, not a text file")
                .help("a source is UTF-8 text (a transcript, or an article as Markdown)"),
        );
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        let valid = String::from_utf8_lossy(&e.as_bytes()[..e.utf8_error().valid_up_to()]);
        let (line, col) = line_col(&valid, valid.len());
        Diagnostic::in_file(&rel, "the source is not valid UTF-8")
            .at(line, Some(col))
            .help("save it as UTF-8 (e.g. `iconv -f GBK -t UTF-8`)")
    })?;
    let text = text
        .strip_prefix('\u{feff}')
        .map(str::to_string)
        .unwrap_or(text);
    let declared = declarations.of(name);
    Ok(SourceFile {
        name: name.to_string(),
        kind: declared.kind,
        skip: declared.skip,
        text,
    })
}

/// The sources a site's talks were taken from.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    pub declarations: Declarations,
    /// By file name.
    pub files: BTreeMap<String, SourceFile>,
}

impl Sources {
    pub fn get(&self, name: &str) -> Option<&SourceFile> {
        self.files.get(name)
    }
}

/// The `[source] file` of a talk and the line of the talk file that names it.
pub fn file_of(doc: &Doc<TalkMeta>) -> Option<(&str, usize)> {
    let file = doc.meta.source.as_ref()?.file.as_deref()?;
    let line = doc
        .line_of("file", file)
        .or_else(|| doc.line_of("source", file))
        .unwrap_or(1);
    Some((file, line))
}

/// The line of a talk file that holds its `[source] lines`.
pub fn lines_line(doc: &Doc<TalkMeta>) -> usize {
    let at = |key: &str| {
        doc.front_matter
            .lines()
            .position(|l| l.trim_start().starts_with(key))
    };
    at("lines")
        .or_else(|| at("source"))
        .or_else(|| at("[source]"))
        .map_or(1, |i| i + 2)
}

/// Why a file is not a source, and the talks (file, line) that name it.
type NamedBy<'a> = (String, Vec<(&'a Path, usize)>);

/// Reads the sources that `talks` name (with `all`, every file in `sources/` too), and reports
/// every `[source] file` that names no file there, every `sources.toml` table that names none,
/// and every source that cannot be read.
pub fn load<'a>(
    root: &Path,
    talks: impl IntoIterator<Item = &'a Doc<TalkMeta>>,
    all: bool,
) -> (Sources, Diagnostics) {
    let mut diags = Diagnostics::default();
    let declarations = Declarations::load(root).unwrap_or_else(|d| {
        diags.push(d);
        Declarations::default()
    });
    let present = list(root);
    let mut wanted: Vec<String> = if all { present.clone() } else { Vec::new() };
    // Talks naming a file that is not there, by that file: one error each, at its first talk.
    let mut missing: BTreeMap<&str, NamedBy> = BTreeMap::new();
    for doc in talks {
        let Some((file, line)) = file_of(doc) else {
            continue;
        };
        let problem = bad_name(file).map(str::to_string).or_else(|| {
            (!present.iter().any(|p| p == file)).then(|| {
                format!(
                    "there is no file `{file}` in sources/ ({})",
                    existing(&present)
                )
            })
        });
        match problem {
            Some(why) => missing
                .entry(file)
                .or_insert_with(|| (why, Vec::new()))
                .1
                .push((&doc.path, line)),
            None => wanted.push(file.to_string()),
        }
    }
    for (file, (why, mut named_by)) in missing {
        named_by.sort();
        let (path, line) = named_by[0];
        let others = match named_by.len() - 1 {
            0 => String::new(),
            1 => "; 1 other talk names it too".to_string(),
            n => format!("; {n} other talks name it too"),
        };
        diags.push(
            Diagnostic::in_file(path, format!("`[source] file = \"{file}\"`: {why}{others}"))
                .at(line, None)
                .help("name a file of the site's sources/ folder, or copy the document there (same bytes)"),
        );
    }
    for name in declarations.by_file.keys() {
        if !present.contains(name) {
            diags.push(
                Diagnostic::in_file(
                    &Declarations::path(),
                    format!(
                        "`[\"{name}\"]` names no file in sources/ ({})",
                        existing(&present)
                    ),
                )
                .at(declarations.line_of(name).unwrap_or(1), None)
                .help("correct the file name, or remove the table"),
            );
        }
    }
    wanted.sort();
    wanted.dedup();
    let mut files = BTreeMap::new();
    for name in wanted {
        match read(root, &name, &declarations) {
            Ok(source) => {
                files.insert(name, source);
            }
            Err(d) => diags.push(d),
        }
    }
    (
        Sources {
            declarations,
            files,
        },
        diags,
    )
}

/// "the files there are a.txt, b.txt" for messages.
fn existing(present: &[String]) -> String {
    if present.is_empty() {
        "the folder holds no source".to_string()
    } else {
        format!("the sources there are {}", present.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(text: &str) -> SourceFile {
        SourceFile {
            name: "a.txt".into(),
            kind: SourceKind::Text,
            skip: Vec::new(),
            text: text.into(),
        }
    }

    #[test]
    fn lines_do_not_count_a_final_line_end() {
        assert_eq!(source("a\nb\n").lines(), ["a", "b"]);
        assert_eq!(source("a\r\nb").lines(), ["a", "b"]);
        assert_eq!(source("a\n\n").lines(), ["a", ""]);
        assert!(source("").lines().is_empty());
    }

    #[test]
    fn ranges_are_checked_against_the_source() {
        let s = source("a\nb\nc\n");
        assert_eq!(s.range([1, 3]), Ok(LineRange { start: 1, end: 3 }));
        assert!(s.range([0, 2]).unwrap_err().contains("counted from 1"));
        assert!(s
            .range([3, 2])
            .unwrap_err()
            .contains("end before they start"));
        assert!(s.range([2, 4]).unwrap_err().contains("has 3 lines"));
    }

    #[test]
    fn declarations_parse_and_point_at_errors() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join(SOURCES_DIR)).unwrap();
        let path = dir.path().join(Declarations::path());
        std::fs::write(
            &path,
            "[\"t.txt\"]\nkind = \"transcript\"\nskip = [{ lines = [1, 2], reason = \"开场前的静音\" }]\n",
        )
        .unwrap();
        let d = Declarations::load(dir.path()).unwrap();
        assert_eq!(d.of("t.txt").kind, SourceKind::Transcript);
        assert_eq!(d.of("t.txt").skip[0].lines, [1, 2]);
        assert_eq!(d.of("other.txt"), Declared::default());
        assert_eq!(d.line_of("t.txt"), Some(1));
        std::fs::write(&path, "[\"t.txt\"]\nkind = \"speech\"\n").unwrap();
        let err = Declarations::load(dir.path()).unwrap_err();
        assert_eq!(err.line, Some(2), "{err}");
    }

    #[test]
    fn names_with_folders_are_refused() {
        assert!(bad_name("../x.txt").is_some());
        assert!(bad_name("sources.toml").is_some());
        assert!(bad_name("001_a.txt").is_none());
    }
}
