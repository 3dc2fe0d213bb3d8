//! One draft talk: its line range, a proposed title and kind, what its introduction names, and
//! the file's text.

use super::boundaries::Cut;
use super::names::Introduced;
use super::SUMMARY_PLACEHOLDER;
use crate::sources::{fill, LineRange, SourceFile};
use std::path::{Path, PathBuf};

/// A draft, ready to write.
#[derive(Debug, Clone)]
pub struct Draft {
    /// Relative to the site root: `content/talks/<event>/<NN>-draft.md`.
    pub path: PathBuf,
    pub order: u32,
    /// First and last line in the source, 1-based, inclusive.
    pub lines: (usize, usize),
    pub title: String,
    pub introduced: Introduced,
    /// The whole file.
    pub text: String,
}

/// The ranges the cuts make: each from its cut to the last non-blank line before the next
/// (blank lines between two talks belong to none).
pub fn ranges(lines: &[&str], cuts: &[Cut]) -> Vec<(usize, usize)> {
    let last_text_before = |end: usize, start: usize| {
        (start..=end)
            .rev()
            .find(|&l| !lines[l - 1].trim().is_empty())
            .unwrap_or(start)
    };
    cuts.iter()
        .enumerate()
        .map(|(i, cut)| {
            let end = cuts.get(i + 1).map_or(lines.len(), |next| next.line - 1);
            (cut.line, last_text_before(end, cut.line))
        })
        .collect()
}

impl Draft {
    pub fn new(
        dir: &Path,
        order: u32,
        file: &SourceFile,
        (start, end): (usize, usize),
        introduced: Introduced,
    ) -> Draft {
        let source = file.name.as_str();
        let lines = file.lines();
        let text_lines = &lines[start - 1..end];
        let intro: String = text_lines
            .iter()
            .filter(|l| !l.trim().is_empty())
            .take(3)
            .copied()
            .collect::<Vec<_>>()
            .join("\n");
        let title = proposed_title(&intro).unwrap_or_else(|| format!("第 {order} 段（待定标题）"));
        let kind = proposed_kind(&intro);
        let quote = |s: &str| toml::Value::String(s.to_string()).to_string();
        let list = |v: &[String]| {
            let items: Vec<String> = v.iter().map(|s| quote(s)).collect();
            format!("[{}]", items.join(", "))
        };
        let mut fm = String::from("+++\n");
        fm.push_str(&format!(
            "# Draft written by `talkarchive import` from sources/{source}, lines {start}–{end}.\n\
             # Review the title, the cut, the people and the summary, then remove `draft = true`.\n"
        ));
        fm.push_str("draft = true\n");
        fm.push_str(&format!("title = {}  # proposed: review\n", quote(&title)));
        fm.push_str(&format!(
            "kind = {}  # keynote, panel, roundtable, interview, dialogue, remarks, release, article, chapter, preface, quote, performance, other\n",
            quote(kind)
        ));
        fm.push_str(&format!("order = {order}\n"));
        fm.push_str(&format!(
            "speakers = {}  # named in the first lines; move the host to moderators\n",
            list(&introduced.speakers)
        ));
        fm.push_str("moderators = []\n");
        fm.push_str(&format!("orgs = {}\n", list(&introduced.orgs)));
        fm.push_str("trends = []\ntopics = []\n");
        fm.push_str(&format!("summary = {}\n", quote(SUMMARY_PLACEHOLDER)));
        if !introduced.unknown.is_empty() {
            fm.push_str(&format!(
                "# Names introduced here that the archive does not know (add a speaker, or an alias of one): {}\n",
                introduced.unknown.join("、")
            ));
        }
        fm.push_str(&format!(
            "\n[source]\nfile = {}\nlines = [{start}, {end}]\n+++\n",
            quote(source)
        ));
        fm.push_str(&fill::body(file, LineRange { start, end }, ""));
        Draft {
            path: dir.join(format!("{order:02}-draft.md")),
            order,
            lines: (start, end),
            title,
            introduced,
            text: fm,
        }
    }
}

/// The announced title, where the introduction says it: "主题是……", "带来……主题演讲".
fn proposed_title(intro: &str) -> Option<String> {
    const BEFORE: &[&str] = &["主题是", "题目是", "主题为", "带来"];
    const AFTER: &[&str] = &[
        "主题演讲",
        "主旨演讲",
        "主持演讲",
        "的分享",
        "的演讲",
        "。",
        "，",
        "！",
        "？",
        "\n",
    ];
    for b in BEFORE {
        let Some(at) = intro.find(b) else { continue };
        let rest = &intro[at + b.len()..];
        let end = AFTER
            .iter()
            .filter_map(|a| rest.find(a))
            .min()
            .unwrap_or(rest.len());
        let title = rest[..end].trim_matches(|c: char| c.is_whitespace() || "《》“”\"".contains(c));
        let n = title.chars().count();
        // "给我们带来的这个分享" is no title.
        if (4..=40).contains(&n) && !title.starts_with('的') {
            return Some(title.to_string());
        }
    }
    None
}

/// What the introduction says the item is.
fn proposed_kind(intro: &str) -> &'static str {
    let has = |words: &[&str]| words.iter().any(|w| intro.contains(w));
    if has(&["圆桌"]) {
        "roundtable"
    } else if has(&["对话", "访谈"]) {
        "dialogue"
    } else if has(&["致辞"]) {
        "remarks"
    } else if has(&["演讲", "分享"]) {
        "keynote"
    } else if has(&["签约", "发布", "揭牌", "启动仪式"]) {
        "release"
    } else if has(&["有请"]) {
        "keynote"
    } else {
        "other"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_end_at_the_last_line_with_text() {
        let lines = ["a", "", "b", "", "c", ""];
        let cuts = [Cut { line: 1, score: 0 }, Cut { line: 3, score: 9 }];
        assert_eq!(ranges(&lines, &cuts), vec![(1, 1), (3, 5)]);
    }

    #[test]
    fn the_title_is_taken_from_the_introduction() {
        assert_eq!(
            proposed_title("接下来有请某公司CEO张三带来边缘AI的未来主题演讲，有请。").as_deref(),
            Some("边缘AI的未来")
        );
        assert_eq!(
            proposed_title("他今天带来的分享主题是攀登高峰的路径与实践。来掌声欢迎。").as_deref(),
            Some("攀登高峰的路径与实践")
        );
        assert_eq!(proposed_title("大家好。"), None);
    }

    #[test]
    fn a_draft_loads_and_says_what_to_review() {
        let file = SourceFile {
            name: "t.txt".into(),
            kind: crate::sources::SourceKind::Transcript,
            skip: Vec::new(),
            text: "接下来有请王五先生带来未来的工厂主题演讲。\n\n正文😊一句。\n![](img/x.png)\n"
                .into(),
        };
        let introduced = Introduced {
            speakers: vec!["wang-wu".into()],
            orgs: vec![],
            unknown: vec!["赵六".into()],
        };
        let d = Draft::new(Path::new("content/talks/e"), 3, &file, (1, 4), introduced);
        assert_eq!(d.path, Path::new("content/talks/e/03-draft.md"));
        assert!(d.text.contains("draft = true"), "{}", d.text);
        assert!(d.text.contains("赵六"), "{}", d.text);
        let doc = crate::load::parse_doc::<crate::load::model::TalkMeta>(
            Path::new("x.md"),
            "x".into(),
            &d.text,
        )
        .unwrap();
        assert!(doc.meta.draft);
        assert_eq!(doc.meta.order, 3);
        assert_eq!(doc.meta.title, "未来的工厂");
        assert_eq!(doc.meta.speakers, vec!["wang-wu".to_string()]);
        assert_eq!(doc.meta.source.and_then(|s| s.lines), Some([1, 4]));
        assert_eq!(
            doc.body.trim(),
            "接下来有请王五先生带来未来的工厂主题演讲。\n\n正文一句。"
        );
    }
}
