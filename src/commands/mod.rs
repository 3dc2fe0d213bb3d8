//! The command line: `build`, `check`, `fill`, `serve`, `new`, `init`, `import` and `suggest`.

pub mod build;
pub mod check;
pub mod fill;
pub mod import;
pub mod init;
pub mod new;
pub mod suggest;

use std::io::IsTerminal;

/// A progress bar on a terminal only, and never with --quiet.
pub fn progress_bar(quiet: bool) -> Option<indicatif::ProgressBar> {
    if quiet || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(0);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{spinner} {msg} [{bar:30}] {pos}/{len} pages")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    bar.set_message("building");
    // Appear only if the build takes longer than a moment.
    bar.enable_steady_tick(std::time::Duration::from_millis(250));
    Some(bar)
}
