//! The small tables a query starts from, written once the documents are indexed and the
//! buckets merged: `meta.json` (sizes, where each text pack and bucket is, the traditional →
//! simplified pairs), `f/` (each document's field lengths and how its text is stored, by range
//! from `f/lens.bin` or whole from `f/lens.json`), `facets.json` (the search page's filters)
//! and `probe.bin` (how the host answers ranges). The formats are in docs/search-index.md.

use super::bucket_packs::{self, PackLayout};
use super::doc_index::PARTS;
use super::file_sizes::FileSizes;
use super::name_files::NameFile;
use super::names::NameForms;
use super::text_packs::{file_parts, FILE_DOCS, FILE_PACKS, PACK_DOCS};
use super::{
    normalize, varint, Write, BODY_REFERENCE_CHARS, CHUNK_CHARS, FIELD_WEIGHTS, INDEX_DIR,
    WEIGHT_UNIT,
};
use crate::diagnostics::Diagnostic;
use crate::graph::Archive;
use serde_json::{json, Value};

/// Up to this many documents (one text file's), `meta.json` holds every field length itself.
const INLINE_FIELD_DOCS: usize = FILE_DOCS;
/// Numbers per document in `f/` (and `fieldLens`): its five field lengths, then how its text
/// is stored in `t/` (`text_packs::DocChunks::form`).
pub(super) const FIELD_NUMBERS: usize = 6;

/// `probe.bin`: the browser asks for bytes 0 and 2 of it in one request before its first
/// query. A multipart answer says the host answers several ranges at once; a single part, one
/// range per request; the whole file (these few bytes), that ranges are answered one at a time
/// or not at all, which a second request for byte 1 tells apart. Learnt this way, a first
/// visit never asks a large file for several ranges (S3 answers that with the whole file).
const PROBE: &[u8] = b"talkarchive: how this host answers byte ranges\n";

/// What the tables are made of, as `build_index` gathered it.
pub(super) struct Tables<'a> {
    pub(super) archive: &'a Archive,
    /// Each document's `[kind, event or -1, [trends]]`.
    pub(super) facets: Vec<Value>,
    /// A bit per code point: the characters the archive's documents have.
    pub(super) corpus_chars: &'a [u64],
    /// Bytes of each text pack, and chunks per fragment of each (`text_packs`).
    pub(super) pack_bytes: &'a [usize],
    pub(super) frag_chunks: &'a [u32],
    /// `FIELD_NUMBERS` per document, in document order.
    pub(super) field_lens: &'a [usize],
    pub(super) dict_buckets: u32,
    pub(super) sizes: FileSizes,
    /// Every bucket pack's offsets (`bucket_packs::pack`).
    pub(super) bucket_offsets: &'a [Vec<u32>],
    pub(super) name_files: &'a [NameFile],
    pub(super) name_forms: &'a NameForms,
}

/// Writes `facets.json`, `f/lens.bin`, `f/lens.json`, `meta.json` and `probe.bin`.
pub(super) fn write_tables(t: &Tables, write: Write) -> Result<(), Diagnostic> {
    let a = t.archive;
    let doc_count = t.field_lens.len() / FIELD_NUMBERS;
    // Traditional forms of characters the archive has.
    let has = |c: char| t.corpus_chars[c as usize / 64] & (1 << (c as usize % 64)) != 0;
    let t2s: String = normalize::t2s_pairs()
        .iter()
        .filter(|&&(_, s)| has(s))
        .flat_map(|&(t, s)| [t, s])
        .collect();

    let facets = json!({
        "docs": t.facets,
        "events": a.events.iter().map(|e| e.meta.short_name.clone().unwrap_or_else(|| e.meta.name.clone())).collect::<Vec<_>>(),
        "trends": a.trends.iter().map(|t| format!("{}. {}", t.meta.number, t.meta.name)).collect::<Vec<_>>(),
    });
    write(
        &format!("{INDEX_DIR}facets.json"),
        facets.to_string().as_bytes(),
    )?;
    // The text files' parts (a batch's packs cut by bytes), as `write_text_file` cut them.
    let pack_parts: Vec<u32> = t
        .pack_bytes
        .chunks(FILE_PACKS)
        .flat_map(file_parts)
        .collect();
    // Each document's field lengths and text form: by range from `f/lens.bin` (a pack's
    // documents at a time), or whole from `f/lens.json` where the host ignores ranges; in
    // `meta.json` only for a small archive (`INLINE_FIELD_DOCS`: five numbers a document were
    // 35 KiB before the first query at 50x).
    let field_lens = by_pack(t.field_lens);
    let (field_file, len_bytes, form_bytes) = fields_file(&field_lens);
    write(&format!("{INDEX_DIR}f/lens.bin"), &field_file)?;
    write(
        &format!("{INDEX_DIR}f/lens.json"),
        serde_json::to_string(&field_lens)
            .unwrap_or_default()
            .as_bytes(),
    )?;
    let layout = PackLayout::new(t.dict_buckets, t.sizes);
    let mut meta = json!({
        "version": 12,
        "docs": doc_count,
        "chunk": CHUNK_CHARS,
        "pack": PACK_DOCS,
        "filePacks": FILE_PACKS,
        "packBytes": t.pack_bytes,
        "packPart": pack_parts,
        "fragChunks": t.frag_chunks,
        "lenBytes": len_bytes,
        "formBytes": form_bytes,
        "pageFile": t.sizes.pages_per_file(),
        "weights": FIELD_WEIGHTS,
        "weightUnit": WEIGHT_UNIT,
        "bodyReference": BODY_REFERENCE_CHARS,
        "buckets": t.dict_buckets,
        "bucketPack": layout.per_pack,
        "bucketSizes": bucket_packs::sizes_for_meta(&layout, t.bucket_offsets),
        "parts": PARTS,
        "t2s": t2s,
    });
    // A small archive's field lengths also ride in meta.json (the shipped one's: 2.4 KiB
    // gzipped), so that a query needs no request for them before its excerpts: one round trip
    // less on every host (a first query on `multi` went from 2 requests to 3 without this).
    if doc_count <= INLINE_FIELD_DOCS {
        meta["fieldLens"] = json!(field_lens);
    }
    // Packs that begin with their offsets (for a host that sends only whole files).
    if layout.head {
        meta["packHead"] = json!(true);
    }
    if !t.name_files.is_empty() {
        let keys: Vec<[String; 2]> = t.name_files.iter().map(|f| f.meta(t.name_forms)).collect();
        meta["nameFiles"] = json!(keys);
    }
    write(
        &format!("{INDEX_DIR}meta.json"),
        meta.to_string().as_bytes(),
    )?;
    write(&format!("{INDEX_DIR}probe.bin"), PROBE)
}

/// Each document's `FIELD_NUMBERS` numbers (`field_lens`, a document's after the other's) in
/// the order `f/` holds them: a text pack's block at a time, its documents' five field lengths
/// each, then each one's form. A query that checks positions needs the lengths only (the forms
/// are for the results shown): with the form after each document's lengths, the `f/` ranges of
/// a query at 50x that checks many documents grew by a fifth (the p90 query by 4 KiB).
fn by_pack(field_lens: &[usize]) -> Vec<usize> {
    field_lens
        .chunks(FIELD_NUMBERS * PACK_DOCS)
        .flat_map(|pack| {
            let docs = pack.chunks(FIELD_NUMBERS);
            let lengths = docs.clone().flat_map(|d| &d[..FIELD_NUMBERS - 1]);
            lengths.chain(docs.map(|d| &d[FIELD_NUMBERS - 1])).copied()
        })
        .collect()
}

/// `f/lens.bin`: the numbers of `by_pack` as varints, in two parts. First every pack's field
/// lengths, in pack order: a query that checks documents by position needs only their packs'
/// lengths, and those of neighbouring packs are one range. Then every pack's block, its lengths
/// again and its forms: a query that shows results needs both, one range a pack. Returns the
/// file and, for each text pack, the bytes of its lengths and of its forms. Without the first
/// part (index version 10) a pack's lengths were a range each, and each range of a multipart
/// answer costs about 110 bytes of headers, half a pack's lengths (about 195 bytes at 50x);
/// without the second (the forms after all the lengths), a result's pack was two ranges far
/// apart, a request more on a host that answers one range a request.
fn fields_file(numbers: &[usize]) -> (Vec<u8>, Vec<usize>, Vec<usize>) {
    let mut file = Vec::with_capacity(numbers.len() * 3);
    let mut blocks = Vec::with_capacity(numbers.len() * 2);
    let (mut lengths, mut forms) = (Vec::new(), Vec::new());
    for pack in numbers.chunks(FIELD_NUMBERS * PACK_DOCS) {
        let split = pack.len() / FIELD_NUMBERS * (FIELD_NUMBERS - 1);
        let start = file.len();
        for &n in &pack[..split] {
            varint(&mut file, n as u32);
        }
        lengths.push(file.len() - start);
        blocks.extend_from_slice(&file[start..]);
        let forms_start = blocks.len();
        for &n in &pack[split..] {
            varint(&mut blocks, n as u32);
        }
        forms.push(blocks.len() - forms_start);
    }
    file.extend_from_slice(&blocks);
    (file, lengths, forms)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::read_varint;

    #[test]
    fn f_holds_every_packs_lengths_then_every_packs_block() {
        // Document d's numbers are d*10 + 0..5 (lengths) and d*10 + 5 (its form); a full pack
        // and a pack of two documents.
        let docs = PACK_DOCS + 2;
        let per_doc: Vec<usize> = (0..docs)
            .flat_map(|d| (0..FIELD_NUMBERS).map(move |i| d * 10 + i))
            .collect();
        let numbers = by_pack(&per_doc);
        assert_eq!(numbers.len(), per_doc.len());
        let first: Vec<usize> = (0..PACK_DOCS)
            .flat_map(|d| (0..5).map(move |i| d * 10 + i))
            .chain((0..PACK_DOCS).map(|d| d * 10 + 5))
            .collect();
        assert_eq!(&numbers[..FIELD_NUMBERS * PACK_DOCS], &first[..]);
        let (a, b) = (PACK_DOCS * 10, PACK_DOCS * 10 + 10);
        assert_eq!(
            &numbers[FIELD_NUMBERS * PACK_DOCS..],
            &[
                a,
                a + 1,
                a + 2,
                a + 3,
                a + 4,
                b,
                b + 1,
                b + 2,
                b + 3,
                b + 4,
                a + 5,
                b + 5
            ]
        );
        // f/lens.bin: every pack's lengths, then every pack's block (its lengths and its forms),
        // as varints.
        let (file, lengths, forms) = fields_file(&numbers);
        assert_eq!(
            2 * lengths.iter().sum::<usize>() + forms.iter().sum::<usize>(),
            file.len()
        );
        let varint_bytes = |v: usize| if v < 128 { 1 } else { 2 };
        let first_forms: usize = (0..PACK_DOCS).map(|d| varint_bytes(d * 10 + 5)).sum();
        assert_eq!(forms, [first_forms, 4]);
        let mut read = Vec::new();
        let mut at = 0;
        while at < file.len() {
            read.push(read_varint(&file, &mut at) as usize);
        }
        let split = FIELD_NUMBERS * PACK_DOCS;
        let expected: Vec<usize> = numbers[..split - PACK_DOCS]
            .iter()
            .chain(&numbers[split..split + 10])
            .chain(&numbers)
            .copied()
            .collect();
        assert_eq!(read, expected);
    }
}
