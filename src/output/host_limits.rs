//! Static hosts' limits, and which of them a built site passes: `build` and `check` warn, naming
//! the host, the figure and what to do (docs/deploy.md has each host's limits).

use crate::config::Ranges;
use crate::diagnostics::Diagnostic;
use std::path::Path;

/// The size of a site: its files, its bytes in all, and its largest file.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct SiteSize {
    pub files: u64,
    pub bytes: u64,
    /// The largest file's path (relative to the site, `/` separators) and size.
    pub largest: Option<(String, u64)>,
}

impl SiteSize {
    /// Counts one file.
    pub fn add(&mut self, path: &str, len: u64) {
        self.files += 1;
        self.bytes += len;
        if self.largest.as_ref().is_none_or(|(_, l)| len > *l) {
            self.largest = Some((path.to_string(), len));
        }
    }

    /// The files under `dir`, as a host would be given them.
    pub fn of_folder(dir: &Path) -> SiteSize {
        let mut size = SiteSize::default();
        for entry in walkdir::WalkDir::new(dir).into_iter().flatten() {
            if !entry.file_type().is_file() {
                continue;
            }
            let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
            let len = entry.metadata().map(|m| m.len()).unwrap_or(0);
            size.add(&rel.to_string_lossy().replace('\\', "/"), len);
        }
        size
    }
}

/// The limits a site is checked against, with the host that sets each.
pub struct Limits {
    pub max_files: (u64, &'static str),
    pub max_file_bytes: (u64, &'static str),
    pub max_site_bytes: (u64, &'static str),
}

/// The strictest limits of the common static hosts (as of 2026; docs/deploy.md).
pub const KNOWN_HOSTS: Limits = Limits {
    max_files: (20_000, "Cloudflare Pages (free plan)"),
    max_file_bytes: (25 << 20, "Cloudflare Pages"),
    max_site_bytes: (1_000_000_000, "GitHub Pages (published site)"),
};

/// A warning for each limit of `limits` that `size` passes, for a site whose search index was
/// laid out for a host of kind `index_for`.
pub fn warnings(size: &SiteSize, limits: &Limits, index_for: Ranges) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let (max, host) = limits.max_files;
    if size.files > max {
        let help = if index_for == Ranges::None {
            // Small index files are for hosts that send whole files; the hosts that limit a
            // site's files answer ranges.
            "the search index is in small files for a host without ranges (`[search] \
             host_ranges = \"none\"` in talkarchive.toml): for a host that answers ranges, \
             leave that setting out; otherwise deploy to another host (docs/deploy.md)"
        } else {
            "deploy to another host (docs/deploy.md lists each host's limits), or on a paid plan"
        };
        out.push(
            Diagnostic::new(format!(
                "the site has {} files; {host} takes at most {max}",
                size.files
            ))
            .help(help),
        );
    }
    let (max, host) = limits.max_file_bytes;
    if let Some((path, len)) = &size.largest {
        if *len > max {
            out.push(
                Diagnostic::new(format!(
                    "{path} is {}; {host} takes no file over {}",
                    mib(*len),
                    mib(max)
                ))
                .help("deploy to a host without that limit (docs/deploy.md), e.g. GitHub Pages, Netlify or S3"),
            );
        }
    }
    let (max, host) = limits.max_site_bytes;
    if size.bytes > max {
        out.push(
            Diagnostic::new(format!(
                "the site is {} in all; {host} takes at most {}",
                mib(size.bytes),
                mib(max)
            ))
            .help("deploy to a host without that limit (docs/deploy.md), e.g. Netlify, S3 or your own nginx"),
        );
    }
    out
}

/// Prints a warning (with what to do) for each known host's limit that `size` passes.
pub fn print_warnings(size: &SiteSize, index_for: Ranges) {
    for w in warnings(size, &KNOWN_HOSTS, index_for) {
        eprintln!("warning: {}", w.message);
        if let Some(help) = &w.help {
            eprintln!("  help: {help}");
        }
    }
}

/// A sink that measures what it is given and passes it on (`check` writes no folder to measure).
pub struct Measured<'a> {
    pub inner: &'a dyn crate::output::Sink,
    pub size: std::sync::Mutex<SiteSize>,
}

impl crate::output::Sink for Measured<'_> {
    fn write(&self, path: &str, bytes: &[u8]) -> std::io::Result<()> {
        if let Ok(mut size) = self.size.lock() {
            size.add(path, bytes.len() as u64);
        }
        self.inner.write(path, bytes)
    }

    fn write_made(
        &self,
        path: &str,
        source: &crate::digest::Digest,
        make: crate::output::Make,
    ) -> std::io::Result<u64> {
        let size = self.inner.write_made(path, source, make)?;
        if let Ok(mut s) = self.size.lock() {
            s.add(path, size);
        }
        Ok(size)
    }
}

fn mib(bytes: u64) -> String {
    format!("{:.1} MiB", bytes as f64 / 1_048_576.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TINY: Limits = Limits {
        max_files: (3, "Host A"),
        max_file_bytes: (100, "Host B"),
        max_site_bytes: (250, "Host C"),
    };

    fn listing(files: &[(&str, u64)]) -> SiteSize {
        let mut size = SiteSize::default();
        for (path, len) in files {
            size.add(path, *len);
        }
        size
    }

    #[test]
    fn a_site_within_every_limit_has_no_warning() {
        let size = listing(&[("index.html", 100), ("a.css", 50), ("_search/t/0.bin", 100)]);
        assert_eq!(size.largest, Some(("index.html".into(), 100)));
        assert!(warnings(&size, &TINY, Ranges::Multi).is_empty());
        assert!(warnings(&SiteSize::default(), &TINY, Ranges::Multi).is_empty());
    }

    #[test]
    fn each_limit_passed_names_its_host_the_figure_and_what_to_do() {
        let too_many = listing(&[("a", 1), ("b", 1), ("c", 1), ("d", 1)]);
        let w = warnings(&too_many, &TINY, Ranges::Multi);
        assert_eq!(w.len(), 1);
        assert!(
            w[0].message.contains("4 files") && w[0].message.contains("Host A"),
            "{}",
            w[0]
        );
        assert!(w[0]
            .help
            .as_deref()
            .unwrap_or("")
            .contains("docs/deploy.md"));

        let too_large = listing(&[("index.html", 10), ("_search/t/0.bin", 101)]);
        let w = warnings(&too_large, &TINY, Ranges::Multi);
        assert_eq!(w.len(), 1);
        assert!(
            w[0].message.contains("_search/t/0.bin") && w[0].message.contains("Host B"),
            "{}",
            w[0]
        );

        let too_much = listing(&[("a", 100), ("b", 100), ("c", 51)]);
        let w = warnings(&too_much, &TINY, Ranges::Multi);
        assert_eq!(w.len(), 1);
        assert!(w[0].message.contains("Host C"), "{}", w[0]);

        let all = listing(&[("a", 100), ("b", 100), ("c", 100), ("d", 101)]);
        assert_eq!(warnings(&all, &TINY, Ranges::Multi).len(), 3);

        // A site built for a host without ranges is told which setting made its files.
        let w = warnings(&too_many, &TINY, Ranges::None);
        let help = w[0].help.as_deref().unwrap_or("");
        assert!(help.contains("host_ranges = \"none\""), "{help}");
    }

    #[test]
    fn the_known_hosts_limits_are_as_documented() {
        assert_eq!(KNOWN_HOSTS.max_files.0, 20_000);
        assert_eq!(KNOWN_HOSTS.max_file_bytes.0, 26_214_400);
        assert_eq!(KNOWN_HOSTS.max_site_bytes.0, 1_000_000_000);
        // The shipped archive's size at 50x (issue 18): 21,758 files, a 31 MB file, 598 MB.
        let mut size = SiteSize {
            files: 21_757,
            bytes: 598_000_000 - 31_000_000,
            largest: None,
        };
        size.add("_search/t/0.bin", 31_000_000);
        let w = warnings(&size, &KNOWN_HOSTS, Ranges::Multi);
        assert_eq!(w.len(), 2, "{w:?}");
        assert!(w[0].message.contains("Cloudflare Pages (free plan)"));
        assert!(w[1].message.contains("29.6 MiB"), "{}", w[1]);
    }

    #[test]
    fn a_folder_is_measured_file_by_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("_search/t")).unwrap();
        std::fs::write(dir.path().join("index.html"), "12345").unwrap();
        std::fs::write(dir.path().join("_search/t/0.bin"), "1234567890").unwrap();
        let size = SiteSize::of_folder(dir.path());
        assert_eq!((size.files, size.bytes), (2, 15));
        assert_eq!(size.largest, Some(("_search/t/0.bin".into(), 10)));
    }
}
