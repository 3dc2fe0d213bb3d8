//! What `serve` keeps of the connections stage between rebuilds: each talk's reading (names,
//! trend shares, candidate keywords; the costly part, jieba's segmentation), keyed by everything it
//! is computed from, so an edit to one talk's text reads only that talk again.
//!
//! A talk's reading depends on its own text and on the rest of the archive except other talks'
//! texts: the names and aliases of speakers and orgs and the glossary (`NameFinder`), the trends (`TrendTerms`), the
//! words jieba is given (`words::archive_terms`: names, aliases, keywords, topics) and the talk's own
//! links. `Context` is a digest of all of that, taken generously (every document's front matter
//! as loaded and resolved, the links, every non-talk body), so that any edit outside a talk's text
//! reads every talk again: rare, and always correct.

use super::related::Related;
use super::TalkReading;
use crate::digest::{Digest, Digester};
use crate::graph::Archive;
use std::collections::HashMap;
use std::sync::Arc;

/// The digest of everything a talk's reading depends on besides its own text.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Context(Digest);

impl Context {
    pub fn of(archive: &Archive) -> Context {
        let mut d = Digester::default();
        d.debug(&archive.config);
        d.usize(archive.events.len());
        for e in &archive.events {
            d.str(&e.slug).debug(&e.meta).str(&e.body);
        }
        d.usize(archive.talks.len());
        for t in &archive.talks {
            d.str(&t.doc.slug).usize(t.event).debug(&t.doc.meta);
        }
        d.usize(archive.speakers.len());
        for s in &archive.speakers {
            d.str(&s.slug).debug(&s.meta).str(&s.body);
        }
        d.usize(archive.orgs.len());
        for o in &archive.orgs {
            d.str(&o.slug).debug(&o.meta).str(&o.body);
        }
        d.usize(archive.trends.len());
        for r in &archive.trends {
            d.str(&r.slug).debug(&r.meta).str(&r.body);
        }
        d.debug(&archive.glossary);
        d.debug(&archive.links);
        Context(d.finish())
    }

    /// The key of talk `t`'s reading: this context, its position and its text.
    pub fn talk_key(&self, archive: &Archive, t: usize) -> Digest {
        Digester::default()
            .bytes(&self.0)
            .usize(t)
            .str(&archive.talks[t].doc.body)
            .finish()
    }
}

/// The readings of the last build's talks, by key.
#[derive(Default)]
pub struct Readings {
    by_key: HashMap<Digest, Arc<TalkReading>>,
    /// The keys of the last build's talks, in archive order.
    keys: Vec<Option<Digest>>,
    related: Option<RelatedBase>,
}

/// What the last build computed related talks from (besides the people and topics of the
/// archive, the same in the same context), so the next can update them (`related::update`).
pub struct RelatedBase {
    context: Context,
    pub weighted: Vec<Vec<(String, f64)>>,
    pub talk_trends: Vec<Vec<usize>>,
    pub related: Vec<Vec<Related>>,
}

impl Readings {
    pub fn get(&self, key: &Digest) -> Option<Arc<TalkReading>> {
        self.by_key.get(key).cloned()
    }

    /// Keeps exactly `readings` (those of the build just made); entries without a key are dropped.
    pub fn replace(&mut self, readings: impl Iterator<Item = (Option<Digest>, Arc<TalkReading>)>) {
        self.keys.clear();
        self.by_key.clear();
        for (k, r) in readings {
            self.keys.push(k);
            if let Some(k) = k {
                self.by_key.insert(k, r);
            }
        }
    }

    /// The last build's base for related talks, if it was made in `context`.
    pub fn related_base(&self, context: &Context) -> Option<&RelatedBase> {
        self.related.as_ref().filter(|b| b.context == *context)
    }

    pub fn keep_related_base(
        &mut self,
        context: Context,
        weighted: Vec<Vec<(String, f64)>>,
        talk_trends: Vec<Vec<usize>>,
        related: Vec<Vec<Related>>,
    ) {
        self.related = Some(RelatedBase {
            context,
            weighted,
            talk_trends,
            related,
        });
    }

    /// The keys of the last build's talks, in archive order.
    pub fn keys(&self) -> &[Option<Digest>] {
        &self.keys
    }

    pub fn len(&self) -> usize {
        self.by_key.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_key.is_empty()
    }
}
