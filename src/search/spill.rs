//! Where a build keeps the documents' parts of the index (`DocIndex::parts`, a block per batch
//! of documents and partition) until their partition is merged. The merge needs every
//! document's part of a partition at once, so until the first partition is merged all of them
//! wait: 477 MB at 50 times the shipped archive, 1.9 GB at 200 times, on top of the pages'
//! and connections' memory. A large archive's blocks therefore wait in a temporary file (the
//! kernel's page cache, not the process, holds what fits), and each is read back when its
//! partition is merged; a small archive's stay in memory, where writing them out would cost
//! more than it saves.

use crate::diagnostics::Diagnostic;
use std::borrow::Cow;
use std::fs::File;
use std::io::Write;

/// From this many bytes of text (the documents' fields) on, blocks go to a temporary file. The
/// shipped archive has 2 MB, 50 times it 56 MB.
pub(super) const SPILL_FROM_TEXT_BYTES: usize = 24 << 20;

/// One batch's block of one partition.
pub(super) enum KeptBlock {
    Held(Box<[u8]>),
    Spilled { at: u64, len: usize },
}

/// The temporary file, if blocks are spilled; `len` is where the next block goes.
pub(super) struct Spill {
    file: Option<File>,
    len: u64,
}

impl Spill {
    /// Blocks are kept in memory unless `spill`.
    pub(super) fn new(spill: bool) -> Result<Spill, Diagnostic> {
        // Reading a block back needs reads at an offset from several threads (`pread`).
        let file = if spill && cfg!(unix) {
            Some(tempfile::tempfile().map_err(cannot_spill)?)
        } else {
            None
        };
        Ok(Spill { file, len: 0 })
    }

    /// Keeps a block until its partition is merged.
    pub(super) fn keep(&mut self, bytes: Vec<u8>) -> Result<KeptBlock, Diagnostic> {
        let Some(file) = &mut self.file else {
            return Ok(KeptBlock::Held(bytes.into_boxed_slice()));
        };
        file.write_all(&bytes).map_err(cannot_spill)?;
        let at = self.len;
        self.len += bytes.len() as u64;
        Ok(KeptBlock::Spilled {
            at,
            len: bytes.len(),
        })
    }

    /// A block's bytes, read back if it was spilled.
    pub(super) fn load<'a>(&self, block: &'a KeptBlock) -> Result<Cow<'a, [u8]>, Diagnostic> {
        match (block, &self.file) {
            (KeptBlock::Held(bytes), _) => Ok(Cow::Borrowed(bytes)),
            (KeptBlock::Spilled { at, len }, Some(file)) => {
                let mut bytes = vec![0; *len];
                read_at(file, &mut bytes, *at).map_err(cannot_spill)?;
                Ok(Cow::Owned(bytes))
            }
            (KeptBlock::Spilled { .. }, None) => Err(Diagnostic::new(
                "the search index lost a block of its temporary file (a bug: please report it)",
            )),
        }
    }
}

#[cfg(unix)]
fn read_at(file: &File, bytes: &mut [u8], at: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, bytes, at)
}

#[cfg(not(unix))]
fn read_at(_: &File, _: &mut [u8], _: u64) -> std::io::Result<()> {
    Err(std::io::Error::from(std::io::ErrorKind::Unsupported))
}

fn cannot_spill(e: std::io::Error) -> Diagnostic {
    Diagnostic::new(format!(
        "cannot use a temporary file in {} for the search index: {e}",
        std::env::temp_dir().display()
    ))
    .help("free some disk space there, or point TMPDIR at a folder with room (a few hundred MB per 10,000 pages)")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_come_back_as_they_were_kept() {
        for spill in [false, true] {
            let mut s = Spill::new(spill).expect("temporary file");
            let a = s.keep(vec![1, 2, 3]).expect("keep");
            let b = s.keep(Vec::new()).expect("keep");
            let c = s.keep(vec![9; 5000]).expect("keep");
            assert_eq!(&*s.load(&c).expect("load"), &[9; 5000][..]);
            assert_eq!(&*s.load(&a).expect("load"), &[1, 2, 3][..]);
            assert!(s.load(&b).expect("load").is_empty());
            assert_eq!(matches!(a, KeptBlock::Spilled { .. }), spill && cfg!(unix));
        }
    }
}
