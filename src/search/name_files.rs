//! Names whose records are large get a file of their own, `n/<k>.bin`, instead of a record per
//! form in the `d/` buckets. Every form's record lists the documents of all the name's forms, so
//! a name of twelve forms was twelve copies of the same lists, each in a bucket of its own:
//! at 50 times the shipped archive 第一财经's were 20 KB each, and every query whose keys fell in
//! one of those twelve buckets fetched one (a query for 第一财经 fetched two: 61 KiB of `d/`).
//! In a file the lists are stored once, and a query for one of the forms fetches the file
//! whole (no range, on every kind of host); `meta.json` says which forms have a file
//! (`nameFiles`, `NameFile::meta`), so the client asks for it at once, as it would for the
//! bucket, and not for the records of a form whose documents the file gives.

use super::names::{looked_for, name_record, write_form, FormPostings, NameForms};
use super::varint;
use std::collections::{BTreeMap, HashMap};

/// A name's records go to a file of their own when the file saves the buckets at least this
/// much. Each form typed costs `meta.json` its key (about 7 bytes gzipped), every reader before
/// the first query; the bytes saved are what queries that land in those buckets no longer
/// fetch. In the shipped archive that is 第一财经 only (twelve records of 1.8 KB, a file of
/// 2 KB); at 50 times its size, 115 forms of 13 names and terms (`meta.json` 0.9 KiB more
/// gzipped).
pub(super) const NAME_FILE_SAVES_BYTES: usize = 16 * 1024;

/// A file of name forms: the forms typed that it answers (`meta.json`'s `nameFiles`) and its
/// bytes:
///
/// ```text
/// form_count, form_count × (a form and its documents, as a name record lists them),
/// key_count,  key_count × (key_len, key (UTF-8), list_len, list_len × form number)
/// ```
///
/// A key's list is what its record's body would list, in that order, by number in the file's
/// forms.
pub(super) struct NameFile {
    pub(super) keys: Vec<String>,
    pub(super) bytes: Vec<u8>,
}

impl NameFile {
    /// What `meta.json` says of the file: its forms typed that are searched for as text (their
    /// own documents are in the file, so the client asks for no record of theirs), then the
    /// others (pinyin, initials: looked for as text after the file), each joined by spaces (a
    /// folded key has none).
    pub(super) fn meta(&self, all: &NameForms) -> [String; 2] {
        let (searched, typed_only): (Vec<&str>, Vec<&str>) = self
            .keys
            .iter()
            .map(String::as_str)
            .partition(|key| all.number(key).is_some());
        [searched.join(" "), typed_only.join(" ")]
    }
}

/// The name forms' records for the buckets (bucket key and record, in key order), and the files
/// of the names too large for them. Forms typed that look for a form in common are one name
/// here (two names that share a misspelling), so that a form's documents are in one file.
pub(super) fn split_names(
    index: &BTreeMap<String, Vec<String>>,
    all: &NameForms,
    postings: &FormPostings,
) -> (Vec<(String, Vec<u8>)>, Vec<NameFile>) {
    let typed: Vec<(&String, &Vec<String>)> = index.iter().collect();
    let records: Vec<(String, Vec<u8>)> = typed
        .iter()
        .map(|(t, forms)| name_record(t, forms, all, postings))
        .collect();
    // Union–find by form; a group's root is its first key.
    let mut parent: Vec<usize> = (0..typed.len()).collect();
    let mut owner: HashMap<&str, usize> = HashMap::new();
    for (i, (t, forms)) in typed.iter().enumerate() {
        for form in looked_for(t, forms, all) {
            match owner.get(form) {
                Some(&j) => {
                    let (a, b) = (root(&mut parent, i), root(&mut parent, j));
                    parent[a.max(b)] = a.min(b);
                }
                None => {
                    owner.insert(form, i);
                }
            }
        }
    }
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..typed.len() {
        let r = root(&mut parent, i);
        groups.entry(r).or_default().push(i);
    }
    let mut in_file = vec![false; typed.len()];
    let mut files = Vec::new();
    for members in groups.values() {
        let in_buckets: usize = members.iter().map(|&i| records[i].1.len()).sum();
        // Most names: their records are smaller than any saving (no need to make the file).
        if in_buckets <= NAME_FILE_SAVES_BYTES {
            continue;
        }
        let file = name_file(
            &members.iter().map(|&i| typed[i]).collect::<Vec<_>>(),
            all,
            postings,
        );
        if in_buckets >= file.bytes.len() + NAME_FILE_SAVES_BYTES {
            for &i in members {
                in_file[i] = true;
            }
            files.push(file);
        }
    }
    let inline = records
        .into_iter()
        .zip(in_file)
        .filter(|(_, in_file)| !in_file)
        .map(|(record, _)| record)
        .collect();
    (inline, files)
}

fn root(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

/// The file of these forms typed (one name's).
fn name_file(
    members: &[(&String, &Vec<String>)],
    all: &NameForms,
    postings: &FormPostings,
) -> NameFile {
    let mut forms: Vec<&str> = Vec::new();
    let lists: Vec<Vec<usize>> = members
        .iter()
        .map(|(t, f)| {
            looked_for(t, f, all)
                .map(|form| match forms.iter().position(|&x| x == form) {
                    Some(n) => n,
                    None => {
                        forms.push(form);
                        forms.len() - 1
                    }
                })
                .collect()
        })
        .collect();
    let mut bytes = Vec::new();
    varint(&mut bytes, forms.len() as u32);
    for form in &forms {
        write_form(&mut bytes, form, all, postings);
    }
    varint(&mut bytes, members.len() as u32);
    for ((key, _), list) in members.iter().zip(&lists) {
        varint(&mut bytes, key.len() as u32);
        bytes.extend_from_slice(key.as_bytes());
        varint(&mut bytes, list.len() as u32);
        for &n in list {
            varint(&mut bytes, n as u32);
        }
    }
    NameFile {
        keys: members.iter().map(|(key, _)| key.to_string()).collect(),
        bytes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::WEIGHT_UNIT;

    /// Reads a varint at `*at`.
    fn read(bytes: &[u8], at: &mut usize) -> usize {
        let (mut x, mut shift) = (0, 0);
        loop {
            let c = bytes[*at];
            *at += 1;
            x |= ((c & 0x7f) as usize) << shift;
            shift += 7;
            if c < 0x80 {
                return x;
            }
        }
    }

    fn text(bytes: &[u8], at: &mut usize) -> String {
        let len = read(bytes, at);
        *at += len;
        String::from_utf8_lossy(&bytes[*at - len..*at]).into_owned()
    }

    #[test]
    fn a_large_name_is_one_file_and_a_small_one_stays_in_the_buckets() {
        // 李开复 (typed as itself, a misspelling or pinyin) is in many documents; 周志华 in one.
        let mut index = BTreeMap::new();
        index.insert(
            "likaifu".to_string(),
            vec!["李开复".into(), "李凯复".into()],
        );
        index.insert("李凯复".to_string(), vec!["李开复".into()]);
        index.insert("李开复".to_string(), vec!["李凯复".into()]);
        index.insert("周志华".to_string(), vec!["周志化".into()]);
        index.insert("周志化".to_string(), vec!["周志华".into()]);
        let all = NameForms::new(&index);
        let mut postings: FormPostings = vec![Vec::new(); all.len()];
        let number = |form: &str| all.number(form).expect("a form") as usize;
        postings[number("李开复")] = (0..4000).map(|d| (d, 8 * WEIGHT_UNIT, 3)).collect();
        postings[number("李凯复")] = vec![(7, WEIGHT_UNIT, 90)];
        postings[number("周志华")] = vec![(2, WEIGHT_UNIT, 5)];

        let (inline, files) = split_names(&index, &all, &postings);
        // 周志华's record stays in its bucket; 李开复's three forms typed are one file.
        let keys: Vec<&str> = inline.iter().map(|(first, _)| first.as_str()).collect();
        assert_eq!(keys, ["周志化", "周志华"]);
        assert_eq!(files.len(), 1);
        assert_eq!(files[0].keys, ["likaifu", "李凯复", "李开复"]);
        assert_eq!(files[0].meta(&all), ["李凯复 李开复", "likaifu"]);

        // Each form's documents once, then what each form typed looks for, as its record would.
        let bytes = &files[0].bytes;
        let mut at = 0;
        let mut forms = Vec::new();
        for _ in 0..read(bytes, &mut at) {
            let form = text(bytes, &mut at);
            let docs = read(bytes, &mut at);
            for _ in 0..docs * 3 {
                read(bytes, &mut at);
            }
            forms.push((form, docs));
        }
        assert_eq!(
            forms,
            [("李开复".to_string(), 4000), ("李凯复".to_string(), 1)]
        );
        let mut lists = Vec::new();
        for _ in 0..read(bytes, &mut at) {
            let key = text(bytes, &mut at);
            let list: Vec<usize> = (0..read(bytes, &mut at))
                .map(|_| read(bytes, &mut at))
                .collect();
            lists.push((key, list));
        }
        assert_eq!(at, bytes.len());
        assert_eq!(
            lists,
            [
                ("likaifu".to_string(), vec![0, 1]),
                ("李凯复".to_string(), vec![1, 0]),
                ("李开复".to_string(), vec![0, 1]),
            ]
        );
        // The file is smaller than the records it replaces.
        let records: usize = index
            .iter()
            .filter(|(t, _)| !t.starts_with('周'))
            .map(|(t, f)| name_record(t, f, &all, &postings).1.len())
            .sum();
        assert!(records >= bytes.len() + NAME_FILE_SAVES_BYTES);
    }
}
