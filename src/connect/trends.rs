//! Which talks discuss which trend, and how much each event talked about each trend.
//!
//! A talk discusses a trend when its front matter says so, or when a real part of its text is
//! about it: at least `MIN_PARAGRAPHS` paragraphs and `MIN_SHARE` of all its paragraphs name the
//! trend or one of its keywords. One passing mention is not enough.

use crate::graph::Archive;
use crate::render::markdown::Block;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

/// Paragraphs that must name a trend's terms before a talk counts as discussing it.
pub const MIN_PARAGRAPHS: usize = 3;
/// Share of a talk's paragraphs that must name them.
pub const MIN_SHARE: f64 = 0.12;

/// How much of one talk is about one trend.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Coverage {
    /// Paragraphs that name the trend or its keywords.
    pub paragraphs: usize,
    /// All paragraphs of the talk.
    pub of: usize,
    pub declared: bool,
}

impl Coverage {
    pub fn share(&self) -> f64 {
        if self.of == 0 {
            0.0
        } else {
            self.paragraphs as f64 / self.of as f64
        }
    }

    pub fn detected(&self) -> bool {
        self.paragraphs >= MIN_PARAGRAPHS && self.share() >= MIN_SHARE
    }

    pub fn discusses(&self) -> bool {
        self.declared || self.detected()
    }
}

/// Finds every trend's name and keywords in text.
pub struct TrendTerms {
    matcher: Option<AhoCorasick>,
    /// Trend of each pattern, and whether the pattern is Latin (needs word boundaries).
    owners: Vec<(usize, bool)>,
    trends: usize,
}

impl TrendTerms {
    pub fn new(archive: &Archive) -> TrendTerms {
        let mut patterns = Vec::new();
        let mut owners = Vec::new();
        for (i, t) in archive.trends.iter().enumerate() {
            for term in std::iter::once(&t.meta.name).chain(&t.meta.keywords) {
                let term = term.trim();
                if term.chars().count() >= 2 {
                    patterns.push(term.to_string());
                    owners.push((i, term.is_ascii()));
                }
            }
        }
        let matcher = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .ascii_case_insensitive(true)
            .build(&patterns)
            .ok();
        TrendTerms {
            matcher,
            owners,
            trends: archive.trends.len(),
        }
    }

    /// Per trend, how many of `blocks` name it.
    pub fn paragraphs_per_trend(&self, blocks: &[Block]) -> Vec<usize> {
        let mut per = vec![0; self.trends];
        let Some(m) = &self.matcher else {
            return per;
        };
        let mut hit = vec![false; self.trends];
        for b in blocks {
            hit.iter_mut().for_each(|h| *h = false);
            for found in m.find_iter(&b.text) {
                let (trend, latin) = self.owners[found.pattern().as_usize()];
                if !latin || latin_word_at(&b.text, found.start(), found.end()) {
                    hit[trend] = true;
                }
            }
            for (p, h) in per.iter_mut().zip(&hit) {
                *p += usize::from(*h);
            }
        }
        per
    }
}

fn latin_word_at(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(|c| c.is_ascii_alphanumeric())
        && !after.is_some_and(|c| c.is_ascii_alphanumeric())
}

/// How much one event talked about one trend.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct EventCoverage {
    pub event: usize,
    /// The event's talks that discuss the trend, and all its talks.
    pub talks: usize,
    pub of: usize,
    /// Paragraphs about the trend, and all paragraphs of the event's talks.
    pub paragraphs: usize,
    pub of_paragraphs: usize,
}

impl EventCoverage {
    pub fn share(&self) -> f64 {
        if self.of_paragraphs == 0 {
            0.0
        } else {
            self.paragraphs as f64 / self.of_paragraphs as f64
        }
    }
}

/// For every trend, each event that has talks (in archive order: by date), how much it talked
/// about the trend. `coverage[talk][trend]`.
pub fn by_event(archive: &Archive, coverage: &[Vec<Coverage>]) -> Vec<Vec<EventCoverage>> {
    (0..archive.trends.len())
        .map(|r| {
            (0..archive.events.len())
                .filter(|&e| !archive.links.event_talks[e].is_empty())
                .map(|e| {
                    let mut ec = EventCoverage {
                        event: e,
                        ..Default::default()
                    };
                    for &t in &archive.links.event_talks[e] {
                        let c = coverage[t][r];
                        ec.of += 1;
                        ec.talks += usize::from(c.discusses());
                        ec.paragraphs += c.paragraphs;
                        ec.of_paragraphs += c.of;
                    }
                    ec
                })
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_mention_is_not_a_discussion() {
        let once = Coverage {
            paragraphs: 1,
            of: 40,
            declared: false,
        };
        assert!(!once.discusses());
        let much = Coverage {
            paragraphs: 8,
            of: 40,
            declared: false,
        };
        assert!(much.detected());
        let thin = Coverage {
            paragraphs: 3,
            of: 100,
            declared: false,
        };
        assert!(!thin.detected());
        let declared = Coverage {
            declared: true,
            ..once
        };
        assert!(declared.discusses() && !declared.detected());
    }
}
