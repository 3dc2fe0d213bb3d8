//! English words as keywords: an English talk's `Models`, `models` and `model` are one term.
//! Only for talks whose text is mostly Latin letters, so Chinese talks (and the English names and
//! acronyms inside them: GPT, Scaling Law) keep their words as they are.

use std::borrow::Cow;

/// True if most of the letters of `text` are Latin ones.
pub fn is_english<'a>(texts: impl IntoIterator<Item = &'a str>) -> bool {
    let (mut latin, mut other) = (0usize, 0usize);
    for text in texts {
        for c in text.chars().filter(|c| c.is_alphabetic()) {
            if c.is_ascii_alphabetic() {
                latin += 1;
            } else {
                other += 1;
            }
        }
    }
    latin > other
}

/// An English word as a keyword: lower case unless it is an acronym (`GPU`, `LLMs` keep theirs),
/// plurals folded to the singular (`models` → `model`, `companies` → `company`).
pub fn keyword_form(word: &str) -> Cow<'_, str> {
    if !word.chars().all(|c| c.is_ascii_alphabetic()) {
        return word.into();
    }
    let upper = word.chars().filter(char::is_ascii_uppercase).count();
    if upper > 1 {
        return word.into();
    }
    let lower = word.to_ascii_lowercase();
    Cow::Owned(singular(&lower).unwrap_or(lower))
}

/// `models` → `model`; `None` for a word that is not a plural this simple rule knows.
fn singular(w: &str) -> Option<String> {
    if w.len() < 4 {
        return None;
    }
    if let Some(stem) = w.strip_suffix("ies") {
        return Some(format!("{stem}y"));
    }
    if ["ss", "us", "is"].iter().any(|s| w.ends_with(s)) {
        return None;
    }
    for ending in ["shes", "ches", "xes", "zes"] {
        if w.ends_with(ending) {
            return Some(w[..w.len() - 2].to_string());
        }
    }
    w.strip_suffix('s').map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plurals_and_capitals_fold_acronyms_stay() {
        assert_eq!(keyword_form("Models"), "model");
        assert_eq!(keyword_form("companies"), "company");
        assert_eq!(keyword_form("boxes"), "box");
        assert_eq!(keyword_form("status"), "status");
        assert_eq!(keyword_form("GPUs"), "GPUs");
        assert_eq!(keyword_form("law"), "law");
        assert_eq!(keyword_form("大模型"), "大模型");
    }

    #[test]
    fn a_text_is_english_when_latin_letters_are_the_most() {
        assert!(is_english(["Small models are often enough."]));
        assert!(!is_english([
            "我们谈 Scaling Law 与大模型的未来，以及具身智能"
        ]));
    }
}
