//! Paywall counters (`boilerplate:ad`, rule `paywall_counter`): a line that counts what the reader has left to
//! read and prompts them, inside the body or after it ("3 free pieces left this month. Join to
//! read without limits", "بقي لك 3 مقالات مجانية هذا الشهر. اشترك لتقرأ بلا حدود", "Plus que 3
//! articles offerts ce mois-ci. Abonnez-vous pour tout lire").
//!
//! Below the headline, a live line of at most `reader_line_words` words, no list item, that
//! holds a count (a number standing apart from letters, `about::has_count`: "3 pieces",
//! "$5/month", not the "8" of "V8"), addresses the reader (`[words] reader`: a second-person word or a
//! prompt's verb) and is about the page (`about.rs`: a page word or an item word, "pieces",
//! "مقالات", "articles", and at most `about_max_shared` of its other content words in the headline or
//! the live lines right above and below it). Each signal alone is common in articles: a guide
//! or a column says "you", a quote uses imperatives, a paragraph counts things; a paragraph
//! that counts articles and addresses the reader speaks of what the paragraphs around it speak
//! of. The one rule here that takes a line of prose length inside the body, with
//! `pointer.rs`'s labelled pointer: its words are not the article's. The reason is the ad
//! label's: the page's own advertisement for its subscription, inserted in the article, which
//! says nothing of where the article ends (not site furniture: the body span may stop above it,
//! and the paragraphs under it are still the article's). On readability's 130 test pages
//! (`bench/clean-readability.sh`) it took 5 lines, one the expected article keeps, an author's
//! aside whose only digit was a name's ("(for more details about V8 and its garbage collector
//! you can read my previous article here)"); with the count standing apart, 4 and none.

use super::super::page::Page;
use super::about;
use crate::figures::Figures;
use crate::lexicon::Lexicon;

/// The rule's name in `--explain`.
pub const RULE: &str = "paywall_counter";

/// Removes the paywall counters below the headline (see the module docs).
pub fn take(page: &mut Page<'_>, lexicon: &Lexicon, figures: &Figures) {
    if page.zones.body.is_none() {
        return;
    }
    let top = page.zones.headline.map_or(0, |h| h + 1);
    for i in top..page.lines.len() {
        let l = &page.lines[i];
        if !l.is_live()
            || l.size() > figures.reader_line_words
            || !l.shape.digits
            || !about::has_count(l.text)
            || l.shape.list_item
            || !lexicon.addresses_reader(l.text)
        {
            continue;
        }
        let around: Vec<usize> = about::live_above(page, i)
            .into_iter()
            .chain(about::live_below(page, i))
            .collect();
        let words = l.size() as f64;
        let a = about::of(page, i, &around, lexicon, false);
        if (a.page_words > 0 || a.item_words > 0) && a.shared <= figures.about_max_shared {
            page.remove(
                i,
                super::ad::REASON,
                RULE,
                &[
                    ("words", words),
                    ("page_words", (a.page_words + a.item_words) as f64),
                    ("other_words", a.other_words as f64),
                    ("shared", about::round2(a.shared)),
                ],
            );
        }
    }
}
