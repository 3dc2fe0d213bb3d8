//! `serve`'s merge: it keeps the records of the served index and, after an edit, makes again
//! only the records of the keys whose entries changed in the documents that changed (instead of
//! merging every document's keys), and writes only the `d/` packs and `p/` pages those keys
//! are in. The bytes are those of a full merge: a record is a function of its key's entries.
//! When the bucket count changes (the index's size crossed one of `coarse`'s steps) or the set of
//! name forms did, every key moves or may: every pack is written again.

use super::bucket_packs::{self, pack_path, PackLayout, OFFSETS_PATH};
use super::doc_index::{entries, DocIndex, PARTS};
use super::file_sizes::FileSizes;
use super::records::{decode_record, key_record, merge_part, page_files, Posting, RecordRun};
use super::{bucket_of, index_bucket_count, key_hash, names_by_bucket, Write};
use crate::diagnostics::Diagnostic;
use rayon::prelude::*;
use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

/// A key and the `p/` pages of its positions.
type KeyPages = (u64, Vec<Vec<u8>>);

/// The merged index `serve` is serving.
pub(super) struct Merged {
    /// Each document's index, by number.
    docs: Vec<Arc<DocIndex>>,
    /// Each partition's records.
    runs: Vec<RecordRun>,
    /// The `p/` pages of each key that has some.
    pages: HashMap<u64, Vec<Vec<u8>>>,
    /// The name forms' records, with the first key of each form.
    names: Vec<(String, Vec<u8>)>,
    /// The number of `d/` buckets, and each bucket's keys in key order.
    count: u32,
    bucket_keys: Vec<Vec<u64>>,
    /// Each `d/` pack's offsets (`bucket_packs::pack`).
    offsets: Vec<Vec<u32>>,
    /// The packs' layout.
    sizes: FileSizes,
}

/// Merges every partition and writes every bucket and page.
pub(super) fn full(
    docs: Vec<Arc<DocIndex>>,
    names: Vec<(String, Vec<u8>)>,
    sizes: FileSizes,
    write: Write,
) -> Result<Merged, Diagnostic> {
    let merged: Vec<(RecordRun, Vec<KeyPages>)> = (0..PARTS)
        .into_par_iter()
        .map(|j| {
            let parts: Vec<&[u8]> = docs.iter().map(|d| &*d.parts[j]).collect();
            let mut pages = Vec::new();
            let run = merge_part(&parts, &mut |key, p| pages.push((key, p)));
            (run, pages)
        })
        .collect();
    let mut runs = Vec::with_capacity(PARTS);
    let mut pages = HashMap::new();
    for (run, p) in merged {
        runs.push(run);
        pages.extend(p);
    }
    let mut m = Merged {
        docs,
        runs,
        pages,
        names,
        count: 0,
        bucket_keys: Vec::new(),
        offsets: Vec::new(),
        sizes,
    };
    m.rebucket();
    let all: Vec<u32> = (0..m.layout().packs()).collect();
    m.write_packs(&all, write)?;
    let per_file = sizes.pages_per_file();
    m.pages
        .par_iter()
        .try_for_each(|(&key, pages)| write_pages(key, pages, per_file, write))?;
    Ok(m)
}

/// The previous merge `prev`, updated for `docs` (and `names`): only the records of keys whose
/// entries changed are made again, and only their buckets and pages written; every other file
/// of `d/` and `p/` is kept (`keep`; written again if it is no longer served).
pub(super) fn update(
    prev: Merged,
    docs: Vec<Arc<DocIndex>>,
    names: Vec<(String, Vec<u8>)>,
    sizes: FileSizes,
    write: Write,
    keep: &(dyn Fn(&str) -> bool + Sync),
) -> Result<Merged, Diagnostic> {
    if prev.docs.len() != docs.len() || prev.sizes != sizes {
        // Documents were added or removed (the numbers of those after them changed), or the
        // packs' layout changed with the settings.
        return full(docs, names, sizes, write);
    }
    let Merged {
        docs: old_docs,
        mut runs,
        mut pages,
        names: old_names,
        count: old_count,
        bucket_keys,
        offsets,
        sizes: _,
    } = prev;
    let changed: Vec<usize> = (0..docs.len())
        .filter(|&d| !Arc::ptr_eq(&old_docs[d], &docs[d]))
        .collect();
    // The keys whose entries changed, per partition.
    let mut affected: Vec<Vec<u64>> = vec![Vec::new(); PARTS];
    for &d in &changed {
        for (j, keys) in affected.iter_mut().enumerate() {
            let (old, new) = (&old_docs[d].parts[j], &docs[d].parts[j]);
            if old != new {
                changed_keys(old, new, keys);
            }
        }
    }
    for keys in &mut affected {
        keys.sort_unstable();
        keys.dedup();
    }
    let changes: Vec<Vec<KeyChange>> = runs
        .par_iter_mut()
        .enumerate()
        .map(|(j, run)| update_run(j, run, &affected[j], &changed, &docs, &pages))
        .collect();
    drop(old_docs);
    let mut m = Merged {
        docs,
        runs,
        pages: HashMap::new(),
        names,
        count: 0,
        bucket_keys,
        offsets,
        sizes,
    };
    let count = m.bucket_count();
    let mut dirty = BTreeSet::new();
    // A name record is in the bucket of its form's first key: with the same count and the same
    // forms, a record that changed (its forms' documents did) changes its bucket only.
    let same_forms = m.names.len() == old_names.len()
        && m.names
            .iter()
            .zip(&old_names)
            .all(|(new, old)| new.0 == old.0);
    let moved = count != old_count || !same_forms;
    if !moved {
        for (new, old) in m.names.iter().zip(&old_names) {
            if new.1 != old.1 {
                dirty.insert(bucket_of(&new.0, count));
            }
        }
    }
    for change in changes.iter().flatten() {
        match &change.pages {
            Some(p) if !p.is_empty() => pages.insert(change.key, p.clone()),
            _ => pages.remove(&change.key),
        };
        if moved {
            continue;
        }
        let b = (key_hash(change.key) % count) as usize;
        dirty.insert(b as u32);
        let keys = &mut m.bucket_keys[b];
        match (keys.binary_search(&change.key), change.pages.is_some()) {
            (Err(at), true) => keys.insert(at, change.key),
            (Ok(at), false) => {
                keys.remove(at);
            }
            _ => {}
        }
    }
    m.pages = pages;
    let written: Vec<u64> = changes
        .iter()
        .flatten()
        .filter(|c| c.pages.is_some())
        .map(|c| c.key)
        .collect();
    if moved {
        m.rebucket();
        let all: Vec<u32> = (0..m.layout().packs()).collect();
        m.write_packs(&all, write)?;
    } else {
        m.count = count;
        let layout = m.layout();
        let dirty: BTreeSet<u32> = dirty.into_iter().map(|b| layout.place(b).0).collect();
        let rewrite: Vec<u32> = (0..layout.packs())
            .filter(|k| dirty.contains(k) || !keep(&pack_path(*k)))
            .collect();
        m.write_packs(&rewrite, write)?;
    }
    // Pages: those of the changed keys written, the others kept.
    let per_file = sizes.pages_per_file();
    written
        .par_iter()
        .try_for_each(|key| match m.pages.get(key) {
            Some(p) => write_pages(*key, p, per_file, write),
            None => Ok(()),
        })?;
    let written: std::collections::HashSet<u64> = written.into_iter().collect();
    m.pages
        .par_iter()
        .filter(|(key, _)| !written.contains(key))
        .try_for_each(|(&key, p)| {
            for (path, bytes) in page_files(key, p, per_file) {
                if !keep(&path) {
                    write(&path, &bytes)?;
                }
            }
            Ok(())
        })?;
    Ok(m)
}

/// A key whose record was made again: its pages (`None`: no document has it any more).
struct KeyChange {
    key: u64,
    pages: Option<Vec<Vec<u8>>>,
}

/// Adds to `keys` those whose entry differs between two versions of a document's part.
fn changed_keys(old: &[u8], new: &[u8], keys: &mut Vec<u64>) {
    let mut old = entries(old).peekable();
    let mut new = entries(new).peekable();
    loop {
        match (old.peek(), new.peek()) {
            (None, None) => return,
            (Some(o), Some(n)) if o.key == n.key => {
                if (o.tfw, o.at, o.positions) != (n.tfw, n.at, n.positions) {
                    keys.push(o.key);
                }
                old.next();
                new.next();
            }
            (Some(o), Some(n)) if o.key < n.key => {
                keys.push(o.key);
                old.next();
            }
            (Some(o), None) => {
                keys.push(o.key);
                old.next();
            }
            (_, Some(n)) => {
                keys.push(n.key);
                new.next();
            }
        }
    }
}

/// Makes partition `j`'s records of `keys` again from the old records and the entries of the
/// `changed` documents in `docs`.
fn update_run(
    j: usize,
    run: &mut RecordRun,
    keys: &[u64],
    changed: &[usize],
    docs: &[Arc<DocIndex>],
    pages: &HashMap<u64, Vec<Vec<u8>>>,
) -> Vec<KeyChange> {
    if keys.is_empty() {
        return Vec::new();
    }
    // The changed documents' entries of those keys, in document order.
    let mut fresh: HashMap<u64, Vec<Posting>> = HashMap::new();
    for &d in changed {
        for e in entries(&docs[d].parts[j]) {
            if keys.binary_search(&e.key).is_ok() {
                fresh.entry(e.key).or_default().push(Posting {
                    doc: d as u32,
                    tfw: e.tfw,
                    at: e.at,
                    positions: e.positions,
                });
            }
        }
    }
    let mut out = RecordRun {
        bytes: Vec::with_capacity(run.bytes.len() + 1024),
        records: Vec::with_capacity(run.records.len() + keys.len()),
    };
    let mut changes = Vec::with_capacity(keys.len());
    let mut body = Vec::new();
    // The old record's inline positions, decoded (its postings borrow them for one key).
    let mut scratch = Vec::new();
    let (mut oi, mut ki) = (0, 0);
    let none: Vec<Vec<u8>> = Vec::new();
    while oi < run.records.len() || ki < keys.len() {
        let old_key = run.records.get(oi).map(|r| r.0);
        let key = match (old_key, keys.get(ki)) {
            (Some(o), Some(&k)) => o.min(k),
            (Some(o), None) => o,
            (None, Some(&k)) => k,
            (None, None) => break,
        };
        let existed = old_key == Some(key);
        if keys.get(ki) != Some(&key) {
            // Not affected: the old record as it was.
            let start = out.bytes.len();
            out.bytes.extend_from_slice(run.record(oi));
            out.records
                .push((key, start as u32, (out.bytes.len() - start) as u32));
            oi += 1;
            continue;
        }
        ki += 1;
        let mut list = Vec::new();
        let old = if existed {
            let old_pages = pages.get(&key).unwrap_or(&none);
            decode_record(run.record(oi), old_pages, &mut scratch)
        } else {
            Vec::new()
        };
        if existed {
            oi += 1;
        }
        let mut new = fresh
            .get(&key)
            .map_or(&[][..], |f| &f[..])
            .iter()
            .peekable();
        for p in old
            .iter()
            .filter(|p| changed.binary_search(&(p.doc as usize)).is_err())
        {
            while new.peek().is_some_and(|n| n.doc < p.doc) {
                list.extend(new.next().copied());
            }
            list.push(*p);
        }
        list.extend(new.copied());
        if list.is_empty() {
            changes.push(KeyChange { key, pages: None });
            continue;
        }
        let start = out.bytes.len();
        let key_pages = key_record(key, &list, &mut out.bytes, &mut body);
        out.records
            .push((key, start as u32, (out.bytes.len() - start) as u32));
        changes.push(KeyChange {
            key,
            pages: Some(key_pages),
        });
    }
    *run = out;
    changes
}

impl Merged {
    pub(super) fn count(&self) -> u32 {
        self.count
    }

    /// Each `d/` pack's offsets, in pack order.
    pub(super) fn offsets(&self) -> &[Vec<u32>] {
        &self.offsets
    }

    /// The bucket count of these documents and names, as a build computes it.
    fn bucket_count(&self) -> u32 {
        let parts = self.docs.iter().map(|d| d.parts_bytes()).sum();
        index_bucket_count(parts, &self.names)
    }

    /// Sorts every key into its bucket (after the bucket count changed).
    fn rebucket(&mut self) {
        self.count = self.bucket_count();
        let mut bucket_keys = vec![Vec::new(); self.count as usize];
        for run in &self.runs {
            for &(key, _, _) in &run.records {
                bucket_keys[(key_hash(key) % self.count) as usize].push(key);
            }
        }
        for keys in &mut bucket_keys {
            keys.sort_unstable();
        }
        self.bucket_keys = bucket_keys;
    }

    fn layout(&self) -> PackLayout {
        PackLayout::new(self.count, self.sizes)
    }

    /// Writes the `d/` packs `which`, and the offsets of every pack.
    fn write_packs(&mut self, which: &[u32], write: Write) -> Result<(), Diagnostic> {
        let names = names_by_bucket(&self.names, self.count);
        let layout = self.layout();
        let bucket = |b: u32| {
            let mut bytes = Vec::new();
            for &key in &self.bucket_keys[b as usize] {
                let run = &self.runs[key_hash(key) as usize % PARTS];
                if let Ok(i) = run.records.binary_search_by_key(&key, |r| r.0) {
                    bytes.extend_from_slice(run.record(i));
                }
            }
            for n in names.get(&b).into_iter().flatten() {
                bytes.extend_from_slice(n);
            }
            bytes
        };
        let written: Vec<(u32, Vec<u32>)> = which
            .par_iter()
            .map(|&k| {
                let (bytes, offsets) = bucket_packs::pack(&layout, k, bucket);
                write(&pack_path(k), &bytes).map(|()| (k, offsets))
            })
            .collect::<Result<_, Diagnostic>>()?;
        self.offsets.resize(layout.packs() as usize, Vec::new());
        for (k, offsets) in written {
            self.offsets[k as usize] = offsets;
        }
        write(OFFSETS_PATH, &bucket_packs::offsets_file(&self.offsets))
    }
}

fn write_pages(
    key: u64,
    pages: &[Vec<u8>],
    per_file: usize,
    write: Write,
) -> Result<(), Diagnostic> {
    for (path, bytes) in page_files(key, pages, per_file) {
        write(&path, &bytes)?;
    }
    Ok(())
}
