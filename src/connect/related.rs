//! Up to five related talks per talk, each with the reasons: shared speakers, trends, topics and
//! keyword similarity. Never the talk itself; ties broken by archive order, so stable.

use crate::graph::Archive;
use rayon::prelude::*;
use std::collections::HashMap;

pub const RELATED_PER_TALK: usize = 5;

/// Weights of each kind of shared feature. A shared person says most; a shared trend least,
/// since ten trends cover the whole archive.
const PERSON: f64 = 3.0;
const TOPIC: f64 = 1.5;
const TREND: f64 = 1.0;
const KEYWORDS: f64 = 6.0;
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
    Trends(Vec<usize>),
    Topics(Vec<String>),
    Keywords(Vec<String>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Related {
    pub talk: usize,
    pub score: f64,
    pub reasons: Vec<Reason>,
}

/// What one talk brings to the comparison.
pub struct Features<'a> {
    pub people: Vec<usize>,
    pub trends: Vec<usize>,
    pub topics: Vec<&'a str>,
    /// Keyword weights, normalised to unit length.
    pub vector: HashMap<&'a str, f64>,
}

pub fn features<'a>(
    archive: &'a Archive,
    trends: &[Vec<usize>],
    keywords: &'a [Vec<(String, f64)>],
) -> Vec<Features<'a>> {
    (0..archive.talks.len())
        .map(|t| {
            // Speakers only: a forum's host moderates every talk of it, which relates nothing.
            let people = archive.links.talk_speakers[t].clone();
            let mut topics: Vec<&str> = archive.talks[t]
                .doc
                .meta
                .topics
                .iter()
                .map(String::as_str)
                .collect();
            topics.sort_unstable();
            topics.dedup();
            let norm = keywords[t].iter().map(|(_, w)| w * w).sum::<f64>().sqrt();
            let vector = keywords[t]
                .iter()
                .map(|(k, w)| (k.as_str(), if norm > 0.0 { w / norm } else { 0.0 }))
                .collect();
            Features {
                people,
                trends: trends[t].clone(),
                topics,
                vector,
            }
        })
        .collect()
}

/// A feature two talks can share.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Key<'a> {
    Person(usize),
    Trend(usize),
    Topic(&'a str),
    Term(&'a str),
}

fn keys<'a, 'b>(f: &'b Features<'a>) -> impl Iterator<Item = Key<'a>> + 'b {
    let people = f.people.iter().map(|&p| Key::Person(p));
    let trends = f.trends.iter().map(|&r| Key::Trend(r));
    let topics = f.topics.iter().map(|&s| Key::Topic(s));
    let terms = f.vector.keys().map(|&k| Key::Term(k));
    people.chain(trends).chain(topics).chain(terms)
}

/// Inverted lists: feature → talks that have it (in archive order).
type Postings<'a> = HashMap<Key<'a>, Vec<usize>>;

fn postings<'a>(features: &[Features<'a>]) -> Postings<'a> {
    let mut postings: Postings = HashMap::new();
    for (t, f) in features.iter().enumerate() {
        for key in keys(f) {
            postings.entry(key).or_default().push(t);
        }
    }
    postings
}

pub fn related(features: &[Features]) -> Vec<Vec<Related>> {
    let postings = postings(features);
    (0..features.len())
        .into_par_iter()
        .map(|t| related_of(t, features, &postings))
        .collect()
}

/// Orders related talks best first, ties by archive order.
fn rank(list: &mut Vec<Related>) {
    list.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.talk.cmp(&b.talk)));
    list.truncate(RELATED_PER_TALK);
}

fn related_of(t: usize, features: &[Features], postings: &Postings) -> Vec<Related> {
    let mut candidates: Vec<usize> = Vec::new();
    for key in keys(&features[t]) {
        if let Some(list) = postings.get(&key) {
            if list.len() <= MAX_POSTINGS {
                candidates.extend(list.iter().copied().filter(|&u| u != t));
            }
        }
    }
    candidates.sort_unstable();
    candidates.dedup();
    let mut scored: Vec<Related> = candidates
        .into_iter()
        .filter_map(|u| compare(&features[t], &features[u], u))
        .collect();
    rank(&mut scored);
    scored
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
            for &u in postings.get(key).into_iter().flatten() {
                full[u] = true;
            }
        }
    }
    // A full list that held a changed talk may now let in one that was sixth.
    for u in 0..n {
        if !full[u]
            && old_related[u].len() >= RELATED_PER_TALK
            && old_related[u].iter().any(|r| is_changed[r.talk])
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
                    for &u in list {
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
        .map(|u| {
            if full[u] {
                return related_of(u, new, &postings);
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
        })
        .collect()
}

fn shared<T: Ord + Clone>(a: &[T], b: &[T]) -> Vec<T> {
    a.iter().filter(|x| b.contains(x)).cloned().collect()
}

fn compare(a: &Features, b: &Features, talk: usize) -> Option<Related> {
    let people = shared(&a.people, &b.people);
    let trends = shared(&a.trends, &b.trends);
    let topics: Vec<String> = shared(&a.topics, &b.topics)
        .into_iter()
        .map(str::to_string)
        .collect();
    let mut common: Vec<(&str, f64)> = a
        .vector
        .iter()
        .filter_map(|(k, w)| b.vector.get(k).map(|v| (*k, w * v)))
        .collect();
    common.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(y.0)));
    // Summed in that order, not the hash map's: the score must not change in its last bits from
    // one build to the next (a tie between two scores would then change the order).
    let cosine: f64 = common.iter().map(|(_, p)| p).sum();
    let score = PERSON * people.len() as f64
        + TREND * trends.len() as f64
        + TOPIC * topics.len() as f64
        + KEYWORDS * cosine;
    if score < MIN_SCORE {
        return None;
    }
    let mut reasons = Vec::new();
    if !people.is_empty() {
        reasons.push(Reason::People(people));
    }
    if !topics.is_empty() {
        reasons.push(Reason::Topics(topics));
    }
    if cosine >= MIN_COSINE {
        reasons.push(Reason::Keywords(
            common.iter().take(3).map(|(k, _)| k.to_string()).collect(),
        ));
    }
    if !trends.is_empty() {
        reasons.push(Reason::Trends(trends));
    }
    Some(Related {
        talk,
        score,
        reasons,
    })
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
            trends: trends.to_vec(),
            topics: topics.to_vec(),
            vector: kw.iter().copied().collect(),
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
        f(&people, &trends, &[], &kw)
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
                    f(
                        &x.people,
                        &x.trends,
                        &x.topics,
                        &x.vector.iter().map(|(k, v)| (*k, *v)).collect::<Vec<_>>(),
                    )
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
        assert!(r[3].is_empty());
        assert!(r
            .iter()
            .enumerate()
            .all(|(t, list)| list.iter().all(|x| x.talk != t)));
    }
}
