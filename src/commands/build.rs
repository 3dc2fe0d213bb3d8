//! `talkarchive build`

use crate::diagnostics::Diagnostics;
use crate::render::RenderOptions;
use std::path::Path;
use std::time::Instant;

/// The switches of `build`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Flags {
    pub no_minify: bool,
    pub timings: bool,
    pub drafts: bool,
}

pub fn run(
    root: &Path,
    output: &Path,
    base_url: Option<&str>,
    quiet: bool,
    flags: Flags,
) -> Result<(), Diagnostics> {
    let Flags {
        no_minify,
        timings,
        drafts,
    } = flags;
    let started = Instant::now();
    let bar = super::progress_bar(quiet);
    let progress = |n: usize| {
        if let Some(b) = &bar {
            if n > 0 {
                b.set_length(n as u64);
            } else {
                b.inc(1);
            }
        }
    };
    let opts = RenderOptions {
        no_minify,
        drafts,
        ..Default::default()
    };
    let mut stages = crate::timings::Stages::default();
    let result = crate::site::build(root, output, base_url, &opts, &progress, &mut stages);
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    let report = result?;
    for w in crate::site::warning_lines(&report) {
        eprintln!("{w}");
    }
    let size = crate::output::host_limits::SiteSize::of_folder(output);
    crate::output::host_limits::print_warnings(&size, report.index_for);
    if !quiet {
        eprintln!(
            "built {} pages ({} files, {:.1} MiB) into {} in {:.2} s",
            report.pages,
            report.files,
            report.bytes as f64 / 1048576.0,
            output.display(),
            started.elapsed().as_secs_f64()
        );
    }
    if timings {
        for line in stages.table() {
            eprintln!("{line}");
        }
    }
    Ok(())
}
