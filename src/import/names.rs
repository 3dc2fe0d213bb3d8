//! Who an introduction names: the speakers and orgs the archive knows (by name or alias), and
//! the person names it cannot place, for the archivist to add.

use crate::graph::Archive;

/// What the first lines of a draft introduce.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Introduced {
    /// Speaker slugs, sorted.
    pub speakers: Vec<String>,
    /// Org slugs, sorted.
    pub orgs: Vec<String>,
    /// Names that look like a person's but are no speaker's name nor alias, in order of appearance.
    pub unknown: Vec<String>,
}

/// Everything of `text` the archive can place, and the person names it cannot.
pub fn introduced(archive: &Archive, text: &str) -> Introduced {
    let named = |name: &str, aliases: &[String]| {
        std::iter::once(name)
            .chain(aliases.iter().map(String::as_str))
            .any(|n| n.chars().count() >= 2 && text.contains(n))
    };
    let mut speakers: Vec<String> = archive
        .speakers
        .iter()
        .filter(|s| named(&s.meta.name, &s.meta.aliases))
        .map(|s| s.slug.clone())
        .collect();
    let mut orgs: Vec<String> = archive
        .orgs
        .iter()
        .filter(|o| named(&o.meta.name, &o.meta.aliases))
        .map(|o| o.slug.clone())
        .collect();
    speakers.sort();
    orgs.sort();
    let known = |candidate: &str| {
        archive.speakers.iter().any(|s| {
            std::iter::once(&s.meta.name)
                .chain(&s.meta.aliases)
                .any(|n| n.contains(candidate) || candidate.contains(n.as_str()))
        })
    };
    let unknown = person_names(text)
        .into_iter()
        .filter(|n| !known(n))
        .collect();
    Introduced {
        speakers,
        orgs,
        unknown,
    }
}

/// Words after which a name is said (`先生`, `教授`…).
const HONORIFICS: &[&str] = &["先生", "女士", "教授", "院士", "博士", "老师"];
/// Titles before which a name is said (`CEO姜大昕`).
const TITLES: &[&str] = &[
    "CEO",
    "CTO",
    "COO",
    "VP",
    "董事长",
    "总经理",
    "创始人",
    "院长",
    "总裁",
    "主任",
    "首席执行官",
    "负责人",
    "研究员",
    "科学家",
];
/// Characters that end a name or cannot start one.
const NOT_IN_NAMES: &str = "请的是位和与及到由兼为带先女上分来在等、把将对了向从给让也都";

fn is_han(c: char) -> bool {
    matches!(c as u32, 0x4E00..=0x9FFF | 0x3400..=0x4DBF)
}

/// Candidate person names in `text`: two or three Chinese characters before an honorific or
/// after a title. A hint for a human, not an identification.
pub fn person_names(text: &str) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    let mut add = |name: String| {
        if name.chars().count() >= 2 && !found.contains(&name) {
            found.push(name);
        }
    };
    // A name is bounded on the far side too: by a character that is not Chinese or cannot be
    // in a name (else 复旦大学浩清特聘教授 would give 清特聘).
    let bounded = |c: Option<char>| c.is_none_or(|c| !is_han(c) || NOT_IN_NAMES.contains(c));
    for h in HONORIFICS {
        for (at, _) in text.match_indices(h) {
            let name: Vec<char> = text[..at]
                .chars()
                .rev()
                .take_while(|&c| is_han(c) && !NOT_IN_NAMES.contains(c))
                .take(4)
                .collect();
            if name.len() <= 3 && bounded(text[..at].chars().rev().nth(name.len())) {
                add(name.into_iter().rev().collect());
            }
        }
    }
    for t in TITLES {
        for (at, _) in text.match_indices(t) {
            let rest = &text[at + t.len()..];
            let name: String = rest
                .chars()
                .take_while(|&c| is_han(c) && !NOT_IN_NAMES.contains(c))
                .take(4)
                .collect();
            let n = name.chars().count();
            if n <= 3 && bounded(rest.chars().nth(n)) {
                add(name);
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_before_honorifics_and_after_titles_are_found() {
        let names = person_names(
            "让我们掌声有请某某科技的创始人CEO王小明先生，以及董事长兼首席执行官陈宁带来分享。",
        );
        assert_eq!(names, vec!["王小明".to_string(), "陈宁".to_string()]);
    }

    #[test]
    fn words_that_cannot_be_in_names_stop_them() {
        // 请 cannot be in a name, and one character alone is not one.
        assert!(person_names("有请梅院士上台").is_empty());
        assert!(person_names("复旦大学浩清特聘教授").is_empty());
        assert_eq!(person_names("谢谢大家"), Vec::<String>::new());
    }
}
