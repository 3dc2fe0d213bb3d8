//! `talkarchive import SOURCE --event SLUG`: copies a transcript or article into `sources/` and
//! writes draft talks for it (see `crate::import`).

use crate::diagnostics::Diagnostics;
use std::path::Path;

pub fn run(root: &Path, source: &Path, event: &str) -> Result<(), Diagnostics> {
    let imported = crate::import::import(root, source, event)?;
    eprintln!(
        "copied {} and wrote {} draft talk{}:",
        imported.source.display(),
        imported.drafts.len(),
        if imported.drafts.len() == 1 { "" } else { "s" }
    );
    for d in &imported.drafts {
        let unknown = if d.introduced.unknown.is_empty() {
            String::new()
        } else {
            format!("; names to place: {}", d.introduced.unknown.join("、"))
        };
        eprintln!(
            "  {}  lines {}–{}  {}{unknown}",
            d.path.display(),
            d.lines.0,
            d.lines.1,
            d.title
        );
    }
    eprintln!("review each draft (title, cut, people, summary), then remove `draft = true`; `talkarchive check` lists the drafts left");
    Ok(())
}
