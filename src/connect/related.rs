//! Up to five related talks per talk, each with the reasons: shared speakers, orgs, trends,
//! topics, keyword similarity and the same session. Never the talk itself; ties broken by archive
//! order, so stable. A talk with fewer than `MIN_RELATED` talks above `MIN_SCORE` is given the
//! best of those below it that share more than the session (docs/connections.md).

use crate::graph::Archive;
use rayon::prelude::*;
use std::collections::HashMap;

pub const RELATED_PER_TALK: usize = 5;
/// Every talk gets at least this many, if the archive has them (below `MIN_SCORE` if need be).
pub const MIN_RELATED: usize = 3;

/// Weights of each kind of shared feature. A shared person says most; a shared trend least,
/// since ten trends cover the whole archive.
const PERSON: f64 = 3.0;
const TOPIC: f64 = 1.5;
const TREND: f64 = 1.0;
const ORG: f64 = 1.0;
const KEYWORDS: f64 = 6.0;
/// Talks of the same session (event) are a little closer; on its own that never relates them.
const SESSION: f64 = 0.5;
/// Below this, two talks have too little in common to be called related.
const MIN_SCORE: f64 = 2.0;
/// Keyword similarity below this is not given as a reason.
const MIN_COSINE: f64 = 0.08;
/// A feature shared by more talks than this finds no candidates (it is not discriminating, and
/// the pairs would grow quadratically with the archive); it still adds to a candidate's score.
const MAX_POSTINGS: usize = 400;

#[derive(Debug, Clone, PartialEq)]
pub enum Reason {
    People(Vec<usize>),
    Orgs(Vec<usize>),
    Trends(Vec<usize>),
    Topics(Vec<String>),
    Keywords(Vec<String>),
    Session(usize),
}

impl Reason {
    /// The reason as a related talk's card shows it ("共同话题：具身智能").
    pub fn text(&self, a: &crate::graph::Archive) -> String {
        let t = &a.config.strings;
        match self {
            Reason::People(p) => t.fill("reason_people", &[("names", &a.speaker_names(p))]),
            Reason::Orgs(o) => {
                let names: Vec<&str> = o.iter().map(|&o| a.orgs[o].meta.name.as_str()).collect();
                t.fill("reason_orgs", &[("names", &t.join(&names))])
            }
            Reason::Trends(x) => t.fill("reason_trends", &[("names", &a.trend_names(x))]),
            Reason::Topics(x) => t.fill("reason_topics", &[("names", &t.join(x))]),
            Reason::Keywords(x) => t.fill("reason_keywords", &[("names", &t.join(x))]),
            Reason::Session(e) => {
                let ev = &a.events[*e].meta;
                t.fill(
                    "reason_session",
                    &[("name", ev.short_name.as_deref().unwrap_or(&ev.name))],
                )
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Related {
    pub talk: usize,
    /// In millionths (`SCORE_UNIT`): a sum of whole units comes out the same in any order, so
    /// every way of computing a score (all talks at once, or one pair again after an edit)
    /// gives the same number and the same order.
    pub score: i64,
    pub reasons: Vec<Reason>,
}

/// What one talk brings to the comparison.
pub struct Features<'a> {
    pub people: Vec<usize>,
    /// The orgs of the talk's speakers.
    pub orgs: Vec<usize>,
    /// The event whose programme the talk is in.
    pub session: usize,
    pub trends: Vec<usize>,
    pub topics: Vec<&'a str>,
    /// Keyword weights, normalised to unit length, sorted by keyword (so that sums over them
    /// run in the same order in every build).
    pub vector: Vec<(&'a str, f64)>,
}

pub fn features<'a>(
    archive: &'a Archive,
    trends: &[Vec<usize>],
    keywords: &'a [Vec<(String, f64)>],
) -> Vec<Features<'a>> {
    let glossary = glossary_forms(archive);
    (0..archive.talks.len())
        .map(|t| {
            // Speakers only: a forum's host moderates every talk of it, which relates nothing.
            let people = archive.links.talk_speakers[t].clone();
            let mut topics: Vec<&str> = archive.talks[t]
                .doc
                .meta
                .topics
                .iter()
                .map(|topic| glossary.get(topic.as_str()).copied().unwrap_or(topic))
                .chain(glossary_keywords(&glossary, &keywords[t]))
                .collect();
            topics.sort_unstable();
            topics.dedup();
            let norm = keywords[t].iter().map(|(_, w)| w * w).sum::<f64>().sqrt();
            let mut vector: Vec<(&str, f64)> = keywords[t]
                .iter()
                .map(|(k, w)| (k.as_str(), if norm > 0.0 { w / norm } else { 0.0 }))
                .collect();
            vector.sort_by(|a, b| a.0.cmp(b.0));
            vector.dedup_by(|a, b| a.0 == b.0);
            Features {
                people,
                orgs: speaker_orgs(archive, t),
                session: archive.talks[t].event,
                trends: trends[t].clone(),
                topics,
                vector,
            }
        })
        .collect()
}

/// Every form of a glossary term (the term too) → the term, so that a topic written in a
/// misheard form is the term's subject.
fn glossary_forms(archive: &Archive) -> HashMap<&str, &str> {
    let mut forms = HashMap::new();
    for term in &archive.glossary {
        forms.insert(term.name.as_str(), term.name.as_str());
        for a in &term.aliases {
            forms.insert(a.as_str(), term.name.as_str());
        }
    }
    forms
}

/// The glossary terms among a talk's shown keywords: a subject of the talk, shared with talks
/// that have it as a keyword or a topic (Scaling Law in a talk that only ever says "sing law").
fn glossary_keywords<'a>(
    glossary: &HashMap<&'a str, &'a str>,
    keywords: &[(String, f64)],
) -> Vec<&'a str> {
    keywords
        .iter()
        .take(super::keywords::KEYWORDS_PER_TALK)
        .filter_map(|(k, _)| glossary.get(k.as_str()).copied())
        .collect()
}

/// The orgs of a talk's speakers, sorted. Not the orgs a talk merely names: a forum's organiser is
/// named in all its talks, which relates nothing.
fn speaker_orgs(archive: &Archive, t: usize) -> Vec<usize> {
    let mut orgs: Vec<usize> = archive.links.talk_speakers[t]
        .iter()
        .filter_map(|&p| archive.links.speaker_org[p])
        .collect();
    orgs.sort_unstable();
    orgs.dedup();
    orgs
}

/// A feature two talks can share.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Key<'a> {
    Person(usize),
    Org(usize),
    Session(usize),
    Trend(usize),
    Topic(&'a str),
    Term(&'a str),
}

fn keys<'a, 'b>(f: &'b Features<'a>) -> impl Iterator<Item = Key<'a>> + 'b {
    let people = f.people.iter().map(|&p| Key::Person(p));
    let orgs = f.orgs.iter().map(|&o| Key::Org(o));
    let session = std::iter::once(Key::Session(f.session));
    let trends = f.trends.iter().map(|&r| Key::Trend(r));
    let topics = f.topics.iter().map(|&s| Key::Topic(s));
    let terms = f.vector.iter().map(|&(k, _)| Key::Term(k));
    people
        .chain(orgs)
        .chain(session)
        .chain(trends)
        .chain(topics)
        .chain(terms)
}

/// Inverted lists: feature → the talks that have it (in archive order) with the feature's
/// weight in each (a keyword's weight in the talk's unit vector; 1 for the others).
type Postings<'a> = HashMap<Key<'a>, Vec<(usize, f64)>>;

fn postings<'a>(features: &[Features<'a>]) -> Postings<'a> {
    let mut postings: Postings = HashMap::new();
    for (t, f) in features.iter().enumerate() {
        for (key, weight) in weighted_keys(f) {
            postings.entry(key).or_default().push((t, weight));
        }
    }
    postings
}

pub fn related(features: &[Features]) -> Vec<Vec<Related>> {
    let postings = postings(features);
    // Runs of 64 talks: small enough for both threads to stay busy to the end, large enough
    // that the scores' arrays (one per run) are not made for every few talks.
    (0..features.len())
        .into_par_iter()
        .with_max_len(64)
        .map_init(
            || Scores::new(features.len()),
            |scores, t| related_to(t, features, &postings, scores),
        )
        .collect()
}

/// Orders related talks best first, ties by archive order.
fn rank(list: &mut Vec<Related>) {
    list.sort_by(|a, b| b.score.cmp(&a.score).then(a.talk.cmp(&b.talk)));
    list.truncate(RELATED_PER_TALK);
}

/// Each feature of a talk with its weight: a keyword's weight in the unit vector, 1 otherwise.
fn weighted_keys<'a, 'b>(f: &'b Features<'a>) -> impl Iterator<Item = (Key<'a>, f64)> + 'b {
    keys(f).zip(
        std::iter::repeat_n(
            1.0,
            f.people.len() + f.orgs.len() + 1 + f.trends.len() + f.topics.len(),
        )
        .chain(f.vector.iter().map(|&(_, w)| w)),
    )
}

/// Scores count in millionths of a point.
const SCORE_UNIT: f64 = 1e6;

/// What a shared feature adds to a score, given both talks' weights for it, in `SCORE_UNIT`s.
fn contribution(key: &Key, mine: f64, theirs: f64) -> i64 {
    let points = match key {
        Key::Person(_) => PERSON,
        Key::Org(_) => ORG,
        Key::Session(_) => SESSION,
        Key::Trend(_) => TREND,
        Key::Topic(_) => TOPIC,
        Key::Term(_) => KEYWORDS * mine * theirs,
    };
    (points * SCORE_UNIT).round() as i64
}

/// Score accumulators for one talk's candidates, reused from talk to talk on a thread.
struct Scores {
    score: Vec<i64>,
    is_candidate: Vec<bool>,
    touched: Vec<usize>,
}

impl Scores {
    fn new(talks: usize) -> Scores {
        Scores {
            score: vec![0; talks],
            is_candidate: vec![false; talks],
            touched: Vec::new(),
        }
    }
}

/// The related talks of `t`, scored through the inverted lists: every talk that shares a
/// discriminating feature (one of at most `MAX_POSTINGS` talks) is a candidate; the features
/// shared by more talks are added to the candidates' scores afterwards. Reasons are built for
/// the few that are kept.
fn related_to(
    t: usize,
    features: &[Features],
    postings: &Postings,
    scores: &mut Scores,
) -> Vec<Related> {
    // A feature shared by more than `MAX_POSTINGS` talks: its key, this talk's weight, its list.
    type Frequent<'k, 'p> = (Key<'k>, f64, &'p [(usize, f64)]);
    let mut frequent: Vec<Frequent> = Vec::new();
    for (key, mine) in weighted_keys(&features[t]) {
        let Some(list) = postings.get(&key) else {
            continue;
        };
        if list.len() > MAX_POSTINGS {
            frequent.push((key, mine, list));
            continue;
        }
        for &(u, theirs) in list {
            if u == t {
                continue;
            }
            if !scores.is_candidate[u] {
                scores.is_candidate[u] = true;
                scores.touched.push(u);
            }
            scores.score[u] += contribution(&key, mine, theirs);
        }
    }
    let mut kept: Vec<(usize, i64)> = Vec::new();
    let mut below: Vec<(usize, i64)> = Vec::new();
    let min_score = min_score();
    // A frequent feature's share, for the candidates only: through its list when that is shorter
    // than looking it up in every candidate (at 50x the lookups were a seventh of the build's
    // CPU). Scores are whole units, so the order of the sums changes nothing.
    for (key, mine, list) in &frequent {
        if list.len() < scores.touched.len() * 8 {
            for &(u, theirs) in list.iter() {
                if scores.is_candidate[u] {
                    scores.score[u] += contribution(key, *mine, theirs);
                }
            }
        } else {
            for &u in &scores.touched {
                if let Some(theirs) = weight_of(&features[u], key) {
                    scores.score[u] += contribution(key, *mine, theirs);
                }
            }
        }
    }
    for &u in &scores.touched {
        let score = scores.score[u];
        scores.score[u] = 0;
        scores.is_candidate[u] = false;
        if score >= min_score {
            kept.push((u, score));
        } else if score > session_score(&features[t], &features[u]) {
            below.push((u, score));
        }
    }
    scores.touched.clear();
    kept.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    kept.truncate(RELATED_PER_TALK);
    if kept.len() < MIN_RELATED {
        below.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        kept.extend(below.into_iter().take(MIN_RELATED - kept.len()));
    }
    kept.into_iter()
        .map(|(u, score)| Related {
            talk: u,
            score,
            reasons: reasons(&features[t], &features[u]),
        })
        .collect()
}

/// `b` as a related talk of `a`, scored alone (the same score `related_to` sums up).
fn compare(a: &Features, b: &Features, talk: usize) -> Option<Related> {
    let score: i64 = weighted_keys(a)
        .filter_map(|(key, mine)| weight_of(b, &key).map(|theirs| contribution(&key, mine, theirs)))
        .sum();
    (score >= min_score()).then(|| Related {
        talk,
        score,
        reasons: reasons(a, b),
    })
}

fn min_score() -> i64 {
    (MIN_SCORE * SCORE_UNIT).round() as i64
}

/// What being in the same session adds to `b`'s score for `a`: a talk that scores no more than
/// this shares nothing but its place in the programme, which alone does not make it related.
fn session_score(a: &Features, b: &Features) -> i64 {
    if a.session == b.session {
        contribution(&Key::Session(a.session), 1.0, 1.0)
    } else {
        0
    }
}

/// How many of a list passed `MIN_SCORE` (the rest, if any, were taken below it).
fn above_min(list: &[Related]) -> usize {
    list.iter().filter(|r| r.score >= min_score()).count()
}

/// `related(new)`, computed from `old_related = related(old)` for an edit that changed the
/// features of a few talks: only the talks whose list can change are compared again. Exact: a
/// talk whose list held a changed talk and was full is recomputed (a sixth could move up), and
/// so is every talk with a feature whose list crossed `MAX_POSTINGS` (its candidates changed).
pub fn update(
    old: &[Features],
    old_related: &[Vec<Related>],
    new: &[Features],
) -> Vec<Vec<Related>> {
    let n = new.len();
    if old.len() != n || old_related.len() != n {
        return related(new);
    }
    let changed: Vec<usize> = (0..n)
        .filter(|&t| {
            let (a, b) = (&old[t], &new[t]);
            a.people != b.people
                || a.orgs != b.orgs
                || a.session != b.session
                || a.trends != b.trends
                || a.topics != b.topics
                || a.vector != b.vector
        })
        .collect();
    if changed.is_empty() {
        return old_related.to_vec();
    }
    if changed.len() * 8 > n {
        return related(new);
    }
    let postings = postings(new);
    let is_changed = {
        let mut v = vec![false; n];
        for &t in &changed {
            v[t] = true;
        }
        v
    };
    // Talks to compute from scratch.
    let mut full = is_changed.clone();
    // A feature that a changed talk gained or lost, and whose list crossed the limit, changes
    // the candidates of every talk that has it.
    let mut touched: HashMap<Key, isize> = HashMap::new();
    for &t in &changed {
        let before: std::collections::HashSet<Key> = keys(&old[t]).collect();
        let after: std::collections::HashSet<Key> = keys(&new[t]).collect();
        for k in before.difference(&after) {
            *touched.entry(*k).or_default() += 1;
        }
        for k in after.difference(&before) {
            *touched.entry(*k).or_default() -= 1;
        }
    }
    for (key, delta) in &touched {
        let now = postings.get(key).map_or(0, Vec::len);
        let before = (now as isize + delta).max(0) as usize;
        if (before <= MAX_POSTINGS) != (now <= MAX_POSTINGS) {
            // (Talks that had it before and not now are changed talks, already in `full`.)
            for &(u, _) in postings.get(key).into_iter().flatten() {
                full[u] = true;
            }
        }
    }
    // A list that held a changed talk may now let in one that was sixth, or fall below
    // `MIN_RELATED` above the threshold; a list that was filled from below it may now be filled
    // otherwise: these are computed again.
    for u in 0..n {
        if !full[u]
            && (above_min(&old_related[u]) < MIN_RELATED
                || old_related[u].iter().any(|r| is_changed[r.talk]))
        {
            full[u] = true;
        }
    }
    // Every other talk keeps its list but for the changed talks, which are compared again.
    let mut pairs: HashMap<usize, Vec<usize>> = HashMap::new();
    for &v in &changed {
        for key in keys(&new[v]) {
            if let Some(list) = postings.get(&key) {
                if list.len() <= MAX_POSTINGS {
                    for &(u, _) in list {
                        if u != v && !full[u] {
                            pairs.entry(u).or_default().push(v);
                        }
                    }
                }
            }
        }
    }
    (0..n)
        .into_par_iter()
        .map_init(
            || Scores::new(n),
            |scores, u| {
                if full[u] {
                    return related_to(u, new, &postings, scores);
                }
                let mut list: Vec<Related> = old_related[u]
                    .iter()
                    .filter(|r| !is_changed[r.talk])
                    .cloned()
                    .collect();
                if let Some(vs) = pairs.get(&u) {
                    let mut vs = vs.clone();
                    vs.sort_unstable();
                    vs.dedup();
                    list.extend(vs.into_iter().filter_map(|v| compare(&new[u], &new[v], v)));
                    rank(&mut list);
                }
                list
            },
        )
        .collect()
}

/// `key`'s weight in a talk's features, if it has it.
fn weight_of(f: &Features, key: &Key) -> Option<f64> {
    match key {
        Key::Person(p) => f.people.contains(p).then_some(1.0),
        Key::Org(o) => f.orgs.contains(o).then_some(1.0),
        Key::Session(e) => (f.session == *e).then_some(1.0),
        Key::Trend(r) => f.trends.contains(r).then_some(1.0),
        Key::Topic(s) => f.topics.contains(s).then_some(1.0),
        Key::Term(k) => f
            .vector
            .binary_search_by(|(w, _)| w.cmp(k))
            .ok()
            .map(|i| f.vector[i].1),
    }
}

fn shared<T: Ord + Clone>(a: &[T], b: &[T]) -> Vec<T> {
    a.iter().filter(|x| b.contains(x)).cloned().collect()
}

/// The keywords both talks have, with the product of their weights, in keyword order (both
/// vectors are sorted by keyword: a merge).
fn common_keywords<'a>(a: &[(&'a str, f64)], b: &[(&'a str, f64)]) -> Vec<(&'a str, f64)> {
    let mut out = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                out.push((a[i].0, a[i].1 * b[j].1));
                i += 1;
                j += 1;
            }
        }
    }
    out
}

/// Why `b` is related to `a`: the people, topics, leading common keywords and trends they share.
fn reasons(a: &Features, b: &Features) -> Vec<Reason> {
    let mut common = common_keywords(&a.vector, &b.vector);
    let cosine: f64 = common.iter().map(|(_, p)| p).sum();
    common.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(y.0)));
    let people = shared(&a.people, &b.people);
    // An org is given as a reason only when no shared person already stands for it.
    let orgs = if people.is_empty() {
        shared(&a.orgs, &b.orgs)
    } else {
        Vec::new()
    };
    let trends = shared(&a.trends, &b.trends);
    let topics: Vec<String> = shared(&a.topics, &b.topics)
        .into_iter()
        .map(str::to_string)
        .collect();
    let mut reasons = Vec::new();
    if !people.is_empty() {
        reasons.push(Reason::People(people));
    }
    if !orgs.is_empty() {
        reasons.push(Reason::Orgs(orgs));
    }
    if !topics.is_empty() {
        reasons.push(Reason::Topics(topics));
    }
    // Weakly similar text is still a reason when nothing else but the session is shared (a talk
    // taken below `MIN_SCORE` always shares more than the session).
    let nothing_else = reasons.is_empty() && trends.is_empty();
    if cosine >= MIN_COSINE || (nothing_else && !common.is_empty()) {
        reasons.push(Reason::Keywords(
            common.iter().take(3).map(|(k, _)| k.to_string()).collect(),
        ));
    }
    if !trends.is_empty() {
        reasons.push(Reason::Trends(trends));
    }
    if a.session == b.session {
        reasons.push(Reason::Session(a.session));
    }
    reasons
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f<'a>(
        people: &[usize],
        trends: &[usize],
        topics: &[&'a str],
        kw: &[(&'a str, f64)],
    ) -> Features<'a> {
        Features {
            people: people.to_vec(),
            orgs: Vec::new(),
            session: 0,
            trends: trends.to_vec(),
            topics: topics.to_vec(),
            vector: {
                let mut v = kw.to_vec();
                v.sort_by(|a, b| a.0.cmp(b.0));
                v.dedup_by(|a, b| a.0 == b.0);
                v
            },
        }
    }

    /// A small deterministic generator, so the test needs no crate.
    struct Lcg(u64);
    impl Lcg {
        fn next(&mut self, below: usize) -> usize {
            self.0 = self
                .0
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((self.0 >> 33) % below as u64) as usize
        }
    }

    const WORDS: [&str; 12] = [
        "机器人",
        "算力",
        "芯片",
        "模型",
        "数据",
        "开源",
        "推理",
        "训练",
        "安全",
        "教育",
        "医疗",
        "common",
    ];

    fn random_talk(rng: &mut Lcg) -> Features<'static> {
        let kw: Vec<(&'static str, f64)> = (0..1 + rng.next(4))
            .map(|_| {
                (
                    WORDS[rng.next(WORDS.len() - 1)],
                    0.1 + rng.next(10) as f64 / 10.0,
                )
            })
            .collect();
        let people = vec![rng.next(30)];
        let trends = vec![rng.next(5)];
        let mut talk = f(&people, &trends, &[], &kw);
        talk.orgs = vec![rng.next(8)];
        talk.session = rng.next(6);
        talk
    }

    #[test]
    fn an_update_after_a_few_changed_talks_equals_computing_all_again() {
        let mut rng = Lcg(7);
        for round in 0..40 {
            // Round 0..: 60 talks; every tenth round, 410 talks of which 400 share "common", so
            // adding or removing it crosses MAX_POSTINGS.
            let big = round % 10 == 0;
            let n = if big { 410 } else { 60 };
            // Only "common" relates the first 400 talks of a big round: when it becomes the
            // 401st talk's, it relates none of them any more.
            let only_common = |t: usize, rng: &mut Lcg| {
                f(
                    &[1000 + t],
                    &[],
                    &[],
                    &[("common", 0.6 + rng.next(5) as f64 / 100.0)],
                )
            };
            let old: Vec<Features> = (0..n)
                .map(|t| {
                    if big && t < 400 {
                        only_common(t, &mut rng)
                    } else {
                        random_talk(&mut rng)
                    }
                })
                .collect();
            let old_related = related(&old);
            let mut new: Vec<Features> = old
                .iter()
                .map(|x| {
                    let mut copy = f(
                        &x.people,
                        &x.trends,
                        &x.topics,
                        &x.vector.iter().map(|(k, v)| (*k, *v)).collect::<Vec<_>>(),
                    );
                    copy.orgs = x.orgs.clone();
                    copy.session = x.session;
                    copy
                })
                .collect();
            for i in 0..1 + rng.next(3) {
                // In a big round, the first change makes "common" the 401st talk's.
                let t = if big && i == 0 {
                    400 + rng.next(10)
                } else {
                    rng.next(n)
                };
                new[t] = if big && i == 0 {
                    only_common(t, &mut rng)
                } else {
                    random_talk(&mut rng)
                };
            }
            assert_eq!(
                update(&old, &old_related, &new),
                related(&new),
                "round {round}"
            );
        }
    }

    #[test]
    fn related_talks_are_ranked_with_reasons_and_never_the_talk_itself() {
        let talks = vec![
            f(&[1], &[0], &["具身智能"], &[("机器人", 1.0)]),
            f(&[1], &[], &[], &[]),
            f(&[], &[0], &["具身智能"], &[("机器人", 1.0)]),
            f(&[9], &[3], &["芯片"], &[("算力", 1.0)]),
        ];
        let r = related(&talks);
        let of0: Vec<usize> = r[0].iter().map(|x| x.talk).collect();
        assert_eq!(
            of0,
            vec![2, 1],
            "keywords+topic+trend beat one shared person; unrelated left out"
        );
        assert!(r[0][1].reasons.contains(&Reason::People(vec![1])));
        assert!(r[0][0]
            .reasons
            .contains(&Reason::Keywords(vec!["机器人".into()])));
        assert!(r[3].is_empty(), "the same session alone relates nothing");
        assert!(r
            .iter()
            .enumerate()
            .all(|(t, list)| list.iter().all(|x| x.talk != t)));
    }

    #[test]
    fn a_talk_with_few_related_is_given_the_best_below_the_threshold_but_never_session_only() {
        let mut talks = vec![
            f(&[], &[0], &[], &[("芯片", 1.0)]),
            f(&[], &[0], &[], &[("数据", 1.0)]),
            f(&[], &[], &[], &[("芯片", 0.5), ("推理", 0.5)]),
            f(&[], &[], &[], &[("教育", 1.0)]),
            f(&[], &[], &[], &[("医疗", 1.0)]),
            f(&[], &[], &[], &[("算力", 1.0)]),
        ];
        talks[3].orgs = vec![7];
        talks[0].orgs = vec![7];
        talks[5].session = 1;
        let r = related(&talks);
        let of0: Vec<usize> = r[0].iter().map(|x| x.talk).collect();
        // 2: similar text (6 × 0.71 = 4.2, above the threshold); then, below it, 1 (the same
        // trend, 1.5 with the session) and 3 (the same org, 1.5) in archive order; 4 shares
        // only the session, 5 nothing.
        assert_eq!(of0, vec![2, 1, 3]);
        assert!(r[0][1].reasons.contains(&Reason::Trends(vec![0])));
        assert!(r[0][2].reasons.contains(&Reason::Orgs(vec![7])));
        assert!(r[0].iter().all(|x| !x.reasons.is_empty()));
        assert!(r[4].is_empty(), "{:?}", r[4]);
        assert!(r[5].is_empty());
    }
}
