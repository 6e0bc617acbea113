//! Pointers to other pages (`boilerplate:read_also`, by shape): a line that opens with an
//! arrow (`→`, `➜`, `►`, `▶`, `◄`, `⇒`...) or a box mark (`◆`, `❖`) and a space, is shaped like a headline (no full stop nor
//! clause end) and stands alone: neither line next to it opens with the same mark. A run of
//! such lines is a list of the article's own; one arrow line between paragraphs points
//! elsewhere ("→ Other story's headline", "▶ Video: behind the scenes", "◄ Related coverage:
//! ...", "◆ Turn on alerts for this story"). Guillemets and `›` are not arrows here: they open
//! quotes and breadcrumbs; nor are the bullets prose uses for lists (`•`, `-`, `*`).

use super::super::page::Page;
use crate::figures::Figures;

/// The reason of this file's rule.
pub const REASON: &str = "boilerplate:read_also";

/// Marks that point to another page when they open a line.
const ARROWS: &[char] = &[
    '→', '⟶', '➜', '➔', '➝', '➞', '►', '▶', '▸', '⇒', '⮕', '←', '◄', '◀', '◂', '⇐', '◆', '❖',
];

/// The arrow opening `text`, followed by a space.
fn arrow(text: &str) -> Option<char> {
    let mut chars = text.chars();
    let c = chars.next()?;
    (ARROWS.contains(&c) && chars.next().is_some_and(char::is_whitespace)).then_some(c)
}

/// Removes line `i` if it is a lone pointer; true if it did.
pub fn lone(page: &mut Page<'_>, i: usize, figures: &Figures) -> bool {
    let l = &page.lines[i];
    let Some(mark) = arrow(l.text) else {
        return false;
    };
    if !l.is_headline_shaped(figures) {
        return false;
    }
    let same = |j: usize| {
        page.lines
            .get(j)
            .is_some_and(|n| arrow(n.text) == Some(mark))
    };
    if (i > 0 && same(i - 1)) || same(i + 1) {
        return false;
    }
    let words = l.size() as f64;
    page.remove(i, REASON, "lone_pointer", &[("words", words)]);
    true
}
