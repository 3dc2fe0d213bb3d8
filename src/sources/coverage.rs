//! Coverage: every line of a source that carries text is in exactly one talk or in a range the
//! archive declares skipped; no line is in two. Blank lines (and lines the fill rule drops) may
//! stay outside every talk: they are the gaps between them.

use super::fill::clean_line;
use super::{LineRange, SourceFile};
use std::path::PathBuf;

/// What holds a range of a source's lines.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Holder {
    /// A talk file (its path relative to the site root).
    Talk(PathBuf),
    /// A range `sources/sources.toml` declares skipped, with its reason.
    Skipped(String),
}

impl std::fmt::Display for Holder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Holder::Talk(path) => write!(f, "{}", path.display()),
            Holder::Skipped(reason) => write!(f, "the skipped range “{reason}”"),
        }
    }
}

/// One holder's range of a source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim {
    pub holder: Holder,
    pub range: LineRange,
}

/// A range of lines held wrongly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// Lines with text in no talk nor skipped range; `before` and `after` are the nearest
    /// claims (the talks one would extend).
    Uncovered {
        range: LineRange,
        before: Option<Claim>,
        after: Option<Claim>,
    },
    /// Lines held by two or more claims.
    Overlap {
        range: LineRange,
        holders: Vec<Claim>,
    },
}

/// The problems of `source` whose lines are held by `claims` (ranges already checked to lie in
/// the source), in the order of their lines.
pub fn check(source: &SourceFile, claims: &[Claim]) -> Vec<Problem> {
    let lines = source.lines();
    // For each line (0-based), the claims that hold it.
    let mut holders: Vec<Vec<usize>> = vec![Vec::new(); lines.len()];
    for (i, claim) in claims.iter().enumerate() {
        for slot in holders
            .iter_mut()
            .take(claim.range.end)
            .skip(claim.range.start - 1)
        {
            slot.push(i);
        }
    }
    let mut problems = Vec::new();
    let mut n = 0;
    while n < lines.len() {
        if holders[n].len() > 1 {
            let set = holders[n].clone();
            let mut end = n;
            while end + 1 < lines.len() && holders[end + 1] == set {
                end += 1;
            }
            problems.push(Problem::Overlap {
                range: LineRange {
                    start: n + 1,
                    end: end + 1,
                },
                holders: set.iter().map(|&i| claims[i].clone()).collect(),
            });
            n = end + 1;
        } else if holders[n].is_empty() && has_text(source, lines[n]) {
            // A run of lines with text in nothing, across blank lines in nothing.
            let mut end = n;
            let mut m = n + 1;
            while m < lines.len() && holders[m].is_empty() {
                if has_text(source, lines[m]) {
                    end = m;
                }
                m += 1;
            }
            let range = LineRange {
                start: n + 1,
                end: end + 1,
            };
            let before = claims
                .iter()
                .filter(|c| c.range.end < range.start)
                .max_by_key(|c| c.range.end)
                .cloned();
            let after = claims
                .iter()
                .filter(|c| c.range.start > range.end)
                .min_by_key(|c| c.range.start)
                .cloned();
            problems.push(Problem::Uncovered {
                range,
                before,
                after,
            });
            n = end + 1;
        } else {
            n += 1;
        }
    }
    problems
}

/// Whether a line carries text that a body would hold.
fn has_text(source: &SourceFile, line: &str) -> bool {
    !clean_line(source.kind, line).trim().is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sources::SourceKind;

    fn source(text: &str) -> SourceFile {
        SourceFile {
            name: "s.txt".into(),
            kind: SourceKind::Transcript,
            skip: Vec::new(),
            text: text.into(),
        }
    }

    fn talk(name: &str, start: usize, end: usize) -> Claim {
        Claim {
            holder: Holder::Talk(name.into()),
            range: LineRange { start, end },
        }
    }

    #[test]
    fn talks_that_tile_the_source_cover_it() {
        let s = source("a\nb\n\nc\nd\n");
        assert_eq!(check(&s, &[talk("x", 1, 2), talk("y", 4, 5)]), []);
        assert_eq!(check(&s, &[talk("x", 1, 3), talk("y", 4, 5)]), []);
    }

    #[test]
    fn lines_in_no_talk_are_one_range_with_their_neighbours() {
        let s = source("a\nb\n\nc\n🎼\nd\ne\n");
        let problems = check(&s, &[talk("x", 1, 1), talk("y", 7, 7)]);
        assert_eq!(
            problems,
            [Problem::Uncovered {
                range: LineRange { start: 2, end: 6 },
                before: Some(talk("x", 1, 1)),
                after: Some(talk("y", 7, 7)),
            }]
        );
        // Noise alone on a line is no text.
        assert_eq!(check(&s, &[talk("x", 1, 4), talk("y", 6, 7)]), []);
    }

    #[test]
    fn lines_in_two_talks_are_named_with_both() {
        let s = source("a\nb\nc\nd\n");
        let problems = check(&s, &[talk("x", 1, 3), talk("y", 2, 4)]);
        assert_eq!(
            problems,
            [Problem::Overlap {
                range: LineRange { start: 2, end: 3 },
                holders: vec![talk("x", 1, 3), talk("y", 2, 4)],
            }]
        );
    }

    #[test]
    fn a_skipped_range_covers_and_can_overlap() {
        let s = source("开场音乐\na\nb\n");
        let skip = Claim {
            holder: Holder::Skipped("音乐".into()),
            range: LineRange { start: 1, end: 1 },
        };
        assert_eq!(check(&s, &[skip.clone(), talk("x", 2, 3)]), []);
        let problems = check(&s, &[skip.clone(), talk("x", 1, 3)]);
        assert!(
            matches!(&problems[..], [Problem::Overlap { range, .. }] if range.start == 1 && range.end == 1)
        );
    }

    #[test]
    fn a_source_without_talks_is_one_uncovered_range() {
        let s = source("\na\nb\n\n");
        assert_eq!(
            check(&s, &[]),
            [Problem::Uncovered {
                range: LineRange { start: 2, end: 3 },
                before: None,
                after: None,
            }]
        );
    }
}
