//! Gopher repetition (datatrove `GopherRepetitionFilter`): repeated paragraphs and lines, the
//! most frequent word n-grams and the share of text covered by repeated n-grams.
//!
//! n-grams are compared by a polynomial hash of their text (joined with spaces for the top
//! n-grams, concatenated for the repeated ones, exactly as datatrove builds the strings), built
//! from per-word hashes, so no n-gram string is ever allocated.

use std::borrow::Cow;

use ghirbal_core::Reason;
use ghirbal_core::reason::filter as r;

use crate::analysis::{Doc, Report, ratio};
use crate::config::Mode;
use crate::hash::{FxSet, Prefixes, U64Table, piece};
use crate::tables::py_strip;
use crate::thresholds::RepetitionThresholds;

/// `filter.gopher_repetition.<name>`, the signal key of one of this rule's figures.
macro_rules! key {
    ($name:literal) => {
        concat!("filter.gopher_repetition.", $name)
    };
}

/// Runs the rule, adding its figures to `out`.
pub(crate) fn run(doc: &Doc<'_>, th: &RepetitionThresholds, out: &mut Report) {
    let text = doc.text;
    if text.is_empty() {
        out.figure(key!("chars"), 0.0);
        out.fail(r::GOPHER_REPETITION_EMPTY, 0.0, 0.0);
        return;
    }
    let n_chars = doc.n_chars;

    let paragraphs = split_runs(py_strip(text), 2);
    let (para_dups, para_dup_chars, n_paras) = find_duplicates(&paragraphs, doc.mode);
    let dup_para_frac = ratio(para_dups, n_paras);
    let dup_para_char_frac = ratio(para_dup_chars, n_chars);
    out.figure(key!("dup_para_frac"), dup_para_frac);
    out.figure(key!("dup_para_char_frac"), dup_para_char_frac);
    out.fail_above(
        r::GOPHER_REPETITION_DUP_PARA_FRAC,
        dup_para_frac,
        th.dup_para_frac,
    );
    out.fail_above(
        r::GOPHER_REPETITION_DUP_PARA_CHAR_FRAC,
        dup_para_char_frac,
        th.dup_para_char_frac,
    );

    let lines = split_runs(text, 1);
    let (line_dups, line_dup_chars, n_lines) = find_duplicates(&lines, doc.mode);
    let dup_line_frac = ratio(line_dups, n_lines);
    let dup_line_char_frac = ratio(line_dup_chars, n_chars);
    out.figure(key!("dup_line_frac"), dup_line_frac);
    out.figure(key!("dup_line_char_frac"), dup_line_char_frac);
    out.fail_above(
        r::GOPHER_REPETITION_DUP_LINE_FRAC,
        dup_line_frac,
        th.dup_line_frac,
    );
    out.fail_above(
        r::GOPHER_REPETITION_DUP_LINE_CHAR_FRAC,
        dup_line_char_frac,
        th.dup_line_char_frac,
    );

    let words = Words::new(&doc.words);
    let mut table = U64Table::default();
    for &(n, frac) in &th.top_n_grams {
        // datatrove counts the most frequent n-gram even when it occurs once, so every short
        // text "repeats" its first n-gram; ghirbal measures only n-grams seen twice or more.
        let min_count = match doc.mode {
            Mode::Datatrove => 1,
            Mode::Ghirbal => 2,
        };
        let Some(top_chars) = words.top_ngram_chars(n, min_count, &mut table) else {
            continue;
        };
        let value = ratio(top_chars, n_chars);
        out.figure_owned(ngram_key("top", n, "gram"), value);
        if value > frac {
            out.fail(top_reason(n), value, frac);
        }
    }
    for &(n, frac) in &th.dup_n_grams {
        let value = ratio(words.duplicated_ngram_chars(n, &mut table), n_chars);
        out.figure_owned(ngram_key("dup", n, "grams"), value);
        if value > frac {
            out.fail(dup_reason(n), value, frac);
        }
    }
}

/// The signal key of an n-gram figure; static for the n datatrove uses, so no allocation.
fn ngram_key(kind: &str, n: usize, unit: &str) -> Cow<'static, str> {
    const TOP: [&str; 5] = [
        "",
        "",
        key!("top_2_gram"),
        key!("top_3_gram"),
        key!("top_4_gram"),
    ];
    const DUP: [&str; 11] = [
        "",
        "",
        "",
        "",
        "",
        key!("dup_5_grams"),
        key!("dup_6_grams"),
        key!("dup_7_grams"),
        key!("dup_8_grams"),
        key!("dup_9_grams"),
        key!("dup_10_grams"),
    ];
    let fixed = match kind {
        "top" => TOP.get(n),
        _ => DUP.get(n),
    };
    match fixed {
        Some(k) if !k.is_empty() => Cow::Borrowed(k),
        _ => Cow::Owned(format!("filter.gopher_repetition.{kind}_{n}_{unit}")),
    }
}

fn top_reason(n: usize) -> Reason {
    match n {
        2 => r::GOPHER_REPETITION_TOP_2_GRAM,
        3 => r::GOPHER_REPETITION_TOP_3_GRAM,
        4 => r::GOPHER_REPETITION_TOP_4_GRAM,
        _ => r::GOPHER_REPETITION_TOP_N_GRAM,
    }
}

fn dup_reason(n: usize) -> Reason {
    match n {
        5 => r::GOPHER_REPETITION_DUP_5_GRAMS,
        6 => r::GOPHER_REPETITION_DUP_6_GRAMS,
        7 => r::GOPHER_REPETITION_DUP_7_GRAMS,
        8 => r::GOPHER_REPETITION_DUP_8_GRAMS,
        9 => r::GOPHER_REPETITION_DUP_9_GRAMS,
        10 => r::GOPHER_REPETITION_DUP_10_GRAMS,
        _ => r::GOPHER_REPETITION_DUP_N_GRAMS,
    }
}

/// `re.split(r"\n{min,}", text)`: pieces between runs of at least `min` newlines, empty pieces
/// kept (a trailing newline gives an empty last piece, as in Python).
fn split_runs(text: &str, min: usize) -> Vec<&str> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while let Some(off) = memchr::memchr(b'\n', &bytes[i..]) {
        let run_start = i + off;
        let mut run_end = run_start;
        while run_end < bytes.len() && bytes[run_end] == b'\n' {
            run_end += 1;
        }
        if run_end - run_start >= min {
            out.push(&text[start..run_start]);
            start = run_end;
        }
        i = run_end;
    }
    out.push(&text[start..]);
    out
}

/// datatrove's `find_duplicates`: (repeated elements, code points in them, elements counted).
/// Ghirbal mode compares elements with trailing spaces trimmed and ignores blank ones.
pub(crate) fn find_duplicates(xs: &[&str], mode: Mode) -> (usize, usize, usize) {
    let mut seen: FxSet<&str> = FxSet::default();
    seen.reserve(xs.len());
    let (mut dups, mut dup_chars, mut counted) = (0, 0, 0);
    for &x in xs {
        let x = match mode {
            Mode::Datatrove => x,
            Mode::Ghirbal => {
                let t = trim_end_ghirbal(x);
                if t.is_empty() {
                    continue;
                }
                t
            }
        };
        counted += 1;
        if !seen.insert(x) {
            dups += 1;
            dup_chars += x.chars().count();
        }
    }
    (dups, dup_chars, counted)
}

/// Trailing whitespace and invisible direction marks, trimmed before ghirbal compares or reads
/// the end of a line.
pub(crate) fn trim_end_ghirbal(s: &str) -> &str {
    s.trim_end_matches(|c: char| {
        crate::tables::py_space(c) || matches!(c, '\u{200e}' | '\u{200f}' | '\u{061c}' | '\u{200b}')
    })
}

/// Prefix hashes of the words joined with spaces and concatenated, and prefix sums of their
/// lengths in code points, for n-gram figures.
struct Words {
    joined: Prefixes,
    concatenated: Prefixes,
    chars: Vec<usize>,
}

impl Words {
    fn new(words: &[&str]) -> Words {
        let mut joined = Prefixes::with_capacity(words.len());
        let mut concatenated = Prefixes::with_capacity(words.len());
        let mut chars = Vec::with_capacity(words.len() + 1);
        chars.push(0);
        let mut total = 0;
        for w in words {
            // Every n-gram "w_i ... w_j" is followed by a space in `joined`, which keeps keys
            // injective without cutting the last space off.
            let p = piece(w);
            joined.push(p, Some(' '));
            concatenated.push(p, None);
            total += p.1;
            chars.push(total);
        }
        Words {
            joined,
            concatenated,
            chars,
        }
    }

    fn len(&self) -> usize {
        self.chars.len() - 1
    }

    /// Code points of words `a..b`, without separators.
    fn chars(&self, a: usize, b: usize) -> usize {
        self.chars[b] - self.chars[a]
    }

    /// `len(top) * count(top)` for the most frequent `" ".join` n-gram (first seen on a tie),
    /// 0 when it occurs fewer than `min_count` times, `None` when there are fewer than `n` words.
    fn top_ngram_chars(&self, n: usize, min_count: u64, table: &mut U64Table) -> Option<usize> {
        let len = self.len();
        if n == 0 || len < n {
            return None;
        }
        // value: count in the high 32 bits, index of first occurrence in the low 32. The most
        // frequent is tracked as we go; on a tie the one seen first wins, as with
        // `Counter.most_common`, which keeps insertion order among equals.
        table.reset(len - n + 1);
        let (mut best_count, mut best_first) = (0u64, 0u64);
        for i in 0..=len - n {
            let (v, new) = table.entry(self.joined.range(i, i + n));
            if new {
                *v = i as u64 & 0xFFFF_FFFF;
            }
            *v += 1 << 32;
            let (count, first) = (*v >> 32, *v & 0xFFFF_FFFF);
            if count > best_count || (count == best_count && first < best_first) {
                best_count = count;
                best_first = first;
            }
        }
        if best_count < min_count {
            return Some(0);
        }
        let first = best_first as usize;
        Some((self.chars(first, first + n) + (n - 1)) * best_count as usize)
    }

    /// datatrove's `find_all_duplicate`: code points of `"".join` n-grams already seen, walking
    /// greedily and jumping over each repeat.
    fn duplicated_ngram_chars(&self, n: usize, table: &mut U64Table) -> usize {
        let len = self.len();
        if n == 0 || len < n {
            return 0;
        }
        table.reset(len - n + 1);
        let mut repeated = 0;
        let mut idx = 0;
        while idx < len - n + 1 {
            if table.entry(self.concatenated.range(idx, idx + n)).1 {
                idx += 1;
            } else {
                repeated += self.chars(idx, idx + n);
                idx += n;
            }
        }
        repeated
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_keeps_python_empty_pieces() {
        assert_eq!(split_runs("a\n\nb\n", 1), ["a", "b", ""]);
        assert_eq!(split_runs("\na\n\n\nb", 2), ["\na", "b"]);
        assert_eq!(split_runs("", 1), [""]);
    }

    #[test]
    fn duplicates_count_second_occurrences_only() {
        assert_eq!(
            find_duplicates(&["a", "bb", "a", "bb", "a"], Mode::Datatrove),
            (3, 4, 5)
        );
        assert_eq!(find_duplicates(&["a ", "a", ""], Mode::Ghirbal), (1, 1, 2));
    }
}
