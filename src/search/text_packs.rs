//! The text the results show: each document's text in chunks of `CHUNK_CHARS` characters,
//! each chunk a small JSON header (the result's heading and the paragraph anchors open in it)
//! followed by its characters, at a fixed width, so that the browser computes where any
//! character is from the documents' lengths alone and asks for exactly the bytes an excerpt
//! needs: one range per result, from the header of the chunk its excerpt starts in to the
//! excerpt's last character. Packs of `PACK_DOCS` documents, `FILE_DOCS` documents a file
//! (`t/<file>.<part>.bin`), so that the excerpts of a page of results come in one request (a
//! multi-range request). One file per chunk was 1,148 files of the shipped archive and 58,000
//! at 50 times its size, at 0.1-0.2 ms of system time each to create (and again to remove).
//!
//! Until index version 9 a chunk was a JSON object padded to its pack's longest chunk (its
//! slot) and repeated the first 72 characters of the next, so that an excerpt was one slot:
//! 3.77 MB for the shipped archive's 1.78 MB of text. With fixed-width characters (two bytes
//! for Chinese instead of three), no overlap (the range runs on into the next chunk instead)
//! and a header padded per document only, it is 2.10 MB (at 50 times its size 100.6 MB
//! instead of 171.5).

use super::doc_index::fields_of;
use super::documents::SearchDoc;
use super::file_sizes::FileSizes;
use super::{CHUNK_CHARS, END, INDEX_DIR};
use crate::digest::{Digest, Digester};
use std::fmt::Write as _;

/// Documents per pack: `meta.json` holds a few numbers per pack (its bytes, its file part, its
/// fragments' chunks). Smaller packs, longer `meta.json`.
pub(super) const PACK_DOCS: usize = 32;

/// Documents per text file: the shipped archive's 429 are one file (2.0 MiB); 50 times as many
/// are 13 batches, cut into 14 files of at most 16 MiB (`TEXT_FILE_BYTES`). `serve` makes and
/// writes a whole file again when one of its documents' chunks changed.
pub(super) const FILE_DOCS: usize = 512;
const _: () = assert!(FILE_DOCS.is_multiple_of(PACK_DOCS));

/// Packs per batch of text files.
pub(super) const FILE_PACKS: usize = FILE_DOCS / PACK_DOCS;

/// Bytes of a text file, at most (unless one pack is larger): a batch's packs are cut into
/// files of consecutive packs by their bytes, so that no file passes the 25 MiB a file some
/// hosts take (Cloudflare Pages). At 50 times the shipped archive a batch of 512 documents
/// was up to 29.7 MiB with index version 9.
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

/// Bytes of a whole-file fragment's chunks, about, at least: a host that ignores `Range`
/// (`python3 -m http.server`, some CDNs) sends whole files, so for it the chunks are also
/// written as small files (`x/<pack>.<i>.bin`: the JSON of consecutive chunks of one pack, as
/// many as make this size on average in that pack, gzipped). A result costs one (about 3-4 KiB)
/// instead of the whole text file.
pub(super) const MIN_FRAGMENT_BYTES: usize = 8192;

/// Fragments an archive has, about, at most: a larger archive gets larger fragments, so that
/// the fragments do not cost a large build tens of thousands of files (0.1-0.2 ms of system
/// time each, and hosts limit a site's files: 20,000 on Cloudflare Pages' free plan). A host
/// that ignores ranges sends a fragment whole for each result: with 1,024 (26 KB each) 50 times
/// the shipped archive cost a query there 228 KiB of `x/` (median), with 3,072 (32 KiB of text,
/// 10 KB gzipped) 100 KiB. Not for a site built for a host that sends only whole files
/// (`FileSizes::Small`).
const MAX_FRAGMENTS: usize = 3072;

/// The fragment size, in bytes of chunks, for an archive whose documents' text is
/// `text_bytes` long: a multiple of `MIN_FRAGMENT_BYTES` (a fragment's chunks are about the
/// text they hold); `MIN_FRAGMENT_BYTES` for a host that sends only whole files.
pub(super) fn fragment_bytes(text_bytes: usize, sizes: FileSizes) -> usize {
    if sizes == FileSizes::Small {
        return MIN_FRAGMENT_BYTES;
    }
    (text_bytes / MAX_FRAGMENTS)
        .div_ceil(MIN_FRAGMENT_BYTES)
        .max(1)
        * MIN_FRAGMENT_BYTES
}

/// Chunks per fragment of about `fragment_bytes` of a pack of `count` chunks of `bytes` in all
/// (at least one). `meta.json` gives it per pack (`fragChunks`).
fn chunks_per_fragment(count: usize, bytes: usize, fragment_bytes: usize) -> usize {
    (fragment_bytes * count / bytes.max(1)).max(1)
}

/// Fragment `i` of pack `pack` (numbered across the whole index). `.bin`, sent as
/// `application/octet-stream`: no host compresses it again or says it is gzip (which some do for
/// a `.gz` name), and the browser unpacks it (`DecompressionStream`). Gzipped by the build, the
/// fragments take a third of the disk (at 50x 30 MB instead of 95) and come compressed from
/// hosts that compress nothing (`python3 -m http.server`); from hosts that gzip JSON they
/// came about as small.
pub(super) fn fragment_path(pack: usize, i: usize) -> String {
    format!("{INDEX_DIR}x/{pack}.{i}.bin")
}

/// The gzip level of the fragments, libdeflate's. The 50x archive's 94.6 MB of fragment JSON
/// (2026-12-07, one thread, a quiet machine): flate2's miniz_oxide at level 3 (until then) made
/// 29.7 MB in 1.38 s; libdeflate at level 6 makes 29.0 MB in 1.04 s (level 4: 29.5 MB in 0.73 s,
/// level 1: 31.3 MB in 0.48 s). The smaller files are what a reader on a host without ranges gets.
const FRAGMENT_GZIP: i32 = 6;

/// `json` gzipped (no name, no time: the same bytes on every build).
pub(super) fn gzip(json: &[u8]) -> std::io::Result<Vec<u8>> {
    thread_local! {
        // A compressor is a few hundred KB of tables: one per thread, not one per fragment.
        static COMPRESSOR: std::cell::RefCell<libdeflater::Compressor> = std::cell::RefCell::new(
            libdeflater::Compressor::new(
                libdeflater::CompressionLvl::new(FRAGMENT_GZIP).unwrap_or_default(),
            ),
        );
    }
    COMPRESSOR.with(|compressor| {
        let mut compressor = compressor.borrow_mut();
        // As large as libdeflate says any input of this length needs: an error here is a bug,
        // reported with the fragment's path rather than written as an empty file.
        let mut out = vec![0; compressor.gzip_compress_bound(json.len())];
        let len = compressor
            .gzip_compress(json, &mut out)
            .map_err(|e| std::io::Error::other(format!("gzip failed: {e:?}")))?;
        out.truncate(len);
        Ok(out)
    })
}

/// What a fragment file is made from (`Sink::write_made`): its JSON and how `gzip` packs it,
/// by what it makes of a probe, so that another level or deflate backend makes every fragment
/// again instead of keeping those the old one made.
pub(super) fn fragment_source(json: &[u8]) -> Digest {
    static SETTINGS: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    let settings = SETTINGS.get_or_init(|| {
        gzip(
            r#"[{"b":[],"s":0,"t":"文本 text 文本 text 文本 text"},{"b":[],"s":200,"t":"文本"}]"#
                .as_bytes(),
        )
        .unwrap_or_default()
    });
    let mut d = Digester::default();
    d.str("x/ fragment, gzip").bytes(settings).bytes(json);
    d.finish()
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

/// Bytes a document's characters take each in `t/`: 1 when every one is at most U+00FF, 2
/// when every one is in the Basic Multilingual Plane (Chinese: three bytes in UTF-8), else 4.
/// A fixed width is what lets the browser compute where character `i` is.
fn width_of(chars: &[char]) -> usize {
    match chars.iter().map(|&c| c as u32).max().unwrap_or(0) {
        0..=0xff => 1,
        0x100..=0xffff => 2,
        _ => 4,
    }
}

/// A document's text chunks in the two forms the index stores them in.
pub(super) struct DocChunks {
    /// For `t/`: every chunk, its header padded with spaces (which JSON ignores) to the
    /// document's longest, `{"b": [[offset, anchor], …], "h", "k", "st", "u"}`, then its
    /// `CHUNK_CHARS` characters of `width` bytes each, little-endian.
    ranged: Vec<u8>,
    /// `head * 8 + width`: how the browser finds chunk `k` (at `k * (head + width *
    /// CHUNK_CHARS)` from the document's first byte); it comes with the document's field
    /// lengths (`f/`).
    pub(super) form: u32,
    /// For `x/`, fetched whole: each chunk's own characters and anchors only, `{"b", "s",
    /// "t"}` (the heading once per document in a fragment: `heading`).
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
    let (title, kind, url, subtitle) = (
        json_string(&doc.title),
        json_string(doc.kind),
        json_string(&doc.url),
        json_string(&doc.subtitle),
    );
    // What follows a header's anchors (keys in the order serde_json's map writes them, so the
    // bytes are what `json!` made).
    let tail = format!(",\"h\":{title},\"k\":{kind},\"st\":{subtitle},\"u\":{url}}}");
    let count = text_chars.len().div_ceil(CHUNK_CHARS);
    let (mut headers, mut lean) = (Vec::with_capacity(count), Vec::with_capacity(count));
    let mut text = String::new();
    // Anchors at or before the current chunk's start (they are in text order).
    let mut passed = 0;
    for k in 0..count {
        let start = k * CHUNK_CHARS;
        let end = (start + CHUNK_CHARS).min(text_chars.len());
        // The block that is open at the chunk's start, then those starting inside it.
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
        headers.push(format!("{blocks}{tail}"));
        text.clear();
        text.extend(&text_chars[start..end]);
        let _ = write!(blocks, ",\"s\":{start},\"t\":{}}}", json_string(&text));
        lean.push(blocks.into_bytes());
    }
    let head = headers.iter().map(String::len).max().unwrap_or(0);
    let width = width_of(&text_chars);
    let mut ranged = Vec::with_capacity(count * head + width * text_chars.len());
    for (header, chars) in headers.iter().zip(text_chars.chunks(CHUNK_CHARS)) {
        ranged.extend_from_slice(header.as_bytes());
        ranged.resize(ranged.len() + head - header.len(), b' ');
        for &c in chars {
            ranged.extend_from_slice(&(c as u32).to_le_bytes()[..width]);
        }
    }
    DocChunks {
        ranged,
        form: (head * 8 + width) as u32,
        lean,
        heading: format!("\"u\":{url},\"h\":{title},\"k\":{kind},\"st\":{subtitle},"),
    }
}

/// `s` as a JSON string, escaped as serde_json escapes it.
fn json_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

/// One pack of the chunks of `docs` (in document order): their `t/` bytes one after the
/// other, each document's form, and its fragments (see `fragment_bytes`: JSON arrays of
/// consecutive lean chunks, a document's first in each fragment with its heading).
fn pack(docs: &[&SearchDoc], fragment_bytes: usize) -> Pack {
    let made: Vec<DocChunks> = docs.iter().map(|d| chunks(d)).collect();
    let mut bytes = Vec::with_capacity(made.iter().map(|c| c.ranged.len()).sum());
    for doc in &made {
        bytes.extend_from_slice(&doc.ranged);
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
    let lean_bytes = lean.iter().map(|c| c.0.len()).sum();
    let per = chunks_per_fragment(lean.len(), lean_bytes, fragment_bytes);
    let fragments = lean
        .chunks(per)
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
        forms: made.iter().map(|c| c.form).collect(),
        per: per as u32,
        fragments,
    }
}

/// One pack of chunks: its bytes in the text file, its documents' forms, its fragments (as
/// JSON: they are gzipped as they are written, see `fragment_source`) and how many chunks each
/// holds.
pub(super) struct Pack {
    pub(super) bytes: Vec<u8>,
    pub(super) forms: Vec<u32>,
    pub(super) per: u32,
    pub(super) fragments: Vec<Vec<u8>>,
}

/// The text files of a batch of `docs` (in document order): their packs of `PACK_DOCS`
/// documents (made in parallel) one after the other, cut into files by `file_parts`. Returns
/// the files' bytes (by part) and the packs (their bytes moved into the files: only their
/// length is left).
pub(super) fn text_file(
    docs: &[&SearchDoc],
    fragment_bytes: usize,
) -> (Vec<Vec<u8>>, Vec<(usize, Pack)>) {
    use rayon::prelude::*;
    let mut packs: Vec<Pack> = docs
        .par_chunks(PACK_DOCS)
        .with_max_len(1)
        .map(|docs| pack(docs, fragment_bytes))
        .collect();
    let sizes: Vec<usize> = packs.iter().map(|p| p.bytes.len()).collect();
    let parts = file_parts(&sizes);
    let mut files: Vec<Vec<u8>> = Vec::new();
    for (pack, &part) in packs.iter_mut().zip(&parts) {
        if files.len() <= part as usize {
            files.push(Vec::new());
        }
        if let Some(file) = files.last_mut() {
            file.append(&mut pack.bytes);
        }
    }
    (files, sizes.into_iter().zip(packs).collect())
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

    fn gunzip(bytes: &[u8]) -> Vec<u8> {
        use std::io::Read as _;
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(bytes)
            .read_to_end(&mut out)
            .expect("gzip");
        out
    }

    /// How many chunks document `doc` has: its text (fields joined by `END`) in `CHUNK_CHARS`.
    fn chunk_count(doc: &SearchDoc) -> usize {
        let (lens, _) = fields_of(doc);
        (lens.iter().sum::<usize>() + 4).div_ceil(CHUNK_CHARS)
    }

    /// Chunk `k` of a document whose `t/` bytes start at `bytes[0]`, read as search.js reads
    /// it (`chunkByte`, `readSpan`): its header and its characters.
    fn read_chunk(bytes: &[u8], form: u32, k: usize) -> (Value, String) {
        let (head, width) = ((form / 8) as usize, (form % 8) as usize);
        let at = k * (head + width * CHUNK_CHARS);
        let header = serde_json::from_slice(&bytes[at..at + head]).expect("a JSON header");
        let end = (at + head + width * CHUNK_CHARS).min(bytes.len());
        let text = bytes[at + head..end]
            .chunks(width)
            .map(|c| {
                let mut code = [0u8; 4];
                code[..width].copy_from_slice(c);
                char::from_u32(u32::from_le_bytes(code)).expect("a character")
            })
            .collect();
        (header, text)
    }

    #[test]
    fn headers_are_the_json_of_their_fields_and_the_characters_follow() {
        let mut d = doc("引号\"与\\反斜杠\u{1}", &"正文，\n\t带控制符。".repeat(40));
        d.subtitle = "副标题 <b>&".into();
        let made = chunks(&d);
        let text: Vec<char> = d.fields.join("\n").chars().collect();
        assert_eq!(made.form % 8, 2, "Chinese: two bytes a character");
        for k in 0..chunk_count(&d) {
            let (header, chars) = read_chunk(&made.ranged, made.form, k);
            assert_eq!(header["h"], d.title);
            assert_eq!(header["st"], d.subtitle);
            // Byte for byte what serde_json writes for the same value, then the padding.
            let head = (made.form / 8) as usize;
            let at = k * (head + 2 * CHUNK_CHARS);
            let written = header.to_string().into_bytes();
            assert_eq!(&made.ranged[at..at + written.len()], &written[..]);
            assert!(made.ranged[at + written.len()..at + head]
                .iter()
                .all(|&b| b == b' '));
            let own: String = text
                .iter()
                .skip(k * CHUNK_CHARS)
                .take(CHUNK_CHARS)
                .collect();
            assert_eq!(chars, own, "chunk {k}");
        }
        let count = chunk_count(&d);
        assert_eq!(
            made.ranged.len(),
            count * head_of(made.form) + 2 * text.len()
        );
    }

    fn head_of(form: u32) -> usize {
        (form / 8) as usize
    }

    #[test]
    fn a_document_takes_the_narrowest_width_its_characters_allow() {
        for (body, width) in [
            ("plain text, café", 1),
            ("中文 and English", 2),
            ("an emoji 🎤 in a talk", 4),
        ] {
            let d = doc("t", body);
            let made = chunks(&d);
            assert_eq!(made.form % 8, width, "{body}");
            let (_, chars) = read_chunk(&made.ranged, made.form, 0);
            assert_eq!(chars, d.fields.join("\n"), "{body}");
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
            assert_eq!(chunk_count(&doc), made.lean.len(), "{body}");
        }
    }

    #[test]
    fn a_chunk_is_found_where_the_browser_computes_it() {
        let long = "字".repeat(CHUNK_CHARS * 2);
        let (a, b) = (doc("短", "x"), doc("长", &long));
        let Pack { bytes, forms, .. } = pack(&[&a, &b], MIN_FRAGMENT_BYTES);
        // The second document starts after the first one's chunks (fillPack in search.js).
        let a_text = a.fields.join("\n").chars().count();
        let b_start = chunk_count(&a) * head_of(forms[0]) + (forms[0] % 8) as usize * a_text;
        let (header, text) = read_chunk(&bytes[b_start..], forms[1], 1);
        assert_eq!(header["h"], "长");
        // The body starts after the title and four ends of field; p-2 opens CHUNK_CHARS later.
        assert_eq!(header["b"][0][1], "p-1");
        assert_eq!(header["b"][1], json!([1 + 4 + CHUNK_CHARS, "p-2"]));
        assert_eq!(text.chars().count(), CHUNK_CHARS);
        let b_text = b.fields.join("\n").chars().count();
        assert_eq!(
            bytes.len(),
            b_start + chunk_count(&b) * head_of(forms[1]) + 2 * b_text
        );
        let (short, text) = read_chunk(&bytes[..b_start], forms[0], 0);
        assert_eq!(short["h"], "短");
        assert_eq!(text, "短\n\n\n\nx");
    }

    #[test]
    fn fragments_hold_the_chunks_in_order_where_the_browser_computes_them() {
        let long = "字".repeat(CHUNK_CHARS * 40);
        let (a, b) = (doc("短", "x"), doc("长", &long));
        let made = pack(&[&a, &b], MIN_FRAGMENT_BYTES);
        let per = made.per as usize;
        // Every chunk of both documents, read from the text file's bytes.
        let mut all: Vec<(Value, String)> = Vec::new();
        for d in [&a, &b] {
            let c = chunks(d);
            all.extend((0..chunk_count(d)).map(|k| read_chunk(&c.ranged, c.form, k)));
        }
        assert!(
            made.fragments.len() > 1,
            "a long document spans several fragments"
        );
        assert_eq!(made.fragments.len(), all.len().div_ceil(per));
        // JSON, the same bytes for the same chunks; gzipped as written, the same bytes again.
        let json = made.fragments.clone();
        assert_eq!(json, pack(&[&a, &b], MIN_FRAGMENT_BYTES).fragments);
        for f in &json {
            assert_eq!(gunzip(&gzip(f).unwrap()), *f);
            assert_eq!(gzip(f).unwrap(), gzip(f).unwrap());
        }
        for (i, (header, text)) in all.iter().enumerate() {
            let fragment: Value = serde_json::from_slice(&json[i / per]).expect("json");
            let item = &fragment[i % per];
            // The chunk's characters and anchors…
            assert_eq!(item["t"], *text, "chunk {i}");
            assert_eq!(item["b"], header["b"], "chunk {i}");
            // …and the heading at the nearest item before it that has one: its document's.
            let head = (0..=i % per)
                .rev()
                .map(|j| &fragment[j])
                .find(|x| x.get("u").is_some())
                .expect("a heading");
            for key in ["u", "h", "k", "st"] {
                assert_eq!(head[key], header[key], "chunk {i}: {key}");
            }
        }
        // About the size asked for, on average (headings and brackets added).
        let sizes: Vec<usize> = json.iter().map(Vec::len).collect();
        let average = sizes.iter().sum::<usize>() / sizes.len();
        assert!(average <= MIN_FRAGMENT_BYTES + 200, "{average}: {sizes:?}");
    }

    #[test]
    fn a_fragment_is_known_by_its_json_and_how_it_is_gzipped() {
        let (a, b) = (br#"[{"t":"a"}]"#.as_slice(), br#"[{"t":"b"}]"#.as_slice());
        assert_eq!(fragment_source(a), fragment_source(a));
        assert_ne!(fragment_source(a), fragment_source(b));
        // Not the digest a page's bytes or another made file would have.
        assert_ne!(fragment_source(a), crate::digest::of(a));
    }

    #[test]
    fn a_larger_archive_gets_larger_fragments_not_more_of_them() {
        assert_eq!(fragment_bytes(0, FileSizes::Capped), MIN_FRAGMENT_BYTES);
        assert_eq!(
            fragment_bytes(1_500_000, FileSizes::Capped),
            MIN_FRAGMENT_BYTES
        );
        for text in [10_000_000, 75_000_000, 300_000_000] {
            let size = fragment_bytes(text, FileSizes::Capped);
            assert_eq!(size % MIN_FRAGMENT_BYTES, 0);
            // Fragments hold about the text: no more than MAX_FRAGMENTS of them.
            assert!(text / size <= MAX_FRAGMENTS, "{text}: {size}");
            // For a host that sends only whole files they stay small.
            assert_eq!(fragment_bytes(text, FileSizes::Small), MIN_FRAGMENT_BYTES);
        }
    }
}
