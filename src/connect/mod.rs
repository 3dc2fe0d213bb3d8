//! Stage 2b: the connections between documents that nobody wrote down, computed from the text:
//! mentions of people, orgs and trends, each talk's keywords, related talks, which talks discuss
//! which trend, and who shared a stage with whom. Computed once per build, before any page.

pub mod english;
pub mod keywords;
pub mod mentions;
pub mod names;
pub mod people;
pub mod related;
pub mod trends;
pub mod warm;
pub mod words;

use crate::graph::Archive;
use crate::render::markdown::{self, Block};
use mentions::Mention;
use names::{NameFinder, Target};
use rayon::prelude::*;
use related::Related;
use std::collections::HashMap;
use std::sync::Arc;
use trends::{Coverage, EventCoverage, TrendTerms};
use words::{CharPairs, Segmenter};

pub struct Connections {
    pub names: NameFinder,
    /// Per speaker / org / trend: the talks that name them (other than their own), archive order.
    pub speaker_mentions: Vec<Vec<Mention>>,
    pub org_mentions: Vec<Vec<Mention>>,
    pub trend_mentions: Vec<Vec<Mention>>,
    /// Per talk: its keywords, best first, at most `keywords::KEYWORDS_PER_TALK`.
    pub keywords: Vec<Vec<String>>,
    pub related: Vec<Vec<Related>>,
    /// `coverage[talk][trend]`.
    pub coverage: Vec<Vec<Coverage>>,
    /// Per trend: the talks that discuss it (declared or detected), archive order.
    pub trend_talks: Vec<Vec<usize>>,
    /// `by_event[trend]`: each event with talks, by date.
    pub by_event: Vec<Vec<EventCoverage>>,
    pub co_speakers: Vec<Vec<(usize, usize)>>,
    /// Per talk: the correct names its page shows beside misspellings, sorted.
    pub corrections: Vec<Vec<String>>,
}

impl Connections {
    /// The mentions a trend's page lists: those in talks that do not discuss it (the talks that
    /// do are listed as its talks).
    pub fn trend_mentions_shown(&self, trend: usize) -> impl Iterator<Item = &Mention> {
        self.trend_mentions[trend]
            .iter()
            .filter(move |m| !self.coverage[m.talk][trend].discusses())
    }
}

/// What is read off one talk's text.
#[derive(Clone)]
pub struct TalkReading {
    mentions: Vec<(Target, Mention)>,
    corrections: Vec<String>,
    terms: keywords::TermCounts,
    coverage: Vec<Coverage>,
}

/// The text of every body, read once before the connections: each talk's blocks (what the
/// connections read) and the character pairs of all the text that pages look for names in (what
/// jieba's dictionary is trimmed to, see `words`).
pub fn read_texts(archive: &Archive) -> (Vec<Vec<Block>>, CharPairs) {
    let read = |body: &str| {
        let mut loose = Vec::new();
        let blocks = markdown::blocks_and_loose_text(body, &mut |t| loose.push(t.to_string()));
        (blocks, loose)
    };
    let talks: Vec<(Vec<Block>, Vec<String>)> = archive
        .talks
        .par_iter()
        .map(|t| read(&t.doc.body))
        .collect();
    let bodies: Vec<&str> = (archive.events.iter().map(|e| e.body.as_str()))
        .chain(archive.speakers.iter().map(|s| s.body.as_str()))
        .chain(archive.orgs.iter().map(|o| o.body.as_str()))
        .chain(archive.trends.iter().map(|t| t.body.as_str()))
        .collect();
    let others: Vec<(Vec<Block>, Vec<String>)> = bodies.par_iter().map(|b| read(b)).collect();
    // Each fold starts a 512 KiB bit set: a few large folds, not one per rayon split.
    let pairs = talks
        .par_iter()
        .chain(others.par_iter())
        .with_min_len(64)
        .fold(CharPairs::default, |mut pairs, (blocks, loose)| {
            blocks.iter().for_each(|b| pairs.add(&b.text));
            loose.iter().for_each(|t| pairs.add(t));
            pairs
        })
        .reduce(CharPairs::default, |mut a, b| {
            a.merge(&b);
            a
        });
    (talks.into_iter().map(|(blocks, _)| blocks).collect(), pairs)
}

/// `talk_blocks`: each talk's, from `read_texts`; `words`: a segmenter for the archive's text.
pub fn connect(
    archive: &Archive,
    talk_blocks: &[Vec<Block>],
    words: Arc<Segmenter>,
) -> Connections {
    connect_with(archive, Some(talk_blocks), words, None)
}

/// Like `connect`; with `warm` (for `serve`), talks whose reading an earlier build made from the
/// same inputs are not read again (see `warm::Readings`), related talks are updated rather than
/// computed again, and `warm` keeps what the next build needs of this one.
pub fn connect_with(
    archive: &Archive,
    talk_blocks: Option<&[Vec<Block>]>,
    words: Arc<Segmenter>,
    mut warm: Option<(&warm::Context, &mut warm::Readings)>,
) -> Connections {
    let ((names, trend_terms), canonical) = rayon::join(
        || {
            rayon::join(
                || NameFinder::new(archive, words.clone()),
                || TrendTerms::new(archive),
            )
        },
        || canonical_names(archive),
    );
    let keys: Vec<Option<crate::digest::Digest>> = (0..archive.talks.len())
        .map(|t| {
            warm.as_ref()
                .map(|(context, _)| context.talk_key(archive, t))
        })
        .collect();
    let previous = warm.as_ref().map(|(_, readings)| &**readings);
    let readings: Vec<Arc<TalkReading>> = (0..archive.talks.len())
        .into_par_iter()
        .with_max_len(4)
        .map(|t| {
            if let Some(known) = keys[t].and_then(|k| previous.and_then(|p| p.get(&k))) {
                return known;
            }
            // `serve` reads the blocks only of the talks it reads again.
            let read;
            let blocks = match talk_blocks {
                Some(all) => &all[t],
                None => {
                    read = markdown::blocks(&archive.talks[t].doc.body);
                    &read
                }
            };
            Arc::new(read_talk(
                archive,
                &names,
                &trend_terms,
                &words,
                &canonical,
                t,
                blocks,
            ))
        })
        .collect();
    if let Some((_, cache)) = &mut warm {
        cache.replace(keys.iter().copied().zip(readings.iter().cloned()));
    }
    let mut speaker_mentions = vec![Vec::new(); archive.speakers.len()];
    let mut org_mentions = vec![Vec::new(); archive.orgs.len()];
    let mut trend_mentions = vec![Vec::new(); archive.trends.len()];
    let mut counts = Vec::with_capacity(readings.len());
    let mut corrections = Vec::with_capacity(readings.len());
    let mut coverage = Vec::with_capacity(readings.len());
    for r in &readings {
        for (target, m) in &r.mentions {
            match *target {
                Target::Speaker(s) => speaker_mentions[s].push(m.clone()),
                Target::Org(o) => org_mentions[o].push(m.clone()),
                Target::Trend(x) => trend_mentions[x].push(m.clone()),
                // Terms have no page to list mentions on.
                Target::Term(_) => {}
            }
        }
        counts.push(&r.terms);
        corrections.push(r.corrections.clone());
        coverage.push(r.coverage.clone());
    }
    let weighted = keywords::weigh(&counts);
    drop(counts);
    drop(readings);
    let trend_talks: Vec<Vec<usize>> = (0..archive.trends.len())
        .map(|r| {
            (0..archive.talks.len())
                .filter(|&t| coverage[t][r].discusses())
                .collect()
        })
        .collect();
    let talk_trends: Vec<Vec<usize>> = coverage
        .iter()
        .map(|c| (0..c.len()).filter(|&r| c[r].discusses()).collect())
        .collect();
    let features = related::features(archive, &talk_trends, &weighted);
    // Comparing every talk with its candidates grows faster than the archive: after an edit to
    // a few talks' texts, compare only what can have changed (see `related::update`).
    let related = match warm
        .as_ref()
        .and_then(|(context, w)| w.related_base(context))
    {
        Some(base) => {
            let old = related::features(archive, &base.talk_trends, &base.weighted);
            related::update(&old, &base.related, &features)
        }
        None => related::related(&features),
    };
    drop(features);
    let keywords = weighted
        .iter()
        .map(|w| {
            w.iter()
                .take(keywords::KEYWORDS_PER_TALK)
                .map(|(k, _)| k.clone())
                .collect()
        })
        .collect();
    if let Some((context, cache)) = warm {
        cache.keep_related_base(*context, weighted, talk_trends, related.clone());
    }
    Connections {
        names,
        speaker_mentions,
        org_mentions,
        trend_mentions,
        keywords,
        related,
        by_event: trends::by_event(archive, &coverage),
        coverage,
        trend_talks,
        co_speakers: people::co_speakers(archive),
        corrections,
    }
}

/// Reads one talk's text: the names in it, its trends' share and its candidate keywords.
fn read_talk(
    archive: &Archive,
    names: &NameFinder,
    trend_terms: &TrendTerms,
    words: &Segmenter,
    canonical: &HashMap<String, String>,
    t: usize,
    blocks: &[Block],
) -> TalkReading {
    let found = mentions::find_in_talk(archive, names, t, blocks);
    let mut corrections: Vec<String> = found
        .iter()
        .filter_map(|f| {
            let name = target_name(archive, f.target);
            let surface = &blocks[f.block].text[f.start..f.end];
            names::shows_correction_of(f.target, surface, name).then(|| name.to_string())
        })
        .collect();
    corrections.sort();
    corrections.dedup();
    let own: Vec<_> = found
        .into_iter()
        .filter(|f| !mentions::is_own(archive, t, f.target))
        .collect();
    let per_trend = trend_terms.paragraphs_per_trend(blocks);
    let coverage = per_trend
        .iter()
        .enumerate()
        .map(|(r, &paragraphs)| Coverage {
            paragraphs,
            of: blocks.len(),
            declared: archive.links.talk_trends[t].contains(&r),
        })
        .collect();
    TalkReading {
        mentions: mentions::group(t, blocks, &own),
        corrections,
        terms: keywords::count_terms(words, blocks, canonical),
        coverage,
    }
}

fn target_name(archive: &Archive, target: Target) -> &str {
    match target {
        Target::Speaker(s) => &archive.speakers[s].meta.name,
        Target::Org(o) => &archive.orgs[o].meta.name,
        Target::Trend(x) => &archive.trends[x].meta.name,
        Target::Term(x) => &archive.glossary[x].name,
    }
}

/// Misspelled and other forms of names, and misheard forms of glossary terms → the correct name
/// or term, so keywords show the right spelling. A Latin form is known in lower case too (the
/// recogniser writes `Sing law` as well as `sing law`).
fn canonical_names(archive: &Archive) -> HashMap<String, String> {
    let mut map = HashMap::new();
    for s in &archive.speakers {
        for a in &s.meta.aliases {
            map.insert(a.clone(), s.meta.name.clone());
        }
    }
    for o in &archive.orgs {
        for a in &o.meta.aliases {
            map.insert(a.clone(), o.meta.name.clone());
        }
    }
    for term in &archive.glossary {
        for a in &term.aliases {
            map.insert(a.clone(), term.name.clone());
            map.insert(a.to_lowercase(), term.name.clone());
        }
    }
    map
}
