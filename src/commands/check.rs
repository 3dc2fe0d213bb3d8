//! `talkarchive check`: load, resolve and render everything in memory, then check every internal
//! link and anchor. Writes nothing.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::link_check::{LinkCollector, Problem};
use std::path::Path;

pub fn run(root: &Path, quiet: bool) -> Result<(), Diagnostics> {
    let collector = LinkCollector::default();
    let (archive, report) = crate::site::render_into(root, &collector)?;
    let problems = collector.problems(archive.config.base_path());
    let mut diags = Diagnostics::default();
    for Problem { page, target, why } in &problems {
        diags.push(
            Diagnostic::new(format!("{page}: broken link to `{target}`: {why}"))
                .help("fix the link in the content or template that produces this page"),
        );
    }
    for w in &report.warnings {
        diags.push(w.clone());
    }
    if !diags.is_empty() {
        return Err(diags);
    }
    // Open alias suggestions are a warning only: the exit status stays that of the check.
    let dictionary = crate::connect::words::Dictionary::load();
    let open = crate::suggest::open_count(&archive, &dictionary);
    if let Some(line) = super::suggest::open_line(open) {
        eprintln!("{line}");
    }
    if !quiet {
        eprintln!(
            "ok: {} events, {} talks, {} speakers, {} orgs, {} trends; {} files, {} internal links checked",
            archive.events.len(),
            archive.talks.len(),
            archive.speakers.len(),
            archive.orgs.len(),
            archive.trends.len(),
            report.files,
            collector.link_count()
        );
    }
    Ok(())
}
