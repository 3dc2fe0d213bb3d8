//! Which pages an edit to talks' texts alone can change, so that `serve` builds only those.
//!
//! This is knowledge of what `pages::Builder` reads, and must follow it: when nothing but the
//! Markdown bodies of some talks changed (front matter, links, other documents, config, theme all
//! the same), a page's view model can change only through those talks' own pages or through the
//! connections computed from the texts. Anything else (a changed name, a new talk, a template)
//! is not covered here: `serve` then builds every page and compares view models.
//! `Reuse::verify` (used by tests/serve_rebuild.rs) builds every page and fails if a page left
//! out here changed.

use super::pages::Job;
use crate::connect::related::Related;
use crate::connect::trends::EventCoverage;
use crate::connect::Connections;

/// An event's coverage of a trend as pages show it: its share, not the paragraph counts behind
/// it (every paragraph added to a talk changes the event's total, but not a share of 0).
fn shown(c: &EventCoverage) -> (usize, usize, usize, u64) {
    (c.event, c.talks, c.of, c.share().to_bits())
}

/// Related talks as a page shows them: which talks, and why, in order; not their scores, which
/// move with every edit to a talk that shares words with them.
fn same_related(a: &[Related], b: &[Related]) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|(x, y)| x.talk == y.talk && x.reasons == y.reasons)
}

/// The pages that may differ from the previous render.
pub struct Affected {
    talks: Vec<bool>,
    speakers: Vec<bool>,
    orgs: Vec<bool>,
    trends: Vec<bool>,
    /// Home and the list of trends (talk counts per trend, the chart of trends by event).
    trend_overviews: bool,
}

impl Affected {
    /// After edits to the texts of `texts_changed` (talk positions) and nothing else, with the
    /// connections before (`old`) and after (`new`). `None` if the two do not line up (then the
    /// archive changed in more than texts).
    pub fn after_text_edits(
        old: &Connections,
        new: &Connections,
        texts_changed: &[usize],
    ) -> Option<Affected> {
        let talks = new.keywords.len();
        if old.keywords.len() != talks
            || old.speaker_mentions.len() != new.speaker_mentions.len()
            || old.org_mentions.len() != new.org_mentions.len()
            || old.trend_mentions.len() != new.trend_mentions.len()
            || old.coverage.len() != talks
        {
            return None;
        }
        let mut talk_pages: Vec<bool> = (0..talks)
            .map(|t| {
                old.keywords[t] != new.keywords[t]
                    || !same_related(&old.related[t], &new.related[t])
                    || old.coverage[t] != new.coverage[t]
            })
            .collect();
        for &t in texts_changed {
            *talk_pages.get_mut(t)? = true;
        }
        let speakers = (0..new.speaker_mentions.len())
            .map(|s| {
                old.speaker_mentions[s] != new.speaker_mentions[s]
                    || old.co_speakers.get(s) != new.co_speakers.get(s)
            })
            .collect();
        let orgs = (0..new.org_mentions.len())
            .map(|o| old.org_mentions[o] != new.org_mentions[o])
            .collect();
        let shown_by_event = |r: usize| {
            let (a, b) = (old.by_event.get(r), new.by_event.get(r));
            a.map(|a| a.iter().map(shown).collect::<Vec<_>>())
                == b.map(|b| b.iter().map(shown).collect::<Vec<_>>())
        };
        let trends: Vec<bool> = (0..new.trend_mentions.len())
            .map(|r| {
                let listed = new.trend_talks.get(r);
                old.trend_mentions[r] != new.trend_mentions[r]
                    || old.trend_talks.get(r) != listed
                    || !shown_by_event(r)
                    // A trend's page shows the coverage of the talks it lists (the same before
                    // and after, or the line above holds).
                    || listed.into_iter().flatten().any(|&t| {
                        old.coverage[t].get(r) != new.coverage[t].get(r)
                    })
            })
            .collect();
        let overviews_same = old.trend_talks == new.trend_talks
            && old.by_event.len() == new.by_event.len()
            && (0..new.by_event.len()).all(shown_by_event);
        Some(Affected {
            talks: talk_pages,
            speakers,
            orgs,
            trend_overviews: !overviews_same,
            trends,
        })
    }

    pub fn contains(&self, job: Job) -> bool {
        let at = |v: &[bool], i: usize| v.get(i).copied().unwrap_or(true);
        match job {
            Job::Talk(t) => at(&self.talks, t),
            Job::Speaker(s) => at(&self.speakers, s),
            Job::Org(o) => at(&self.orgs, o),
            Job::Trend(r) => at(&self.trends, r),
            Job::Home | Job::Trends => self.trend_overviews,
            // Events, lists of events, talks, speakers and orgs, search and 404 show no text
            // and nothing computed from texts.
            Job::Event(_)
            | Job::Events
            | Job::Talks
            | Job::Speakers
            | Job::Orgs
            | Job::Search
            | Job::NotFound => false,
        }
    }
}
