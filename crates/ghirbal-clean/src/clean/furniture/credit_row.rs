//! Credit rows under the headline (`byline`, rule `credit_row`): the article's credits as a row
//! of items joined by a separator, each a role and a name ("Text Sarah Malik · Images Sarah
//! Malik", "نص سارة المنصوري · صور سارة المنصوري", "Texte X · Images Y").
//!
//! Between the headline and the first line of prose under it, a live line that is not prose
//! and is a row (`shape::row`) of at least two items joined by a separator that is neither a
//! dash nor a breadcrumb's, no item numbered, ending a sentence or labelled with a colon, each
//! item of 2 to `row_item_words` words: a role and a name; in a cased script, the words after
//! the role open with a capital, as names do (in Arabic, with no capitals, the shape alone
//! decides). A menu row has one-word items, a two-part subtitle ("The airport line · What it
//! costs") has lower-case words after its first, and a place and date row holds digits.
//! Taken out as a byline (`dateline.rs` takes bylines that open with a lexicon's word; these
//! open with a role the lexicons do not list).

use ghirbal_core::reason::clean::line;

use super::super::page::Page;
use crate::figures::Figures;
use crate::shape;

/// The rule's name in `--explain`.
pub const RULE: &str = "credit_row";

/// Removes the credit rows between the headline and the first line of prose under it.
pub fn take(page: &mut Page<'_>, figures: &Figures) {
    for i in page.under_headline(figures) {
        let l = &page.lines[i];
        let Some(row) = shape::row(l.text) else {
            continue;
        };
        let items = items(l.text);
        let credits = row.items >= 2
            && row.numbered_items == 0
            && !row.sentence_item
            && !row.dashes
            && !row.trail
            && !row.labelled
            && !row.opens_with_separator
            && items.len() == row.items
            && items
                .iter()
                .all(|it| (2..=figures.row_item_words).contains(&it.len()) && names(it));
        if credits {
            let n = row.items as f64;
            page.remove(i, line::BYLINE, RULE, &[("items", n)]);
        }
    }
}

/// The items of a row: its words between tokens made only of marks.
fn items(text: &str) -> Vec<Vec<&str>> {
    let mut out: Vec<Vec<&str>> = vec![Vec::new()];
    for token in text.split_whitespace() {
        if token.chars().all(|c| !c.is_alphanumeric()) {
            out.push(Vec::new());
        } else if let Some(last) = out.last_mut() {
            last.push(token);
        }
    }
    out.retain(|it| !it.is_empty());
    out
}

/// True when the words after an item's first open with a capital, in a cased script; true
/// for words of a script without capitals.
fn names(item: &[&str]) -> bool {
    item[1..].iter().all(|w| {
        let first = w.chars().find(|c| c.is_alphabetic());
        first.is_none_or(|c| c.is_uppercase() || !c.is_lowercase())
    })
}
