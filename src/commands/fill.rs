//! `talkarchive fill [TALK…]`: writes talk bodies from their `[source] lines` by the fill rule
//! (src/sources/fill.rs), e.g. after an archivist moved a boundary. The front matter is kept byte
//! for byte, and so is the alt text a curator wrote. Nothing is written unless every named talk
//! can be filled, and a file whose body is already right is not touched.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::model::{Doc, TalkMeta};
use crate::sources::{self, prove};
use std::path::Path;

/// One talk whose body changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The talk file, relative to the site root.
    pub path: std::path::PathBuf,
    /// What changed, e.g. `12 paragraphs → 14 (+2 at the end)`.
    pub summary: String,
}

/// Fills `names` (talk files or `event/slug`; none: every talk with `[source] lines`) and returns
/// what changed, in the order of the files.
pub fn run(root: &Path, names: &[String]) -> Result<Vec<Change>, Diagnostics> {
    let (content, diags) = crate::load::load_content(root);
    if !diags.is_empty() {
        return Err(diags.sorted());
    }
    let mut talks: Vec<&Doc<TalkMeta>> = content.talks.iter().collect();
    talks.sort_by(|a, b| a.path.cmp(&b.path));
    let chosen = choose(root, &talks, names)?;
    let (sources, mut diags) = sources::load(root, chosen.iter().copied(), false);
    let mut writes = Vec::new();
    for doc in chosen {
        match prove::expected(doc, &sources) {
            Ok(Some(filled)) if filled.body != doc.body => {
                let summary = describe(&paragraphs_of(&doc.body), &filled.body);
                match with_body(root, doc, &filled.body) {
                    Ok(text) => writes.push((doc, text, summary)),
                    Err(d) => diags.push(d),
                }
            }
            Ok(_) => {}
            Err(d) => diags.push(d),
        }
    }
    if !diags.is_empty() {
        return Err(diags.sorted());
    }
    let mut changes = Vec::new();
    for (doc, text, summary) in writes {
        write(&root.join(&doc.path), &doc.path, &text)?;
        changes.push(Change {
            path: doc.path.clone(),
            summary,
        });
    }
    Ok(changes)
}

/// The talks `names` names, or every talk with `[source] lines`.
fn choose<'a>(
    root: &Path,
    talks: &[&'a Doc<TalkMeta>],
    names: &[String],
) -> Result<Vec<&'a Doc<TalkMeta>>, Diagnostics> {
    let has_lines = |d: &Doc<TalkMeta>| d.meta.source.as_ref().is_some_and(|s| s.lines.is_some());
    if names.is_empty() {
        return Ok(talks.iter().copied().filter(|d| has_lines(d)).collect());
    }
    let mut diags = Diagnostics::default();
    let mut chosen = Vec::new();
    for name in names {
        match talks.iter().find(|d| names_talk(root, d, name)) {
            Some(doc) if has_lines(doc) => chosen.push(*doc),
            Some(doc) => diags.push(
                Diagnostic::in_file(
                    &doc.path,
                    "the talk has no `[source] lines` to fill it from",
                )
                .help(
                    "add `file` and `lines = [first, last]` to its [source] table, or leave it out",
                ),
            ),
            None => diags.push(Diagnostic::new(format!("there is no talk `{name}`")).help(
                "name a talk by its file (content/talks/<event>/<talk>.md) or as <event>/<talk>",
            )),
        }
    }
    chosen.sort_by(|a, b| a.path.cmp(&b.path));
    chosen.dedup_by(|a, b| a.path == b.path);
    diags.into_result(chosen)
}

/// Whether `name` (a path from the working folder or the site root, or `event/slug`) is `doc`.
fn names_talk(root: &Path, doc: &Doc<TalkMeta>, name: &str) -> bool {
    let key = doc
        .path
        .parent()
        .and_then(|p| p.file_name())
        .map(|event| format!("{}/{}", event.to_string_lossy(), doc.slug));
    if Path::new(name) == doc.path || key.as_deref() == Some(name.trim_end_matches(".md")) {
        return true;
    }
    let here = std::fs::canonicalize(name).ok();
    here.is_some() && here == std::fs::canonicalize(root.join(&doc.path)).ok()
}

/// The non-blank paragraphs of a body.
fn paragraphs_of(body: &str) -> Vec<&str> {
    body.split("\n\n")
        .map(|p| p.trim_matches('\n'))
        .filter(|p| !p.trim().is_empty())
        .collect()
}

/// What filling changes: `12 paragraphs → 14 (+2 at the end)`.
pub fn describe(old: &[&str], new_body: &str) -> String {
    let new = paragraphs_of(new_body);
    let prefix = old.iter().zip(&new).take_while(|(a, b)| a == b).count();
    let suffix = old[prefix..]
        .iter()
        .rev()
        .zip(new[prefix..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let (gone, came) = (old.len() - prefix - suffix, new.len() - prefix - suffix);
    let place = if suffix == 0 && prefix > 0 {
        "at the end".to_string()
    } else if prefix == 0 && suffix > 0 {
        "at the start".to_string()
    } else if prefix == 0 {
        "throughout".to_string()
    } else {
        format!("after paragraph {prefix}")
    };
    let what = match (gone, came) {
        (0, 0) => "the same paragraphs, spaced differently".to_string(),
        (0, n) => format!("+{n} {place}"),
        (n, 0) => format!("−{n} {place}"),
        (g, c) => format!("{g} replaced by {c} {place}"),
    };
    let plural = |n: usize| if n == 1 { "paragraph" } else { "paragraphs" };
    format!(
        "{} {} → {} ({what})",
        old.len(),
        plural(old.len()),
        new.len()
    )
}

/// The talk file's text with `body` after its front matter, which is kept byte for byte (its
/// line ends too: a file written with CRLF gets a CRLF body).
fn with_body(root: &Path, doc: &Doc<TalkMeta>, body: &str) -> Result<String, Diagnostic> {
    let text = std::fs::read_to_string(root.join(&doc.path))
        .map_err(|e| Diagnostic::in_file(&doc.path, format!("cannot read: {e}")))?;
    let mut end = None;
    let mut offset = 0;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        offset += line.len();
        if i > 0 && line.trim_end() == "+++" {
            end = Some(offset);
            break;
        }
    }
    let Some(end) = end else {
        return Err(
            Diagnostic::in_file(&doc.path, "the front matter is not closed")
                .help("add a line holding only `+++` after the last TOML field"),
        );
    };
    let mut out = text[..end].to_string();
    let crlf = out.ends_with("\r\n");
    if !out.ends_with('\n') {
        out.push('\n');
    }
    if crlf {
        out.push_str(&body.replace('\n', "\r\n"));
    } else {
        out.push_str(body);
    }
    Ok(out)
}

/// Writes `text` beside `full` and renames it over, so that a failed write leaves the old file.
fn write(full: &Path, rel: &Path, text: &str) -> Result<(), Diagnostic> {
    let cannot = |e: std::io::Error| Diagnostic::in_file(rel, format!("cannot write: {e}"));
    let dir = full.parent().unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(cannot)?;
    std::io::Write::write_all(&mut tmp, text.as_bytes()).map_err(cannot)?;
    if let Ok(meta) = std::fs::metadata(full) {
        let _ = std::fs::set_permissions(tmp.path(), meta.permissions());
    }
    tmp.persist(full).map_err(|e| cannot(e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn describe_says_where_paragraphs_came_and_went() {
        let old = ["a", "b"];
        assert_eq!(
            describe(&old, "a\n\nb\n\nc\n"),
            "2 paragraphs → 3 (+1 at the end)"
        );
        assert_eq!(
            describe(&old, "z\n\na\n\nb\n"),
            "2 paragraphs → 3 (+1 at the start)"
        );
        assert_eq!(describe(&old, "a\n"), "2 paragraphs → 1 (−1 at the end)");
        assert_eq!(
            describe(&old, "a\n\nx\n\nb\n"),
            "2 paragraphs → 3 (+1 after paragraph 1)"
        );
        assert_eq!(
            describe(&old, "x\n"),
            "2 paragraphs → 1 (2 replaced by 1 throughout)"
        );
        assert_eq!(
            describe(&["a"], "a\n\n"),
            "1 paragraph → 1 (the same paragraphs, spaced differently)"
        );
    }
}
