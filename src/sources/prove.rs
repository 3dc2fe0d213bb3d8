//! What `talkarchive check` proves of a site's sources: each talk with `[source] lines` has the
//! body the fill rule gives for them, and each source's lines are covered exactly once.

use super::coverage::{self, Claim, Holder, Problem};
use super::fill::{self, Paragraph};
use super::{lines_line, LineRange, SourceFile, Sources};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::model::{Doc, TalkMeta};
use std::collections::BTreeMap;
use std::path::Path;

/// The body a talk should have.
#[derive(Debug, Clone)]
pub struct Filled<'a> {
    pub source: &'a SourceFile,
    pub range: LineRange,
    pub paragraphs: Vec<Paragraph>,
    pub body: String,
}

/// The body the fill rule gives `doc`: `None` if it has no `[source] lines` or its source is
/// not in `sources` (which `sources::load` reports); an error if the range is not in it.
pub fn expected<'a>(
    doc: &Doc<TalkMeta>,
    sources: &'a Sources,
) -> Result<Option<Filled<'a>>, Diagnostic> {
    let Some(src) = &doc.meta.source else {
        return Ok(None);
    };
    let Some(lines) = src.lines else {
        return Ok(None);
    };
    let at = lines_line(doc);
    let Some(file) = &src.file else {
        return Err(
            Diagnostic::in_file(&doc.path, "`[source] lines` without `[source] file`")
                .at(at, None)
                .help(
                    "add `file = \"…\"`, the name of the document in sources/ the lines are from",
                ),
        );
    };
    let Some(source) = sources.get(file) else {
        // Not in sources/ or unreadable: `sources::load` said so when it loaded `sources`.
        return Ok(None);
    };
    let range = source.range(lines).map_err(|why| {
        Diagnostic::in_file(&doc.path, format!("{why} ({})", source.path().display()))
            .at(at, None)
            .help("give the first and the last line of the talk in the source, e.g. `lines = [12, 80]`")
    })?;
    let paragraphs = fill::paragraphs(source, range, &doc.body);
    let body = fill::join(&paragraphs);
    Ok(Some(Filled {
        source,
        range,
        paragraphs,
        body,
    }))
}

/// 1-based line of the talk file where its body starts.
pub fn body_line(doc: &Doc<TalkMeta>) -> usize {
    doc.front_matter.matches('\n').count() + 3
}

/// Every body that differs from its fill, every line of a source that is in no talk or in two,
/// for `talks` and the `sources` loaded with them (every file in `sources/`).
pub fn prove<'a>(
    talks: impl IntoIterator<Item = &'a Doc<TalkMeta>>,
    sources: &Sources,
) -> Diagnostics {
    let mut diags = Diagnostics::default();
    let mut claims: BTreeMap<&str, Vec<Claim>> = sources
        .files
        .iter()
        .map(|(name, source)| {
            let skipped = source
                .skip
                .iter()
                .filter_map(|s| {
                    let range = source.range(s.lines).map_err(|why| {
                        diags.push(skip_error(sources, name, &format!("skip {why}")));
                    });
                    if s.reason.trim().is_empty() {
                        diags.push(skip_error(
                            sources,
                            name,
                            &format!(
                                "the skipped lines [{}, {}] have no reason",
                                s.lines[0], s.lines[1]
                            ),
                        ));
                    }
                    Some(Claim {
                        holder: Holder::Skipped(s.reason.clone()),
                        range: range.ok()?,
                    })
                })
                .collect();
            (name.as_str(), skipped)
        })
        .collect();
    for doc in talks {
        let filled = match expected(doc, sources) {
            Ok(Some(filled)) => filled,
            Ok(None) => continue,
            Err(d) => {
                diags.push(d);
                continue;
            }
        };
        if let Some(diff) = fill::first_difference(&filled.paragraphs, &filled.body, &doc.body) {
            diags.push(body_differs(doc, &filled, &diff));
        }
        claims
            .entry(filled.source.name.as_str())
            .or_default()
            .push(Claim {
                holder: Holder::Talk(doc.path.clone()),
                range: filled.range,
            });
    }
    for (name, claims) in &claims {
        let Some(source) = sources.get(name) else {
            continue;
        };
        for problem in coverage::check(source, claims) {
            diags.push(coverage_error(source, &problem));
        }
    }
    diags
}

fn skip_error(sources: &Sources, name: &str, why: &str) -> Diagnostic {
    Diagnostic::in_file(&super::Declarations::path(), format!("[\"{name}\"]: {why}"))
        .at(sources.declarations.line_of(name).unwrap_or(1), None)
        .help("write `skip = [{ lines = [first, last], reason = \"why no talk holds them\" }]`")
}

/// At most `n` characters of `s`, for quoting a line.
fn excerpt(s: &str) -> String {
    const N: usize = 30;
    let mut out: String = s.chars().take(N).collect();
    if s.chars().count() > N {
        out.push('…');
    }
    out
}

fn body_differs(doc: &Doc<TalkMeta>, filled: &Filled, diff: &fill::Difference) -> Diagnostic {
    let from = format!("{} of {}", filled.range, filled.source.path().display());
    let should = match diff.source_line {
        Some(n) => format!("source line {n}, “{}”", excerpt(&diff.want)),
        None if diff.want.is_empty() => "nothing".to_string(),
        None => format!("“{}”", excerpt(&diff.want)),
    };
    let holds = if diff.got.is_empty() {
        "nothing".to_string()
    } else {
        format!("“{}”", excerpt(&diff.got))
    };
    Diagnostic::in_file(
        &doc.path,
        format!("the body is not the text of {from}: this line should hold {should}, but it holds {holds}"),
    )
    .at(body_line(doc) + diff.body_line, None)
    .help(format!(
        "run `talkarchive fill {}` to write the body from the source (front matter and alt text are kept)",
        doc.path.display()
    ))
}

fn coverage_error(source: &SourceFile, problem: &Problem) -> Diagnostic {
    let name = |c: &Claim| match &c.holder {
        Holder::Talk(path) => format!("{} ({})", path.display(), c.range),
        Holder::Skipped(_) => format!("{} ({})", c.holder, c.range),
    };
    match problem {
        Problem::Uncovered {
            range,
            before,
            after,
        } => {
            let near = match (before, after) {
                (Some(b), Some(a)) => format!(", between {} and {}", name(b), name(a)),
                (Some(b), None) => format!(", after {}", name(b)),
                (None, Some(a)) => format!(", before {}", name(a)),
                (None, None) => ", and no talk comes from this source".to_string(),
            };
            Diagnostic::in_file(
                &source.path(),
                format!("{range} {} in no talk{near}", range.verb()),
            )
            .at(range.start, None)
            .help(format!(
                "move a talk's `[source] lines` to take them in (then run `talkarchive fill`), \
                     or declare them in {} with `skip = [{{ lines = [{}, {}], reason = \"…\" }}]`",
                Path::new(super::SOURCES_DIR)
                    .join(super::DECLARATIONS)
                    .display(),
                range.start,
                range.end
            ))
        }
        Problem::Overlap { range, holders } => {
            let names: Vec<String> = holders.iter().map(name).collect();
            Diagnostic::in_file(
                &source.path(),
                format!(
                    "{range} {} in more than one place: {}",
                    range.verb(),
                    names.join(" and ")
                ),
            )
            .at(range.start, None)
            .help("move a boundary so that each line is in one talk, then run `talkarchive fill`")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::parse_doc;
    use crate::sources::{Declarations, SourceKind};

    fn talk(path: &str, lines: [u32; 2], body: &str) -> Doc<TalkMeta> {
        let text = format!(
            "+++\ntitle = \"t\"\nkind = \"keynote\"\norder = 1\nsummary = \"s\"\n\n[source]\nfile = \"s.txt\"\nlines = [{}, {}]\n+++\n{body}",
            lines[0], lines[1]
        );
        parse_doc(Path::new(path), "t".into(), &text).unwrap()
    }

    fn sources(text: &str) -> Sources {
        let file = SourceFile {
            name: "s.txt".into(),
            kind: SourceKind::Transcript,
            skip: Vec::new(),
            text: text.into(),
        };
        Sources {
            declarations: Declarations::default(),
            files: [("s.txt".to_string(), file)].into(),
        }
    }

    #[test]
    fn filled_talks_that_tile_the_source_prove() {
        let s = sources("a\nb\n\nc\n");
        let talks = [
            talk("x.md", [1, 2], "a\n\nb\n"),
            talk("y.md", [3, 4], "c\n"),
        ];
        assert!(prove(&talks, &s).is_empty());
    }

    #[test]
    fn a_body_that_differs_names_its_line_and_fill() {
        let s = sources("a\nb\nc\n");
        let talks = [talk("x.md", [1, 3], "a\n\nc\n")];
        let text = prove(&talks, &s).to_string();
        // Ten lines of front matter and fences, so the body's third line is line 13.
        assert!(text.contains("x.md:13: the body is not the text of lines 1–3 of sources/s.txt: this line should hold source line 2, “b”, but it holds “c”"), "{text}");
        assert!(text.contains("run `talkarchive fill x.md`"), "{text}");
    }

    #[test]
    fn coverage_errors_name_the_source_lines_and_talks() {
        let s = sources("a\nb\nc\nd\ne\n");
        let talks = [
            talk("x.md", [1, 2], "a\n\nb\n"),
            talk("y.md", [2, 3], "b\n\nc\n"),
        ];
        let text = prove(&talks, &s).to_string();
        assert!(text.contains("sources/s.txt:2: line 2 is in more than one place: x.md (lines 1–2) and y.md (lines 2–3)"), "{text}");
        assert!(
            text.contains("sources/s.txt:4: lines 4–5 are in no talk, after y.md (lines 2–3)"),
            "{text}"
        );
    }

    #[test]
    fn bad_ranges_point_at_the_lines_key() {
        let s = sources("a\n");
        let text = prove(&[talk("x.md", [1, 9], "a\n")], &s).to_string();
        assert!(text.contains("x.md:9: lines [1, 9] go past the end of the source, which has 1 lines (sources/s.txt)"), "{text}");
    }
}
