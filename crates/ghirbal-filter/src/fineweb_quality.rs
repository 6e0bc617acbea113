//! FineWeb quality (datatrove `FineWebQualityFilter`): lines ending in terminal punctuation,
//! short lines, characters in repeated lines, and line breaks per word.

use ghirbal_core::reason::filter as r;

use crate::analysis::{Doc, Report, ratio};
use crate::config::Mode;
use crate::gopher_repetition::{find_duplicates, trim_end_ghirbal};
use crate::tables::{TABLES, py_strip};
use crate::thresholds::FinewebThresholds;

/// `filter.fineweb_quality.<name>`, the signal key of one of this rule's figures.
macro_rules! key {
    ($name:literal) => {
        concat!("filter.fineweb_quality.", $name)
    };
}

/// Runs the rule, adding its figures to `out`.
pub(crate) fn run(doc: &Doc<'_>, th: &FinewebThresholds, out: &mut Report) {
    let text = doc.text;
    let lines: Vec<&str> = text
        .split('\n')
        .filter(|l| !py_strip(l).is_empty())
        .collect();
    out.figure(key!("lines"), lines.len() as f64);
    if lines.is_empty() {
        out.fail(r::FINEWEB_QUALITY_EMPTY, 0.0, 0.0);
        return;
    }
    let ended = lines.iter().filter(|l| ends_sentence(l, doc.mode)).count();
    let line_punct_ratio = ratio(ended, lines.len());
    out.figure(key!("line_punct_ratio"), line_punct_ratio);
    if line_punct_ratio < th.line_punct_thr
        && !(line_punct_ratio == 0.0 && th.line_punct_exclude_zero)
    {
        out.fail(
            r::FINEWEB_QUALITY_LINE_PUNCT_RATIO,
            line_punct_ratio,
            th.line_punct_thr,
        );
    }

    let short = lines
        .iter()
        .filter(|l| l.chars().take(th.short_line_length + 1).count() <= th.short_line_length)
        .count();
    let short_line_ratio = ratio(short, lines.len());
    out.figure(key!("short_line_ratio"), short_line_ratio);
    if short_line_ratio > th.short_line_thr {
        out.fail(
            r::FINEWEB_QUALITY_SHORT_LINE_RATIO,
            short_line_ratio,
            th.short_line_thr,
        );
    }

    let newlines = memchr::memchr_iter(b'\n', text.as_bytes()).count();
    let (_, dup_chars, _) = find_duplicates(&lines, doc.mode);
    let char_dup_ratio = ratio(dup_chars, doc.n_chars - newlines);
    out.figure(key!("char_dup_ratio"), char_dup_ratio);
    if char_dup_ratio > th.char_duplicates_ratio {
        out.fail(
            r::FINEWEB_QUALITY_CHAR_DUP_RATIO,
            char_dup_ratio,
            th.char_duplicates_ratio,
        );
    }

    let list_ratio = ratio(newlines, doc.words.len());
    out.figure(key!("list_ratio"), list_ratio);
    if list_ratio > th.new_line_ratio {
        out.fail(r::FINEWEB_QUALITY_LIST_RATIO, list_ratio, th.new_line_ratio);
    }
}

/// Whether a line counts as ending a sentence.
///
/// datatrove: the line's very last character is in `TERMINAL_PUNCTUATION` (no trimming, so `.`
/// followed by a space or a direction mark does not count, nor do closing quotes).
/// ghirbal: trailing spaces and direction marks are trimmed first, and closing quotes and
/// brackets after the punctuation, or on their own, also end a line: `.»`, `».`, `”`, `؟`, `۔`.
pub(crate) fn ends_sentence(line: &str, mode: Mode) -> bool {
    match mode {
        Mode::Datatrove => line
            .chars()
            .next_back()
            .is_some_and(|c| TABLES.terminal.has(c)),
        Mode::Ghirbal => {
            let t = trim_end_ghirbal(line);
            t.chars()
                .next_back()
                .is_some_and(|c| TABLES.terminal.has(c) || is_closing(c))
                || ends_in_a_credit(t)
        }
    }
}

/// A prose line whose end is not punctuation: a short credit after its last sentence
/// (`... العقوبات. (واس)`, `... مليار ريال. *وحدة التقارير الاقتصادية`: under 64 characters,
/// the line before it at least twice as long), or a paragraph of three or more sentences with
/// something glued after them (related-headline lists the clean stage removes).
fn ends_in_a_credit(line: &str) -> bool {
    let bytes = line.as_bytes();
    let mut last_end = None;
    let mut sentences = 0;
    for (i, c) in line.char_indices() {
        if matches!(c, '.' | '!' | '?' | '؟' | '۔') && bytes.get(i + c.len_utf8()) == Some(&b' ')
        {
            last_end = Some(i + c.len_utf8());
            sentences += 1;
        }
    }
    let Some(end) = last_end else { return false };
    let tail = line[end..].chars().count();
    let head = line[..end].chars().count();
    sentences >= 3 || (tail < 64 && head >= 2 * tail)
}

/// Closing quotes and brackets that end an Arabic or Latin sentence in edited text, and `:`
/// before a quotation (`وأضاف:`). Both guillemets: Arabic text closes quotes with `»` or `«`
/// depending on the keyboard; some papers quote with `{ }`.
fn is_closing(c: char) -> bool {
    matches!(
        c,
        '«' | '»' | '“' | '”' | '"' | '\'' | ')' | '}' | '؟' | '۔' | '!' | ':'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datatrove_needs_punctuation_as_the_last_character() {
        assert!(ends_sentence("قال.", Mode::Datatrove));
        assert!(!ends_sentence("قال. ", Mode::Datatrove));
        assert!(!ends_sentence("قال.»", Mode::Datatrove));
        assert!(ends_sentence("هل؟", Mode::Datatrove));
    }

    #[test]
    fn ghirbal_sees_through_trailing_spaces_and_closing_quotes() {
        assert!(ends_sentence("قال. \u{200f}", Mode::Ghirbal));
        assert!(ends_sentence("قال «نعم»", Mode::Ghirbal));
        assert!(!ends_sentence("الرئيسية", Mode::Ghirbal));
        let credit =
            "بلغت الواردات الإجمالية نحو 171.4 مليار ريال خلال العام. *وحدة التقارير الاقتصادية ";
        assert!(ends_sentence(credit, Mode::Ghirbal));
        assert!(!ends_sentence(credit, Mode::Datatrove));
    }
}
