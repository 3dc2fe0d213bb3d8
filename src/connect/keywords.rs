//! Each talk's most characteristic terms: TF-IDF over jieba's words, with the document frequency
//! taken from this archive (a word every talk uses says nothing about any of them).

use super::words::{is_stopword, Segmenter};
use crate::render::markdown::Block;
use std::collections::HashMap;

/// How many keywords a talk shows.
pub const KEYWORDS_PER_TALK: usize = 10;

/// A talk's words with their counts; misspelled names are counted as the correct name.
pub type TermCounts = HashMap<String, u32>;

/// Counts the candidate keywords of one talk.
pub fn count_terms(
    words: &Segmenter,
    blocks: &[Block],
    canonical: &HashMap<String, String>,
) -> TermCounts {
    let mut counts = TermCounts::new();
    let english = super::english::is_english(blocks.iter().map(|b| b.text.as_str()));
    for block in blocks {
        let text = without_urls(&block.text);
        for word in words.cut(&text) {
            if !is_candidate(word) {
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
            // A new String only for a term not seen yet in this talk.
            match counts.get_mut(term) {
                Some(n) => *n += 1,
                None => {
                    counts.insert(term.to_string(), 1);
                }
            }
        }
    }
    counts
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
    let chars = word.chars().count();
    let cjk = word.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    let latin = word.chars().filter(char::is_ascii_alphabetic).count();
    (cjk && chars >= 2 || !cjk && latin >= 2)
        && word
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '.')
        && !is_stopword(word)
}

/// TF-IDF weights of every talk's terms against the whole archive, best first; ties by term so the
/// order is stable from build to build.
pub fn weigh(counts: &[&TermCounts]) -> Vec<Vec<(String, f64)>> {
    let mut df: HashMap<&str, u32> = HashMap::new();
    for c in counts {
        for term in c.keys() {
            *df.entry(term.as_str()).or_default() += 1;
        }
    }
    let n = counts.len() as f64;
    counts
        .iter()
        .map(|c| {
            let total: u32 = c.values().sum();
            // In a long talk a word said once is noise; in a short text every word counts.
            let min_count = if total > 400 { 2 } else { 1 };
            let mut weighted: Vec<(String, f64)> = c
                .iter()
                .filter(|(_, &k)| k >= min_count)
                .map(|(term, &k)| {
                    let idf = (n / f64::from(df[term.as_str()])).ln();
                    let tf = f64::from(k) / f64::from(total.max(1));
                    (term.clone(), tf * idf)
                })
                .filter(|(_, w)| *w > 0.0)
                .collect();
            weighted.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            weighted.truncate(VECTOR_TERMS);
            weighted
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
