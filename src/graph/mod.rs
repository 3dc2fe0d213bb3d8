//! Stage 2: the archive as a graph. Every reference between documents is checked and turned into
//! an index, and the reverse links (a speaker's talks, an event's programme…) are computed once.

mod resolve;

use crate::config::Config;
use crate::load::model::{Doc, EventMeta, OrgMeta, SpeakerMeta, TalkMeta, TrendMeta};
use std::collections::HashMap;

pub use resolve::resolve;

/// A talk and the index of its event.
#[derive(Debug, Clone)]
pub struct Talk {
    pub doc: Doc<TalkMeta>,
    pub event: usize,
}

/// The resolved archive. Vectors are in a fixed order (see `resolve`) so output is deterministic.
#[derive(Debug, Clone)]
pub struct Archive {
    pub config: Config,
    /// By date, then slug.
    pub events: Vec<Doc<EventMeta>>,
    /// By event (in `events` order), then programme order.
    pub talks: Vec<Talk>,
    /// By slug.
    pub speakers: Vec<Doc<SpeakerMeta>>,
    /// By slug.
    pub orgs: Vec<Doc<OrgMeta>>,
    /// By number.
    pub trends: Vec<Doc<TrendMeta>>,
    /// The glossary's terms, in file order (`content/glossary.toml`).
    pub glossary: Vec<crate::load::glossary::Term>,
    pub index: Index,
    pub links: Links,
    /// The documents of `sources/` that talks name (for the source pages).
    pub sources: crate::sources::Sources,
}

/// Slug → position, per kind. Talks are keyed `event/slug`.
#[derive(Debug, Clone, Default)]
pub struct Index {
    pub events: HashMap<String, usize>,
    pub talks: HashMap<String, usize>,
    pub speakers: HashMap<String, usize>,
    pub orgs: HashMap<String, usize>,
    pub trends: HashMap<String, usize>,
}

/// Resolved references, both ways. Every list is sorted and free of repeats.
#[derive(Debug, Clone, Default)]
pub struct Links {
    pub event_parent: Vec<Option<usize>>,
    pub event_children: Vec<Vec<usize>>,
    pub event_organisers: Vec<Vec<usize>>,
    /// An event's own talks in programme order.
    pub event_talks: Vec<Vec<usize>>,
    pub talk_speakers: Vec<Vec<usize>>,
    pub talk_moderators: Vec<Vec<usize>>,
    /// Orgs named by the talk plus its speakers' orgs.
    pub talk_orgs: Vec<Vec<usize>>,
    pub talk_trends: Vec<Vec<usize>>,
    pub speaker_org: Vec<Option<usize>>,
    /// Talks a person spoke in or moderated, in archive order.
    pub speaker_talks: Vec<Vec<usize>>,
    pub org_speakers: Vec<Vec<usize>>,
    pub org_talks: Vec<Vec<usize>>,
    pub org_events: Vec<Vec<usize>>,
    pub trend_authors: Vec<Vec<usize>>,
    pub trend_talks: Vec<Vec<usize>>,
}

impl Archive {
    /// Speakers' names as a list shows them: 王鹤、卢策吾.
    pub fn speaker_names(&self, speakers: &[usize]) -> String {
        let names: Vec<&str> = speakers
            .iter()
            .map(|&s| self.speakers[s].meta.name.as_str())
            .collect();
        self.config.strings.join(&names)
    }

    /// Trends' names as a list shows them: 具身智能、智能制造.
    pub fn trend_names(&self, trends: &[usize]) -> String {
        let names: Vec<&str> = trends
            .iter()
            .map(|&r| self.trends[r].meta.name.as_str())
            .collect();
        self.config.strings.join(&names)
    }

    /// `event/slug`, the key of a talk.
    pub fn talk_key(&self, t: usize) -> String {
        let talk = &self.talks[t];
        format!("{}/{}", self.events[talk.event].slug, talk.doc.slug)
    }

    pub fn page_count(&self) -> usize {
        self.events.len()
            + self.talks.len()
            + self.speakers.len()
            + self.orgs.len()
            + self.trends.len()
    }
}
