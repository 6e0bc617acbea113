//! What a line is about: the page it stands on, or the article's subject. Not a rule: the
//! signals `paywall.rs` and `poll.rs` weigh; and whether a line holds a count (`has_count`: a
//! number standing apart from letters, what a paywall counter counts).
//!
//! A line about the page names it, what it holds or what pays for it (a page word of the
//! lexicons' `[words] page`: "article", "pieces", "sponsored", "المقال", "إعلان", "publicité"),
//! and its other words are not the article's: of its content words (`shape::content_words`,
//! numbers, page words and item words left out: `[words] items`, what a count on the page
//! counts, "pieces", "مقالات"), at most `about_max_shared` are words of the headline or
//! of the live lines right above and below it. The article's own lines, a subheading or a
//! quote between two paragraphs, speak of what the paragraphs around them speak of; a line
//! the page inserts between them ("Article carries on beneath the panel") does not, and the
//! paragraphs around it continue each other. Only the headline and the neighbours are
//! compared, not the whole article: words of four letters such as "this" or "هذه" are
//! content words here, and a long article holds most of them.

use std::collections::HashSet;

use super::super::page::{Line, Page};
use crate::figures::Figures;
use crate::lexicon::Lexicon;

/// How line `i` relates to the page and to the article around it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct About {
    /// Page words among its content words.
    pub page_words: usize,
    /// Item words (`[words] items`: what a count on the page counts) among its other content
    /// words.
    pub item_words: usize,
    /// Its other content words (numbers left out).
    pub other_words: usize,
    /// The share of those found in the headline or in the live lines right above and below it
    /// (0 when it has none).
    pub shared: f64,
}

impl About {
    /// True when the line names the page and its other words are not the article's: at most
    /// `about_max_shared` of them.
    pub fn is_about_the_page(&self, figures: &Figures) -> bool {
        self.page_words > 0 && self.shared <= figures.about_max_shared
    }
}

/// The nearest live line above `i`, not above the headline.
pub fn live_above(page: &Page<'_>, i: usize) -> Option<usize> {
    let top = page.zones.headline.map_or(0, |h| h + 1);
    (top..i).rev().find(|&j| page.lines[j].is_live())
}

/// The nearest live line below `i`.
pub fn live_below(page: &Page<'_>, i: usize) -> Option<usize> {
    (i + 1..page.lines.len()).find(|&j| page.lines[j].is_live())
}

/// What line `i` is about, its words weighed against the headline and the lines `around`.
/// With `determiner`, the word right before a page word is left out too: it names the page
/// with it ("this page", "هذه الصفحة", "cette page"), and a headline's "this" is no sign that
/// a question speaks of the article.
pub fn of(
    page: &Page<'_>,
    i: usize,
    around: &[usize],
    lexicon: &Lexicon,
    determiner: bool,
) -> About {
    let words = words(&page.lines[i]);
    let page_words = words.iter().filter(|w| lexicon.is_page_word(w)).count();
    let item_words = words
        .iter()
        .filter(|w| !lexicon.is_page_word(w) && lexicon.is_item_word(w))
        .count();
    let other: Vec<&str> = words
        .iter()
        .enumerate()
        .filter(|&(k, w)| {
            let names_page =
                determiner && words.get(k + 1).is_some_and(|n| lexicon.is_page_word(n));
            !(lexicon.is_page_word(w) || lexicon.is_item_word(w) || names_page)
        })
        .map(|(_, w)| *w)
        .collect();
    let context: HashSet<&str> = page
        .zones
        .headline
        .into_iter()
        .chain(around.iter().copied())
        .filter(|&j| j != i)
        .flat_map(|j| page.lines[j].content_words().iter().map(String::as_str))
        .collect();
    let shared = other.iter().filter(|w| context.contains(*w)).count();
    About {
        page_words,
        item_words,
        other_words: other.len(),
        shared: if other.is_empty() {
            0.0
        } else {
            shared as f64 / other.len() as f64
        },
    }
}

/// A line's content words less its numbers: what the page and article words are weighed on.
pub fn words<'l>(line: &'l Line<'_>) -> Vec<&'l str> {
    line.content_words()
        .iter()
        .map(String::as_str)
        .filter(|w| !w.chars().all(ghirbal_core::text::is_numeric))
        .collect()
}

/// True when `text` holds a count: a run of digits with no letter right before or after it
/// ("3 free pieces", "$5/month", "بقي لك 3 مقالات"); the digits of a name ("V8", "MP3", "4K")
/// count nothing.
pub fn has_count(text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if !ghirbal_core::text::is_numeric(chars[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && ghirbal_core::text::is_numeric(chars[i]) {
            i += 1;
        }
        let before = start > 0 && chars[start - 1].is_alphabetic();
        let after = i < chars.len() && chars[i].is_alphabetic();
        if !before && !after {
            return true;
        }
    }
    false
}

/// Rounds a share for `--explain`.
pub fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}
