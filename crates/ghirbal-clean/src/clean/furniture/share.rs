//! Tool and share bars (`boilerplate:share`): a line of at least two words, every one of them
//! a tool word of a lexicon (`[words] tools`: "Facebook", "Twitter", "Email", "Print",
//! "طباعة"...), with or without separators between them. Rows of tool words joined by
//! separators are also menu rows (`navigation.rs`), whatever their words.

use super::super::page::Page;
use crate::lexicon::Lexicon;

/// The reason of this file's rule.
pub const REASON: &str = "boilerplate:share";

/// Removes line `i` if it is a tool bar; true if it did.
pub fn tools(page: &mut Page<'_>, i: usize, lexicon: &Lexicon) -> bool {
    let l = &page.lines[i];
    if l.size() < 2 || l.size() > 12 {
        return false;
    }
    let Some(n) = lexicon.tool_words(l.text) else {
        return false;
    };
    page.remove(i, REASON, "tool_words", &[("tool_words", n as f64)]);
    true
}
