//! Page furniture, recognised by shape, position and wording, each kind in its own file named
//! like its reason (`boilerplate:<kind>`).
//!
//! In the order [`super::Clean`] applies them:
//! 1. anywhere on the page: lines a lexicon names ([`lexicon`]), rows of short items joined by
//!    separators ([`navigation`]), tool and share bars ([`share`]), legal and copyright lines
//!    ([`copyright`]), ad labels ([`ad`]) and lone arrow lines pointing elsewhere
//!    ([`pointer`]); then, below the headline, boxes of other stories under their label
//!    ([`related::boxed`]) and, outside the body span, tag lists ([`tags`]) and calls to
//!    action ([`pointer`]) and, after it, reporting credits ([`credit`]);
//! 2. once the body and the headline are found, the lines about the page rather than the
//!    article that read like its own (`about.rs`: a page word, words foreign to the headline
//!    and the lines around them): asides between paragraphs ([`aside`]), paywall counters
//!    ([`paywall`]), polls put to the reader ([`poll`]); and rows of credits and download
//!    links under the headline ([`credit_row`], [`download`]);
//!    then around the headline: datelines and bylines,
//!    parsed into `date` and `metadata.author` ([`dateline`]), place-and-agency slugs
//!    ([`credit`]), counters ([`counter`]), and everything above the headline ([`outside`]);
//! 3. after the body: a consent banner with its buttons ending the page ([`consent`]); then
//!    from the first furniture line after the body on, everything ([`outside`]), which takes
//!    lists of other stories' headlines with or without a label ([`related`]), comment
//!    sections and footers; last, on a web page, the end of the article by shape among the
//!    lines left after the body: a tail of the site's lines after the article's last line in
//!    its words ([`ending`]); then the site's one-sentence notice about the page or the
//!    story right under the headline or closing the body ([`notice`]).
//!
//! No shape rule takes out a line of prose (`Line::is_prose`) inside the body but two whose
//! words are not the article's (a labelled pointer to another story, [`pointer`]; a paywall
//! counter, [`paywall`]); only the position rules of steps 2 and 3 do, and only on a web page
//! (`Page::signals`, one set of signals every position rule reads: site furniture, a headline
//! below lines that are not the article, a dated headline).

pub(super) mod about;
pub mod ad;
pub mod aside;
pub mod consent;
pub mod copyright;
pub mod counter;
pub mod credit;
pub mod credit_row;
pub mod dateline;
pub mod download;
pub mod ending;
pub mod lexicon;
pub mod navigation;
pub mod notice;
pub mod outside;
pub mod paywall;
pub mod pointer;
pub mod poll;
pub mod related;
pub mod share;
pub mod tags;

use super::page::Page;
use crate::figures::Figures;
use crate::lexicon::Lexicon;

/// Step 1: the rules that hold anywhere on the page.
pub fn anywhere(page: &mut Page<'_>, lexicon: &Lexicon, figures: &Figures) {
    lexicon::apply(page, lexicon);
    for i in 0..page.lines.len() {
        if !page.lines[i].is_live() {
            continue;
        }
        let _ = navigation::row(page, i, figures)
            || share::tools(page, i, lexicon)
            || copyright::mark(page, i, figures)
            || ad::framed(page, i, figures)
            || pointer::lone(page, i, figures);
    }
}

/// Once the headline and the body span are known: boxes of other stories under their label
/// below the headline ([`related::boxed`]), other stories' headlines under a label between
/// two paragraphs ([`pointer::labelled`]), tag lists outside the body span and below the
/// headline (a body's "Source: a, b, c" or a headline such as "Pictures: X, Y, Z" is not one),
/// calls to action there ([`pointer::call_to_action`]), and reporting credits after the body
/// span ([`credit::reporting`]).
pub fn outside_body(page: &mut Page<'_>, figures: &Figures) {
    related::boxed(page, figures);
    pointer::labelled(page, figures);
    let Some((start, end)) = page.zones.body else {
        return;
    };
    let top = page.zones.headline.map_or(0, |h| h + 1);
    for i in (top..start).chain(end + 1..page.lines.len()) {
        if page.lines[i].is_live() {
            let _ = (i > end && credit::reporting(page, i, figures))
                || tags::list(page, i, figures)
                || pointer::call_to_action(page, i, figures);
        }
    }
}

/// Once the headline and the body span are known, before the article's end is looked for:
/// the lines about the page rather than the article (`about.rs`) that read like its own
/// lines: asides between paragraphs ([`aside`]), pointers to the page's pictures or video
/// between paragraphs ([`pointer::media`]), paywall counters ([`paywall`]) and polls put
/// to the reader ([`poll`]); then the credit rows under the headline ([`credit_row`]), which
/// no lexicon's byline opener opens, and the download links there ([`download`]).
pub fn about_the_page(page: &mut Page<'_>, lexicon: &Lexicon, figures: &Figures) {
    aside::take(page, lexicon, figures);
    pointer::media(page, lexicon, figures);
    paywall::take(page, lexicon, figures);
    poll::take(page, lexicon, figures);
    credit_row::take(page, figures);
    download::take(page, figures);
}
