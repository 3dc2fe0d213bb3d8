//! The fill rule: the body a range of source lines gives. One paragraph per line that carries
//! text, in order, blank lines dropped. In a transcript, speech recognition's noise markers
//! (emoji) are dropped and each line is trimmed; in text, lines keep their leading spaces. An
//! image placeholder alone on its line (`![…](img/…)`) is dropped: the images were not kept. An
//! image whose alt text is empty in the source gets the alt text a curator wrote for the same
//! address in the talk's current body, so a re-fill keeps it.

use super::{LineRange, SourceFile, SourceKind};
use std::collections::HashMap;

/// One paragraph of a filled body and the source line it comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    /// 1-based line of the source.
    pub line: usize,
    pub text: String,
}

/// Speech-recognition noise: pictographs, dingbats and emoticons, and the emoji variation
/// selector.
fn is_noise(c: char) -> bool {
    matches!(c as u32, 0x1F300..=0x1FAFF | 0x2600..=0x26FF | 0x2700..=0x27BF | 0xFE0F)
}

/// An image in Markdown, `![alt](url)`, found at the start of `s`: (alt, url, its length).
/// The alt text holds no `]` and the address no `)` nor space.
fn image_at(s: &str) -> Option<(&str, &str, usize)> {
    let rest = s.strip_prefix("![")?;
    let close = rest.find(']')?;
    let alt = &rest[..close];
    let after = rest[close + 1..].strip_prefix('(')?;
    let url_len = after.find(|c: char| c == ')' || c.is_whitespace())?;
    if url_len == 0 || !after[url_len..].starts_with(')') {
        return None;
    }
    let url = &after[..url_len];
    Some((alt, url, 2 + close + 2 + url_len + 1))
}

/// Every image of `text` with its byte offset: (offset, alt, url, length).
fn images(text: &str) -> Vec<(usize, &str, &str, usize)> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(i) = text[from..].find("![").map(|i| from + i) {
        match image_at(&text[i..]) {
            Some((alt, url, len)) => {
                found.push((i, alt, url, len));
                from = i + len;
            }
            None => from = i + 1,
        }
    }
    found
}

/// A line that is only an image placeholder of the document's lost images (`![…](img/…)`).
fn is_placeholder(line: &str) -> bool {
    let Some(rest) = line.strip_prefix("![") else {
        return false;
    };
    let Some(close) = rest.find(']') else {
        return false;
    };
    let Some(path) = rest[close + 1..].strip_prefix("(img/") else {
        return false;
    };
    path.find(')')
        .is_some_and(|end| path[end + 1..].trim().is_empty())
}

/// A source line as it appears in a body; empty if it carries no text.
pub fn clean_line(kind: SourceKind, line: &str) -> String {
    let line = line.trim_end_matches(['\n', '\r']);
    let line: String = match kind {
        SourceKind::Transcript => line.chars().filter(|&c| !is_noise(c)).collect(),
        SourceKind::Text => line.to_string(),
    };
    if is_placeholder(line.trim()) {
        return String::new();
    }
    match kind {
        SourceKind::Transcript => line.trim().to_string(),
        SourceKind::Text => line.trim_end().to_string(),
    }
}

/// The alt text a curator wrote for each image address of `body`.
pub fn curated_alts(body: &str) -> HashMap<&str, &str> {
    images(body)
        .into_iter()
        .filter(|(_, alt, _, _)| !alt.is_empty())
        .map(|(_, alt, url, _)| (url, alt))
        .collect()
}

/// `line` with the curated alt text put into its images whose alt text is empty.
fn with_alts(line: &str, alts: &HashMap<&str, &str>) -> String {
    let mut out = String::with_capacity(line.len());
    let mut last = 0;
    for (i, alt, url, len) in images(line) {
        out.push_str(&line[last..i]);
        let alt = if alt.is_empty() {
            alts.get(url).copied().unwrap_or("")
        } else {
            alt
        };
        out.push_str(&format!("![{alt}]({url})"));
        last = i + len;
    }
    out.push_str(&line[last..]);
    out
}

/// The paragraphs lines `range` of `source` give, keeping the alt text `old_body` has.
pub fn paragraphs(source: &SourceFile, range: LineRange, old_body: &str) -> Vec<Paragraph> {
    let alts = curated_alts(old_body);
    let lines = source.lines();
    (range.start..=range.end)
        .filter_map(|n| {
            let line = clean_line(source.kind, lines.get(n - 1)?);
            (!line.trim().is_empty()).then(|| Paragraph {
                line: n,
                text: with_alts(&line, &alts),
            })
        })
        .collect()
}

/// The body lines `range` of `source` give: its paragraphs, a blank line between them, and a
/// final line end.
pub fn body(source: &SourceFile, range: LineRange, old_body: &str) -> String {
    join(&paragraphs(source, range, old_body))
}

/// Paragraphs as a body.
pub fn join(paragraphs: &[Paragraph]) -> String {
    let mut body = paragraphs
        .iter()
        .map(|p| p.text.as_str())
        .collect::<Vec<_>>()
        .join("\n\n");
    body.push('\n');
    body
}

/// Where a body first differs from the one the fill rule gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    /// 0-based line of the body.
    pub body_line: usize,
    /// The source line that the body's line should hold, if it should hold one.
    pub source_line: Option<usize>,
    pub want: String,
    pub got: String,
}

/// The first line where `got` differs from the body `want` (made of `paragraphs`), if any.
pub fn first_difference(paragraphs: &[Paragraph], want: &str, got: &str) -> Option<Difference> {
    if want == got {
        return None;
    }
    let (w, g): (Vec<&str>, Vec<&str>) = (want.split('\n').collect(), got.split('\n').collect());
    let i = w
        .iter()
        .zip(&g)
        .position(|(a, b)| a != b)
        .unwrap_or(w.len().min(g.len()));
    // The body's lines alternate paragraph, blank line.
    let source_line = (i % 2 == 0)
        .then(|| paragraphs.get(i / 2).map(|p| p.line))
        .flatten();
    Some(Difference {
        body_line: i,
        source_line,
        want: w.get(i).copied().unwrap_or("").to_string(),
        got: g.get(i).copied().unwrap_or("").to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(kind: SourceKind, text: &str) -> SourceFile {
        SourceFile {
            name: "s.txt".into(),
            kind,
            skip: Vec::new(),
            text: text.into(),
        }
    }

    fn range(start: usize, end: usize) -> LineRange {
        LineRange { start, end }
    }

    #[test]
    fn one_paragraph_per_line_with_text() {
        let s = source(SourceKind::Text, "# 标题\n\n第一段\n  \n第二段  \n");
        assert_eq!(body(&s, range(1, 5), ""), "# 标题\n\n第一段\n\n第二段\n");
        assert_eq!(body(&s, range(3, 3), ""), "第一段\n");
        assert_eq!(body(&s, range(2, 2), ""), "\n");
    }

    #[test]
    fn transcripts_lose_noise_and_spaces_text_keeps_them() {
        let line = "  🎼好，欢迎大家😊 ";
        assert_eq!(clean_line(SourceKind::Transcript, line), "好，欢迎大家");
        assert_eq!(clean_line(SourceKind::Text, line), "  🎼好，欢迎大家😊");
        assert_eq!(clean_line(SourceKind::Transcript, "🎼🎼\r"), "");
        // The variation selector after a symbol goes with it.
        assert_eq!(clean_line(SourceKind::Transcript, "好❤️的"), "好的");
    }

    #[test]
    fn placeholders_are_dropped_other_images_kept() {
        assert_eq!(clean_line(SourceKind::Text, "![](img/a.png)"), "");
        assert_eq!(clean_line(SourceKind::Text, " ![图](img/a.png)  "), "");
        let kept = "![](https://x.org/a.png)";
        assert_eq!(clean_line(SourceKind::Text, kept), kept);
        let inline = "见 ![](img/a.png) 图";
        assert_eq!(clean_line(SourceKind::Text, inline), inline);
    }

    #[test]
    fn curated_alt_text_survives_a_refill() {
        let s = source(
            SourceKind::Text,
            "![](https://x.org/a.png)\n![](https://x.org/b.png)\n![原图](https://x.org/c.png)\n",
        );
        let old = "![会场全景](https://x.org/a.png)\n\n![](https://x.org/b.png)\n\n![别的](https://x.org/c.png)\n";
        assert_eq!(
            body(&s, range(1, 3), old),
            "![会场全景](https://x.org/a.png)\n\n![](https://x.org/b.png)\n\n![原图](https://x.org/c.png)\n"
        );
        assert_eq!(
            body(&s, range(1, 1), ""),
            "![](https://x.org/a.png)\n",
            "no old body, no alt text"
        );
    }

    #[test]
    fn images_are_found_as_markdown_reads_them() {
        let found: Vec<_> = images("a ![x](u) ![no](sp ace) ![](v)![y]z")
            .into_iter()
            .map(|(i, alt, url, _)| (i, alt, url))
            .collect();
        assert_eq!(found, [(2, "x", "u"), (24, "", "v")]);
    }

    #[test]
    fn the_first_difference_names_its_source_line() {
        let s = source(SourceKind::Text, "a\n\nb\nc\n");
        let paras = paragraphs(&s, range(1, 4), "");
        let want = join(&paras);
        assert_eq!(first_difference(&paras, &want, &want), None);
        // A body that stops early is missing the next paragraph.
        let d = first_difference(&paras, &want, "a\n\nb\n").unwrap();
        assert_eq!((d.body_line, d.source_line), (4, Some(4)));
        assert_eq!((d.want.as_str(), d.got.as_str()), ("c", ""));
        // One too many: the body's last line should be nothing.
        let d = first_difference(&paras, &want, "a\n\nb\n\nc\n\nd\n").unwrap();
        assert_eq!((d.body_line, d.source_line), (6, None));
        let d = first_difference(&paras, &want, "a\n\nB\n\nc\n").unwrap();
        assert_eq!((d.body_line, d.source_line), (2, Some(3)));
        assert_eq!((d.want.as_str(), d.got.as_str()), ("b", "B"));
    }
}
