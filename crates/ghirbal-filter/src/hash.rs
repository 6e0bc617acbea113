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

/// FxHash's multiplier; also the mixing step of the n-gram keys in `gopher_repetition`.
pub(crate) const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

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
            self.add(tail_word(rest));
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

/// The 1 to 7 bytes of `rest` as a little-endian `u64`, zero-padded: the value
/// `u64::from_le_bytes` gives for `rest` copied into a zeroed `[u8; 8]`.
///
/// Built from (possibly overlapping) loads that put each byte at its own position, so equal bytes
/// meet and `|` changes nothing. Copying into a stack buffer instead costs a `memcpy` call and a
/// failed store-to-load forward per hash, which showed as the largest single cost in the n-gram
/// passes (one hash per word).
#[inline]
fn tail_word(rest: &[u8]) -> u64 {
    let len = rest.len();
    debug_assert!((1..8).contains(&len), "tail of a chunks_exact(8)");
    let le32 = |at: usize| {
        let mut w = [0u8; 4];
        w.copy_from_slice(&rest[at..at + 4]);
        u64::from(u32::from_le_bytes(w))
    };
    if len >= 4 {
        le32(0) | le32(len - 4) << (8 * (len - 4))
    } else {
        let mid = len / 2;
        u64::from(rest[0])
            | u64::from(rest[mid]) << (8 * mid)
            | u64::from(rest[len - 1]) << (8 * (len - 1))
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
    pub fn slot(&mut self, key: u64) -> (usize, bool) {
        let key = key.max(1);
        let mask = self.keys.len() - 1;
        let mut i = (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> self.shift) as usize;
        loop {
            let k = self.keys[i];
            if k == key {
                return (i, false);
            }
            if k == 0 {
                self.keys[i] = key;
                return (i, true);
            }
            i = (i + 1) & mask;
        }
    }

    /// The value in `slot`, from [`U64Table::slot`].
    #[inline]
    pub fn value(&mut self, slot: usize) -> &mut u64 {
        &mut self.vals[slot]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tail_word_equals_the_zero_padded_little_endian_word() {
        let bytes = [0x11u8, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88];
        for len in 1..8 {
            let mut w = [0u8; 8];
            w[..len].copy_from_slice(&bytes[..len]);
            assert_eq!(tail_word(&bytes[..len]), u64::from_le_bytes(w), "len {len}");
        }
    }

    #[test]
    fn table_finds_what_it_inserted() {
        let mut t = U64Table::default();
        t.reset(3);
        let (a, new_a) = t.slot(7);
        assert!(new_a);
        *t.value(a) += 5;
        assert!(t.slot(9).1);
        let (again, new_again) = t.slot(7);
        assert!(!new_again);
        assert_eq!((again, *t.value(again)), (a, 5));
        t.reset(3);
        assert!(t.slot(7).1);
    }
}
