//! What a build knows of the files it left, so that a later build writing into the same folder
//! again (`staging`) can tell that a file already holds the bytes it would write without reading
//! it: the digest of the bytes, and the file's identity when they were written (inode, size,
//! modification and change times). A file with the same identity has not been written since.
//!
//! Reading the kept site back cost more than writing it on this project's virtual machines:
//! page-cache pages untouched for a second or more read at 100–300 MB/s (15 MB, 50–140 ms).
//! A stat per file and a digest of bytes already in memory replace that.
//!
//! The change time cannot be set by a user; a write in the same clock tick as ours that keeps the
//! size would go unnoticed (as in git's index), which only another program racing the build can
//! do. Stamps are matched by inode, so a stale or lost stamps file only costs a read.

use crate::digest::Digest;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::fs::Metadata;
use std::io;
use std::os::unix::fs::MetadataExt;
use std::path::Path;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) struct Stamp {
    digest: Digest,
    size: u64,
    inode: u64,
    modified: (i64, i64),
    changed: (i64, i64),
}

impl Stamp {
    pub(super) fn inode(&self) -> u64 {
        self.inode
    }

    /// A file's stamp: the digest of what it holds and its metadata.
    pub(super) fn new(digest: Digest, meta: &Metadata) -> Stamp {
        Stamp {
            digest,
            size: meta.size(),
            inode: meta.ino(),
            modified: (meta.mtime(), meta.mtime_nsec()),
            changed: (meta.ctime(), meta.ctime_nsec()),
        }
    }
}

/// The stamps read back: the output folder's files (`live`, kept as they are by the next swap)
/// and every stamp, of the output and of the kept site, by inode.
#[derive(Default)]
pub(super) struct Stamps {
    live: Vec<Stamp>,
    by_inode: HashMap<u64, Stamp>,
    /// When the stamps were written: a file changed in that same clock tick may have been
    /// written again after it was stamped, unseen (file times are coarse), so it is read.
    written: (i64, i64),
}

const HEADER: &str = "talkarchive stamps 1";

impl Stamps {
    /// The stamps in `path`; none if it is missing or not a stamps file.
    pub(super) fn read(path: &Path) -> Stamps {
        let (Ok(text), Ok(meta)) = (std::fs::read_to_string(path), std::fs::metadata(path)) else {
            return Stamps::default();
        };
        let mut lines = text.lines();
        if lines.next() != Some(HEADER) {
            return Stamps::default();
        }
        let mut stamps = Stamps {
            written: (meta.mtime(), meta.mtime_nsec()),
            ..Stamps::default()
        };
        for line in lines {
            let Some((live, stamp)) = parse(line) else {
                return Stamps::default();
            };
            if live {
                stamps.live.push(stamp);
            }
            stamps.by_inode.insert(stamp.inode, stamp);
        }
        stamps
    }

    /// Whether there are none (a first build, or a lost stamps file): no file is known.
    pub(super) fn is_empty(&self) -> bool {
        self.by_inode.is_empty()
    }

    /// Whether the file with `meta` holds bytes of `digest`, as far as the stamps tell.
    pub(super) fn holds(&self, digest: &Digest, meta: &Metadata) -> bool {
        let stamp = Stamp::new(*digest, meta);
        stamp.changed < self.written && self.by_inode.get(&meta.ino()) == Some(&stamp)
    }

    /// Writes the stamps of a new output folder's files: `live`, and the output it replaced,
    /// now kept (`self`'s live ones).
    pub(super) fn write_after_swap(&self, path: &Path, live: &[Stamp]) -> io::Result<()> {
        let mut text = String::with_capacity((live.len() + self.live.len() + 1) * 120);
        text.push_str(HEADER);
        text.push('\n');
        for (mark, stamps) in [('L', live), ('K', &self.live[..])] {
            for s in stamps {
                text.push(mark);
                text.push_str(&crate::digest::hex(&s.digest));
                let _ = writeln!(
                    text,
                    " {} {} {} {} {} {}",
                    s.size, s.inode, s.modified.0, s.modified.1, s.changed.0, s.changed.1
                );
            }
        }
        let temporary = path.with_extension("new");
        std::fs::write(&temporary, text)?;
        std::fs::rename(&temporary, path)
    }
}

/// `L<digest hex> size inode mtime mtime_ns ctime ctime_ns` (K for a kept site's file).
fn parse(line: &str) -> Option<(bool, Stamp)> {
    let live = match line.as_bytes().first()? {
        b'L' => true,
        b'K' => false,
        _ => return None,
    };
    let mut fields = line.get(1..)?.split(' ');
    let hex = fields.next()?;
    if hex.len() != 64 {
        return None;
    }
    let mut digest = [0u8; 32];
    for (i, byte) in digest.iter_mut().enumerate() {
        *byte = u8::from_str_radix(hex.get(2 * i..2 * i + 2)?, 16).ok()?;
    }
    let mut number = || fields.next()?.parse::<i64>().ok();
    let (size, inode) = (number()?, number()?);
    let modified = (number()?, number()?);
    let changed = (number()?, number()?);
    Some((
        live,
        Stamp {
            digest,
            size: size as u64,
            inode: inode as u64,
            modified,
            changed,
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stamps_survive_a_round_trip_and_tell_changed_files() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        std::fs::write(&a, "one").unwrap();
        std::fs::write(&b, "two").unwrap();
        let stamp = |p: &Path, text: &str| {
            Stamp::new(
                crate::digest::of(text.as_bytes()),
                &std::fs::metadata(p).unwrap(),
            )
        };
        let before = Stamps::read(&dir.path().join("missing"));
        let path = dir.path().join("stamps");
        before.write_after_swap(&path, &[stamp(&a, "one")]).unwrap();
        // The next build: a is kept now, b is the new output's.
        let first = Stamps::read(&path);
        first.write_after_swap(&path, &[stamp(&b, "two")]).unwrap();
        let meta = |p: &Path| std::fs::metadata(p).unwrap();
        let stamps = Stamps::read(&path);
        if stamps.written <= (meta(&b).ctime(), meta(&b).ctime_nsec()) {
            // Written in the same clock tick as b: b could have changed unseen, so it is read.
            assert!(!stamps.holds(&crate::digest::of(b"two"), &meta(&b)));
            std::thread::sleep(std::time::Duration::from_millis(20));
            first.write_after_swap(&path, &[stamp(&b, "two")]).unwrap();
        }
        let stamps = Stamps::read(&path);
        assert!(
            stamps.holds(&crate::digest::of(b"one"), &meta(&a)),
            "kept site's file"
        );
        assert!(
            stamps.holds(&crate::digest::of(b"two"), &meta(&b)),
            "output's file"
        );
        assert!(
            !stamps.holds(&crate::digest::of(b"other"), &meta(&a)),
            "other bytes"
        );
        // Written again with the same size: its times change.
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(&a, "ONE").unwrap();
        assert!(
            !stamps.holds(&crate::digest::of(b"one"), &meta(&a)),
            "rewritten since"
        );
        std::fs::write(&path, "not stamps").unwrap();
        assert!(!Stamps::read(&path).holds(&crate::digest::of(b"two"), &meta(&b)));
    }
}
