//! The site's notice about the page or the story, worded as prose, right under the headline or
//! closing the body (`boilerplate:notice`, rule `page_notice`).
//!
//! A site prints one sentence of its own where the article's lines sit: a developing-story
//! notice or a text-only notice under the headline ("This is a developing story and details
//! will be added", "Plain text version, pictures left out"), a disclaimer or a follow-coverage
//! line after the last paragraph ("What this column says is the writer's view alone.", "Stay
//! with our running coverage of this event"). No lexicon can list them; what they share:
//! - **where**: the first live line under the headline, or a live line under it before the
//!   first paragraph (`Page::under_headline`); or the page's last live line, below the body's
//!   first line, once every other rule has run;
//! - **shape**: short, at most `notice_max_words` words, no list item and no field (a line
//!   with a colon before its last word, "Version tested: PC.", is the article's data), and a
//!   sentence of its own: opening with a letter not in lower case, not ending with a colon
//!   (`stands_alone`: the rest of a sentence cut by a link, code, a line introducing a list
//!   stay);
//! - **about the page or the story**: it holds an own word (`[words] own` of the lexicons:
//!   "story", "column", "coverage", "version", "القصة", "الزاوية", "chronique"), the words by
//!   which a page speaks of itself and of what it carries;
//! - **not the article's**: its other content words (`shape::content_words`, numbers, own,
//!   page and common words left out: `[words] common`, "this", "with", "هذه", "cette", present in
//!   any article) are at most `notice_max_shared` words of the headline and every other live
//!   line, weighed by how specific they are rather than by presence: a common word shared says
//!   nothing. A line with no other content word left is not taken (nothing to weigh).
//!
//! A real last paragraph or a standfirst speaks of what the article speaks of and shares its
//! specific words ("The story of the port's closure is told in the report below" shares
//! "port", "closure"); a subheading that names a story ("Story timeline") is not at the head
//! nor the end. Only on a web page (`Page::signals`): an edited text keeps its first and last
//! lines. `--explain` figures: `words`, `own_words`, `other_words`, `shared`, the web signals.

use std::collections::HashSet;

use super::super::page::Page;
use super::about;
use crate::figures::Figures;
use crate::lexicon::Lexicon;

/// The rule's name in `--explain`.
pub const RULE: &str = "page_notice";

/// The removal reason.
pub const REASON: &str = "boilerplate:notice";

/// Takes out the site's notices under the headline and closing the body (see the module
/// docs).
pub fn take(page: &mut Page<'_>, lexicon: &Lexicon, figures: &Figures) {
    let signals = page.signals();
    if !signals.is_web_page() {
        return;
    }
    let (Some(h), Some((start, _))) = (page.zones.headline, page.zones.body) else {
        return;
    };
    let mut candidates = page.under_headline(figures);
    if let Some(first) = page.live_from(h + 1).next() {
        candidates.push(first);
    }
    if let Some(last) = (0..page.lines.len())
        .rev()
        .find(|&i| page.lines[i].is_live())
        .filter(|&i| i > start && i > h)
    {
        candidates.push(last);
    }
    candidates.sort_unstable();
    candidates.dedup();
    for i in candidates {
        if let Some(mut figs) = weigh(page, i, lexicon, figures) {
            figs.extend(signals.figures());
            page.remove(i, REASON, RULE, &figs);
        }
    }
}

/// The figures of line `i` when it is the site's notice (see the module docs), `None` when not.
fn weigh(
    page: &Page<'_>,
    i: usize,
    lexicon: &Lexicon,
    figures: &Figures,
) -> Option<Vec<(&'static str, f64)>> {
    let l = &page.lines[i];
    if !l.is_live()
        || l.size() > figures.notice_max_words
        || l.shape.list_item
        || is_field(l.text)
        || !stands_alone(l.text)
    {
        return None;
    }
    let words = about::words(l);
    let own = words.iter().filter(|w| lexicon.is_own_word(w)).count();
    if own == 0 {
        return None;
    }
    let other: Vec<&str> = words
        .iter()
        .copied()
        .filter(|w| {
            !(lexicon.is_own_word(w) || lexicon.is_page_word(w) || lexicon.is_common_word(w))
        })
        .collect();
    if other.is_empty() {
        return None;
    }
    let article: HashSet<&str> = (0..page.lines.len())
        .filter(|&j| j != i && (page.lines[j].is_live() || Some(j) == page.zones.headline))
        .flat_map(|j| page.lines[j].content_words().iter().map(String::as_str))
        .collect();
    let shared = other.iter().filter(|w| article.contains(*w)).count() as f64 / other.len() as f64;
    (shared <= figures.notice_max_shared).then(|| {
        vec![
            ("words", l.size() as f64),
            ("own_words", own as f64),
            ("other_words", other.len() as f64),
            ("shared", about::round2(shared)),
        ]
    })
}

/// True when `text` reads as a sentence of its own: it opens with a letter that is not
/// lower-case (a line opening in lower case, "its latest version.", is the rest of the sentence
/// above, cut by an inline link; one opening with a mark, "// photo is a list of photos.", is
/// code or a quote's tail) and does not end with a colon (it introduces what follows: "The
/// release history tells a slightly different story:").
fn stands_alone(text: &str) -> bool {
    let text = text.trim();
    text.chars()
        .next()
        .is_some_and(|c| c.is_alphabetic() && !c.is_lowercase())
        && !text.ends_with([':', '：'])
}

/// True for a field, "Label: value": a line with a colon before its last word.
fn is_field(text: &str) -> bool {
    let mut words: Vec<&str> = text.split_whitespace().collect();
    words.pop();
    words.iter().any(|w| w.ends_with(':') || w.ends_with('：'))
}
