//! MinHash signatures over word shingles, and LSH band keys.
//!
//! - Words are the UAX #29 words (`unicode_words`) of the matching text: punctuation, Arabic
//!   `، ؛ ؟` included, is not a word, and a combining mark never splits a word (it is `Extend`).
//!   The matching text has already dropped diacritics and tatweel, folded alef, yeh and
//!   teh marbuta, and turned Arabic-Indic digits into ASCII.
//! - A shingle is `k` consecutive words. Each word is hashed once with xxh3-64; a shingle's
//!   hash is xxh3-64 of its `k` word hashes, so words never run into each other.
//! - Permutation `i` maps a shingle hash `x` to `(a_i·x + b_i) mod (2^61 − 1)` (multiply and
//!   add wrap at 2^64 first, as in datatrove); `a_i`, `b_i` come from SplitMix64 seeded with
//!   the config seed. The signature keeps the minimum of each permutation.
//! - Band `j` of `bands` hashes its `rows` minima with xxh3-64 seeded with `j`, so equal rows
//!   in different bands give different keys and one sorted list holds every band.
//! - A text with fewer than `k` words has no signature: it is deduplicated only exactly.

use unicode_segmentation::UnicodeSegmentation;
use xxhash_rust::xxh3::{xxh3_64, xxh3_64_with_seed};

const MERSENNE_61: u64 = (1 << 61) - 1;

/// A MinHash-LSH scheme: shingle size, permutations and banding, fixed at build time.
#[derive(Debug, Clone)]
pub struct MinHasher {
    shingle_words: usize,
    bands: usize,
    rows: usize,
    a: Vec<u64>,
    b: Vec<u64>,
}

impl MinHasher {
    /// A scheme with `bands × rows` permutations drawn from `seed`.
    pub fn new(shingle_words: usize, bands: usize, rows: usize, seed: u64) -> MinHasher {
        let n = bands * rows;
        let mut state = seed;
        let mut next = move || {
            // SplitMix64: a fixed, documented generator, so signatures are stable everywhere.
            state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        };
        let a = (0..n).map(|_| 1 + next() % (MERSENNE_61 - 1)).collect();
        let b = (0..n).map(|_| next() % MERSENNE_61).collect();
        MinHasher {
            shingle_words: shingle_words.max(1),
            bands,
            rows,
            a,
            b,
        }
    }

    /// Number of LSH bands.
    pub fn bands(&self) -> usize {
        self.bands
    }

    /// The shingle hashes of `matching_text` (one per position, repeats kept), or an empty
    /// list when it has fewer words than the shingle size.
    pub fn shingles(&self, matching_text: &str) -> Vec<u64> {
        let words: Vec<u64> = matching_text
            .unicode_words()
            .map(|w| xxh3_64(w.as_bytes()))
            .collect();
        let k = self.shingle_words;
        if words.len() < k {
            return Vec::new();
        }
        let mut buf = [0u8; 8 * 64];
        words
            .windows(k)
            .map(|win| {
                for (i, h) in win.iter().enumerate() {
                    buf[i * 8..i * 8 + 8].copy_from_slice(&h.to_le_bytes());
                }
                xxh3_64(&buf[..k * 8])
            })
            .collect()
    }

    /// The MinHash signature of a set of shingle hashes (`bands × rows` values), or `None` for
    /// no shingles.
    pub fn signature(&self, shingles: &[u64]) -> Option<Vec<u64>> {
        if shingles.is_empty() {
            return None;
        }
        // Permutation-major: each minimum stays in a register while the shingles stream by,
        // and the shingle loop has no dependency but the minimum (measured faster than
        // shingle-major, same result).
        let sig = self
            .a
            .iter()
            .zip(&self.b)
            .map(|(&a, &b)| {
                shingles
                    .iter()
                    .map(|&x| mod_mersenne(a.wrapping_mul(x).wrapping_add(b)))
                    .min()
                    .unwrap_or(u64::MAX)
            })
            .collect();
        Some(sig)
    }

    /// One key per band of `signature`; equal keys in a band mean equal rows.
    pub fn band_keys(&self, signature: &[u64]) -> Vec<u64> {
        let mut bytes = Vec::with_capacity(self.rows * 8);
        signature
            .chunks_exact(self.rows)
            .enumerate()
            .map(|(j, rows)| {
                bytes.clear();
                for r in rows {
                    bytes.extend_from_slice(&r.to_le_bytes());
                }
                xxh3_64_with_seed(&bytes, j as u64)
            })
            .collect()
    }

    /// Band keys of `matching_text` straight away; empty when it is too short to shingle.
    pub fn keys_of(&self, matching_text: &str) -> Vec<u64> {
        match self.signature(&self.shingles(matching_text)) {
            Some(sig) => self.band_keys(&sig),
            None => Vec::new(),
        }
    }

    /// The chance that two texts with shingle Jaccard `s` share at least one band:
    /// `1 − (1 − s^rows)^bands`.
    pub fn detection_probability(&self, s: f64) -> f64 {
        1.0 - (1.0 - s.powi(self.rows as i32)).powi(self.bands as i32)
    }
}

fn mod_mersenne(x: u64) -> u64 {
    let r = (x & MERSENNE_61) + (x >> 61);
    if r >= MERSENNE_61 { r - MERSENNE_61 } else { r }
}

/// Exact Jaccard similarity of two shingle lists taken as sets; 0 when both are empty.
pub fn jaccard(a: &[u64], b: &[u64]) -> f64 {
    let sa: std::collections::HashSet<u64> = a.iter().copied().collect();
    let sb: std::collections::HashSet<u64> = b.iter().copied().collect();
    let union = sa.union(&sb).count();
    if union == 0 {
        return 0.0;
    }
    sa.intersection(&sb).count() as f64 / union as f64
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn hasher() -> MinHasher {
        MinHasher::new(5, 14, 8, 1)
    }

    #[test]
    fn mersenne_reduction_matches_remainder() {
        for x in [
            0,
            1,
            MERSENNE_61 - 1,
            MERSENNE_61,
            MERSENNE_61 + 5,
            u64::MAX,
            1 << 62,
        ] {
            assert_eq!(mod_mersenne(x), x % MERSENNE_61, "{x}");
        }
    }

    #[test]
    fn text_shorter_than_the_shingle_has_no_signature() {
        let h = hasher();
        assert!(h.keys_of("one two three four").is_empty());
        assert!(h.keys_of("").is_empty());
        assert_eq!(h.keys_of("one two three four five").len(), 14);
    }

    #[test]
    fn arabic_punctuation_is_not_a_word() {
        let h = hasher();
        let a = h.shingles("قال الوزير ، إن الحكومة ستعمل ؛ على المشروع ؟");
        let b = h.shingles("قال الوزير إن الحكومة ستعمل على المشروع");
        assert_eq!(a, b);
    }

    #[test]
    fn identical_texts_share_every_band() {
        let h = hasher();
        let t = "the quick brown fox jumps over the lazy dog again and again";
        assert_eq!(h.keys_of(t), h.keys_of(t));
    }

    #[test]
    fn detection_probability_follows_the_s_curve() {
        let h = hasher();
        assert!((h.detection_probability(0.8) - 0.924).abs() < 0.001);
        assert!(h.detection_probability(0.3) < 0.01);
    }

    proptest! {
        #[test]
        fn equal_minhash_fraction_estimates_jaccard(n_common in 20usize..200, n_a in 0usize..200, n_b in 0usize..200) {
            let h = MinHasher::new(5, 32, 8, 7);
            let common: Vec<u64> = (0..n_common as u64).map(|i| xxh3_64(&i.to_le_bytes())).collect();
            let mut a = common.clone();
            a.extend((0..n_a as u64).map(|i| xxh3_64(&(i + 1_000_000).to_le_bytes())));
            let mut b = common;
            b.extend((0..n_b as u64).map(|i| xxh3_64(&(i + 2_000_000).to_le_bytes())));
            let sa = h.signature(&a).unwrap();
            let sb = h.signature(&b).unwrap();
            let est = sa.iter().zip(&sb).filter(|(x, y)| x == y).count() as f64 / sa.len() as f64;
            let truth = jaccard(&a, &b);
            // 256 permutations: standard error <= 0.031; allow 5 of them.
            prop_assert!((est - truth).abs() < 0.16, "est {} truth {}", est, truth);
        }
    }
}
