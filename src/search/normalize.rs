//! Folding text and queries alike so that a search finds what Ctrl+F would, and more:
//! full-width and half-width forms, case, and traditional characters all fold to one form.
//! Folding is one character to one character, so positions in folded text are positions in the
//! original text, and excerpts can show the original.

use std::sync::OnceLock;
use unicode_normalization::UnicodeNormalization;

/// OpenCC's traditional → simplified character table (Apache-2.0, `data/opencc/`): a traditional
/// character, a tab, its simplified forms separated by spaces, the usual one first.
const TS_CHARACTERS: &str = include_str!("../../data/opencc/TSCharacters.txt");

/// The basic block of CJK unified ideographs: most of the text, looked up by index.
const IDEOGRAPHS: std::ops::RangeInclusive<char> = '\u{4e00}'..='\u{9fff}';

/// Every traditional character with a one-character simplified form, and that form, sorted.
pub fn t2s_pairs() -> &'static [(char, char)] {
    static PAIRS: OnceLock<Vec<(char, char)>> = OnceLock::new();
    PAIRS.get_or_init(|| {
        let one = |s: &str| {
            let mut chars = s.chars();
            chars.next().filter(|_| chars.next().is_none())
        };
        let mut pairs: Vec<(char, char)> = TS_CHARACTERS
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| {
                let (t, forms) = l.split_once('\t')?;
                let s = one(forms.split(' ').next()?)?;
                let t = one(t)?;
                (t != s).then_some((t, s))
            })
            .collect();
        pairs.sort_unstable();
        pairs.dedup_by_key(|p| p.0);
        pairs
    })
}

/// The simplified form of `c`, or `c`.
fn simplified(c: char) -> char {
    static BASIC: OnceLock<Vec<char>> = OnceLock::new();
    let start = *IDEOGRAPHS.start() as u32;
    if IDEOGRAPHS.contains(&c) {
        let table = BASIC.get_or_init(|| {
            let mut table: Vec<char> = IDEOGRAPHS.collect();
            for &(t, s) in t2s_pairs() {
                if IDEOGRAPHS.contains(&t) {
                    table[(t as u32 - start) as usize] = s;
                }
            }
            table
        });
        return table[(c as u32 - start) as usize];
    }
    let pairs = t2s_pairs();
    pairs
        .binary_search_by_key(&c, |p| p.0)
        .map_or(c, |i| pairs[i].1)
}

/// The folded form of one character.
pub fn fold_char(c: char) -> char {
    if c.is_ascii() {
        return if c.is_ascii_alphanumeric() {
            c.to_ascii_lowercase()
        } else if c.is_ascii_whitespace() || c.is_ascii_punctuation() {
            ' '
        } else {
            c
        };
    }
    // CJK unified ideographs (most of the text): NFKC and lower case leave them as they are.
    if IDEOGRAPHS.contains(&c) {
        return simplified(c);
    }
    let c = simplified(c);
    // Full-width letters, digits and compatibility forms.
    let mut nfkc = std::iter::once(c).nfkc();
    let c = match (nfkc.next(), nfkc.next()) {
        (Some(n), None) => n,
        _ => c,
    };
    if c.is_ascii() {
        return fold_char(c);
    }
    if is_punctuation(c) || c.is_whitespace() {
        return ' ';
    }
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) => l,
        _ => c,
    }
}

fn is_punctuation(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{303f}' | '\u{2000}'..='\u{206f}' | '\u{ff00}'..='\u{ff0f}' | '\u{ff1a}'..='\u{ff20}' | '\u{ff3b}'..='\u{ff40}' | '\u{ff5b}'..='\u{ff65}' | '\u{fe30}'..='\u{fe4f}' | '·')
}

/// Folds a text for the index: same number of characters as `text`.
pub fn fold(text: &str) -> Vec<char> {
    text.chars().map(fold_char).collect()
}

/// Folds a query: trimmed, runs of spaces collapsed.
pub fn fold_query(q: &str) -> String {
    let folded: String = q.chars().map(fold_char).collect();
    folded
        .split(' ')
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_width_case_script_and_punctuation() {
        assert_eq!(fold_query("ＧＰＴ－４"), "gpt 4");
        assert_eq!(fold_query("語言模型"), "语言模型");
        assert_eq!(fold_query("㑶"), "㐹", "outside the basic block too");
        assert_eq!(fold_query("Scaling  Law，"), "scaling law");
        assert_eq!(fold("大模型").len(), 3);
    }

    #[test]
    fn folding_keeps_one_char_per_char() {
        let text = "ＡＢ「語言」㈱ Law";
        assert_eq!(fold(text).len(), text.chars().count());
    }
}
