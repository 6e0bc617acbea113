//! Small facts about one line of text that several rules share.

use ghirbal_core::text;

/// Characters that end a sentence, in Latin and Arabic script (`؟` and `؛` are Arabic).
const SENTENCE_END: &[char] = &['.', '!', '?', '؟', '…', '۔', ';', '؛', ':'];

/// Closing quotes and brackets, looked through when finding how a line ends.
const CLOSERS: &[char] = &['"', '\'', '”', '’', '»', '›', ')', ']', '}', '*'];

/// The number of whitespace-separated words in `line`, counting no further than `limit + 1`
/// so that a 10 MB line costs no more than a short one.
pub fn words_upto(line: &str, limit: usize) -> usize {
    line.split_whitespace()
        .take(limit.saturating_add(1))
        .count()
}

/// True when `line` ends like a sentence: its last character, looking through closing quotes
/// and brackets, is one of `. ! ? ؟ … ؛ ; :`.
pub fn ends_sentence(line: &str) -> bool {
    line.trim_end()
        .trim_end_matches(CLOSERS)
        .ends_with(SENTENCE_END)
}

/// True when `line` ends with a comma, a colon, a semicolon or a single full stop: a
/// headline never does (an ellipsis `..`/`...`/`…` is fine).
pub fn ends_clause(line: &str) -> bool {
    let t = line.trim_end();
    if t.ends_with("..") {
        return false;
    }
    t.ends_with(['.', ',', '،', ':', ';', '؛'])
}

/// The letters and digits of the matching text of `line`, lower-cased and folded, with
/// spaces and punctuation left out: two lines with the same key read the same.
pub fn key(line: &str) -> String {
    key_of_matching(&text::matching(line))
}

/// [`key`] of a text already in its matching form (`text::matching`).
pub fn key_of_matching(m: &str) -> String {
    m.chars().filter(|&c| text::is_alphanumeric(c)).collect()
}

/// The matching text of `line` with punctuation and symbols at both ends dropped and inner
/// whitespace folded to one space: the form lexicon entries are compared in.
pub fn lexicon_form(line: &str) -> String {
    lexicon_form_of_matching(&text::matching(line))
}

/// [`lexicon_form`] of a text already in its matching form (`text::matching`).
pub fn lexicon_form_of_matching(m: &str) -> String {
    join_words(m.trim_matches(|c: char| !text::is_alphanumeric(c)))
}

/// The whitespace-separated words of `s` joined by one space each.
pub fn join_words(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentence_end_looks_through_closing_quotes() {
        assert!(ends_sentence("قال: “لا يجوز”."));
        assert!(ends_sentence("He said \"no.\""));
        assert!(ends_sentence("هل يعود؟"));
        assert!(!ends_sentence("وزير الخارجية في موسكو"));
    }

    #[test]
    fn headline_may_end_with_an_ellipsis_but_not_a_full_stop() {
        assert!(!ends_clause("بلا أمل..."));
        assert!(ends_clause("Minister resigns."));
        assert!(ends_clause("وقال،"));
    }

    #[test]
    fn key_ignores_spaces_punctuation_and_diacritics() {
        assert_eq!(key("الأسهم.وجاءت"), key("الاسهم. وجاءت"));
        assert_eq!(key("كَتَبَ ..."), key("كتب"));
    }

    #[test]
    fn words_upto_stops_counting() {
        assert_eq!(words_upto("a b c d", 2), 3);
        assert_eq!(words_upto("", 2), 0);
    }
}
