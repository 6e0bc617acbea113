//! In-body asides (`boilerplate:ad`, rule `in_body_aside`): a short line the page inserts
//! between two paragraphs of the article, shaped like a subheading, about the page rather than
//! the article: an ad panel's label ("Sponsored message", "إعلان تجاري", "Message
//! sponsorisé") or the line under it ("Article carries on beneath the panel", "يتواصل المقال
//! أسفل اللوحة").
//!
//! Below the headline, a live line that is not prose (`Line::is_prose`), holds no digit, is no
//! list item nor table row, does not end like a clause (a line ending with a colon announces
//! what follows: "Let's recap what we covered in this article:"), names no author (a byline
//! opener of the lexicons, `[byline] prefixes`, anywhere: "مقال بقلم محلل الشؤون الاقتصادية" is
//! the article's credit), and stands inside the body
//! span or between two lines of prose (its nearest live lines above and below), is an aside
//! when it names the page (`about.rs`: a page word of `[words] page`; or it is a label of at
//! most `label_words` words whose first or last word is by itself an ad label of the lexicons,
//! "Sponsored message", "إعلان تجاري": Arabic "إعلان" is no page word, as it is "announcement"
//! as often) and shares none of the article's content words (page words aside: none in the
//! headline, the lines around it or any line of the body span). A subheading ("Background",
//! "What happens next", "Story timeline": "story" is no page word) names no page; one that
//! does ("Turning the page on the old port", "حرية التعبير في مقال خاشقجي الأخير") speaks of
//! what the article speaks of, and shares at least one of its words. With `about_max_shared`
//! (0.34) instead of none, ten lines of ANT's articles went, each sharing one to three of its
//! words with the article (a subheading "لطي صفحة المعتقلين والمختفين", a note "نشر هذا المقال
//! بالتعاون مع ..."); asking for none, none does.
//!
//! The reason is the ad label's: the page's own insert, which says nothing of where the
//! article ends (not site furniture: an edited text with a box in it keeps its other lines).

use super::super::page::Page;
use super::about;
use crate::figures::Figures;
use crate::lexicon::Lexicon;

/// The rule's name in `--explain`.
pub const RULE: &str = "in_body_aside";

/// Removes the in-body asides below the headline (see the module docs).
pub fn take(page: &mut Page<'_>, lexicon: &Lexicon, figures: &Figures) {
    let Some((start, end)) = page.zones.body else {
        return;
    };
    let top = page.zones.headline.map_or(0, |h| h + 1);
    for i in top..page.lines.len() {
        let l = &page.lines[i];
        if !l.is_live()
            || l.is_prose(figures)
            || l.shape.digits
            || l.shape.list_item
            || l.shape.table_row
            || l.shape.clause_end
            || lexicon.names_author(l.text)
        {
            continue;
        }
        let (Some(above), Some(below)) = (about::live_above(page, i), about::live_below(page, i))
        else {
            continue;
        };
        let inside = start < i && i < end;
        let between = page.lines[above].is_prose(figures) && page.lines[below].is_prose(figures);
        if !(inside || between) {
            continue;
        }
        // The page word first: the article's words are gathered only for a line naming a page.
        let ad_label = l.size() <= figures.label_words && opens_or_closes_with_ad(l.text, lexicon);
        if !ad_label && !l.content_words().iter().any(|w| lexicon.is_page_word(w)) {
            continue;
        }
        // Weighed against the whole article, not only the paragraphs around it: an edited
        // text's subheading may name an article or an announcement ("حرية التعبير في مقال
        // خاشقجي الأخير") and speaks of what the article speaks of further on.
        let around: Vec<usize> = [above, below]
            .into_iter()
            .chain((start..=end).filter(|&j| page.lines[j].is_live()))
            .collect();
        let a = about::of(page, i, &around, lexicon, false);
        if (a.page_words > 0 || ad_label) && a.shared == 0.0 {
            page.remove(
                i,
                super::ad::REASON,
                RULE,
                &[
                    ("page_words", a.page_words as f64),
                    ("ad_word", f64::from(u8::from(ad_label))),
                    ("other_words", a.other_words as f64),
                    ("shared", about::round2(a.shared)),
                ],
            );
        }
    }
}

/// True when the first or the last word of `text` is by itself an ad label of the lexicons
/// (`[boilerplate.ad] lines`: "Sponsored", "إعلان", "sponsorisé").
fn opens_or_closes_with_ad(text: &str, lexicon: &Lexicon) -> bool {
    let mut words = text.split_whitespace();
    let ad = |w: Option<&str>| w.is_some_and(|w| lexicon.category(w, 1) == Some(super::ad::REASON));
    ad(words.next()) || ad(words.next_back())
}
