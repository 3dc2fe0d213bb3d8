//! Where each page lives. Paths are relative to the site root (`talks/waic-2024/01-x/`); `Urls`
//! turns them into links that respect the `base_url` sub-path, and into absolute canonical URLs.

use crate::config::Config;

pub fn event(slug: &str) -> String {
    format!("events/{slug}/")
}

pub fn talk(event: &str, slug: &str) -> String {
    format!("talks/{event}/{slug}/")
}

pub fn speaker(slug: &str) -> String {
    format!("speakers/{slug}/")
}

pub fn org(slug: &str) -> String {
    format!("orgs/{slug}/")
}

pub fn trend(slug: &str) -> String {
    format!("trends/{slug}/")
}

/// The file a page path is written to: `talks/a/b/` → `talks/a/b/index.html`.
pub fn file_of(path: &str) -> String {
    if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_string()
    }
}

/// A query-string value, percent-encoded (UTF-8) except for unreserved characters.
pub fn encode_query(value: &str) -> String {
    let mut out = String::with_capacity(value.len() * 3);
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `url` if it is a web address a reader can follow (`http:` or `https:`), else `None`. A source's
/// `url` or an org's `website` such as `javascript:…` must never become a link.
pub fn web_address(url: &str) -> Option<&str> {
    let url = url.trim();
    let scheme = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    (scheme.starts_with("https://") || scheme.starts_with("http://")).then_some(url)
}

#[derive(Debug, Clone)]
pub struct Urls {
    /// `https://example.org/archive/`
    base_url: String,
    /// `/archive/`
    base_path: String,
}

impl Urls {
    pub fn new(config: &Config) -> Urls {
        Urls {
            base_url: config.base_url.clone(),
            base_path: config.base_path().to_string(),
        }
    }

    /// A link within the site: `/archive/talks/a/b/`.
    pub fn link(&self, path: &str) -> String {
        format!("{}{}", self.base_path, path)
    }

    /// The absolute address: `https://example.org/archive/talks/a/b/`.
    pub fn absolute(&self, path: &str) -> String {
        format!("{}{}", self.base_url, path)
    }

    pub fn base_path(&self) -> &str {
        &self.base_path
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_are_percent_encoded() {
        assert_eq!(encode_query("大模型"), "%E5%A4%A7%E6%A8%A1%E5%9E%8B");
        assert_eq!(encode_query("AI Infra&x"), "AI%20Infra%26x");
    }

    #[test]
    fn only_http_and_https_are_web_addresses() {
        assert_eq!(web_address(" https://a.org/x "), Some("https://a.org/x"));
        assert_eq!(web_address("HTTP://a.org/"), Some("HTTP://a.org/"));
        for bad in [
            "javascript:alert(1)",
            " JavaScript:x",
            "data:text/html,x",
            "//evil.org/",
            "/local/",
            "httpx://a",
            "https:/a",
        ] {
            assert_eq!(web_address(bad), None, "{bad}");
        }
    }

    #[test]
    fn links_respect_a_sub_path() {
        let config = Config {
            title: "t".into(),
            base_url: "https://example.org/archive/".into(),
            language: "zh-CN".into(),
            description: String::new(),
            author: None,
            strings: Default::default(),
            theme: Default::default(),
            search: Default::default(),
        };
        let urls = Urls::new(&config);
        assert_eq!(urls.link(&talk("e", "t")), "/archive/talks/e/t/");
        assert_eq!(
            urls.absolute(&speaker("s")),
            "https://example.org/archive/speakers/s/"
        );
        assert_eq!(file_of("talks/e/t/"), "talks/e/t/index.html");
        assert_eq!(file_of(""), "index.html");
        assert_eq!(file_of("404.html"), "404.html");
    }
}
