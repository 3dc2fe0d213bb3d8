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
//! - `meta.json`: sizes, where each text pack is, and the traditional → simplified pairs of
//!   the archive's characters. Fetched at the first query.
//! - `f/lens.bin` (by range, a text pack's documents at a time) and `f/lens.json` (whole, for
//!   hosts that ignore ranges): each document's field lengths (field weights, excerpts) and
//!   how its text is stored in `t/`.
//! - `d/<pack>.bin`: buckets of records, fetched one by a range request (`bucket_packs`, with
//!   `d/offsets.bin`); a record per key (a character, bigram or trigram): the documents that
//!   have it with their weighted count and first position; a rare trigram's positions too.
//!   Also the forms of names (aliases, pinyin), in the bucket of the form's first key, and the
//!   documents that have a Latin word as a whole word, in the bucket of the word's (`words`).
//! - `n/<k>.bin`: a large name's forms with their documents, once, instead of a record per
//!   form in the buckets (`name_files`), fetched whole; `meta.json` lists its forms.
//! - `p/<key>.<f>.bin`: the positions of a frequent trigram, in pages by document range, four
//!   to a file, a page fetched by range only for the documents a query must check.
//! - `t/<batch>.<part>.bin`: the results' headings and text, in chunks of a heading and 200
//!   characters of a fixed width per document, 512 documents to a batch, cut into files of at
//!   most 16 MiB; a page of results fetches a range per result, one request of several ranges
//!   per file (`text_packs`).
//! - `x/<pack>.<i>.bin`: the same chunks again in small whole files (gzipped JSON), a few
//!   consecutive chunks of a pack each, for hosts that ignore range requests
//!   (`text_packs::fragment_bytes`).
//! - `probe.bin`: a few bytes the browser asks for with two ranges, to learn before the first
//!   query how the host answers ranges.
//! - `facets.json`: each document's kind, event and trends, for the search page's facets.
//!
//! `meta.json`, `f/`, `probe.bin` and `facets.json` are written last (`tables`), from what
//! indexing the documents and merging the buckets gathered.

mod bucket_packs;
mod doc_index;
mod documents;
mod file_sizes;
mod key_groups;
mod live;
mod name_files;
mod names;
pub mod normalize;
mod records;
mod spill;
mod tables;
mod text_packs;
mod words;

use crate::connect::Connections;
use crate::diagnostics::Diagnostic;
use crate::digest::Digest;
use crate::graph::Archive;
use crate::render::markdown::Block;
use crate::render::urls::Urls;
use crate::timings::Stages;
use bucket_packs::PackLayout;
use doc_index::{index_digest, index_doc, DocIndex, PARTS};
use documents::{collect_docs, SearchDoc};
use file_sizes::FileSizes;
use name_files::split_names;
use names::{name_index, FormPostings, NameForms};
use rayon::prelude::*;
use records::{merge_part, page_files, Buckets, RecordRun};
use serde_json::{json, Value};
use spill::{KeptBlock, Spill, SPILL_FROM_TEXT_BYTES};
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};
use tables::FIELD_NUMBERS;
use text_packs::{
    chunks_digest, file_parts, file_path, fragment_bytes, fragment_path, text_file, FILE_DOCS,
    FILE_PACKS, PACK_DOCS,
};

/// Where the index lives in the site.
pub const INDEX_DIR: &str = "_search/";
/// Characters per text chunk: a result shown fetches its excerpt's characters and the header
/// (heading, anchors) of the chunk they start in, so bytes per query grow with it, and the
/// headers' bytes in `t/` shrink with it; chunks are packed (`text_packs`), so their number
/// costs the build nothing.
pub const CHUNK_CHARS: usize = 200;
/// The mark that ends a field in the text (never part of a query).
const END: char = '\n';
/// Target size of a `d/` bucket: a query fetches one per key it needs (by a range request from
/// its pack, so their number costs the build nothing), and in a large archive a common key's
/// record lists thousands of documents. 4,096 put the median query at 50x just over the 40 KiB
/// budget; the shipped archive's buckets were 7.5 KiB while each was a file (to write fewer),
/// which put its median query at 30 KiB and a name with many misspellings at 198 KiB.
const DICT_BUCKET_BYTES: usize = 3072;
/// What the merge makes of the documents' parts, in bytes per byte (see `index_bucket_count`).
const RECORD_BYTES_PER_PART_BYTE: f64 = 0.6;
/// A trigram whose positions take at most this many bytes keeps them in its `d/` record. Up to
/// a page's worth, a separate page would cost a query that checks the trigram's positions a
/// round of requests (3-5 ms in a browser) to save it at most as many bytes: at 512, a query of
/// four characters or more with frequent trigrams (多模态大模型) took a third round; at 2,048 the
/// shipped archive's rounds are two but for a handful of the most frequent trigrams, for 0.2 KiB
/// more per median query (1.4 KiB at 50x).
const INLINE_POSITION_BYTES: usize = PAGE_BYTES;
/// Target size of a `p/` page of positions.
const PAGE_BYTES: usize = 2048;
/// A key is up to three characters of 21 bits in a u64; this marks "no character".
const NONE: u64 = 0x1f_ffff;

/// Documents indexed at a time (in parallel): a build then copies the batch's parts into one
/// block per partition, so that merging a partition frees whole blocks the allocator can reuse
/// (one allocation per document and partition left merged partitions' memory in small holes).
/// A batch's text chunks are one text file.
const BATCH: usize = FILE_DOCS;
/// Field weights for ranking: title, people, topics, summary, body.
pub const FIELD_WEIGHTS: [u32; 5] = [8, 5, 3, 2, 1];
/// Units of a weighted count per unit of field weight: an occurrence in a body longer than
/// `BODY_REFERENCE_CHARS` is worth a fraction of its field weight (`doc_index::weigh`), in
/// these units.
pub const WEIGHT_UNIT: u32 = 16;
/// A body up to this long weighs each occurrence fully; a longer one proportionally less (a
/// body twice as long, half), so that a long transcript that names a speaker a few times does
/// not outweigh its speakers field, and a short page that names them once does not outrank
/// their talk. It is per document (no archive-wide average), so a document's weighted counts
/// change only with its own text. About the median body of the shipped archive.
pub const BODY_REFERENCE_CHARS: u32 = 2000;

/// What `serve` keeps of the index from one build to the next (`site::Warm`).
#[derive(Default)]
pub struct IndexCache {
    /// Each document's `DocIndex`, by the digest of its fields (`doc_index::index_digest`).
    docs: HashMap<Digest, Arc<DocIndex>>,
    /// Each text pack, by number.
    packs: Vec<KeptPack>,
    /// The fragments' size the packs were cut with (`text_packs::fragment_bytes`).
    fragment_bytes: usize,
    /// The merged records of the served index.
    merged: Option<live::Merged>,
}

/// A text pack as `serve` keeps it.
#[derive(Clone)]
struct KeptPack {
    /// Of its documents' `text_packs::chunks_digest`.
    digest: Digest,
    /// Its bytes in its text file.
    bytes: usize,
    /// Its fragment files, and the chunks each holds.
    fragments: usize,
    per: u32,
    /// Its documents' forms (`text_packs::DocChunks::form`).
    forms: Vec<u32>,
}

/// What a build for `serve` may reuse.
pub struct Reuse<'a> {
    /// The index of the build being served (taken: a failed build leaves none, and the next
    /// one makes everything again).
    pub previous: IndexCache,
    /// Called with a file that is the same as last time; true if it is still served as last
    /// written (false: it must be written again).
    pub keep: &'a (dyn Fn(&str) -> bool + Sync),
}

/// Where the index's files go: (path in the site, bytes).
pub type Write<'a> = &'a (dyn Fn(&str, &[u8]) -> Result<(), Diagnostic> + Sync);

/// Where the index's files that cost CPU to make go: (path in the site, the digest of all they
/// are made from, what makes them). A sink that still holds the file made from the same source
/// keeps it unmade (`Sink::write_made`): gzipping the `x/` fragments was a sixteenth of a
/// rebuild's CPU at 1x, and a rebuild's fragments are mostly the same.
pub type WriteMade<'a> =
    &'a (dyn Fn(&str, &Digest, crate::output::Make) -> Result<(), Diagnostic> + Sync);

/// Builds every file of the index and hands each to `write` (the `x/` fragments to
/// `write_made`) as soon as it is made, so that memory never holds the whole index: a batch's
/// text packs when it is indexed, a frequent
/// trigram's position pages when its key is merged, a partition's `d/` packs once it is merged
/// (`merge_and_write`; `serve` keeps the merged records and writes the packs that changed). With
/// `reuse` (for `serve`), a document whose fields did not change is not indexed again, and a
/// text pack whose documents' chunks are the same is kept; returns what the
/// next such build may reuse (the caller keeps it once the files are committed).
pub fn build_index(
    a: &Archive,
    c: &Connections,
    u: &Urls,
    talk_blocks: Vec<(usize, Vec<Block>)>,
    (write, write_made): (Write, WriteMade),
    reuse: Option<Reuse>,
    stages: &mut Stages,
) -> Result<Option<IndexCache>, Diagnostic> {
    let docs = collect_docs(a, c, u, &talk_blocks);
    drop(talk_blocks);
    let sizes = FileSizes::for_host(a.config.search.host_ranges);
    let facets: Vec<Value> = docs
        .iter()
        .map(|d| json!([d.kind, d.event.map_or(-1, |e| e as i64), d.trends]))
        .collect();
    let doc_count = docs.len();
    // The forms of names, found in each document as it is indexed.
    let name_forms_typed = name_index(a);
    let name_forms = NameForms::new(&name_forms_typed);
    let mut form_postings: FormPostings = vec![Vec::new(); name_forms.len()];
    // The documents that have each Latin word as a whole word, in document order.
    let mut word_postings: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    stages.mark("search index: collect documents");

    // Each document on its own (in parallel, a batch at a time); its text is freed once indexed.
    // A bit per code point: every document's characters go in (a set's insert per character
    // was milliseconds on one thread).
    let mut corpus_chars = vec![0u64; (char::MAX as usize + 1).div_ceil(64)];
    let mut field_lens = Vec::with_capacity(doc_count * FIELD_NUMBERS);
    let mut pack_bytes: Vec<usize> = Vec::with_capacity(doc_count.div_ceil(PACK_DOCS));
    let mut frag_chunks: Vec<u32> = Vec::with_capacity(doc_count.div_ceil(PACK_DOCS));
    let mut next = reuse.as_ref().map(|_| IndexCache::default());
    // For `serve`: every document's index, shared with the cache.
    let mut shared: Vec<Arc<DocIndex>> = Vec::new();
    // For a build: the documents' parts, a block per batch and partition, in a temporary file
    // if the archive is large.
    let text_bytes: usize = docs
        .iter()
        .map(|d| d.fields.iter().map(String::len).sum::<usize>())
        .sum();
    let mut spill = Spill::new(reuse.is_none() && text_bytes >= SPILL_FROM_TEXT_BYTES)?;
    let fragment_bytes = fragment_bytes(text_bytes, sizes);
    let mut partitions: Vec<Partition> = (0..PARTS)
        .map(|_| Partition {
            blocks: Vec::new(),
            ends: Vec::with_capacity(doc_count),
        })
        .collect();
    let mut docs = docs.into_iter().enumerate();
    // Small runs, so that both threads stay busy to the end (see `render_site_with`).
    let index_batch = |batch: &[(usize, SearchDoc)]| -> Vec<Indexed> {
        batch
            .par_iter()
            .with_max_len(4)
            .map(|(_, doc)| index_one(doc, &name_forms, reuse.as_ref()))
            .collect()
    };
    // What follows a batch's indexing: its text file written, what the whole index gathers of
    // its documents, its parts kept for the merge.
    let mut finish_batch = |batch: Batch, indexed: Vec<Indexed>| -> Result<(), Diagnostic> {
        // The batch's text file (a batch is one).
        let packs = write_text_file(
            batch[0].0 / FILE_DOCS,
            &batch,
            &indexed,
            fragment_bytes,
            (write, write_made),
            reuse.as_ref(),
        )?;
        pack_bytes.extend(packs.iter().map(|p| p.bytes));
        frag_chunks.extend(packs.iter().map(|p| p.per));
        let mut forms = packs.iter().flat_map(|p| p.forms.iter().copied());
        for ((d, _), one) in batch.iter().zip(&indexed) {
            for hit in &one.doc.names {
                form_postings[hit.form as usize].push((*d as u32, hit.tfw, hit.at));
            }
            for w in &one.doc.words {
                match word_postings.get_mut(w) {
                    Some(docs) => docs.push(*d as u32),
                    None => {
                        word_postings.insert(w.clone(), vec![*d as u32]);
                    }
                }
            }
            for &c in &one.doc.chars {
                corpus_chars[c as usize / 64] |= 1 << (c as usize % 64);
            }
            field_lens.extend(one.doc.field_lens);
            field_lens.push(forms.next().unwrap_or(0) as usize);
            if let (Some(next), Some((index, _))) = (&mut next, one.digests) {
                next.docs.insert(index, one.doc.clone());
            }
        }
        if let Some(next) = &mut next {
            next.packs.extend(packs);
            next.fragment_bytes = fragment_bytes;
        }
        if next.is_some() {
            shared.extend(indexed.into_iter().map(|one| one.doc));
            return Ok(());
        }
        let batch: Vec<&DocIndex> = indexed.iter().map(|one| &*one.doc).collect();
        keep_batch(&mut partitions, &batch, &mut spill)
    };
    // The indexed batch still to finish.
    let mut pending: Option<(Batch, Vec<Indexed>)> = None;
    loop {
        let batch: Batch = docs.by_ref().take(BATCH).collect();
        // The batch is indexed while the previous one is finished, which is mostly one
        // thread's work: one batch after the other, a thread was idle for about a third of
        // this stage at 50x.
        let (indexed, finished) = rayon::join(
            || index_batch(&batch),
            || match pending.take() {
                Some((batch, indexed)) => finish_batch(batch, indexed),
                None => Ok(()),
            },
        );
        finished?;
        if batch.is_empty() {
            break;
        }
        pending = Some((batch, indexed));
    }
    stages.mark("search index: index documents, write text packs");

    // Large names' forms in files of their own, the others' records in the buckets.
    let (name_records, name_files) = split_names(&name_forms_typed, &name_forms, &form_postings);
    for (k, file) in name_files.iter().enumerate() {
        write(&format!("{INDEX_DIR}n/{k}.bin"), &file.bytes)?;
    }
    let names: Vec<(String, Vec<u8>)> = name_records
        .into_iter()
        .chain(
            word_postings
                .iter()
                .map(|(word, docs)| words::word_record(word, docs)),
        )
        .collect();
    let (dict_buckets, bucket_offsets) = match (next.as_mut(), reuse) {
        (Some(next), Some(reuse)) => {
            // `serve`: the served merge, updated for the documents that changed.
            let merged = match reuse.previous.merged {
                Some(prev) => live::update(prev, shared, names, sizes, write, reuse.keep)?,
                None => live::full(shared, names, sizes, write)?,
            };
            let found = (merged.count(), merged.offsets().to_vec());
            next.merged = Some(merged);
            stages.mark("search index: merge keys, write pages and buckets");
            found
        }
        _ => merge_and_write(partitions, &spill, names, sizes, write, stages)?,
    };

    tables::write_tables(
        &tables::Tables {
            archive: a,
            facets,
            corpus_chars: &corpus_chars,
            pack_bytes: &pack_bytes,
            frag_chunks: &frag_chunks,
            field_lens: &field_lens,
            dict_buckets,
            sizes,
            bucket_offsets: &bucket_offsets,
            name_files: &name_files,
            name_forms: &name_forms,
        },
        write,
    )?;
    stages.mark("search index: write tables");
    Ok(next)
}

/// Keeps a batch's parts until the merge: one block per partition.
fn keep_batch(
    partitions: &mut [Partition],
    batch: &[&DocIndex],
    spill: &mut Spill,
) -> Result<(), Diagnostic> {
    // Copied in parallel (a block per partition); kept (or spilled, which writes one file)
    // one at a time.
    let blocks: Vec<Vec<u8>> = partitions
        .par_iter_mut()
        .enumerate()
        .map(|(j, partition)| {
            let mut block = Vec::with_capacity(batch.iter().map(|doc| doc.parts[j].len()).sum());
            for doc in batch {
                block.extend_from_slice(&doc.parts[j]);
                partition.ends.push(block.len() as u32);
            }
            block
        })
        .collect();
    for (partition, block) in partitions.iter_mut().zip(blocks) {
        partition.blocks.push(spill.keep(block)?);
    }
    Ok(())
}

/// A build's merge: one record per key (and the pages of a frequent trigram's positions), one
/// partition of the keys at a time (in parallel), each partition's blocks freed once merged and
/// its records once written into their buckets. Returns the bucket count and every pack's
/// offsets (`bucket_packs::pack`).
fn merge_and_write(
    partitions: Vec<Partition>,
    spill: &Spill,
    names: Vec<(String, Vec<u8>)>,
    sizes: FileSizes,
    write: Write,
    stages: &mut Stages,
) -> Result<(u32, Vec<Vec<u32>>), Diagnostic> {
    let parts_bytes = partitions.iter().map(Partition::bytes).sum();
    let dict_buckets = index_bucket_count(parts_bytes, &names);
    let bucket_names = names_by_bucket(&names, dict_buckets);
    let page_error: Mutex<Option<Diagnostic>> = Mutex::new(None);
    let per_file = sizes.pages_per_file();
    let merge = |parts: &[&[u8]]| {
        merge_part(parts, &mut |key, pages| {
            for (path, bytes) in page_files(key, &pages, per_file) {
                if let Err(e) = write(&path, &bytes) {
                    if let Ok(mut first) = page_error.lock() {
                        first.get_or_insert(e);
                    }
                }
            }
        })
    };
    // A partition's buckets, in its packs (see `bucket_packs`).
    let layout = PackLayout::new(dict_buckets, sizes);
    let write_packs = |j: usize, run: &RecordRun| {
        let runs = std::slice::from_ref(run);
        let buckets = Buckets::new(runs, dict_buckets);
        layout
            .packs_of_part(j)
            .map(|k| {
                let (bytes, offsets) = bucket_packs::pack(&layout, k, |b| {
                    let names = bucket_names.get(&b).map_or(&[][..], |n| &n[..]);
                    buckets.bytes(runs, b as usize, names)
                });
                write(&bucket_packs::pack_path(k), &bytes).map(|()| offsets)
            })
            .collect::<Result<Vec<_>, Diagnostic>>()
    };
    // Each thread takes a partition at a time, merges it, writes its packs and frees its blocks
    // and records (memory freed by the thread that allocated it is reused at once; two
    // partitions in memory on two cores). Merging and writing in one step keeps both cores busy
    // where rounds of one partition per thread waited for the larger of the two.
    let packs: Vec<Vec<Vec<u32>>> = partitions
        .into_par_iter()
        .enumerate()
        .map(|(j, p)| {
            let run = {
                let blocks = p.load(spill)?;
                merge(&p.parts(&blocks))
            };
            drop(p);
            write_packs(j, &run)
        })
        .collect::<Result<_, Diagnostic>>()?;
    let offsets: Vec<Vec<u32>> = packs.into_iter().flatten().collect();
    write(
        bucket_packs::OFFSETS_PATH,
        &bucket_packs::offsets_file(&offsets),
    )?;
    if let Some(e) = page_error.into_inner().ok().flatten() {
        return Err(e);
    }
    stages.mark("search index: merge keys, write pages and buckets");
    Ok((dict_buckets, offsets))
}

/// The number of `d/` buckets of an index whose documents' parts (`DocIndex::parts`) take
/// `parts_bytes`, with these name forms. It is known before the merge, so that a build writes a
/// partition's buckets as soon as the partition is merged and frees its records (they were the
/// peak of memory at 50 times the shipped archive): the merge makes records of about 0.6 of the
/// parts' bytes (0.60 at 50x, 0.64 at 10x, 0.78 in the shipped archive), and the count is a
/// multiple of `PARTS`, so a bucket's keys are in one partition.
fn index_bucket_count(parts_bytes: usize, names: &[(String, Vec<u8>)]) -> u32 {
    let records = (parts_bytes as f64 * RECORD_BYTES_PER_PART_BYTE) as usize;
    bucket_count(records + names.iter().map(|(_, r)| r.len()).sum::<usize>())
}

/// How many `d/` buckets hold `total` bytes of records: about `DICT_BUCKET_BYTES` each, in
/// `coarse` steps, a multiple of `PARTS` (see `index_bucket_count`).
fn bucket_count(total: usize) -> u32 {
    let parts = PARTS as u32;
    (coarse((total / DICT_BUCKET_BYTES) as u32) / parts).max(1) * parts
}

/// `n` rounded down to its five leading bits (16 steps per doubling, 3-6 % apart). A changed
/// bucket count moves every key to another bucket, so `serve` must then write every `d/` file
/// again: with the exact count, one edit in six or eight crossed a multiple of the bucket size;
/// an edit must now change the records by 3 % or more.
fn coarse(n: u32) -> u32 {
    let shift = (32 - n.leading_zeros()).saturating_sub(5);
    (n >> shift) << shift
}

/// The name forms' records by bucket (in the bucket of the form's first key), in order.
fn names_by_bucket(names: &[(String, Vec<u8>)], count: u32) -> HashMap<u32, Vec<&[u8]>> {
    let mut by_bucket: HashMap<u32, Vec<&[u8]>> = HashMap::new();
    for (first, record) in names {
        by_bucket
            .entry(bucket_of(first, count))
            .or_default()
            .push(record);
    }
    by_bucket
}

/// Indexes a document (or takes its index from `reuse`); with `reuse`, also returns its
/// digests (`index_digest`, `chunks_digest`).
fn index_one(doc: &SearchDoc, names: &NameForms, reuse: Option<&Reuse>) -> Indexed {
    let Some(r) = reuse else {
        return Indexed {
            doc: Arc::new(index_doc(doc, names)),
            digests: None,
        };
    };
    let digest = index_digest(doc, names);
    let index = match r.previous.docs.get(&digest) {
        Some(index) => index.clone(),
        None => Arc::new(index_doc(doc, names)),
    };
    Indexed {
        doc: index,
        digests: Some((digest, chunks_digest(&digest, doc))),
    }
}

/// Writes text file `f` of `docs` and its packs' fragments of `fragment_bytes` (unless `reuse`
/// says they are served as they are: each of its packs' documents' chunks the same, cut to the
/// same size, the files still as last written); returns each pack as `serve` keeps it.
fn write_text_file(
    f: usize,
    docs: &[(usize, SearchDoc)],
    indexed: &[Indexed],
    fragment_bytes: usize,
    (write, write_made): (Write, WriteMade),
    reuse: Option<&Reuse>,
) -> Result<Vec<KeptPack>, Diagnostic> {
    let digests: Vec<Digest> = indexed
        .chunks(PACK_DOCS)
        .map(|pack| {
            let mut digest = crate::digest::Digester::default();
            for one in pack {
                if let Some((_, chunks)) = &one.digests {
                    digest.bytes(chunks);
                }
            }
            digest.finish()
        })
        .collect();
    if let Some(r) = reuse {
        let was: Vec<KeptPack> = r
            .previous
            .packs
            .iter()
            .skip(f * FILE_PACKS)
            .take(FILE_PACKS)
            .cloned()
            .collect();
        // The same chunks, cut into fragments of the same size: an archive whose text grows
        // past a step of `fragment_bytes` gets larger fragments everywhere, as a fresh build.
        let same = r.previous.fragment_bytes == fragment_bytes
            && was.len() == digests.len()
            && was
                .iter()
                .zip(&digests)
                .all(|(was, now)| was.digest == *now);
        let kept = || {
            let bytes: Vec<usize> = was.iter().map(|p| p.bytes).collect();
            let mut parts = file_parts(&bytes);
            parts.dedup();
            parts.iter().all(|&part| (r.keep)(&file_path(f, part)))
                && was.iter().enumerate().all(|(i, p)| {
                    (0..p.fragments).all(|j| (r.keep)(&fragment_path(f * FILE_PACKS + i, j)))
                })
        };
        if same && kept() {
            return Ok(was);
        }
    }
    let docs: Vec<&SearchDoc> = docs.iter().map(|(_, doc)| doc).collect();
    let (files, packs) = text_file(&docs, fragment_bytes);
    for (part, bytes) in files.iter().enumerate() {
        write(&file_path(f, part as u32), bytes)?;
    }
    // The fragments are gzipped as they are written (in parallel), unless the kept site has
    // them from the same JSON.
    let fragments: Vec<(String, &[u8])> = packs
        .iter()
        .enumerate()
        .flat_map(|(i, (_, pack))| {
            pack.fragments
                .iter()
                .enumerate()
                .map(move |(j, json)| (fragment_path(f * FILE_PACKS + i, j), json.as_slice()))
        })
        .collect();
    fragments.par_iter().try_for_each(|(path, json)| {
        write_made(path, &text_packs::fragment_source(json), &|| {
            text_packs::gzip(json)
        })
    })?;
    Ok(digests
        .into_iter()
        .zip(packs)
        .map(|(digest, (bytes, pack))| KeptPack {
            digest,
            bytes,
            fragments: pack.fragments.len(),
            per: pack.per,
            forms: pack.forms,
        })
        .collect())
}

/// Documents indexed at a time, with their numbers.
type Batch = Vec<(usize, SearchDoc)>;

/// A document's index, and with `Reuse` its digests (`index_digest`, `chunks_digest`).
struct Indexed {
    doc: Arc<DocIndex>,
    digests: Option<(Digest, Digest)>,
}

/// One partition of every document's index, in a build: `blocks[b]` holds the parts of the
/// documents of batch `b`, one after the other; `ends[d]` is where document `d`'s part ends
/// in its batch's block.
struct Partition {
    blocks: Vec<KeptBlock>,
    ends: Vec<u32>,
}

impl Partition {
    /// The size of its blocks: each ends where its batch's last document's part ends.
    fn bytes(&self) -> usize {
        self.ends
            .chunks(BATCH)
            .filter_map(|e| e.last())
            .map(|&e| e as usize)
            .sum()
    }

    /// Its blocks' bytes (read back from `spill` if they were spilled).
    fn load<'a>(&'a self, spill: &Spill) -> Result<Vec<std::borrow::Cow<'a, [u8]>>, Diagnostic> {
        self.blocks.iter().map(|b| spill.load(b)).collect()
    }

    /// Each document's part, by document number, in its loaded `blocks`.
    fn parts<'a>(&self, blocks: &'a [std::borrow::Cow<'_, [u8]>]) -> Vec<&'a [u8]> {
        (0..self.ends.len())
            .map(|d| {
                let start = if d % BATCH == 0 { 0 } else { self.ends[d - 1] };
                &blocks[d / BATCH][start as usize..self.ends[d] as usize]
            })
            .collect()
    }
}

/// FNV-1a over a key's code points: its bucket is this mod the bucket count (see `bucket_of`).
fn key_hash(key: u64) -> u32 {
    let mut hash = FNV_OFFSET;
    for shift in [42, 21, 0] {
        let code = (key >> shift) & NONE;
        if code != NONE {
            hash = (hash ^ code as u32).wrapping_mul(FNV_PRIME);
        }
    }
    hash
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

/// Writes `v` as an unsigned LEB128 varint (every integer of the index is one).
fn varint(buf: &mut Vec<u8>, v: u32) {
    varint64(buf, u64::from(v));
}

fn varint64(buf: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        buf.push((v as u8) | 0x80);
        v >>= 7;
    }
    buf.push(v as u8);
}

/// Reads a varint written by `varint` (values of 32 bits).
fn read_varint(buf: &[u8], i: &mut usize) -> u32 {
    read_varint64(buf, i) as u32
}

/// Reads an unsigned LEB128 varint at `i` and moves `i` past it.
fn read_varint64(buf: &[u8], i: &mut usize) -> u64 {
    let mut v = 0u64;
    let mut shift = 0;
    while let Some(&b) = buf.get(*i) {
        *i += 1;
        v |= u64::from(b & 0x7f) << shift;
        if b < 0x80 {
            break;
        }
        shift += 7;
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::documents::tests::titled_doc;

    /// `count` documents, document `d` with a body of 2 × `chars` × (`d` + 1) characters,
    /// indexed (with `reuse`'s digests, if any).
    fn indexed_docs(
        count: usize,
        chars: usize,
        reuse: Option<&Reuse>,
    ) -> (Vec<(usize, SearchDoc)>, Vec<Indexed>) {
        let names = NameForms::new(&BTreeMap::new());
        let docs: Vec<(usize, SearchDoc)> = (0..count)
            .map(|d| (d, titled_doc("题", &"正文".repeat(chars * (d + 1)))))
            .collect();
        let indexed = docs
            .iter()
            .map(|(_, doc)| index_one(doc, &names, reuse))
            .collect();
        (docs, indexed)
    }

    /// The fragments go to `write_made`, known by their JSON: a sink that keeps the file made
    /// from the same JSON does not gzip it again.
    #[test]
    fn fragments_are_gzipped_only_by_a_sink_that_has_not_got_them() {
        let (docs, indexed) = indexed_docs(2, 2000, None);
        let plain = Mutex::new(Vec::new());
        let write = |path: &str, _: &[u8]| {
            plain.lock().map(|mut w| w.push(path.to_string())).ok();
            Ok(())
        };
        // A sink that keeps every file: nothing is made.
        let kept = Mutex::new(Vec::new());
        let keep_all = |path: &str, source: &Digest, _: crate::output::Make| {
            kept.lock()
                .map(|mut k| k.push((path.to_string(), *source)))
                .ok();
            Ok(())
        };
        let size = text_packs::MIN_FRAGMENT_BYTES;
        write_text_file(0, &docs, &indexed, size, (&write, &keep_all), None).unwrap();
        let kept = kept.into_inner().unwrap();
        assert!(kept.len() >= 2, "{kept:?}");
        assert!(
            kept.iter().all(|(p, _)| p.starts_with("_search/x/")),
            "{kept:?}"
        );
        assert_eq!(
            *plain.lock().unwrap(),
            vec!["_search/t/0.0.bin".to_string()]
        );
        // A sink that has none: each is made, gzipped JSON, the same as `source` says.
        let made = Mutex::new(Vec::new());
        let make_all = |path: &str, source: &Digest, make: crate::output::Make| {
            made.lock()
                .map(|mut m| m.push((path.to_string(), *source, make().unwrap())))
                .ok();
            Ok(())
        };
        write_text_file(0, &docs, &indexed, size, (&write, &make_all), None).unwrap();
        let mut made = made.into_inner().unwrap();
        made.sort();
        let mut kept = kept;
        kept.sort();
        assert_eq!(made.len(), kept.len());
        for ((path, source, gz), (kept_path, kept_source)) in made.iter().zip(&kept) {
            assert_eq!((path, source), (kept_path, kept_source));
            assert_eq!(&gz[..2], &[0x1f, 0x8b], "{path}: gzip");
            let mut json = Vec::new();
            std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&gz[..]), &mut json)
                .unwrap();
            assert_eq!(text_packs::fragment_source(&json), *source, "{path}");
        }
    }

    #[test]
    fn a_text_pack_is_kept_only_if_cut_into_fragments_of_the_same_size() {
        let first = Reuse {
            previous: IndexCache::default(),
            keep: &|_| true,
        };
        let (docs, indexed) = indexed_docs(3, 300, Some(&first));
        let written = Mutex::new(Vec::new());
        let write = |path: &str, _: &[u8]| {
            written.lock().map(|mut w| w.push(path.to_string())).ok();
            Ok(())
        };
        let made =
            |path: &str, _: &Digest, make: crate::output::Make| write(path, &make().unwrap());
        let write = (&write as Write, &made as WriteMade);
        let size = text_packs::MIN_FRAGMENT_BYTES;
        let packs = write_text_file(0, &docs, &indexed, size, write, Some(&first)).unwrap();
        let count = written.lock().unwrap().len();
        assert!(count >= 2, "a text file and its fragments: {count}");
        // The same chunks and fragment size: nothing is written again.
        let same = Reuse {
            previous: IndexCache {
                packs: packs.clone(),
                fragment_bytes: size,
                ..IndexCache::default()
            },
            keep: &|_| true,
        };
        write_text_file(0, &docs, &indexed, size, write, Some(&same)).unwrap();
        assert_eq!(written.lock().unwrap().len(), count);
        // The same chunks, a larger fragment size (a grown archive): written again.
        write_text_file(0, &docs, &indexed, 2 * size, write, Some(&same)).unwrap();
        assert!(written.lock().unwrap().len() > count);
    }

    #[test]
    fn buckets_are_the_browsers() {
        // The values bucketOf in static/search.js gives (FNV-1a over code points).
        assert_eq!(bucket_of("具身智", u32::MAX), 2_685_903_719);
        assert_eq!(bucket_of("a😀b", u32::MAX), 1_315_131_858);
        assert_eq!(bucket_of("li", 1000), 542);
    }

    #[test]
    fn buckets_hold_about_3_kib_in_whole_partitions() {
        let mib = 1 << 20;
        let parts = PARTS as u32;
        // The shipped archive: 9.4 MB of parts, 56 KB of names: 5.7 MB of estimated records,
        // 1,856 buckets (its real records, 7.4 MB, are 4 KiB a bucket).
        let names = vec![(String::new(), vec![0u8; 56_000])];
        assert_eq!(index_bucket_count(9_430_000, &names), 1856);
        assert_eq!(bucket_count(400 * mib), coarse(400 * mib as u32 / 3072));
        assert_eq!(
            bucket_count(1000),
            parts,
            "never fewer than one per partition"
        );
        for total in [1000, 123_456, 5_000_000, 77 * mib] {
            assert_eq!(
                bucket_count(total) % parts,
                0,
                "a bucket is in one partition"
            );
        }
        // Rounded down (coarse steps, whole partitions): buckets a little over 3 KiB.
        for total in [77 * mib, 400 * mib] {
            let per_bucket = total as f64 / bucket_count(total) as f64;
            assert!(
                (3072.0..3072.0 * 1.15).contains(&per_bucket),
                "{per_bucket}"
            );
        }
    }

    #[test]
    fn the_bucket_count_moves_in_coarse_steps() {
        assert_eq!(coarse(16), 16);
        assert_eq!(coarse(31), 31);
        assert_eq!(coarse(963), 960);
        assert_eq!(
            coarse(990),
            960,
            "a few percent more records keep the count"
        );
        assert_eq!(coarse(992), 992);
        assert_eq!(coarse(136_533), 131_072);
        // Never more than 1/16 below the exact count.
        for n in [17u32, 100, 963, 5000, 123_456, 4_000_000] {
            assert!(
                coarse(n) <= n && coarse(n) as f64 >= n as f64 * 15.0 / 16.0,
                "{n}"
            );
        }
    }

    #[test]
    fn spilled_entries_make_the_same_index() {
        let texts = [
            "大模型的推理能力",
            "具身智能 robot",
            "大模型 大模型 大模型",
            "",
            "模",
        ];
        let docs: Vec<DocIndex> = (0..BATCH + 7)
            .map(|i| {
                let mut doc = documents::tests::doc_with_body(texts[i % texts.len()]);
                doc.fields[0] = format!("第{i}篇");
                index_doc(&doc, &NameForms::default())
            })
            .collect();
        let index = |spill: bool| {
            let mut spill = Spill::new(spill).expect("temporary file");
            let mut partitions: Vec<Partition> = (0..PARTS)
                .map(|_| Partition {
                    blocks: Vec::new(),
                    ends: Vec::new(),
                })
                .collect();
            for batch in docs.chunks(BATCH) {
                let batch: Vec<&DocIndex> = batch.iter().collect();
                keep_batch(&mut partitions, &batch, &mut spill).expect("kept");
            }
            let files = Mutex::new(std::collections::BTreeMap::new());
            let write = |path: &str, bytes: &[u8]| {
                files
                    .lock()
                    .expect("lock")
                    .insert(path.to_string(), bytes.to_vec());
                Ok(())
            };
            let count = merge_and_write(
                partitions,
                &spill,
                Vec::new(),
                FileSizes::Capped,
                &write,
                &mut Stages::default(),
            )
            .expect("merged");
            (count, files.into_inner().expect("files"))
        };
        let (held, spilled) = (index(false), index(true));
        assert!(held.1.len() > 64, "packs and offsets: {}", held.1.len());
        assert!(held == spilled, "the same files whether spilled or not");
    }

    #[test]
    fn varints_round_trip_sizes() {
        let mut b = Vec::new();
        varint(&mut b, 5);
        varint(&mut b, 300);
        assert_eq!(b, [5, 0xac, 0x02]);
        let mut i = 0;
        assert_eq!((read_varint(&b, &mut i), read_varint(&b, &mut i)), (5, 300));
        let mut b = Vec::new();
        let big = doc_index::key_of('😀', Some('中'), Some('a'));
        varint64(&mut b, big);
        let mut i = 0;
        assert_eq!(read_varint64(&b, &mut i), big);
        assert_eq!(i, b.len());
    }

    #[test]
    fn key_hashes_are_the_buckets() {
        let key = doc_index::key_of('具', Some('身'), Some('智'));
        assert_eq!(key_hash(key) % 4099, bucket_of("具身智", 4099));
        assert_eq!(
            key_hash(doc_index::key_of('l', Some('i'), None)) % 1000,
            542
        );
    }
}
