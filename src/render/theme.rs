//! The theme: the default templates and static files embedded in the binary, overridden file by
//! file by the site's own `templates/` and `static/`. Static CSS and JS are fingerprinted.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::render::markdown::CODE_CLASS_PREFIX;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

macro_rules! embed {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../templates/", $name)))),*]
    };
}

/// The default templates, by name.
pub const DEFAULT_TEMPLATES: &[(&str, &str)] = embed!(
    "base.html",
    "macros.html",
    "index.html",
    "events.html",
    "event.html",
    "talks.html",
    "talk.html",
    "source.html",
    "speakers.html",
    "speaker.html",
    "orgs.html",
    "org.html",
    "trends.html",
    "trend.html",
    "search.html",
    "404.html",
);

/// The default static files, by name.
pub const DEFAULT_STATIC: &[(&str, &[u8])] = &[
    ("style.css", include_bytes!("../../static/style.css")),
    ("search.js", include_bytes!("../../static/search.js")),
    ("inflate.js", include_bytes!("../../static/inflate.js")),
    ("favicon.svg", include_bytes!("../../static/favicon.svg")),
];

/// The theme's own script without its comment lines, blank lines and indentation: a reader's
/// browser fetches it before the first search, and its comments were a third of it (search.js:
/// 17.0 KiB gzipped, 11.5 without). Lines that are only a comment (`// …`, a `/* … */` block)
/// go; code on a comment's line stays. Only for the built-in scripts, which have no string or
/// template literal across lines (a line of one could look like a comment); a site's own script
/// is served as written (a byte-identical copy of the built-in one is the built-in one).
fn without_comment_lines(js: &str) -> String {
    let mut out = String::with_capacity(js.len());
    let mut in_block = false;
    for line in js.lines() {
        let mut t = line.trim();
        if in_block {
            // Code after the end of a comment is kept.
            let Some(end) = t.find("*/") else { continue };
            in_block = false;
            t = t[end + 2..].trim_start();
        } else if let Some(comment) = t.strip_prefix("/*") {
            match comment.find("*/") {
                None => {
                    in_block = true;
                    continue;
                }
                // `/* … */ code`: the line is kept whole.
                Some(end) if !comment[end + 2..].trim().is_empty() => {}
                Some(_) => continue,
            }
        }
        if t.is_empty() || t.starts_with("//") {
            continue;
        }
        out.push_str(t);
        out.push('\n');
    }
    out
}

/// A template's source and where it came from (for error messages).
pub struct Template {
    pub name: String,
    pub source: String,
    pub origin: PathBuf,
}

pub struct StaticFile {
    /// Path under `static/` in the output, fingerprinted for CSS and JS.
    pub output_name: String,
    pub bytes: Vec<u8>,
}

pub struct Theme {
    pub templates: Vec<Template>,
    pub static_files: Vec<StaticFile>,
    /// Original static name → output name (`style.css` → `style.1a2b3c4d.css`).
    pub assets: BTreeMap<String, String>,
}

impl Theme {
    /// The default theme with the site's overrides from `root/templates` and `root/static`.
    pub fn load(root: &Path) -> Result<Theme, Diagnostics> {
        let mut diags = Diagnostics::default();
        let mut templates: BTreeMap<String, Template> = DEFAULT_TEMPLATES
            .iter()
            .map(|(name, source)| {
                let t = Template {
                    name: name.to_string(),
                    source: source.to_string(),
                    origin: PathBuf::from(format!("(built-in theme) templates/{name}")),
                };
                (name.to_string(), t)
            })
            .collect();
        for (name, path, bytes) in read_dir_files(root, "templates", &mut diags) {
            match String::from_utf8(bytes) {
                Ok(source) => {
                    templates.insert(
                        name.clone(),
                        Template {
                            name,
                            source,
                            origin: path,
                        },
                    );
                }
                Err(_) => diags.push(
                    Diagnostic::in_file(&path, "the template is not valid UTF-8")
                        .help("save it as UTF-8"),
                ),
            }
        }
        let mut raw: BTreeMap<String, Vec<u8>> = DEFAULT_STATIC
            .iter()
            .map(|(n, b)| {
                let bytes = match (n.ends_with(".js"), std::str::from_utf8(b)) {
                    (true, Ok(js)) => without_comment_lines(js).into_bytes(),
                    _ => b.to_vec(),
                };
                (n.to_string(), bytes)
            })
            .collect();
        for (name, _, bytes) in read_dir_files(root, "static", &mut diags) {
            // A copy of a built-in file is the built-in file (the shipped archive's root is this
            // repository, whose `static/` is the theme's own).
            let built_in = DEFAULT_STATIC
                .iter()
                .any(|(n, b)| *n == name && *b == bytes);
            if !built_in {
                raw.insert(name, bytes);
            }
        }
        if let Some(css) = raw.get_mut("style.css") {
            css.extend_from_slice(code_css().as_bytes());
        }
        let mut assets = BTreeMap::new();
        let mut static_files = Vec::new();
        for (name, bytes) in raw {
            let output_name = fingerprinted(&name, &bytes);
            assets.insert(name, output_name.clone());
            static_files.push(StaticFile { output_name, bytes });
        }
        diags.into_result(Theme {
            templates: templates.into_values().collect(),
            static_files,
            assets,
        })
    }
}

/// Every file below `root/dir`, as (name relative to dir with `/`, path relative to root, bytes).
fn read_dir_files(
    root: &Path,
    dir: &str,
    diags: &mut Diagnostics,
) -> Vec<(String, PathBuf, Vec<u8>)> {
    let base = root.join(dir);
    if !base.is_dir() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for item in walkdir::WalkDir::new(&base)
        .follow_links(true)
        .sort_by_file_name()
    {
        match item {
            Ok(item) if item.file_type().is_file() => {
                let rel = item.path().strip_prefix(&base).unwrap_or(item.path());
                let name = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                if name.starts_with('.') || name.contains("/.") {
                    continue;
                }
                let shown = Path::new(dir).join(rel);
                match std::fs::read(item.path()) {
                    Ok(bytes) => out.push((name, shown, bytes)),
                    Err(e) => diags.push(Diagnostic::in_file(&shown, format!("cannot read: {e}"))),
                }
            }
            Ok(_) => {}
            Err(e) => diags.push(
                Diagnostic::in_file(Path::new(dir), format!("cannot read: {e}")).help(
                    "check permissions and remove symbolic links that point back into the folder",
                ),
            ),
        }
    }
    out
}

/// `style.css` → `style.<8 hex of sha256>.css`; other files keep their name.
pub fn fingerprinted(name: &str, bytes: &[u8]) -> String {
    let Some((stem, ext)) = name.rsplit_once('.') else {
        return name.to_string();
    };
    if !matches!(ext, "css" | "js") {
        return name.to_string();
    }
    let digest = crate::digest::of(bytes);
    format!("{stem}.{}.{ext}", crate::digest::hex(&digest[..4]))
}

/// Syntax-highlighting colours for code blocks, light and dark.
fn code_css() -> &'static str {
    static CSS: OnceLock<String> = OnceLock::new();
    CSS.get_or_init(|| {
        use syntect::highlighting::ThemeSet;
        use syntect::html::{css_for_theme_with_class_style, ClassStyle};
        let themes = ThemeSet::load_defaults();
        let style = ClassStyle::SpacedPrefixed { prefix: CODE_CLASS_PREFIX };
        let light = themes
            .themes
            .get("InspiredGitHub")
            .and_then(|t| css_for_theme_with_class_style(t, style).ok())
            .unwrap_or_default();
        let dark = themes
            .themes
            .get("base16-ocean.dark")
            .and_then(|t| css_for_theme_with_class_style(t, style).ok())
            .unwrap_or_default();
        format!("\n/* code: syntect InspiredGitHub / base16-ocean.dark */\n{light}\n@media (prefers-color-scheme: dark) {{\n{dark}\n}}\n")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn css_and_js_are_fingerprinted_by_content() {
        let a = fingerprinted("style.css", b"a");
        assert!(
            a.starts_with("style.") && a.ends_with(".css") && a.len() == "style.12345678.css".len()
        );
        assert_ne!(a, fingerprinted("style.css", b"b"));
        assert_eq!(fingerprinted("favicon.svg", b"a"), "favicon.svg");
    }

    fn built_in(name: &str) -> &'static [u8] {
        DEFAULT_STATIC
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, b)| *b)
            .unwrap()
    }

    /// The bytes `theme` writes for its static file `name`.
    fn served<'t>(theme: &'t Theme, name: &str) -> &'t [u8] {
        let output_name = &theme.assets[name];
        let file = theme
            .static_files
            .iter()
            .find(|f| &f.output_name == output_name);
        &file.unwrap().bytes
    }

    #[test]
    fn the_built_in_script_loses_comment_lines_and_indentation_only() {
        let js = "/* head\n * more */\nconst a = 1; // kept: after code\n\n  // gone\n  /* gone */\n  if (/[\\s-`]/.test(x)) f(`${a}//`);\n";
        assert_eq!(
            without_comment_lines(js),
            "const a = 1; // kept: after code\nif (/[\\s-`]/.test(x)) f(`${a}//`);\n"
        );
        // Code on a comment's line, before or after it, stays.
        let js = "/* a */ run();\n/* b\n c */ go();\n/*/\nnot code */\nend();\n";
        assert_eq!(without_comment_lines(js), "/* a */ run();\ngo();\nend();\n");
        let shipped = std::str::from_utf8(built_in("search.js")).unwrap();
        let stripped = without_comment_lines(shipped);
        assert!(stripped.len() * 4 < shipped.len() * 3, "a quarter smaller");
        // Every statement line is still there, in order.
        let code: Vec<&str> = shipped
            .lines()
            .map(str::trim)
            .filter(|l| {
                !l.is_empty() && !l.starts_with("//") && !l.starts_with('*') && !l.starts_with("/*")
            })
            .collect();
        let kept: Vec<&str> = stripped.lines().collect();
        assert_eq!(code, kept);
    }

    #[test]
    fn a_sites_own_script_is_served_as_written() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("static")).unwrap();
        let mine = "// my comment\nrun();\n";
        std::fs::write(dir.path().join("static/search.js"), mine).unwrap();
        let theme = Theme::load(dir.path()).unwrap();
        assert_eq!(served(&theme, "search.js"), mine.as_bytes());
        // A copy of the built-in script, as the shipped archive's root has, is stripped as it.
        std::fs::write(dir.path().join("static/search.js"), built_in("search.js")).unwrap();
        let theme = Theme::load(dir.path()).unwrap();
        assert!(served(&theme, "search.js").len() < built_in("search.js").len());
    }

    #[test]
    fn site_files_override_defaults() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("templates")).unwrap();
        std::fs::write(dir.path().join("templates/404.html"), "mine").unwrap();
        let theme = Theme::load(dir.path()).unwrap();
        let t = theme
            .templates
            .iter()
            .find(|t| t.name == "404.html")
            .unwrap();
        assert_eq!(t.source, "mine");
        assert_eq!(t.origin, Path::new("templates/404.html"));
    }
}
