//! The folder a build writes into, beside the output folder, swapped in only when the whole build
//! succeeded: a failed build leaves the previous site as it was.
//!
//! The staging folder is the site before the previous one, kept from the last swap in
//! `.<output>.talkarchive-cache/previous`. A build overwrites only the files whose bytes changed,
//! adds the new ones and removes the ones it no longer makes. Creating files and folders is most
//! of a small build's system time on ext4 (about 0.1–0.4 ms each, more soon after as many were
//! deleted), and most of a rebuild's files are the same as two builds ago. Whether a kept file
//! already holds the bytes is told by its stamp (`stamps`), else by reading it. A made file's
//! stamp is of what it was made from (`Sink::write_made`: a page's view model, templates and
//! context; a search fragment's JSON), so that an unchanged page is neither rendered nor
//! minified again and a fragment not gzipped again. The first build, or one whose cache was
//! deleted, makes every file. The build after it has no kept site yet: it copies the output's
//! files that the stamps say were made from the same source, instead of making them again.

use super::stamps::{Stamp, Stamps};
use super::{cannot_write, relative_or_error, Folders, Make, Sink};
use crate::diagnostics::Diagnostic;
use crate::digest::Digest;
use std::collections::{HashMap, HashSet};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

pub struct Staging {
    target: PathBuf,
    /// `.<output>.talkarchive-cache`: `previous/`, `stamps` and, during a build, `building-<pid>/`.
    cache: PathBuf,
    dir: PathBuf,
    /// The folder holds an earlier site (compare before writing, remove what was not written).
    recycled: bool,
    /// The kept site's files and folders (paths in the site), listed on another thread from
    /// when it was claimed (`kept()` waits for it): a build claims it before loading the content.
    kept: std::sync::OnceLock<Kept>,
    listing: Mutex<Option<std::thread::JoinHandle<Kept>>>,
    stamps: Stamps,
    committed: bool,
    folders: Folders,
    /// Every file written, by path in the site, with its stamp.
    written: Mutex<HashMap<PathBuf, Stamp>>,
}

/// The folder beside `output` where a build keeps the site before (`previous/`) and its files'
/// stamps for the next build.
pub fn cache_folder(output: &Path) -> Option<PathBuf> {
    let name = output.file_name()?.to_string_lossy().into_owned();
    Some(parent_of(output).join(format!(".{name}.talkarchive-cache")))
}

fn parent_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

impl Staging {
    pub fn create(target: &Path) -> Result<Staging, Diagnostic> {
        let cache = cache_folder(target).ok_or_else(|| {
            Diagnostic::new(format!(
                "the output path `{}` has no folder name",
                target.display()
            ))
        })?;
        std::fs::create_dir_all(&cache).map_err(|e| cannot_write(&cache, e))?;
        let dir = cache.join(format!("building-{}", std::process::id()));
        if std::fs::symlink_metadata(&dir).is_ok() {
            std::fs::remove_dir_all(&dir).map_err(|e| cannot_write(&dir, e))?;
        }
        // Claiming the kept site by renaming it: of two builds at once, one gets it.
        let previous = cache.join("previous");
        let kept = std::fs::symlink_metadata(&previous).is_ok_and(|m| m.is_dir());
        let recycled = kept && std::fs::rename(&previous, &dir).is_ok();
        if !recycled {
            std::fs::create_dir(&dir).map_err(|e| cannot_write(&dir, e))?;
        }
        let listing = recycled.then(|| {
            let dir = dir.clone();
            std::thread::spawn(move || Kept::list(&dir))
        });
        Ok(Staging {
            target: target.to_path_buf(),
            stamps: Stamps::read(&cache.join("stamps")),
            cache,
            dir,
            recycled,
            kept: std::sync::OnceLock::new(),
            listing: Mutex::new(listing),
            committed: false,
            folders: Folders::default(),
            written: Mutex::new(HashMap::new()),
        })
    }

    /// Removes what the kept site had and this build did not write, then puts the staged site in
    /// place of the output folder and keeps the replaced one for the next build.
    pub fn commit(mut self) -> Result<(), Diagnostic> {
        if self.recycled {
            self.remove_unwritten();
        }
        let has_target = std::fs::symlink_metadata(&self.target).is_ok();
        if has_target && exchange(&self.dir, &self.target).is_ok() {
            // `dir` now holds the replaced site.
            self.committed = true;
            self.keep_replaced(self.dir.clone());
            return Ok(());
        }
        let old = self.cache.join("old");
        if has_target {
            std::fs::rename(&self.target, &old).map_err(|e| cannot_write(&self.target, e))?;
        }
        if let Err(e) = std::fs::rename(&self.dir, &self.target) {
            // Put the previous site back before reporting.
            let _ = std::fs::rename(&old, &self.target);
            return Err(cannot_write(&self.target, e));
        }
        self.committed = true;
        if has_target {
            self.keep_replaced(old);
        } else {
            self.write_stamps();
        }
        Ok(())
    }

    /// Best effort: the new site is already in place.
    fn keep_replaced(&self, replaced: PathBuf) {
        let previous = self.cache.join("previous");
        if std::fs::symlink_metadata(&previous).is_ok() {
            super::remove_tree(&previous);
        }
        if std::fs::rename(&replaced, &previous).is_err() {
            super::remove_tree(&replaced);
        }
        self.write_stamps();
    }

    /// Best effort: without stamps the next build reads the files it would keep.
    fn write_stamps(&self) {
        let Ok(written) = self.written.lock() else {
            return;
        };
        let mut live: Vec<Stamp> = written.values().copied().collect();
        live.sort_unstable_by_key(|s| s.inode());
        let _ = self
            .stamps
            .write_after_swap(&self.cache.join("stamps"), &live);
    }

    /// The kept site's listing, once its links are gone.
    fn kept(&self) -> &Kept {
        self.kept.get_or_init(|| {
            let listing = self.listing.lock().ok().and_then(|mut l| l.take());
            match listing.map(std::thread::JoinHandle::join) {
                Some(Ok(kept)) => kept,
                // Listed here if the thread could not: no write before its links are gone.
                _ if self.recycled => Kept::list(&self.dir),
                _ => Kept::default(),
            }
        })
    }

    /// Removes the kept site's files that this build did not write, and the folders left empty.
    fn remove_unwritten(&self) {
        let kept = self.kept();
        let Ok(written) = self.written.lock() else {
            return;
        };
        for file in &kept.files {
            if !written.contains_key(file) {
                let _ = std::fs::remove_file(self.dir.join(file));
            }
        }
        let holding: HashSet<&Path> = written.keys().filter_map(|p| p.parent()).collect();
        // Deepest first; a folder that still holds a folder stays.
        for folder in kept.folders.iter().rev() {
            if !holding.contains(folder.as_path()) {
                let _ = std::fs::remove_dir(self.dir.join(folder));
            }
        }
    }

    /// Notes that the site holds `rel`, with its stamp (for the swap and the next build).
    fn record(&self, rel: PathBuf, stamp: Stamp) -> io::Result<()> {
        self.written
            .lock()
            .map_err(|_| io::Error::other("a rendering thread failed"))?
            .insert(rel, stamp);
        Ok(())
    }

    /// The kept site's file at `full` (not a folder nor a link), if this build recycles one.
    fn kept_file(&self, full: &Path) -> Option<std::fs::Metadata> {
        if !self.recycled {
            return None;
        }
        // No look at the kept site before its links are gone.
        self.kept();
        std::fs::symlink_metadata(full)
            .ok()
            .filter(|meta| meta.is_file())
    }

    /// Writes `bytes` to `full` unless the kept file there (`kept`, from `kept_file`) already
    /// holds them; returns the file's stamp, whose digest is `digest`: of the bytes, or of what
    /// they are made from (`Sink::write_made`). Something in the way (a folder where the file
    /// goes, a file where a folder goes) is removed: the kept site is ours.
    fn write_file(
        &self,
        full: &Path,
        bytes: &[u8],
        digest: Digest,
        kept: Option<std::fs::Metadata>,
    ) -> io::Result<Stamp> {
        if let Some(meta) = kept {
            let same = self.stamps.holds(&digest, &meta)
                || (meta.len() == bytes.len() as u64 && holds(full, bytes));
            if same {
                return Ok(Stamp::new(digest, &meta));
            }
        }
        if self.folders.make_parent(full).is_err() {
            self.clear_way_to(full)?;
            self.folders.make_parent(full)?;
        }
        let file = match std::fs::File::create(full) {
            Err(_) if self.recycled && full.is_dir() => {
                std::fs::remove_dir_all(full)?;
                std::fs::File::create(full)
            }
            file => file,
        };
        let mut file = file?;
        file.write_all(bytes)?;
        Ok(Stamp::new(digest, &file.metadata()?))
    }

    /// Copies the output folder's file at `rel` to `full` if the stamps say it was made from
    /// `source` and has not changed since; its size, or `None` (the caller makes the file). For
    /// the build after the first, which has no kept site to recycle: at 1x it rendered and
    /// minified every page again, as long as a first build (2026-12-08). The output stays as it
    /// is: the copy is a file of its own. The file is read through the handle its stamp was
    /// checked on, so that another build swapping the output in between cannot give it other
    /// bytes. A file that cannot be read is made, not an error: the output is only a shortcut.
    fn copy_from_output(
        &self,
        rel: &Path,
        full: &Path,
        source: &Digest,
    ) -> io::Result<Option<u64>> {
        let Ok(mut from) = std::fs::File::open(self.target.join(rel)) else {
            return Ok(None);
        };
        match from.metadata() {
            Ok(meta) if meta.is_file() && self.stamps.holds(source, &meta) => {}
            _ => return Ok(None),
        }
        self.folders.make_parent(full)?;
        let mut to = std::fs::File::create(full)?;
        if io::copy(&mut from, &mut to).is_err() {
            // Not copied (a read error; a write error comes back when the file is made): made
            // instead, into the same file.
            return Ok(None);
        }
        let copied = to.metadata()?;
        self.record(rel.to_path_buf(), Stamp::new(*source, &copied))?;
        Ok(Some(copied.len()))
    }

    /// Removes the files of the kept site that sit where `full`'s folders go.
    fn clear_way_to(&self, full: &Path) -> io::Result<()> {
        let mut ancestors: Vec<&Path> = full
            .ancestors()
            .skip(1)
            .take_while(|a| a.starts_with(&self.dir) && *a != self.dir)
            .collect();
        ancestors.reverse();
        for folder in ancestors {
            if std::fs::symlink_metadata(folder).is_ok_and(|m| !m.is_dir()) {
                std::fs::remove_file(folder)?;
            }
        }
        Ok(())
    }
}

/// What a kept site holds. Listing it is also where anything but files and folders goes: a
/// symbolic link in the kept site would have the build write where it points.
#[derive(Default)]
struct Kept {
    files: Vec<PathBuf>,
    /// Parents before their children.
    folders: Vec<PathBuf>,
}

impl Kept {
    fn list(dir: &Path) -> Kept {
        let mut kept = Kept::default();
        for entry in walkdir::WalkDir::new(dir)
            .min_depth(1)
            .into_iter()
            .flatten()
        {
            let Ok(rel) = entry.path().strip_prefix(dir) else {
                continue;
            };
            let kind = entry.file_type();
            if kind.is_dir() {
                kept.folders.push(rel.to_path_buf());
            } else if kind.is_file() {
                kept.files.push(rel.to_path_buf());
            } else {
                let _ = std::fs::remove_file(entry.path());
            }
        }
        kept
    }
}

/// Whether the file at `path` holds exactly `bytes`. Read a piece at a time into one small
/// buffer: a buffer for the whole file would be fresh memory for every page, and first touches
/// of memory are a large part of a small build's time on a virtual machine.
fn holds(path: &Path, bytes: &[u8]) -> bool {
    let Ok(mut file) = std::fs::File::open(path) else {
        return false;
    };
    if !file
        .metadata()
        .is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64)
    {
        return false;
    }
    let mut buffer = [0u8; 16 * 1024];
    let mut rest = bytes;
    loop {
        match file.read(&mut buffer) {
            Ok(0) => return rest.is_empty(),
            Ok(n) if n <= rest.len() && buffer[..n] == rest[..n] => rest = &rest[n..],
            Ok(_) => return false,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(_) => return false,
        }
    }
}

/// Swaps two paths in one step, so the output folder never disappears, not even for a moment.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let c = |p: &Path| {
        CString::new(p.as_os_str().as_bytes())
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e))
    };
    let (a, b) = (c(a)?, c(b)?);
    // SAFETY: both are valid NUL-terminated paths that live across the call.
    let done = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if done == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

/// Elsewhere the caller falls back to two renames.
#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::Error::from(io::ErrorKind::Unsupported))
}

impl Drop for Staging {
    fn drop(&mut self) {
        if self.committed {
            return;
        }
        if self.recycled {
            // The listing thread walks `dir`: let it finish before `dir` moves.
            self.kept();
        }
        // A failed build. A kept site it was writing into goes back to be kept (the next build
        // compares every file anyway); a folder it made is removed, leaving nothing new behind.
        let previous = self.cache.join("previous");
        let put_back = self.recycled
            && std::fs::symlink_metadata(&previous).is_err()
            && std::fs::rename(&self.dir, &previous).is_ok();
        if !put_back {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
        // Only if empty: this build made it.
        let _ = std::fs::remove_dir(&self.cache);
    }
}

impl Sink for Staging {
    fn write(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        let rel = relative_or_error(path)?;
        let full = self.dir.join(&rel);
        let digest = crate::digest::of(bytes);
        let stamp = self.write_file(&full, bytes, digest, self.kept_file(&full))?;
        self.record(rel, stamp)
    }

    /// A kept file stamped with the same source is kept as it is, unmade. Its stamp then holds
    /// the source's digest instead of the bytes': a later `write` of the same path compares
    /// bytes (a digest never matches the other kind), so it only costs a read.
    fn write_made(&self, path: &str, source: &Digest, make: Make) -> io::Result<u64> {
        let rel = relative_or_error(path)?;
        let full = self.dir.join(&rel);
        let kept = self.kept_file(&full);
        if let Some(meta) = kept.as_ref().filter(|m| self.stamps.holds(source, m)) {
            let size = meta.len();
            self.record(rel, Stamp::new(*source, meta))?;
            return Ok(size);
        }
        // Without stamps (a first build) nothing in the output can be trusted: no file is opened.
        if !self.recycled && !self.stamps.is_empty() {
            if let Some(size) = self.copy_from_output(&rel, &full, source)? {
                return Ok(size);
            }
        }
        let bytes = make()?;
        let stamp = self.write_file(&full, &bytes, *source, kept)?;
        self.record(rel, stamp)?;
        Ok(bytes.len() as u64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(dir: &Path) -> Vec<(String, String)> {
        let mut all: Vec<(String, String)> = walkdir::WalkDir::new(dir)
            .min_depth(1)
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = e
                    .path()
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                (rel, std::fs::read_to_string(e.path()).unwrap())
            })
            .collect();
        all.sort();
        all
    }

    fn build(out: &Path, site: &[(&str, &str)]) {
        let staging = Staging::create(out).unwrap();
        for (path, text) in site {
            staging.write(path, text.as_bytes()).unwrap();
        }
        staging.commit().unwrap();
    }

    /// An output folder built from `first`, then from `second`: the kept site is `first`'s.
    /// Returns the temporary folder (alive as long as it is), the output and the kept site.
    fn built_twice(
        first: &[(&str, &str)],
        second: &[(&str, &str)],
    ) -> (tempfile::TempDir, PathBuf, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        build(&out, first);
        build(&out, second);
        let kept = cache_folder(&out).unwrap().join("previous");
        (dir, out, kept)
    }

    /// Builds `site` and asserts that the output holds exactly its files.
    fn build_exactly(out: &Path, site: &[(&str, &str)]) {
        build(out, site);
        let mut want: Vec<(String, String)> = site
            .iter()
            .map(|(p, t)| (p.to_string(), t.to_string()))
            .collect();
        want.sort();
        assert_eq!(files(out), want);
    }

    #[test]
    fn failed_build_leaves_previous_output() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join("old.html"), "old").unwrap();
        {
            let staging = Staging::create(&out).unwrap();
            staging.write("index.html", b"new").unwrap();
            // dropped without commit
        }
        assert_eq!(files(&out), [("old.html".into(), "old".into())]);
        let beside: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains("building"))
            .collect();
        assert!(beside.is_empty(), "{beside:?}");
        build_exactly(&out, &[("index.html", "new")]);
    }

    #[test]
    fn each_build_is_exactly_what_it_wrote_whatever_the_kept_site_held() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let first = [
            ("index.html", "one"),
            ("talks/a/index.html", "a"),
            ("talks/b/index.html", "b"),
        ];
        build(&out, &first);
        build(&out, &[("index.html", "two"), ("talks/a/index.html", "a")]);
        let kept = cache_folder(&out).unwrap().join("previous");
        assert_eq!(files(&kept).len(), 3, "the site before is kept");
        // The third build recycles the first one: b goes, its folder too; c arrives.
        build_exactly(
            &out,
            &[
                ("index.html", "three"),
                ("talks/a/index.html", "a"),
                ("talks/c/index.html", "c"),
            ],
        );
        assert!(!out.join("talks/b").exists(), "emptied folder removed");
        assert_eq!(files(&kept).len(), 2, "the second site is kept now");
    }

    #[test]
    fn a_changed_kept_site_does_not_leak_into_the_next_build() {
        let (_dir, out, kept) = built_twice(
            &[("index.html", "one"), ("a/index.html", "a")],
            &[("index.html", "one"), ("a/index.html", "a")],
        );
        // Someone edits the kept copy: same length, other bytes; a file where a folder goes;
        // a folder where a file goes.
        std::fs::write(kept.join("index.html"), "ONE").unwrap();
        std::fs::remove_dir_all(kept.join("a")).unwrap();
        std::fs::write(kept.join("a"), "in the way").unwrap();
        std::fs::create_dir_all(kept.join("b.html/x")).unwrap();
        build_exactly(
            &out,
            &[
                ("index.html", "one"),
                ("a/index.html", "a"),
                ("b.html", "b"),
            ],
        );
    }

    #[test]
    fn a_link_in_the_kept_site_is_not_followed() {
        let (dir, out, kept) = built_twice(
            &[("index.html", "1"), ("talks/a/index.html", "a")],
            &[("index.html", "2"), ("talks/a/index.html", "a")],
        );
        let elsewhere = dir.path().join("elsewhere");
        std::fs::create_dir(&elsewhere).unwrap();
        std::fs::remove_dir_all(kept.join("talks")).unwrap();
        std::os::unix::fs::symlink(&elsewhere, kept.join("talks")).unwrap();
        std::os::unix::fs::symlink(elsewhere.join("x"), kept.join("index.html.tmp")).unwrap();
        build_exactly(&out, &[("index.html", "3"), ("talks/a/index.html", "a")]);
        assert_eq!(
            std::fs::read_dir(&elsewhere).unwrap().count(),
            0,
            "nothing written through the link"
        );
    }

    #[test]
    fn an_unchanged_file_is_not_rewritten() {
        let (_dir, out, kept) = built_twice(
            &[("same.html", "s"), ("changed.html", "1")],
            &[("same.html", "s"), ("changed.html", "2")],
        );
        let inode = |p: &Path| {
            use std::os::unix::fs::MetadataExt;
            std::fs::metadata(p).unwrap().ino()
        };
        let same = inode(&kept.join("same.html"));
        // A time no write could give it.
        let long_ago =
            std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000);
        for name in ["same.html", "changed.html"] {
            let file = std::fs::File::options()
                .write(true)
                .open(kept.join(name))
                .unwrap();
            file.set_modified(long_ago).unwrap();
        }
        build(&out, &[("same.html", "s"), ("changed.html", "3")]);
        let modified = |p: &Path| std::fs::metadata(p).unwrap().modified().unwrap();
        assert_eq!(inode(&out.join("same.html")), same);
        assert_eq!(
            modified(&out.join("same.html")),
            long_ago,
            "not written again"
        );
        assert_ne!(modified(&out.join("changed.html")), long_ago, "written");
        assert_eq!(
            std::fs::read_to_string(out.join("changed.html")).unwrap(),
            "3"
        );
    }

    #[test]
    fn a_file_made_from_the_same_source_is_kept_without_making_it() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let made = AtomicUsize::new(0);
        let build_made = |source: &str, text: &'static str| {
            let staging = Staging::create(&out).unwrap();
            let make = || {
                made.fetch_add(1, Ordering::SeqCst);
                Ok(text.as_bytes().to_vec())
            };
            let digest = crate::digest::of(source.as_bytes());
            let size = staging.write_made("index.html", &digest, &make).unwrap();
            assert_eq!(size, text.len() as u64);
            // The stamps, written by the commit, in a later clock tick than the file, and the
            // next build in a later one than the stamps (see `Stamps::holds`).
            std::thread::sleep(std::time::Duration::from_millis(20));
            staging.commit().unwrap();
            std::thread::sleep(std::time::Duration::from_millis(20));
        };
        build_made("a", "A");
        // No kept site yet: the output's file is copied.
        build_made("a", "A");
        assert_eq!(made.load(Ordering::SeqCst), 1, "copied, not made again");
        // The site kept from two builds ago has the file, made from the same source.
        build_made("a", "A");
        assert_eq!(made.load(Ordering::SeqCst), 1, "kept, not made again");
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "A"
        );
        build_made("b", "B");
        assert_eq!(made.load(Ordering::SeqCst), 2, "another source is made");
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "B"
        );
    }

    /// The build after the first has no kept site: it copies what the output holds as it was
    /// made, and makes what someone changed there since.
    #[test]
    fn the_build_after_the_first_copies_only_what_the_output_holds_as_made() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let made = AtomicUsize::new(0);
        let build_made = || {
            let staging = Staging::create(&out).unwrap();
            for (path, text) in [("a/index.html", "A"), ("b.html", "B")] {
                let make = || {
                    made.fetch_add(1, Ordering::SeqCst);
                    Ok(text.as_bytes().to_vec())
                };
                let digest = crate::digest::of(path.as_bytes());
                let size = staging.write_made(path, &digest, &make).unwrap();
                assert_eq!(size, 1);
            }
            // The stamps, written by the commit, in a later clock tick than the files, and the
            // next build in a later one than the stamps (see `Stamps::holds`).
            std::thread::sleep(std::time::Duration::from_millis(20));
            staging.commit().unwrap();
            std::thread::sleep(std::time::Duration::from_millis(20));
        };
        build_made();
        assert_eq!(made.load(Ordering::SeqCst), 2);
        std::fs::write(out.join("b.html"), "X").unwrap();
        build_made();
        assert_eq!(made.load(Ordering::SeqCst), 3, "b made again, a copied");
        assert_eq!(
            files(&out),
            [
                ("a/index.html".into(), "A".into()),
                ("b.html".into(), "B".into())
            ]
        );
        // The output it replaced is kept as it was, and the next build keeps both files.
        let kept = cache_folder(&out).unwrap().join("previous");
        assert_eq!(std::fs::read_to_string(kept.join("b.html")).unwrap(), "X");
        build_made();
        assert_eq!(made.load(Ordering::SeqCst), 4, "b: the kept file is X");
        build_made();
        assert_eq!(made.load(Ordering::SeqCst), 4, "both kept");
    }

    /// A file whose making fails is not written, so no stamp says it was made from its source.
    #[test]
    fn a_file_that_fails_to_be_made_is_not_written() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let staging = Staging::create(&out).unwrap();
        let digest = crate::digest::of(b"source");
        let failing = || Err(io::Error::other("the template failed"));
        let e = staging.write_made("a.html", &digest, &failing).unwrap_err();
        assert_eq!(e.to_string(), "the template failed");
        staging.write("b.html", b"B").unwrap();
        staging.commit().unwrap();
        assert!(!out.join("a.html").exists());
        assert!(out.join("b.html").is_file());
    }
}
