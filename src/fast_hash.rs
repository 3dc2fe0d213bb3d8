//! Cheap hashers for in-memory maps on hot paths, where std's SipHash (built against collisions
//! made on purpose) costs more than the lookup. Nothing here is written to disk or compared
//! across runs: digests of content are `digest`'s (SHA-256).

use std::hash::{BuildHasherDefault, Hasher};

/// FNV-1a, for short strings looked up often (stopwords, a talk's terms).
pub struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// A hash map or set of strings built with `Fnv`.
pub type FnvBuild = BuildHasherDefault<Fnv>;

/// For `u64` keys (the search index's keys of one to three code points): a multiplication and a
/// rotation. Not the index's own `key_hash`: a partition's keys all share its low bits, which
/// is where a hash map looks first.
#[derive(Default)]
pub struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0 ^ n)
            .wrapping_mul(0x9e37_79b9_7f4a_7c15)
            .rotate_left(26);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// A hash map or set of `u64` keys built with `KeyHasher`.
pub type KeyHashBuild = BuildHasherDefault<KeyHasher>;

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::BuildHasher;

    #[test]
    fn fnv_is_fnv_1a() {
        // The published FNV-1a 64 values of "" and "a".
        assert_eq!(Fnv::default().finish(), 0xcbf2_9ce4_8422_2325);
        let mut h = Fnv::default();
        h.write(b"a");
        assert_eq!(h.finish(), 0xaf63_dc4c_8601_ec8c);
    }

    #[test]
    fn keys_of_one_partition_spread_over_a_maps_buckets() {
        // Keys 64 apart (as if of one partition) still differ in their low bits.
        let build = KeyHashBuild::default();
        let low: std::collections::HashSet<u64> =
            (0..256u64).map(|i| build.hash_one(i * 64) & 0xff).collect();
        assert!(low.len() > 128, "{}", low.len());
    }
}
