//! The forms a name is found by: its aliases and misspellings, English name, pinyin and
//! initials, recorded in the index's buckets under a form so that a query for any form finds
//! the name's pages (and says which form matched).

use super::{normalize, varint};
use crate::graph::Archive;
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
/// `likaifu → [李开复, 李开夫]`. For each speaker and org, every form (the correct name, aliases,
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
    for (name, aliases, en) in names {
        let mut forms: Vec<String> = vec![name.clone()];
        forms.extend(aliases.iter().cloned());
        forms.extend(en.clone());
        // Initials of two letters match too much; keep them for names of three characters or more.
        for (i, f) in pinyin_forms(name).into_iter().enumerate() {
            if i == 0 || f.len() >= 3 {
                forms.push(f);
            }
        }
        let folded: Vec<String> = forms.iter().map(|f| normalize::fold_query(f)).collect();
        // The name first unless it is Latin letters only, then the other forms, the name last.
        let searched: Vec<&String> = folded
            .iter()
            .filter(|f| !f.is_empty() && !f.chars().all(|c| c.is_ascii_lowercase()))
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

/// The `d/` record of a name form typed: key `\u{1}` + the form, body its other forms joined by
/// `\n`. It goes in the bucket of the form's first key (its first three characters), which the
/// query fetches anyway.
pub(super) fn name_record(typed: &str, forms: &[String]) -> (String, Vec<u8>) {
    let first: String = typed.chars().take(3).collect();
    let key = format!("\u{1}{typed}");
    let body = forms.join("\n");
    let mut record = Vec::with_capacity(key.len() + body.len() + 4);
    varint(&mut record, key.len() as u32);
    record.extend_from_slice(key.as_bytes());
    varint(&mut record, body.len() as u32);
    record.extend_from_slice(body.as_bytes());
    (first, record)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pinyin_of_a_name() {
        assert_eq!(pinyin_forms("李开复"), ["likaifu", "lkf"]);
        assert!(pinyin_forms("OpenAI").is_empty());
    }
}
