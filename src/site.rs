//! Runs the pipeline: load → resolve → render + index → write.

use crate::config::Config;
use crate::connect::words::{Dictionary, Preload, Segmenter};
use crate::connect::{self, Connections};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::graph::{self, Archive};
use crate::load;
use crate::output::incremental::{Incremental, Written};
use crate::output::{self, Sink, Staging};
use crate::render::theme::Theme;
use crate::render::{self, RenderOptions, RenderReport};
use crate::timings;
use std::path::Path;
use std::sync::Arc;

/// Loads `root` and resolves it into an archive; `base_url` overrides the configured one.
pub fn load_archive(root: &Path, base_url: Option<&str>) -> Result<Archive, Diagnostics> {
    let (content, mut diags) = load::load_content(root);
    let config = match Config::load(root) {
        Ok(config) => config,
        Err(e) => {
            diags.push(e);
            return Err(diags.sorted());
        }
    };
    let config = match base_url {
        Some(url) => config.with_base_url(url),
        None => config,
    };
    // Resolve what loaded even if some files did not, so that one run reports every problem.
    match graph::resolve(config, content) {
        Ok(archive) if diags.is_empty() => Ok(archive),
        Ok(_) => Err(diags.sorted()),
        Err(more) => {
            diags.extend(more);
            Err(diags.sorted())
        }
    }
}

/// Builds the site at `root` into `output`, replacing it only if everything succeeded.
pub fn build(
    root: &Path,
    output: &Path,
    base_url: Option<&str>,
    opts: &RenderOptions,
    progress: &(dyn Fn(usize) + Sync),
) -> Result<RenderReport, Diagnostics> {
    output::check_output_folder(root, output).map_err(Diagnostics::from)?;
    output::check_output_target(output).map_err(Diagnostics::from)?;
    let words = Preload::start();
    let archive = timings::time("load and resolve content", || load_archive(root, base_url))?;
    let theme = timings::time("load theme", || Theme::load(root))?;
    let connections = connect_archive(&archive, words);
    progress(archive.page_count() + 8);
    let staging = Staging::create(output).map_err(Diagnostics::from)?;
    let report = render::render_site(&archive, &connections, &theme, &staging, opts, &|| {
        progress(0)
    })?;
    timings::time("swap the new site in", || staging.commit()).map_err(Diagnostics::from)?;
    Ok(report)
}

/// What `serve` keeps from one build to the next: jieba's parsed dictionary, and what the served
/// folder holds, so that a rebuild writes only the files that changed.
#[derive(Default)]
pub struct Warm {
    dictionary: Option<Arc<Dictionary>>,
    written: Written,
}

/// What a rebuild did.
pub struct Rebuilt {
    pub report: RenderReport,
    /// Files whose bytes changed (and were written).
    pub changed: usize,
}

/// Builds `root` into `output` for `serve`: like `build`, but writes only changed files (moved in
/// when everything succeeded) and reuses jieba's dictionary.
pub fn rebuild(
    root: &Path,
    output: &Path,
    base_url: Option<&str>,
    opts: &RenderOptions,
    warm: &mut Warm,
) -> Result<Rebuilt, Diagnostics> {
    output::check_output_folder(root, output).map_err(Diagnostics::from)?;
    output::check_output_target(output).map_err(Diagnostics::from)?;
    let words = match &warm.dictionary {
        Some(dictionary) => Preload::Ready(dictionary.clone()),
        None => Preload::start(),
    };
    let archive = load_archive(root, base_url)?;
    let theme = Theme::load(root)?;
    let dictionary = words.dictionary();
    warm.dictionary = Some(dictionary.clone());
    let connections = connect_archive(&archive, Preload::Ready(dictionary));
    let sink = Incremental::new(output, &warm.written).map_err(Diagnostics::from)?;
    let report = render::render_site(&archive, &connections, &theme, &sink, opts, &|| {})?;
    let (written, changed) = sink.commit().map_err(Diagnostics::from)?;
    warm.written = written;
    Ok(Rebuilt { report, changed })
}

/// Renders into `sink` without writing a site (for `check`).
pub fn render_into(root: &Path, sink: &dyn Sink) -> Result<(Archive, RenderReport), Diagnostics> {
    let words = Preload::start();
    let archive = load_archive(root, None)?;
    let theme = Theme::load(root)?;
    let connections = connect_archive(&archive, words);
    let report = render::render_site(
        &archive,
        &connections,
        &theme,
        sink,
        &RenderOptions {
            no_minify: true,
            ..Default::default()
        },
        &|| {},
    )?;
    Ok((archive, report))
}

/// Stage 2b: reads the bodies' text, gives jieba the words of its dictionary (parsed while the
/// content loaded) that occur in it, and connects.
fn connect_archive(archive: &Archive, words: Preload) -> Connections {
    let (talk_blocks, pairs) = timings::time("read bodies", || connect::read_texts(archive));
    let dictionary = timings::time("jieba dictionary (rest of the wait)", || words.dictionary());
    let words = timings::time("jieba dictionary trimmed to the text", || {
        Segmenter::new(&dictionary, archive, pairs)
    });
    timings::time("connect", || {
        connect::connect(archive, &talk_blocks, Arc::new(words))
    })
}

/// Turns warnings into a short report line each.
pub fn warning_lines(report: &RenderReport) -> Vec<String> {
    report
        .warnings
        .iter()
        .map(|w: &Diagnostic| format!("warning: {}", w.message))
        .collect()
}
