//! Whole words of Latin text. The index finds any substring (Ctrl+F), so `model` also finds
//! `remodel`; the client ranks the documents that have the query as a whole word (or as a form of
//! it: `models`, `modeling`) above those. Which documents those are is worked out here, when a
//! document is indexed, and recorded per word in the `d/` bucket of the word's first key, which
//! the query fetches anyway: no request and only a few bytes more per query.

use super::varint;

/// The key of the whole-word records: `\u{2}` + a word's stem.
const WORD_PREFIX: char = '\u{2}';

/// The longest run of letters and digits taken as a word (longer ones are no words: hashes, URLs
/// without punctuation).
const LONGEST_WORD: usize = 40;

/// `models` → `model`, `companies` → `company`, `boxes` → `box`, `modeling`/`modelling` → `model`;
/// `None` for a word this simple rule leaves as it is. The same rule as `latinStem` in
/// `static/search.js` (a query's word also looks for its stem), which it must stay equal to.
pub(super) fn latin_stem(w: &str) -> Option<String> {
    if w.len() < 4 || !w.bytes().all(|b| b.is_ascii_lowercase()) {
        return None;
    }
    if w.len() > 4 {
        if let Some(stem) = w.strip_suffix("ies") {
            return Some(format!("{stem}y"));
        }
    }
    if w.len() >= 8 {
        if let Some(stem) = w.strip_suffix("ing") {
            let b = stem.as_bytes();
            let doubled = b.len() >= 2
                && b[b.len() - 1] == b[b.len() - 2]
                && !b"aeiou".contains(&b[b.len() - 1]);
            return Some(stem[..stem.len() - usize::from(doubled)].to_string());
        }
    }
    if ["ss", "us", "is"].iter().any(|s| w.ends_with(s)) {
        return None;
    }
    if ["shes", "ches", "xes", "zes"]
        .iter()
        .any(|s| w.ends_with(s))
    {
        return Some(w[..w.len() - 2].to_string());
    }
    w.strip_suffix('s').map(str::to_string)
}

/// The word a whole word of the text or a query's word is recorded under: its stem, else itself.
/// `None` for what is no Latin word: fewer than two characters, no letter, other characters than
/// lower-case ASCII letters and digits (as folded text has them).
pub(super) fn word_key(w: &str) -> Option<String> {
    let ok = (2..=LONGEST_WORD).contains(&w.len())
        && w.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        && w.bytes().any(|b| b.is_ascii_lowercase());
    ok.then(|| latin_stem(w).unwrap_or_else(|| w.to_string()))
}

/// The keys (`word_key`) of the whole words of a document's folded text, sorted, each once. A
/// word is a run of ASCII letters and digits between other characters (spaces, punctuation,
/// Chinese characters, the ends of fields).
pub(super) fn word_keys(folded: &[char]) -> Vec<String> {
    let mut keys: Vec<String> = Vec::new();
    let mut word = String::new();
    for c in folded.iter().copied().chain(std::iter::once(' ')) {
        if c.is_ascii_alphanumeric() {
            word.push(c);
            continue;
        }
        if !word.is_empty() {
            keys.extend(word_key(&word));
            word.clear();
        }
    }
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// The `d/` record of a word (`word_key`): key `\u{2}` + the word; body, the number of documents
/// that have it as a whole word, then each document's number minus the previous one, as varints.
/// It goes in the bucket of the word's first key (its first three characters, as a name form's
/// record: `names::name_record`).
pub(super) fn word_record(word: &str, docs: &[u32]) -> (String, Vec<u8>) {
    let first: String = word.chars().take(3).collect();
    let key = format!("{WORD_PREFIX}{word}");
    let mut body = Vec::with_capacity(docs.len() + 2);
    varint(&mut body, docs.len() as u32);
    let mut prev = 0;
    for &d in docs {
        varint(&mut body, d - prev);
        prev = d;
    }
    let mut record = Vec::with_capacity(key.len() + body.len() + 4);
    varint(&mut record, key.len() as u32);
    record.extend_from_slice(key.as_bytes());
    varint(&mut record, body.len() as u32);
    record.extend_from_slice(&body);
    (first, record)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_are_the_clients() {
        let stem = |w: &str| latin_stem(w);
        assert_eq!(stem("models").as_deref(), Some("model"));
        assert_eq!(stem("companies").as_deref(), Some("company"));
        assert_eq!(stem("boxes").as_deref(), Some("box"));
        assert_eq!(stem("modeling").as_deref(), Some("model"));
        assert_eq!(stem("modelling").as_deref(), Some("model"));
        assert_eq!(stem("training").as_deref(), Some("train"));
        // Short -ing words and plural-looking singulars stay.
        assert_eq!(stem("thing"), None);
        assert_eq!(stem("status"), None);
        assert_eq!(stem("class"), None);
        assert_eq!(stem("model"), None);
        assert_eq!(stem("gpts"), Some("gpt".to_string()));
        assert_eq!(stem("gpt4s"), None);
    }

    #[test]
    fn whole_words_are_runs_of_letters_and_digits() {
        let text: Vec<char> = "remodel the models\nai与gpt 4o, 模型 x modeling"
            .chars()
            .collect();
        assert_eq!(
            word_keys(&text),
            ["4o", "ai", "gpt", "model", "remodel", "the"]
        );
        assert_eq!(word_key("2024"), None);
        assert_eq!(word_key("é"), None);
    }

    #[test]
    fn a_word_record_lists_its_documents() {
        let (first, record) = word_record("model", &[3, 5, 200]);
        assert_eq!(first, "mod");
        let mut expected = vec![6, 2];
        expected.extend_from_slice(b"model");
        expected.extend_from_slice(&[5, 3, 3, 2, 195, 1]);
        assert_eq!(record, expected);
    }
}
