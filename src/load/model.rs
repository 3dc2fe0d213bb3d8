//! The front matter of each kind of content file, as documented in `docs/content-format.md`.
//! Unknown keys are rejected so that a typo is an error, not a silently lost field.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::path::PathBuf;

/// One loaded content file: its slug, where it came from, its front matter and body.
#[derive(Debug, Clone)]
pub struct Doc<M> {
    pub slug: String,
    /// Path relative to the site root, for messages (`content/speakers/li-kaifu.md`).
    pub path: PathBuf,
    pub meta: M,
    pub body: String,
    /// The front matter text, to point reference errors at their line.
    pub front_matter: String,
}

impl<M> Doc<M> {
    /// 1-based line of the file on which `needle` first appears in the front matter (after key
    /// `key` when possible), for pointing an error at a reference.
    pub fn line_of(&self, key: &str, needle: &str) -> Option<usize> {
        let key_at = self
            .front_matter
            .lines()
            .position(|l| l.trim_start().starts_with(key))?;
        let quoted = format!("\"{needle}\"");
        let found = self
            .front_matter
            .lines()
            .enumerate()
            .skip(key_at)
            .find(|(_, l)| l.contains(&quoted))
            .map_or(key_at, |(i, _)| i);
        Some(found + 2) // +1 for 1-based, +1 for the opening `+++`
    }
}

/// A calendar date, written in TOML as `2024-07-06` (or as the string `"2024-07-06"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(into = "String")]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl Date {
    pub fn parse(s: &str) -> Option<Date> {
        let mut parts = s.splitn(3, '-');
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return None;
        }
        let date = Date {
            year: y.parse().ok()?,
            month: m.parse().ok()?,
            day: d.parse().ok()?,
        };
        let days_in_month = match date.month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if date.year.is_multiple_of(4)
                && (!date.year.is_multiple_of(100) || date.year.is_multiple_of(400)) =>
            {
                29
            }
            2 => 28,
            _ => return None,
        };
        (date.day >= 1 && date.day <= days_in_month).then_some(date)
    }

    /// RFC 3339 timestamp at midnight China time, for feeds and JSON-LD.
    pub fn rfc3339(&self) -> String {
        format!("{self}T00:00:00+08:00")
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl From<Date> for String {
    fn from(d: Date) -> String {
        d.to_string()
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(de: D) -> Result<Date, D::Error> {
        let value = toml::Value::deserialize(de)?;
        let text = match &value {
            toml::Value::Datetime(dt) => dt.to_string(),
            toml::Value::String(s) => s.clone(),
            other => {
                return Err(serde::de::Error::custom(format!(
                    "expected a date like 2024-07-06, found {}",
                    other.type_str()
                )))
            }
        };
        Date::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "`{text}` is not a date; write it as YYYY-MM-DD, e.g. 2024-07-06"
            ))
        })
    }
}

/// Where a record comes from.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub title: Option<String>,
    pub url: Option<String>,
    pub file: Option<String>,
    /// First and last line in `file`, 1-based, inclusive.
    pub lines: Option<[u32; 2]>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EventKind {
    Conference,
    Forum,
    Broadcast,
    Report,
    Article,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventMeta {
    pub name: String,
    pub short_name: Option<String>,
    pub kind: EventKind,
    pub parent: Option<String>,
    pub date: Date,
    pub end_date: Option<Date>,
    pub place: Option<String>,
    #[serde(default)]
    pub organisers: Vec<String>,
    pub source: Option<Source>,
    #[serde(default)]
    pub topics: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TalkKind {
    Keynote,
    Panel,
    Roundtable,
    Interview,
    Dialogue,
    Remarks,
    Release,
    Article,
    Chapter,
    Preface,
    Quote,
    Performance,
    Other,
}

impl TalkKind {
    pub const ALL: [TalkKind; 13] = [
        TalkKind::Keynote,
        TalkKind::Panel,
        TalkKind::Roundtable,
        TalkKind::Interview,
        TalkKind::Dialogue,
        TalkKind::Remarks,
        TalkKind::Release,
        TalkKind::Article,
        TalkKind::Chapter,
        TalkKind::Preface,
        TalkKind::Quote,
        TalkKind::Performance,
        TalkKind::Other,
    ];

    /// The label readers see.
    pub fn as_str(self) -> &'static str {
        match self {
            TalkKind::Keynote => "keynote",
            TalkKind::Panel => "panel",
            TalkKind::Roundtable => "roundtable",
            TalkKind::Interview => "interview",
            TalkKind::Dialogue => "dialogue",
            TalkKind::Remarks => "remarks",
            TalkKind::Release => "release",
            TalkKind::Article => "article",
            TalkKind::Chapter => "chapter",
            TalkKind::Preface => "preface",
            TalkKind::Quote => "quote",
            TalkKind::Performance => "performance",
            TalkKind::Other => "other",
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TalkMeta {
    pub title: String,
    pub event: Option<String>,
    pub kind: TalkKind,
    pub order: u32,
    #[serde(default)]
    pub speakers: Vec<String>,
    #[serde(default)]
    pub moderators: Vec<String>,
    #[serde(default)]
    pub orgs: Vec<String>,
    #[serde(default)]
    pub trends: Vec<String>,
    #[serde(default)]
    pub topics: Vec<String>,
    pub summary: String,
    pub date: Option<Date>,
    pub source: Option<Source>,
    /// Not ready to publish (written by `import`): `build` leaves it out unless `--drafts`,
    /// `serve` shows it marked, `check` lists it.
    #[serde(default)]
    pub draft: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    #[default]
    High,
    Medium,
    Low,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpeakerMeta {
    pub name: String,
    pub name_en: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Forms reviewed and found not to be this name (`suggest aliases` no longer offers them).
    #[serde(default)]
    pub not_aliases: Vec<String>,
    pub org: Option<String>,
    pub role: Option<String>,
    #[serde(default)]
    pub confidence: Confidence,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum OrgKind {
    Company,
    Startup,
    Investor,
    University,
    Research,
    Government,
    Association,
    Media,
    Other,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrgMeta {
    pub name: String,
    pub name_en: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Forms reviewed and found not to be this name (`suggest aliases` no longer offers them).
    #[serde(default)]
    pub not_aliases: Vec<String>,
    pub kind: Option<OrgKind>,
    pub website: Option<String>,
    #[serde(default)]
    pub confidence: Confidence,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrendMeta {
    pub number: u32,
    pub name: String,
    pub title: String,
    #[serde(default)]
    pub keywords: Vec<String>,
    #[serde(default)]
    pub authors: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_parse_and_reject_impossible_days() {
        assert_eq!(
            Date::parse("2024-02-29").map(|d| d.to_string()),
            Some("2024-02-29".into())
        );
        assert_eq!(Date::parse("2023-02-29"), None);
        assert_eq!(Date::parse("2024-13-01"), None);
        assert_eq!(Date::parse("24-1-1"), None);
    }

    #[test]
    fn unknown_keys_are_rejected() {
        let err = toml::from_str::<OrgMeta>("name = \"x\"\nwebsit = \"y\"\n").unwrap_err();
        assert!(
            err.message().contains("unknown field `websit`"),
            "{}",
            err.message()
        );
    }

    #[test]
    fn toml_dates_and_string_dates_both_work() {
        let a: EventMeta = toml::from_str("name='a'\nkind='forum'\ndate=2024-07-06\n").unwrap();
        let b: EventMeta = toml::from_str("name='a'\nkind='forum'\ndate='2024-07-06'\n").unwrap();
        assert_eq!(a.date, b.date);
    }

    #[test]
    fn line_of_points_at_the_reference() {
        let doc = Doc {
            slug: "x".into(),
            path: "x.md".into(),
            meta: (),
            body: String::new(),
            front_matter: "title = \"t\"\nspeakers = [\n  \"a\",\n  \"b\",\n]\n".into(),
        };
        assert_eq!(doc.line_of("speakers", "b"), Some(5));
        assert_eq!(doc.line_of("speakers", "zzz"), Some(3));
    }
}
