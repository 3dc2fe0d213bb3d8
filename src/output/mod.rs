//! Stage 4: writing the site. Pages go into a staging folder beside the output folder, which is
//! swapped in only when the whole build succeeded; a failed build leaves the previous site as it was.

pub mod host_limits;
pub mod incremental;
pub mod link_check;
pub mod staging;
mod stamps;

pub use staging::Staging;

use crate::diagnostics::Diagnostic;
use std::io;
use std::path::{Component, Path, PathBuf};

/// What makes a file's bytes for `Sink::write_made`.
pub type Make<'a> = &'a dyn Fn() -> io::Result<Vec<u8>>;

/// Where rendered files go. `Staging` writes them to disk; `check` uses one that only reads them.
pub trait Sink: Sync {
    /// `path` is relative to the site root, with `/` separators.
    fn write(&self, path: &str, bytes: &[u8]) -> io::Result<()>;

    /// Writes the bytes `make` makes, which depend on nothing but `source` (a digest of all they
    /// are made from). A sink that still holds the file made from the same source may keep it
    /// without calling `make`: rendering and minifying the pages was about a quarter of a 1x
    /// build's CPU (2026-12-07), and a rebuild's pages are mostly the same. Nothing is written if `make` fails. Returns
    /// the file's size.
    fn write_made(
        &self,
        path: &str,
        source: &crate::digest::Digest,
        make: Make,
    ) -> io::Result<u64> {
        let _ = source;
        let bytes = make()?;
        self.write(path, &bytes)?;
        Ok(bytes.len() as u64)
    }
}

/// Removes a folder tree, its subfolders in parallel: the previous site has thousands of small
/// files. `remove_dir_all` removes each file by its name in an open folder (`unlinkat`), without
/// walking the whole path again for every file. Best effort: the new site is already in place.
pub(crate) fn remove_tree(dir: &Path) {
    use rayon::prelude::*;
    // The folders two levels down (`talks/<event>`, `_search/d`…) are removed in parallel.
    let mut parts: Vec<PathBuf> = Vec::new();
    for entry in walkdir::WalkDir::new(dir)
        .min_depth(1)
        .max_depth(2)
        .into_iter()
        .flatten()
    {
        if entry.depth() == 2 || !entry.file_type().is_dir() {
            parts.push(entry.into_path());
        }
    }
    parts.par_iter().for_each(|p| {
        let _ = match std::fs::symlink_metadata(p) {
            Ok(m) if m.is_dir() => std::fs::remove_dir_all(p),
            _ => std::fs::remove_file(p),
        };
    });
    let _ = std::fs::remove_dir_all(dir);
}

/// `path` as a relative path that cannot leave the folder it is joined to.
/// `safe_relative`, as the error a sink returns for a path that would leave the output folder.
/// Makes the folders files go into, each once. `create_dir_all` before every file costs a
/// `mkdir` system call per file even where the folder exists: half of a build's 1,800 `mkdir`s,
/// at about 0.1 ms each on this project's machines.
#[derive(Default)]
pub(crate) struct Folders {
    made: std::sync::Mutex<std::collections::HashSet<PathBuf>>,
}

impl Folders {
    pub(crate) fn make_parent(&self, file: &Path) -> io::Result<()> {
        let Some(parent) = file.parent() else {
            return Ok(());
        };
        if self.made.lock().is_ok_and(|made| made.contains(parent)) {
            return Ok(());
        }
        std::fs::create_dir_all(parent)?;
        if let Ok(mut made) = self.made.lock() {
            made.insert(parent.to_path_buf());
        }
        Ok(())
    }
}

pub(crate) fn relative_or_error(path: &str) -> io::Result<PathBuf> {
    safe_relative(path).ok_or_else(|| {
        io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("`{path}` would be written outside the output folder"),
        )
    })
}

pub(crate) fn safe_relative(path: &str) -> Option<PathBuf> {
    let p = Path::new(path);
    let ok = !path.is_empty() && p.components().all(|c| matches!(c, Component::Normal(_)));
    ok.then(|| p.to_path_buf())
}

pub(crate) fn cannot_write(path: &Path, e: io::Error) -> Diagnostic {
    Diagnostic::in_file(path, format!("cannot write: {e}"))
        .help("choose an output folder you can write to with --output")
}

/// Refuses output folders that would overwrite the site's own files.
pub fn check_output_folder(root: &Path, output: &Path) -> Result<(), Diagnostic> {
    let abs = |p: &Path| -> PathBuf {
        let p = if p.is_absolute() {
            p.to_path_buf()
        } else {
            std::env::current_dir().unwrap_or_default().join(p)
        };
        normalize(&p)
    };
    let root = abs(root);
    let out = abs(output);
    let problem = if root.starts_with(&out) {
        Some("it contains the site itself")
    } else {
        ["content", "templates", "static"]
            .iter()
            .find(|d| out.starts_with(root.join(d)))
            .map(|_| "it is inside the site's content, templates or static folder")
    };
    match problem {
        Some(why) => Err(Diagnostic::new(format!(
            "cannot build into `{}`: {why}, which the build would replace",
            output.display()
        ))
        .help("choose a separate output folder, e.g. --output public")),
        None => Ok(()),
    }
}

/// Refuses output paths the build cannot or must not replace: one under a file, a file, or a
/// folder with other things in it that an earlier build did not write (every build writes
/// `_search/`). Replacing such a folder would delete what is in it.
pub fn check_output_target(output: &Path) -> Result<(), Diagnostic> {
    let help = "choose an output folder with --output, e.g. --output public";
    let shown = output.display();
    if let Ok(meta) = std::fs::metadata(output) {
        if !meta.is_dir() {
            return Err(Diagnostic::new(format!(
                "cannot build into `{shown}`: `{shown}` is a file, not a folder, and the build would replace it"
            ))
            .help(help));
        }
        let mut entries = std::fs::read_dir(output).map_err(|e| cannot_write(output, e))?;
        let empty = entries.next().is_none();
        if !empty && !output.join(crate::search::INDEX_DIR).is_dir() {
            return Err(Diagnostic::new(format!(
                "cannot build into `{shown}`: `{shown}` is not empty and was not written by talkarchive \
                 (it has no {} folder); the build would replace everything in it",
                crate::search::INDEX_DIR
            ))
            .help(format!("move what is in it elsewhere, or {help}")));
        }
        return Ok(());
    }
    for ancestor in output.ancestors().skip(1) {
        if ancestor.as_os_str().is_empty() {
            break;
        }
        if let Ok(meta) = std::fs::metadata(ancestor) {
            if !meta.is_dir() {
                return Err(Diagnostic::new(format!(
                    "cannot build into `{shown}`: `{}` is a file, not a folder",
                    ancestor.display()
                ))
                .help(help));
            }
            break;
        }
    }
    Ok(())
}

/// Resolves `.` and `..` without touching the file system.
fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_cannot_escape() {
        assert!(safe_relative("talks/a/index.html").is_some());
        assert!(safe_relative("../x").is_none());
        assert!(safe_relative("/etc/passwd").is_none());
        assert!(safe_relative("a/../../x").is_none());
    }

    #[test]
    fn refuses_outputs_it_would_wrongly_replace() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("notes.txt");
        std::fs::write(&file, "mine").unwrap();
        let err = check_output_target(&file).unwrap_err();
        assert!(err.message.contains("is a file, not a folder"), "{err}");
        let under = file.join("public");
        let err = check_output_target(&under).unwrap_err();
        assert!(err.message.contains("notes.txt` is a file"), "{err}");
        let foreign = dir.path().join("docs");
        std::fs::create_dir(&foreign).unwrap();
        assert!(
            check_output_target(&foreign).is_ok(),
            "an empty folder is fine"
        );
        std::fs::write(foreign.join("thesis.md"), "work").unwrap();
        let err = check_output_target(&foreign).unwrap_err();
        assert!(err.message.contains("is not empty"), "{err}");
        std::fs::create_dir(foreign.join("_search")).unwrap();
        assert!(
            check_output_target(&foreign).is_ok(),
            "an earlier build's output"
        );
        assert!(check_output_target(&dir.path().join("new/deep/public")).is_ok());
    }

    #[test]
    fn refuses_to_build_over_the_site() {
        let root = Path::new("/site");
        assert!(check_output_folder(root, Path::new("/site/content")).is_err());
        assert!(check_output_folder(root, Path::new("/site")).is_err());
        assert!(check_output_folder(root, Path::new("/")).is_err());
        assert!(check_output_folder(root, Path::new("/site/public")).is_ok());
    }
}
