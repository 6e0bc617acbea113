//! Pointers to other pages (`boilerplate:read_also`, by shape): a line that opens with an
//! arrow (`→`, `➜`, `►`, `▶`, `◄`, `⇒`...) or a box mark (`◆`, `❖`) and a space, is shaped like a headline (no full stop nor
//! clause end) and stands alone: neither line next to it opens with the same mark. A run of
//! such lines is a list of the article's own; one arrow line between paragraphs points
//! elsewhere ("→ Other story's headline", "▶ Video: behind the scenes", "◄ Related coverage:
//! ...", "◆ Turn on alerts for this story"). Guillemets and `›` are not arrows here: they open
//! quotes and breadcrumbs; nor are the bullets prose uses for lists (`•`, `-`, `*`).
//!
//! A call to action (rule `call_to_action`), outside the body span: a line whose last arrow
//! stands alone between words and is followed by at most `label_words` words, the button it
//! points to, or ends the line ("Faster in the app → Open", "تجربة أسرع على التطبيق ← افتح",
//! "Read the full interview →"); not prose, no digit, and alone as above. A route or a
//! sequence the article lists ("Paris → Lyon" then "Lyon → Marseille") comes in a run of
//! lines alike; a change in figures ("2019 → 2024") holds digits.

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

/// True when `token` is one arrow mark.
fn is_arrow(token: &str) -> bool {
    let mut chars = token.chars();
    chars.next().is_some_and(|c| ARROWS.contains(&c)) && chars.next().is_none()
}

/// The words after the last arrow standing alone in `text`, when there is one with words
/// before it.
fn after_arrow(text: &str) -> Option<usize> {
    if !text.contains(ARROWS) {
        return None;
    }
    let tokens: Vec<&str> = text.split_whitespace().collect();
    let at = tokens.iter().rposition(|t| is_arrow(t))?;
    (at > 0).then_some(tokens.len() - at - 1)
}

/// Removes line `i` (outside the body span) if it is a call to action (see the module docs);
/// true if it did.
pub fn call_to_action(page: &mut Page<'_>, i: usize, figures: &Figures) -> bool {
    let l = &page.lines[i];
    if l.is_prose(figures) || l.shape.sentence || l.text.chars().any(ghirbal_core::text::is_numeric)
    {
        return false;
    }
    let Some(words) = after_arrow(l.text).filter(|&w| w <= figures.label_words) else {
        return false;
    };
    let alike = |j: usize| {
        page.lines
            .get(j)
            .is_some_and(|n| after_arrow(n.text).is_some())
    };
    if (i > 0 && alike(i - 1)) || alike(i + 1) {
        return false;
    }
    page.remove(
        i,
        REASON,
        "call_to_action",
        &[("words_after_arrow", words as f64)],
    );
    true
}
