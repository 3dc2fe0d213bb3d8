//! Stage 3a: render every page, feed and data file of the archive into a `Sink`.
//! Pages are rendered, minified and written in parallel, one at a time each, so memory does not
//! hold the whole site.

pub mod affected;
pub mod cards;
pub mod charts;
pub mod feeds;
pub mod html;
pub mod markdown;
pub mod minify;
pub mod open_data;
pub mod page_cache;
pub mod pages;
pub mod sitemap;
pub mod source_pages;
pub mod theme;
pub mod theme_css;
pub mod urls;

use crate::connect::Connections;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::graph::Archive;
use crate::output::Sink;
use crate::search;
use crate::timings::Stages;
pub use affected::Affected;
use minify::{minify, page_source};
pub use page_cache::PageCache;
use page_cache::{PageDigest, PageEntry};
use pages::{Builder, Job, Page};
use rayon::prelude::*;
use serde_json::json;
use std::path::Path;
use std::sync::Mutex;
use theme::Theme;
use urls::Urls;

/// One page, rendered or found unchanged.
struct Rendered {
    job: Job,
    /// Its body's blocks (for the search index).
    blocks: Option<Vec<markdown::Block>>,
    warnings: Vec<Diagnostic>,
    /// Its file in the site, and the digest of its view model (with a page cache).
    file: String,
    digest: Option<[u8; 32]>,
    rendered: bool,
    built: bool,
}

#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    /// Adds the live-reload script (for `serve`).
    pub live_reload: bool,
    /// Skips minification (faster, for debugging templates).
    pub no_minify: bool,
    /// Includes draft talks, marked as drafts (`build --drafts`, `serve`).
    pub drafts: bool,
    /// The theme's templates compiled in advance (`site::build` compiles them on another thread
    /// while it connects the archive); `None`: compiled here.
    pub templates: Option<std::sync::Arc<tera::Tera>>,
}

#[derive(Debug, Default)]
pub struct RenderReport {
    pub pages: usize,
    pub files: usize,
    pub bytes: u64,
    pub warnings: Vec<Diagnostic>,
    /// The kind of host the search index was laid out for (`[search] host_ranges`).
    pub index_for: crate::config::Ranges,
}

/// What `render_site_with` did beyond its report.
pub struct SiteRender {
    pub report: RenderReport,
    /// What the next render may reuse, if this one was given a `Reuse`.
    pub cache: Option<PageCache>,
    /// Pages rendered (the others were unchanged).
    pub rendered: usize,
    /// Pages whose view model was built (the others were known to be unchanged).
    pub built: usize,
    /// What the next build of the search index may reuse, if this one was given a
    /// `search::Reuse`.
    pub search: Option<search::IndexCache>,
}

/// What a render for `serve` may reuse of the previous one, whose output is being served.
pub struct Reuse<'a> {
    pub previous: &'a PageCache,
    /// Called with the file of a page that is the same as last time; true if that file is still
    /// served as it was last written (false: the page is rendered and written again).
    pub keep: &'a (dyn Fn(&str) -> bool + Sync),
    /// The pages an edit may have changed, when the caller knows (see `affected`); the others
    /// are not even built. `None`: every page is built and its view model compared.
    pub affected: Option<&'a Affected>,
    /// Build every page anyway, and fail if one outside `affected` changed (for tests).
    pub verify: bool,
}

/// Renders the whole site of `archive` with `theme` into `sink`. With `reuse` (for `serve`), a
/// page whose view model is the same as in the previous render (see `PageCache`) is not rendered
/// again, and a page outside `reuse.affected` is not built either.
#[allow(clippy::too_many_arguments)]
pub fn render_site_with(
    archive: &Archive,
    connections: &Connections,
    theme: &Theme,
    sink: &dyn Sink,
    opts: &RenderOptions,
    progress: &(dyn Fn() + Sync),
    reuse: Option<Reuse>,
    search_reuse: Option<search::Reuse>,
    stages: &mut Stages,
) -> Result<SiteRender, Diagnostics> {
    // Compiling the templates is a tenth of a small rebuild: reuse them when they are the same.
    let templates = reuse.as_ref().map(|_| page_cache::templates_digest(theme));
    let tera = match reuse.as_ref().and_then(|r| r.previous.tera.as_ref()) {
        Some((digest, tera)) if Some(*digest) == templates => tera.clone(),
        _ => match &opts.templates {
            Some(tera) => tera.clone(),
            None => std::sync::Arc::new(compile_templates(theme)?),
        },
    };
    let urls = Urls::new(&archive.config);
    let static_names: std::collections::HashSet<String> = theme
        .static_files
        .iter()
        .map(|f| format!("static/{}", f.output_name))
        .collect();
    let base = base_context(archive, theme, &urls, opts);
    let shared_digest = page_cache::shared_digest(theme, &base, &urls, &static_names, opts);
    let shared = reuse.as_ref().map(|_| shared_digest);
    let file_exists = move |p: &str| static_names.contains(p);
    let talk_cards: Vec<std::sync::OnceLock<serde_json::Value>> =
        archive.talks.iter().map(|_| Default::default()).collect();
    let builder = Builder {
        archive,
        urls: &urls,
        conn: connections,
        file_exists: &file_exists,
        talk_cards: &talk_cards,
    };
    // The previous render counts only if its pages shared the same templates and context.
    let reuse = reuse.filter(|r| Some(r.previous.shared) == shared);
    let written = Mutex::new((0usize, 0u64));
    let cannot_write = |path: &str, e: std::io::Error| {
        Diagnostic::new(format!("cannot write {path}: {e}"))
            .help("check that the output folder is writable and the disk is not full")
    };
    let count = |bytes: u64| {
        if let Ok(mut w) = written.lock() {
            w.0 += 1;
            w.1 += bytes;
        }
    };
    let write = |path: &str, bytes: &[u8]| -> Result<(), Diagnostic> {
        sink.write(path, bytes).map_err(|e| cannot_write(path, e))?;
        count(bytes.len() as u64);
        Ok(())
    };
    // A file `make` makes from what `source` digests, unless the kept site still has it.
    let write_made = |path: &str, source: &crate::digest::Digest, make: crate::output::Make| {
        let size = sink
            .write_made(path, source, make)
            .map_err(|e| cannot_write(path, e))?;
        count(size);
        Ok(())
    };
    // A page (whose view model's digest is `digest`) is rendered and minified, unless the kept
    // site still has it from the same view model, templates and context.
    let write_page = |path: &str, page: &mut Page, digest: &PageDigest| -> Result<(), Diagnostic> {
        if opts.no_minify {
            let html = render_page(&tera, &base, page, &urls, theme)?;
            return write(path, html.as_bytes());
        }
        let page = std::cell::RefCell::new(page);
        // A template's error, kept to be reported as it is.
        let failed = std::cell::RefCell::new(None);
        let make = || -> std::io::Result<Vec<u8>> {
            match render_page(&tera, &base, &mut page.borrow_mut(), &urls, theme) {
                Ok(html) => Ok(minify(&html)),
                Err(d) => {
                    let e = std::io::Error::other(d.to_string());
                    failed.replace(Some(d));
                    Err(e)
                }
            }
        };
        write_made(path, &page_source(&shared_digest, digest), &make)
            .map_err(|cannot| failed.take().unwrap_or(cannot))
    };
    stages.mark("compile templates");

    let jobs = pages::jobs(archive);
    // With `affected`, the jobs are those of the previous render (same archive but for talks'
    // texts), so its entries line up with them.
    let known = |i: usize, job: Job| -> Option<&PageEntry> {
        let r = reuse.as_ref()?;
        let affected = r.affected?;
        let entry = r.previous.entries.get(i)?;
        (!affected.contains(job) && entry.job == job).then_some(entry)
    };
    // The feeds, sitemap and open data are made and written while the pages are.
    let extras = || -> Result<(), Diagnostic> {
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
        extra
            .par_iter()
            .try_for_each(|(path, bytes)| write(path, bytes))?;
        // The source pages: rendered here, beside the pages, so that they stay out of the
        // search index.
        archive.sources.files.values().try_for_each(|file| {
            let mut page = source_pages::page(archive, &urls, file);
            let digest = page_cache::page_digest(&page);
            write_page(&urls::file_of(&page.path), &mut page, &digest)
        })
    };
    let (results, extras): (Vec<Result<Rendered, Diagnostic>>, _) = rayon::join(
        || {
            // Pages in small runs: rayon splits a range only while it has threads to spare,
            // and a run being rendered cannot be split; at 50x one thread was left idle for
            // the last 40 % of this stage, waiting for the other's run of heavy pages.
            jobs
                .par_iter()
                .with_max_len(4)
                .enumerate()
                .map(|(i, &job)| {
                    let known = known(i, job);
                    if let (Some(entry), Some(r)) = (known, &reuse) {
                        if !r.verify && (r.keep)(&entry.file) {
                            progress();
                            return Ok(Rendered {
                                job,
                                blocks: entry.blocks.clone(),
                                warnings: entry.warnings.clone(),
                                file: entry.file.clone(),
                                digest: Some(entry.digest),
                                rendered: false,
                                built: false,
                            });
                        }
                    }
                    let mut page = builder.build(job);
                    let file = urls::file_of(&page.path);
                    let page_digest = page_cache::page_digest(&page);
                    let digest = shared.map(|_| page_digest);
                    if let (Some(entry), Some(d)) = (known, digest) {
                        if entry.digest != d {
                            return Err(Diagnostic::new(format!(
                                "serve: {file} changed, but the rebuild assumed it could not \
                                 (a missing dependency in render::affected)"
                            )));
                        }
                    }
                    let unchanged = match (&reuse, digest) {
                        (Some(r), Some(d)) => r.previous.digest_of(&file) == Some(d) && (r.keep)(&file),
                        _ => false,
                    };
                    if !unchanged {
                        write_page(&file, &mut page, &page_digest)?;
                    }
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
                    Ok(Rendered {
                        job,
                        blocks: page.body.map(|b| b.blocks),
                        warnings,
                        file,
                        digest,
                        rendered: !unchanged,
                        built: true,
                    })
                })
                .collect()
        },
        extras,
    );
    stages.mark("render and write pages, feeds, sitemap and data");

    let mut diags = Diagnostics::default();
    let mut warnings = Vec::new();
    let mut talk_blocks: Vec<(usize, Vec<markdown::Block>)> = Vec::new();
    let mut entries = Vec::new();
    let (mut rendered, mut built) = (0, 0);
    for r in results {
        match r {
            Ok(r) => {
                warnings.extend(r.warnings.iter().cloned());
                rendered += usize::from(r.rendered);
                built += usize::from(r.built);
                let blocks = match (r.job, r.blocks) {
                    (Job::Talk(t), Some(b)) => {
                        if shared.is_some() {
                            talk_blocks.push((t, b.clone()));
                            Some(b)
                        } else {
                            talk_blocks.push((t, b));
                            None
                        }
                    }
                    _ => None,
                };
                if let Some(digest) = r.digest {
                    entries.push(PageEntry {
                        job: r.job,
                        file: r.file,
                        digest,
                        blocks,
                        warnings: r.warnings,
                    });
                }
            }
            Err(d) => diags.push(d),
        }
    }
    if !diags.is_empty() {
        return Err(fold_same_place(diags.sorted()));
    }
    talk_blocks.sort_by_key(|(t, _)| *t);

    extras.map_err(Diagnostics::from)?;
    // The index writes its files as it makes them.
    let search = search::build_index(
        archive,
        connections,
        &urls,
        talk_blocks,
        (&write, &write_made),
        search_reuse,
        stages,
    )?;

    let (files, bytes) = written.into_inner().unwrap_or_default();
    Ok(SiteRender {
        report: RenderReport {
            pages: jobs.len(),
            files,
            bytes,
            warnings,
            index_for: archive.config.search.host_ranges,
        },
        cache: shared.map(|shared| {
            PageCache::new(
                shared,
                entries,
                templates.map(|digest| (digest, tera.clone())),
            )
        }),
        rendered,
        built,
        search,
    })
}

pub fn compile_templates(theme: &Theme) -> Result<tera::Tera, Diagnostics> {
    let mut tera = tera::Tera::default();
    tera.autoescape_on(vec![".html", ".xml"]);
    // Tera's default also escapes `/`, which makes every URL in the output unreadable.
    tera.set_escape_fn(html::escape);
    tera.register_filter("fmt", crate::i18n::filter::fmt);
    tera.register_filter("day", crate::i18n::filter::day);
    let added = tera.add_raw_templates(
        theme
            .templates
            .iter()
            .map(|t| (t.name.as_str(), t.source.as_str())),
    );
    let Err(e) = added else {
        return Ok(tera);
    };
    // Parsed one at a time (only now: parsing is most of compiling), so that a syntax error
    // names its file and line.
    let mut diags = Diagnostics::default();
    for t in &theme.templates {
        if let Err(e) = tera::Template::new(&t.name, None, &t.source) {
            diags.push(syntax_error(&t.origin, &error_chain_lines(&e)));
        }
    }
    if !diags.is_empty() {
        return Err(diags);
    }
    let message = error_chain(&e);
    // Tera names the template at fault first, in quotes: point at its file.
    let at_fault = message
        .split('\'')
        .nth(1)
        .and_then(|name| theme.templates.iter().find(|t| t.name == name));
    let d = match at_fault {
        Some(t) => Diagnostic::in_file(&t.origin, message),
        None => Diagnostic::new(message),
    };
    Err(Diagnostics::from(d.help(
        "a template extends, imports or includes one that does not exist: fix the name",
    )))
}

/// Tera's errors keep the useful part in their sources.
fn error_chain(e: &dyn std::error::Error) -> String {
    error_chain_lines(e).replace('\n', " ")
}

fn error_chain_lines(e: &dyn std::error::Error) -> String {
    let mut parts = vec![e.to_string()];
    let mut source = e.source();
    while let Some(s) = source {
        parts.push(s.to_string());
        source = s.source();
    }
    parts.join(": ")
}

/// A template parse error as `file:line:col: what was expected (in `the line`)`. Tera's message
/// is a drawing (` --> 4:21`, the line, a caret, `= expected …`); the drawing is taken apart.
fn syntax_error(origin: &Path, text: &str) -> Diagnostic {
    let position = text.lines().find_map(|l| {
        let (line, col) = l.trim().strip_prefix("--> ")?.split_once(':')?;
        Some((
            line.trim().parse::<usize>().ok()?,
            col.trim().parse::<usize>().ok()?,
        ))
    });
    let expected = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("= "))
        .map(str::to_string);
    let source_line = position.and_then(|(line, _)| {
        text.lines()
            .find_map(|l| l.trim_start().strip_prefix(&format!("{line} | ")))
            .map(str::trim)
    });
    let message = match (&expected, source_line) {
        (Some(e), Some(l)) => format!("syntax error: {e} (in `{l}`)"),
        (Some(e), None) => format!("syntax error: {e}"),
        _ => text.replace('\n', " "),
    };
    let d = Diagnostic::in_file(origin, message)
        .help("fix the template's syntax (Tera, like Jinja2): close every `{{`, `{%` and block");
    match position {
        Some((line, col)) => d.at(line, Some(col)),
        None => d,
    }
}

/// Where a variable Tera could not find is used: the first template (the page's own first, then
/// the ones it extends, imports or includes) and line that mention it.
fn find_variable<'a>(theme: &'a Theme, first: &str, variable: &str) -> Option<(&'a Path, usize)> {
    let ordered = theme
        .templates
        .iter()
        .filter(|t| t.name == first)
        .chain(theme.templates.iter().filter(|t| t.name != first));
    for t in ordered {
        for (i, line) in t.source.lines().enumerate() {
            let mut rest = line;
            while let Some(at) = rest.find(variable) {
                let after = &rest[at + variable.len()..];
                let continues = after
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_alphanumeric() || c == '_');
                if !continues {
                    return Some((t.origin.as_path(), i + 1));
                }
                rest = after;
            }
        }
    }
    None
}

/// An error while rendering a page, pointed at the template line when Tera names a variable.
fn render_error(theme: &Theme, page: &Page, e: &tera::Error) -> Diagnostic {
    let chain = error_chain(e);
    let shown = if page.path.is_empty() {
        "the home page"
    } else {
        &page.path
    };
    let variable = chain
        .split("Variable `")
        .nth(1)
        .and_then(|rest| rest.split('`').next())
        .filter(|v| !v.is_empty());
    if let Some(variable) = variable {
        if let Some((origin, line)) = find_variable(theme, page.template, variable) {
            return Diagnostic::in_file(
                origin,
                format!("`{variable}` is not defined on the page {shown}"),
            )
            .at(line, None)
            .help(format!(
                "use a variable the page has (see docs/templates.md), or guard it with \
                 `{{% if {variable} is defined %}}`"
            ));
        }
    }
    let origin = theme
        .templates
        .iter()
        .find(|t| t.name == page.template)
        .map(|t| t.origin.clone())
        .unwrap_or_else(|| format!("templates/{}", page.template).into());
    Diagnostic::in_file(&origin, format!("while rendering {shown}: {chain}")).help(
        "fix the template: a variable it uses may not exist on this page (see docs/templates.md)",
    )
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
    ctx.insert("theme_css", &config.theme.css());
    ctx.insert(
        "logo",
        &config
            .theme
            .logo
            .as_ref()
            .map(|l| urls.link(&format!("static/{l}"))),
    );
    let t = &config.strings;
    ctx.insert("i18n", &t.to_json());
    // The search client's words, as a data attribute of its script element.
    ctx.insert("client_strings", &t.client_json().to_string());
    let nav = [
        ("events/", t.get("nav_events")),
        ("talks/", t.get("nav_talks")),
        ("speakers/", t.get("nav_speakers")),
        ("orgs/", t.get("nav_orgs")),
        ("trends/", t.get("nav_trends")),
        ("search/", t.get("nav_search")),
    ];
    ctx.insert("nav", &nav.iter().map(|(p, l)| json!({"path": p, "section": p.trim_end_matches('/'), "url": urls.link(p), "label": l})).collect::<Vec<_>>());
    ctx.insert("live_reload", &opts.live_reload);
    ctx
}

/// One template error breaks every page that uses the template: report it once, with how many
/// pages it broke, instead of once per page.
fn fold_same_place(diags: Diagnostics) -> Diagnostics {
    let mut out: Vec<(Diagnostic, usize)> = Vec::new();
    for d in diags.0 {
        match out.last_mut() {
            Some((last, n))
                if last.file.is_some()
                    && last.line.is_some()
                    && (&last.file, last.line, last.column, &last.help)
                        == (&d.file, d.line, d.column, &d.help) =>
            {
                *n += 1
            }
            _ => out.push((d, 0)),
        }
    }
    Diagnostics(
        out.into_iter()
            .map(|(mut d, more)| {
                if more > 0 {
                    d.message.push_str(&format!(
                        " and {more} other page{}",
                        if more == 1 { "" } else { "s" }
                    ));
                }
                d
            })
            .collect(),
    )
}

/// Renders `page` with its template; its data and JSON-LD move into the template's context.
fn render_page(
    tera: &tera::Tera,
    base: &tera::Context,
    page: &mut Page,
    urls: &Urls,
    theme: &Theme,
) -> Result<String, Diagnostic> {
    let mut ctx = base.clone();
    let mut json_ld = std::mem::take(&mut page.json_ld);
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
    // The page's own data moves into the context: inserting it copied every value through
    // serde (a talk's whole text among them), a twentieth of a large build's CPU.
    if let Ok(data) = tera::Context::from_value(std::mem::take(&mut page.data)) {
        ctx.extend(data);
    }
    tera.render(page.template, &ctx)
        .map_err(|e| render_error(theme, page, &e))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn theme_with(name: &str, source: &str) -> theme::Theme {
        theme::Theme {
            templates: vec![theme::Template {
                name: name.into(),
                source: source.into(),
                origin: format!("templates/{name}").into(),
            }],
            static_files: Vec::new(),
            assets: Default::default(),
        }
    }

    #[test]
    fn a_syntax_error_points_at_its_line_and_column() {
        let source = "<h1>{{ talk.title }}</h1>\n<p>{{ talk.summary </p>\n";
        let e = tera::Template::new("talk.html", None, source).unwrap_err();
        let d = syntax_error(Path::new("templates/talk.html"), &error_chain_lines(&e));
        assert_eq!(d.line, Some(2), "{d}");
        assert!(d.message.starts_with("syntax error: expected"), "{d}");
        assert!(d.message.contains("(in `<p>{{ talk.summary </p>`)"), "{d}");
    }

    #[test]
    fn an_undefined_variable_is_found_in_the_template() {
        let theme = theme_with("talk.html", "a\n{{ talk.titles }}\n{{ talk.title }}\n");
        let found = find_variable(&theme, "talk.html", "talk.title");
        assert_eq!(
            found.map(|(_, l)| l),
            Some(3),
            "not the longer `talk.titles`"
        );
        assert_eq!(find_variable(&theme, "talk.html", "nope"), None);
    }

    #[test]
    fn the_same_template_error_on_many_pages_is_reported_once() {
        let d = |page: &str| {
            Diagnostic::in_file(
                Path::new("templates/talk.html"),
                format!("`x` is not defined on the page {page}"),
            )
            .at(4, None)
            .help("h")
        };
        let folded = fold_same_place(Diagnostics(vec![d("a/"), d("b/"), d("c/")]).sorted());
        assert_eq!(folded.len(), 1);
        assert!(
            folded.0[0].message.ends_with("a/ and 2 other pages"),
            "{folded}"
        );
    }
}
