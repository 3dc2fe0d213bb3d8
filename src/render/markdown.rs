//! Markdown → HTML for bodies: tables, footnotes, heading ids, an anchor on every paragraph,
//! syntect-highlighted code (CSS classes), safe links and images, and linked names.
//! Also returns each paragraph's plain text, for the search index.

use crate::render::html::escape;
use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::collections::HashMap;
use std::sync::OnceLock;
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

/// A name found in the text, already turned into a link by the caller's resolver.
pub struct NameLink {
    pub start: usize,
    pub end: usize,
    pub href: String,
    /// The correct name, shown beside a misspelled form; `None` when the text has it right.
    pub correct: Option<String>,
    /// Link every occurrence, or only the first one of this href in the body.
    pub always: bool,
}

/// Hooks the renderer calls; the page builder supplies them.
pub trait BodyContext {
    /// Names in `text` to link.
    fn names(&self, text: &str) -> Vec<NameLink>;
    /// Whether a site-relative image path exists.
    fn local_file_exists(&self, path: &str) -> bool;
}

/// A paragraph or heading with its anchor, as plain text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub anchor: String,
    pub text: String,
}

#[derive(Debug, Default)]
pub struct Rendered {
    pub html: String,
    pub blocks: Vec<Block>,
    /// Local images that do not exist (rendered as their alt text instead).
    pub missing_images: Vec<String>,
}

fn syntax_set() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// The prefix of syntect's CSS classes (`hl-keyword`), so they cannot clash with the theme's.
pub const CODE_CLASS_PREFIX: &str = "hl-";

/// The Markdown extensions bodies may use.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// How deep block quotes, lists and emphasis may nest. Real bodies stay under ten; thousands of
/// levels (a stray run of `>`) make the HTML minifier, which recurses, overflow its stack.
pub const MAX_NESTING: usize = 64;

/// The byte offset at which `markdown` nests deeper than `MAX_NESTING`, if it does.
pub fn too_deep(markdown: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (event, range) in Parser::new_ext(markdown, options()).into_offset_iter() {
        match event {
            Event::Start(_) => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Some(range.start);
                }
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

pub fn render(markdown: &str, ctx: &dyn BodyContext) -> Rendered {
    let events: Vec<Event> = Parser::new_ext(markdown, options()).collect();
    let mut out: Vec<Event> = Vec::with_capacity(events.len());
    let mut rendered = Rendered::default();
    let mut heading_ids: HashMap<String, usize> = HashMap::new();
    let mut linked_once: std::collections::HashSet<String> = Default::default();
    let mut paragraph = 0;
    // Plain text of the block being read, if any.
    let mut block_text: Option<(String, String)> = None;
    let mut in_link = 0usize;
    let mut outline = Outline::new(&events);
    let mut heading_level = HeadingLevel::H2;
    let mut i = 0;
    while i < events.len() {
        match &events[i] {
            Event::Start(Tag::Paragraph) => {
                paragraph += 1;
                let anchor = format!("p-{paragraph}");
                out.push(Event::Html(format!("<p id=\"{anchor}\">").into()));
                block_text = Some((anchor, String::new()));
            }
            // A tight list item (no paragraph inside) and a table are blocks of their own, so
            // that their text is searchable and linkable like a paragraph's.
            Event::Start(Tag::Item) if is_tight_item(&events[i + 1..]) => {
                finish_block(&mut block_text, &mut rendered.blocks);
                paragraph += 1;
                let anchor = format!("p-{paragraph}");
                out.push(Event::Html(format!("<li id=\"{anchor}\">").into()));
                block_text = Some((anchor, String::new()));
            }
            Event::End(TagEnd::Item) => {
                finish_block(&mut block_text, &mut rendered.blocks);
                out.push(Event::End(TagEnd::Item));
            }
            Event::Start(Tag::Table(_)) => {
                finish_block(&mut block_text, &mut rendered.blocks);
                paragraph += 1;
                let anchor = format!("p-{paragraph}");
                out.push(Event::Html(
                    format!("<div class=\"table\" id=\"{anchor}\">").into(),
                ));
                out.push(events[i].clone());
                block_text = Some((anchor, String::new()));
            }
            Event::End(TagEnd::Table) => {
                out.push(Event::End(TagEnd::Table));
                out.push(Event::Html("</div>\n".into()));
                finish_block(&mut block_text, &mut rendered.blocks);
            }
            Event::End(TagEnd::TableCell) => {
                push_text(&mut block_text, " ");
                out.push(Event::End(TagEnd::TableCell));
            }
            Event::End(TagEnd::Paragraph) => {
                out.push(Event::Html("</p>\n".into()));
                finish_block(&mut block_text, &mut rendered.blocks);
            }
            Event::Start(Tag::Heading {
                level, id, classes, ..
            }) => {
                let (text, consumed) = collect_text(&events[i + 1..]);
                if is_empty(&events[i + 1..i + 1 + consumed]) {
                    // `######` alone (a separator in pasted articles) is no heading: an empty
                    // heading would be announced as one by screen readers.
                    i += consumed + 2;
                    continue;
                }
                let id = match id {
                    Some(id) => id.to_string(),
                    None => unique_id(&heading_slug(&text), &mut heading_ids),
                };
                heading_level = outline.next(*level);
                out.push(Event::Start(Tag::Heading {
                    level: heading_level,
                    id: Some(CowStr::from(id.clone())),
                    classes: classes.clone(),
                    // `{onfocus=…}` after a heading would be an event handler: only id and
                    // classes are kept of the heading attributes.
                    attrs: Vec::new(),
                }));
                block_text = Some((id, String::new()));
            }
            Event::End(TagEnd::Heading(_)) => {
                out.push(Event::End(TagEnd::Heading(heading_level)));
                finish_block(&mut block_text, &mut rendered.blocks);
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let (code, consumed) = collect_text(&events[i + 1..]);
                let lang = match kind {
                    CodeBlockKind::Fenced(l) => {
                        l.split([' ', ',']).next().unwrap_or("").to_string()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                out.push(Event::Html(highlight(&code, &lang).into()));
                i += consumed + 2; // the text events and the End
                continue;
            }
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) => {
                let (alt, consumed) = collect_text(&events[i + 1..]);
                out.push(Event::Html(
                    image(dest_url, title, &alt, ctx, &mut rendered.missing_images).into(),
                ));
                i += consumed + 2;
                continue;
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                in_link += 1;
                out.push(Event::Start(Tag::Link {
                    link_type: *link_type,
                    dest_url: safe_url(dest_url).into(),
                    title: title.clone(),
                    id: id.clone(),
                }));
            }
            Event::End(TagEnd::Link) => {
                in_link = in_link.saturating_sub(1);
                out.push(Event::End(TagEnd::Link));
            }
            // Raw HTML in content is shown as text, never run.
            Event::Html(raw) | Event::InlineHtml(raw) => {
                push_text(&mut block_text, raw);
                out.push(Event::Text(raw.clone()));
            }
            Event::Text(text) => {
                push_text(&mut block_text, text);
                if in_link == 0 {
                    out.push(Event::Html(link_names(text, ctx, &mut linked_once).into()));
                } else {
                    out.push(Event::Text(text.clone()));
                }
            }
            Event::Code(code) => {
                push_text(&mut block_text, code);
                out.push(Event::Code(code.clone()));
            }
            Event::SoftBreak | Event::HardBreak => {
                push_text(&mut block_text, " ");
                out.push(events[i].clone());
            }
            other => out.push(other.clone()),
        }
        i += 1;
    }
    pulldown_cmark::html::push_html(&mut rendered.html, out.into_iter());
    rendered
}

/// The blocks of a body (paragraphs and headings, with the anchors `render` gives them) without
/// rendering it: the connections stage reads them before any page is built.
pub fn blocks(markdown: &str) -> Vec<Block> {
    blocks_and_loose_text(markdown, &mut |_| {})
}

/// `blocks`, and every text outside them (tight list items, table cells) passed to `loose`: with
/// the blocks that is all the text `render` looks for names in.
pub fn blocks_and_loose_text(markdown: &str, loose: &mut dyn FnMut(&str)) -> Vec<Block> {
    let events: Vec<Event> = Parser::new_ext(markdown, options()).collect();
    let mut blocks = Vec::new();
    let mut heading_ids: HashMap<String, usize> = HashMap::new();
    let mut paragraph = 0;
    let mut block_text: Option<(String, String)> = None;
    let mut i = 0;
    while i < events.len() {
        match &events[i] {
            Event::Start(Tag::Paragraph) => {
                paragraph += 1;
                block_text = Some((format!("p-{paragraph}"), String::new()));
            }
            Event::Start(Tag::Item) if is_tight_item(&events[i + 1..]) => {
                finish_block(&mut block_text, &mut blocks);
                paragraph += 1;
                block_text = Some((format!("p-{paragraph}"), String::new()));
            }
            Event::Start(Tag::Table(_)) => {
                finish_block(&mut block_text, &mut blocks);
                paragraph += 1;
                block_text = Some((format!("p-{paragraph}"), String::new()));
            }
            Event::End(TagEnd::TableCell) => push_text(&mut block_text, " "),
            Event::End(TagEnd::Paragraph)
            | Event::End(TagEnd::Heading(_))
            | Event::End(TagEnd::Item)
            | Event::End(TagEnd::Table) => {
                finish_block(&mut block_text, &mut blocks);
            }
            Event::Start(Tag::Heading { id, .. }) => {
                let (text, _) = collect_text(&events[i + 1..]);
                let id = match id {
                    Some(id) => id.to_string(),
                    None => unique_id(&heading_slug(&text), &mut heading_ids),
                };
                block_text = Some((id, String::new()));
            }
            Event::Start(Tag::CodeBlock(_)) | Event::Start(Tag::Image { .. }) => {
                let (_, consumed) = collect_text(&events[i + 1..]);
                i += consumed + 2;
                continue;
            }
            Event::Html(t) | Event::InlineHtml(t) | Event::Text(t) | Event::Code(t) => {
                match &mut block_text {
                    Some((_, buf)) => buf.push_str(t),
                    None => loose(t),
                }
            }
            Event::SoftBreak | Event::HardBreak => push_text(&mut block_text, " "),
            _ => {}
        }
        i += 1;
    }
    blocks
}

/// The levels of a body's headings as the page shows them. The page's title is its only `<h1>`;
/// the body's heading levels, largest first, become `<h2>`, `<h3>`…, and no heading is more than
/// one level below the one before it. A body whose sections are `###` or that jumps from `#` to
/// `###` still gives the page an outline without gaps (screen readers navigate by it).
struct Outline {
    /// The distinct levels the Markdown uses, largest (H1) first.
    used: Vec<HeadingLevel>,
    /// The level of the previous heading shown (1: the page title).
    previous: usize,
}

impl Outline {
    fn new(events: &[Event]) -> Outline {
        let mut used: Vec<HeadingLevel> = events
            .iter()
            .enumerate()
            .filter_map(|(i, e)| match e {
                Event::Start(Tag::Heading { level, .. }) => {
                    let (_, consumed) = collect_text(&events[i + 1..]);
                    (!is_empty(&events[i + 1..i + 1 + consumed])).then_some(*level)
                }
                _ => None,
            })
            .collect();
        used.sort();
        used.dedup();
        Outline { used, previous: 1 }
    }

    fn next(&mut self, written: HeadingLevel) -> HeadingLevel {
        let rank = self.used.iter().position(|l| *l == written).unwrap_or(0);
        let shown = (rank + 2).min(self.previous + 1).min(6);
        self.previous = shown;
        match shown {
            2 => HeadingLevel::H2,
            3 => HeadingLevel::H3,
            4 => HeadingLevel::H4,
            5 => HeadingLevel::H5,
            _ => HeadingLevel::H6,
        }
    }
}

/// Whether a list item (its events after the start) holds its text directly, not in paragraphs.
fn is_tight_item(after_start: &[Event]) -> bool {
    !matches!(after_start.first(), Some(Event::Start(Tag::Paragraph)))
}

fn push_text(block: &mut Option<(String, String)>, text: &str) {
    if let Some((_, buf)) = block {
        buf.push_str(text);
    }
}

fn finish_block(block: &mut Option<(String, String)>, blocks: &mut Vec<Block>) {
    if let Some((anchor, text)) = block.take() {
        let text = text.trim().to_string();
        if !text.is_empty() {
            blocks.push(Block { anchor, text });
        }
    }
}

/// Whether the events inside a container show nothing (no text, image, code or markup).
fn is_empty(inside: &[Event]) -> bool {
    inside.iter().all(|e| match e {
        Event::Text(t) => t.trim().is_empty(),
        Event::SoftBreak | Event::HardBreak => true,
        _ => false,
    })
}

/// The text inside a container up to its end, and how many events that was.
fn collect_text(events: &[Event]) -> (String, usize) {
    let mut text = String::new();
    let mut depth = 0;
    for (n, e) in events.iter().enumerate() {
        match e {
            Event::Start(_) => depth += 1,
            Event::End(_) if depth == 0 => return (text, n),
            Event::End(_) => depth -= 1,
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    (text, events.len())
}

/// `Scaling Law 放缓` → `scaling-law-放缓`: readable ids that keep Chinese as it is.
fn heading_slug(text: &str) -> String {
    let mut slug = String::new();
    for c in text.trim().chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-').to_string();
    if slug.is_empty() {
        "section".into()
    } else {
        format!("h-{slug}")
    }
}

fn unique_id(base: &str, seen: &mut HashMap<String, usize>) -> String {
    let n = seen.entry(base.to_string()).or_insert(0);
    *n += 1;
    if *n == 1 {
        base.to_string()
    } else {
        format!("{base}-{n}")
    }
}

fn highlight(code: &str, lang: &str) -> String {
    let set = syntax_set();
    let syntax = (!lang.is_empty())
        .then(|| set.find_syntax_by_token(lang))
        .flatten();
    let Some(syntax) = syntax else {
        return format!("<pre class=\"code\"><code>{}</code></pre>\n", escape(code));
    };
    let mut gen = ClassedHTMLGenerator::new_with_class_style(
        syntax,
        set,
        ClassStyle::SpacedPrefixed {
            prefix: CODE_CLASS_PREFIX,
        },
    );
    for line in LinesWithEndings::from(code) {
        if gen
            .parse_html_for_line_which_includes_newline(line)
            .is_err()
        {
            return format!("<pre class=\"code\"><code>{}</code></pre>\n", escape(code));
        }
    }
    format!(
        "<pre class=\"code\" data-lang=\"{}\"><code>{}</code></pre>\n",
        escape(lang),
        gen.finalize()
    )
}

/// Remote images load without a Referer (WeChat's image host refuses requests that carry one).
/// A local image that does not exist becomes its alt text, not a broken image.
fn image(
    url: &str,
    title: &str,
    alt: &str,
    ctx: &dyn BodyContext,
    missing: &mut Vec<String>,
) -> String {
    let alt = alt.trim();
    let is_remote = url.starts_with("https://") || url.starts_with("http://");
    if !is_remote {
        let path = url.trim_start_matches('/');
        if url.contains(':') || !ctx.local_file_exists(path) {
            missing.push(url.to_string());
            return if alt.is_empty() {
                String::new()
            } else {
                format!("<span class=\"missing-image\">{}</span>", escape(alt))
            };
        }
    }
    let title_attr = if title.is_empty() {
        String::new()
    } else {
        format!(" title=\"{}\"", escape(title))
    };
    format!(
        "<img src=\"{}\" alt=\"{}\"{title_attr} loading=\"lazy\" decoding=\"async\" referrerpolicy=\"no-referrer\">",
        escape(url),
        escape(alt)
    )
}

/// Links with a scheme that could run code (`javascript:`, `data:`…) are neutralised.
fn safe_url(url: &str) -> String {
    let lower = url.trim().to_ascii_lowercase();
    let scheme = lower.split_once(':').map(|(s, _)| s);
    match scheme {
        Some(s) if !s.contains(['/', '?', '#']) && !matches!(s, "http" | "https" | "mailto") => {
            "#".into()
        }
        _ => url.to_string(),
    }
}

/// Escaped text with known names turned into links.
fn link_names(
    text: &str,
    ctx: &dyn BodyContext,
    linked_once: &mut std::collections::HashSet<String>,
) -> String {
    let mut html = String::with_capacity(text.len() + 16);
    let mut at = 0;
    for n in ctx.names(text) {
        if n.start < at {
            continue;
        }
        if !n.always && n.correct.is_none() && !linked_once.insert(n.href.clone()) {
            continue;
        }
        html.push_str(&escape(&text[at..n.start]));
        let surface = escape(&text[n.start..n.end]);
        match &n.correct {
            Some(correct) => html.push_str(&format!(
                "<a class=\"mention\" href=\"{}\">{surface}<span class=\"fix\">〔{}〕</span></a>",
                escape(&n.href),
                escape(correct)
            )),
            None => html.push_str(&format!(
                "<a class=\"mention\" href=\"{}\">{surface}</a>",
                escape(&n.href)
            )),
        }
        at = n.end;
    }
    html.push_str(&escape(&text[at..]));
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    struct NoNames;
    impl BodyContext for NoNames {
        fn names(&self, _: &str) -> Vec<NameLink> {
            Vec::new()
        }
        fn local_file_exists(&self, path: &str) -> bool {
            path == "img/ok.png"
        }
    }

    #[test]
    fn nesting_is_bounded() {
        assert_eq!(too_deep("> > > quote\n\n- a\n  - b\n\n***x***\n"), None);
        let deep = format!("text\n\n{} x\n", ">".repeat(MAX_NESTING + 1));
        assert!(
            too_deep(&deep).is_some_and(|at| at >= 6),
            "found in the quote"
        );
        let emphasis = format!("{}a{}", "*".repeat(500), "*".repeat(500));
        assert!(too_deep(&emphasis).is_some());
    }

    #[test]
    fn every_paragraph_gets_an_anchor_and_its_text() {
        let r = render("第一段\n\n第二段 **重点**\n", &NoNames);
        assert!(r.html.contains("<p id=\"p-1\">第一段</p>"), "{}", r.html);
        assert!(
            r.html
                .contains("<p id=\"p-2\">第二段 <strong>重点</strong></p>"),
            "{}",
            r.html
        );
        assert_eq!(
            r.blocks[1],
            Block {
                anchor: "p-2".into(),
                text: "第二段 重点".into()
            }
        );
    }

    #[test]
    fn tight_list_items_and_tables_are_blocks_with_anchors() {
        let md = "前言\n\n- 第一项\n- 第二项 **粗**\n  - 嵌套项\n\n| 名字 | 公司 |\n|---|---|\n| 李开复 | 零一万物 |\n\n结尾\n";
        let r = render(md, &NoNames);
        let texts: Vec<(&str, &str)> = r
            .blocks
            .iter()
            .map(|b| (b.anchor.as_str(), b.text.as_str()))
            .collect();
        assert_eq!(
            texts,
            vec![
                ("p-1", "前言"),
                ("p-2", "第一项"),
                ("p-3", "第二项 粗"),
                ("p-4", "嵌套项"),
                ("p-5", "名字 公司 李开复 零一万物"),
                ("p-6", "结尾"),
            ]
        );
        for anchor in [
            "<li id=\"p-2\">",
            "<li id=\"p-4\">",
            "<div class=\"table\" id=\"p-5\"><table>",
        ] {
            assert!(r.html.contains(anchor), "{anchor} in {}", r.html);
        }
        assert!(r.html.contains("</table>\n</div>"), "{}", r.html);
        assert_eq!(blocks(md), r.blocks);
        // A loose list keeps its paragraphs' anchors and plain <li>.
        let r = render("- 一\n\n- 二\n", &NoNames);
        assert!(r.html.contains("<li><p id=\"p-1\">"), "{}", r.html);
    }

    #[test]
    fn blocks_match_what_render_anchors() {
        let md = "# 开场\n\n第一段，有 **粗体** 和 [链接](https://x.org)。\n\n## 开场\n\n```rust\nfn a() {}\n```\n\n![图](img/a.png)\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n- 列表项\n\n- 松\n\n- 散\n\n1. 紧\n2. 凑\n   - 嵌套\n\n> - 引用里的项\n\n<b>raw</b> 文本\n\n脚注[^1]\n\n[^1]: 注释。\n";
        assert_eq!(blocks(md), render(md, &NoNames).blocks);
        assert!(blocks(md).len() >= 4);
    }

    #[test]
    fn headings_get_unique_readable_ids() {
        let r = render(
            "### 李开复：Scaling Law\n\n### 李开复：Scaling Law\n",
            &NoNames,
        );
        assert!(r.html.contains("id=\"h-李开复-scaling-law\""), "{}", r.html);
        assert!(
            r.html.contains("id=\"h-李开复-scaling-law-2\""),
            "{}",
            r.html
        );
    }

    #[test]
    fn body_headings_are_demoted_below_the_page_title() {
        let r = render("# 标题\n\n## 小节\n", &NoNames);
        assert!(r.html.contains("<h2 id=\"h-标题\">"), "{}", r.html);
        assert!(r.html.contains("<h3 id=\"h-小节\">"), "{}", r.html);
    }

    #[test]
    fn heading_levels_have_no_gaps() {
        // Sections written as `###`, a `#####` under one of them, and a jump from `#` to `###`.
        let r = render(
            "### 一\n\n##### 一点一\n\n### 二\n\n#### 二点一\n",
            &NoNames,
        );
        for h in [
            "<h2 id=\"h-一\">",
            "<h3 id=\"h-一点一\">",
            "<h2 id=\"h-二\">",
            "<h3 id=\"h-二点一\">",
        ] {
            assert!(r.html.contains(h), "{h}: {}", r.html);
        }
        // An empty heading (a separator in pasted articles) is left out and takes no level.
        let r = render("# 大\n\n######\n\n### 小\n\n# 大二\n", &NoNames);
        assert!(!r.html.contains("<h4"), "{}", r.html);
        assert!(!r.html.contains("section"), "{}", r.html);
        for h in ["<h2 id=\"h-大\">", "<h3 id=\"h-小\">", "<h2 id=\"h-大二\">"] {
            assert!(r.html.contains(h), "{h}: {}", r.html);
        }
    }

    #[test]
    fn raw_html_is_shown_not_run() {
        let r = render(
            "<script>alert(1)</script>\n\n段落<img src=x onerror=alert(1)>\n",
            &NoNames,
        );
        assert!(!r.html.contains("<script"), "{}", r.html);
        assert!(!r.html.contains("<img src=x"), "{}", r.html);
        assert!(r.html.contains("&lt;script&gt;"), "{}", r.html);
    }

    #[test]
    fn heading_attributes_cannot_add_event_handlers() {
        let r = render(
            "## 标题 {#h-x .note tabindex=0 autofocus onfocus=\"alert(1)\"}\n",
            &NoNames,
        );
        assert!(
            r.html.contains("<h2 id=\"h-x\" class=\"note\">标题</h2>"),
            "{}",
            r.html
        );
        assert!(!r.html.contains("onfocus"), "{}", r.html);
        assert!(!r.html.contains("autofocus"), "{}", r.html);
    }

    #[test]
    fn javascript_links_are_neutralised() {
        let r = render(
            "[x](javascript:alert(1)) [y](https://example.org/)\n",
            &NoNames,
        );
        assert!(!r.html.contains("javascript:"), "{}", r.html);
        assert!(
            r.html.contains("href=\"https://example.org/\""),
            "{}",
            r.html
        );
    }

    #[test]
    fn remote_images_send_no_referrer_and_missing_local_images_are_dropped() {
        let r = render(
            "![会场](https://mmbiz.qpic.cn/a.png)\n\n![](img/missing.png)\n\n![ok](img/ok.png)\n",
            &NoNames,
        );
        assert!(
            r.html.contains("referrerpolicy=\"no-referrer\""),
            "{}",
            r.html
        );
        assert!(r.html.contains("alt=\"会场\""), "{}", r.html);
        assert!(!r.html.contains("missing.png"), "{}", r.html);
        assert!(r.html.contains("src=\"img/ok.png\""), "{}", r.html);
        assert_eq!(r.missing_images, ["img/missing.png"]);
    }

    #[test]
    fn code_is_highlighted_with_prefixed_classes() {
        let r = render("```rust\nfn main() {}\n```\n", &NoNames);
        assert!(r.html.contains("class=\"hl-"), "{}", r.html);
        assert!(r.html.contains("data-lang=\"rust\""), "{}", r.html);
    }

    #[test]
    fn tables_and_footnotes_render() {
        let r = render("|a|b|\n|-|-|\n|1|2|\n\n正文[^1]\n\n[^1]: 注释\n", &NoNames);
        assert!(r.html.contains("<table>"), "{}", r.html);
        assert!(r.html.contains("footnote"), "{}", r.html);
    }

    struct OneName;
    impl BodyContext for OneName {
        fn names(&self, text: &str) -> Vec<NameLink> {
            text.match_indices("姜大新")
                .map(|(i, s)| NameLink {
                    start: i,
                    end: i + s.len(),
                    href: "/speakers/jiang-daxin/".into(),
                    correct: Some("姜大昕".into()),
                    always: true,
                })
                .collect()
        }
        fn local_file_exists(&self, _: &str) -> bool {
            false
        }
    }

    #[test]
    fn misspelled_names_link_and_show_the_correct_name() {
        let r = render("有请姜大新先生。<b>\n", &OneName);
        assert!(
            r.html.contains("有请<a class=\"mention\" href=\"/speakers/jiang-daxin/\">姜大新<span class=\"fix\">〔姜大昕〕</span></a>先生。"),
            "{}",
            r.html
        );
        // The plain text for search keeps the transcript as it is.
        assert_eq!(r.blocks[0].text, "有请姜大新先生。<b>");
    }
}
