//! The sink `serve` rebuilds into: only files whose bytes changed since the last build are
//! written (first beside the output, then moved in when the whole build succeeded), and files the
//! new build no longer makes are removed. A failed rebuild leaves the served site as it was.

use super::{relative_or_error, Sink};
use crate::diagnostics::Diagnostic;
use rayon::prelude::*;
use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

type Digests = HashMap<String, [u8; 32]>;

/// What the served folder holds: each file's digest, as last written.
#[derive(Default)]
pub struct Written {
    files: Digests,
}

pub struct Incremental<'a> {
    target: PathBuf,
    pending: PathBuf,
    previous: &'a Written,
    /// Every file of this build with its digest, and which of them changed.
    seen: Mutex<(Digests, Vec<String>)>,
    folders: super::Folders,
}

impl<'a> Incremental<'a> {
    /// `previous` is empty before the first build, which therefore writes every file.
    pub fn new(target: &Path, previous: &'a Written) -> Result<Incremental<'a>, Diagnostic> {
        let pending = target.with_extension("pending");
        if pending.exists() {
            std::fs::remove_dir_all(&pending).map_err(|e| super::cannot_write(&pending, e))?;
        }
        Ok(Incremental {
            target: target.to_path_buf(),
            pending,
            previous,
            seen: Mutex::new((Digests::new(), Vec::new())),
            folders: super::Folders::default(),
        })
    }

    /// Moves the changed files in and removes the stale ones; returns the new state and how many
    /// files changed.
    pub fn commit(self) -> Result<(Written, usize), Diagnostic> {
        let (files, changed) = std::mem::take(
            &mut *self
                .seen
                .lock()
                .map_err(|_| Diagnostic::new("a rendering thread failed"))?,
        );
        std::fs::create_dir_all(&self.target).map_err(|e| super::cannot_write(&self.target, e))?;
        // An edit changes a few pages but often hundreds of the search index's files: they are
        // moved in parallel, each folder made once (the same `Folders` that made the pending ones).
        changed.par_iter().try_for_each(|path| {
            let to = self.target.join(path);
            self.folders
                .make_parent(&to)
                .and_then(|()| std::fs::rename(self.pending.join(path), &to))
                .map_err(|e| super::cannot_write(&to, e))
        })?;
        for old in self.previous.files.keys() {
            if !files.contains_key(old) {
                let _ = std::fs::remove_file(self.target.join(old));
            }
        }
        let _ = std::fs::remove_dir_all(&self.pending);
        Ok((Written { files }, changed.len()))
    }
}

impl Incremental<'_> {
    /// Keeps `path` as the last build wrote it, without its bytes: true if the last build wrote
    /// it and it is still in the served folder (false: the caller must write it).
    pub fn keep(&self, path: &str) -> bool {
        let Some(digest) = self.previous.files.get(path) else {
            return false;
        };
        let Ok(rel) = relative_or_error(path) else {
            return false;
        };
        if !self.target.join(rel).is_file() {
            return false;
        }
        match self.seen.lock() {
            Ok(mut seen) => {
                seen.0.insert(path.to_string(), *digest);
                true
            }
            Err(_) => false,
        }
    }
}

impl Sink for Incremental<'_> {
    fn write(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        let rel = relative_or_error(path)?;
        let digest = crate::digest::of(bytes);
        let unchanged =
            self.previous.files.get(path) == Some(&digest) && self.target.join(&rel).is_file();
        if !unchanged {
            let full = self.pending.join(&rel);
            self.folders.make_parent(&full)?;
            std::fs::write(full, bytes)?;
        }
        let mut seen = self
            .seen
            .lock()
            .map_err(|_| io::Error::other("a rendering thread failed"))?;
        seen.0.insert(path.to_string(), digest);
        if !unchanged {
            seen.1.push(path.to_string());
        }
        Ok(())
    }
}

impl Drop for Incremental<'_> {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.pending);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_changed_files_are_written_and_stale_ones_removed() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("public");
        let none = Written::default();
        let first = Incremental::new(&out, &none).expect("sink");
        first.write("a/index.html", b"one").expect("write");
        first.write("b.txt", b"bee").expect("write");
        let (state, changed) = first.commit().expect("commit");
        assert_eq!(changed, 2);

        let second = Incremental::new(&out, &state).expect("sink");
        second.write("a/index.html", b"two").expect("write");
        let (_, changed) = second.commit().expect("commit");
        assert_eq!(changed, 1);
        assert_eq!(
            std::fs::read(out.join("a/index.html")).expect("read"),
            b"two"
        );
        assert!(
            !out.join("b.txt").exists(),
            "a file the build no longer makes is removed"
        );
    }

    #[test]
    fn a_kept_file_stays_without_being_written_again() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("public");
        let none = Written::default();
        let first = Incremental::new(&out, &none).expect("sink");
        first.write("a.txt", b"aye").expect("write");
        let (state, _) = first.commit().expect("commit");

        let second = Incremental::new(&out, &state).expect("sink");
        assert!(second.keep("a.txt"));
        assert!(!second.keep("never-written.txt"));
        let (state, changed) = second.commit().expect("commit");
        assert_eq!(changed, 0);
        assert_eq!(std::fs::read(out.join("a.txt")).expect("read"), b"aye");

        // A kept file someone removed from the folder must be written again.
        std::fs::remove_file(out.join("a.txt")).expect("rm");
        let third = Incremental::new(&out, &state).expect("sink");
        assert!(!third.keep("a.txt"));
    }

    #[test]
    fn a_rebuild_that_fails_changes_nothing() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("public");
        let none = Written::default();
        let first = Incremental::new(&out, &none).expect("sink");
        first.write("a.txt", b"old").expect("write");
        let (state, _) = first.commit().expect("commit");
        {
            let failed = Incremental::new(&out, &state).expect("sink");
            failed.write("a.txt", b"new").expect("write");
            // dropped without commit
        }
        assert_eq!(std::fs::read(out.join("a.txt")).expect("read"), b"old");
        assert!(!out.with_extension("pending").exists());
    }
}
