//! `suggest aliases`: the spans of talk text that sound like a speaker's or org's name but are
//! not yet one of its forms (misheard names a recogniser wrote: 接月星辰 for 阶跃星辰), ranked by
//! evidence, for an archivist to record as `aliases` or reject as `not_aliases`.
//!
//! keys.rs says what is looked for per name, sound.rs how characters sound, candidates.rs finds
//! the spans, score.rs weighs them, output.rs prints them. See docs/suggest.md.

pub mod candidates;
pub mod keys;
pub mod output;
pub mod score;
pub mod sound;

use crate::connect::words::{archive_terms, CharPairs, Dictionary, Segmenter};
use crate::graph::Archive;
use aho_corasick::AhoCorasick;
use candidates::{Candidate, Finder, Readings};
use keys::Target;
use rayon::prelude::*;
use score::Evidence;
use std::collections::{BTreeMap, HashMap, HashSet};

/// `suggest aliases` lists the suggestions scoring at least this unless `--min-score` says.
pub const DEFAULT_MIN_SCORE: f64 = 0.6;
/// `check` and `serve` count the suggestions scoring at least this as open.
pub const OPEN_THRESHOLD: f64 = 0.8;

/// One form suggested as an alias of one speaker or org.
#[derive(Debug, Clone)]
pub struct Suggestion {
    pub target: Target,
    /// The text as written (a space inside kept).
    pub form: String,
    pub count: usize,
    pub score: f64,
    /// Every occurrence, in archive order.
    pub at: Vec<Place>,
}

/// Where a form occurs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// The talk's file, relative to the site root, with `/`.
    pub file: String,
    /// 1-based line of the file.
    pub line: usize,
    /// A few characters either side, the form in 【】.
    pub context: String,
}

/// One occurrence, before the occurrences of a form are gathered: numbers only (an archive with
/// many names has millions of them; with its form, context and file as strings each took about
/// 300 bytes, 4.4 GB at 50 times the shipped archive with new names in every copy). The strings
/// are made only for the suggestions kept.
struct Occurrence {
    target: u32,
    talk: u32,
    /// 0-based line of the talk's body, and where that line starts in the body.
    line: u32,
    line_start: u32,
    /// The span, in bytes of the line.
    start: u32,
    end: u32,
    score: f64,
}

impl Occurrence {
    fn line_text<'a>(&self, archive: &'a Archive) -> &'a str {
        let body = &archive.talks[self.talk as usize].doc.body;
        body[self.line_start as usize..]
            .lines()
            .next()
            .unwrap_or("")
    }

    fn form<'a>(&self, archive: &'a Archive) -> &'a str {
        &self.line_text(archive)[self.start as usize..self.end as usize]
    }
}

/// The archive's suggestions scoring at least `min_score`, best first (`f64::NEG_INFINITY`: every
/// one). The places of the others are never made.
pub fn suggest_aliases(
    archive: &Archive,
    dictionary: &Dictionary,
    min_score: f64,
) -> Vec<Suggestion> {
    let targets = keys::targets(archive);
    let mut keys = keys::keys(&targets);
    let known = KnownForms::new(archive);
    let belongs = Belonging::new(archive, &targets);

    let mut pairs = CharPairs::default();
    for t in &archive.talks {
        pairs.add(&t.doc.body);
    }
    let words = dictionary.frequencies(|w| w.chars().count() >= 2 && pairs.may_contain(w));
    let segmenter = Segmenter::new(dictionary, archive, pairs);
    // The archive's vocabulary (trend names and keywords, topics, terms of the field) is not a
    // form of anyone's name even where it sounds like one (人形机器人 of 人形机器人（上海）).
    let names: HashSet<&str> = archive
        .speakers
        .iter()
        .flat_map(|s| std::iter::once(&s.meta.name).chain(&s.meta.aliases))
        .chain(
            archive
                .orgs
                .iter()
                .flat_map(|o| std::iter::once(&o.meta.name).chain(&o.meta.aliases)),
        )
        .map(String::as_str)
        .collect();
    let vocabulary: HashSet<&str> = archive_terms(archive)
        .into_iter()
        .filter(|t| !names.contains(t))
        .collect();
    keys.retain(|k| {
        k.kind != keys::KeyKind::Part
            || distinctive(k, &targets[k.target], &segmenter, &words, &vocabulary)
    });
    let finder = Finder::new(&keys, &targets);

    let occurrences: Vec<Occurrence> = archive
        .talks
        .par_iter()
        .enumerate()
        .map_init(Readings::default, |readings, (t, talk)| {
            let mut found = Vec::new();
            let local = finder.local_keys(belongs.talk_people(archive, t));
            let body = &talk.doc.body;
            // An occurrence keeps its place as u32s: a body of 4 GiB or more (no talk is) is
            // not looked at rather than misplaced.
            if u32::try_from(body.len()).is_err() {
                return found;
            }
            for (l, line) in body.lines().enumerate() {
                let line_start = line.as_ptr() as usize - body.as_ptr() as usize;
                let mut here: Vec<(Candidate, f64)> = Vec::new();
                // What a line's candidates share is worked out once per line: the known forms in
                // it, and per span jieba's cuts (one span is often a candidate for several names).
                let mut known_here: Option<Vec<(usize, usize)>> = None;
                let mut cuts: HashMap<(usize, usize), SpanCuts> = HashMap::new();
                for c in finder.find(line, readings, &local) {
                    let known_here = known_here.get_or_insert_with(|| known.spans(line));
                    if known_here.iter().any(|&(s, e)| s < c.end && c.start < e) {
                        continue;
                    }
                    let target = &targets[c.target];
                    let span: String = line[c.start..c.end]
                        .chars()
                        .filter(|&ch| ch != ' ')
                        .collect();
                    if vocabulary.contains(span.as_str()) {
                        continue;
                    }
                    let in_talk = belongs.in_talk(archive, t, target);
                    // A two-character name with its given name heard wrong only where the
                    // person speaks (陈现 for 陈茜 in 陈茜's talk).
                    let wrong = c.closeness.contains(&sound::Closeness::Other);
                    if wrong && c.closeness.len() == 2 && !in_talk {
                        continue;
                    }
                    let (whole_words, words_of_span) =
                        cuts.entry((c.start, c.end)).or_insert_with(|| {
                            (
                                segmenter.is_whole_words(line, c.start, c.end),
                                span_words(&span, &segmenter, &words),
                            )
                        });
                    let evidence = Evidence {
                        in_talk,
                        in_event: belongs.in_event(archive, t, c.target),
                        word_frequency: words.get(span.as_str()).copied(),
                        mostly_a_word: mostly_a_word(&span, words_of_span, &c),
                        function_word: function_word(&span, &c),
                        cuts_a_word: !*whole_words,
                    };
                    let s = score::occurrence(&c, target.sound_name.chars().count(), evidence);
                    here.push((c, s));
                }
                for (c, s) in best_per_target(here) {
                    found.push(Occurrence {
                        target: c.target as u32,
                        talk: t as u32,
                        line: l as u32,
                        line_start: line_start as u32,
                        start: c.start as u32,
                        end: c.end as u32,
                        score: s,
                    });
                }
            }
            found
        })
        .flatten()
        .collect();

    // The occurrences of each (target, form), in archive order.
    let mut gathered: BTreeMap<(u32, &str), (f64, Vec<u32>)> = BTreeMap::new();
    for (i, o) in occurrences.iter().enumerate() {
        let form = o.form(archive);
        let target = &targets[o.target as usize];
        if target.not_aliases.iter().any(|f| f == form) || target.aliases.iter().any(|f| f == form)
        {
            continue;
        }
        let entry = gathered.entry((o.target, form)).or_default();
        entry.0 += o.score;
        entry.1.push(i as u32);
    }
    // The file's line a body's line 0 is: after the front matter and its two fences.
    let first_lines: Vec<usize> = (archive.talks.iter())
        .map(|t| t.doc.front_matter.matches('\n').count() + 3)
        .collect();
    let place = |o: &Occurrence| {
        let talk = &archive.talks[o.talk as usize].doc;
        Place {
            file: talk.path.to_string_lossy().replace('\\', "/"),
            line: first_lines[o.talk as usize] + o.line as usize,
            context: context(o.line_text(archive), o.start as usize, o.end as usize),
        }
    };
    let mut out: Vec<Suggestion> = gathered
        .into_iter()
        .filter_map(|((t, form), (sum, at))| {
            let score = score::suggestion(sum / at.len() as f64, at.len());
            (score >= min_score).then(|| Suggestion {
                target: targets[t as usize].clone(),
                form: form.to_string(),
                count: at.len(),
                score,
                at: at
                    .iter()
                    .map(|&i| place(&occurrences[i as usize]))
                    .collect(),
            })
        })
        .collect();
    out.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then(b.count.cmp(&a.count))
            .then_with(|| a.target.id().cmp(&b.target.id()))
            .then_with(|| a.form.cmp(&b.form))
    });
    out
}

/// How many suggestions score at least `OPEN_THRESHOLD` (for `check` and `serve`).
pub fn open_count(archive: &Archive, dictionary: &Dictionary) -> usize {
    suggest_aliases(archive, dictionary, OPEN_THRESHOLD).len()
}

/// Of the candidates on one line, for each target the longest of those that overlap (the whole
/// name rather than its given name inside it), then the best.
fn best_per_target(mut here: Vec<(Candidate, f64)>) -> Vec<(Candidate, f64)> {
    // The longest first: a span that explains more of a name beats a part of it even when it
    // scores less (今月星辰 with one syllable wrong, not 月星辰 inside it).
    here.sort_by(|a, b| {
        (b.0.end - b.0.start)
            .cmp(&(a.0.end - a.0.start))
            .then(b.1.total_cmp(&a.1))
            .then(a.0.start.cmp(&b.0.start))
    });
    let mut kept: Vec<(Candidate, f64)> = Vec::new();
    for (c, s) in here {
        // The same target's overlapping spans, and a span inside another target's longer one
        // (张迎 inside 张迎良), give way to the better.
        let clash = kept.iter().any(|(k, _)| {
            let overlap = k.start < c.end && c.start < k.end;
            let inside =
                k.start <= c.start && c.end <= k.end && (k.start, k.end) != (c.start, c.end);
            (k.target == c.target && overlap) || inside
        });
        if !clash {
            kept.push((c, s));
        }
    }
    kept.sort_by_key(|(c, _)| (c.start, c.target));
    kept
}

/// Whether a run of a name holds a character of a word of it that is neither an everyday word
/// nor the archive's vocabulary (人工智能, 机器人):
/// 人工智能行业 of 上海市人工智能行业协会 is only everyday words, 接月 of 阶跃星辰 is not.
fn distinctive(
    key: &keys::Key,
    target: &Target,
    segmenter: &Segmenter,
    words: &HashMap<&'static str, usize>,
    vocabulary: &HashSet<&str>,
) -> bool {
    let (from, to) = (key.from, key.from + key.syllables.len());
    let mut at = 0;
    for word in segmenter.cut(&target.sound_name) {
        let n = word.chars().count();
        let everyday = n >= 2
            && (words.get(word).is_some_and(|&f| f >= score::EVERYDAY)
                || vocabulary.contains(word));
        if !everyday && at < to && from < at + n {
            return true;
        }
        at += n;
    }
    false
}

/// What jieba says of a span of a line: whether it is made of whole words of the line, and its own
/// words (`span_words`).
type SpanCuts = (bool, Vec<(usize, bool)>);

/// jieba's words of a span (its spaces taken out), as what `mostly_a_word` asks of each: its
/// length in characters and whether it is an everyday word.
fn span_words(
    span: &str,
    segmenter: &Segmenter,
    words: &HashMap<&'static str, usize>,
) -> Vec<(usize, bool)> {
    segmenter
        .cut(span)
        .into_iter()
        .map(|w| {
            let everyday = words.get(w).is_some_and(|&f| f >= score::EVERYDAY);
            (w.chars().count(), everyday)
        })
        .collect()
}

/// Whether one everyday word that is not the name's own characters makes up two thirds of the
/// span or more (因为它 is 因为 and 它). `span_words`: the span's `span_words`.
fn mostly_a_word(span: &str, span_words: &[(usize, bool)], c: &Candidate) -> bool {
    let total = span.chars().count();
    let mut at = 0;
    for &(n, everyday) in span_words {
        let own = c.closeness[at.min(c.closeness.len())..(at + n).min(c.closeness.len())]
            .iter()
            .all(|x| *x == sound::Closeness::Same);
        if n >= 2 && everyday && !own && n * 3 >= total * 2 {
            return true;
        }
        at += n;
    }
    false
}

/// Whether a character of the span that is not the name's own is a function word (是, 的, 和):
/// 是人工智能 is 是 before 人工智能, not a misheard 市人工智能.
fn function_word(span: &str, c: &Candidate) -> bool {
    span.chars()
        .zip(&c.closeness)
        .any(|(ch, x)| *x != sound::Closeness::Same && FUNCTION_CHARACTERS.contains(ch))
}

/// Characters that are words of grammar or fillers of speech far more often than parts of names.
const FUNCTION_CHARACTERS: &str = "的了是在和与及即既暨也就都还又把被给对从向往这那你我他她它们个有不要会能可很更最而或但让使将于以为之其所吗呢吧啊呀哦嗯呃哈嘛";

/// Up to eight characters either side of the span, the span in 【】.
fn context(line: &str, start: usize, end: usize) -> String {
    let before: String = {
        let mut b: Vec<char> = line[..start].chars().rev().take(8).collect();
        b.reverse();
        b.into_iter().collect()
    };
    let after: String = line[end..].chars().take(8).collect();
    format!(
        "{}【{}】{}",
        before.trim_start(),
        &line[start..end],
        after.trim_end()
    )
}

/// Every name and alias of every speaker and org: a span that overlaps one of them in the text
/// is already a form of someone (or inside one) and is not suggested.
struct KnownForms {
    finder: Option<AhoCorasick>,
}

impl KnownForms {
    fn new(archive: &Archive) -> KnownForms {
        let mut forms: Vec<&str> = Vec::new();
        for s in &archive.speakers {
            forms.push(&s.meta.name);
            forms.extend(s.meta.aliases.iter().map(String::as_str));
        }
        for o in &archive.orgs {
            forms.push(&o.meta.name);
            forms.extend(o.meta.aliases.iter().map(String::as_str));
        }
        forms.retain(|f| f.trim().chars().count() >= 2);
        forms.sort_unstable();
        forms.dedup();
        KnownForms {
            finder: AhoCorasick::new(&forms).ok(),
        }
    }

    /// Where the known forms are in `line` (byte ranges, overlapping ones too).
    fn spans(&self, line: &str) -> Vec<(usize, usize)> {
        let Some(finder) = &self.finder else {
            return Vec::new();
        };
        finder
            .find_overlapping_iter(line)
            .map(|m| (m.start(), m.end()))
            .collect()
    }
}

/// Who belongs to which talk and event, to weigh a candidate by where it is said.
struct Belonging {
    /// Per event: the targets (by number) of its talks' speakers, moderators and orgs, and of
    /// its organisers.
    event_targets: Vec<HashSet<usize>>,
    /// Per speaker, its target's number (a speaker without a Chinese name has none).
    speaker_targets: Vec<Option<usize>>,
}

impl Belonging {
    fn new(archive: &Archive, targets: &[Target]) -> Belonging {
        let mut speaker_targets = vec![None; archive.speakers.len()];
        let mut org_targets = vec![None; archive.orgs.len()];
        for (number, t) in targets.iter().enumerate() {
            let list = if t.is_org() {
                &mut org_targets
            } else {
                &mut speaker_targets
            };
            list[t.index] = Some(number);
        }
        let mut event_targets = vec![HashSet::new(); archive.events.len()];
        for (t, talk) in archive.talks.iter().enumerate() {
            let set = &mut event_targets[talk.event];
            let people = archive.links.talk_speakers[t]
                .iter()
                .chain(&archive.links.talk_moderators[t]);
            set.extend(people.filter_map(|&s| speaker_targets[s]));
            set.extend(
                archive.links.talk_orgs[t]
                    .iter()
                    .filter_map(|&o| org_targets[o]),
            );
        }
        for (e, orgs) in archive.links.event_organisers.iter().enumerate() {
            event_targets[e].extend(orgs.iter().filter_map(|&o| org_targets[o]));
        }
        Belonging {
            event_targets,
            speaker_targets,
        }
    }

    /// The targets (by number) of the people who speak or moderate in a talk.
    fn talk_people<'a>(
        &'a self,
        archive: &'a Archive,
        talk: usize,
    ) -> impl Iterator<Item = usize> + 'a {
        let l = &archive.links;
        l.talk_speakers[talk]
            .iter()
            .chain(&l.talk_moderators[talk])
            .filter_map(|&s| self.speaker_targets[s])
    }

    fn in_talk(&self, archive: &Archive, talk: usize, target: &Target) -> bool {
        let l = &archive.links;
        if target.is_org() {
            l.talk_orgs[talk].contains(&target.index)
        } else {
            l.talk_speakers[talk].contains(&target.index)
                || l.talk_moderators[talk].contains(&target.index)
        }
    }

    fn in_event(&self, archive: &Archive, talk: usize, target: usize) -> bool {
        self.event_targets[archive.talks[talk].event].contains(&target)
    }
}
