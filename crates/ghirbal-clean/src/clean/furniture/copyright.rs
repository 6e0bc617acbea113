//! Legal and copyright lines (`boilerplate:copyright`) by their mark: a line of at most
//! `prose_words` × 2 words holding `©`, `℗` or `(c)` / `(C)` next to a year. Lexicons add
//! the wordings ("All rights reserved", "جميع الحقوق محفوظة").

use super::super::page::Page;
use crate::figures::Figures;

/// The reason of this file's rule.
pub const REASON: &str = "boilerplate:copyright";

/// Removes line `i` if it carries a copyright mark; true if it did.
pub fn mark(page: &mut Page<'_>, i: usize, figures: &Figures) -> bool {
    let l = &page.lines[i];
    if l.size() > 2 * figures.prose_words {
        return false;
    }
    let t = l.text;
    let marked = t.contains('©')
        || t.contains('℗')
        || ((t.contains("(c)") || t.contains("(C)")) && l.shape.digits);
    if !marked {
        return false;
    }
    page.remove(i, REASON, "legal_mark", &[("words", l.size() as f64)]);
    true
}
