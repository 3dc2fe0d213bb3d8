//! `talkarchive import`: a new source becomes draft talks. The source is copied byte for byte into
//! `sources/`; `boundaries` finds where its programme moves on; each stretch becomes a draft
//! (`draft = true`) with its order, its `[source] lines`, the body the fill rule gives, a title to
//! review, the speakers and orgs the archive knows that its first lines introduce, and the names
//! it could not place. Nothing is written unless everything can be.

pub mod boundaries;
pub mod draft;
pub mod names;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::graph::Archive;
use crate::load::CONTENT_DIR;
use crate::sources::{Declarations, SourceFile, SourceKind, SOURCES_DIR};
use std::path::{Path, PathBuf};

/// The summary of a draft until the archivist writes one; `check` reports it.
pub const SUMMARY_PLACEHOLDER: &str = "待写：一句话概括。";

/// How many non-blank lines of a draft are searched for the names it introduces.
const INTRO_LINES: usize = 3;

/// What an import wrote.
#[derive(Debug)]
pub struct Imported {
    /// The copy, relative to the root (`sources/talk.txt`).
    pub source: PathBuf,
    pub drafts: Vec<draft::Draft>,
}

/// Imports `source` into the site at `root` as drafts of the event `event`.
pub fn import(root: &Path, source: &Path, event: &str) -> Result<Imported, Diagnostics> {
    let archive = crate::site::load_archive(root, None)?;
    let Some(&event_index) = archive.index.events.get(event) else {
        return Err(unknown_event(&archive, event).into());
    };
    let name = source_name(source)?;
    let bytes = std::fs::read(source).map_err(|e| {
        Diagnostic::in_file(source, format!("cannot read: {e}"))
            .help("give the path of a plain-text transcript or a Markdown article")
    })?;
    let text = String::from_utf8(bytes.clone()).map_err(|_| {
        Diagnostic::in_file(source, "the file is not UTF-8 text")
            .help("save it as UTF-8 (e.g. `iconv -f GBK -t UTF-8`), then import it again")
    })?;
    let copy = Path::new(SOURCES_DIR).join(&name);
    refuse_covered(&archive, &name, &copy)?;
    match std::fs::read(root.join(&copy)) {
        Ok(existing) if existing != bytes => {
            return Err(Diagnostic::in_file(
                &copy,
                "a different file of this name is already in sources/",
            )
            .help("rename the file you import, or remove the one in sources/ if it is not used")
            .into())
        }
        _ => {}
    }
    let first_order = archive.links.event_talks[event_index]
        .iter()
        .map(|&t| archive.talks[t].doc.meta.order)
        .max()
        .unwrap_or(0)
        + 1;
    // A Markdown article is written text; anything else is taken for a transcript.
    let kind = if name.ends_with(".md") {
        SourceKind::Text
    } else {
        SourceKind::Transcript
    };
    let declarations = Declarations::load(root)?;
    let declare = (kind != declarations.of(&name).kind).then(|| declaration(&name, kind));
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text).to_string();
    let file = SourceFile {
        name: name.clone(),
        kind,
        skip: Vec::new(),
        text,
    };
    let cuts = boundaries::cuts(&file.text, boundaries::Tuning::default());
    let lines = file.lines();
    let ranges = draft::ranges(&lines, &cuts);
    if ranges.is_empty() {
        return Err(Diagnostic::in_file(source, "the file has no text")
            .help("import a transcript or an article with at least one non-blank line")
            .into());
    }
    let dir = Path::new(CONTENT_DIR).join("talks").join(event);
    let drafts: Vec<draft::Draft> = ranges
        .iter()
        .enumerate()
        .map(|(i, &(start, end))| {
            let intro: Vec<&str> = lines[start - 1..end]
                .iter()
                .copied()
                .filter(|l| !l.trim().is_empty())
                .take(INTRO_LINES)
                .collect();
            let introduced = names::introduced(&archive, &intro.join("\n"));
            draft::Draft::new(
                &dir,
                first_order + i as u32,
                &file,
                (start, end),
                introduced,
            )
        })
        .collect();
    for d in &drafts {
        if root.join(&d.path).exists() {
            return Err(Diagnostic::in_file(&d.path, "the file already exists")
                .help("move it away, or give the drafts another event")
                .into());
        }
    }
    write_all(root, &copy, &bytes, declare.as_deref(), &drafts)?;
    Ok(Imported {
        source: copy,
        drafts,
    })
}

/// The file name the source keeps in `sources/`.
fn source_name(source: &Path) -> Result<String, Diagnostic> {
    let name = source
        .file_name()
        .and_then(|n| n.to_str())
        .map(str::to_string)
        .ok_or_else(|| {
            Diagnostic::in_file(source, "this is not a file name")
                .help("give the path of a plain-text transcript or a Markdown article")
        })?;
    if name.starts_with('.') || name == "README.md" || name == "sources.toml" {
        return Err(
            Diagnostic::in_file(source, "sources/ cannot hold a source of this name")
                .help("rename the file (not starting with a dot, not README.md nor sources.toml)"),
        );
    }
    if std::fs::metadata(source).is_ok_and(|m| m.is_dir()) {
        return Err(Diagnostic::in_file(source, "this is a folder, not a file")
            .help("import one transcript or article at a time"));
    }
    Ok(name)
}

/// Refuses a source that talks already take their text from.
fn refuse_covered(archive: &Archive, name: &str, copy: &Path) -> Result<(), Diagnostic> {
    let covering: Vec<String> = archive
        .talks
        .iter()
        .filter(|t| t.doc.meta.source.as_ref().and_then(|s| s.file.as_deref()) == Some(name))
        .map(|t| t.doc.path.display().to_string())
        .collect();
    if covering.is_empty() {
        return Ok(());
    }
    let shown: Vec<&str> = covering.iter().take(3).map(String::as_str).collect();
    Err(Diagnostic::in_file(
        copy,
        format!(
            "already imported: {} talk{} take their text from it ({}{})",
            covering.len(),
            if covering.len() == 1 { "" } else { "s" },
            shown.join(", "),
            if covering.len() > shown.len() { ", …" } else { "" }
        ),
    )
    .help("nothing was written; to cut it again, move the boundaries in those talks' `[source] lines` and run `talkarchive fill`, or delete them first"))
}

fn unknown_event(archive: &Archive, event: &str) -> Diagnostic {
    let nearest = archive
        .events
        .iter()
        .map(|e| (strsim::levenshtein(&e.slug, event), &e.slug))
        .min();
    let help = match nearest {
        Some((_, slug)) => format!(
            "give the slug of an event in content/events/ (did you mean `{slug}`?), or create it with `talkarchive new event {event}`"
        ),
        None => format!("create the event first: `talkarchive new event {event}`"),
    };
    Diagnostic::new(format!("there is no event `{event}`")).help(help)
}

/// The table of `sources/sources.toml` that says how `name` is read.
fn declaration(name: &str, kind: SourceKind) -> String {
    let kind = match kind {
        SourceKind::Transcript => "transcript",
        SourceKind::Text => "text",
    };
    format!(
        "\n[{}]\nkind = \"{kind}\"\n",
        toml::Value::String(name.to_string())
    )
}

/// Writes the copy, its declaration and the drafts; on a failure, removes what it wrote.
fn write_all(
    root: &Path,
    copy: &Path,
    bytes: &[u8],
    declare: Option<&str>,
    drafts: &[draft::Draft],
) -> Result<(), Diagnostic> {
    let mut written: Vec<PathBuf> = Vec::new();
    let declarations = Declarations::path();
    let declared_before = std::fs::read(root.join(&declarations)).ok();
    let result = (|| {
        if let Some(table) = declare {
            let mut text = declared_before.clone().unwrap_or_default();
            text.extend_from_slice(table.as_bytes());
            write_new(root, &declarations, &text)?;
        }
        let copy_existed = root.join(copy).exists();
        if !copy_existed {
            write_new(root, copy, bytes)?;
            written.push(copy.to_path_buf());
        }
        for d in drafts {
            write_new(root, &d.path, d.text.as_bytes())?;
            written.push(d.path.clone());
        }
        Ok(())
    })();
    if result.is_err() {
        for path in &written {
            let _ = std::fs::remove_file(root.join(path));
        }
        if declare.is_some() {
            let _ = match &declared_before {
                Some(text) => std::fs::write(root.join(&declarations), text),
                None => std::fs::remove_file(root.join(&declarations)),
            };
        }
    }
    result
}

fn write_new(root: &Path, rel: &Path, bytes: &[u8]) -> Result<(), Diagnostic> {
    if let Some(dir) = rel.parent() {
        std::fs::create_dir_all(root.join(dir))
            .map_err(|e| Diagnostic::in_file(dir, format!("cannot create the folder: {e}")))?;
    }
    std::fs::write(root.join(rel), bytes)
        .map_err(|e| Diagnostic::in_file(rel, format!("cannot write: {e}")))
}
