//! Each talk's most characteristic terms: TF-IDF over jieba's words, with the document frequency
//! taken from this archive (a word every talk uses says nothing about any of them).

use super::words::{is_stopword, Segmenter};
use crate::fast_hash::FnvBuild;
use crate::render::markdown::Block;
use rayon::prelude::*;
use std::collections::HashMap;

/// How many keywords a talk shows.
pub const KEYWORDS_PER_TALK: usize = 10;

/// A talk's words with their counts; misspelled names are counted as the correct name.
pub type TermCounts = HashMap<String, u32>;

/// Counts the candidate keywords of one talk. In a Chinese text a Latin word said inside a longer
/// Latin phrase is not counted there, so one the talk only ever says inside phrases is no keyword: `sing` and
/// `law` of the recogniser's "sing law", `list` of "list-style-type" say nothing alone. A phrase
/// that is a known form (`canonical`) counts as its term.
pub fn count_terms(
    words: &Segmenter,
    blocks: &[Block],
    canonical: &HashMap<String, String>,
) -> TermCounts {
    let mut counts = TermCounts::new();
    let english = super::english::is_english(blocks.iter().map(|b| b.text.as_str()));
    for block in blocks {
        let text = without_urls(&block.text);
        let cut = words.cut(&text);
        let phrase = latin_phrases(&cut);
        for (i, &word) in cut.iter().enumerate() {
            if let Some(term) = phrase_term(&cut, &phrase, i, canonical) {
                add(&mut counts, term);
            }
            if !is_candidate(word) {
                continue;
            }
            // Said inside a Latin phrase of a Chinese text, the word is the phrase's, not a word
            // of its own. In an English text every word is inside such a run: it counts.
            if !english && phrase[i].is_some() {
                continue;
            }
            let term = canonical.get(word).map_or(word, String::as_str);
            let folded;
            let term = if english {
                folded = super::english::keyword_form(term);
                &*folded
            } else {
                term
            };
            add(&mut counts, term);
        }
    }
    counts
}

fn add(counts: &mut TermCounts, term: &str) {
    // A new String only for a term not seen yet in this talk.
    match counts.get_mut(term) {
        Some(n) => *n += 1,
        None => {
            counts.insert(term.to_string(), 1);
        }
    }
}

/// Letters of the Latin alphabet (and digits), no CJK: `law`, `GPT4V`.
fn is_latin(word: &str) -> bool {
    word.chars().any(|c| c.is_ascii_alphabetic())
        && word.chars().all(|c| c.is_ascii_alphanumeric() || c == ' ')
}

/// For each word of `cut`: the start of the Latin phrase it is part of, if it is part of one (two
/// or more Latin words joined by single spaces or hyphens: "sing law", "list-style-type").
fn latin_phrases(cut: &[&str]) -> Vec<Option<usize>> {
    let joins = |w: &str| w == " " || w == "-";
    let mut out = vec![None; cut.len()];
    let mut i = 0;
    while i < cut.len() {
        if !is_latin(cut[i]) {
            i += 1;
            continue;
        }
        // Extend the run while a joiner is followed by another Latin word.
        let mut end = i;
        while end + 2 < cut.len() && joins(cut[end + 1]) && is_latin(cut[end + 2]) {
            end += 2;
        }
        if end > i {
            for slot in &mut out[i..=end] {
                *slot = Some(i);
            }
        }
        i = end + 1;
    }
    out
}

/// The term a phrase starting at word `i` is a form of (`sing law` → `Scaling Law`): the longest
/// of up to four words that `canonical` knows, looked up at a phrase's words only.
fn phrase_term<'c>(
    cut: &[&str],
    phrase: &[Option<usize>],
    i: usize,
    canonical: &'c HashMap<String, String>,
) -> Option<&'c str> {
    let start = phrase[i]?;
    // Only from a word (not a joiner), within the same phrase.
    if !is_latin(cut[i]) || (i > start && phrase[i - 1] != Some(start)) {
        return None;
    }
    let mut best = None;
    let mut text = cut[i].to_string();
    let mut j = i;
    for _ in 0..3 {
        if j + 2 >= cut.len() || phrase[j + 2] != Some(start) {
            break;
        }
        text.push_str(cut[j + 1]);
        text.push_str(cut[j + 2]);
        j += 2;
        if let Some(term) = canonical
            .get(&text)
            .or_else(|| canonical.get(&text.to_lowercase()))
        {
            best = Some(term.as_str());
        }
    }
    best
}

/// Addresses in a text are not its words (`mmbiz` from an image host is no keyword).
fn without_urls(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains("://") {
        return text.into();
    }
    text.split_whitespace()
        .filter(|w| !w.contains("://"))
        .collect::<Vec<_>>()
        .join(" ")
        .into()
}

/// A word worth showing: two characters or more, not a number, not a function word.
fn is_candidate(word: &str) -> bool {
    // One pass, CJK and ASCII first: this runs for every word of every talk, and
    // `char::is_alphanumeric` alone looks a CJK character up in Unicode's tables.
    let (mut chars, mut cjk, mut latin) = (0, false, 0);
    for c in word.chars() {
        chars += 1;
        if ('\u{4e00}'..='\u{9fff}').contains(&c) {
            cjk = true;
        } else if c.is_ascii_alphabetic() {
            latin += 1;
        } else if !(c.is_ascii_digit() || c == '-' || c == '.' || c.is_alphanumeric()) {
            return false;
        }
    }
    (cjk && chars >= 2 || !cjk && latin >= 2) && !is_stopword(word)
}

/// TF-IDF weights of every talk's terms against the whole archive, best first; ties by term so the
/// order is stable from build to build.
pub fn weigh(counts: &[&TermCounts]) -> Vec<Vec<(String, f64)>> {
    // FNV, not SipHash: a term is looked up once per talk that says it, serially.
    let mut df: HashMap<&str, u32, FnvBuild> = HashMap::default();
    for c in counts {
        for term in c.keys() {
            *df.entry(term.as_str()).or_default() += 1;
        }
    }
    let n = counts.len() as f64;
    counts
        .par_iter()
        .map(|c| {
            let total: u32 = c.values().sum();
            // In a long talk a word said once is noise; in a short text every word counts.
            let min_count = if total > 400 { 2 } else { 1 };
            let mut weighted: Vec<(&str, f64)> = c
                .iter()
                .filter(|(_, &k)| k >= min_count)
                .map(|(term, &k)| {
                    let idf = (n / f64::from(df[term.as_str()])).ln();
                    let tf = f64::from(k) / f64::from(total.max(1));
                    (term.as_str(), tf * idf)
                })
                .filter(|(_, w)| *w > 0.0)
                .collect();
            // Only the best VECTOR_TERMS are kept: those are chosen, sorted and copied, not all
            // of a long talk's thousands of words (a serial tenth of `connect` at 1x).
            let best_first =
                |a: &(&str, f64), b: &(&str, f64)| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(b.0));
            if weighted.len() > VECTOR_TERMS {
                weighted.select_nth_unstable_by(VECTOR_TERMS, best_first);
                weighted.truncate(VECTOR_TERMS);
            }
            weighted.sort_by(best_first);
            weighted
                .into_iter()
                .map(|(term, w)| (term.to_string(), w))
                .collect()
        })
        .collect()
}

/// Terms kept per talk for similarity (the first `KEYWORDS_PER_TALK` are shown).
pub const VECTOR_TERMS: usize = 40;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn candidates_are_words_not_fillers_or_numbers() {
        assert!(is_candidate("大模型"));
        assert!(is_candidate("Scaling"));
        assert!(!is_candidate("我们"));
        assert!(!is_candidate("的"));
        assert!(!is_candidate("2024"));
        assert!(!is_candidate("，"));
    }

    #[test]
    fn a_latin_word_only_said_inside_a_phrase_is_no_keyword_but_a_known_phrase_is() {
        let words = Segmenter::whole(&crate::connect::words::Dictionary::load(), Vec::new());
        let blocks = |texts: &[&str]| -> Vec<Block> {
            texts
                .iter()
                .map(|t| Block {
                    anchor: String::new(),
                    text: t.to_string(),
                })
                .collect()
        };
        let canonical: HashMap<String, String> = [("sing law", "Scaling Law")]
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        let counts = count_terms(
            &words,
            &blocks(&[
                "我们看到sing law还在起作用，step by step地走",
                "GPU很贵，GPU不够。",
                "所以今天我们想和大家一起讨论一下，大模型接下来应该怎么发展。",
            ]),
            &canonical,
        );
        for fragment in ["sing", "law", "step", "by"] {
            assert!(!counts.contains_key(fragment), "{fragment}: {counts:?}");
        }
        assert_eq!(counts.get("Scaling Law"), Some(&1), "{counts:?}");
        assert_eq!(counts.get("GPU"), Some(&2), "{counts:?}");
        // Said alone once, the word counts that once (in a Chinese talk: an English talk's words
        // are counted in their folded form, see `english::keyword_form`).
        let counts = count_terms(
            &words,
            &blocks(&[
                "我们在这个项目里面用到的Agent framework其实很好用",
                "这个Agent也是我们自己做的",
            ]),
            &canonical,
        );
        assert_eq!(counts.get("Agent"), Some(&1), "{counts:?}");
        assert!(!counts.contains_key("framework"), "{counts:?}");
    }

    #[test]
    fn an_english_talk_counts_its_words_though_every_one_is_inside_a_latin_run() {
        let words = Segmenter::whole(&crate::connect::words::Dictionary::load(), Vec::new());
        let blocks = vec![Block {
            anchor: String::new(),
            text: "Small models answer short requests. Routing each request to a small model \
                   cut our costs."
                .to_string(),
        }];
        let counts = count_terms(&words, &blocks, &HashMap::new());
        assert_eq!(counts.get("model"), Some(&2), "{counts:?}");
        assert_eq!(counts.get("request"), Some(&2), "{counts:?}");
        assert_eq!(counts.get("routing"), Some(&1), "{counts:?}");
        assert!(
            !counts.contains_key("the") && !counts.contains_key("to"),
            "{counts:?}"
        );
    }

    #[test]
    fn urls_are_not_words() {
        assert_eq!(without_urls("见 https://mmbiz.qpic.cn/x.png 图"), "见 图");
        assert_eq!(without_urls("没有网址"), "没有网址");
    }

    #[test]
    fn a_term_every_talk_uses_weighs_nothing() {
        let talk = |words: &[(&str, u32)]| -> TermCounts {
            words.iter().map(|(w, k)| (w.to_string(), *k)).collect()
        };
        let (a, b) = (
            talk(&[("模型", 5), ("具身智能", 3)]),
            talk(&[("模型", 5), ("算力", 1)]),
        );
        let w = weigh(&[&a, &b]);
        assert_eq!(
            w[0].iter().map(|(t, _)| t.as_str()).collect::<Vec<_>>(),
            ["具身智能"]
        );
        assert_eq!(w[1][0].0, "算力");
    }
}
