//! Finds the names of speakers, orgs and trends, and every alias of speakers and orgs, in running
//! text. Built once per build from the archive; used to link mentions, to list them on the pages of
//! the people named, and to show the correct name beside a misspelling.
//!
//! Only names are matched, never vocabulary: a trend's keywords (机器人, 开源) are not names. The
//! glossary's misheard forms of terms are matched like aliases (the term written right is not).

use super::words::Segmenter;
use crate::graph::Archive;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use std::sync::Arc;

/// What a name in the text refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Target {
    Speaker(usize),
    Org(usize),
    Trend(usize),
    /// A glossary term, found by one of its misheard forms.
    Term(usize),
}

/// One occurrence of a known name in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// Byte range in the text.
    pub start: usize,
    pub end: usize,
    pub target: Target,
    /// The form found differs from the correct name (a misspelling or other form).
    pub is_alias: bool,
}

pub struct NameFinder {
    matcher: Option<AhoCorasick>,
    /// For each pattern: its text and every entity that has it as name or alias.
    patterns: Vec<(String, Vec<(Target, bool)>)>,
    words: Arc<Segmenter>,
}

/// Names shorter than this (in characters) are too likely to be parts of ordinary words.
const MIN_CHARS: usize = 2;

impl NameFinder {
    pub fn new(archive: &Archive, words: Arc<Segmenter>) -> NameFinder {
        let mut by_text: std::collections::BTreeMap<String, Vec<(Target, bool)>> =
            Default::default();
        let mut add = |text: &str, target: Target, is_alias: bool| {
            let text = text.trim();
            if text.chars().count() >= MIN_CHARS {
                let entry = by_text.entry(text.to_string()).or_default();
                if !entry.iter().any(|(t, _)| *t == target) {
                    entry.push((target, is_alias));
                }
            }
        };
        for (i, s) in archive.speakers.iter().enumerate() {
            add(&s.meta.name, Target::Speaker(i), false);
            for a in &s.meta.aliases {
                add(a, Target::Speaker(i), a != &s.meta.name);
            }
        }
        for (i, o) in archive.orgs.iter().enumerate() {
            add(&o.meta.name, Target::Org(i), false);
            for a in &o.meta.aliases {
                add(a, Target::Org(i), a != &o.meta.name);
            }
        }
        for (i, t) in archive.trends.iter().enumerate() {
            add(&t.meta.name, Target::Trend(i), false);
        }
        // Only the misheard forms: a term written right is vocabulary, not a name to link.
        for (i, term) in archive.glossary.iter().enumerate() {
            for a in &term.aliases {
                add(a, Target::Term(i), true);
            }
        }
        let patterns: Vec<(String, Vec<(Target, bool)>)> = by_text.into_iter().collect();
        let matcher = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .ascii_case_insensitive(true)
            .build(patterns.iter().map(|(p, _)| p.as_str()))
            .ok();
        NameFinder {
            matcher,
            patterns,
            words,
        }
    }

    /// Every known name in `text`, left to right, longest first where names overlap. Where a
    /// name belongs to several entities, `prefer` picks among them (e.g. the talk's own speakers);
    /// if it cannot, the name is ambiguous and skipped.
    pub fn find(&self, text: &str, prefer: &dyn Fn(Target) -> bool) -> Vec<Found> {
        let Some(matcher) = &self.matcher else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for m in matcher.find_iter(text) {
            let (pattern, targets) = &self.patterns[m.pattern().as_usize()];
            let whole = if is_latin(pattern) {
                at_word_boundaries(text, m.start(), m.end())
            } else {
                self.words.is_whole_words(text, m.start(), m.end())
            };
            if !whole {
                continue;
            }
            let chosen = match targets.as_slice() {
                [only] => Some(*only),
                many => {
                    let preferred: Vec<_> = many.iter().filter(|(t, _)| prefer(*t)).collect();
                    match preferred.as_slice() {
                        [one] => Some(**one),
                        _ => None,
                    }
                }
            };
            if let Some((target, is_alias)) = chosen {
                out.push(Found {
                    start: m.start(),
                    end: m.end(),
                    target,
                    is_alias,
                });
            }
        }
        out
    }
}

/// A form that differs from the name gets the name beside it, unless it is just a shorter form
/// of it (商汤 for 商汤科技) or a Latin spelling (Kai-Fu Lee).
pub fn shows_correction(surface: &str, name: &str) -> bool {
    surface != name
        && !name.contains(surface)
        && !surface.is_ascii()
        && !surface.eq_ignore_ascii_case(name)
}

/// Whether a form found as `target` gets the correct `name` beside it: a misheard form of a
/// glossary term always does (`sing law〔Scaling Law〕`), a name's as `shows_correction` says.
pub fn shows_correction_of(target: Target, surface: &str, name: &str) -> bool {
    match target {
        Target::Term(_) => !surface.eq_ignore_ascii_case(name),
        _ => shows_correction(surface, name),
    }
}

fn is_latin(s: &str) -> bool {
    s.chars().any(|c| c.is_ascii_alphabetic()) && s.is_ascii()
}

/// Latin names must not match inside longer Latin words ("CAI" in "CAIGC").
fn at_word_boundaries(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(|c| c.is_ascii_alphanumeric())
        && !after.is_some_and(|c| c.is_ascii_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn corrections_are_shown_for_misspellings_only() {
        assert!(shows_correction("姜大新", "姜大昕"));
        assert!(shows_correction("接月星辰", "阶跃星辰"));
        assert!(!shows_correction("商汤", "商汤科技"));
        assert!(!shows_correction("Kai-Fu Lee", "李开复"));
        assert!(!shows_correction("李开复", "李开复"));
    }

    #[test]
    fn a_misheard_term_always_shows_the_term() {
        assert!(shows_correction_of(
            Target::Term(0),
            "sing law",
            "Scaling Law"
        ));
        assert!(shows_correction_of(Target::Term(0), "巨深", "具身"));
        assert!(!shows_correction_of(
            Target::Term(0),
            "scaling law",
            "Scaling Law"
        ));
        // Names keep their rule: a Latin spelling is not a misspelling.
        assert!(!shows_correction_of(
            Target::Speaker(0),
            "Kai-Fu Lee",
            "李开复"
        ));
    }

    #[test]
    fn latin_names_need_word_boundaries() {
        assert!(at_word_boundaries("用 CAI 做", 4, 7));
        assert!(!at_word_boundaries("CAIGC", 0, 3));
        assert!(at_word_boundaries("是CAI的", 3, 6));
    }
}
