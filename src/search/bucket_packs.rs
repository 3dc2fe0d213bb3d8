//! Where the `d/` buckets are: packed into files of `MIN_BUCKETS_PER_PACK` or more buckets of one
//! partition (`d/<pack>.bin`), with a table of where each bucket starts and ends
//! (`d/offsets.bin`), so that the browser fetches one bucket by a range request. One file per
//! bucket was 960 files of the shipped archive and about 94,000 at 50 times its size, each
//! 0.1-0.2 ms of system time to create and again to remove. Packs of up to 64 buckets were 64
//! and 1,728 files, but a host that ignores ranges sent a query 190 KiB per key; packs of 4 are
//! 512 files of the shipped archive, and a large archive's packs are larger (`MAX_PACKS`).
//!
//! A bucket's keys are all in one partition (the bucket count is a multiple of `PARTS`: bucket
//! `b` is in partition `b mod PARTS`), and so are a pack's buckets: a build writes a
//! partition's packs as soon as it is merged.
//!
//! For a host that ignores ranges (`FileSizes::Small`) every pack has `MIN_BUCKETS_PER_PACK`
//! buckets however large the archive. A pack begins with its own offsets whenever `meta.json`
//! does not hold the buckets' sizes (every site for such a host, and any site whose table is
//! larger than `OFFSETS_IN_META_BYTES`): such a host would send `d/offsets.bin` whole (276 KiB
//! at 50x) for a query's first key.

use super::doc_index::PARTS;
use super::file_sizes::FileSizes;
use super::INDEX_DIR;

/// Buckets per pack, at least (unless a partition has fewer): a host that ignores range
/// requests sends a whole pack (about 4 × 3-4 KiB, not compressed: `application/octet-stream`)
/// for each bucket a query needs, and `serve` writes a whole pack again when one of its buckets
/// changed. With 64 a query on such a host cost 190 KiB a key.
const MIN_BUCKETS_PER_PACK: u32 = 4;

/// Packs at most, about: a larger archive puts more buckets in a pack, so that its packs do not
/// cost a large build tens of thousands of files (0.1-0.2 ms of system time each; hosts limit a
/// site's files: 20,000 on Cloudflare Pages' free plan). A host that ignores ranges sends a
/// pack whole, so fewer, larger packs cost a query there: with 1,024 packs (68 buckets, 168 KB
/// each) 50 times the shipped archive cost a query on such a host 187 KiB of `d/` (median),
/// with 3,072 (23 buckets, 56 KB) 73 KiB, and the site 16,585 files. Not for a site built for a
/// host that sends only whole files (`FileSizes::Small`): its packs keep `MIN_BUCKETS_PER_PACK`.
const MAX_PACKS: u32 = 3072;

/// How `count` buckets are packed: bucket `b` is slot `(b / PARTS) mod per_pack` of pack
/// `(b mod PARTS) × packs_per_part + (b / PARTS) / per_pack`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) struct PackLayout {
    pub(super) count: u32,
    pub(super) per_pack: u32,
    packs_per_part: u32,
    /// Whether a pack begins with its offsets (`pack`).
    pub(super) head: bool,
}

impl PackLayout {
    /// `count` is a multiple of `PARTS` (see `bucket_count`).
    pub(super) fn new(count: u32, sizes: FileSizes) -> PackLayout {
        let per_part = (count / PARTS as u32).max(1);
        let at_least = match sizes {
            FileSizes::Capped => MIN_BUCKETS_PER_PACK.max(count.div_ceil(MAX_PACKS)),
            FileSizes::Small => MIN_BUCKETS_PER_PACK,
        };
        let per_pack = per_part.min(at_least);
        let packs_per_part = per_part.div_ceil(per_pack);
        // The table, per pack its slots' starts and the last one's end.
        let table = 4 * (PARTS as u32 * packs_per_part * (per_pack + 1)) as usize;
        PackLayout {
            count,
            per_pack,
            packs_per_part,
            head: sizes == FileSizes::Small || table > OFFSETS_IN_META_BYTES,
        }
    }

    pub(super) fn packs(&self) -> u32 {
        PARTS as u32 * self.packs_per_part
    }

    /// The pack and slot of bucket `b`.
    pub(super) fn place(&self, b: u32) -> (u32, u32) {
        let (part, q) = (b % PARTS as u32, b / PARTS as u32);
        (
            part * self.packs_per_part + q / self.per_pack,
            q % self.per_pack,
        )
    }

    /// The buckets of pack `k`, in slot order.
    pub(super) fn buckets(&self, k: u32) -> impl Iterator<Item = u32> {
        let (part, m) = (k / self.packs_per_part, k % self.packs_per_part);
        let count = self.count;
        (m * self.per_pack..(m + 1) * self.per_pack)
            .map(move |q| part + q * PARTS as u32)
            .filter(move |&b| b < count)
    }

    /// The packs of partition `j`.
    pub(super) fn packs_of_part(&self, j: usize) -> std::ops::Range<u32> {
        let first = j as u32 * self.packs_per_part;
        first..first + self.packs_per_part
    }
}

pub(super) fn pack_path(k: u32) -> String {
    format!("{INDEX_DIR}d/{k}.bin")
}

pub(super) const OFFSETS_PATH: &str = "_search/d/offsets.bin";

/// Pack `k` from its buckets' bytes (`bucket(b)`), and where each slot starts in the file, then
/// where the last one ends (`per_pack` + 1 offsets; a slot past the last bucket starts at the
/// end). With `layout.head` the file begins with those offsets, little-endian u32s, and the
/// buckets follow them.
pub(super) fn pack(
    layout: &PackLayout,
    k: u32,
    mut bucket: impl FnMut(u32) -> Vec<u8>,
) -> (Vec<u8>, Vec<u32>) {
    let slots = layout.per_pack as usize + 1;
    let head = if layout.head { 4 * slots } else { 0 };
    let mut bytes = vec![0; head];
    let mut offsets = Vec::with_capacity(slots);
    for b in layout.buckets(k) {
        offsets.push(bytes.len() as u32);
        bytes.extend_from_slice(&bucket(b));
    }
    offsets.resize(slots, bytes.len() as u32);
    if layout.head {
        bytes[..head].copy_from_slice(&offsets_file(std::slice::from_ref(&offsets)));
    }
    (bytes, offsets)
}

/// The largest `d/offsets.bin` whose buckets' sizes `meta.json` holds.
const OFFSETS_IN_META_BYTES: usize = 16384;

/// Every bucket's size in bytes, in pack and slot order (`per_pack` per pack, 0 past a
/// partition's last bucket), for `meta.json` if `d/offsets.bin` is at most
/// `OFFSETS_IN_META_BYTES`: the client then knows where every bucket is from `meta.json` alone,
/// and asks for a query's buckets without first fetching the table (a round of requests less
/// for a query typed while the page loads; about 4 KiB gzipped in `meta.json` against 7.5 KiB
/// of table for the shipped archive). Larger tables are read 8 bytes at a time by a host that
/// answers ranges; their packs begin with their offsets (`PackLayout::head`), which a host that
/// sends whole packs reads in the pack a query fetches anyway. None for a site built for such
/// a host: its packs always have heads.
pub(super) fn sizes_for_meta(layout: &PackLayout, offsets: &[Vec<u32>]) -> Option<Vec<u32>> {
    (!layout.head).then(|| {
        offsets
            .iter()
            .flat_map(|o| o.windows(2).map(|w| w[1] - w[0]))
            .collect()
    })
}

/// `d/offsets.bin`: every pack's offsets in pack order, little-endian u32s.
pub(super) fn offsets_file(offsets: &[Vec<u32>]) -> Vec<u8> {
    offsets
        .iter()
        .flatten()
        .flat_map(|o| o.to_le_bytes())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bucket_sizes_in_meta_give_back_the_offsets_table() {
        let offsets = vec![vec![0, 10, 25, 25], vec![0, 7, 7, 7]];
        let capped = PackLayout::new(64, FileSizes::Capped);
        let sizes = sizes_for_meta(&capped, &offsets).expect("a small table");
        assert_eq!(sizes, [10, 15, 0, 7, 0, 0]);
        // As the client rebuilds it: per pack, 0 then running sums.
        let rebuilt: Vec<u32> = sizes
            .chunks(3)
            .flat_map(|s| {
                std::iter::once(0).chain(s.iter().scan(0, |at, n| {
                    *at += n;
                    Some(*at)
                }))
            })
            .collect();
        assert_eq!(offsets_file(&offsets), offsets_file(&[rebuilt]));
        // Packs with heads: the sizes stay out of meta.json.
        let small = PackLayout::new(64, FileSizes::Small);
        assert_eq!(sizes_for_meta(&small, &offsets), None);
    }

    /// A table too large for meta.json (read by ranges) comes with heads on the packs, so that a
    /// host that sends whole files never needs it; the shipped archive's does not.
    #[test]
    fn packs_begin_with_their_offsets_where_meta_json_has_no_sizes() {
        // The shipped archive: 2,048 buckets, 512 packs of 4: a table of 10 KiB.
        let shipped = PackLayout::new(2048, FileSizes::Capped);
        assert!(!shipped.head);
        // 50x: 3,072 packs of 23 buckets, a table of 288 KiB.
        let large = PackLayout::new(69_632, FileSizes::Capped);
        assert!(large.head);
        let table = 4 * large.packs() as usize * (large.per_pack as usize + 1);
        assert!(table > OFFSETS_IN_META_BYTES, "{table}");
        // The smallest count whose table passes the limit: 16 KiB is 4,096 offsets, 819 packs
        // of 4 buckets (5 offsets each) at most.
        let at_limit = PackLayout::new(64 * 51, FileSizes::Capped);
        assert_eq!((at_limit.per_pack, at_limit.packs()), (4, 64 * 13));
        assert!(at_limit.head);
        assert!(!PackLayout::new(64 * 48, FileSizes::Capped).head);
    }

    #[test]
    fn every_bucket_has_one_place_in_its_partitions_packs() {
        for count in [64, 960, 1856, 64 * 64, 64 * 100, 110_592] {
            let layout = PackLayout::new(count, FileSizes::Capped);
            let mut seen = vec![false; count as usize];
            for k in 0..layout.packs() {
                for (slot, b) in layout.buckets(k).enumerate() {
                    assert_eq!(layout.place(b), (k, slot as u32), "{count}: {b}");
                    assert!(!std::mem::replace(&mut seen[b as usize], true));
                    let part = b as usize % PARTS;
                    assert!(layout.packs_of_part(part).contains(&k));
                }
            }
            assert!(seen.iter().all(|&s| s), "{count}");
        }
        // The shipped archive: 29 buckets in each partition, in 8 packs of up to 4.
        let shipped = PackLayout::new(1856, FileSizes::Capped);
        assert_eq!((shipped.per_pack, shipped.packs()), (4, 64 * 8));
        // 110,592 buckets (50x when packs were made): 1,728 a partition, 48 packs of 36.
        let large = PackLayout::new(110_592, FileSizes::Capped);
        assert_eq!((large.per_pack, large.packs()), (36, 64 * 48));
    }

    #[test]
    fn offsets_find_each_bucket() {
        let layout = PackLayout::new(64 * 296, FileSizes::Capped);
        // 296 buckets a partition, 7 to a pack (18,944 / 3,072 rounded up): 43 packs a partition.
        assert_eq!((layout.per_pack, layout.packs()), (7, 64 * 43));
        let k = layout.packs() - 1;
        let (bytes, offsets) = pack(&layout, k, |b| vec![b as u8; (b % 5) as usize]);
        assert_eq!(offsets.len(), 8);
        for (slot, b) in layout.buckets(k).enumerate() {
            let (s, e) = (offsets[slot] as usize, offsets[slot + 1] as usize);
            assert_eq!(bytes[s..e], vec![b as u8; (b % 5) as usize][..]);
        }
        // The last pack of a partition holds 296 - 42 × 7 = 2 buckets; the other slots are empty.
        assert_eq!(layout.buckets(k).count(), 2);
        assert!(offsets[2..].iter().all(|&o| o as usize == bytes.len()));
        let file = offsets_file(std::slice::from_ref(&offsets));
        assert_eq!(file.len(), 8 * 4);
        assert_eq!(file[4..8], offsets[1].to_le_bytes());
    }

    #[test]
    fn small_packs_begin_with_their_offsets() {
        // 50x in small files: 4 buckets a pack, however many packs that makes.
        let small = PackLayout::new(69_632, FileSizes::Small);
        assert_eq!((small.per_pack, small.packs()), (4, 64 * 272));
        assert_eq!(PackLayout::new(69_632, FileSizes::Capped).per_pack, 23);
        let k = 5;
        let (bytes, offsets) = pack(&small, k, |b| vec![b as u8; 1 + (b % 3) as usize]);
        // The head: 5 offsets, the first just past it.
        assert_eq!(offsets[0], 20);
        for (slot, b) in small.buckets(k).enumerate() {
            let read = |i: usize| u32::from_le_bytes(bytes[4 * i..4 * i + 4].try_into().unwrap());
            let (s, e) = (read(slot) as usize, read(slot + 1) as usize);
            assert_eq!((s as u32, e as u32), (offsets[slot], offsets[slot + 1]));
            assert_eq!(bytes[s..e], vec![b as u8; 1 + (b % 3) as usize][..]);
        }
        assert_eq!(offsets[4] as usize, bytes.len());
    }
}
