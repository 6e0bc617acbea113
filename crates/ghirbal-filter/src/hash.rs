//! Small, fast hashing for the per-document sets and counters (lines, n-grams).
//!
//! The keys are short strings or already-hashed integers from one document, never an
//! adversary's choice of many keys, so a multiply-rotate hash (the one rustc uses) is enough and
//! several times faster than SipHash here.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// A multiply-rotate hasher (FxHash).
#[derive(Default, Clone, Copy)]
pub(crate) struct FxHasher(u64);

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut w = [0u8; 8];
            w[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(w));
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
}

/// A `HashSet` with [`FxHasher`].
pub(crate) type FxSet<K> = HashSet<K, BuildHasherDefault<FxHasher>>;
/// A `HashMap` with [`FxHasher`].
pub(crate) type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// Modulus of the polynomial string hash: the Mersenne prime 2^61 - 1.
const P: u64 = (1 << 61) - 1;
/// Base of the polynomial string hash.
const BASE: u64 = 0x1f3a_5c7e_9b2d_4e61 % P;

#[inline]
fn mulmod(a: u64, b: u64) -> u64 {
    let x = u128::from(a) * u128::from(b);
    let lo = (x as u64) & P;
    let hi = (x >> 61) as u64;
    let s = lo + hi;
    if s >= P { s - P } else { s }
}

#[inline]
fn addmod(a: u64, b: u64) -> u64 {
    let s = a + b;
    if s >= P { s - P } else { s }
}

/// The polynomial hash of one word's bytes and `BASE^len`, so hashes of concatenations can be
/// built from the words' hashes without touching the bytes again.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PolyHash {
    /// Hash of the bytes.
    pub h: u64,
    /// `BASE` to the number of bytes.
    pub pow: u64,
}

impl PolyHash {
    /// Hashes `s`.
    pub fn of(s: &str) -> PolyHash {
        let mut h = 0u64;
        let mut pow = 1u64;
        for &b in s.as_bytes() {
            h = addmod(mulmod(h, BASE), u64::from(b) + 1);
            pow = mulmod(pow, BASE);
        }
        PolyHash { h, pow }
    }

    /// The hash of `self` followed by `next`.
    #[inline]
    #[must_use]
    pub fn then(self, next: PolyHash) -> PolyHash {
        PolyHash {
            h: addmod(mulmod(self.h, next.pow), next.h),
            pow: mulmod(self.pow, next.pow),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn concatenation_hash_ignores_where_words_were_cut() {
        let ab_c = PolyHash::of("ab").then(PolyHash::of("c"));
        let a_bc = PolyHash::of("a").then(PolyHash::of("bc"));
        assert_eq!(ab_c.h, a_bc.h);
        assert_eq!(ab_c.h, PolyHash::of("abc").h);
        assert_ne!(PolyHash::of("abd").h, ab_c.h);
    }
}
