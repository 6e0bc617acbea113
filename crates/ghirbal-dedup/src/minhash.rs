//! MinHash signatures over token shingles, and LSH band keys.
//!
//! - Tokens are the UAX #29 words (`split_word_bounds` segments with a letter or digit) of the
//!   matching text: punctuation is not a token, so a copy republished with other commas (or
//!   none) keeps its shingles. A combining mark never splits a word (it is `Extend`). The
//!   matching text has already dropped diacritics and tatweel, folded alef, yeh and teh
//!   marbuta, and turned Arabic-Indic digits into ASCII.
//! - With [`MinHasher::with_marks`] (config `shingle_marks`), clause marks are tokens too:
//!   between two words, the first of `. , ; : ! ?`, Arabic `، ؛ ؟` and the Arabic full stop `۔`
//!   is one token, Arabic marks folded onto the Latin ones (`،` is `,`). Quotes, brackets and
//!   dashes never are. Off by default: it raises the Jaccard of copies with word edits, but
//!   lowers that of copies whose punctuation was changed (bench/dedup/RESULTS.md).
//! - A shingle is `k` consecutive tokens. Each token is hashed once with xxh3-64; a shingle's
//!   hash is a rolling polynomial of its `k` token hashes (one multiply and add per token,
//!   mod 2^64), so tokens never run into each other and each shingle costs O(1).
//! - Permutation `i` maps the shingle hash's top 32 bits `x` to `(a_i·x + b_i) >> 32`, mod
//!   2^64 (Dietzfelbinger's multiply-add-shift, a universal family onto 32 bits); `a_i`, `b_i`
//!   come from SplitMix64 seeded with the config seed. The signature keeps the minimum of each
//!   permutation. All permutations of one shingle are computed in one loop over arrays, which
//!   the compiler turns into SIMD.
//! - Band `j` of `bands` hashes its `rows` minima with xxh3-64 seeded with `j`, so equal rows
//!   in different bands give different keys and one sorted list holds every band.
//! - A text with fewer than `k` words (clause marks not counted) has no signature: it is
//!   deduplicated only exactly and by URL.

use ghirbal_core::text;
use unicode_segmentation::UnicodeSegmentation;
use xxhash_rust::xxh3::{xxh3_64, xxh3_64_with_seed};

/// Multiplier of the rolling shingle hash (an odd 64-bit constant, the golden ratio's).
const ROLL: u64 = 0x9E37_79B9_7F4A_7C15;

/// A MinHash-LSH scheme: shingle size, permutations and banding, fixed at build time.
#[derive(Debug, Clone)]
pub struct MinHasher {
    shingle_words: usize,
    bands: usize,
    rows: usize,
    a: Vec<u64>,
    b: Vec<u64>,
    /// `ROLL^(k-1)`, to take the oldest token out of the rolling hash.
    roll_out: u64,
    /// Clause marks are tokens.
    marks: bool,
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
        // Odd multipliers: the multiply-add-shift family needs them.
        let a = (0..n).map(|_| next() | 1).collect();
        let b = (0..n).map(|_| next()).collect();
        let shingle_words = shingle_words.max(1);
        MinHasher {
            shingle_words,
            bands,
            rows,
            a,
            b,
            roll_out: (1..shingle_words).fold(1u64, |p, _| p.wrapping_mul(ROLL)),
            marks: false,
        }
    }

    /// The same scheme with clause marks as tokens when `marks` is set (see the module docs).
    #[must_use]
    pub fn with_marks(mut self, marks: bool) -> MinHasher {
        self.marks = marks;
        self
    }

    /// Number of LSH bands.
    pub fn bands(&self) -> usize {
        self.bands
    }

    /// The shingle hashes of `matching_text` (one per position, repeats kept), or an empty
    /// list when it has fewer words than the shingle size.
    pub fn shingles(&self, matching_text: &str) -> Vec<u64> {
        let (tokens, words) = tokens(matching_text, self.marks);
        let k = self.shingle_words;
        if words < k {
            return Vec::new();
        }
        let mut out = Vec::with_capacity(tokens.len() + 1 - k);
        let mut h = 0u64;
        for (i, &t) in tokens.iter().enumerate() {
            if i >= k {
                h = h.wrapping_sub(tokens[i - k].wrapping_mul(self.roll_out));
            }
            h = h.wrapping_mul(ROLL).wrapping_add(t);
            if i + 1 >= k {
                // The polynomial's low bits depend only on the tokens' low bits: finish with
                // a mix so that the top 32 bits, which the permutations read, see all of them.
                out.push(mix(h));
            }
        }
        out
    }

    /// The MinHash signature of a set of shingle hashes (`bands × rows` values), or `None` for
    /// no shingles.
    pub fn signature(&self, shingles: &[u64]) -> Option<Vec<u32>> {
        if shingles.is_empty() {
            return None;
        }
        let mut sig = vec![u32::MAX; self.a.len()];
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: `take_minima_avx2` only needs AVX2, which the CPU has (checked above).
            unsafe { take_minima_avx2(&mut sig, &self.a, &self.b, shingles) };
            return Some(sig);
        }
        take_minima(&mut sig, &self.a, &self.b, shingles);
        Some(sig)
    }

    /// One key per band of `signature`; equal keys in a band mean equal rows.
    pub fn band_keys(&self, signature: &[u32]) -> Vec<u64> {
        let mut bytes = Vec::with_capacity(self.rows * 4);
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

/// Lowers each `sig[i]` to the smallest permutation `i` of any shingle. Shingle-major: the
/// inner loop runs over plain arrays with no dependency between permutations, so it
/// vectorises (four lanes with AVX2, two with the SSE2 baseline).
#[inline(always)]
fn take_minima(sig: &mut [u32], a: &[u64], b: &[u64], shingles: &[u64]) {
    for &s in shingles {
        let x = s >> 32;
        for ((m, &a), &b) in sig.iter_mut().zip(a).zip(b) {
            let h = (a.wrapping_mul(x).wrapping_add(b) >> 32) as u32;
            *m = (*m).min(h);
        }
    }
}

/// [`take_minima`] compiled for AVX2 (same integer operations, same result); about half the
/// time of the SSE2 build on the SaudiNewsNet bench.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn take_minima_avx2(sig: &mut [u32], a: &[u64], b: &[u64], shingles: &[u64]) {
    take_minima(sig, a, b, shingles);
}

/// The token hashes of `matching_text` (words, and clause marks when `marks` is set; see the
/// module docs) and the number of words among them.
fn tokens(matching_text: &str, marks: bool) -> (Vec<u64>, usize) {
    let mut out = Vec::new();
    let mut words = 0;
    // A clause mark counts once between two words, and not before the first word.
    let mut mark_taken = true;
    for seg in matching_text.split_word_bounds() {
        if is_word(seg) {
            out.push(xxh3_64(seg.as_bytes()));
            words += 1;
            mark_taken = false;
        } else if marks
            && !mark_taken
            && let Some(m) = clause_mark(seg)
        {
            out.push(xxh3_64(m.as_bytes()));
            mark_taken = true;
        }
    }
    (out, words)
}

/// Whether a word-boundary segment is a word: it has a letter or a digit (as
/// `unicode_words`). Arabic letters and ASCII skip the Unicode tables.
fn is_word(seg: &str) -> bool {
    match seg.chars().next() {
        Some(c) if c.is_ascii_alphanumeric() || ('\u{0620}'..='\u{064A}').contains(&c) => true,
        _ => seg.chars().any(text::is_alphanumeric),
    }
}

/// The folded clause mark a segment is, if it is one.
fn clause_mark(seg: &str) -> Option<&'static str> {
    let mut chars = seg.chars();
    let c = chars.next()?;
    if chars.next().is_some() {
        return None;
    }
    Some(match c {
        '.' | '۔' => ".",
        ',' | '،' => ",",
        ';' | '؛' => ";",
        ':' => ":",
        '!' => "!",
        '?' | '؟' => "?",
        _ => return None,
    })
}

/// A 64-bit finaliser (the last step of SplitMix64): every input bit reaches every output bit.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
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

    fn marks() -> MinHasher {
        hasher().with_marks(true)
    }

    #[test]
    fn text_shorter_than_the_shingle_has_no_signature() {
        let h = hasher();
        assert!(h.keys_of("one two three four").is_empty());
        assert!(h.keys_of("").is_empty());
        assert_eq!(h.keys_of("one two three four five").len(), 14);
    }

    #[test]
    fn punctuation_is_not_a_token_by_default() {
        let h = hasher();
        let a = h.shingles("قال الوزير ، إن الحكومة: ستعمل ؛ على «المشروع» ؟");
        let b = h.shingles("قال الوزير إن الحكومة ستعمل على المشروع");
        assert_eq!(a, b);
    }

    #[test]
    fn clause_marks_do_not_count_as_words_for_the_short_text_rule() {
        let h = marks();
        assert!(h.keys_of("one, two; three: four.").is_empty());
    }

    #[test]
    fn arabic_clause_marks_are_the_latin_ones() {
        let h = marks();
        let a = h.shingles("قال الوزير ، إن الحكومة ستعمل ؛ على المشروع ؟");
        let b = h.shingles("قال الوزير, إن الحكومة ستعمل; على المشروع?");
        assert_eq!(a, b);
    }

    #[test]
    fn clause_marks_are_tokens() {
        let h = marks();
        let with = h.shingles("قال الوزير، إن الحكومة ستعمل على المشروع");
        let without = h.shingles("قال الوزير إن الحكومة ستعمل على المشروع");
        assert_eq!(with.len(), without.len() + 1);
        assert_ne!(with, without);
    }

    #[test]
    fn a_run_of_marks_between_words_is_one_token() {
        let h = marks();
        assert_eq!(
            h.shingles("one two three four five... six?! seven"),
            h.shingles("one two three four five. six? seven")
        );
    }

    #[test]
    fn quotes_brackets_and_leading_marks_are_not_tokens() {
        let h = marks();
        assert_eq!(
            h.shingles(". «one» (two) \"three\" four - five"),
            h.shingles("one two three four five")
        );
    }

    #[test]
    fn a_combining_mark_never_splits_a_word() {
        let h = hasher();
        // U+0301 after `e`: one word, not two (in matching text Arabic marks are already gone).
        let (_, words) = tokens("cafe\u{301} one two three four", false);
        assert_eq!(words, 5);
        assert_eq!(h.shingles("cafe\u{301} one two three four").len(), 1);
    }

    #[test]
    fn rolling_shingle_hash_equals_a_fresh_hash_of_the_window() {
        let h = hasher();
        let (tokens, _) = tokens("a b c d e f g h i j", false);
        let direct: Vec<u64> = tokens
            .windows(5)
            .map(|w| {
                mix(w
                    .iter()
                    .fold(0u64, |acc, &t| acc.wrapping_mul(ROLL).wrapping_add(t)))
            })
            .collect();
        assert_eq!(h.shingles("a b c d e f g h i j"), direct);
    }

    #[test]
    fn every_minima_path_gives_the_same_signature() {
        let h = MinHasher::new(5, 20, 9, 3);
        let shingles = h.shingles(&"alpha beta gamma, delta epsilon zeta. ".repeat(40));
        let mut portable = vec![u32::MAX; h.a.len()];
        take_minima(&mut portable, &h.a, &h.b, &shingles);
        assert_eq!(h.signature(&shingles), Some(portable));
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
