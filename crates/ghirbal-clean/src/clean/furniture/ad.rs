//! Ad labels (`boilerplate:ad`): a short label framed by dashes or brackets ("- Paid content
//! -", "— إعلان —", "[Anzeige]"), at most `label_words` + 1 words inside and no digit (a
//! framed "- 2014 to 2016 -" is a subheading); lexicons add the
//! bare wordings ("Advertisement", "إعلان", "Publicité").
//!
//! A page whose framed labels, in one frame, are at least `framed_sources` lines of which
//! most say something else ("[ Engadget ]", "[ The Verge ]", "[ CNET ]" under the quotes of a
//! review round-up) frames its sources, not ads: an ad label says the same few words each
//! time it comes back. Those lines stay.

use super::super::page::Page;
use crate::figures::Figures;

/// The reason of this file's rule.
pub const REASON: &str = "boilerplate:ad";
/// The rule name of a framed label, which `outside.rs` reads as an end mark after the body.
pub const FRAMED_RULE: &str = "framed_label";

/// Opening and closing frames.
const FRAMES: &[(char, char)] = &[
    ('-', '-'),
    ('–', '–'),
    ('—', '—'),
    ('[', ']'),
    ('【', '】'),
    ('*', '*'),
    ('~', '~'),
];

/// Removes line `i` if it is a framed label and the page does not frame its sources with
/// it; true if it did.
pub fn framed(page: &mut Page<'_>, i: usize, figures: &Figures) -> bool {
    let l = &page.lines[i];
    let Some((frame, _)) = label_in_frame(l.text, figures) else {
        return false;
    };
    // The same frame around other lines of the page: how many, and how many wordings.
    let mut wordings: Vec<&str> = Vec::new();
    let mut count = 0usize;
    for other in &page.lines {
        if let Some((f, inner)) = label_in_frame(other.text, figures)
            && f == frame
        {
            count += 1;
            if !wordings.contains(&inner) {
                wordings.push(inner);
            }
        }
    }
    if count >= figures.framed_sources && 2 * wordings.len() > count {
        return false;
    }
    page.remove(
        i,
        REASON,
        FRAMED_RULE,
        &[("words", l.size() as f64), ("framed_lines", count as f64)],
    );
    true
}

/// The frame (its index in [`FRAMES`]) and the label inside it, when `t` is a framed label.
fn label_in_frame<'t>(t: &'t str, figures: &Figures) -> Option<(usize, &'t str)> {
    FRAMES.iter().enumerate().find_map(|(k, &(open, close))| {
        let inner = t.strip_prefix(open)?.strip_suffix(close)?;
        let inner = inner.trim_matches(|c| c == open || c == close).trim();
        let words = inner.split_whitespace().count();
        ((1..=figures.label_words + 1).contains(&words)
            && inner.chars().any(char::is_alphabetic)
            && !inner.chars().any(ghirbal_core::text::is_numeric))
        .then_some((k, inner))
    })
}
