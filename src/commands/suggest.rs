//! `talkarchive suggest aliases`: prints the spans of talk text that sound like a speaker's or
//! org's name and are not yet one of its forms (src/suggest/).

use crate::connect::words::Dictionary;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::suggest;
use std::io::Write;
use std::path::Path;

pub fn aliases(root: &Path, json: bool, min_score: f64) -> Result<(), Diagnostics> {
    let dictionary = std::thread::spawn(Dictionary::load);
    let archive = crate::site::load_archive(root, None)?;
    let dictionary = dictionary.join().unwrap_or_else(|_| Dictionary::load());
    let found = suggest::suggest_aliases(&archive, &dictionary, min_score);
    let out = if json {
        format!("{}\n", suggest::output::json(&found))
    } else {
        suggest::output::text(&found)
    };
    // A reader that stops early (`| head`) closes the pipe: that is not an error of the archive.
    match std::io::stdout().lock().write_all(out.as_bytes()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return Ok(()),
        Err(e) => {
            return Err(
                Diagnostic::new(format!("could not write the suggestions: {e}"))
                    .help("write them where there is room, e.g. `--json > suggestions.json`")
                    .into(),
            )
        }
        Ok(()) => {}
    }
    if !json {
        eprintln!(
            "{} suggestions scoring {min_score} or more; record each as `aliases` or `not_aliases` \
             in its file (docs/content-format.md)",
            found.len()
        );
    }
    Ok(())
}

/// The line `check` and `serve` print when suggestions above the high threshold are open.
pub fn open_line(open: usize) -> Option<String> {
    (open > 0).then(|| {
        format!(
            "warning: {open} alias suggestions scoring {} or more are open; \
             `talkarchive suggest aliases --min-score {}` lists them",
            suggest::OPEN_THRESHOLD,
            suggest::OPEN_THRESHOLD
        )
    })
}
