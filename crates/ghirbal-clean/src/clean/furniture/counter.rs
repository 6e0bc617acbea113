//! Counters (`boilerplate:counter`): a number and one or two words, or one or two words and a
//! number in brackets ("12 comments", "4,500 views", "Comments (12)", "(3) تعليقات", "5 min
//! read"). A recipe's "2 eggs" has the same shape, so counters are only taken out around the
//! headline and after the body, never inside it (see `outside.rs` and `dateline.rs`).

use super::super::page::Page;

/// The reason of this file's rule.
pub const REASON: &str = "boilerplate:counter";

/// True when line `i` is a counter.
pub fn is_counter(page: &Page<'_>, i: usize) -> bool {
    let l = &page.lines[i];
    if !l.shape.digits || l.shape.sentence {
        return false;
    }
    let words: Vec<&str> = l.text.split_whitespace().collect();
    if !(2..=4).contains(&words.len()) {
        return false;
    }
    let number = |w: &str| {
        let core = w.trim_matches(|c: char| "()[]{}+".contains(c));
        !core.is_empty()
            && core.chars().any(ghirbal_core::text::is_numeric)
            && core
                .chars()
                .all(|c| ghirbal_core::text::is_numeric(c) || ",.٬٫ kKmM".contains(c))
    };
    let numbers = words.iter().filter(|w| number(w)).count();
    numbers == 1
        && (number(words[0]) || number(words[words.len() - 1]))
        && words
            .iter()
            .filter(|w| w.chars().any(char::is_alphabetic))
            .count()
            + 1
            == words.len()
}

/// Removes line `i` as a counter; `where_` names the rule that asked.
pub fn remove(page: &mut Page<'_>, i: usize, where_: &'static str) {
    let words = page.lines[i].size() as f64;
    page.remove(i, REASON, where_, &[("words", words)]);
}
