//! The merge: one `d/` record per key from the documents' entries (and the `p/` pages of a
//! frequent trigram's positions), one partition of the keys at a time; then the `d/` buckets.

use super::doc_index::entries;
use super::key_groups::KeyGroups;
use super::PAGE_BYTES;
use super::{
    key_hash, read_varint, varint, FIELD_WEIGHTS, INDEX_DIR, INLINE_POSITION_BYTES, NONE,
    WEIGHT_UNIT,
};

/// The records of one partition's keys, in key order: their bytes, and each one's key and byte
/// range.
#[derive(Default)]
pub(super) struct RecordRun {
    pub(super) bytes: Vec<u8>,
    pub(super) records: Vec<(u64, u32, u32)>,
}

impl RecordRun {
    pub(super) fn record(&self, i: usize) -> &[u8] {
        let (_, start, len) = self.records[i];
        &self.bytes[start as usize..(start + len) as usize]
    }
}

/// One document's entry for a key, for its record.
#[derive(Clone, Copy)]
pub(super) struct Posting<'a> {
    pub(super) doc: u32,
    pub(super) tfw: u32,
    pub(super) at: u32,
    pub(super) positions: &'a [u8],
}

/// Merges one partition: `parts[d]` is document `d`'s part (see `DocIndex`). Returns its records
/// and hands the `p/` pages of each key that has some to `pages` as they are made.
pub(super) fn merge_part(parts: &[&[u8]], pages: &mut dyn FnMut(u64, Vec<Vec<u8>>)) -> RecordRun {
    MERGE_SCRATCH.with(|scratch| match scratch.try_borrow_mut() {
        Ok(mut scratch) => merge_part_with(parts, pages, &mut scratch),
        Err(_) => merge_part_with(parts, pages, &mut KeyGroups::default()),
    })
}

/// An entry of a partition: (document, weighted count, first position, positions' range in the
/// document's part).
type PartEntry = (u32, u32, u32, u32, u32);

thread_local! {
    /// Each thread's grouping of a partition's entries, kept from one partition to the next.
    static MERGE_SCRATCH: std::cell::RefCell<KeyGroups<PartEntry>> = std::cell::RefCell::default();
}

fn merge_part_with(
    parts: &[&[u8]],
    pages: &mut dyn FnMut(u64, Vec<Vec<u8>>),
    by_key: &mut KeyGroups<PartEntry>,
) -> RecordRun {
    // Each key's entries in document order (the order they come in).
    by_key.clear();
    for (d, part) in parts.iter().enumerate() {
        let base = part.as_ptr() as usize;
        for e in entries(part) {
            let start = (e.positions.as_ptr() as usize - base) as u32;
            let end = start + e.positions.len() as u32;
            by_key.push(e.key, (d as u32, e.tfw, e.at, start, end));
        }
    }
    by_key.group();
    let mut run = RecordRun::default();
    let mut list = Vec::new();
    let mut body = Vec::new();
    for (key, group) in by_key.groups() {
        list.clear();
        list.extend(group.iter().map(|&(doc, tfw, at, s, e)| Posting {
            doc,
            tfw,
            at,
            positions: &parts[doc as usize][s as usize..e as usize],
        }));
        let start = run.bytes.len();
        let pg = key_record(key, &list, &mut run.bytes, &mut body);
        if !pg.is_empty() {
            pages(key, pg);
        }
        run.records
            .push((key, start as u32, (run.bytes.len() - start) as u32));
    }
    // Every partition's records are held until the bucket count is known: without the slack
    // of their growth.
    run.bytes.shrink_to_fit();
    run.records.shrink_to_fit();
    run
}

/// The first character a key writes in two bytes (`key_bytes`).
const TWO_BYTES_FROM: u32 = 0x2000;
/// How many characters from `TWO_BYTES_FROM` on take two bytes: U+2000 to U+9EFF.
const TWO_BYTES: u32 = 0x7f00;

/// The key as its record names it, in `out`; returns its length. A character takes one byte if
/// it is ASCII, two from U+2000 to U+9EFF (CJK ideographs, punctuation, kana: `0x80 + high`,
/// `low` of its distance from U+2000), else four (`0xff`, then its code point in three bytes).
/// A Chinese trigram is 6 bytes instead of UTF-8's 9: keys were a fifth of the `d/` buckets of
/// the shipped archive (1.85 of 8.13 MB, 2026-12-06). `search.js`'s `keyBytes` is the same.
fn key_bytes(key: u64, out: &mut [u8; 12]) -> usize {
    let mut len = 0;
    for shift in [42, 21, 0] {
        let code = ((key >> shift) & NONE) as u32;
        if code == NONE as u32 {
            continue;
        }
        if code < 0x80 {
            out[len] = code as u8;
            len += 1;
        } else if (TWO_BYTES_FROM..TWO_BYTES_FROM + TWO_BYTES).contains(&code) {
            let v = code - TWO_BYTES_FROM;
            out[len] = 0x80 + (v >> 8) as u8;
            out[len + 1] = (v & 0xff) as u8;
            len += 2;
        } else {
            out[len] = 0xff;
            out[len + 1..len + 4].copy_from_slice(&code.to_be_bytes()[1..]);
            len += 4;
        }
    }
    len
}

/// How many characters a key of `key_bytes` has.
fn key_chars(bytes: &[u8]) -> usize {
    let (mut i, mut n) = (0, 0);
    while i < bytes.len() {
        i += match bytes[i] {
            0..0x80 => 1,
            0xff => 4,
            _ => 2,
        };
        n += 1;
    }
    n
}

/// The key's text (UTF-8) in `text`; returns its length.
fn key_text(key: u64, text: &mut [u8; 12]) -> usize {
    let mut len = 0;
    for shift in [42, 21, 0] {
        let code = (key >> shift) & NONE;
        if let Some(c) = char::from_u32(code as u32).filter(|_| code != NONE) {
            len += c.encode_utf8(&mut text[len..]).len();
        }
    }
    len
}

/// Writes the `d/` record of one key to `out`; returns the pages of its positions if they are
/// too many to inline (see `page_path`). `body` is scratch space.
/// Record: key length, key (`key_bytes`), record length, then the body: doc count × 2 + 1 if
/// it has pages, [page count, page count × (first-document delta, page bytes)], then
/// - for a trigram with its positions inline: doc count × (doc delta, weighted count), then
///   doc count × its positions (`write_inline_positions`: the first position is one of them);
/// - for a trigram with pages: doc count × (doc delta, weighted count × 2 + 1 if an occurrence
///   is outside the body, first position);
/// - else: doc count × (doc delta, weighted count, first position).
pub(super) fn key_record(
    key: u64,
    list: &[Posting],
    out: &mut Vec<u8>,
    body: &mut Vec<u8>,
) -> Vec<Vec<u8>> {
    let mut text = [0u8; 12];
    let len = key_bytes(key, &mut text);
    let text = &text[..len];
    let position_bytes: usize = list.iter().map(|p| p.positions.len()).sum();
    let mut pages: Vec<Vec<u8>> = Vec::new();
    let mut page_starts: Vec<u32> = Vec::new();
    if position_bytes > INLINE_POSITION_BYTES {
        let mut prev_doc = 0;
        for p in list {
            if pages
                .last()
                .is_none_or(|pg| pg.len() + p.positions.len() > PAGE_BYTES)
            {
                pages.push(Vec::with_capacity(PAGE_BYTES + 16));
                page_starts.push(p.doc);
                prev_doc = 0;
            }
            let pg = pages.last_mut().expect("a page was just pushed");
            varint(pg, p.doc - prev_doc);
            prev_doc = p.doc;
            pg.extend_from_slice(p.positions);
        }
    }
    body.clear();
    // Pages are rare (10 records of 243,000 in the shipped archive): a flag, not a count.
    varint(body, list.len() as u32 * 2 + u32::from(!pages.is_empty()));
    if !pages.is_empty() {
        varint(body, pages.len() as u32);
    }
    let mut prev = 0;
    for (&s, page) in page_starts.iter().zip(&pages) {
        varint(body, s - prev);
        varint(body, page.len() as u32);
        prev = s;
    }
    // Only a trigram has positions (every document of its list at least one).
    let inline = pages.is_empty() && list.first().is_some_and(|p| !p.positions.is_empty());
    let mut prev = 0;
    for p in list {
        varint(body, p.doc - prev);
        prev = p.doc;
        if pages.is_empty() {
            varint(body, p.tfw);
        } else {
            // A check of a candidate whose key is in its body alone needs no field lengths
            // (search.js, bodyOnly); inline positions tell it without a flag.
            varint(body, p.tfw * 2 + u32::from(!all_in_body(p)));
        }
        if !inline {
            varint(body, p.at);
        }
    }
    if inline {
        for p in list {
            write_inline_positions(body, p);
        }
    }
    varint(out, text.len() as u32);
    out.extend_from_slice(text);
    varint(out, body.len() as u32);
    out.extend_from_slice(body);
    pages
}

/// Whether every occurrence of a trigram in a document is in its body, from its posting: its first
/// position (`at`: the first in the body, else the first) is the first of its positions, and its
/// weighted count is at most a body's weight per occurrence. An occurrence in the body weighs at
/// most the body's weight (`doc_index::field_weight`), one in any other field more than that: if
/// `at` is the first position, either all are in the body or none is, and the count tells which.
fn all_in_body(p: &Posting) -> bool {
    // What makes the rule hold: the body weighs less than any other field.
    const _: () = {
        let mut f = 0;
        while f < 4 {
            assert!(FIELD_WEIGHTS[f] > FIELD_WEIGHTS[4]);
            f += 1;
        }
    };
    let mut i = 0;
    let count = read_varint(p.positions, &mut i);
    let first = read_varint(p.positions, &mut i);
    first == p.at && p.tfw <= FIELD_WEIGHTS[4] * WEIGHT_UNIT * count
}

/// A document's positions in a record that has them inline: the count and whether the first
/// position (`at`: the first in the body, else the first) is not the first of them, in one
/// varint (count × 2 + 1 if not), which of them it is if not, then the deltas. The first
/// position was a varint of its own, 2-3 bytes for each document of each trigram: a sixth of
/// the `d/` buckets at 50 times the shipped archive (2026-12-06: 32 of 211 MB). It is the first
/// of the positions for 98 % of them.
fn write_inline_positions(body: &mut Vec<u8>, p: &Posting) {
    let mut i = 0;
    let count = read_varint(p.positions, &mut i);
    let deltas = &p.positions[i..];
    let (mut cursor, mut position, mut which) = (0, 0, None);
    for n in 0..count {
        position += read_varint(deltas, &mut cursor);
        if position == p.at {
            which = Some(n);
            break;
        }
    }
    // `at` is one of the positions: `index_doc` weighs each trigram's own positions
    // (`Weight::of`), and `at` is the first of them in the body, else the first.
    debug_assert!(
        which.is_some(),
        "first position {} not among the positions",
        p.at
    );
    let which = which.unwrap_or(0);
    varint(body, count * 2 + u32::from(which > 0));
    if which > 0 {
        varint(body, which);
    }
    body.extend_from_slice(deltas);
}

/// File `f` of a key's position pages (pages `per_file` × `f` on, one after the other;
/// `FileSizes::pages_per_file`).
fn page_path(key: u64, f: usize) -> String {
    let mut text = [0u8; 12];
    let len = key_text(key, &mut text);
    format!("{INDEX_DIR}p/{}.{f}.bin", crate::digest::hex(&text[..len]))
}

/// The `p/` files of a key's pages, `per_file` pages to a file: (path, bytes).
pub(super) fn page_files(
    key: u64,
    pages: &[Vec<u8>],
    per_file: usize,
) -> impl Iterator<Item = (String, Vec<u8>)> + '_ {
    pages
        .chunks(per_file)
        .enumerate()
        .map(move |(f, group)| (page_path(key, f), group.concat()))
}

/// The postings a record (and its pages) was made from: the inverse of `key_record`. Inline
/// positions are written back as the index writes them (count, deltas) into `scratch`, which
/// the postings borrow.
pub(super) fn decode_record<'a>(
    record: &'a [u8],
    pages: &'a [Vec<u8>],
    scratch: &'a mut Vec<u8>,
) -> Vec<Posting<'a>> {
    let mut i = 0;
    let key_len = read_varint(record, &mut i) as usize;
    let trigram = key_chars(&record[i..i + key_len.min(record.len() - i)]) == 3;
    i += key_len;
    read_varint(record, &mut i);
    let head = read_varint(record, &mut i);
    let docs = (head / 2) as usize;
    let page_count = if head & 1 == 1 {
        read_varint(record, &mut i)
    } else {
        0
    };
    for _ in 0..page_count {
        read_varint(record, &mut i);
        read_varint(record, &mut i);
    }
    let inline = trigram && page_count == 0;
    let mut list = Vec::with_capacity(docs);
    let mut doc = 0;
    for _ in 0..docs {
        doc += read_varint(record, &mut i);
        let tfw = if page_count > 0 {
            read_varint(record, &mut i) / 2
        } else {
            read_varint(record, &mut i)
        };
        let at = if inline {
            0
        } else {
            read_varint(record, &mut i)
        };
        list.push(Posting {
            doc,
            tfw,
            at,
            positions: &[],
        });
    }
    if !trigram {
        return list;
    }
    if inline {
        // Each document's positions into `scratch` (count, deltas), and its first position.
        scratch.clear();
        let mut ends = Vec::with_capacity(docs);
        for p in &mut list {
            let head = read_varint(record, &mut i);
            let which = if head & 1 == 1 {
                read_varint(record, &mut i)
            } else {
                0
            };
            varint(scratch, head / 2);
            let mut position = 0;
            for n in 0..head / 2 {
                let start = i;
                let delta = read_varint(record, &mut i);
                scratch.extend_from_slice(&record[start..i]);
                position += delta;
                if n == which {
                    p.at = position;
                }
            }
            ends.push(scratch.len());
        }
        let scratch: &'a [u8] = scratch;
        let mut start = 0;
        for (p, end) in list.iter_mut().zip(ends) {
            p.positions = &scratch[start..end];
            start = end;
        }
        return list;
    }
    // Positions in the pages, each document's with its delta.
    let mut sources: Vec<&[u8]> = pages.iter().map(|p| &p[..]).collect();
    sources.reverse();
    let mut at = 0;
    for p in &mut list {
        while sources.last().is_some_and(|s| at >= s.len()) {
            sources.pop();
            at = 0;
        }
        let Some(&src) = sources.last() else {
            break;
        };
        read_varint(src, &mut at);
        let start = at;
        let count = read_varint(src, &mut at);
        for _ in 0..count {
            read_varint(src, &mut at);
        }
        p.positions = &src[start..at];
    }
    list
}

/// Where each bucket's records are: for bucket `b`, `order[starts[b]..starts[b + 1]]` are
/// (run, record) in key order. A bucket holds its keys' records in key order, then its name
/// forms.
pub(super) struct Buckets {
    starts: Vec<usize>,
    order: Vec<(u32, u32)>,
}

impl Buckets {
    /// Sorts the records of `runs` (each in key order) into `count` buckets.
    pub(super) fn new(runs: &[RecordRun], count: u32) -> Buckets {
        let bucket = |key: u64| (key_hash(key) % count) as usize;
        let mut starts = vec![0usize; count as usize + 1];
        for run in runs {
            for &(key, _, _) in &run.records {
                starts[bucket(key) + 1] += 1;
            }
        }
        for b in 0..count as usize {
            starts[b + 1] += starts[b];
        }
        let mut fill = starts.clone();
        let mut order = vec![(0u32, 0u32); starts[count as usize]];
        for (r, run) in runs.iter().enumerate() {
            for (i, &(key, _, _)) in run.records.iter().enumerate() {
                let b = bucket(key);
                order[fill[b]] = (r as u32, i as u32);
                fill[b] += 1;
            }
        }
        // Runs are partitions of the keys, not ranges: order each bucket's records by key.
        let key = |&(r, i): &(u32, u32)| runs[r as usize].records[i as usize].0;
        for b in 0..count as usize {
            order[starts[b]..starts[b + 1]].sort_unstable_by_key(key);
        }
        Buckets { starts, order }
    }

    /// The bytes of bucket `b`: its keys' records, then `names` (its name forms' records).
    pub(super) fn bytes(&self, runs: &[RecordRun], b: usize, names: &[&[u8]]) -> Vec<u8> {
        let records = &self.order[self.starts[b]..self.starts[b + 1]];
        let mut out = Vec::with_capacity(
            records
                .iter()
                .map(|&(r, i)| runs[r as usize].records[i as usize].2 as usize)
                .sum::<usize>()
                + names.iter().map(|n| n.len()).sum::<usize>(),
        );
        for &(r, i) in records {
            out.extend_from_slice(runs[r as usize].record(i as usize));
        }
        for n in names {
            out.extend_from_slice(n);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::doc_index::{index_doc, key_of, PARTS};
    use crate::search::documents::tests::doc_with_body;
    use crate::search::documents::SearchDoc;
    use crate::search::file_sizes::FileSizes;

    fn doc(body: &str) -> SearchDoc {
        doc_with_body(body)
    }

    /// Every key's record, from all partitions, by key.
    fn merged(docs: &[SearchDoc]) -> (Vec<RecordRun>, Vec<String>) {
        let indexed: Vec<_> = docs
            .iter()
            .map(|d| index_doc(d, &crate::search::names::NameForms::default()))
            .collect();
        let mut pages = Vec::new();
        let runs = (0..PARTS)
            .map(|j| {
                let parts: Vec<&[u8]> = indexed.iter().map(|d| &*d.parts[j]).collect();
                merge_part(&parts, &mut |key, p| {
                    pages.extend(
                        page_files(key, &p, FileSizes::Small.pages_per_file())
                            .map(|(path, _)| path),
                    )
                })
            })
            .collect();
        (runs, pages)
    }

    #[test]
    fn a_record_lists_the_documents_with_the_key() {
        let (runs, pages) = merged(&[doc("ab"), doc("b"), doc("xab")]);
        assert!(pages.is_empty());
        let key = key_of('a', Some('b'), None);
        let run = &runs[key_hash(key) as usize % PARTS];
        let i = run.records.iter().position(|r| r.0 == key).expect("ab");
        // key "ab", then body: 2 documents and no pages (2 × 2 + 0), doc 0 (tfw 16: once in a
        // short body, in weight units; at 4), doc +2 (16, 5).
        let body = [4, 0, 16, 4, 2, 16, 5];
        let mut want = vec![2, b'a', b'b', body.len() as u8];
        want.extend(body);
        assert_eq!(run.record(i), want);
    }

    /// The text of a key written by `key_bytes`.
    fn decode_key(bytes: &[u8]) -> String {
        let (mut i, mut out) = (0, String::new());
        while i < bytes.len() {
            let (code, len) = match bytes[i] {
                b @ 0..0x80 => (u32::from(b), 1),
                0xff => (
                    u32::from_be_bytes([0, bytes[i + 1], bytes[i + 2], bytes[i + 3]]),
                    4,
                ),
                b => (
                    TWO_BYTES_FROM + (u32::from(b - 0x80) << 8) + u32::from(bytes[i + 1]),
                    2,
                ),
            };
            out.push(char::from_u32(code).expect("a character"));
            i += len;
        }
        out
    }

    #[test]
    fn keys_take_one_two_or_four_bytes_a_character() {
        for (key, want) in [
            (key_of('a', Some('b'), None), vec![b'a', b'b']),
            // U+5177 具: 0x5177 - 0x2000 = 0x3177.
            (key_of('具', None, None), vec![0x80 + 0x31, 0x77]),
            (
                key_of('\u{2000}', Some('\u{9eff}'), Some('\u{9f00}')),
                vec![0x80, 0, 0xfe, 0xff, 0xff, 0, 0x9f, 0],
            ),
            (
                key_of('é', Some('한'), Some('😀')),
                vec![
                    0xff, 0, 0, 0xe9, 0xff, 0, 0xd5, 0x5c, 0xff, 0x01, 0xf6, 0x00,
                ],
            ),
        ] {
            let mut out = [0u8; 12];
            let len = key_bytes(key, &mut out);
            assert_eq!(out[..len], want[..]);
            assert_eq!(
                key_chars(&out[..len]),
                decode_key(&out[..len]).chars().count()
            );
            let mut text = [0u8; 12];
            let t = key_text(key, &mut text);
            assert_eq!(
                decode_key(&out[..len]),
                std::str::from_utf8(&text[..t]).unwrap_or("")
            );
        }
    }

    #[test]
    fn buckets_hold_their_records_in_key_order_then_names() {
        let (runs, _) = merged(&[doc("甲乙丙丁 abc"), doc("乙丙 xyz")]);
        let count = 3;
        let buckets = Buckets::new(&runs, count);
        let name: &[u8] = b"name";
        let mut seen = 0;
        for b in 0..count as usize {
            let bytes = buckets.bytes(&runs, b, &[name]);
            assert!(bytes.ends_with(name));
            let mut keys = Vec::new();
            let mut i = 0;
            while i < bytes.len() - name.len() {
                let len = crate::search::read_varint(&bytes, &mut i) as usize;
                let key = decode_key(&bytes[i..i + len]);
                assert_eq!(crate::search::bucket_of(&key, count), b as u32, "{key}");
                let mut c = key.chars();
                let first = c.next().expect("a key has a character");
                keys.push(key_of(first, c.next(), c.next()));
                i += len;
                let body = crate::search::read_varint(&bytes, &mut i) as usize;
                i += body;
            }
            assert!(keys.windows(2).all(|w| w[0] < w[1]), "key order in {b}");
            seen += keys.len();
        }
        let total: usize = runs.iter().map(|r| r.records.len()).sum();
        assert_eq!(seen, total, "every record in one bucket");
    }

    /// A trigram with pages says, per document, whether an occurrence is outside the body: a
    /// check of a candidate whose occurrences are all in its body needs no field lengths.
    #[test]
    fn a_paged_record_flags_documents_with_an_occurrence_outside_the_body() {
        use crate::search::documents::tests::titled_doc;
        let many = "具身智 ".repeat(1200);
        let long = format!("{}具身智{}", "文".repeat(5000), "字".repeat(5000));
        let docs = [
            titled_doc("标题", &many),    // in the body only
            titled_doc("具身智", &many),  // in the title and the body
            titled_doc("具身智", "无关"), // in the title only
            titled_doc("标题", &long),    // once in a long body (weighing 3 units)
        ];
        let key = key_of('具', Some('身'), Some('智'));
        let (runs, pages) = merged(&docs);
        assert!(!pages.is_empty(), "the key's positions are in pages");
        let record = runs
            .iter()
            .find_map(|r| {
                let i = r.records.iter().position(|&(k, _, _)| k == key)?;
                Some(r.record(i).to_vec())
            })
            .expect("a record for 具身智");
        // The body after the key and its length: head, page table, then per document.
        let mut i = 0;
        let key_len = read_varint(&record, &mut i) as usize;
        i += key_len;
        read_varint(&record, &mut i);
        let head = read_varint(&record, &mut i);
        assert_eq!(head, 4 * 2 + 1);
        for _ in 0..read_varint(&record, &mut i) {
            read_varint(&record, &mut i);
            read_varint(&record, &mut i);
        }
        let mut outside = Vec::new();
        for _ in 0..4 {
            read_varint(&record, &mut i);
            outside.push(read_varint(&record, &mut i) & 1 == 1);
            read_varint(&record, &mut i);
        }
        assert_eq!(outside, [false, true, true, false]);
        // The flag is not in the weighted counts the record decodes to.
        let mut scratch = Vec::new();
        let no_pages: Vec<Vec<u8>> = Vec::new();
        let back = decode_record(&record, &no_pages, &mut scratch);
        let tfw: Vec<u32> = back.iter().map(|p| p.tfw).collect();
        let title = FIELD_WEIGHTS[0] * WEIGHT_UNIT;
        assert_eq!(tfw[2], title);
        assert_eq!(tfw[1], title + tfw[0]);
        // 10,003 characters of body: each occurrence weighs 16 × 2,000 / 10,003 units.
        assert_eq!(tfw[3], WEIGHT_UNIT * 2000 / 10_003);
    }
}

#[cfg(test)]
mod round_trip {
    use super::*;
    use crate::search::doc_index::key_of;
    use crate::search::file_sizes::FileSizes;

    /// Positions as the index writes them: count, then deltas.
    fn positions(n: u32) -> Vec<u8> {
        let mut p = Vec::new();
        varint(&mut p, n);
        for i in 0..n {
            varint(&mut p, 1 + i % 200);
        }
        p
    }

    #[test]
    fn a_record_decodes_to_the_postings_it_was_made_of() {
        let trigram = key_of('具', Some('身'), Some('智'));
        let bigram = key_of('具', Some('身'), None);
        for (key, docs, per_doc) in [
            (trigram, 3, 5),   // inline positions
            (trigram, 40, 60), // in pages
            (bigram, 1000, 0), // no positions
        ] {
            let pos: Vec<Vec<u8>> = (0..docs).map(|d| positions(per_doc + d % 3)).collect();
            // A trigram's first position is one of its positions: the first, or a later one
            // (the first in the body); a bigram's is any.
            let nth = |d: u32| -> u32 {
                let n = (per_doc + d % 3).min(d % 4);
                (0..=n).map(|i| 1 + i % 200).sum()
            };
            let list: Vec<Posting> = (0..docs)
                .map(|d| Posting {
                    doc: d * 7 + 1,
                    tfw: d % 5 + 1,
                    at: if per_doc == 0 { d * 300 } else { nth(d) },
                    positions: if per_doc == 0 { &[] } else { &pos[d as usize] },
                })
                .collect();
            let (mut out, mut body) = (Vec::new(), Vec::new());
            let pages = key_record(key, &list, &mut out, &mut body);
            assert_eq!(pages.is_empty(), per_doc < 60, "{docs} documents");
            let mut scratch = Vec::new();
            let back = decode_record(&out, &pages, &mut scratch);
            assert_eq!(back.len(), list.len());
            for (a, b) in list.iter().zip(&back) {
                assert_eq!(
                    (a.doc, a.tfw, a.at, a.positions),
                    (b.doc, b.tfw, b.at, b.positions)
                );
            }
        }
    }

    /// As search.js's `page` finds a page: file ⌊i / pageFile⌋, from the sum of the bytes the
    /// record gives the file's earlier pages; for each layout's pages per file.
    #[test]
    fn each_page_is_where_the_record_says_in_its_file() {
        for per_file in [
            FileSizes::Small.pages_per_file(),
            7,
            FileSizes::Capped.pages_per_file(),
        ] {
            pages_are_where_the_record_says(per_file);
        }
    }

    fn pages_are_where_the_record_says(per_file: usize) {
        let key = key_of('具', Some('身'), Some('智'));
        let pos: Vec<Vec<u8>> = (0..300).map(|d| positions(50 + d % 7)).collect();
        let list: Vec<Posting> = (0..300)
            .map(|d| Posting {
                doc: d * 3,
                tfw: 1,
                at: 0,
                positions: &pos[d as usize],
            })
            .collect();
        let (mut out, mut body) = (Vec::new(), Vec::new());
        let pages = key_record(key, &list, &mut out, &mut body);
        assert!(pages.len() > 8, "{} pages", pages.len());
        let files: Vec<(String, Vec<u8>)> = page_files(key, &pages, per_file).collect();
        assert_eq!(files.len(), pages.len().div_ceil(per_file));
        // The record's body: doc count × 2 + 1 (it has pages), page count, then (first-doc
        // delta, bytes) per page.
        let mut i = 0;
        let key_len = read_varint(&out, &mut i) as usize;
        i += key_len;
        read_varint(&out, &mut i);
        assert_eq!(read_varint(&out, &mut i), 300 * 2 + 1);
        let page_count = read_varint(&out, &mut i) as usize;
        assert_eq!(page_count, pages.len());
        let mut start = 0;
        for (n, page) in pages.iter().enumerate() {
            read_varint(&out, &mut i);
            let bytes = read_varint(&out, &mut i) as usize;
            if n % per_file == 0 {
                start = 0;
            }
            let (path, file) = &files[n / per_file];
            assert!(path.ends_with(&format!(".{}.bin", n / per_file)), "{path}");
            assert_eq!(&file[start..start + bytes], &page[..], "page {n}");
            start += bytes;
        }
    }
}
