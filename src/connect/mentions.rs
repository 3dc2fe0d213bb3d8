//! Where a talk's text names a speaker, org or trend: the "mentioned in" lists of their pages.
//! A person's own talks (given or moderated) and an org's own talks (those of its people, or that
//! name it in front matter) are not mentions of them.

use super::names::{NameFinder, Target};
use crate::graph::Archive;
use crate::render::markdown::Block;

/// The first place a talk names someone, and how often it does.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    pub talk: usize,
    /// The paragraph's anchor (`p-12`), for a link into the middle of the talk.
    pub anchor: String,
    /// Text before the name, the name as written, and text after it.
    pub before: String,
    pub form: String,
    pub after: String,
    /// Occurrences in the whole talk.
    pub count: usize,
}

/// One name found in a talk, before grouping.
pub struct Found {
    pub target: Target,
    pub block: usize,
    pub start: usize,
    pub end: usize,
}

/// Every name in a talk's blocks; the talk's own people and orgs win where a name is ambiguous.
pub fn find_in_talk(
    archive: &Archive,
    names: &NameFinder,
    t: usize,
    blocks: &[Block],
) -> Vec<Found> {
    let own = |target: Target| match target {
        Target::Trend(x) => archive.links.talk_trends[t].contains(&x),
        other => is_own(archive, t, other),
    };
    let mut out = Vec::new();
    for (b, block) in blocks.iter().enumerate() {
        for f in names.find(&block.text, &own) {
            out.push(Found {
                target: f.target,
                block: b,
                start: f.start,
                end: f.end,
            });
        }
    }
    out
}

/// Whether a name in talk `t` is the talk's own (not a mention).
pub fn is_own(archive: &Archive, t: usize, target: Target) -> bool {
    let l = &archive.links;
    match target {
        Target::Speaker(s) => l.talk_speakers[t].contains(&s) || l.talk_moderators[t].contains(&s),
        Target::Org(o) => l.talk_orgs[t].contains(&o),
        Target::Trend(_) | Target::Term(_) => false,
    }
}

/// The first occurrence of each target in a talk, with its count, as mentions.
pub fn group(talk: usize, blocks: &[Block], found: &[Found]) -> Vec<(Target, Mention)> {
    let mut out: Vec<(Target, Mention)> = Vec::new();
    for f in found {
        if let Some((_, m)) = out.iter_mut().find(|(t, _)| *t == f.target) {
            m.count += 1;
            continue;
        }
        let text = &blocks[f.block].text;
        out.push((
            f.target,
            Mention {
                talk,
                anchor: blocks[f.block].anchor.clone(),
                before: tail_chars(&text[..f.start], EXCERPT_CHARS),
                form: text[f.start..f.end].to_string(),
                after: head_chars(&text[f.end..], EXCERPT_CHARS),
                count: 1,
            },
        ));
    }
    out.sort_by_key(|(t, _)| *t);
    out
}

/// Characters of context on each side of a mention.
const EXCERPT_CHARS: usize = 28;

fn tail_chars(s: &str, n: usize) -> String {
    let start = s
        .char_indices()
        .rev()
        .nth(n.saturating_sub(1))
        .map_or(0, |(i, _)| i);
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    out.push_str(&s[start..]);
    out
}

fn head_chars(s: &str, n: usize) -> String {
    let end = s.char_indices().nth(n).map_or(s.len(), |(i, _)| i);
    let mut out = s[..end].to_string();
    if end < s.len() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_are_cut_at_characters_with_ellipses() {
        assert_eq!(tail_chars("一二三四五", 2), "…四五");
        assert_eq!(tail_chars("四五", 2), "四五");
        assert_eq!(head_chars("一二三四五", 2), "一二…");
        assert_eq!(head_chars("一二", 2), "一二");
    }

    #[test]
    fn a_talk_groups_repeated_names_into_one_mention() {
        let blocks = vec![
            Block {
                anchor: "p-1".into(),
                text: "我们和阶跃星辰合作。".into(),
            },
            Block {
                anchor: "p-2".into(),
                text: "阶跃星辰又说".into(),
            },
        ];
        let found = vec![
            Found {
                target: Target::Org(3),
                block: 0,
                start: 9,
                end: 21,
            },
            Found {
                target: Target::Org(3),
                block: 1,
                start: 0,
                end: 12,
            },
        ];
        let g = group(7, &blocks, &found);
        assert_eq!(g.len(), 1);
        let m = &g[0].1;
        assert_eq!((m.talk, m.anchor.as_str(), m.count), (7, "p-1", 2));
        assert_eq!(
            (m.before.as_str(), m.form.as_str(), m.after.as_str()),
            ("我们和", "阶跃星辰", "合作。")
        );
    }
}
