//! C4 rules (datatrove `C4QualityFilter`), as document-level checks: the text is not edited
//! (dropping lines is the `clean` stage's job), but lines are judged as C4 judges them and the
//! page is dropped when too few sentences survive, or when it holds "lorem ipsum" or `{`.
//!
//! Per language, the thresholds file says which rules apply. For Arabic the English-only rules
//! are off: lines need not end in `. ? ! " '`, "javascript" and cookie-policy phrases are not
//! looked for, and no sentence minimum applies.

use std::borrow::Cow;

use ghirbal_core::reason::filter as r;

use crate::analysis::{Doc, Report};
use crate::config::Mode;
use crate::gopher_quality::py_splitlines;
use crate::tables::py_strip;
use crate::thresholds::C4Thresholds;

/// `filter.c4.<name>`, the signal key of one of this rule's figures.
macro_rules! key {
    ($name:literal) => {
        concat!("filter.c4.", $name)
    };
}

const POLICY: [&str; 6] = [
    "terms of use",
    "privacy policy",
    "cookie policy",
    "uses cookies",
    "use of cookies",
    "use cookies",
];

/// Runs the rule, adding its figures to `out`.
pub(crate) fn run(doc: &Doc<'_>, th: &C4Thresholds, out: &mut Report) {
    let mut kept_lines = 0usize;
    let mut sentences = 0usize;
    let mut lorem = false;
    let mut curly = false;
    for line in py_splitlines(doc.text) {
        let line = py_strip(line);
        // The three tests below only drop the line, so the cheapest goes first.
        if th.terminal_punct
            && (!line.ends_with(['.', '?', '!', '"', '\'']) || line.ends_with("..."))
        {
            continue;
        }
        if th.min_words_per_line > 0
            && line
                .split(crate::tables::py_space)
                .filter(|w| !w.is_empty())
                .count()
                < th.min_words_per_line
        {
            continue;
        }
        // A word has no more characters than bytes: a line no longer than the limit passes.
        if line.len() > th.max_word_length
            && line.split(crate::tables::py_space).any(|w| {
                w.len() > th.max_word_length
                    && w.chars().take(th.max_word_length + 1).count() > th.max_word_length
            })
        {
            continue;
        }
        // Ghirbal mode measures the matching text, which is lower case already.
        let lower = match doc.mode {
            Mode::Datatrove => Cow::Owned(line.to_lowercase()),
            Mode::Ghirbal => Cow::Borrowed(line),
        };
        if th.lorem_ipsum && lower.contains("lorem ipsum") {
            lorem = true;
        }
        if th.javascript && lower.contains("javascript") {
            continue;
        }
        if th.curly_bracket && line.contains('{') {
            curly = true;
        }
        if th.policy && POLICY.iter().any(|p| lower.contains(p)) {
            continue;
        }
        kept_lines += 1;
        sentences += count_sentences(line);
    }
    out.figure(key!("kept_lines"), kept_lines as f64);
    out.figure(key!("sentences"), sentences as f64);
    if lorem {
        out.fail(r::C4_LOREM_IPSUM, 1.0, 0.0);
    }
    if curly {
        out.fail(r::C4_CURLY_BRACKET, 1.0, 0.0);
    }
    if th.min_num_sentences > 0 && sentences < th.min_num_sentences {
        out.fail(
            r::C4_TOO_FEW_SENTENCES,
            sentences as f64,
            th.min_num_sentences as f64,
        );
    }
}

/// Sentences in a line: runs of `. ! ? ؟ ۔` followed by a space or the end, at least one for
/// a non-empty line (an approximation of the sentence splitter C4 uses).
fn count_sentences(line: &str) -> usize {
    let mut n = 0;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        if matches!(c, '.' | '!' | '?' | '؟' | '۔') {
            while chars
                .peek()
                .is_some_and(|&d| matches!(d, '.' | '!' | '?' | '؟' | '۔'))
            {
                chars.next();
            }
            if chars.peek().is_none_or(|d| d.is_whitespace()) {
                n += 1;
            }
        }
    }
    n.max(usize::from(!line.is_empty()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_are_counted_at_terminal_punctuation() {
        assert_eq!(count_sentences("One. Two! Three"), 2);
        assert_eq!(count_sentences("no punctuation"), 1);
        assert_eq!(count_sentences("3.5 percent."), 1);
    }

    fn kept_lines(text: &str, th: &C4Thresholds) -> f64 {
        let mut report = Report::default();
        run(
            &Doc::new(text, Mode::Ghirbal, crate::thresholds::WordSplit::Spaces),
            th,
            &mut report,
        );
        report
            .figures
            .iter()
            .find(|(k, _)| k == key!("kept_lines"))
            .map_or(f64::NAN, |(_, v)| *v)
    }

    #[test]
    fn a_line_with_a_word_longer_than_the_limit_does_not_count() {
        let th = C4Thresholds {
            enabled: true,
            terminal_punct: true,
            min_num_sentences: 0,
            min_words_per_line: 2,
            max_word_length: 6,
            lorem_ipsum: false,
            javascript: false,
            curly_bracket: false,
            policy: false,
        };
        // Counted in characters, not bytes: six Arabic letters are twelve bytes.
        assert_eq!(kept_lines("قالقال هنا.\nshort words.", &th), 2.0);
        assert_eq!(kept_lines("قالقالق هنا.\nshort words.", &th), 1.0);
        assert_eq!(kept_lines("a sevenchr word.", &th), 0.0);
        // The other tests still apply to lines with short words only.
        assert_eq!(kept_lines("no stop\nword.", &th), 0.0);
    }
}
