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

/// An open-addressing table of nonzero, already well-mixed `u64` keys (string hashes), each with
/// a `u64` value; linear probing, at most half full. One allocation is reused across the
/// n-gram passes of a document.
#[derive(Debug, Default)]
pub(crate) struct U64Table {
    keys: Vec<u64>,
    vals: Vec<u64>,
    shift: u32,
}

impl U64Table {
    /// Empties the table and sizes it for up to `n` keys.
    pub fn reset(&mut self, n: usize) {
        let cap = (n.max(8) * 2).next_power_of_two();
        self.keys.clear();
        self.keys.resize(cap, 0);
        self.vals.clear();
        self.vals.resize(cap, 0);
        self.shift = 64 - cap.trailing_zeros();
    }

    /// The slot of `key`, inserting it with value 0 when absent; true when it was absent.
    #[inline]
    pub fn entry(&mut self, key: u64) -> (&mut u64, bool) {
        let key = key.max(1);
        let mask = self.keys.len() - 1;
        let mut i = (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> self.shift) as usize;
        loop {
            let k = self.keys[i];
            if k == key {
                return (&mut self.vals[i], false);
            }
            if k == 0 {
                self.keys[i] = key;
                return (&mut self.vals[i], true);
            }
            i = (i + 1) & mask;
        }
    }
}

/// Base of the polynomial string hash, computed modulo 2^64 (odd, so invertible; the keys come
/// from one document's own words, not from an adversary, and carry their length as well).
const BASE: u64 = 0x9E37_79B9_7F4A_7C15 | 1;

#[inline]
fn mulmod(a: u64, b: u64) -> u64 {
    a.wrapping_mul(b)
}

#[inline]
fn addmod(a: u64, b: u64) -> u64 {
    a.wrapping_add(b)
}

/// Powers of `BASE` below this are read from a table; above it they are computed.
const POW_TABLE: usize = 1 << 14;

static POWS: std::sync::LazyLock<Vec<u64>> = std::sync::LazyLock::new(|| {
    let mut v = Vec::with_capacity(POW_TABLE);
    let mut x = 1u64;
    for _ in 0..POW_TABLE {
        v.push(x);
        x = mulmod(x, BASE);
    }
    v
});

/// `BASE^e mod P`.
pub(crate) fn pow(e: usize) -> u64 {
    if let Some(&p) = POWS.get(e) {
        return p;
    }
    let (mut base, mut e, mut acc) = (BASE, e, 1u64);
    while e > 0 {
        if e & 1 == 1 {
            acc = mulmod(acc, base);
        }
        base = mulmod(base, base);
        e >>= 1;
    }
    acc
}

/// The polynomial hash of `s` over its code points, and its length in code points.
pub(crate) fn piece(s: &str) -> (u64, usize) {
    let mut h = 0u64;
    let mut n = 0usize;
    for c in s.chars() {
        h = addmod(mulmod(h, BASE), u64::from(c) + 1);
        n += 1;
    }
    (h, n)
}

/// Prefix hashes of a virtual string built piece by piece, so the hash of any range of pieces
/// is two multiplications away: `H(a..b) = H[b] - H[a] * BASE^(len(a..b))`.
#[derive(Debug, Default)]
pub(crate) struct Prefixes {
    hashes: Vec<u64>,
    offsets: Vec<usize>,
}

impl Prefixes {
    /// An empty virtual string.
    pub fn with_capacity(n: usize) -> Prefixes {
        let mut p = Prefixes {
            hashes: Vec::with_capacity(n + 1),
            offsets: Vec::with_capacity(n + 1),
        };
        p.hashes.push(0);
        p.offsets.push(0);
        p
    }

    /// Appends one piece, given as its hash and length from [`piece`], then `sep` if any.
    #[inline]
    pub fn push(&mut self, piece: (u64, usize), sep: Option<char>) {
        let (ph, plen) = piece;
        let mut h = addmod(
            mulmod(self.hashes.last().copied().unwrap_or(0), pow(plen)),
            ph,
        );
        let mut off = self.offsets.last().copied().unwrap_or(0) + plen;
        if let Some(c) = sep {
            h = addmod(mulmod(h, BASE), u64::from(c) + 1);
            off += 1;
        }
        self.hashes.push(h);
        self.offsets.push(off);
    }

    /// A key for pieces `a..b`: the hash of their text mixed with its length in code points.
    /// Equal strings give equal keys.
    #[inline]
    pub fn range(&self, a: usize, b: usize) -> u64 {
        let len = self.offsets[b] - self.offsets[a];
        let sub = mulmod(self.hashes[a], pow(len));
        let h = self.hashes[b];
        h.wrapping_sub(sub) ^ (len as u64).wrapping_mul(0xD6E8_FEB8_6659_FD93)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn range_hash_ignores_where_pieces_were_cut() {
        let mut p = Prefixes::with_capacity(4);
        for w in ["ab", "c", "a", "bc", "abd"] {
            p.push(piece(w), None);
        }
        assert_eq!(p.range(0, 2), p.range(2, 4));
        let mut t = U64Table::default();
        t.reset(2);
        assert!(t.entry(p.range(0, 2)).1);
        assert!(!t.entry(p.range(2, 4)).1);
        assert!(t.entry(p.range(4, 5)).1);
        assert_ne!(p.range(0, 2), p.range(4, 5));
        let mut q = Prefixes::with_capacity(1);
        q.push(piece("abc"), None);
        assert_eq!(q.range(0, 1), p.range(0, 2));
        assert_eq!(pow(POW_TABLE + 3), mulmod(pow(POW_TABLE), pow(3)));
    }
}
