//! The theme's words in the site's language: one table of strings per language, below both the
//! pages (templates get it as `t`) and the search index (its documents borrow card labels).
//!
//! `en` and `zh-CN` are built in (`i18n/*.toml`, embedded). A site's `i18n/<language>.toml`
//! overrides single strings of the built-in table, or is a whole new language; a string missing
//! from it falls back to `en`, and `check` names it (`Strings::missing`).

pub mod dates;
pub mod filter;

use crate::config::{at_toml_error, line_of_key};
use crate::diagnostics::Diagnostic;
use crate::load::model::{Date, EventKind, OrgKind, TalkKind};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The built-in tables, by language tag.
pub const BUILT_IN: &[(&str, &str)] = &[
    ("en", include_str!("../../i18n/en.toml")),
    ("zh-CN", include_str!("../../i18n/zh-CN.toml")),
];

/// The language every table falls back to.
pub const FALLBACK: &str = "en";

/// One string: plain, or a form per count (`one` for 1, `other` for any other number).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    Text(String),
    Plural { one: Option<String>, other: String },
}

#[derive(Debug, Clone, Default)]
pub struct Strings {
    pub language: String,
    table: BTreeMap<String, Entry>,
    /// Keys the site's own table lacks (filled from `en`), for `check`.
    pub missing: Vec<String>,
    /// The site's table, if it has one (for messages).
    pub site_file: Option<PathBuf>,
}

impl Strings {
    /// The table for `language`: the built-in one, overridden by `root/i18n/<language>.toml`.
    pub fn load(root: &Path, language: &str) -> Result<Strings, Diagnostic> {
        let fallback = built_in(FALLBACK).unwrap_or_default();
        let mut table = match BUILT_IN.iter().find(|(l, _)| *l == language) {
            Some(_) => built_in(language).unwrap_or_default(),
            None => BTreeMap::new(),
        };
        let shown = PathBuf::from("i18n").join(format!("{language}.toml"));
        let path = root.join(&shown);
        let site_file = if path.is_file() {
            let text = std::fs::read_to_string(&path).map_err(|e| {
                Diagnostic::in_file(&shown, format!("cannot read the translation table: {e}"))
                    .help("save it as UTF-8 text")
            })?;
            for (key, entry) in parse(&text).map_err(|mut d| {
                d.file = Some(shown.clone());
                d
            })? {
                if !fallback.contains_key(&key) {
                    let line = line_of_key(&text, &key);
                    let d = Diagnostic::in_file(&shown, format!("unknown string `{key}`"))
                        .help("use the keys of the built-in table, listed in docs/templates.md");
                    return Err(match line {
                        Some(l) => d.at(l, None),
                        None => d,
                    });
                }
                table.insert(key, entry);
            }
            Some(shown.clone())
        } else if table.is_empty() {
            return Err(Diagnostic::in_file(
                Path::new(crate::config::CONFIG_FILE),
                format!("no translation table for language `{language}`"),
            )
            .help(format!(
                "use a built-in language ({}) or write the strings into {}",
                BUILT_IN
                    .iter()
                    .map(|(l, _)| *l)
                    .collect::<Vec<_>>()
                    .join(", "),
                shown.display()
            )));
        } else {
            None
        };
        let mut missing = Vec::new();
        for (key, entry) in &fallback {
            if !table.contains_key(key) {
                missing.push(key.clone());
                table.insert(key.clone(), entry.clone());
            }
        }
        Ok(Strings {
            language: language.to_string(),
            table,
            missing,
            site_file,
        })
    }

    /// A built-in table alone (for tests and tools).
    pub fn built_in(language: &str) -> Strings {
        let mut table = built_in(FALLBACK).unwrap_or_default();
        table.extend(built_in(language).unwrap_or_default());
        Strings {
            language: language.to_string(),
            table,
            missing: Vec::new(),
            site_file: None,
        }
    }

    /// The string `key` (its `other` form if it has forms); the key itself if unknown.
    pub fn get<'a>(&'a self, key: &'a str) -> &'a str {
        match self.table.get(key) {
            Some(Entry::Text(s)) => s,
            Some(Entry::Plural { other, .. }) => other,
            None => key,
        }
    }

    /// `key` with `{name}` replaced by each value of `args`.
    pub fn fill(&self, key: &str, args: &[(&str, &str)]) -> String {
        fill(self.get(key), args)
    }

    /// `key` in the form for the count `n`, with `{n}` and `args` filled.
    pub fn count(&self, key: &str, n: usize, args: &[(&str, &str)]) -> String {
        let form = match self.table.get(key) {
            Some(entry) => entry.form(n),
            None => key,
        };
        let n = n.to_string();
        let mut all = vec![("n", n.as_str())];
        all.extend_from_slice(args);
        fill(form, &all)
    }

    /// A date as this language writes it (`date_format`, `date_months`; see `dates`).
    pub fn date(&self, date: Date) -> String {
        dates::format_date(self.get("date_format"), self.get("date_months"), date)
    }

    /// Items joined as a list in this language (`甲、乙` / `a, b`).
    pub fn join<S: AsRef<str>>(&self, items: &[S]) -> String {
        items
            .iter()
            .map(AsRef::as_ref)
            .collect::<Vec<_>>()
            .join(self.get("list_sep"))
    }

    pub fn event_kind(&self, kind: EventKind) -> &str {
        self.get(match kind {
            EventKind::Conference => "event_kind_conference",
            EventKind::Forum => "event_kind_forum",
            EventKind::Broadcast => "event_kind_broadcast",
            EventKind::Report => "event_kind_report",
            EventKind::Article => "event_kind_article",
        })
    }

    pub fn org_kind(&self, kind: Option<OrgKind>) -> &str {
        self.get(match kind {
            Some(OrgKind::Company) => "org_kind_company",
            Some(OrgKind::Startup) => "org_kind_startup",
            Some(OrgKind::Investor) => "org_kind_investor",
            Some(OrgKind::University) => "org_kind_university",
            Some(OrgKind::Research) => "org_kind_research",
            Some(OrgKind::Government) => "org_kind_government",
            Some(OrgKind::Association) => "org_kind_association",
            Some(OrgKind::Media) => "org_kind_media",
            Some(OrgKind::Other) | None => "org_kind_other",
        })
    }

    pub fn talk_kind(&self, kind: TalkKind) -> &str {
        match self.table.get(&format!("talk_kind_{}", kind.as_str())) {
            Some(Entry::Text(s)) => s,
            Some(Entry::Plural { other, .. }) => other,
            None => kind.as_str(),
        }
    }

    /// Every string as templates see it (`t.key`: a string, or `{one, other}`).
    pub fn to_json(&self) -> Value {
        Value::Object(
            self.table
                .iter()
                .map(|(k, e)| (k.clone(), e.to_json()))
                .collect(),
        )
    }

    /// The strings of the search client (`client_*`), without their prefix.
    pub fn client_json(&self) -> Value {
        Value::Object(
            self.table
                .iter()
                .filter_map(|(k, e)| Some((k.strip_prefix("client_")?.to_string(), e.to_json())))
                .collect(),
        )
    }
}

impl Entry {
    /// The form for the count `n`.
    pub fn form(&self, n: usize) -> &str {
        match self {
            Entry::Text(s) => s,
            Entry::Plural { one: Some(one), .. } if n == 1 => one,
            Entry::Plural { other, .. } => other,
        }
    }

    fn to_json(&self) -> Value {
        match self {
            Entry::Text(s) => Value::String(s.clone()),
            Entry::Plural { one, other } => {
                let mut m = serde_json::Map::new();
                if let Some(one) = one {
                    m.insert("one".into(), Value::String(one.clone()));
                }
                m.insert("other".into(), Value::String(other.clone()));
                Value::Object(m)
            }
        }
    }
}

/// `{name}` in `template` replaced by each value of `args`; other braces are kept.
pub fn fill(template: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let value = after.find('}').and_then(|close| {
            let name = &after[..close];
            args.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| (*v, close))
        });
        match value {
            Some((v, close)) => {
                out.push_str(v);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn built_in(language: &str) -> Option<BTreeMap<String, Entry>> {
    let (_, text) = BUILT_IN.iter().find(|(l, _)| *l == language)?;
    parse(text).ok()
}

/// A table's entries; an error names the line.
fn parse(text: &str) -> Result<BTreeMap<String, Entry>, Diagnostic> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let value: toml::Table = toml::from_str(text).map_err(|e| {
        let d = Diagnostic::new(e.message().to_string())
            .help("write each string as key = \"text\", or key = { one = \"…\", other = \"…\" }");
        at_toml_error(d, text, &e)
    })?;
    let mut out = BTreeMap::new();
    for (key, v) in value {
        let entry = match &v {
            toml::Value::String(s) => Some(Entry::Text(s.clone())),
            toml::Value::Table(t) => match (t.get("one"), t.get("other")) {
                (one, Some(toml::Value::String(other)))
                    if t.keys().all(|k| k == "one" || k == "other")
                        && one.is_none_or(toml::Value::is_str) =>
                {
                    Some(Entry::Plural {
                        one: one.and_then(|o| o.as_str()).map(str::to_string),
                        other: other.clone(),
                    })
                }
                _ => None,
            },
            _ => None,
        };
        let Some(entry) = entry else {
            let d = Diagnostic::new(format!("`{key}` is neither a string nor {{ one, other }}"))
                .help("write key = \"text\", or key = { one = \"1 talk\", other = \"{n} talks\" }");
            let d = match line_of_key(text, &key) {
                Some(l) => d.at(l, None),
                None => d,
            };
            return Err(d);
        };
        out.insert(key, entry);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_tables_parse_and_have_the_same_keys() {
        let en = built_in("en").unwrap();
        let zh = built_in("zh-CN").unwrap();
        let en_keys: Vec<_> = en.keys().collect();
        let zh_keys: Vec<_> = zh.keys().collect();
        assert_eq!(en_keys, zh_keys);
        for (key, entry) in &zh {
            if let Entry::Text(s) = entry {
                assert!(!s.is_empty() || key == "list_and", "{key}");
            }
        }
    }

    #[test]
    fn counts_choose_their_form_and_fill_placeholders() {
        let en = Strings::built_in("en");
        assert_eq!(en.count("n_talks", 1, &[]), "1 talk");
        assert_eq!(en.count("n_talks", 3, &[]), "3 talks");
        let zh = Strings::built_in("zh-CN");
        assert_eq!(zh.count("n_talks", 1, &[]), "1 场演讲");
        assert_eq!(
            zh.fill("trend_title", &[("number", "3"), ("name", "具身智能")]),
            "趋势3：具身智能"
        );
        assert_eq!(fill("{a} {b} {", &[("a", "x")]), "x {b} {");
    }

    #[test]
    fn a_site_table_overrides_and_falls_back_to_english() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("i18n")).unwrap();
        std::fs::write(
            dir.path().join("i18n/zh-CN.toml"),
            "trends_description = \"十大趋势。\"\n",
        )
        .unwrap();
        let zh = Strings::load(dir.path(), "zh-CN").unwrap();
        assert_eq!(zh.get("trends_description"), "十大趋势。");
        assert_eq!(zh.get("nav_talks"), "演讲");
        assert!(zh.missing.is_empty());

        std::fs::write(dir.path().join("i18n/fr.toml"), "nav_talks = \"Exposés\"\n").unwrap();
        let fr = Strings::load(dir.path(), "fr").unwrap();
        assert_eq!(fr.get("nav_talks"), "Exposés");
        assert_eq!(fr.get("nav_speakers"), "Speakers");
        assert!(fr.missing.contains(&"nav_speakers".to_string()));

        let err = Strings::load(dir.path(), "de").unwrap_err();
        assert!(err.message.contains("`de`"), "{err}");
    }

    #[test]
    fn a_bad_site_table_names_the_line() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("i18n")).unwrap();
        std::fs::write(
            dir.path().join("i18n/en.toml"),
            "nav_talks = \"x\"\nnav_talkz = \"y\"\n",
        )
        .unwrap();
        let err = Strings::load(dir.path(), "en").unwrap_err();
        assert_eq!(err.line, Some(2), "{err}");
        std::fs::write(dir.path().join("i18n/en.toml"), "\nnav_talks = 3\n").unwrap();
        let err = Strings::load(dir.path(), "en").unwrap_err();
        assert_eq!(err.line, Some(2), "{err}");
    }
}
