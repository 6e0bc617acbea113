//! Character classes and literal lists the datatrove-compatible rules need, loaded once from
//! `resources/datatrove_ar.toml`.
//!
//! That file is generated from the installed spaCy 3.8 (`spacy.blank("ar")`) and datatrove
//! 0.10.1 by `bench/filter/gen_spacy_tables.py`; it holds facts (which code points are in which
//! class), so the Rust side never re-types a 3000-character regex class by hand.

use std::collections::{BTreeMap, HashSet};
use std::sync::LazyLock;

use serde::Deserialize;

/// A set of code points as sorted, inclusive, non-overlapping ranges.
#[derive(Debug)]
pub(crate) struct CharClass {
    ranges: Vec<(u32, u32)>,
    /// Membership of the first 256 code points, so ASCII and Latin-1 never binary-search.
    low: [bool; 256],
}

impl CharClass {
    fn new(mut ranges: Vec<(u32, u32)>) -> CharClass {
        ranges.sort_unstable();
        let mut low = [false; 256];
        for &(a, b) in &ranges {
            for cp in a..=b.min(255) {
                low[cp as usize] = true;
            }
        }
        CharClass { ranges, low }
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
        if cp < 256 {
            return self.low[cp as usize];
        }
        self.ranges
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
    /// spaCy's prefix literals in the order its regex alternation tries them (without the
    /// `\.\.+`, `\+(?![0-9])` and icon-class entries, which the tokenizer handles in place).
    pub prefix_before_dots: Vec<String>,
    /// Prefix literals tried after `\.\.+` (the quotes) and before the currency list.
    pub prefix_quotes: Vec<String>,
    /// Currency symbols (prefixes, and suffixes after an ASCII digit).
    pub currency: Vec<String>,
    /// Suffix literals (punctuation, ellipsis, quotes).
    pub suffix_literals: Vec<String>,
    /// Unit strings split off after an ASCII digit.
    pub units: Vec<String>,
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
    /// spaCy tokenizer exceptions: strings kept whole.
    pub specials: HashSet<String>,
    /// The longest special, in bytes; longer strings skip the lookup.
    pub special_max_len: usize,
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
    let mut prefix_before_dots = raw.prefix_literals_head.clone();
    prefix_before_dots.extend(raw.punct.iter().cloned());
    prefix_before_dots.push("…".to_owned()); // LIST_ELLIPSES[1], tried after `\.\.+`
    let mut suffix_literals = raw.punct.clone();
    suffix_literals.push("…".to_owned());
    suffix_literals.extend(raw.quotes.iter().cloned());
    let special_max_len = raw.specials.iter().map(String::len).max().unwrap_or(0);
    let mut punct_chars: Vec<&str> = raw.datatrove.punctuation.iter().map(String::as_str).collect();
    punct_chars.extend(raw.datatrove.terminal_punctuation.iter().map(String::as_str));
    Tables {
        prefix_before_dots,
        prefix_quotes: raw.quotes.clone(),
        currency: raw.currency,
        suffix_literals,
        units: raw.units,
        hyphens: raw.hyphens,
        icons: CharClass::new(raw.icons),
        alpha: CharClass::new(raw.alpha),
        alpha_lower: CharClass::new(raw.alpha_lower),
        alpha_upper: CharClass::new(raw.alpha_upper),
        quotes: CharClass::from_chars(raw.concat_quotes.iter().map(String::as_str)),
        py_word: CharClass::new(raw.py_word),
        py_alpha: CharClass::new(raw.py_alpha),
        py_digit: CharClass::new(raw.py_digit),
        py_space: CharClass::new(raw.py_space),
        specials: raw.specials.into_iter().collect(),
        special_max_len,
        special_splits: raw.special_splits,
        punctuation_set: CharClass::from_chars(punct_chars),
        terminal: CharClass::from_chars(raw.datatrove.terminal_punctuation.iter().map(String::as_str)),
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
    fn tables_load_and_know_arabic() {
        let t = &*TABLES;
        assert!(t.alpha_upper.has('ب') && t.alpha_lower.has('ب') && t.alpha.has('ب'));
        assert!(!t.alpha_upper.has('a') && t.alpha_lower.has('a'));
        assert!(t.terminal.has('؟') && t.terminal.has('.') && !t.terminal.has('،'));
        assert!(t.punctuation_set.has('«') && !t.punctuation_set.has('،'));
        assert!(t.py_alpha.has('ـ') && !t.py_alpha.has('\u{064E}') && !t.py_alpha.has('٣'));
        assert!(t.py_space.has('\u{1c}') && !t.py_space.has('\u{200f}'));
        assert!(t.specials.contains("د.") && t.special_splits.contains_key("°C."));
    }
}
