//! Folding text and queries alike so that a search finds what Ctrl+F would, and more:
//! full-width and half-width forms, case, and traditional characters all fold to one form.
//! Folding is one character to one character, so positions in folded text are positions in the
//! original text, and excerpts can show the original.

use std::collections::HashMap;
use std::sync::OnceLock;
use unicode_normalization::UnicodeNormalization;

/// Traditional → simplified, one character at a time, for every CJK unified ideograph that has
/// a one-character simplified form.
pub fn t2s_table() -> &'static HashMap<char, char> {
    static TABLE: OnceLock<HashMap<char, char>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let all: Vec<char> = ('\u{4e00}'..='\u{9fff}').collect();
        let joined: String = all.iter().flat_map(|&c| [c, '\n']).collect();
        let converted = zhconv::zhconv(&joined, zhconv::Variant::ZhHans);
        let mut table = HashMap::new();
        for (orig, conv) in all.iter().zip(converted.split('\n')) {
            let mut chars = conv.chars();
            if let (Some(s), None) = (chars.next(), chars.next()) {
                if s != *orig {
                    table.insert(*orig, s);
                }
            }
        }
        table
    })
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
    if let Some(&s) = t2s_table().get(&c) {
        return s;
    }
    // CJK unified ideographs (most of the text): NFKC and lower case leave them as they are.
    if ('\u{4e00}'..='\u{9fff}').contains(&c) {
        return c;
    }
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
        assert_eq!(fold_query("Scaling  Law，"), "scaling law");
        assert_eq!(fold("大模型").len(), 3);
    }

    #[test]
    fn folding_keeps_one_char_per_char() {
        let text = "ＡＢ「語言」㈱ Law";
        assert_eq!(fold(text).len(), text.chars().count());
    }
}
