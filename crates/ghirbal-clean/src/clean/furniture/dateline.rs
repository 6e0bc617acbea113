//! Datelines and bylines around the headline (`dateline`, `byline`): taken out of the text and
//! parsed into the record's `date` and `metadata.author` when they can be.
//!
//! - A dateline has at most `dateline_max_words` words, no sentence end, and holds a date that
//!   `ghirbal_core::calendar` reads (the calendar `extract` uses: Arabic months in their three
//!   systems, English and French months, numeric dates, "نشر في" / "آخر تحديث" labels), or a
//!   clock time; a row that pairs a name with a date ("Karim Saleh | 05/03/2024") is one too.
//! - A byline starts with a byline word of a lexicon (`[byline] prefixes`: "By", "Par",
//!   "بقلم", "كتب"...) and has at most `byline_max_words` words, no sentence end.
//!
//! Both are looked for only between the headline and the body's first paragraph, and
//! datelines also in the `dateline_above` lines above the headline (see `outside.rs`): a date inside the body or in
//! a sidebar is never taken. The date kept is the first labelled as the publication date,
//! else the first unlabelled one, else the first; it becomes `date` only when the record has
//! none.

use ghirbal_core::calendar::{Found, Label};
use ghirbal_core::reason::clean::line;

use super::super::page::Page;
use crate::figures::Figures;
use crate::lexicon::Lexicon;
use crate::shape;

/// What the datelines and bylines of a page gave.
#[derive(Debug, Default)]
pub struct Taken {
    /// Dates found, in page order.
    pub dates: Vec<Found>,
    /// The first byline's name.
    pub author: Option<String>,
}

impl Taken {
    /// The publication date: the first labelled as such, else the first unlabelled, else the
    /// first.
    pub fn date(&self) -> Option<Found> {
        self.dates
            .iter()
            .find(|f| f.label == Label::Published)
            .or_else(|| self.dates.iter().find(|f| f.label == Label::None))
            .or_else(|| self.dates.first())
            .copied()
    }
}

/// True when line `i` is a dateline (see the module docs).
pub fn is_dateline(page: &Page<'_>, i: usize, figures: &Figures) -> bool {
    let l = &page.lines[i];
    if l.shape.sentence || l.size() > figures.dateline_max_words || !l.shape.digits {
        return false;
    }
    l.date(figures).is_some() || shape::has_clock(l.text)
}

/// Takes line `i` out if it is a dateline, or, when `bylines` is set (below the headline), a
/// byline; true if it did.
pub fn take(
    page: &mut Page<'_>,
    i: usize,
    figures: &Figures,
    lexicon: &Lexicon,
    taken: &mut Taken,
    bylines: bool,
) -> bool {
    if !page.lines[i].is_live() {
        return false;
    }
    if is_dateline(page, i, figures) {
        let found = page.lines[i].date(figures);
        let mut figs = vec![("words", page.lines[i].size() as f64)];
        if let Some(f) = found {
            taken.dates.push(f);
            figs.push(("date_found", 1.0));
        }
        page.remove(i, line::DATELINE, "dateline", &figs);
        return true;
    }
    let l = &page.lines[i];
    if bylines
        && l.size() <= figures.byline_max_words
        && !l.shape.sentence
        && let Some(name) = lexicon.byline(l.text)
    {
        if taken.author.is_none() && !name.is_empty() {
            taken.author = Some(name);
        }
        let words = l.size() as f64;
        page.remove(i, line::BYLINE, "byline", &[("words", words)]);
        return true;
    }
    false
}
