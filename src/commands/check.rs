//! `talkarchive check`: load, resolve and render everything in memory, then check every internal
//! link and anchor, every filled body and the coverage of every source. Writes nothing.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::link_check::{LinkCollector, Problem};
use std::path::Path;

pub fn run(root: &Path, quiet: bool) -> Result<(), Diagnostics> {
    let collector = LinkCollector::default();
    let (archive, report) = crate::site::render_into(root, &collector)?;
    let problems = collector.problems(archive.config.base_path());
    let mut diags = Diagnostics::default();
    // Bodies and coverage of the sources (every file in sources/, referenced or not).
    let talks = || archive.talks.iter().map(|t| &t.doc);
    let (sources, unreadable) = crate::sources::load(root, talks(), true);
    diags.extend(unreadable);
    diags.extend(crate::sources::prove::prove(talks(), &sources));
    for Problem { page, target, why } in &problems {
        diags.push(
            Diagnostic::new(format!("{page}: broken link to `{target}`: {why}"))
                .help("fix the link in the content or template that produces this page"),
        );
    }
    for w in &report.warnings {
        diags.push(w.clone());
    }
    let strings = &archive.config.strings;
    if let (Some(file), false) = (&strings.site_file, strings.missing.is_empty()) {
        diags.push(
            Diagnostic::in_file(
                file,
                format!(
                    "{} string(s) missing, shown in English: {}",
                    strings.missing.len(),
                    strings.missing.join(", ")
                ),
            )
            .help("translate them in this file (the keys are listed in docs/templates.md)"),
        );
    }
    if !diags.is_empty() {
        return Err(diags.sorted());
    }
    if !quiet {
        eprintln!(
            "ok: {} events, {} talks, {} speakers, {} orgs, {} trends; {} files, {} internal links checked; {} sources covered",
            archive.events.len(),
            archive.talks.len(),
            archive.speakers.len(),
            archive.orgs.len(),
            archive.trends.len(),
            report.files,
            collector.link_count(),
            sources.files.len()
        );
    }
    Ok(())
}
