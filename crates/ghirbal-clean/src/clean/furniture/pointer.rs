//! Pointers to other pages (`boilerplate:read_also`, by shape): a line that opens with an
//! arrow (`→`, `➜`, `►`, `▶`, `◄`, `⇒`...) or a box mark (`◆`, `❖`) and a space, is shaped like a headline (no full stop nor
//! clause end) and stands alone: neither line next to it opens with the same mark. A run of
//! such lines is a list of the article's own; one arrow line between paragraphs points
//! elsewhere ("→ Other story's headline", "▶ Video: behind the scenes", "◄ Related coverage:
//! ...", "◆ Turn on alerts for this story"). Guillemets and `›` are not arrows here: they open
//! quotes and breadcrumbs; nor are the bullets prose uses for lists (`•`, `-`, `*`).
//!
//! A labelled pointer (rule `labelled_pointer`), inside the body span between two lines of
//! prose, with no digit in its label: a label of `pointer_label_min_words` to `pointer_label_words` words
//! (a headline of its own opens with a topic of one or two: "Syria: ..."), not a name (two
//! words or more, each opening with a capital: a speaker in an interview) nor a clause (a
//! comma: "From his side, X said:"), a colon, then a headline: at most `pointer_max_words`
//! words, not opening with a quotation mark (reported speech), ending no sentence nor clause,
//! of at least `pointer_min_words` content words (numbers left out), of which at most `pointer_max_shared` are words of the article's headline
//! and other body lines: another story's headline under an in-body label ("Up next in this
//! section: ...", "التالي في القسم: ..."). The one shape rule that takes a line of prose
//! length inside the body: its words are not the article's. A subheading with a colon ("The
//! plan: two tram lines under the old port") or a speaker's line in a Q&A is about the article
//! and shares its words, or ends a sentence.
//!
//! A pointer to the page's other media (rule `media_pointer`), below the headline, between two
//! lines of prose (its nearest live lines above and below): a field whose label, of at most
//! `label_words` words, holds a media word of the lexicons (`[words] media`: "pictures",
//! "video", "gallery", "الصور", "فيديو", "diaporama"), whose value counts what it points to (a
//! number) in at most `pointer_max_words` words, ending no sentence nor clause, no list item
//! nor table row, and of whose other content words (numbers, media and common words left out)
//! at most `media_max_shared` (0.5) are words of the article (its headline and the body span's
//! other live lines): "Pictures: 4 shots from the scene", "الصور: 4 لقطات من المكان", "Images :
//! 4 vues des lieux". A one-word label is a topic to `labelled` (it asks for
//! `pointer_label_min_words`), and a count is no headline's; the media word and the count tell
//! a gallery's pointer. The article's own line that looks like it speaks of what the article
//! speaks of and shares more of its words ("Photos: 3 stops of the airport tram line" in a
//! story on that line), ends a sentence ("Video: 2 minutes of the first test run on the
//! quay."), or stands in a run of fields (a camera's "Video: 4K at 60 fps" under "Photos: 50
//! megapixels": its neighbours are no prose). On layout N23 (397 pages;
//! `bench/clean-layouts.sh`, 2026-12-08), a first version (inside the body span or between two lines of prose, at
//! `pointer_max_shared`, 0.34) left 29 pointers, the value's two words sharing one ("مكان",
//! place) with the article; between two lines of prose at 0.5, 13 (15 since 8ea1fd2's title
//! changes), most next to a truth's short line (a subheading, "10 p.m.") or on a page whose
//! headline is not found; next to one line of prose and no label instead of between two, 14.
//! N23 clean alone body exact 0 → 85.1 %, dev layouts 84.11 → 86.47 %, no paragraph lost.
//!
//! A call to action (rule `call_to_action`), outside the body span: a line whose last arrow
//! stands alone between words and is followed by at most `label_words` words, the button it
//! points to, or ends the line ("Faster in the app → Open", "تجربة أسرع على التطبيق ← افتح",
//! "Read the full interview →"); not prose, no digit, and alone as above. A route or a
//! sequence the article lists ("Paris → Lyon" then "Lyon → Marseille") comes in a run of
//! lines alike; a change in figures ("2019 → 2024") holds digits.

use std::collections::HashSet;

use super::super::page::Page;
use super::about;
use crate::figures::Figures;
use crate::lexicon::Lexicon;
use crate::shape;

/// The reason of this file's rule.
pub const REASON: &str = "boilerplate:read_also";

/// Marks that point to another page when they open a line.
const ARROWS: &[char] = &[
    '→', '⟶', '➜', '➔', '➝', '➞', '►', '▶', '▸', '⇒', '⮕', '←', '◄', '◀', '◂', '⇐', '◆', '❖',
];

/// The arrow opening `text`, followed by a space.
fn arrow(text: &str) -> Option<char> {
    let mut chars = text.chars();
    let c = chars.next()?;
    (ARROWS.contains(&c) && chars.next().is_some_and(char::is_whitespace)).then_some(c)
}

/// Removes line `i` if it is a lone pointer; true if it did.
pub fn lone(page: &mut Page<'_>, i: usize, figures: &Figures) -> bool {
    let l = &page.lines[i];
    let Some(mark) = arrow(l.text) else {
        return false;
    };
    if !l.is_headline_shaped(figures) {
        return false;
    }
    let same = |j: usize| {
        page.lines
            .get(j)
            .is_some_and(|n| arrow(n.text) == Some(mark))
    };
    if (i > 0 && same(i - 1)) || same(i + 1) {
        return false;
    }
    let words = l.size() as f64;
    page.remove(i, REASON, "lone_pointer", &[("words", words)]);
    true
}

/// True when `token` is one arrow mark.
fn is_arrow(token: &str) -> bool {
    let mut chars = token.chars();
    chars.next().is_some_and(|c| ARROWS.contains(&c)) && chars.next().is_none()
}

/// The words after the last arrow standing alone in `text`, when there is one with words
/// before it.
fn after_arrow(text: &str) -> Option<usize> {
    if !text.contains(ARROWS) {
        return None;
    }
    let tokens: Vec<&str> = text.split_whitespace().collect();
    let at = tokens.iter().rposition(|t| is_arrow(t))?;
    (at > 0).then_some(tokens.len() - at - 1)
}

/// Removes line `i` (outside the body span) if it is a call to action (see the module docs);
/// true if it did.
pub fn call_to_action(page: &mut Page<'_>, i: usize, figures: &Figures) -> bool {
    let l = &page.lines[i];
    if l.is_prose(figures) || l.shape.sentence || l.text.chars().any(ghirbal_core::text::is_numeric)
    {
        return false;
    }
    let Some(words) = after_arrow(l.text).filter(|&w| w <= figures.label_words) else {
        return false;
    };
    let alike = |j: usize| {
        page.lines
            .get(j)
            .is_some_and(|n| after_arrow(n.text).is_some())
    };
    if (i > 0 && alike(i - 1)) || alike(i + 1) {
        return false;
    }
    page.remove(
        i,
        REASON,
        "call_to_action",
        &[("words_after_arrow", words as f64)],
    );
    true
}

/// The label and the rest of `text` when it is "label: rest" with a label of at most
/// `pointer_label_words` words and no digit.
fn labelled_line<'t>(text: &'t str, figures: &Figures) -> Option<(&'t str, &'t str)> {
    let (label, rest) = text.split_once(':')?;
    let words = label.split_whitespace().count();
    // Two or more words each opening with a capital are a name: a speaker's line in an
    // interview ("Nikolai Huke: ..."), not a label.
    let name = words >= 2
        && label
            .split_whitespace()
            .all(|w| w.chars().next().is_some_and(|c| c.is_uppercase()));
    let rest = rest.trim();
    // A clause before the colon ("From his side, X said:") or a quotation after it is
    // reported speech, not a label and a headline.
    let quoted = rest.starts_with(['"', '“', '«', '„', '\'', '‘', '”']);
    ((figures.pointer_label_min_words..=figures.pointer_label_words).contains(&words)
        && !name
        && !quoted
        && !label.contains([',', '،', '"', '“', '«'])
        && rest.split_whitespace().count() <= figures.pointer_max_words)
        .then_some((label, rest))
}

/// Removes the labelled pointers between two lines of prose of the body span (see the module
/// docs).
pub fn labelled(page: &mut Page<'_>, figures: &Figures) {
    let Some((start, end)) = page.zones.body else {
        return;
    };
    let prose =
        |page: &Page<'_>, i: usize| page.lines[i].is_live() && page.lines[i].is_prose(figures);
    let mut found: Vec<(usize, Vec<String>)> = Vec::new();
    for i in start + 1..end.min(page.lines.len().saturating_sub(1)) {
        let l = &page.lines[i];
        if !l.is_live() || l.shape.sentence || l.shape.clause_end || l.shape.list_item {
            continue;
        }
        let Some((label, rest)) = labelled_line(l.text, figures) else {
            continue;
        };
        if label.chars().any(ghirbal_core::text::is_numeric) {
            continue;
        }
        if rest.is_empty() || !prose(page, i - 1) || !prose(page, i + 1) {
            continue;
        }
        // Numbers are no words of a headline here: "X and Y: A and B (2013)", a gallery's
        // caption heading, holds two.
        let words: Vec<String> = shape::content_words(rest)
            .into_iter()
            .filter(|w| !w.chars().all(ghirbal_core::text::is_numeric))
            .collect();
        if words.len() >= figures.pointer_min_words {
            found.push((i, words));
        }
    }
    if found.is_empty() {
        return;
    }
    // The article's words, once per page and only when a candidate stands in its body.
    let lines: Vec<usize> = page.zones.headline.into_iter().chain(start..=end).collect();
    for (i, words) in found {
        let article: HashSet<&str> = lines
            .iter()
            .filter(|&&j| j != i && (page.lines[j].is_live() || Some(j) == page.zones.headline))
            .flat_map(|&j| page.lines[j].content_words().iter().map(String::as_str))
            .collect();
        let shared = words
            .iter()
            .filter(|w| article.contains(w.as_str()))
            .count() as f64
            / words.len() as f64;
        if shared <= figures.pointer_max_shared {
            page.remove(
                i,
                REASON,
                "labelled_pointer",
                &[("content_words", words.len() as f64), ("shared", shared)],
            );
        }
    }
}

/// The rule's name of [`media`] in `--explain`.
pub const MEDIA_RULE: &str = "media_pointer";

/// Removes the pointers to the page's other media below the headline (see the module docs).
pub fn media(page: &mut Page<'_>, lexicon: &Lexicon, figures: &Figures) {
    let Some((start, end)) = page.zones.body else {
        return;
    };
    let top = page.zones.headline.map_or(0, |h| h + 1);
    for i in top..page.lines.len() {
        let l = &page.lines[i];
        if !l.is_live()
            || !l.shape.digits
            || l.is_prose(figures)
            || l.shape.sentence
            || l.shape.clause_end
            || l.shape.list_item
            || l.shape.table_row
        {
            continue;
        }
        let Some((label, value)) = l.text.split_once([':', '：']) else {
            continue;
        };
        let label_words = shape::content_words(label);
        if label.split_whitespace().count() > figures.label_words
            || !label_words.iter().any(|w| lexicon.is_media_word(w))
            || !value.chars().any(ghirbal_core::text::is_numeric)
            || value.split_whitespace().count() > figures.pointer_max_words
        {
            continue;
        }
        let (Some(above), Some(below)) = (about::live_above(page, i), about::live_below(page, i))
        else {
            continue;
        };
        if !(page.lines[above].is_prose(figures) && page.lines[below].is_prose(figures)) {
            continue;
        }
        let other: Vec<String> = shape::content_words(value)
            .into_iter()
            .filter(|w| {
                !(w.chars().all(ghirbal_core::text::is_numeric)
                    || lexicon.is_media_word(w)
                    || lexicon.is_common_word(w))
            })
            .collect();
        let article: HashSet<&str> = page
            .zones
            .headline
            .into_iter()
            .chain(start..=end)
            .filter(|&j| j != i && (page.lines[j].is_live() || Some(j) == page.zones.headline))
            .flat_map(|j| page.lines[j].content_words().iter().map(String::as_str))
            .collect();
        let shared = if other.is_empty() {
            0.0
        } else {
            other
                .iter()
                .filter(|w| article.contains(w.as_str()))
                .count() as f64
                / other.len() as f64
        };
        if shared <= figures.media_max_shared {
            page.remove(
                i,
                REASON,
                MEDIA_RULE,
                &[
                    ("other_words", other.len() as f64),
                    ("shared", about::round2(shared)),
                ],
            );
        }
    }
}
