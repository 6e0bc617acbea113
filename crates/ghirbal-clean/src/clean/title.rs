//! The headline: recovered from the first line, or dropped when it repeats the record's title.
//!
//! A record that already has a title (from the input or from extraction) keeps it; a first
//! line equal to it (same key: letters and digits of the matching text) is dropped as
//! `title_repeat`. Otherwise the first line becomes the title when it reads like a headline:
//! - at most [`MAX_WORDS`] words and [`MAX_CHARS`] characters;
//! - it does not end like a clause (`.`, `,`, `،`, `:`, `;`, `؛`; an ellipsis is fine: cut
//!   headlines end with one);
//! - it is set apart: a blank line follows it, or the next line is at least twice as long.
//!   A page whose only line is short keeps it as text.

use ghirbal_core::reason::clean::line;

use super::page::Page;
use crate::lines;

/// Most words in a headline.
const MAX_WORDS: usize = 30;
/// Most characters in a headline.
const MAX_CHARS: usize = 300;

/// Applies the rule; returns the recovered title, if one was taken from the text.
pub fn recover(page: &mut Page<'_>, existing: Option<&str>) -> Option<String> {
    let (first, next) = {
        let mut live = page.live_from(0);
        (live.next()?, live.next())
    };
    if let Some(title) = existing {
        let key = lines::key(title);
        if !key.is_empty() && page.lines[first].key() == key {
            page.remove(first, line::TITLE_REPEAT);
        }
        return None;
    }
    let next = next?;
    let l = &page.lines[first];
    let n = &page.lines[next];
    let headline = (1..=MAX_WORDS).contains(&l.words)
        && l.text.chars().count() <= MAX_CHARS
        && !lines::ends_clause(l.text)
        && (l.blank_after || n.text.len() >= 2 * l.text.len());
    if !headline {
        return None;
    }
    let title = l.text.to_owned();
    page.remove(first, line::TITLE);
    Some(title)
}
