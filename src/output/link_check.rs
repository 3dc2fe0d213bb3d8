//! Checks that every internal link, anchor, image and asset of a rendered site resolves.
//! `LinkCollector` is a `Sink` (for `check`, which writes nothing); `check_folder` reads a built site.

use super::Sink;
use std::collections::{BTreeMap, BTreeSet};
use std::io;
use std::path::Path;
use std::sync::Mutex;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The file that has the link.
    pub page: String,
    pub target: String,
    pub why: String,
}

#[derive(Default)]
struct Collected {
    /// Every file written.
    files: BTreeSet<String>,
    /// HTML file → ids in it.
    ids: BTreeMap<String, BTreeSet<String>>,
    /// HTML file → internal URLs it references.
    links: BTreeMap<String, Vec<String>>,
}

#[derive(Default)]
pub struct LinkCollector {
    inner: Mutex<Collected>,
}

impl Sink for LinkCollector {
    fn write(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        // Scan before taking the lock, so pages rendered in parallel are scanned in parallel.
        let scanned = path
            .ends_with(".html")
            .then(|| scan(&String::from_utf8_lossy(bytes)));
        let mut c = self
            .inner
            .lock()
            .map_err(|_| io::Error::other("link collector poisoned"))?;
        c.files.insert(path.to_string());
        if let Some((ids, links)) = scanned {
            c.ids.insert(path.to_string(), ids);
            c.links.insert(path.to_string(), links);
        }
        Ok(())
    }
}

impl LinkCollector {
    pub fn link_count(&self) -> usize {
        self.inner
            .lock()
            .map(|c| c.links.values().map(Vec::len).sum())
            .unwrap_or(0)
    }

    /// Links under `base_path` that point at no file or no anchor.
    pub fn problems(&self, base_path: &str) -> Vec<Problem> {
        let Ok(c) = self.inner.lock() else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (page, links) in &c.links {
            for link in links {
                if let Some(why) = resolve(link, page, base_path, &c.files, &c.ids) {
                    out.push(Problem {
                        page: page.clone(),
                        target: link.clone(),
                        why,
                    });
                }
            }
        }
        out.dedup();
        out
    }
}

/// Reads a built site folder and checks it like `check` does.
pub fn check_folder(dir: &Path, base_path: &str) -> io::Result<(Vec<Problem>, usize)> {
    let collector = LinkCollector::default();
    for item in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let item = item.map_err(io::Error::other)?;
        if item.file_type().is_file() {
            let rel = item.path().strip_prefix(dir).unwrap_or(item.path());
            let rel = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            collector.write(&rel, &std::fs::read(item.path())?)?;
        }
    }
    let n = collector.link_count();
    Ok((collector.problems(base_path), n))
}

/// `None` if `link` (found in `page`) resolves, else why not.
fn resolve(
    link: &str,
    page: &str,
    base_path: &str,
    files: &BTreeSet<String>,
    ids: &BTreeMap<String, BTreeSet<String>>,
) -> Option<String> {
    let (path_part, fragment) = match link.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (link, None),
    };
    let path_part = path_part.split('?').next().unwrap_or("");
    let file = if path_part.is_empty() {
        page.to_string()
    } else if let Some(rest) = path_part.strip_prefix(base_path) {
        let rest = percent_decode(rest);
        if rest.is_empty() || rest.ends_with('/') {
            format!("{rest}index.html")
        } else {
            rest
        }
    } else if path_part.starts_with('/') {
        return Some(format!("it is outside the site's base path `{base_path}`"));
    } else {
        return None; // relative links are not produced by the theme; nothing to check
    };
    if !files.contains(&file) {
        return Some(format!("no file `{file}` in the site"));
    }
    match fragment {
        Some(f) if !f.is_empty() => {
            let f = percent_decode(f);
            let has = ids.get(&file).is_some_and(|set| set.contains(&f));
            (!has).then(|| format!("`{file}` has no element with id `{f}`"))
        }
        _ => None,
    }
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push(h * 16 + l);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

/// Ids, and the internal URLs of `href` and `src` attributes, in an HTML document (quoted or not,
/// as the minifier leaves them). Links to other hosts and `mailto:` are skipped.
pub fn scan(html: &str) -> (BTreeSet<String>, Vec<String>) {
    let mut ids = BTreeSet::new();
    let mut links = Vec::new();
    let lower = html.to_ascii_lowercase();
    let bytes = html.as_bytes();
    let mut i = 0;
    // Skip script and style contents: their text is not markup.
    while let Some(pos) = next_attr(&lower, i) {
        let (name, value_start) = pos;
        let (value, end) = read_value(html, bytes, value_start);
        let value = decode_entities(&value);
        match name {
            "id" => {
                ids.insert(value);
            }
            _ => {
                if !(value.contains("://")
                    || value.starts_with("mailto:")
                    || value.starts_with("data:")
                    || value.starts_with("//"))
                {
                    links.push(value);
                }
            }
        }
        i = end;
    }
    (ids, links)
}

/// What `next_attr` looks for, found in one pass by the earliest match (a search per pattern
/// would scan to the end of the page for patterns that do not occur: quadratic in the page).
const ATTR_PATTERNS: [&str; 7] = [
    " id=", " href=", " src=", "\nid=", "\nhref=", "\nsrc=", "<script",
];
const ATTR_NAMES: [&str; 6] = ["id", "href", "src", "id", "href", "src"];

fn attr_finder() -> &'static aho_corasick::AhoCorasick {
    static FINDER: std::sync::OnceLock<aho_corasick::AhoCorasick> = std::sync::OnceLock::new();
    FINDER.get_or_init(|| {
        aho_corasick::AhoCorasick::new(ATTR_PATTERNS).expect("fixed patterns compile")
    })
}

/// The next ` id=`, ` href=` or ` src=` at or after `from`, outside `<script>` bodies.
fn next_attr(lower: &str, from: usize) -> Option<(&'static str, usize)> {
    let mut at = from;
    loop {
        let rest = lower.get(at..)?;
        let m = attr_finder().find(rest)?;
        let pattern = m.pattern().as_usize();
        if pattern < ATTR_NAMES.len() {
            return Some((ATTR_NAMES[pattern], at + m.end()));
        }
        // A script: its opening tag's `src` counts, its body does not.
        let s = m.start();
        let tag_end = rest[s..].find('>').map_or(rest.len(), |e| s + e);
        let tag = &rest[s..tag_end];
        if let Some(src) = tag.find(" src=") {
            return Some(("src", at + s + src + 5));
        }
        let close = rest[tag_end..]
            .find("</script")
            .map_or(rest.len(), |c| tag_end + c);
        at += close.max(1);
    }
}

fn read_value(html: &str, bytes: &[u8], start: usize) -> (String, usize) {
    match bytes.get(start) {
        Some(&q) if q == b'"' || q == b'\'' => {
            let end = html[start + 1..]
                .find(q as char)
                .map_or(html.len(), |e| start + 1 + e);
            (html[start + 1..end].to_string(), end + 1)
        }
        _ => {
            let end = html[start..]
                .find(|c: char| c.is_whitespace() || c == '>')
                .map_or(html.len(), |e| start + e);
            (html[start..end].to_string(), end)
        }
    }
}

fn decode_entities(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scans_quoted_and_unquoted_attributes() {
        let (ids, links) = scan(
            r#"<p id="p-1">x</p><a href=/a/b/>y</a><img src="/s/x.png"><a href="https://o.org/">z</a><script>var s=" href=/no/"</script>"#,
        );
        assert!(ids.contains("p-1"));
        assert_eq!(links, ["/a/b/", "/s/x.png"]);
    }

    #[test]
    fn finds_missing_files_and_anchors() {
        let c = LinkCollector::default();
        c.write("index.html", br#"<a href="/base/talks/x/#p-2">a</a><a href="/base/talks/x/#p-9">b</a><a href="/base/nope/">c</a><a href="/elsewhere/">d</a>"#).unwrap();
        c.write("talks/x/index.html", br#"<p id="p-2">x</p>"#)
            .unwrap();
        let problems = c.problems("/base/");
        let targets: Vec<_> = problems.iter().map(|p| p.target.as_str()).collect();
        assert_eq!(
            targets,
            ["/base/talks/x/#p-9", "/base/nope/", "/elsewhere/"]
        );
    }

    #[test]
    fn percent_encoded_anchors_resolve() {
        assert_eq!(percent_decode("h-%E6%9D%8E"), "h-李");
    }
}
