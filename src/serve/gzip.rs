//! Compresses what `serve` sends whole, as static hosts do: a text file (HTML, CSS, JavaScript,
//! JSON, SVG, XML) is sent gzipped to a browser that accepts gzip; a part of a file (206) and
//! `application/octet-stream` never are. Each file is compressed once per version of it (the
//! cache knows a version by its inode, size and modification time, as the output's stamps do).

use flate2::write::GzEncoder;
use flate2::Compression;
use std::collections::HashMap;
use std::fs::Metadata;
use std::io::Write;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

/// Whether a host would compress a file of this `Content-Type`: text, JSON, JavaScript, SVG and
/// XML are; images and `application/octet-stream` (the search index's packs) are not.
pub fn compressible(content_type: &str) -> bool {
    let t = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    t.starts_with("text/")
        || t == "application/json"
        || t.ends_with("javascript")
        || t.ends_with("+xml")
        || t.ends_with("/xml")
}

/// Whether an `Accept-Encoding` header accepts gzip (`gzip` or `*`, with a weight above 0).
pub fn accepts_gzip(header: Option<&str>) -> bool {
    let Some(header) = header else {
        return false;
    };
    let mut star = None;
    for item in header.split(',') {
        let mut fields = item.split(';');
        let coding = fields.next().unwrap_or("").trim().to_ascii_lowercase();
        let weight = fields
            .find_map(|p| {
                let (k, v) = p.split_once('=')?;
                k.trim()
                    .eq_ignore_ascii_case("q")
                    .then(|| v.trim().parse::<f32>().ok())?
            })
            .unwrap_or(1.0);
        match coding.as_str() {
            "gzip" | "x-gzip" => return weight > 0.0,
            "*" => star = Some(weight > 0.0),
            _ => {}
        }
    }
    star.unwrap_or(false)
}

/// When the cached bytes pass this, the cache starts again empty (serve of a 50× archive would
/// otherwise keep every page it ever sent).
const MAX_CACHED_BYTES: usize = 256 << 20;

/// Which version of a file an entry was compressed from.
#[derive(Clone, Copy, PartialEq)]
struct Version {
    inode: u64,
    len: u64,
    modified: Option<SystemTime>,
}

impl Version {
    fn of(meta: &Metadata) -> Version {
        Version {
            inode: meta.ino(),
            len: meta.len(),
            modified: meta.modified().ok(),
        }
    }
}

/// A file's gzipped bytes and the version they were compressed from.
type Compressed = (Version, Arc<Vec<u8>>);

/// Files already compressed, by path.
#[derive(Default)]
pub struct GzipCache {
    files: Mutex<HashMap<PathBuf, Compressed>>,
}

impl GzipCache {
    /// `file` gzipped, compressed now only if this version of it was not before.
    pub fn get(&self, file: &Path, meta: &Metadata) -> std::io::Result<Arc<Vec<u8>>> {
        let version = Version::of(meta);
        if let Ok(files) = self.files.lock() {
            if let Some((v, gz)) = files.get(file) {
                if *v == version {
                    return Ok(gz.clone());
                }
            }
        }
        let gz = Arc::new(gzip(&std::fs::read(file)?)?);
        if let Ok(mut files) = self.files.lock() {
            let held: usize = files.values().map(|(_, g)| g.len()).sum();
            if held + gz.len() > MAX_CACHED_BYTES {
                files.clear();
            }
            files.insert(file.to_path_buf(), (version, gz.clone()));
        }
        Ok(gz)
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.files.lock().map(|f| f.len()).unwrap_or(0)
    }
}

fn gzip(bytes: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut e = GzEncoder::new(Vec::with_capacity(bytes.len() / 3), Compression::default());
    e.write_all(bytes)?;
    e.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::read::GzDecoder;
    use std::io::Read;

    fn gunzip(gz: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        GzDecoder::new(gz).read_to_end(&mut out).unwrap();
        out
    }

    #[test]
    fn text_types_are_compressible_and_binary_ones_are_not() {
        for t in [
            "text/html; charset=utf-8",
            "text/css",
            "text/javascript; charset=utf-8",
            "application/javascript",
            "application/json",
            "image/svg+xml",
            "application/xml; charset=utf-8",
            "text/plain",
        ] {
            assert!(compressible(t), "{t}");
        }
        for t in ["application/octet-stream", "image/png", "image/jpeg", ""] {
            assert!(!compressible(t), "{t}");
        }
    }

    #[test]
    fn gzip_is_accepted_unless_refused_by_a_zero_weight() {
        assert!(accepts_gzip(Some("gzip, deflate, br, zstd")));
        assert!(accepts_gzip(Some("br;q=1.0, GZIP;q=0.5")));
        assert!(accepts_gzip(Some("*")));
        assert!(!accepts_gzip(None));
        assert!(!accepts_gzip(Some("")));
        assert!(!accepts_gzip(Some("identity")));
        assert!(!accepts_gzip(Some("br, deflate")));
        assert!(!accepts_gzip(Some("gzip;q=0")));
        assert!(!accepts_gzip(Some("gzip;q=0.0, *")));
        assert!(!accepts_gzip(Some("*;q=0")));
    }

    #[test]
    fn a_file_is_compressed_once_per_version() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.json");
        std::fs::write(&path, "[1,2,3,1,2,3,1,2,3]").unwrap();
        let cache = GzipCache::default();
        let meta = std::fs::metadata(&path).unwrap();
        let first = cache.get(&path, &meta).unwrap();
        assert_eq!(gunzip(&first), b"[1,2,3,1,2,3,1,2,3]");
        // The same version: the same bytes, not compressed again.
        let again = cache.get(&path, &meta).unwrap();
        assert!(Arc::ptr_eq(&first, &again));
        assert_eq!(cache.len(), 1);
        // A new version (another size): compressed again.
        std::fs::write(&path, "[4]").unwrap();
        let meta = std::fs::metadata(&path).unwrap();
        let changed = cache.get(&path, &meta).unwrap();
        assert_eq!(gunzip(&changed), b"[4]");
        assert_eq!(cache.len(), 1);
    }
}
