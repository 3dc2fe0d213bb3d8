//! Stage 3a: render every page, feed and data file of the archive into a `Sink`.
//! Pages are rendered, minified and written in parallel, one at a time each, so memory does not
//! hold the whole site.

pub mod cards;
pub mod charts;
pub mod feeds;
pub mod html;
pub mod markdown;
pub mod open_data;
pub mod pages;
pub mod sitemap;
pub mod theme;
pub mod urls;

use crate::connect::Connections;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::graph::Archive;
use crate::output::Sink;
use crate::search;
use pages::{Builder, Job, Page};
use rayon::prelude::*;
use serde_json::json;
use std::path::Path;
use std::sync::Mutex;
use theme::Theme;
use urls::Urls;

/// One rendered page: its job, its body's blocks (for the search index) and its warnings.
type Rendered = (Job, Option<Vec<markdown::Block>>, Vec<Diagnostic>);

#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    /// Adds the live-reload script (for `serve`).
    pub live_reload: bool,
    /// Skips minification (faster, for debugging templates).
    pub no_minify: bool,
}

#[derive(Debug, Default)]
pub struct RenderReport {
    pub pages: usize,
    pub files: usize,
    pub bytes: u64,
    pub warnings: Vec<Diagnostic>,
}

/// Renders the whole site of `archive` with `theme` into `sink`.
pub fn render_site(
    archive: &Archive,
    connections: &Connections,
    theme: &Theme,
    sink: &dyn Sink,
    opts: &RenderOptions,
    progress: &(dyn Fn() + Sync),
) -> Result<RenderReport, Diagnostics> {
    let tera = compile_templates(theme)?;
    let urls = Urls::new(&archive.config);
    let static_names: std::collections::HashSet<String> = theme
        .static_files
        .iter()
        .map(|f| format!("static/{}", f.output_name))
        .collect();
    let file_exists = move |p: &str| static_names.contains(p);
    let builder = Builder {
        archive,
        urls: &urls,
        conn: connections,
        file_exists: &file_exists,
    };
    let base = base_context(archive, theme, &urls, opts);
    let written = Mutex::new((0usize, 0u64));
    let write = |path: &str, bytes: &[u8]| -> Result<(), Diagnostic> {
        sink.write(path, bytes).map_err(|e| {
            Diagnostic::new(format!("cannot write {path}: {e}"))
                .help("check that the output folder is writable and the disk is not full")
        })?;
        if let Ok(mut w) = written.lock() {
            w.0 += 1;
            w.1 += bytes.len() as u64;
        }
        Ok(())
    };

    let jobs = pages::jobs(archive);
    let results: Vec<Result<Rendered, Diagnostic>> = jobs
        .par_iter()
        .map(|&job| {
            let page = builder.build(job);
            let html = render_page(&tera, &base, &page, &urls)?;
            let html = if opts.no_minify {
                html.into_bytes()
            } else {
                minify(&html)
            };
            write(&urls::file_of(&page.path), &html)?;
            progress();
            let warnings = page
                .body
                .as_ref()
                .map(|b| {
                    b.missing_images
                        .iter()
                        .map(|m| {
                            Diagnostic::new(format!(
                                "{}: image `{m}` does not exist; it is shown as its alt text",
                                page.path
                            ))
                        })
                        .collect()
                })
                .unwrap_or_default();
            Ok((job, page.body.map(|b| b.blocks), warnings))
        })
        .collect();

    let mut diags = Diagnostics::default();
    let mut warnings = Vec::new();
    let mut talk_blocks: Vec<(usize, Vec<markdown::Block>)> = Vec::new();
    for r in results {
        match r {
            Ok((job, blocks, w)) => {
                warnings.extend(w);
                if let (Job::Talk(t), Some(b)) = (job, blocks) {
                    talk_blocks.push((t, b));
                }
            }
            Err(d) => diags.push(d),
        }
    }
    if !diags.is_empty() {
        return Err(diags.sorted());
    }
    talk_blocks.sort_by_key(|(t, _)| *t);

    let mut extra: Vec<(String, Vec<u8>)> = Vec::new();
    for f in &theme.static_files {
        extra.push((format!("static/{}", f.output_name), f.bytes.clone()));
    }
    extra.extend(feeds::all(archive, connections, &urls));
    extra.push((
        "sitemap.xml".into(),
        sitemap::sitemap(archive, &urls).into_bytes(),
    ));
    extra.push(("robots.txt".into(), sitemap::robots(&urls).into_bytes()));
    extra.push((
        "data/archive.json".into(),
        open_data::archive_json(archive, connections, &urls).into_bytes(),
    ));
    extra.extend(search::build_index(
        archive,
        connections,
        &urls,
        &talk_blocks,
    ));
    extra
        .par_iter()
        .try_for_each(|(path, bytes)| write(path, bytes))
        .map_err(Diagnostics::from)?;

    let (files, bytes) = written.into_inner().unwrap_or_default();
    Ok(RenderReport {
        pages: jobs.len(),
        files,
        bytes,
        warnings,
    })
}

fn compile_templates(theme: &Theme) -> Result<tera::Tera, Diagnostics> {
    let mut tera = tera::Tera::default();
    tera.autoescape_on(vec![".html", ".xml"]);
    // Tera's default also escapes `/`, which makes every URL in the output unreadable.
    tera.set_escape_fn(html::escape);
    let mut diags = Diagnostics::default();
    // Add one at a time first, so a syntax error names its file.
    for t in &theme.templates {
        if let Err(e) = tera::Template::new(&t.name, None, &t.source) {
            diags.push(
                Diagnostic::in_file(&t.origin, error_chain(&e))
                    .help("fix the template's syntax (Tera, like Jinja2)"),
            );
        }
    }
    if !diags.is_empty() {
        return Err(diags);
    }
    tera.add_raw_templates(
        theme
            .templates
            .iter()
            .map(|t| (t.name.as_str(), t.source.as_str())),
    )
    .map_err(|e| {
        Diagnostics::from(
            Diagnostic::new(error_chain(&e))
                .help("a template extends or imports one that does not exist"),
        )
    })?;
    Ok(tera)
}

/// Tera's errors keep the useful part in their sources.
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut parts = vec![e.to_string()];
    let mut source = e.source();
    while let Some(s) = source {
        parts.push(s.to_string());
        source = s.source();
    }
    parts.join(": ").replace('\n', " ")
}

fn base_context(
    archive: &Archive,
    theme: &Theme,
    urls: &Urls,
    opts: &RenderOptions,
) -> tera::Context {
    let config = &archive.config;
    let mut ctx = tera::Context::new();
    let assets: std::collections::BTreeMap<&str, String> = theme
        .assets
        .iter()
        .map(|(name, out)| (name.as_str(), urls.link(&format!("static/{out}"))))
        .collect();
    ctx.insert(
        "site",
        &json!({
            "title": config.title,
            "description": config.description,
            "language": config.language,
            "base": urls.base_path(),
            "base_url": config.base_url,
            "feed": urls.link("feed.xml"),
            "search_index": urls.link(search::INDEX_DIR),
        }),
    );
    ctx.insert("assets", &assets);
    let nav = [
        ("events/", "活动"),
        ("talks/", "演讲"),
        ("speakers/", "嘉宾"),
        ("orgs/", "机构"),
        ("trends/", "趋势"),
        ("search/", "搜索"),
    ];
    ctx.insert("nav", &nav.iter().map(|(p, l)| json!({"path": p, "section": p.trim_end_matches('/'), "url": urls.link(p), "label": l})).collect::<Vec<_>>());
    ctx.insert("live_reload", &opts.live_reload);
    ctx
}

fn render_page(
    tera: &tera::Tera,
    base: &tera::Context,
    page: &Page,
    urls: &Urls,
) -> Result<String, Diagnostic> {
    let mut ctx = base.clone();
    let mut json_ld = page.json_ld.clone();
    if let Some(obj) = json_ld.as_object_mut() {
        obj.insert("@context".into(), json!("https://schema.org"));
    }
    let canonical = if page.path == "404.html" {
        None
    } else {
        Some(urls.absolute(&page.path))
    };
    ctx.insert(
        "page",
        &json!({
            "path": page.path,
            "title": page.title,
            "description": page.description,
            "canonical": canonical,
            "og_type": page.og_type,
            "section": page.path.split('/').next().unwrap_or(""),
        }),
    );
    ctx.insert("json_ld", &html::json_in_script(&json_ld));
    if let Some(obj) = page.data.as_object() {
        for (k, v) in obj {
            ctx.insert(k.as_str(), v);
        }
    }
    tera.render(page.template, &ctx).map_err(|e| {
        Diagnostic::in_file(Path::new(&format!("templates/{}", page.template)), format!("while rendering {}: {}", if page.path.is_empty() { "the home page" } else { &page.path }, error_chain(&e)))
            .help("fix the template: a variable it uses may not exist on this page (see docs/templates.md)")
    })
}

fn minify(html: &str) -> Vec<u8> {
    let cfg = minify_html::Cfg {
        keep_closing_tags: true,
        keep_html_and_head_opening_tags: true,
        minify_css: true,
        minify_js: false,
        ..minify_html::Cfg::default()
    };
    minify_html::minify(html.as_bytes(), &cfg)
}
