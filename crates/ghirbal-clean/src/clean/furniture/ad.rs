//! Ad labels (`boilerplate:ad`): a short label framed by dashes or brackets ("- Paid content
//! -", "— إعلان —", "[Anzeige]"), at most `label_words` + 1 words inside and no digit (a
//! framed "- 2014 to 2016 -" is a subheading); lexicons add the
//! bare wordings ("Advertisement", "إعلان", "Publicité").

use super::super::page::Page;
use crate::figures::Figures;

/// The reason of this file's rule.
pub const REASON: &str = "boilerplate:ad";

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

/// Removes line `i` if it is a framed label; true if it did.
pub fn framed(page: &mut Page<'_>, i: usize, figures: &Figures) -> bool {
    let l = &page.lines[i];
    let t = l.text;
    let framed = FRAMES.iter().any(|&(open, close)| {
        t.strip_prefix(open)
            .and_then(|r| r.strip_suffix(close))
            .is_some_and(|inner| {
                let inner = inner.trim_matches(|c| c == open || c == close).trim();
                let words = inner.split_whitespace().count();
                (1..=figures.label_words + 1).contains(&words)
                    && inner.chars().any(char::is_alphabetic)
                    && !inner.chars().any(ghirbal_core::text::is_numeric)
            })
    });
    if !framed {
        return false;
    }
    page.remove(i, REASON, "framed_label", &[("words", l.size() as f64)]);
    true
}
