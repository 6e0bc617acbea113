//! Character classes and literal lists the datatrove-compatible rules need, loaded once from
//! `resources/datatrove_ar.toml`.
//!
//! That file is generated from the installed spaCy 3.8 (`spacy.blank("ar")`) and datatrove
//! 0.10.1 by `bench/filter/gen_spacy_tables.py`; it holds facts (which code points are in which
//! class), so the Rust side never re-types a 3000-character regex class by hand.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use serde::Deserialize;

use crate::hash::FxMap;

/// A set of code points: a bitmap over the Basic Multilingual Plane (8 KiB, one load per test)
/// and sorted inclusive ranges for the planes above it.
#[derive(Debug)]
pub(crate) struct CharClass {
    bmp: Vec<u64>,
    astral: Vec<(u32, u32)>,
}

impl CharClass {
    fn new(ranges: Vec<(u32, u32)>) -> CharClass {
        let mut bmp = vec![0u64; 0x10000 / 64];
        let mut astral = Vec::new();
        for (a, b) in ranges {
            for cp in a..=b.min(0xFFFF) {
                bmp[(cp / 64) as usize] |= 1 << (cp % 64);
            }
            if b > 0xFFFF {
                astral.push((a.max(0x10000), b));
            }
        }
        astral.sort_unstable();
        CharClass { bmp, astral }
    }

    fn from_chars<'a>(chars: impl IntoIterator<Item = &'a str>) -> CharClass {
        CharClass::new(
            chars
                .into_iter()
                .filter_map(|s| s.chars().next())
                .map(|c| (c as u32, c as u32))
                .collect(),
        )
    }

    /// True when `c` is in the class.
    #[inline]
    pub(crate) fn has(&self, c: char) -> bool {
        let cp = c as u32;
        if cp < 0x10000 {
            return self.bmp[(cp / 64) as usize] & (1 << (cp % 64)) != 0;
        }
        self.astral
            .binary_search_by(|&(a, b)| {
                if b < cp {
                    std::cmp::Ordering::Less
                } else if a > cp {
                    std::cmp::Ordering::Greater
                } else {
                    std::cmp::Ordering::Equal
                }
            })
            .is_ok()
    }
}

/// Bits in [`Tables::special_sigs`]: with about 200 specials, about 1 % of other strings share a
/// bit with one and go on to the exact lookup.
const SPECIAL_SIG_BITS: usize = 1 << 14;

/// The bit of a non-empty string in [`Tables::special_sigs`], from its length and its first,
/// middle and last bytes (equal strings, equal bits).
#[inline]
pub(crate) fn special_signature(s: &[u8]) -> usize {
    let len = s.len();
    let (first, middle, last) = (s[0], s[len / 2], s[len - 1]);
    let packed =
        len as u64 | u64::from(first) << 32 | u64::from(middle) << 40 | u64::from(last) << 48;
    (packed.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - SPECIAL_SIG_BITS.trailing_zeros()))
        as usize
}

impl Tables {
    /// False when `s` is surely not a tokenizer exception; true when it may be one.
    #[inline]
    pub(crate) fn may_be_special(&self, s: &str) -> bool {
        if s.is_empty() || s.len() > self.special_max_len {
            return false;
        }
        let bit = special_signature(s.as_bytes());
        self.special_sigs[bit / 64] & (1 << (bit % 64)) != 0
    }
}

#[derive(Deserialize)]
struct Raw {
    prefix_literals_head: Vec<String>,
    punct: Vec<String>,
    quotes: Vec<String>,
    currency: Vec<String>,
    units: Vec<String>,
    hyphens: Vec<String>,
    icons: Vec<(u32, u32)>,
    alpha: Vec<(u32, u32)>,
    alpha_lower: Vec<(u32, u32)>,
    alpha_upper: Vec<(u32, u32)>,
    concat_quotes: Vec<String>,
    py_word: Vec<(u32, u32)>,
    py_alpha: Vec<(u32, u32)>,
    py_digit: Vec<(u32, u32)>,
    py_space: Vec<(u32, u32)>,
    specials: Vec<String>,
    matcher_specials: Vec<String>,
    special_splits: BTreeMap<String, Vec<String>>,
    datatrove: RawDatatrove,
}

#[derive(Deserialize)]
struct RawDatatrove {
    punctuation: Vec<String>,
    terminal_punctuation: Vec<String>,
}

/// Every table, ready to use.
pub(crate) struct Tables {
    /// spaCy's prefix literals by first character, each list in the order its regex
    /// alternation tries them. The `\.\.+`, `\+(?![0-9])` and icon-class entries start with
    /// characters no literal starts with, so the tokenizer tests them apart without changing
    /// which alternative wins.
    pub prefixes_by_first: FxMap<char, Vec<String>>,
    /// Suffix literals by last character: `(literal, needs an ASCII digit before it)`. Plain
    /// ones are punctuation, ellipsis and quotes; digit ones are currency and units.
    pub suffixes_by_last: FxMap<char, Vec<(String, bool)>>,
    /// Hyphen strings that split two letters, in alternation order.
    pub hyphens: Vec<String>,
    /// spaCy `ICONS` (symbols of category So).
    pub icons: CharClass,
    /// spaCy `ALPHA`, `ALPHA_LOWER`, `ALPHA_UPPER` (Arabic is in all three, as "uncased").
    pub alpha: CharClass,
    /// spaCy `ALPHA_LOWER`.
    pub alpha_lower: CharClass,
    /// spaCy `ALPHA_UPPER`.
    pub alpha_upper: CharClass,
    /// spaCy `CONCAT_QUOTES`.
    pub quotes: CharClass,
    /// Python `re` `\w`.
    pub py_word: CharClass,
    /// Python `str.isalpha` (categories Lu Ll Lt Lm Lo).
    pub py_alpha: CharClass,
    /// Python `re` `\d` (category Nd).
    pub py_digit: CharClass,
    /// Python `str.isspace`.
    pub py_space: CharClass,
    /// Bytes that start the UTF-8 encoding of some `str.isspace` character: a byte outside
    /// this set starts no space, so scanners can step over it without decoding.
    pub space_lead: [bool; 256],
    /// spaCy tokenizer exceptions (strings kept whole), by first character.
    pub specials: FxMap<char, Vec<String>>,
    /// The longest special, in bytes; longer strings skip the lookup.
    pub special_max_len: usize,
    /// The exceptions spaCy re-joins after affix splitting (those containing an affix or a
    /// space); the others are only recognised as whole chunks or while peeling affixes.
    pub matcher_specials: crate::hash::FxSet<String>,
    /// Bit [`special_signature`] set for each special: a string whose bit is clear is not
    /// one, so most words skip the lookup.
    pub special_sigs: Vec<u64>,
    /// First characters of prefix literals, plus `+`, `.` and the icons: any other first
    /// character means no prefix.
    pub prefix_first: CharClass,
    /// Last characters of suffix literals, plus `.` and `+`: any other last character means no
    /// suffix.
    pub suffix_last: CharClass,
    /// Characters that can start one of spaCy's infixes: a string with none is not split.
    pub infix_start: CharClass,
    /// The few exceptions that split into several tokens.
    pub special_splits: BTreeMap<String, Vec<String>>,
    /// datatrove `PUNCTUATION_SET` (PUNCTUATION plus TERMINAL_PUNCTUATION).
    pub punctuation_set: CharClass,
    /// datatrove `TERMINAL_PUNCTUATION`.
    pub terminal: CharClass,
}

/// The tables, parsed on first use.
pub(crate) static TABLES: LazyLock<Tables> = LazyLock::new(load);

fn load() -> Tables {
    // The file is part of the crate and checked by a test; a parse failure is a build defect,
    // so falling back to empty tables would hide it. `expect` is on our own data, not input.
    let raw: Raw = toml::from_str(include_str!("../resources/datatrove_ar.toml"))
        .expect("resources/datatrove_ar.toml is valid");
    // Prefix alternation order: head, punctuation, `\.\.+`, `…`, quotes, currency, icons.
    let mut prefixes_by_first: FxMap<char, Vec<String>> = FxMap::default();
    let prefix_order = raw
        .prefix_literals_head
        .iter()
        .chain(&raw.punct)
        .chain(&raw.quotes)
        .chain(&raw.currency);
    for lit in prefix_order {
        if let Some(c) = lit.chars().next() {
            prefixes_by_first.entry(c).or_default().push(lit.clone());
        }
    }
    let mut suffixes_by_last: FxMap<char, Vec<(String, bool)>> = FxMap::default();
    let plain = raw.punct.iter().chain(&raw.quotes).map(|s| (s, false));
    let digit = raw.currency.iter().chain(&raw.units).map(|s| (s, true));
    for (lit, needs_digit) in plain.chain(digit) {
        if let Some(c) = lit.chars().next_back() {
            suffixes_by_last
                .entry(c)
                .or_default()
                .push((lit.clone(), needs_digit));
        }
    }
    let mut specials: FxMap<char, Vec<String>> = FxMap::default();
    for sp in &raw.specials {
        if let Some(c) = sp.chars().next() {
            specials.entry(c).or_default().push(sp.clone());
        }
    }
    let mut special_sigs = vec![0u64; SPECIAL_SIG_BITS / 64];
    for sp in raw.specials.iter().filter(|sp| !sp.is_empty()) {
        let bit = special_signature(sp.as_bytes());
        special_sigs[bit / 64] |= 1 << (bit % 64);
    }
    let mut prefix_ranges = raw.icons.clone();
    prefix_ranges.extend(
        prefixes_by_first
            .keys()
            .chain(&['+', '.'])
            .map(|&c| (c as u32, c as u32)),
    );
    let suffix_ranges: Vec<(u32, u32)> = suffixes_by_last
        .keys()
        .chain(&['+', '.'])
        .map(|&c| (c as u32, c as u32))
        .collect();
    let mut infix_ranges = raw.icons.clone();
    infix_ranges.extend(".…+-*^,–—~:<>=/".chars().map(|c| (c as u32, c as u32)));
    let infix_start = CharClass::new(infix_ranges);
    let special_max_len = raw.specials.iter().map(String::len).max().unwrap_or(0);
    let mut punct_chars: Vec<&str> = raw
        .datatrove
        .punctuation
        .iter()
        .map(String::as_str)
        .collect();
    punct_chars.extend(
        raw.datatrove
            .terminal_punctuation
            .iter()
            .map(String::as_str),
    );
    let py_space = CharClass::new(raw.py_space);
    let mut space_lead = [false; 256];
    for c in (0..=0x10_FFFF).filter_map(char::from_u32) {
        if py_space.has(c) {
            let mut buf = [0u8; 4];
            space_lead[usize::from(c.encode_utf8(&mut buf).as_bytes()[0])] = true;
        }
    }
    Tables {
        prefixes_by_first,
        suffixes_by_last,
        hyphens: raw.hyphens,
        icons: CharClass::new(raw.icons),
        alpha: CharClass::new(raw.alpha),
        alpha_lower: CharClass::new(raw.alpha_lower),
        alpha_upper: CharClass::new(raw.alpha_upper),
        quotes: CharClass::from_chars(raw.concat_quotes.iter().map(String::as_str)),
        py_word: CharClass::new(raw.py_word),
        py_alpha: CharClass::new(raw.py_alpha),
        py_digit: CharClass::new(raw.py_digit),
        py_space,
        space_lead,
        specials,
        special_max_len,
        special_sigs,
        prefix_first: CharClass::new(prefix_ranges),
        suffix_last: CharClass::new(suffix_ranges),
        matcher_specials: raw.matcher_specials.into_iter().collect(),
        infix_start,
        special_splits: raw.special_splits,
        punctuation_set: CharClass::from_chars(punct_chars),
        terminal: CharClass::from_chars(
            raw.datatrove
                .terminal_punctuation
                .iter()
                .map(String::as_str),
        ),
    }
}

/// Python's `str.isspace`.
#[inline]
pub(crate) fn py_space(c: char) -> bool {
    TABLES.py_space.has(c)
}

/// Python's `str.strip()` (whitespace as `str.isspace` sees it).
pub(crate) fn py_strip(s: &str) -> &str {
    s.trim_matches(py_space)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_special_passes_the_signature_test() {
        let t = &*TABLES;
        let all: Vec<&String> = t.specials.values().flatten().collect();
        assert!(all.len() > 100);
        for sp in all {
            assert!(t.may_be_special(sp), "{sp:?}");
        }
        assert!(!t.may_be_special(""));
        assert!(!t.may_be_special(&"x".repeat(t.special_max_len + 1)));
    }

    #[test]
    fn tables_load_and_know_arabic() {
        let t = &*TABLES;
        assert!(t.alpha_upper.has('ب') && t.alpha_lower.has('ب') && t.alpha.has('ب'));
        assert!(!t.alpha_upper.has('a') && t.alpha_lower.has('a'));
        assert!(t.terminal.has('؟') && t.terminal.has('.') && !t.terminal.has('،'));
        assert!(t.punctuation_set.has('«') && !t.punctuation_set.has('،'));
        assert!(t.py_alpha.has('ـ') && !t.py_alpha.has('\u{064E}') && !t.py_alpha.has('٣'));
        assert!(t.py_space.has('\u{1c}') && !t.py_space.has('\u{200f}'));
        assert!(
            t.specials[&'د'].contains(&"د.".to_owned()) && t.special_splits.contains_key("°C.")
        );
    }
}
