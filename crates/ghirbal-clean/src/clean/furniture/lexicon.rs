//! Lines a per-language lexicon names (`resources/<lang>.toml`): one signal among several,
//! never the only one (the shape rules beside this file find furniture no lexicon words).
//!
//! A line equal to a whole-line entry, or of at most `boilerplate_max_words` words starting
//! with a prefix entry or containing a contains entry, goes with the entry's category as
//! reason. Except: the page's first line, when a blank line follows it, stands as a headline,
//! and a headline is never a cross-link (`read_also`): "شاهد.. لحظة ..." heads a video story,
//! it does not point to another.

use super::super::page::Page;
use crate::lexicon::Lexicon;

const READ_ALSO: &str = "boilerplate:read_also";

/// Removes the lines a lexicon names.
pub fn apply(page: &mut Page<'_>, lexicon: &Lexicon) {
    for i in 0..page.lines.len() {
        let l = &page.lines[i];
        if let Some(category) = lexicon.category(l.text, l.size()) {
            let headline = i == 0 && page.lines.get(1).is_none_or(|n| n.blank_before);
            if !(headline && category == READ_ALSO) {
                page.remove(i, category, "lexicon", &[("words", l.size() as f64)]);
            }
        }
    }
}
