//! `talkarchive check`: load, resolve and render everything in memory, then check every internal
//! link and anchor, every filled body and the coverage of every source. Writes nothing.

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
        print_warnings(&size, report.index_for);
    }
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
    // Drafts are not errors: they are work the archivist has still to do.
    for line in drafts_report(&archive) {
        eprintln!("{line}");
    }
    // Open alias suggestions are a warning only: the exit status stays that of the check.
    let dictionary = crate::connect::words::Dictionary::load();
    let open = crate::suggest::open_count(&archive, &dictionary);
    if let Some(line) = super::suggest::open_line(open) {
        eprintln!("{line}");
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

/// One warning line per draft talk: its file, its lines, and what is left to do.
pub fn drafts_report(archive: &crate::graph::Archive) -> Vec<String> {
    let drafts: Vec<&crate::graph::Talk> =
        archive.talks.iter().filter(|t| t.doc.meta.draft).collect();
    if drafts.is_empty() {
        return Vec::new();
    }
    let mut lines = vec![format!(
        "warning: {} draft talk{} (left out of `build` unless --drafts; remove `draft = true` once reviewed):",
        drafts.len(),
        if drafts.len() == 1 { "" } else { "s" }
    )];
    for talk in drafts {
        let m = &talk.doc.meta;
        let mut todo = vec!["review the title and the cut"];
        if m.summary.trim().is_empty() || m.summary.contains(crate::import::SUMMARY_PLACEHOLDER) {
            todo.push("write the summary");
        }
        let lines_of = m
            .source
            .as_ref()
            .and_then(|s| s.lines)
            .map(|[a, b]| format!(" (lines {a}–{b})"))
            .unwrap_or_default();
        lines.push(format!(
            "  {}{lines_of}: {}",
            talk.doc.path.display(),
            todo.join(", ")
        ));
    }
    lines
}
