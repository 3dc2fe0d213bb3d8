//! What one document adds to the index, as a pure function of its text: each of its keys with
//! the weighted count, first position and (trigrams) positions, compactly encoded and split into
//! `PARTS` partitions by the key's hash, so that the merge can take one partition of every
//! document at a time.

use super::documents::SearchDoc;
use super::names::{NameForms, NameHit};
use super::normalize::fold;
use super::words::word_keys;
use super::{
    key_hash, read_varint, read_varint64, varint, varint64, BODY_REFERENCE_CHARS, END,
    FIELD_WEIGHTS, NONE, WEIGHT_UNIT,
};
use crate::digest::{Digest, Digester};

/// Partitions of the key space (by `key_hash`), merged one at a time: the merge holds the sorted
/// entries of one partition only, and a build frees each partition of the documents once merged.
pub(super) const PARTS: usize = 64;

/// One document's part of the index. `parts[j]` holds its keys whose hash is `j` mod `PARTS`,
/// in key order, each as varints: key minus the previous key of the part (the first: the key),
/// weighted count, first position, and for a trigram its positions as the index writes them
/// (count, then deltas). About 6 bytes a key plus the positions, against 40 for the same as
/// structs and a sort table.
pub(crate) struct DocIndex {
    pub(super) parts: Vec<Box<[u8]>>,
    /// The folded characters it has (no spaces), sorted.
    pub(super) chars: Vec<char>,
    /// The lengths of its five fields, in characters.
    pub(super) field_lens: [usize; 5],
    /// Where it has the forms of names (`NameForms`), by form number.
    pub(super) names: Vec<NameHit>,
    /// The Latin words it has as whole words (`words::word_keys`).
    pub(super) words: Vec<String>,
}

impl DocIndex {
    /// The bytes of its parts (see `index_bucket_count`).
    pub(super) fn parts_bytes(&self) -> usize {
        self.parts.iter().map(|p| p.len()).sum()
    }
}

/// One key of one document, as decoded from a part.
pub(super) struct Entry<'a> {
    pub(super) key: u64,
    /// Occurrences weighted by the field they are in.
    pub(super) tfw: u32,
    /// The first occurrence in the body, else the first occurrence: where the excerpt is.
    pub(super) at: u32,
    /// Its positions as written in the index (trigrams only; empty for the others).
    pub(super) positions: &'a [u8],
}

/// The entries of one part of a `DocIndex`, in key order.
pub(super) fn entries(part: &[u8]) -> impl Iterator<Item = Entry<'_>> {
    let mut i = 0;
    let mut key = 0u64;
    std::iter::from_fn(move || {
        if i >= part.len() {
            return None;
        }
        key += read_varint64(part, &mut i);
        let tfw = read_varint(part, &mut i);
        let at = read_varint(part, &mut i);
        let start = i;
        if key & NONE != NONE {
            let count = read_varint(part, &mut i);
            for _ in 0..count {
                read_varint(part, &mut i);
            }
        }
        Some(Entry {
            key,
            tfw,
            at,
            positions: &part[start..i],
        })
    })
}

/// The key of one to three characters.
pub(super) fn key_of(c: char, next: Option<char>, third: Option<char>) -> u64 {
    let code = |c: Option<char>| c.map_or(NONE, |c| c as u64);
    ((c as u64) << 42) | (code(next) << 21) | code(third)
}

/// What a document's `DocIndex` is made from (its fields, and the name forms it looks for),
/// for `serve`'s cache.
pub(super) fn index_digest(doc: &SearchDoc, names: &NameForms) -> Digest {
    let mut d = Digester::default();
    d.bytes(&names.digest);
    for f in &doc.fields {
        d.str(f);
    }
    d.finish()
}

/// Each thread's working memory for `index_doc`, kept from one document to the next: a new one
/// per document was fresh memory for every page of it (a tenth of a build's CPU time went to
/// the kernel clearing such pages on this project's virtual machines).
#[derive(Default)]
struct Scratch {
    /// At each position the longest key that starts there, as (key, position).
    occurrences: Vec<(u64, u32)>,
    /// The document's parts as they are written, copied out once complete: written straight
    /// into new vectors, their growth (reallocating and copying as they doubled, touching fresh
    /// memory) was a tenth of a rebuild's CPU at 1x.
    parts: Vec<Vec<u8>>,
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::default();
}

pub(super) fn index_doc(doc: &SearchDoc, names: &NameForms) -> DocIndex {
    SCRATCH.with(|scratch| match scratch.try_borrow_mut() {
        Ok(mut scratch) => index_doc_with(doc, names, &mut scratch),
        Err(_) => index_doc_with(doc, names, &mut Scratch::default()),
    })
}

fn index_doc_with(doc: &SearchDoc, names: &NameForms, scratch: &mut Scratch) -> DocIndex {
    let text: String = doc.fields.join(&END.to_string());
    let folded = fold(&text);
    let (field_lens, field_ends) = fields_of(doc);
    // Only the longest key at each position is sorted: a bigram's occurrences are those of the
    // trigrams it starts (and its own where no trigram starts), a character's those of its
    // bigrams, and `NONE` sorts after every character, so after one sort every character's and
    // bigram's occurrences lie together, right after its trigrams'. One sort of n occurrences
    // instead of 3n, each weighed once: the index stage's CPU at 50x was 5.9-6.8 s, 4.2-4.8 after.
    let occurrences = &mut scratch.occurrences;
    occurrences.clear();
    let mut chars = Vec::new();
    for (p, &c) in folded.iter().enumerate() {
        if c == END {
            continue;
        }
        let next = folded.get(p + 1).copied().filter(|&n| n != END);
        let third = folded.get(p + 2).copied().filter(|&n| n != END);
        // A query never has two spaces in a row nor an end of field, so those keys are never
        // looked for; keys that start with a space are (` 4` of `gpt 4`).
        if c != ' ' {
            chars.push(c);
        }
        let key = match next.filter(|&n| !(c == ' ' && n == ' ')) {
            Some(n) => key_of(c, Some(n), third.filter(|&t| !(n == ' ' && t == ' '))),
            None if c != ' ' => key_of(c, None, None),
            None => continue,
        };
        occurrences.push((key, p as u32));
    }
    chars.sort_unstable();
    chars.dedup();
    occurrences.sort_unstable();
    let weight = |group: &[(u64, u32)]| Weight::of(group.iter().map(|&(_, p)| p), &field_ends);
    let mut parts = Parts::new(&mut scratch.parts);
    let mut i = 0;
    while i < occurrences.len() {
        let first = occurrences[i].0 >> 42;
        let mut of_char = Weight::default();
        while i < occurrences.len() && occurrences[i].0 >> 42 == first {
            let pair = occurrences[i].0 >> 21;
            let mut of_pair = Weight::default();
            while i < occurrences.len() && occurrences[i].0 >> 21 == pair {
                let key = occurrences[i].0;
                let from = i;
                while i < occurrences.len() && occurrences[i].0 == key {
                    i += 1;
                }
                let group = &occurrences[from..i];
                let w = weight(group);
                if key & NONE != NONE {
                    parts.trigram(key, &w, group);
                }
                of_pair.add(&w);
            }
            if pair & NONE != NONE {
                parts.other((pair << 21) | NONE, &of_pair);
            }
            of_char.add(&of_pair);
        }
        if first != u64::from(' ') {
            parts.other((first << 42) | (NONE << 21) | NONE, &of_char);
        }
    }
    DocIndex {
        parts: parts.parts.iter().map(|p| Box::from(&p[..])).collect(),
        chars,
        field_lens,
        names: names.find(&folded, &field_ends),
        words: word_keys(&folded),
    }
}

/// A document's parts as `index_doc` writes them, entry by entry in key order, into vectors
/// kept from one document to the next.
struct Parts<'s> {
    parts: &'s mut Vec<Vec<u8>>,
    last: [u64; PARTS],
}

impl<'s> Parts<'s> {
    fn new(parts: &'s mut Vec<Vec<u8>>) -> Parts<'s> {
        parts.resize_with(PARTS, Vec::new);
        for p in parts.iter_mut() {
            p.clear();
        }
        Parts {
            parts,
            last: [0; PARTS],
        }
    }
}

impl Parts<'_> {
    /// Starts the entry of `key` in its part: key delta, weighted count, first position.
    fn entry(&mut self, key: u64, w: &Weight) -> &mut Vec<u8> {
        let j = key_hash(key) as usize % PARTS;
        let part = &mut self.parts[j];
        varint64(part, key - self.last[j]);
        self.last[j] = key;
        varint(part, w.tfw);
        varint(part, w.at());
        part
    }

    /// A character's or bigram's entry: no positions.
    fn other(&mut self, key: u64, w: &Weight) {
        self.entry(key, w);
    }

    /// A trigram's entry, with its positions (ascending): count, then deltas.
    fn trigram(&mut self, key: u64, w: &Weight, group: &[(u64, u32)]) {
        let part = self.entry(key, w);
        varint(part, group.len() as u32);
        let mut prev = 0;
        for &(_, p) in group {
            varint(part, p - prev);
            prev = p;
        }
    }
}

/// What a set of occurrences is worth (see `weigh`), kept so that sets can be added up: the
/// weighted count, the first occurrence in the body, the first of all.
#[derive(Default)]
struct Weight {
    tfw: u32,
    first_in_body: Option<u32>,
    first: Option<u32>,
}

impl Weight {
    fn of(positions: impl Iterator<Item = u32>, field_ends: &[usize; 5]) -> Weight {
        let body_start = (field_ends[3] + 1) as u32;
        let body_chars = field_ends[4].saturating_sub(field_ends[3] + 1);
        let field_of = |p: u32| {
            field_ends
                .iter()
                .position(|&e| (p as usize) < e)
                .unwrap_or(4)
        };
        let mut w = Weight::default();
        for p in positions {
            w.tfw += field_weight(field_of(p), body_chars);
            w.first = Some(w.first.map_or(p, |f| f.min(p)));
            if p >= body_start {
                w.first_in_body = Some(w.first_in_body.map_or(p, |f| f.min(p)));
            }
        }
        w
    }

    fn add(&mut self, other: &Weight) {
        let min = |a: Option<u32>, b: Option<u32>| match (a, b) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        self.tfw += other.tfw;
        self.first = min(self.first, other.first);
        self.first_in_body = min(self.first_in_body, other.first_in_body);
    }

    /// Where the excerpt goes: the first occurrence in the body, else the first.
    fn at(&self) -> u32 {
        self.first_in_body.or(self.first).unwrap_or(0)
    }
}

/// What occurrences at `positions` (in order, none empty) are worth: their count weighted by the
/// field each is in (`field_weight`), and where a result's excerpt goes: the first in the body,
/// else the first. The same for a key (`index_doc`) and a name form (`NameForms::find`), as the
/// client computes it for a form it checks by position.
pub(super) fn weigh(positions: impl Iterator<Item = u32>, field_ends: &[usize; 5]) -> (u32, u32) {
    let w = Weight::of(positions, field_ends);
    (w.tfw, w.at())
}

/// What one occurrence in field `f` is worth, in `WEIGHT_UNIT`s: its field's weight, and in a body
/// longer than `BODY_REFERENCE_CHARS` that weight scaled down by the body's length (at least 1).
/// Integer arithmetic, as the client's `fieldWeight`, so that both give the same counts.
pub(super) fn field_weight(f: usize, body_chars: usize) -> u32 {
    let w = FIELD_WEIGHTS[f] * WEIGHT_UNIT;
    if f < 4 {
        return w;
    }
    let long = (body_chars as u64).max(u64::from(BODY_REFERENCE_CHARS));
    (u64::from(w) * u64::from(BODY_REFERENCE_CHARS) / long).max(1) as u32
}

/// The lengths of a document's fields in characters, and where each ends in its text.
pub(super) fn fields_of(doc: &SearchDoc) -> ([usize; 5], [usize; 5]) {
    let mut field_lens = [0; 5];
    let mut field_ends = [0; 5];
    let mut at = 0;
    for (f, field) in doc.fields.iter().enumerate() {
        field_lens[f] = field.chars().count();
        at += field_lens[f];
        field_ends[f] = at;
        at += 1;
    }
    (field_lens, field_ends)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::documents::tests::titled_doc;

    fn doc(title: &str, body: &str) -> SearchDoc {
        titled_doc(title, body)
    }

    fn find(index: &DocIndex, key: u64) -> (u32, u32, Vec<u8>) {
        let part = &index.parts[key_hash(key) as usize % PARTS];
        let e = entries(part).find(|e| e.key == key).expect("key");
        (e.tfw, e.at, e.positions.to_vec())
    }

    #[test]
    fn a_long_body_weighs_each_occurrence_less() {
        let full = FIELD_WEIGHTS[4] * WEIGHT_UNIT;
        let reference = BODY_REFERENCE_CHARS as usize;
        assert_eq!(field_weight(0, 100_000), FIELD_WEIGHTS[0] * WEIGHT_UNIT);
        assert_eq!(field_weight(4, 10), full);
        assert_eq!(field_weight(4, reference), full);
        assert_eq!(field_weight(4, 2 * reference), full / 2);
        assert_eq!(field_weight(4, 4 * reference), full / 4);
        // Never nothing: an occurrence is still found and counted.
        assert_eq!(field_weight(4, 1000 * reference), 1);
    }

    #[test]
    fn a_document_has_each_key_once_with_weighted_counts() {
        let doc = doc("大模型", "大模型 大模");
        let index = index_doc(&doc, &NameForms::default());
        // 大模 twice in the body, once in the title (weight 8), in weight units; first in the
        // body: after the title and four field ends; no positions for a bigram.
        let (tfw, at, positions) = find(&index, key_of('大', Some('模'), None));
        assert_eq!((tfw, at), ((8 + 1 + 1) * WEIGHT_UNIT, 3 + 4));
        assert!(positions.is_empty());
        let (_, _, positions) = find(&index, key_of('大', Some('模'), Some('型')));
        assert_eq!(positions, [2, 0, 7]);
        for part in &index.parts {
            let keys: Vec<u64> = entries(part).map(|e| e.key).collect();
            assert!(keys.windows(2).all(|w| w[0] < w[1]), "sorted, once each");
            // No key across the end of a field.
            assert!(keys.iter().all(|k| (k >> 21) & NONE != '\n' as u64));
        }
        assert_eq!(index.chars, ['型', '大', '模']);
    }
}
