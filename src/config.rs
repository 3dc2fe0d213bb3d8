//! `talkarchive.toml`: the site's settings.

use crate::diagnostics::{line_col, Diagnostic};
use serde::Deserialize;
use std::path::Path;

pub const CONFIG_FILE: &str = "talkarchive.toml";

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub title: String,
    /// Absolute URL the site is served from, e.g. `https://example.org/archive/`.
    pub base_url: String,
    #[serde(default = "default_language")]
    pub language: String,
    #[serde(default)]
    pub description: String,
    pub author: Option<String>,
    /// Colours, fonts and logo of the default theme (`[theme]`).
    #[serde(default)]
    pub theme: crate::render::theme_css::ThemeSettings,
    /// How the search index is laid out for the host the site is published on (`[search]`).
    #[serde(default)]
    pub search: SearchSettings,
    /// The theme's words in `language` (`i18n/`), loaded with the settings.
    #[serde(skip)]
    pub strings: std::sync::Arc<crate::i18n::Strings>,
}

/// `[search]`: the host the site is published on, which decides the index's file sizes.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SearchSettings {
    /// What the host does with byte ranges. `none`: the index is written in small files that a
    /// query fetches whole (more files, a longer build); `multi` and `single` (the default):
    /// larger files read by ranges, fewer of them (docs/deploy.md).
    #[serde(default)]
    pub host_ranges: Ranges,
}

/// What a static host does with `Range` headers (docs/deploy.md says which host does what).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Ranges {
    /// One range → 206, several → one 206 multipart/byteranges (as nginx, Apache, Caddy)
    #[default]
    Multi,
    /// One range → 206, several → the whole file with 200 (as Amazon S3 and CloudFront)
    Single,
    /// Range ignored: always the whole file with 200, no Accept-Ranges (as `python3 -m
    /// http.server`)
    None,
}

fn default_language() -> String {
    "zh-CN".into()
}

impl Config {
    /// Reads and checks `talkarchive.toml` in `root`.
    pub fn load(root: &Path) -> Result<Config, Diagnostic> {
        let path = root.join(CONFIG_FILE);
        let shown = Path::new(CONFIG_FILE);
        let text = std::fs::read_to_string(&path).map_err(|e| {
            Diagnostic::in_file(shown, format!("cannot read the site settings: {e}")).help(format!(
                "run talkarchive in the site's folder or pass --root; the folder needs a {CONFIG_FILE} \
                 with at least `title` and `base_url`"
            ))
        })?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        let mut config: Config = toml::from_str(text).map_err(|e| {
            at_toml_error(
                Diagnostic::in_file(shown, e.message().to_string())
                    .help("see docs/content-format.md for the keys of talkarchive.toml"),
                text,
                &e,
            )
        })?;
        config.base_url = normalize_base_url(&config.base_url).ok_or_else(|| {
            let d = Diagnostic::in_file(shown, format!("base_url `{}` is not an absolute http(s) URL", config.base_url))
                .help("write it like base_url = \"https://example.org/\" or \"https://example.org/archive/\"");
            match line_of_key(text, "base_url") {
                Some(line) => d.at(line, None),
                None => d,
            }
        })?;
        if let Some((key, problem)) = config.theme.problem() {
            let d = Diagnostic::in_file(shown, problem)
                .help("see docs/templates.md for the [theme] table and its defaults");
            return Err(match line_of_key(text, &key) {
                Some(line) => d.at(line, None),
                None => d,
            });
        }
        config.strings = std::sync::Arc::new(crate::i18n::Strings::load(root, &config.language)?);
        Ok(config)
    }

    /// The path part of `base_url`, always starting and ending with `/` (`/archive/`).
    pub fn base_path(&self) -> &str {
        base_path_of(&self.base_url)
    }

    /// A copy served from another address (used by `serve`).
    pub fn with_base_url(&self, base_url: &str) -> Config {
        Config {
            base_url: normalize_base_url(base_url).unwrap_or_else(|| base_url.to_string()),
            ..self.clone()
        }
    }
}

/// `d` at the line and column where TOML's parser stopped in `text`.
pub fn at_toml_error(d: Diagnostic, text: &str, e: &toml::de::Error) -> Diagnostic {
    match e.span() {
        Some(span) => {
            let (l, c) = line_col(text, span.start);
            d.at(l, Some(c))
        }
        None => d,
    }
}

/// The 1-based line on which `key = …` is set in `text`.
pub fn line_of_key(text: &str, key: &str) -> Option<usize> {
    text.lines()
        .position(|l| {
            l.trim_start()
                .strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        })
        .map(|i| i + 1)
}

/// `https://host/path` → `https://host/path/`; `None` if it is not an absolute http(s) URL.
pub fn normalize_base_url(url: &str) -> Option<String> {
    let url = url.trim();
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    if rest.is_empty() || rest.starts_with('/') || rest.contains(['?', '#', ' ']) {
        return None;
    }
    let mut url = url.to_string();
    if !url.ends_with('/') {
        url.push('/');
    }
    Some(url)
}

fn base_path_of(base_url: &str) -> &str {
    let after_scheme = base_url.split_once("://").map_or(base_url, |(_, r)| r);
    after_scheme.find('/').map_or("/", |i| &after_scheme[i..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_base_url_names_its_line() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(CONFIG_FILE),
            "title = \"t\"\n\nbase_url = \"example.org\"\n",
        )
        .unwrap();
        let err = Config::load(dir.path()).unwrap_err();
        assert_eq!(err.line, Some(3), "{err}");
        assert_eq!(
            line_of_key("base_urls = 1\nbase_url=2\n", "base_url"),
            Some(2)
        );
    }

    #[test]
    fn host_ranges_default_to_multi_and_name_the_three_kinds() {
        let dir = tempfile::tempdir().unwrap();
        let load = |extra: &str| {
            std::fs::write(
                dir.path().join(CONFIG_FILE),
                format!("title = \"t\"\nbase_url = \"https://example.org/\"\n{extra}"),
            )
            .unwrap();
            Config::load(dir.path()).map(|c| c.search.host_ranges)
        };
        assert_eq!(load("").unwrap(), Ranges::Multi);
        assert_eq!(load("[search]\n").unwrap(), Ranges::Multi);
        for (name, kind) in [
            ("multi", Ranges::Multi),
            ("single", Ranges::Single),
            ("none", Ranges::None),
        ] {
            assert_eq!(
                load(&format!("[search]\nhost_ranges = \"{name}\"\n")).unwrap(),
                kind
            );
        }
        let err = load("[search]\nhost_range = \"none\"\n").unwrap_err();
        assert_eq!(err.line, Some(4), "{err}");
    }

    #[test]
    fn base_path_of_root_and_sub_path() {
        assert_eq!(base_path_of("https://example.org/"), "/");
        assert_eq!(base_path_of("https://example.org/archive/"), "/archive/");
        assert_eq!(base_path_of("http://127.0.0.1:1111/"), "/");
    }

    #[test]
    fn base_url_gets_a_trailing_slash_and_needs_a_scheme() {
        assert_eq!(
            normalize_base_url("https://example.org/archive").as_deref(),
            Some("https://example.org/archive/")
        );
        assert_eq!(normalize_base_url("example.org"), None);
        assert_eq!(normalize_base_url("https:///x"), None);
    }
}
