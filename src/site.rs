//! Runs the pipeline: load → resolve → render + index → write.

use crate::config::Config;
use crate::connect::words::{archive_terms, Dictionary, Preload, Segmenter};
use crate::connect::{self, Connections};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::graph::{self, Archive};
use crate::load;
use crate::output::incremental::{Incremental, Written};
use crate::output::{self, Sink, Staging};
use crate::render::theme::Theme;
use crate::render::{self, PageCache, RenderOptions, RenderReport};
use crate::timings::Stages;
use std::path::Path;
use std::sync::Arc;

/// Talk text up to which `serve` counts the open alias suggestions after each rebuild (see
/// `rebuild`): four times the shipped archive's 1.1 MiB, where the count costs about 0.5 s of CPU
/// when the archive grew in talks, 1.4 s when every talk brought new names
/// (bench/suggest/RESULTS.md: 0.11 and 0.35 s per MiB).
const SUGGEST_IN_SERVE_BYTES: usize = 4 << 20;

/// Loads `root` and resolves it into an archive, drafts included; `base_url` overrides the
/// configured one.
pub fn load_archive(root: &Path, base_url: Option<&str>) -> Result<Archive, Diagnostics> {
    load_archive_with(root, base_url, None, true)
}

/// `load_archive`, reusing what `cache` parsed of files that did not change (for `serve`);
/// without `drafts`, draft talks are left out.
fn load_archive_with(
    root: &Path,
    base_url: Option<&str>,
    cache: Option<&mut load::Loaded>,
    drafts: bool,
) -> Result<Archive, Diagnostics> {
    let (mut content, mut diags) = load::load_content_with(root, cache);
    if !drafts {
        content.talks.retain(|t| !t.meta.draft);
    }
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
    // Every `[source] file` names a readable document of sources/.
    let (sources, missing) = crate::sources::load(root, &content.talks, false);
    diags.extend(missing);
    // Resolve what loaded even if some files did not, so that one run reports every problem.
    match graph::resolve(config, content) {
        Ok(archive) if diags.is_empty() => Ok(Archive { sources, ..archive }),
        Ok(_) => Err(diags.sorted()),
        Err(more) => {
            diags.extend(more);
            Err(diags.sorted())
        }
    }
}

/// Builds the site at `root` into `output`, replacing it only if everything succeeded; `stages`
/// records where the time went.
pub fn build(
    root: &Path,
    output: &Path,
    base_url: Option<&str>,
    opts: &RenderOptions,
    progress: &(dyn Fn(usize) + Sync),
    stages: &mut Stages,
) -> Result<RenderReport, Diagnostics> {
    output::check_output_folder(root, output).map_err(Diagnostics::from)?;
    output::check_output_target(output).map_err(Diagnostics::from)?;
    // Claimed first: the site kept from two builds ago is listed while the content loads.
    let staging = Staging::create(output).map_err(Diagnostics::from)?;
    let words = Preload::start();
    let archive = load_archive_with(root, base_url, None, opts.drafts)?;
    stages.mark("load and resolve content");
    let theme = Theme::load(root)?;
    stages.mark("load theme");
    // Compiling the templates takes one core for about 10 ms; connecting the archive leaves
    // the other one idle about that long (jieba's dictionary is trimmed on one thread).
    let (connections, templates) = std::thread::scope(|s| {
        let templates = s.spawn(|| render::compile_templates(&theme));
        let connections = connect_archive(&archive, words, stages);
        (connections, templates.join())
    });
    let templates = templates
        .map_err(|_| Diagnostics::from(Diagnostic::new("compiling the templates failed")))??;
    let opts = RenderOptions {
        templates: Some(Arc::new(templates)),
        ..opts.clone()
    };
    progress(archive.page_count() + 8);
    let done = render::render_site_with(
        &archive,
        &connections,
        &theme,
        &staging,
        &opts,
        &|| progress(0),
        None,
        None,
        stages,
    )?;
    staging.commit().map_err(Diagnostics::from)?;
    stages.mark("swap the new site in");
    Ok(done.report)
}

/// What `serve` keeps from one build to the next: jieba's loaded dictionary, what the served
/// folder holds (so that a rebuild writes only the files that changed) and the digests of the
/// pages' view models (so that it renders only the pages that changed).
#[derive(Default)]
pub struct Warm {
    dictionary: Option<Arc<Dictionary>>,
    /// jieba with its whole dictionary (so that it segments any edited text exactly as a build's
    /// trimmed one segments that text) and the archive's words, for the context it was made for.
    segmenter: Option<(connect::warm::Context, Arc<Segmenter>)>,
    loaded: load::Loaded,
    readings: connect::warm::Readings,
    written: Written,
    pages: PageCache,
    /// What the served search index was made of (see `search::IndexCache`).
    search: crate::search::IndexCache,
    /// What the served build was made from.
    served: Option<Served>,
    /// Build every page on each rebuild and fail if one that should not have changed did.
    verify: bool,
}

/// What the served build was made from, to tell what an edit changed.
struct Served {
    context: connect::warm::Context,
    /// Each talk's reading key (its text, in this context).
    talk_keys: Vec<Option<crate::digest::Digest>>,
    connections: Connections,
}

impl Warm {
    /// For tests: every rebuild also builds the pages it would skip, and fails if one of them
    /// changed (a dependency that `render::affected` misses).
    pub fn verifying() -> Warm {
        Warm {
            verify: true,
            ..Warm::default()
        }
    }
}

/// What a rebuild did.
pub struct Rebuilt {
    pub report: RenderReport,
    /// Files whose bytes changed (and were written).
    pub changed: usize,
    /// Pages rendered (the others were unchanged and not rendered again).
    pub rendered: usize,
    /// Pages whose view model was built (the others could not have changed).
    pub built: usize,
    /// Where the time went.
    pub stages: Stages,
    /// Alias suggestions scoring `suggest::OPEN_THRESHOLD` or more (serve logs them).
    pub open_suggestions: usize,
}

/// Builds `root` into `output` for `serve`: the same files as `build` with the same options, but
/// only pages whose view model changed are rendered, only files whose bytes changed are written
/// (moved in when everything succeeded), and jieba's dictionary is reused. `committed` is
/// called as soon as the new files are in place.
pub fn rebuild(
    root: &Path,
    output: &Path,
    base_url: Option<&str>,
    opts: &RenderOptions,
    warm: &mut Warm,
    committed: &dyn Fn(),
) -> Result<Rebuilt, Diagnostics> {
    let mut stages = Stages::default();
    output::check_output_folder(root, output).map_err(Diagnostics::from)?;
    output::check_output_target(output).map_err(Diagnostics::from)?;
    // The first build loads jieba's dictionary while it loads the content.
    let preload = warm.dictionary.is_none().then(Preload::start);
    let archive = load_archive_with(root, base_url, Some(&mut warm.loaded), opts.drafts)?;
    stages.mark("load+resolve");
    let theme = Theme::load(root)?;
    stages.mark("theme");
    let context = connect::warm::Context::of(&archive);
    stages.mark("context digest");
    let words = match &warm.segmenter {
        Some((made_for, words)) if *made_for == context => words.clone(),
        _ => {
            let dictionary = match (preload, &warm.dictionary) {
                (Some(p), _) => p.dictionary(),
                (None, Some(dictionary)) => dictionary.clone(),
                (None, None) => Preload::start().dictionary(),
            };
            if warm.dictionary.is_none() {
                warm.dictionary = Some(dictionary.clone());
            }
            let words = Arc::new(Segmenter::whole(&dictionary, archive_terms(&archive)));
            warm.segmenter = Some((context, words.clone()));
            words
        }
    };
    stages.mark("segmenter");
    let connections =
        connect::connect_with(&archive, None, words, Some((&context, &mut warm.readings)));
    stages.mark("connect");
    let talk_keys = warm.readings.keys().to_vec();
    // When only talks' texts changed, only the pages that show them or what is computed from
    // them are built.
    let affected = match &warm.served {
        Some(served) if served.context == context && served.talk_keys.len() == talk_keys.len() => {
            let changed: Vec<usize> = (0..talk_keys.len())
                .filter(|&t| served.talk_keys[t] != talk_keys[t] || talk_keys[t].is_none())
                .collect();
            render::Affected::after_text_edits(&served.connections, &connections, &changed)
        }
        _ => None,
    };
    stages.mark("affected");
    let sink = Incremental::new(output, &warm.written).map_err(Diagnostics::from)?;
    let keep = |path: &str| sink.keep(path);
    let done = render::render_site_with(
        &archive,
        &connections,
        &theme,
        &sink,
        opts,
        &|| {},
        Some(render::Reuse {
            previous: &warm.pages,
            keep: &keep,
            affected: affected.as_ref(),
            verify: warm.verify,
        }),
        Some(crate::search::Reuse {
            previous: std::mem::take(&mut warm.search),
            keep: &keep,
        }),
        &mut stages,
    )?;
    let (written, changed) = sink.commit().map_err(Diagnostics::from)?;
    stages.mark("commit");
    // Open tabs may reload now; what is left is keeping this build's state and freeing the last
    // one's (ms of freeing large maps at 1x).
    committed();
    // After the reload: the archivist sees the misheard names still open in the log. Not for a
    // large archive: the spans that sound like some name grow with the text times the names
    // (about 0.4 s of CPU for the whole command at the shipped archive's 1 MiB of talks, 2.5 s
    // at four times, 14 s at ten), and the next rebuild would wait for it;
    // `talkarchive check` and `suggest aliases` still say it there.
    let talk_bytes: usize = archive.talks.iter().map(|t| t.doc.body.len()).sum();
    let open_suggestions = match &warm.dictionary {
        Some(d) if talk_bytes <= SUGGEST_IN_SERVE_BYTES => crate::suggest::open_count(&archive, d),
        _ => 0,
    };
    stages.mark("alias suggestions");
    warm.written = written;
    warm.pages = done.cache.unwrap_or_default();
    warm.search = done.search.unwrap_or_default();
    warm.served = Some(Served {
        context,
        talk_keys,
        connections,
    });
    Ok(Rebuilt {
        report: done.report,
        changed,
        rendered: done.rendered,
        built: done.built,
        stages,
        open_suggestions,
    })
}

/// Renders into `sink` without writing a site (for `check`).
pub fn render_into(root: &Path, sink: &dyn Sink) -> Result<(Archive, RenderReport), Diagnostics> {
    let words = Preload::start();
    let archive = load_archive(root, None)?;
    let theme = Theme::load(root)?;
    let connections = connect_archive(&archive, words, &mut Stages::default());
    let done = render::render_site_with(
        &archive,
        &connections,
        &theme,
        sink,
        &RenderOptions {
            no_minify: true,
            ..Default::default()
        },
        &|| {},
        None,
        None,
        &mut Stages::default(),
    )?;
    Ok((archive, done.report))
}

/// Stage 2b: reads the bodies' text, gives jieba the words of its dictionary (parsed while the
/// content loaded) that occur in it, and connects.
fn connect_archive(archive: &Archive, words: Preload, stages: &mut Stages) -> Connections {
    let (talk_blocks, pairs) = connect::read_texts(archive);
    stages.mark("read bodies");
    let dictionary = words.dictionary();
    stages.mark("jieba dictionary (rest of the wait)");
    let words = Segmenter::new(&dictionary, archive, pairs);
    stages.mark("jieba dictionary trimmed to the text");
    let connections = connect::connect(archive, &talk_blocks, Arc::new(words));
    stages.mark("connect");
    connections
}

/// Turns warnings into a short report line each.
pub fn warning_lines(report: &RenderReport) -> Vec<String> {
    report
        .warnings
        .iter()
        .map(|w: &Diagnostic| format!("warning: {}", w.message))
        .collect()
}
