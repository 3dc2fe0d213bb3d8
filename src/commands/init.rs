//! `talkarchive init [DIR]`: a new archive that builds, serves and passes `check` at once — its
//! settings, one worked example of each kind of record, `sources/`, a `.gitignore` and a README
//! for the archivist (the files are in `starter/<language>/`, embedded).

use crate::config::normalize_base_url;
use crate::diagnostics::Diagnostic;
use std::path::{Path, PathBuf};

macro_rules! starter {
    ($lang:literal: $($name:literal => $file:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../starter/", $lang, "/", $file)))),*]
    };
}

/// The files of a new archive in English, by path; `{title}`, `{title_text}` and `{base_url}`
/// are filled in.
const EN: &[(&str, &str)] = starter!("en":
    "talkarchive.toml" => "talkarchive.toml",
    "README.md" => "README.md",
    ".gitignore" => "gitignore",
    "sources/README.md" => "sources/README.md",
    "content/events/meetup-2025-01.md" => "content/events/meetup-2025-01.md",
    "content/talks/meetup-2025-01/01-small-models.md" => "content/talks/meetup-2025-01/01-small-models.md",
    "content/speakers/sam-rivera.md" => "content/speakers/sam-rivera.md",
    "content/orgs/example-labs.md" => "content/orgs/example-labs.md",
    "content/trends/small-models.md" => "content/trends/small-models.md",
);

/// The same in Simplified Chinese.
const ZH_CN: &[(&str, &str)] = starter!("zh-CN":
    "talkarchive.toml" => "talkarchive.toml",
    "README.md" => "README.md",
    ".gitignore" => "gitignore",
    "sources/README.md" => "sources/README.md",
    "content/events/salon-2025-01.md" => "content/events/salon-2025-01.md",
    "content/talks/salon-2025-01/01-xiao-moxing.md" => "content/talks/salon-2025-01/01-xiao-moxing.md",
    "content/speakers/lin-xiao.md" => "content/speakers/lin-xiao.md",
    "content/orgs/shili-shiyanshi.md" => "content/orgs/shili-shiyanshi.md",
    "content/trends/xiao-moxing.md" => "content/trends/xiao-moxing.md",
);

/// The languages `init` has a starter archive for.
pub const LANGUAGES: &[&str] = &["en", "zh-CN"];

pub struct InitOptions<'a> {
    pub dir: &'a Path,
    pub language: &'a str,
    pub title: Option<&'a str>,
    pub base_url: Option<&'a str>,
}

/// Writes the new archive into `dir` (made if missing) and returns the files written.
pub fn run(opts: &InitOptions) -> Result<Vec<PathBuf>, Diagnostic> {
    let files = match opts.language {
        "en" => EN,
        "zh-CN" => ZH_CN,
        other => {
            return Err(
                Diagnostic::new(format!("no starter archive in language `{other}`")).help(format!(
                    "use --language {}; for another language, start from en and add \
                         i18n/<language>.toml (see docs/templates.md)",
                    LANGUAGES.join(" or --language ")
                )),
            )
        }
    };
    let title = opts.title.unwrap_or(match opts.language {
        "zh-CN" => "我的演讲档案",
        _ => "My talk archive",
    });
    let base_url = opts.base_url.unwrap_or("https://example.org/");
    let base_url = normalize_base_url(base_url).ok_or_else(|| {
        Diagnostic::new(format!(
            "--base-url `{base_url}` is not an absolute http(s) URL"
        ))
        .help("write it like https://example.org/ or https://example.org/archive/")
    })?;
    if title.trim().is_empty() {
        return Err(Diagnostic::new("--title is empty").help("give the archive a title"));
    }
    refuse_non_empty(opts.dir)?;
    let toml_string = |s: &str| toml::Value::String(s.to_string()).to_string();
    let (title_toml, base_url_toml) = (toml_string(title), toml_string(&base_url));
    let mut written = Vec::new();
    for (path, text) in files {
        let text = match *path {
            "talkarchive.toml" => text
                .replace("{title}", &title_toml)
                .replace("{base_url}", &base_url_toml),
            "README.md" => text.replace("{title_text}", title),
            _ => text.to_string(),
        };
        let full = opts.dir.join(path);
        if let Some(parent) = full.parent() {
            std::fs::create_dir_all(parent).map_err(|e| {
                Diagnostic::in_file(parent, format!("cannot create the folder: {e}"))
                    .help("check that the folder is writable")
            })?;
        }
        std::fs::write(&full, text).map_err(|e| {
            Diagnostic::in_file(&full, format!("cannot write: {e}"))
                .help("check that the folder is writable and the disk is not full")
        })?;
        written.push(PathBuf::from(path));
    }
    Ok(written)
}

/// An archive starts in an empty (or new) folder: nothing of what is there is overwritten.
fn refuse_non_empty(dir: &Path) -> Result<(), Diagnostic> {
    if dir.exists() && !dir.is_dir() {
        return Err(Diagnostic::in_file(dir, "is a file, not a folder")
            .help("give init the name of a new or empty folder"));
    }
    let Ok(mut entries) = std::fs::read_dir(dir) else {
        return Ok(()); // does not exist yet: made when the first file is written
    };
    if let Some(Ok(first)) = entries.next() {
        return Err(Diagnostic::in_file(
            dir,
            format!(
                "the folder is not empty (it holds `{}`); nothing was written",
                first.file_name().to_string_lossy()
            ),
        )
        .help("run `talkarchive init NEW-FOLDER` with a new or empty folder"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_starters_have_the_same_kinds_of_files() {
        let kinds = |files: &[(&str, &str)]| {
            files
                .iter()
                .map(|(p, _)| p.split('/').take(2).collect::<Vec<_>>().join("/"))
                .collect::<Vec<_>>()
        };
        assert_eq!(kinds(EN), kinds(ZH_CN));
    }

    #[test]
    fn a_title_with_quotes_stays_valid_toml() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        run(&InitOptions {
            dir: &site,
            language: "en",
            title: Some("Talks \"quoted\" \\ here"),
            base_url: Some("https://example.org/talks"),
        })
        .unwrap();
        let config = crate::config::Config::load(&site).unwrap();
        assert_eq!(config.title, "Talks \"quoted\" \\ here");
        assert_eq!(config.base_url, "https://example.org/talks/");
    }

    #[test]
    fn a_non_empty_folder_is_refused_and_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("notes.txt"), "mine").unwrap();
        let err = run(&InitOptions {
            dir: dir.path(),
            language: "en",
            title: None,
            base_url: None,
        })
        .unwrap_err();
        assert!(err.message.contains("not empty"), "{err}");
        assert!(err.message.contains("notes.txt"), "{err}");
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(left.len(), 1);
    }
}
