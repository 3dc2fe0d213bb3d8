//! The text the results show: each document's text in chunks of `CHUNK_CHARS` characters, each
//! chunk a small JSON object with the result's heading, packed `PACK_DOCS` documents to a pack
//! in slots of one size per pack, so that the browser fetches one chunk by a range request whose
//! bytes it computes from `meta.json` alone. The packs of `FILE_DOCS` documents are one file
//! (`t/<file>.bin`), so that the excerpts of a page of results come in one request: the browser
//! asks for all their ranges at once (a multi-range request). One file per chunk was 1,148
//! files of the shipped archive and 58,000 at 50 times its size, at 0.1-0.2 ms of system time
//! each to create (and again to remove); files of one pack were 14 and 671, and a page of ten
//! results asked for about ten of them (2-3 ms of the browser's time per request).

use super::doc_index::fields_of;
use super::documents::SearchDoc;
use super::{CHUNK_CHARS, CHUNK_OVERLAP, END, INDEX_DIR};
use crate::digest::{Digest, Digester};
use std::fmt::Write as _;

/// Documents per pack: `meta.json` holds one slot size per pack, and a slot is the longest chunk
/// of its pack (so a result costs about 1 KiB). Smaller packs, smaller slots, longer `meta.json`.
pub(super) const PACK_DOCS: usize = 32;

/// Documents per text file: the shipped archive's 429 are one file (3.2 MiB), 50 times as many
/// about 40 files of 4 MiB, below every static host's limit on a file's size. `serve` makes and
/// writes a whole file again when one of its documents' chunks changed (5 ms of one thread for
/// the shipped archive's chunks).
pub(super) const FILE_DOCS: usize = 512;
const _: () = assert!(FILE_DOCS.is_multiple_of(PACK_DOCS));

/// Packs per batch of text files.
pub(super) const FILE_PACKS: usize = FILE_DOCS / PACK_DOCS;

/// Bytes of a text file, at most (unless one pack is larger): a batch's packs are cut into
/// files of consecutive packs by their bytes, so that no file passes the 25 MiB a file some
/// hosts take (Cloudflare Pages). At 50 times the shipped archive a batch of 512 documents
/// was up to 29.7 MiB: long transcripts make slots, and so packs, large.
pub(super) const TEXT_FILE_BYTES: usize = 16 << 20;

/// Text file `part` of batch `batch`.
pub(super) fn file_path(batch: usize, part: u32) -> String {
    format!("{INDEX_DIR}t/{batch}.{part}.bin")
}

/// The file (part of its batch) of each of a batch's packs, whose bytes are `pack_bytes`: a
/// pack starts a new file when it would take its file past `TEXT_FILE_BYTES`. The browser
/// gets the parts in `meta.json` (`packPart`).
pub(super) fn file_parts(pack_bytes: &[usize]) -> Vec<u32> {
    let (mut part, mut size) = (0, 0);
    pack_bytes
        .iter()
        .map(|&bytes| {
            if size > 0 && size + bytes > TEXT_FILE_BYTES {
                part += 1;
                size = 0;
            }
            size += bytes;
            part
        })
        .collect()
}

/// Slot bytes of a whole-file fragment, at least: a host that ignores `Range` (`python3 -m
/// http.server`, some CDNs) sends whole files, so for it the chunks are also written as small
/// JSON files (`x/<pack>.<i>.json`: `fragment_bytes / slot` consecutive chunks of one pack),
/// gzipped by any host that compresses JSON. Their chunks are lean (no overlap, the heading
/// once per document), about half a slot: a fragment is about 8 KiB, and a result costs one
/// (about 3 KiB gzipped) instead of the whole text file (3.6 MB for the shipped archive).
const MIN_FRAGMENT_BYTES: usize = 16384;

/// Fragments an archive has, about, at most: a larger archive gets larger fragments, so that
/// the fragments do not cost a large build tens of thousands of files (0.1-0.2 ms of system
/// time each, and hosts limit a site's files: 20,000 on Cloudflare Pages' free plan). The
/// shipped archive's are 478 of 8 KiB; 50 times as many documents would be 22,000 of them.
const MAX_FRAGMENTS: usize = 1024;

/// The fragment size, in slot bytes, for an archive whose documents' text is `text_bytes` long:
/// a multiple of `MIN_FRAGMENT_BYTES` (slots are about twice the text they hold: heading,
/// overlap, padding).
pub(super) fn fragment_bytes(text_bytes: usize) -> usize {
    (2 * text_bytes / MAX_FRAGMENTS)
        .div_ceil(MIN_FRAGMENT_BYTES)
        .max(1)
        * MIN_FRAGMENT_BYTES
}

/// Chunks per fragment of `fragment_bytes` (`fragment_bytes`) of a pack whose slot is `slot`
/// bytes (at least one). The browser computes the same from `meta.json` (`slots`,
/// `fragmentBytes`).
pub(super) fn chunks_per_fragment(slot: u32, fragment_bytes: usize) -> usize {
    (fragment_bytes / (slot as usize).max(1)).max(1)
}

/// Fragment `i` of pack `pack` (numbered across the whole index).
pub(super) fn fragment_path(pack: usize, i: usize) -> String {
    format!("{INDEX_DIR}x/{pack}.{i}.json")
}

/// How many chunks document `doc` has: its text (fields joined by `END`) in `CHUNK_CHARS`.
#[cfg(test)]
fn chunk_count(doc: &SearchDoc) -> usize {
    let (lens, _) = fields_of(doc);
    (lens.iter().sum::<usize>() + 4).div_ceil(CHUNK_CHARS)
}

/// What a document's chunks are made from besides its number: its fields (`index_digest`) and
/// its heading and anchors.
pub(super) fn chunks_digest(index: &Digest, doc: &SearchDoc) -> Digest {
    let mut d = Digester::default();
    d.bytes(index)
        .str(&doc.url)
        .str(&doc.title)
        .str(doc.kind)
        .str(&doc.subtitle)
        .usize(doc.blocks.len());
    for (off, anchor) in &doc.blocks {
        d.usize(*off).str(anchor);
    }
    d.finish()
}

/// A document's text chunks in the two forms the index stores them in.
pub(super) struct DocChunks {
    /// For `t/`, read by range: each chunk with the result's heading and the anchors open in
    /// it, `{"b": [[offset, anchor], …], "h", "k", "s": start, "st", "t": text, "u"}`; a chunk
    /// holds `CHUNK_CHARS` characters and the first `CHUNK_OVERLAP` of the next, so that an
    /// excerpt (the match and 60 characters after it) is in one chunk.
    pub(super) ranged: Vec<Vec<u8>>,
    /// For `x/`, fetched whole: each chunk's own `CHUNK_CHARS` characters and anchors only,
    /// `{"b", "s", "t"}` (a fragment holds the next chunk too, and the heading once per
    /// document: `heading`).
    lean: Vec<Vec<u8>>,
    /// `"u":…,"h":…,"k":…,"st":…,`, which a document's first chunk in a fragment begins with.
    heading: String,
}

/// A document's text chunks (`DocChunks`).
pub(super) fn chunks(doc: &SearchDoc) -> DocChunks {
    let text: String = doc.fields.join(&END.to_string());
    let (_, field_ends) = fields_of(doc);
    let body_start = field_ends[3] + 1;
    let text_chars: Vec<char> = text.chars().collect();
    let anchors: Vec<(usize, &str)> = doc
        .blocks
        .iter()
        .map(|(off, a)| (body_start + off, a.as_str()))
        .collect();
    let (title, kind, url) = (
        json_string(&doc.title),
        json_string(doc.kind),
        json_string(&doc.url),
    );
    // The fields every ranged chunk repeats, as JSON, once (keys in the order serde_json's map
    // writes them, so the bytes are what `json!` made).
    let head = format!(",\"h\":{title},\"k\":{kind},\"s\":");
    let tail = format!(",\"u\":{url}}}");
    let subtitle = json_string(&doc.subtitle);
    let count = text_chars.len().div_ceil(CHUNK_CHARS);
    let (mut ranged, mut lean) = (Vec::with_capacity(count), Vec::with_capacity(count));
    let mut text = String::new();
    // Anchors at or before the current chunk's start (they are in text order).
    let mut passed = 0;
    for k in 0..count {
        let start = k * CHUNK_CHARS;
        let own_end = (start + CHUNK_CHARS).min(text_chars.len());
        let end = (start + CHUNK_CHARS + CHUNK_OVERLAP).min(text_chars.len());
        // The block that is open at the chunk's start, then those starting inside it (not in
        // the overlap: a match there is looked up in the next chunk).
        while anchors.get(passed).is_some_and(|(off, _)| *off <= start) {
            passed += 1;
        }
        let open = passed.checked_sub(1).map(|i| &anchors[i]);
        let inside = anchors[passed..]
            .iter()
            .take_while(|(off, _)| *off < start + CHUNK_CHARS);
        let mut blocks = String::from("{\"b\":[");
        for (i, (off, anchor)) in open.into_iter().chain(inside).enumerate() {
            if i > 0 {
                blocks.push(',');
            }
            let _ = write!(blocks, "[{off},{}]", json_string(anchor));
        }
        blocks.push(']');
        let mut json = String::with_capacity(3 * (end - start) + head.len() + tail.len() + 64);
        json.push_str(&blocks);
        json.push_str(&head);
        let _ = write!(json, "{start},\"st\":{subtitle},\"t\":");
        text.clear();
        text.extend(&text_chars[start..end]);
        json.push_str(&json_string(&text));
        json.push_str(&tail);
        ranged.push(json.into_bytes());
        text.clear();
        text.extend(&text_chars[start..own_end]);
        let _ = write!(blocks, ",\"s\":{start},\"t\":{}}}", json_string(&text));
        lean.push(blocks.into_bytes());
    }
    DocChunks {
        ranged,
        lean,
        heading: format!("\"u\":{url},\"h\":{title},\"k\":{kind},\"st\":{subtitle},"),
    }
}

/// `s` as a JSON string, escaped as serde_json escapes it.
fn json_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

/// One pack of the chunks of `docs` (in document order, each document's in order): every
/// ranged chunk padded with spaces (which JSON ignores) to the longest one's size, the slot.
/// Returns the pack's bytes, its slot size and its fragments (see `fragment_bytes`: JSON arrays
/// of `chunks_per_fragment` consecutive lean chunks, a document's first in each fragment with
/// its heading).
fn pack(docs: &[&SearchDoc], fragment_bytes: usize) -> Pack {
    let made: Vec<DocChunks> = docs.iter().map(|d| chunks(d)).collect();
    let slot = made
        .iter()
        .flat_map(|c| &c.ranged)
        .map(Vec::len)
        .max()
        .unwrap_or(0);
    let count: usize = made.iter().map(|c| c.ranged.len()).sum();
    let mut bytes = Vec::with_capacity(slot * count);
    for chunk in made.iter().flat_map(|c| &c.ranged) {
        bytes.extend_from_slice(chunk);
        bytes.resize(bytes.len() + slot - chunk.len(), b' ');
    }
    // Each lean chunk with its document's heading, and whether it is the document's first.
    let lean: Vec<(&[u8], &str, bool)> = made
        .iter()
        .flat_map(|c| {
            c.lean
                .iter()
                .enumerate()
                .map(|(k, chunk)| (chunk.as_slice(), c.heading.as_str(), k == 0))
        })
        .collect();
    let fragments = lean
        .chunks(chunks_per_fragment(slot as u32, fragment_bytes))
        .map(|run| {
            let mut json =
                Vec::with_capacity(run.iter().map(|c| c.0.len() + 1).sum::<usize>() + 64);
            json.push(b'[');
            for (i, &(chunk, heading, first)) in run.iter().enumerate() {
                if i > 0 {
                    json.push(b',');
                }
                if i == 0 || first {
                    json.push(b'{');
                    json.extend_from_slice(heading.as_bytes());
                    json.extend_from_slice(&chunk[1..]);
                } else {
                    json.extend_from_slice(chunk);
                }
            }
            json.push(b']');
            json
        })
        .collect();
    Pack {
        bytes,
        slot: slot as u32,
        chunks: count,
        fragments,
    }
}

/// One pack of chunks: its bytes in the text file, its slot size, its fragment files.
pub(super) struct Pack {
    bytes: Vec<u8>,
    pub(super) slot: u32,
    pub(super) chunks: usize,
    pub(super) fragments: Vec<Vec<u8>>,
}

/// The text files of a batch of `docs` (in document order): their packs of `PACK_DOCS`
/// documents (made in parallel) one after the other, cut into files by `file_parts`. Returns
/// the files' bytes (by part) and the packs (slot size, chunk count and fragments).
pub(super) fn text_file(docs: &[&SearchDoc], fragment_bytes: usize) -> (Vec<Vec<u8>>, Vec<Pack>) {
    use rayon::prelude::*;
    let mut packs: Vec<Pack> = docs
        .par_chunks(PACK_DOCS)
        .with_max_len(1)
        .map(|docs| pack(docs, fragment_bytes))
        .collect();
    let parts = file_parts(&packs.iter().map(|p| p.bytes.len()).collect::<Vec<_>>());
    let mut files: Vec<Vec<u8>> = Vec::new();
    for (pack, &part) in packs.iter_mut().zip(&parts) {
        if files.len() <= part as usize {
            files.push(Vec::new());
        }
        if let Some(file) = files.last_mut() {
            file.append(&mut pack.bytes);
        }
    }
    (files, packs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::documents::tests::titled_doc;
    use serde_json::{json, Value};

    fn doc(title: &str, body: &str) -> SearchDoc {
        let mut doc = titled_doc(title, body);
        doc.blocks.push((CHUNK_CHARS, "p-2".into()));
        doc
    }

    #[test]
    fn chunks_are_the_json_of_their_fields() {
        let mut d = doc("引号\"与\\反斜杠\u{1}", &"正文，\n\t带控制符。".repeat(40));
        d.subtitle = "副标题 <b>&".into();
        for (k, chunk) in chunks(&d).ranged.iter().enumerate() {
            let value: Value = serde_json::from_slice(chunk).expect("json");
            assert_eq!(value["h"], d.title);
            assert_eq!(value["st"], d.subtitle);
            assert_eq!(value["s"], k * CHUNK_CHARS);
            // Byte for byte what serde_json writes for the same value.
            assert_eq!(chunk, &value.to_string().into_bytes());
        }
    }

    #[test]
    fn a_batch_is_cut_into_files_of_at_most_the_cap() {
        let mib = 1 << 20;
        let sizes = [6 * mib, 6 * mib, 6 * mib, 20 * mib, mib, 15 * mib, mib];
        let parts = file_parts(&sizes);
        assert_eq!(parts, [0, 0, 1, 2, 3, 3, 4]);
        for part in 0..5 {
            let bytes: usize = sizes
                .iter()
                .zip(&parts)
                .filter(|(_, &p)| p == part)
                .map(|(s, _)| s)
                .sum();
            // Only a pack larger than the cap makes a larger file, alone.
            assert!(bytes <= TEXT_FILE_BYTES || parts.iter().filter(|&&p| p == part).count() == 1);
        }
        assert_eq!(
            file_parts(&[mib; 16]),
            [0; 16],
            "the shipped archive: one file"
        );
    }

    #[test]
    fn chunk_counts_match_the_chunks() {
        let long = "字".repeat(CHUNK_CHARS * 2);
        for body in ["", "x", long.as_str()] {
            let doc = doc("题", body);
            let made = chunks(&doc);
            assert_eq!(chunk_count(&doc), made.ranged.len(), "{body}");
            assert_eq!(made.lean.len(), made.ranged.len(), "{body}");
        }
    }

    #[test]
    fn a_chunk_is_found_at_its_slot() {
        let long = "字".repeat(CHUNK_CHARS * 2);
        let (a, b) = (doc("短", "x"), doc("长", &long));
        let Pack { bytes, slot, .. } = pack(&[&a, &b], MIN_FRAGMENT_BYTES);
        let slot = slot as usize;
        // Chunk 1 of the second document: after the first document's one chunk.
        let at = (chunk_count(&a) + 1) * slot;
        let chunk: Value = serde_json::from_slice(&bytes[at..at + slot]).expect("json");
        assert_eq!(chunk["h"], "长");
        assert_eq!(chunk["s"], CHUNK_CHARS);
        // The body starts after the title and four ends of field; p-2 opens CHUNK_CHARS later.
        assert_eq!(chunk["b"][0][1], "p-1");
        assert_eq!(chunk["b"][1], json!([1 + 4 + CHUNK_CHARS, "p-2"]));
        assert_eq!(bytes.len(), slot * (chunk_count(&a) + chunk_count(&b)));
        let short: Value = serde_json::from_slice(&bytes[..slot]).expect("padding is whitespace");
        assert_eq!(short["t"], "短\n\n\n\nx");
    }

    #[test]
    fn fragments_hold_the_chunks_in_order_where_the_browser_computes_them() {
        let long = "字".repeat(CHUNK_CHARS * 40);
        let (a, b) = (doc("短", "x"), doc("长", &long));
        let made = pack(&[&a, &b], MIN_FRAGMENT_BYTES);
        let per = chunks_per_fragment(made.slot, MIN_FRAGMENT_BYTES);
        let all: Vec<Value> = [&a, &b]
            .iter()
            .flat_map(|d| chunks(d).ranged)
            .map(|c| serde_json::from_slice(&c).expect("json"))
            .collect();
        assert!(
            made.fragments.len() > 1,
            "a long document spans several fragments"
        );
        assert_eq!(made.fragments.len(), all.len().div_ceil(per));
        for (i, ranged) in all.iter().enumerate() {
            let fragment: Value = serde_json::from_slice(&made.fragments[i / per]).expect("json");
            let item = &fragment[i % per];
            // The chunk's own characters (no overlap), its start and anchors…
            let own: String = ranged["t"]
                .as_str()
                .unwrap()
                .chars()
                .take(CHUNK_CHARS)
                .collect();
            assert_eq!(item["t"], own, "chunk {i}");
            assert_eq!(
                (&item["s"], &item["b"]),
                (&ranged["s"], &ranged["b"]),
                "chunk {i}"
            );
            // …and the heading at the nearest item before it that has one: its document's.
            let head = (0..=i % per)
                .rev()
                .map(|j| &fragment[j])
                .find(|x| x.get("u").is_some())
                .expect("a heading");
            for key in ["u", "h", "k", "st"] {
                assert_eq!(head[key], ranged[key], "chunk {i}: {key}");
            }
        }
        for fragment in &made.fragments {
            assert!(fragment.len() <= MIN_FRAGMENT_BYTES, "{}", fragment.len());
        }
    }

    #[test]
    fn a_larger_archive_gets_larger_fragments_not_more_of_them() {
        assert_eq!(fragment_bytes(0), MIN_FRAGMENT_BYTES);
        assert_eq!(fragment_bytes(1_500_000), MIN_FRAGMENT_BYTES);
        for text in [10_000_000, 75_000_000, 300_000_000] {
            let size = fragment_bytes(text);
            assert_eq!(size % MIN_FRAGMENT_BYTES, 0);
            // Fragments hold about twice the text: no more than MAX_FRAGMENTS of them.
            assert!(2 * text / size <= MAX_FRAGMENTS, "{text}: {size}");
        }
    }
}
