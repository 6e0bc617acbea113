//! Gopher repetition (datatrove `GopherRepetitionFilter`): repeated paragraphs and lines, the
//! most frequent word n-grams and the share of text covered by repeated n-grams.
//!
//! n-grams are compared by 64-bit FxHash keys (module `hash`): the top n-grams (joined
//! with spaces in datatrove) by a key folded from per-word keys, the repeated ones (concatenated
//! in datatrove) by a hash of the concatenated bytes, so no n-gram string is ever allocated.

use std::borrow::Cow;

use ghirbal_core::Reason;
use ghirbal_core::reason::filter as r;

use crate::analysis::{Doc, Report, ratio};
use crate::config::Mode;
use std::hash::Hasher;

use crate::hash::{FxHasher, FxSet, SEED as MIX, U64Table};
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
    let mut repeats = None;
    for &(n, frac) in &th.top_n_grams {
        // datatrove counts the most frequent n-gram even when it occurs once, so every short
        // text "repeats" its first n-gram; ghirbal measures only n-grams seen twice or more.
        let min_count = match doc.mode {
            Mode::Datatrove => 1,
            Mode::Ghirbal => 2,
        };
        let Some(top_chars) = words.top_ngram_chars(n, min_count, &mut table, &mut repeats) else {
            continue;
        };
        let value = ratio(top_chars, n_chars);
        out.figure_owned(ngram_key("top", n, "gram"), value);
        if value > frac {
            out.fail(top_reason(n), value, frac);
        }
    }
    let screen = match th.dup_n_grams.iter().map(|&(n, _)| n).min() {
        Some(n_min) => words.screen(n_min, &mut table),
        None => Vec::new(),
    };
    for &(n, frac) in &th.dup_n_grams {
        let value = ratio(
            words.duplicated_ngram_chars(n, &mut table, &screen),
            n_chars,
        );
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

/// Bytes of the window that screens positions for repeated `"".join` n-grams: two n-grams of at
/// least this many bytes can only be equal when the windows at their starts are.
const WINDOW: usize = 32;

/// The words of a document, ready for n-gram figures: one key per word, the words concatenated,
/// and where each starts in them.
///
/// n-grams are never built as strings. Two `" ".join` n-grams are equal exactly when their word
/// sequences are (a word never holds a space), so their key is built from the word keys. Two
/// `"".join` n-grams can be equal across different word boundaries (`ab c` and `a bc`), so their
/// key hashes the concatenated bytes. Most positions are ruled out before any table is touched:
/// an n-gram seen twice has its shorter prefix n-gram seen twice, and a long `"".join` n-gram
/// seen twice has its first [`WINDOW`] bytes seen twice. A position ruled out can neither be a
/// repeat nor be repeated later, so leaving it out of the table changes no figure.
struct Words {
    keys: Vec<u64>,
    concatenated: Vec<u8>,
    bytes: Vec<usize>,
}

impl Words {
    fn new(words: &[&str]) -> Words {
        let total: usize = words.iter().map(|w| w.len()).sum();
        let mut concatenated = Vec::with_capacity(total);
        let mut keys = Vec::with_capacity(words.len());
        let mut bytes = Vec::with_capacity(words.len() + 1);
        bytes.push(0);
        for w in words {
            keys.push(hash_bytes(w.as_bytes()));
            concatenated.extend_from_slice(w.as_bytes());
            bytes.push(concatenated.len());
        }
        Words {
            keys,
            concatenated,
            bytes,
        }
    }

    fn len(&self) -> usize {
        self.keys.len()
    }

    /// Code points of words `a..b`, without separators.
    fn chars(&self, a: usize, b: usize) -> usize {
        // Every byte that does not continue a UTF-8 sequence starts a code point.
        self.concatenated[self.bytes[a]..self.bytes[b]]
            .iter()
            .filter(|&&b| b & 0xC0 != 0x80)
            .count()
    }

    /// The key of the word sequence `i..i + n` (equal sequences, equal keys).
    #[inline]
    fn sequence_key(&self, i: usize, n: usize) -> u64 {
        self.keys[i..i + n]
            .iter()
            .fold(n as u64, |h, &k| (h.rotate_left(5) ^ k).wrapping_mul(MIX))
    }

    /// The key of `"".join(words[i..i + n])` (equal strings, equal keys).
    #[inline]
    fn concatenated_key(&self, i: usize, n: usize) -> u64 {
        hash_bytes(&self.concatenated[self.bytes[i]..self.bytes[i + n]])
    }

    /// `len(top) * count(top)` for the most frequent `" ".join` n-gram (first seen on a tie),
    /// 0 when it occurs fewer than `min_count` times, `None` when there are fewer than `n` words.
    ///
    /// `repeats` holds the positions whose m-gram occurs twice or more for some `m < n` (or
    /// `None`); on return it holds those of the n-gram.
    fn top_ngram_chars(
        &self,
        n: usize,
        min_count: u64,
        table: &mut U64Table,
        repeats: &mut Option<(usize, Vec<usize>)>,
    ) -> Option<usize> {
        let len = self.len();
        if n == 0 || len < n {
            return None;
        }
        let last = len - n;
        let candidates: Vec<usize> = match repeats.take() {
            Some((m, positions)) if m < n => positions.into_iter().filter(|&i| i <= last).collect(),
            _ => (0..=last).collect(),
        };
        // value: count in the high 32 bits, index of first occurrence in the low 32. The most
        // frequent is tracked as we go; on a tie the one seen first wins, as with
        // `Counter.most_common`, which keeps insertion order among equals.
        table.reset(candidates.len());
        let mut slots = Vec::with_capacity(candidates.len());
        let (mut best_count, mut best_first) = (0u64, 0u64);
        for &i in &candidates {
            let (slot, new) = table.slot(self.sequence_key(i, n));
            slots.push(slot);
            let v = table.value(slot);
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
        let repeated = candidates
            .iter()
            .zip(&slots)
            .filter(|&(_, &slot)| *table.value(slot) >> 32 >= 2)
            .map(|(&i, _)| i)
            .collect();
        *repeats = Some((n, repeated));
        // Every n-gram ruled out occurs once; when no n-gram occurs twice, the first one is the
        // most frequent.
        if best_count < 2 {
            best_count = 1;
            best_first = 0;
        }
        if best_count < min_count {
            return Some(0);
        }
        let first = best_first as usize;
        Some((self.chars(first, first + n) + (n - 1)) * best_count as usize)
    }

    /// The positions where a `"".join` n-gram of `n_min` or more words may occur twice, each
    /// with the fewest words from it that span [`WINDOW`] bytes (`usize::MAX` when the window
    /// at it also starts another word, or runs past the end). Past that many words an n-gram
    /// is long, and a long n-gram can only repeat where its window does.
    fn screen(&self, n_min: usize, table: &mut U64Table) -> Vec<(usize, usize)> {
        let len = self.len();
        let total = self.concatenated.len();
        let n_fit = (0..len)
            .take_while(|&i| self.bytes[i] + WINDOW <= total)
            .count();
        table.reset(n_fit);
        let mut slots = Vec::with_capacity(n_fit);
        for i in 0..n_fit {
            let at = self.bytes[i];
            let (slot, _) = table.slot(window_key(&self.concatenated[at..at + WINDOW]));
            slots.push(slot);
            *table.value(slot) += 1;
        }
        let mut out = Vec::new();
        let mut end = 0;
        for (i, &slot) in slots.iter().enumerate() {
            let span = if *table.value(slot) >= 2 {
                usize::MAX
            } else {
                // The window fits, so some word ends at or past its last byte.
                end = end.max(i);
                while self.bytes[end] - self.bytes[i] < WINDOW {
                    end += 1;
                }
                end - i
            };
            if span > n_min {
                out.push((i, span));
            }
        }
        out.extend((n_fit..len).map(|i| (i, usize::MAX)));
        out
    }

    /// datatrove's `find_all_duplicate`: code points of `"".join` n-grams already seen, walking
    /// greedily and jumping over each repeat. `screen` is from [`Words::screen`] with `n_min`
    /// at most `n`; every position it leaves out holds an n-gram seen only there.
    fn duplicated_ngram_chars(
        &self,
        n: usize,
        table: &mut U64Table,
        screen: &[(usize, usize)],
    ) -> usize {
        let len = self.len();
        if n == 0 || len < n {
            return 0;
        }
        let last = len - n;
        let candidates = screen
            .iter()
            .filter(|&&(i, span)| i <= last && span > n)
            .count();
        if candidates < 2 {
            return 0;
        }
        table.reset(candidates);
        let mut repeated = 0;
        // Between candidates the walk only steps on.
        let mut idx = 0;
        for &(i, span) in screen {
            if i > last {
                break;
            }
            if span <= n || i < idx {
                continue;
            }
            if table.slot(self.concatenated_key(i, n)).1 {
                idx = i + 1;
            } else {
                repeated += self.chars(i, i + n);
                idx = i + n;
            }
        }
        repeated
    }
}

/// The screening key of a [`WINDOW`]-byte window (equal windows, equal keys).
///
/// The four 8-byte words are multiplied independently and summed, so the multiplications run
/// side by side instead of in one chain as in [`hash_bytes`]. Two different windows that share
/// a key only keep a position in the exact passes that could have been left out, so the key
/// needs no more than to be well spread.
#[inline]
fn window_key(window: &[u8]) -> u64 {
    const K: [u64; 4] = [
        MIX,
        0x9E37_79B9_7F4A_7C15,
        0xC2B2_AE3D_27D4_EB4F,
        0x1656_67B1_9E37_79F9,
    ];
    let sum = window.chunks_exact(8).zip(K).fold(0u64, |sum, (word, k)| {
        let mut w = [0u8; 8];
        w.copy_from_slice(word);
        sum.wrapping_add(u64::from_le_bytes(w).wrapping_mul(k))
    });
    sum ^ sum >> 29
}

/// A 64-bit hash of `bytes` and their length.
#[inline]
fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut h = FxHasher::default();
    h.write(bytes);
    h.write_usize(bytes.len());
    h.finish()
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

    /// datatrove's n-gram figures computed on strings, as its Python does.
    fn reference(words: &[&str], n: usize) -> (Option<usize>, usize) {
        let top = (words.len() >= n).then(|| {
            let grams: Vec<String> = words.windows(n).map(|g| g.join(" ")).collect();
            let mut counts: Vec<(String, usize)> = Vec::new();
            for g in &grams {
                match counts.iter_mut().find(|(k, _)| k == g) {
                    Some((_, c)) => *c += 1,
                    None => counts.push((g.clone(), 1)),
                }
            }
            // `most_common(1)`: the highest count, the first inserted on a tie.
            let (g, c) = counts
                .iter()
                .fold(None::<&(String, usize)>, |best, e| match best {
                    Some(b) if b.1 >= e.1 => Some(b),
                    _ => Some(e),
                })
                .expect("at least one n-gram");
            g.chars().count() * c
        });
        let mut dup = 0;
        if words.len() >= n {
            let mut seen = std::collections::HashSet::new();
            let mut idx = 0;
            while idx < words.len() - n + 1 {
                let g: String = words[idx..idx + n].concat();
                if seen.insert(g.clone()) {
                    idx += 1;
                } else {
                    dup += g.chars().count();
                    idx += n;
                }
            }
        }
        (top, dup)
    }

    /// A reproducible stream of pseudo-random numbers (xorshift).
    fn xorshift(state: &mut u64) -> u64 {
        *state ^= *state << 13;
        *state ^= *state >> 7;
        *state ^= *state << 17;
        *state
    }

    #[test]
    fn ngram_figures_equal_the_string_computation() {
        // Few distinct short words, so n-grams repeat and `"".join` n-grams meet across word
        // boundaries (`ab c` = `a bc`); some words are long, so the byte window screens.
        let vocab = [
            "a",
            "b",
            "ab",
            "ba",
            "c",
            "bc",
            "abc",
            "في",
            "من",
            "فيمن",
            "المملكة",
            "العربية",
            "السعودية",
            "المملكةالعربية",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        ];
        let mut state = 0x2545_F491_4F6C_DD1D;
        let mut table = U64Table::default();
        for case in 0..400 {
            let len = (xorshift(&mut state) % 60) as usize;
            // Small vocabularies give many repeats, large ones few.
            let span = 2 + case % (vocab.len() - 1);
            let words: Vec<&str> = (0..len)
                .map(|_| vocab[(xorshift(&mut state) % span as u64) as usize])
                .collect();
            let w = Words::new(&words);
            let mut repeats = None;
            for n in 2..=4 {
                let got = w.top_ngram_chars(n, 1, &mut table, &mut repeats);
                assert_eq!(got, reference(&words, n).0, "top {n}-gram of {words:?}");
            }
            let screen = w.screen(5, &mut table);
            for n in 5..=10 {
                let got = w.duplicated_ngram_chars(n, &mut table, &screen);
                assert_eq!(got, reference(&words, n).1, "dup {n}-grams of {words:?}");
            }
        }
    }
}
