//! Menus and breadcrumbs (`boilerplate:navigation`), by shape.
//!
//! - A row of short items joined by separators standing alone between spaces (`|`, `›`, `»`,
//!   `/`, `-`, `•`, `·`...) is a menu row or a breadcrumb when it has at least `row_min_items`
//!   items of at most `row_item_words` words, none ending a sentence; two items suffice when a
//!   breadcrumb separator (`›`, `»`, `>`) joins them, one more is needed when only dashes or
//!   slashes do (prose and tables join a title, a name and a place with them: "Film –
//!   Director – Country"). A row that opens with a bullet is an inline list, a row with a
//!   word ending in a colon a labelled list ("Goalkeepers: Neuer - ter Stegen - Leno -
//!   Trapp"; a breadcrumb may have one: "You are here: Home › News"), and a row of
//!   numbered items is a menu only when they are counters (at most `label_words` words: "12
//!   likes · 3400 reads"). Anywhere on the page: a sentence is never cut into word-sized
//!   pieces by lone symbols.
//! - Outside the body span, a run of at least `label_run` labels (at most `label_words` words,
//!   no sentence end), one per line, is a menu (see `outside.rs`, which applies it).

use super::super::page::Page;
use crate::figures::Figures;
use crate::shape;

/// The reason of this file's rules.
pub const REASON: &str = "boilerplate:navigation";

/// Removes line `i` if it is a menu row or a breadcrumb; true if it did.
pub fn row(page: &mut Page<'_>, i: usize, figures: &Figures) -> bool {
    let l = &page.lines[i];
    if !l.shape.separators || l.shape.sentence || l.size() > figures.row_item_words * 12 {
        return false;
    }
    let Some(r) = shape::row(l.text) else {
        return false;
    };
    let min_items = if r.trail {
        2
    } else if r.dashes {
        figures.row_min_items + 1
    } else {
        figures.row_min_items
    };
    if r.items < min_items
        || r.max_item_words > figures.row_item_words
        || r.sentence_item
        || r.opens_with_separator
        || (r.labelled && !r.trail)
    {
        return false;
    }
    // "Author | 05/03/2024" is a dateline (`dateline.rs`); a row of counters ("12 likes ·
    // 3400 reads") has short items, a list of models ("Nokia 8 Sirocco • Nokia 7 Plus") not.
    if r.numbered_items > 0
        && (r.numbered_items < r.items || r.max_item_words > figures.label_words)
    {
        return false;
    }
    let rule = if r.trail { "breadcrumb" } else { "menu_row" };
    page.remove(
        i,
        REASON,
        rule,
        &[
            ("items", r.items as f64),
            ("max_item_words", r.max_item_words as f64),
        ],
    );
    true
}

/// True when line `i` is a label: a menu item, a section name, a tag.
pub fn is_label(page: &Page<'_>, i: usize, figures: &Figures) -> bool {
    page.lines[i].is_label(figures)
}
