//! Stage 3b: the client-side search index, precomputed at build time.
//!
//! Recall must equal Ctrl+F, so the index is of characters, not of words: every occurrence of
//! every character is recorded as the trigram it starts (the character and the two after it),
//! with its position. A query is found by intersecting the positions of its trigrams, so any
//! substring matches: words that cross jieba's word boundaries, names no dictionary knows, `law`
//! inside `Laws`. Characters and bigrams are recorded too, without positions, so that queries of
//! one to three characters need no positions at all.
//!
//! The index is split so that a query fetches only its part (see docs/search-index.md):
//! - `meta.json`: sizes, each document's field lengths (for BM25), and the traditional →
//!   simplified pairs of the archive's characters. Fetched at the first query.
//! - `d/<n>.bin`: per key (a character, bigram or trigram), the documents that have it with their
//!   weighted count and first position; a rare trigram's positions too. One bucket per key. Also
//!   the forms of names (aliases, pinyin), in the bucket of the form's first key.
//! - `p/<key>.<i>.bin`: the positions of a frequent trigram, in pages by document range, fetched
//!   only for the documents a query must check.
//! - `t/<doc>-<k>.json`: a document's URL, title and a chunk of its text, for the results shown.
//! - `facets.json`: each document's kind, event and trends, for the search page's facets.

mod documents;
mod names;
pub mod normalize;

use crate::connect::Connections;
use crate::graph::Archive;
use crate::render::markdown::Block;
use crate::render::urls::Urls;
use documents::{collect_docs, SearchDoc};
use names::{name_index, name_record};
use normalize::fold;
use rayon::prelude::*;
use serde_json::{json, Value};
use std::collections::HashSet;

/// Where the index lives in the site.
pub const INDEX_DIR: &str = "_search/";
/// Characters per text chunk. Each file of the index costs the build a file creation (and the
/// next build a removal), 0.1-0.2 ms of system time each on this project's machines: 200 made
/// 3,032 chunk files of the shipped archive, 600 makes 1,148 for a few KiB more per query (the
/// excerpts of the results shown).
pub const CHUNK_CHARS: usize = 600;
/// The mark that ends a field in the text (never part of a query).
const END: char = '\n';
/// Target size of a `d/` bucket in a large archive: a query fetches a few, and the build writes
/// total / this many files (1,536 gave 4,820 files of the shipped archive, 3,072 gives 2,410; see
/// `CHUNK_CHARS` for their cost). 4,096 put the median query at 50x just over the 40 KiB budget.
const DICT_BUCKET_BYTES: usize = 3072;
/// A small archive's buckets may be this many times larger (see `bucket_count`).
const SMALL_ARCHIVE_BUCKET_FACTOR: f64 = 2.5;
/// Up to this many documents an archive counts as small; from there the factor falls to 1 at
/// `LARGE_ARCHIVE_DOCS`.
const SMALL_ARCHIVE_DOCS: usize = 600;
const LARGE_ARCHIVE_DOCS: usize = 1500;
/// A trigram whose positions take at most this many bytes keeps them in its `d/` record.
const INLINE_POSITION_BYTES: usize = 512;
/// Target size of a `p/` page of positions.
const PAGE_BYTES: usize = 2048;
/// Characters a chunk repeats of the next one, so that an excerpt (the match and 60 characters
/// after it) is in one file.
const CHUNK_OVERLAP: usize = 80;
/// A key is up to three characters of 21 bits in a u64; this marks "no character".
const NONE: u64 = 0x1f_ffff;

/// Field weights for ranking: title, people, topics, summary, body.
pub const FIELD_WEIGHTS: [u32; 5] = [8, 5, 3, 2, 1];

/// One key (character, bigram or trigram) in one document.
struct Entry {
    key: u64,
    /// Occurrences weighted by the field they are in.
    tfw: u32,
    /// The first occurrence in the body, else the first occurrence: where the excerpt is.
    at: u32,
    /// Its positions as written in the index (trigrams only; empty for the others): count,
    /// then deltas, as varints; `DocIndex::positions[start..end]`.
    positions: (u32, u32),
}

/// What one document adds to the index: a pure function of the document (and its number).
struct DocIndex {
    /// Its keys, sorted.
    entries: Vec<Entry>,
    /// The encoded positions of its trigrams.
    positions: Vec<u8>,
    chars: HashSet<char>,
    /// The text chunk files.
    chunks: Vec<(String, Vec<u8>)>,
    /// The lengths of its five fields, in characters.
    field_lens: [usize; 5],
}

/// Builds every file of the index, as (path, bytes).
pub fn build_index(
    a: &Archive,
    c: &Connections,
    u: &Urls,
    talk_blocks: &[(usize, Vec<Block>)],
) -> Vec<(String, Vec<u8>)> {
    let docs = collect_docs(a, c, u, talk_blocks);
    let mut files = Vec::new();

    // Each document on its own (in parallel), then merged in document order.
    let mut indexed: Vec<DocIndex> = docs
        .par_iter()
        .enumerate()
        .map(|(d, doc)| index_doc(d, doc))
        .collect();
    let mut corpus_chars: HashSet<char> = HashSet::new();
    let mut field_lens = Vec::with_capacity(docs.len() * 5);
    let mut refs: Vec<(u64, u32, u32)> = Vec::new();
    for (d, doc) in indexed.iter_mut().enumerate() {
        corpus_chars.extend(doc.chars.iter().copied());
        files.append(&mut doc.chunks);
        field_lens.extend(doc.field_lens);
        refs.extend(
            doc.entries
                .iter()
                .enumerate()
                .map(|(i, e)| (e.key, d as u32, i as u32)),
        );
    }
    refs.par_sort_unstable();

    // One record per key (and the pages of a frequent trigram's positions), in key order.
    let groups: Vec<&[(u64, u32, u32)]> = refs.chunk_by(|x, y| x.0 == y.0).collect();
    // In runs of keys (in parallel), each run's records in one buffer.
    let runs: Vec<RecordRun> = groups
        .par_chunks(2048)
        .map(|run_groups| {
            let mut run = RecordRun::default();
            let mut list = Vec::new();
            let mut scratch = Vec::new();
            for group in run_groups {
                list.clear();
                list.extend(group.iter().map(|&(_, d, i)| {
                    let doc = &indexed[d as usize];
                    let e = &doc.entries[i as usize];
                    (
                        d,
                        e,
                        &doc.positions[e.positions.0 as usize..e.positions.1 as usize],
                    )
                }));
                let start = run.bytes.len();
                let hash = key_record(group[0].0, &list, &mut run, &mut scratch);
                run.records.push((hash, start..run.bytes.len()));
            }
            run
        })
        .collect();
    // The per-document entries are all in the runs now: free them before the buckets copy them.
    drop(groups);
    drop(refs);
    drop(indexed);
    let names: Vec<(String, Vec<u8>)> = name_index(a)
        .iter()
        .map(|(typed, forms)| name_record(typed, forms))
        .collect();
    let total: usize = runs.iter().map(|r| r.bytes.len()).sum::<usize>()
        + names.iter().map(|(_, r)| r.len()).sum::<usize>();
    let dict_buckets = bucket_count(total, docs.len());
    let mut buckets: Vec<Vec<u8>> = vec![Vec::new(); dict_buckets as usize];
    for run in runs {
        for (hash, range) in &run.records {
            buckets[(hash % dict_buckets) as usize].extend_from_slice(&run.bytes[range.clone()]);
        }
        files.extend(run.pages);
    }
    for (first, record) in names {
        buckets[bucket_of(&first, dict_buckets) as usize].extend_from_slice(&record);
    }
    for (n, bytes) in buckets.into_iter().enumerate() {
        files.push((format!("{INDEX_DIR}d/{n}.bin"), bytes));
    }

    // Traditional forms of characters the archive has.
    let mut t2s: Vec<(char, char)> = normalize::t2s_table()
        .iter()
        .filter(|(_, s)| corpus_chars.contains(s))
        .map(|(t, s)| (*t, *s))
        .collect();
    t2s.sort();
    let t2s: String = t2s.iter().flat_map(|(t, s)| [*t, *s]).collect();

    let facets: Vec<Value> = docs
        .iter()
        .map(|d| json!([d.kind, d.event.map_or(-1, |e| e as i64), d.trends]))
        .collect();
    let facets = json!({
        "docs": facets,
        "events": a.events.iter().map(|e| e.meta.short_name.clone().unwrap_or_else(|| e.meta.name.clone())).collect::<Vec<_>>(),
        "trends": a.trends.iter().map(|t| format!("{}. {}", t.meta.number, t.meta.name)).collect::<Vec<_>>(),
    });
    files.push((
        format!("{INDEX_DIR}facets.json"),
        facets.to_string().into_bytes(),
    ));

    let meta = json!({
        "version": 2,
        "docs": docs.len(),
        "chunk": CHUNK_CHARS,
        "overlap": CHUNK_OVERLAP,
        "weights": FIELD_WEIGHTS,
        "buckets": dict_buckets,
        "t2s": t2s,
        "fields": field_lens,
    });
    files.push((
        format!("{INDEX_DIR}meta.json"),
        meta.to_string().into_bytes(),
    ));
    files
}

/// How many `d/` buckets hold `total` bytes of records of `docs` documents. A query pays for
/// whole buckets, and the build for every file. In a large archive the records a query wants are
/// large (a common key lists thousands of documents), so buckets stay small (3 KiB) to keep the
/// median query within its 40 KiB. In a small one they are short, and buckets of 7.5 KiB cost
/// the median query of the shipped archive 30 KiB instead of 19 (`bench/search/RESULTS.md`) for
/// 1,400 fewer files to write (of 4,255).
fn bucket_count(total: usize, docs: usize) -> u32 {
    let span = (LARGE_ARCHIVE_DOCS - SMALL_ARCHIVE_DOCS) as f64;
    let small = (LARGE_ARCHIVE_DOCS.saturating_sub(docs.max(SMALL_ARCHIVE_DOCS)) as f64) / span;
    let factor = 1.0 + (SMALL_ARCHIVE_BUCKET_FACTOR - 1.0) * small;
    let bytes = (DICT_BUCKET_BYTES as f64 * factor) as usize;
    (total / bytes).max(16) as u32
}

/// The key of one to three characters.
fn key_of(c: char, next: Option<char>, third: Option<char>) -> u64 {
    let code = |c: Option<char>| c.map_or(NONE, |c| c as u64);
    ((c as u64) << 42) | (code(next) << 21) | code(third)
}

fn hex_key(key: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(key.len() * 2);
    for &b in key {
        s.push(HEX[(b >> 4) as usize] as char);
        s.push(HEX[(b & 15) as usize] as char);
    }
    s
}

/// The records of a run of keys: their bytes, and for each its key's hash (FNV-1a, see
/// `bucket_of`) and byte range; the pages of their positions.
#[derive(Default)]
struct RecordRun {
    bytes: Vec<u8>,
    records: Vec<(u32, std::ops::Range<usize>)>,
    pages: Vec<(String, Vec<u8>)>,
}

/// Writes the `d/` record of one key to `run` (and the pages of its positions if they are too
/// many to inline); returns the key's hash. `body` is scratch space.
/// Record: key length, key (UTF-8), record length, then the body: doc count, page count,
/// page count × first-document delta, doc count × (doc delta, weighted count, first position),
/// then for an inlined trigram doc count × (position count, position deltas).
fn key_record(
    key: u64,
    list: &[(u32, &Entry, &[u8])],
    run: &mut RecordRun,
    body: &mut Vec<u8>,
) -> u32 {
    let mut text = [0u8; 12];
    let mut len = 0;
    let mut hash = FNV_OFFSET;
    for shift in [42, 21, 0] {
        let code = (key >> shift) & NONE;
        if let Some(c) = char::from_u32(code as u32).filter(|_| code != NONE) {
            len += c.encode_utf8(&mut text[len..]).len();
            hash = (hash ^ c as u32).wrapping_mul(FNV_PRIME);
        }
    }
    let text = &text[..len];
    let position_bytes: usize = list.iter().map(|(_, _, p)| p.len()).sum();
    let mut pages: Vec<Vec<u8>> = Vec::new();
    let mut page_starts: Vec<u32> = Vec::new();
    if position_bytes > INLINE_POSITION_BYTES {
        let mut prev_doc = 0;
        for &(doc, _, pos) in list {
            if pages
                .last()
                .is_none_or(|p| p.len() + pos.len() > PAGE_BYTES)
            {
                pages.push(Vec::with_capacity(PAGE_BYTES + 16));
                page_starts.push(doc);
                prev_doc = 0;
            }
            let page = pages.last_mut().expect("a page was just pushed");
            varint(page, doc - prev_doc);
            prev_doc = doc;
            page.extend_from_slice(pos);
        }
    }
    body.clear();
    varint(body, list.len() as u32);
    varint(body, pages.len() as u32);
    let mut prev = 0;
    for &s in &page_starts {
        varint(body, s - prev);
        prev = s;
    }
    let mut prev = 0;
    for &(doc, e, _) in list {
        varint(body, doc - prev);
        prev = doc;
        varint(body, e.tfw);
        varint(body, e.at);
    }
    if pages.is_empty() {
        for &(_, _, pos) in list {
            body.extend_from_slice(pos);
        }
    }
    let out = &mut run.bytes;
    varint(out, text.len() as u32);
    out.extend_from_slice(text);
    varint(out, body.len() as u32);
    out.extend_from_slice(body);
    if !pages.is_empty() {
        let hex = hex_key(text);
        for (i, page) in pages.into_iter().enumerate() {
            run.pages
                .push((format!("{INDEX_DIR}p/{hex}.{i}.bin"), page));
        }
    }
    hash
}

fn index_doc(d: usize, doc: &SearchDoc) -> DocIndex {
    let text: String = doc.fields.join(&END.to_string());
    let folded = fold(&text);
    let mut field_lens = [0; 5];
    let mut field_ends = [0; 5];
    let mut at = 0;
    for (f, field) in doc.fields.iter().enumerate() {
        field_lens[f] = field.chars().count();
        at += field_lens[f];
        field_ends[f] = at;
        at += 1;
    }
    let body_start = (field_ends[3] + 1) as u32;
    // Every key occurrence as (key, position), sorted: keys grouped, positions ascending.
    let mut occurrences: Vec<(u64, u32)> = Vec::with_capacity(folded.len() * 3);
    let mut chars = HashSet::new();
    for (p, &c) in folded.iter().enumerate() {
        if c == END {
            continue;
        }
        let next = folded.get(p + 1).copied().filter(|&n| n != END);
        let third = folded.get(p + 2).copied().filter(|&n| n != END);
        // A query never has two spaces in a row nor an end of field, so those keys are never
        // looked for; keys that start with a space are (` 4` of `gpt 4`).
        if c != ' ' {
            chars.insert(c);
            occurrences.push((key_of(c, None, None), p as u32));
        }
        if let Some(n) = next.filter(|&n| !(c == ' ' && n == ' ')) {
            occurrences.push((key_of(c, Some(n), None), p as u32));
            if let Some(t) = third.filter(|&t| !(n == ' ' && t == ' ')) {
                occurrences.push((key_of(c, Some(n), Some(t)), p as u32));
            }
        }
    }
    occurrences.sort_unstable();
    let field_of = |p: u32| {
        field_ends
            .iter()
            .position(|&e| (p as usize) < e)
            .unwrap_or(4)
    };
    let mut positions = Vec::with_capacity(folded.len() * 2);
    let entries: Vec<Entry> = occurrences
        .chunk_by(|x, y| x.0 == y.0)
        .map(|group| {
            let key = group[0].0;
            let tfw = group.iter().map(|&(_, p)| FIELD_WEIGHTS[field_of(p)]).sum();
            let at = group
                .iter()
                .find(|&&(_, p)| p >= body_start)
                .unwrap_or(&group[0])
                .1;
            let start = positions.len();
            if key & NONE != NONE {
                varint(&mut positions, group.len() as u32);
                let mut prev = 0;
                for &(_, p) in group {
                    varint(&mut positions, p - prev);
                    prev = p;
                }
            }
            Entry {
                key,
                tfw,
                at,
                positions: (start as u32, positions.len() as u32),
            }
        })
        .collect();

    // Text chunks with the result's heading and the anchors that start in them.
    let text_chars: Vec<char> = text.chars().collect();
    let anchors: Vec<(usize, &str)> = doc
        .blocks
        .iter()
        .map(|(off, a)| (body_start as usize + off, a.as_str()))
        .collect();
    let mut chunks = Vec::new();
    for k in 0..text_chars.len().div_ceil(CHUNK_CHARS) {
        let start = k * CHUNK_CHARS;
        let end = (start + CHUNK_CHARS + CHUNK_OVERLAP).min(text_chars.len());
        let chunk = &text_chars[start..end];
        let mut b: Vec<Value> = Vec::new();
        // The block that is open at the chunk's start, then those starting inside it.
        if let Some((off, anchor)) = anchors.iter().rev().find(|(off, _)| *off <= start) {
            b.push(json!([off, anchor]));
        }
        for (off, anchor) in anchors.iter().filter(|(off, _)| *off > start && *off < end) {
            b.push(json!([off, anchor]));
        }
        let chunk_json = json!({
            "u": doc.url, "h": doc.title, "k": doc.kind, "st": doc.subtitle,
            "s": start, "t": chunk.iter().collect::<String>(), "b": b,
        });
        chunks.push((
            format!("{INDEX_DIR}t/{d}-{k}.json"),
            chunk_json.to_string().into_bytes(),
        ));
    }
    DocIndex {
        entries,
        positions,
        chars,
        chunks,
        field_lens,
    }
}

/// Which bucket of `buckets` holds `key` (FNV-1a over its code points; the browser computes the
/// same).
pub fn bucket_of(key: &str, buckets: u32) -> u32 {
    let mut h = FNV_OFFSET;
    for c in key.chars() {
        h = (h ^ c as u32).wrapping_mul(FNV_PRIME);
    }
    h % buckets
}

const FNV_OFFSET: u32 = 2_166_136_261;
const FNV_PRIME: u32 = 16_777_619;

fn varint(buf: &mut Vec<u8>, mut v: u32) {
    while v >= 0x80 {
        buf.push((v as u8) | 0x80);
        v >>= 7;
    }
    buf.push(v as u8);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_are_the_browsers() {
        // The values bucketOf in static/search.js gives (FNV-1a over code points).
        assert_eq!(bucket_of("具身智", u32::MAX), 2_685_903_719);
        assert_eq!(bucket_of("a😀b", u32::MAX), 1_315_131_858);
        assert_eq!(bucket_of("li", 1000), 542);
    }

    #[test]
    fn a_document_has_each_key_once_with_weighted_counts() {
        let doc = SearchDoc {
            url: "/t/".into(),
            title: "大模型".into(),
            kind: "talk",
            subtitle: String::new(),
            event: None,
            trends: Vec::new(),
            fields: [
                "大模型".into(),
                String::new(),
                String::new(),
                String::new(),
                "大模型 大模".into(),
            ],
            blocks: vec![(0, "p-1".into())],
        };
        let index = index_doc(0, &doc);
        let find = |k: u64| index.entries.iter().find(|e| e.key == k).expect("key");
        // 大模 twice in the body, once in the title (weight 8).
        let bigram = find(key_of('大', Some('模'), None));
        assert_eq!(bigram.tfw, 8 + 1 + 1);
        // First in the body: after the title and four field ends.
        assert_eq!(bigram.at, 3 + 4);
        assert_eq!(
            bigram.positions.0, bigram.positions.1,
            "no positions for a bigram"
        );
        let trigram = find(key_of('大', Some('模'), Some('型')));
        let (start, end) = (trigram.positions.0 as usize, trigram.positions.1 as usize);
        assert_eq!(index.positions[start..end], [2, 0, 7]);
        // No key across the end of a field.
        assert!(index
            .entries
            .iter()
            .all(|e| (e.key >> 21) & NONE != '\n' as u64));
        assert_eq!(index.chunks.len(), 1);
    }

    #[test]
    fn small_archives_have_larger_buckets() {
        let mib = 1 << 20;
        // The shipped archive: 429 documents, 7.4 MB of records.
        assert_eq!(bucket_count(7_400_000, 429), 963);
        // Halfway between small and large.
        assert_eq!(
            bucket_count(20 * mib, 1050),
            20 * mib as u32 / (3072 * 7 / 4)
        );
        // From 1,500 documents on, 3 KiB each.
        assert_eq!(bucket_count(100 * mib, 1500), 100 * mib as u32 / 3072);
        assert_eq!(bucket_count(400 * mib, 21_000), 400 * mib as u32 / 3072);
        assert_eq!(bucket_count(1000, 3), 16, "never fewer than 16");
    }

    #[test]
    fn varints_round_trip_sizes() {
        let mut b = Vec::new();
        varint(&mut b, 5);
        varint(&mut b, 300);
        assert_eq!(b, [5, 0xac, 0x02]);
    }
}
