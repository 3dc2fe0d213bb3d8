//! `talkarchive check`: load, resolve and render everything in memory, then check every internal
//! link and anchor. Writes nothing.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::host_limits::{print_warnings, Measured};
use crate::output::link_check::{LinkCollector, Problem};
use std::path::Path;

pub fn run(root: &Path, quiet: bool) -> Result<(), Diagnostics> {
    let collector = LinkCollector::default();
    let measured = Measured {
        inner: &collector,
        size: Default::default(),
    };
    let (archive, report) = crate::site::render_into(root, &measured)?;
    // Over a host's limit is not an error: the site is fine on other hosts.
    if let Ok(size) = measured.size.lock() {
        print_warnings(&size);
    }
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
