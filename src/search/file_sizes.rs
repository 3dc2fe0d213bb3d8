//! How large the index's files are, chosen by the host the site is published on
//! (`[search] host_ranges` in talkarchive.toml; docs/deploy.md).
//!
//! A host that answers byte ranges reads a bucket or an excerpt out of a large file, so the
//! files' size costs a reader nothing and their number costs the build (0.1-0.2 ms of system
//! time each) and the host (Cloudflare Pages takes 20,000). A host that ignores ranges sends
//! every file whole, so there a query costs what its files weigh: at 50 times the shipped
//! archive, packs of 68 buckets and fragments of 26 KiB made a median query 744 KiB (462 once
//! the packs began with their offsets); packs of 23 buckets and fragments of 10 KiB, 191 KiB.

use crate::config::Ranges;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum FileSizes {
    /// For hosts that answer ranges (the default): a large archive gets larger `d/` packs and
    /// `x/` fragments, so that there are about 3,072 of each however large it is (50 times the
    /// shipped archive is then 16,585 files, under Cloudflare Pages' 20,000).
    Capped,
    /// For hosts that ignore ranges: `d/` packs of a few buckets, each beginning with where its
    /// buckets are (so that no `d/offsets.bin` is needed), and `x/` fragments of about 8 KiB of
    /// text, however many files that makes.
    Small,
}

impl FileSizes {
    pub fn for_host(ranges: Ranges) -> FileSizes {
        match ranges {
            Ranges::None => FileSizes::Small,
            Ranges::Multi | Ranges::Single => FileSizes::Capped,
        }
    }

    /// Pages of a key's positions per `p/` file (`pageFile` in `meta.json`). A page is about
    /// 2 KiB. Where a host sends files whole, four: about 8 KiB for the page a query needs.
    /// Where it answers ranges, a query asks for a file's pages in one request (several ranges
    /// on a `multi` host, neighbours joined on a `single` one), so a key's pages are one file:
    /// four to a file, a frequent trigram's were up to 28 files at 50 times the shipped archive,
    /// and the query 生成式人工智能 a request for each. 256 pages are about 512 KiB, far below the
    /// 25 MiB a file that some hosts take.
    pub fn pages_per_file(self) -> usize {
        match self {
            FileSizes::Capped => 256,
            FileSizes::Small => 4,
        }
    }
}
