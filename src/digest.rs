//! SHA-256 digests of values, for `serve`'s caches and the files a build keeps: fed by serde or `Debug` without building the
//! text first. Digests, not cheaper hashes, because a collision would serve a stale page.

use sha2::{Digest as _, Sha256};
use std::fmt;
use std::io;

pub type Digest = [u8; 32];

/// This executable, by its path, size and modification time (hashing its 37 MB would cost a
/// rebuild more than it saves): what a file made by code depends on besides its input
/// (`render::minify::page_source`), so that another build of talkarchive makes it again. If
/// the executable cannot be told, a digest no other run has, so that nothing is kept.
pub fn this_program() -> &'static Digest {
    static PROGRAM: std::sync::OnceLock<Digest> = std::sync::OnceLock::new();
    PROGRAM.get_or_init(|| {
        let mut d = Digester::default();
        let exe = std::env::current_exe().ok();
        let meta = exe.as_ref().and_then(|p| std::fs::metadata(p).ok());
        match (&exe, &meta, meta.as_ref().and_then(|m| m.modified().ok())) {
            (Some(path), Some(meta), Some(modified)) => {
                d.str(&path.to_string_lossy()).usize(meta.len() as usize);
                d.debug(&modified);
            }
            _ => {
                d.usize(std::process::id() as usize);
                d.debug(&std::time::SystemTime::now());
            }
        }
        d.finish()
    })
}

/// The digest of some bytes.
pub fn of(bytes: &[u8]) -> Digest {
    Sha256::digest(bytes).into()
}

/// Bytes as lower-case hexadecimal.
pub fn hex(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        s.push(HEX[(b >> 4) as usize] as char);
        s.push(HEX[(b & 15) as usize] as char);
    }
    s
}

/// Collects bytes into a digest.
#[derive(Default)]
pub struct Digester(Sha256);

impl Digester {
    pub fn bytes(&mut self, b: &[u8]) -> &mut Self {
        // Length first, so that the boundaries between parts are part of the digest.
        self.0.update((b.len() as u64).to_le_bytes());
        self.0.update(b);
        self
    }

    pub fn str(&mut self, s: &str) -> &mut Self {
        self.bytes(s.as_bytes())
    }

    pub fn usize(&mut self, n: usize) -> &mut Self {
        self.0.update((n as u64).to_le_bytes());
        self
    }

    /// A value's `Debug` text, followed by an end mark. Only for types whose `Debug` text is the
    /// same for equal values (no hash maps inside).
    pub fn debug(&mut self, value: &impl fmt::Debug) -> &mut Self {
        use fmt::Write;
        let _ = write!(self, "{value:?}");
        self.0.update([0xff]);
        self
    }

    /// A value as JSON, followed by an end mark.
    pub fn json(&mut self, value: &impl serde::Serialize) -> &mut Self {
        // Writing into a hash cannot fail.
        let _ = serde_json::to_writer(&mut *self, value);
        self.0.update([0xff]);
        self
    }

    pub fn finish(&self) -> Digest {
        self.0.clone().finalize().into()
    }
}

impl io::Write for Digester {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.update(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl fmt::Write for Digester {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.0.update(s.as_bytes());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn part_boundaries_count() {
        let ab_c = Digester::default().str("ab").str("c").finish();
        let a_bc = Digester::default().str("a").str("bc").finish();
        assert_ne!(ab_c, a_bc);
        assert_eq!(ab_c, Digester::default().str("ab").str("c").finish());
    }
}
