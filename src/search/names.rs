//! The forms a name is found by: its aliases and misspellings, English name, pinyin and
//! initials, recorded in the index's buckets under a form so that a query for any form finds
//! the name's pages (and says which form matched).

use super::doc_index::weigh;
use super::{normalize, varint};
use crate::digest::{Digest, Digester};
use crate::graph::Archive;
use aho_corasick::AhoCorasick;
use std::collections::BTreeMap;

/// `李开复` → [`likaifu`, `lkf`]; empty for names with no Chinese characters.
pub fn pinyin_forms(name: &str) -> Vec<String> {
    use pinyin::ToPinyin;
    let mut full = String::new();
    let mut initials = String::new();
    for p in name.to_pinyin().flatten() {
        full.push_str(p.plain());
        initials.push_str(p.first_letter());
    }
    if full.is_empty() {
        Vec::new()
    } else {
        vec![full, initials]
    }
}

/// The forms of names a query may be expanded with, by the folded form typed:
/// `likaifu → [李开复, 李开夫]`, `scalinglaw → [sing law, …, scaling law]`. For each speaker and
/// org, and each glossary term (its misheard forms, `content/glossary.toml`), every form (the correct name, aliases,
/// English name, pinyin, initials) folded without spaces is a key; its value is the name's other
/// forms to look for, in that order, without forms of Latin letters only (pinyin is never
/// searched for as text).
pub(super) fn name_index(a: &Archive) -> BTreeMap<String, Vec<String>> {
    let mut index: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let names = a
        .speakers
        .iter()
        .map(|s| (&s.meta.name, &s.meta.aliases, &s.meta.name_en))
        .chain(
            a.orgs
                .iter()
                .map(|o| (&o.meta.name, &o.meta.aliases, &o.meta.name_en)),
        );
    let names = names.map(|(name, aliases, en)| {
        let mut forms: Vec<String> = vec![name.clone()];
        forms.extend(aliases.iter().cloned());
        forms.extend(en.clone());
        // Initials of two letters match too much; keep them for names of three characters or more.
        for (i, f) in pinyin_forms(name).into_iter().enumerate() {
            if i == 0 || f.len() >= 3 {
                forms.push(f);
            }
        }
        (forms, false)
    });
    // A glossary term is folded like a name, by its misheard forms (no pinyin: a term is not
    // looked for by its sound).
    let terms = a.glossary.iter().map(|term| {
        let forms = std::iter::once(&term.name)
            .chain(&term.aliases)
            .cloned()
            .collect::<Vec<String>>();
        (forms, true)
    });
    // `latin_searched`: a form of Latin letters only is text to look for (a term's `stepep`),
    // not pinyin.
    for (forms, latin_searched) in names.chain(terms) {
        let folded: Vec<String> = forms.iter().map(|f| normalize::fold_query(f)).collect();
        // The name first unless it is Latin letters only, then the other forms, the name last.
        let searched: Vec<&String> = folded
            .iter()
            .filter(|f| {
                !f.is_empty() && (latin_searched || !f.chars().all(|c| c.is_ascii_lowercase()))
            })
            .chain(std::iter::once(&folded[0]))
            .collect();
        for f in &folded {
            let key: String = f.chars().filter(|&c| c != ' ').collect();
            if key.chars().count() < 2 {
                continue;
            }
            let list = index.entry(key.clone()).or_default();
            for s in &searched {
                if **s != key && !list.contains(s) {
                    list.push((*s).clone());
                }
            }
        }
    }
    index
}

/// Every form a name query looks for (the values of `name_index`), and what finds them in a
/// document's folded text. Each document's occurrences of each form are indexed with it
/// (`DocIndex::names`), so that a name's record can list, for every form, the documents that
/// have it: a query for a name then needs no other bucket (a name of eight spellings asked for
/// 16 buckets and their position pages, three rounds of requests instead of one).
#[derive(Default)]
pub(super) struct NameForms {
    forms: Vec<String>,
    finder: Option<AhoCorasick>,
    /// Of the forms, for `serve`'s cache of documents' indexes.
    pub(super) digest: Digest,
}

/// One form's occurrences in one document: the form's number in `NameForms`, the occurrences
/// weighted by the field they are in, and the first in the body, else the first (as a key's).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct NameHit {
    pub(super) form: u32,
    pub(super) tfw: u32,
    pub(super) at: u32,
}

impl NameForms {
    pub(super) fn new(index: &BTreeMap<String, Vec<String>>) -> Self {
        let mut forms: Vec<String> = index.values().flatten().cloned().collect();
        forms.sort_unstable();
        forms.dedup();
        let mut d = Digester::default();
        for f in &forms {
            d.str(f);
        }
        // Forms are non-empty folded text: building the automaton cannot fail on them; if it
        // did, names would only be found by their buckets, as before this index.
        let finder = (!forms.is_empty())
            .then(|| AhoCorasick::new(&forms).ok())
            .flatten();
        NameForms {
            forms,
            finder,
            digest: d.finish(),
        }
    }

    /// How many forms there are (form numbers are below it).
    pub(super) fn len(&self) -> usize {
        self.forms.len()
    }

    pub(super) fn number(&self, form: &str) -> Option<u32> {
        self.forms
            .binary_search_by(|f| f.as_str().cmp(form))
            .ok()
            .map(|i| i as u32)
    }

    /// Each form's occurrences in a document's folded text (`folded`, its fields joined by
    /// `END`; a field ends before `field_ends[f]`), every occurrence counted as Ctrl+F finds it
    /// (overlapping ones too), by form number.
    pub(super) fn find(&self, folded: &[char], field_ends: &[usize; 5]) -> Vec<NameHit> {
        let Some(finder) = &self.finder else {
            return Vec::new();
        };
        let text: String = folded.iter().collect();
        let mut found: Vec<(usize, u32)> = finder
            .find_overlapping_iter(&text)
            .map(|m| (m.start(), m.pattern().as_u32()))
            .collect();
        if found.is_empty() {
            return Vec::new();
        }
        found.sort_unstable();
        // Byte offsets to character positions, in one walk of the text.
        let mut chars = text.char_indices().enumerate().map(|(c, (b, _))| (b, c));
        let mut at_char: Vec<(u32, u32)> = Vec::with_capacity(found.len());
        let mut last = (usize::MAX, 0);
        for &(byte, form) in &found {
            if last.0 != byte {
                last = chars.find(|&(b, _)| b == byte).unwrap_or((byte, 0));
            }
            at_char.push((form, last.1 as u32));
        }
        at_char.sort_unstable();
        at_char
            .chunk_by(|x, y| x.0 == y.0)
            .map(|group| {
                let (tfw, at) = weigh(group.iter().map(|&(_, p)| p), field_ends);
                NameHit {
                    form: group[0].0,
                    tfw,
                    at,
                }
            })
            .collect()
    }
}

/// Each form's documents (number, weighted count, where), by form number, from every
/// document's `NameHit`s in document order.
pub(super) type FormPostings = Vec<Vec<(u32, u32, u32)>>;

/// What a query for the name form `typed` looks for, in order: the form itself where it is
/// searched for as text, so that its documents come with the record too (a form of four
/// characters or more is otherwise checked by position), then its other forms (`name_index`).
pub(super) fn looked_for<'a>(
    typed: &'a str,
    forms: &'a [String],
    all: &NameForms,
) -> impl Iterator<Item = &'a str> {
    let typed_too = all.number(typed).map(|_| typed);
    typed_too
        .into_iter()
        .chain(forms.iter().map(String::as_str))
}

/// One form and the documents that have it, as a name record lists it: varint length, UTF-8
/// bytes, varint count, then per document (in order) varints: number minus the previous one,
/// weighted count, first position.
pub(super) fn write_form(out: &mut Vec<u8>, form: &str, all: &NameForms, postings: &FormPostings) {
    varint(out, form.len() as u32);
    out.extend_from_slice(form.as_bytes());
    let docs = all
        .number(form)
        .and_then(|n| postings.get(n as usize))
        .map_or(&[][..], |p| &p[..]);
    varint(out, docs.len() as u32);
    let mut prev = 0;
    for &(doc, tfw, at) in docs {
        varint(out, doc - prev);
        prev = doc;
        varint(out, tfw);
        varint(out, at);
    }
}

/// The `d/` record of a name form typed: key `\u{1}` + the form; body, for the form itself (if it
/// is searched for as text) and each of its other forms (`name_index`), the form and the
/// documents that have it: varint length, UTF-8 bytes, varint count, then per document (in
/// order) varints: number minus the previous one, weighted count, first position. It goes in the
/// bucket of the form's first key (its first three characters), which the query fetches anyway.
pub(super) fn name_record(
    typed: &str,
    forms: &[String],
    all: &NameForms,
    postings: &FormPostings,
) -> (String, Vec<u8>) {
    let first: String = typed.chars().take(3).collect();
    let key = format!("\u{1}{typed}");
    let mut body = Vec::new();
    for form in looked_for(typed, forms, all) {
        write_form(&mut body, form, all, postings);
    }
    let mut record = Vec::with_capacity(key.len() + body.len() + 8);
    varint(&mut record, key.len() as u32);
    record.extend_from_slice(key.as_bytes());
    varint(&mut record, body.len() as u32);
    record.extend_from_slice(&body);
    (first, record)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::WEIGHT_UNIT;

    fn forms(list: &[&str]) -> NameForms {
        let mut index = BTreeMap::new();
        index.insert(
            "x".to_string(),
            list.iter().map(|s| s.to_string()).collect(),
        );
        NameForms::new(&index)
    }

    #[test]
    fn forms_are_found_as_ctrl_f_finds_them_with_weighted_counts() {
        let all = forms(&["李开复", "开复", "aa"]);
        // Title "李开复", four empty-ish fields, body "aaa 开复 李开复".
        let text = "李开复\n\n\n\naaa 开复 李开复";
        let folded: Vec<char> = text.chars().collect();
        let ends = [3, 4, 5, 6, folded.len()];
        let hits = all.find(&folded, &ends);
        let by = |f: &str| {
            hits.iter()
                .find(|h| h.form == all.number(f).unwrap())
                .copied()
        };
        // aa twice (overlapping) in the body, from position 7.
        assert_eq!(
            by("aa"),
            Some(NameHit {
                form: 0,
                tfw: 2 * WEIGHT_UNIT,
                at: 7
            })
        );
        // 开复 in the title (8) and twice in the body (1 each: a short body), in weight units;
        // where: its first in the body.
        let n = all.number("开复").unwrap();
        assert_eq!(
            by("开复"),
            Some(NameHit {
                form: n,
                tfw: (8 + 1 + 1) * WEIGHT_UNIT,
                at: 11
            })
        );
        let n = all.number("李开复").unwrap();
        assert_eq!(
            by("李开复"),
            Some(NameHit {
                form: n,
                tfw: (8 + 1) * WEIGHT_UNIT,
                at: 14
            })
        );
    }

    #[test]
    fn a_name_record_lists_each_form_with_its_documents() {
        let all = forms(&["李开复", "李凯复"]);
        let mut postings: FormPostings = vec![Vec::new(); 2];
        postings[all.number("李凯复").unwrap() as usize] = vec![(3, 9, 40), (7, 1, 100)];
        let (first, record) = name_record(
            "likaifu",
            &["李凯复".into(), "李开复".into()],
            &all,
            &postings,
        );
        assert_eq!(first, "lik");
        let mut expected = vec![8];
        expected.extend_from_slice("\u{1}likaifu".as_bytes());
        let mut body = vec![9];
        body.extend_from_slice("李凯复".as_bytes());
        body.extend_from_slice(&[2, 3, 9, 40, 4, 1, 100]);
        body.push(9);
        body.extend_from_slice("李开复".as_bytes());
        body.push(0);
        expected.push(body.len() as u8);
        expected.extend_from_slice(&body);
        assert_eq!(record, expected);
    }

    #[test]
    fn pinyin_of_a_name() {
        assert_eq!(pinyin_forms("李开复"), ["likaifu", "lkf"]);
        assert!(pinyin_forms("OpenAI").is_empty());
    }
}
