//! Consent banners (`boilerplate:consent`) by shape, place and one word: the lines that end
//! the page after the body span, one or two sentences of at most 2 × `prose_words` words, one
//! of them naming consent (`[words] consent`: "cookies", "ملفات تعريف الارتباط", "témoins"),
//! then 2 to `consent_controls` buttons ("Agree", "Settings"): labels without digits that no
//! other rule took out, and nothing after them.
//!
//! A banner is prose that opens with a full sentence, so no other rule takes it; its buttons
//! are what tells it from an article's own closing lines. An article about cookies keeps its
//! paragraphs: those inside the body span are never looked at, and a short last paragraph
//! after the span stays unless buttons close the page under it. A share bar or a menu there is
//! taken out by its own rule (lexicon, tool words) and is no button: the article ends above it
//! (`outside.rs`) and its last short paragraph stays.
//!
//! Taken last, from the lines the other rules left: where the article ends after the body is
//! decided as without the banner.

use super::super::page::Page;
use crate::figures::Figures;
use crate::lexicon::Lexicon;

/// The reason of this file's rule.
pub const REASON: &str = "boilerplate:consent";

/// How many sentence lines a banner holds above its buttons.
const NOTICE_LINES: usize = 2;

/// Removes a consent banner that ends the page below the body span.
pub fn banner(page: &mut Page<'_>, lexicon: &Lexicon, figures: &Figures) {
    let Some((_, end)) = page.zones.body else {
        return;
    };
    let n = page.lines.len();
    // The buttons: the page's last lines, up to one too many to tell a longer run.
    let mut first = n;
    while first > end + 1 && n - first <= figures.consent_controls {
        let l = &page.lines[first - 1];
        if !(l.is_live() && l.is_label(figures) && !l.shape.digits) {
            break;
        }
        first -= 1;
    }
    let controls = n - first;
    if controls < 2 || controls > figures.consent_controls {
        return;
    }
    // The notice: the sentences right above the buttons, below the body span.
    let mut top = first;
    let mut named = false;
    while top > end + 1 && first - top < NOTICE_LINES {
        let l = &page.lines[top - 1];
        if !(l.is_live() && l.shape.sentence && l.size() <= 2 * figures.prose_words) {
            break;
        }
        named |= lexicon.names_consent(l.text);
        top -= 1;
    }
    if top == first || !named {
        return;
    }
    for i in top..n {
        let words = page.lines[i].size() as f64;
        let rule = if i < first {
            "consent_notice"
        } else {
            "consent_button"
        };
        page.remove(
            i,
            REASON,
            rule,
            &[("words", words), ("buttons", controls as f64)],
        );
    }
}
