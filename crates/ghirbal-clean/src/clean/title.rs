//! The headline: the line the body is about, wherever it stands among the first lines.
//!
//! A record that already has a title (from the input or from extraction) keeps it; a line
//! equal to it (same key: letters and digits of the matching text) among the first lines goes
//! as `title_repeat`, and it marks where the headline stands. Otherwise the headline is looked
//! for among the `headline_window` lines above the body span (`body.rs`) and its first
//! `headline_into_body` lines. A candidate is headline-shaped (`headline_min_words` to
//! `headline_max_words` words, at most `headline_max_chars` characters, no clause end) and
//! shares content words (`shape::content_words`) with the first `headline_body_words` words of
//! the body after it: at least `headline_min_shared` of them, and at least
//! `headline_min_share` of its own. The body is the span, from its first line (or from the
//! line after the candidate, for one inside it): the lines between a candidate and the span
//! (a row of "Click to share on … (Opens in new window)" links) do not count, or each tool
//! link would share its words with the links under it. For the same reason a candidate is a
//! teaser, not the headline, when the body repeats it word for word, not when a share link
//! above the body does; and a candidate that ends by quoting another above it ("Share All
//! sharing options for: <headline>", "Home » Sport » <headline>") loses to the one it quotes.
//! A line read as a dateline (`dateline::is_dateline`) is never a candidate: a dateline that
//! names the story's subject shares the body's words and stands nearest to it.
//! Among candidates, the one with the most shared words weighted by the share wins (a
//! two-word section label that the body repeats loses to the headline); ties go to the line
//! nearest the body. A label-shaped candidate (`label_words`
//! words or fewer: a section name, a rating, a menu item) loses to a longer candidate sharing
//! more words, whatever its share. Lines equal to the headline right after it
//! (a page that prints its headline twice) go as `title_repeat`.
//!
//! On a page of one block per line, a weak winner (fewer than `headline_switch_shared` shared
//! words) gives way to the headline-shaped line right above a dateline or byline that stands
//! right above the body (`above_dateline`), when that line shares a content word with the
//! body: the article's credit sits under its headline, and a site's tagline further up shares
//! a couple of the body's words by chance. A winner sharing a specific word keeps its place
//! over the line right under it that shares only frequent ones (see below).
//!
//! The headline stands before the article (`under_credit`, on a page of one block per line):
//! a winner inside the body span, below its first line, is a subheading, a table's header or
//! a short line of the body ("Just what is this priceless slogan?", "Pos Player Plays %
//! Stats") when the article's prose stands between it and the credit block above it (a
//! dateline, short credit lines), or, with no dateline, between it and a line before the
//! article (no prose right above it, only short credit lines under it) that shares as many
//! of the body's words as a candidate must. The headline is then the line over the credit
//! block, and the article's first paragraphs stay in the text instead of going as furniture
//! above the headline. Over its credit block a headline may end with a full stop or hold two
//! sentences (`is_credit_headline`: "South Dakota doubles down on 'Meth. We're on it.' They
//! just might be."); the walk up from the dateline passes a short line sharing no word with
//! the body ("Written by ...", "Started by ...") when a line sharing one stands over it, and
//! takes the line over a standfirst that ends with a full stop.
//!
//! Specific words: a content word shared with the body is specific when it is neither a
//! number nor one of the language's frequent words (`[words] frequent` in the lexicons, the
//! 2,000 most frequent words of wordfreq 3.1.1 of 4 letters or more; `[words] common`). A
//! notice, an events box or an author's line shares frequent words with any article ("This is
//! a developing story and details will be added" shares "details", "added"); the headline
//! shares its specific ones. On a page where no candidate shares enough words, the nearest
//! line above the body sharing only frequent words gives way to the nearest one further up
//! sharing a specific word, unless that one is a row of short items (a menu, a breadcrumb,
//! naming a section the body may name). Weighing frequent words when choosing among the
//! content rule's candidates was tried and left out: with one merged list for all languages
//! ("stock" is frequent in English, not in a Portuguese calendar) it moved real pages'
//! headlines down over the article's own lines (Scrapinghub F1 0.903 -> 0.902).
//!
//! On a page of one block per line (no blank line after its first line: a naive extractor's
//! output) where no candidate shares enough words, the headline is the nearest line above the
//! body span that is headline-shaped, longer than a label, not a dateline nor a list item, and
//! shares at least one content word with the body: a menu or a sidebar above the article
//! shares none, or stands further up. A line of fields ("Running time: 6 min": a label of at
//! most three words, then a count) is no headline there (`is_field_line`); a headline's topic
//! before its colon is longer ("Browns' defensive snap counts, stats, and notes: Week 11"). When no line shares a word, the line right above the article's
//! credit block (a dateline, with the short credit lines under it, right above the body) is
//! the headline (`above_credit_block`): a feature's headline may name what its body comes to
//! only later; and over a candidate standing inside the body span, below its first line (a
//! subheading or a table's header sharing the body's words: `inside_under_credit`).
//!
//! A page with no body span, or where no candidate shares enough words (a headline the body
//! never repeats), falls back to the shape of the first line: it is the headline when it has
//! at most `headline_max_words` words and `headline_max_chars` characters, does not end like
//! a clause, and is set apart: a blank line follows it, or the next line is at least twice as
//! long. A page whose only line is short keeps it as text.
//!
//! Figures (2026-12-08, against main at 1247b7f, same data): on the 36 dev layouts
//! (`GHIRBAL_DATA=../shared/data bench/clean-layouts.sh`), clean alone, title exact ar 99.19
//! -> 99.42 %, en 93.78 -> 95.49 %, fr 65.74 -> 90.74 %; paragraphs kept en 94.52 -> 94.59 %,
//! fr 90.93 -> 96.17 %, ar 99.84 % unchanged; furniture removed en 96.57 -> 97.13 %. Real
//! pages (`bench/clean-naive.sh`): Scrapinghub F1 0.903 unchanged, title exact 85 -> 87 of
//! 174; trafilatura-eval F1 0.823 -> 0.824, title exact 285 -> 293 of 829. ANT
//! (`bench/clean-eval.sh`): unchanged, title 100 % per source.

use std::collections::HashSet;

use ghirbal_core::reason::clean::line;

use super::body::{self, Span};
use super::page::Page;
use crate::figures::Figures;
use crate::lexicon::Lexicon;
use crate::lines;

/// A line that may be the headline, with the figures that rank it.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    line: usize,
    shared: usize,
    /// Shared words that are specific (`Lexicon::is_specific_word`).
    specific: usize,
    share: f64,
    score: f64,
}

impl Candidate {
    /// Line `line` weighed by its `words` against the body's words `body`: how many it shares
    /// and what share of its own they are (`specific` and `score` are the caller's).
    fn weighed(line: usize, words: &[&str], body: &HashSet<&str>) -> Candidate {
        let shared = words.iter().filter(|w| body.contains(**w)).count();
        Candidate {
            line,
            shared,
            specific: 0,
            share: shared as f64 / words.len().max(1) as f64,
            score: 0.0,
        }
    }
}

/// What the rule decided.
#[derive(Debug, Clone, PartialEq)]
pub enum Headline {
    /// The record's own title stays; its repeat was found at this line, or not at all.
    Given(Option<usize>),
    /// A line of the text became the title.
    Found(usize, String),
    /// No headline.
    None,
}

/// Applies the rule: chooses the body span among the candidates of `body.rs` and the headline
/// over it; records both in `page.zones`.
pub fn recover(
    page: &mut Page<'_>,
    existing: Option<&str>,
    recover: bool,
    figures: &Figures,
    lexicon: &Lexicon,
) -> Headline {
    let spans = body::candidates(page, figures);
    page.zones.body = spans.first().map(|s| (s.start, s.end));
    if let Some(title) = existing {
        let key = lines::key(title);
        if key.is_empty() {
            return Headline::Given(None);
        }
        let mut windows: Vec<(Option<Span>, std::ops::Range<usize>)> = spans
            .iter()
            .map(|s| (Some(*s), window(page, Some(*s), figures)))
            .collect();
        if windows.is_empty() {
            windows.push((None, window(page, None, figures)));
        }
        // A line whose length is far from the title's cannot have the same key: its key is
        // not computed.
        let len = title.len();
        let near =
            |l: &super::page::Line<'_>| l.text.len() <= 2 * len + 8 && 2 * l.text.len() + 8 >= len;
        for (span, range) in windows {
            let at = range.clone().find(|&i| {
                let l = &page.lines[i];
                l.is_live() && near(l) && l.key() == key
            });
            if let Some(i) = at {
                page.remove(i, line::TITLE_REPEAT, "title", &[("line", i as f64)]);
                remove_repeats(page, i);
                page.zones.headline = Some(i);
                page.zones.body = span.map(|s| (s.start, s.end));
                return Headline::Given(Some(i));
            }
        }
        return Headline::Given(None);
    }
    if !recover {
        return Headline::None;
    }
    // The best-scoring span keeps the body unless another span stands under a clearly better
    // headline: at least `headline_switch_shared` shared words and twice the score.
    let headlines: Vec<(Span, Option<Candidate>)> = spans
        .iter()
        .map(|s| (*s, by_content(page, *s, figures, lexicon)))
        .collect();
    let first_score = headlines
        .first()
        .and_then(|(_, h)| h.map(|h| h.score))
        .unwrap_or(0.0);
    let best = headlines
        .iter()
        .enumerate()
        .filter_map(|(k, (s, h))| {
            let h = (*h)?;
            let clearly_better =
                h.shared >= figures.headline_switch_shared && h.score > 2.0 * first_score;
            (k == 0 || clearly_better).then_some((*s, h))
        })
        .max_by(|a, b| {
            a.1.score
                .total_cmp(&b.1.score)
                .then(b.0.start.cmp(&a.0.start))
        });
    // In edited text the headline is the first line, set apart by a blank line: it stands
    // whatever words it shares, unless a candidate that is set apart too was found below it.
    let first = page.live_from(0).next();
    if let Some(f) = first
        && set_apart(page, f)
        && page.lines[f].is_headline_shaped(figures)
        && !best.is_some_and(|(_, c)| set_apart(page, c.line))
    {
        return by_shape(page, figures);
    }
    let best = best.map(|(span, c)| {
        let c = under_credit(page, span, c, figures)
            .or_else(|| above_dateline(page, span, c, figures, lexicon))
            .or_else(|| inside_under_credit(page, span, c, figures))
            .unwrap_or(c);
        (span, c)
    });
    if let Some((
        span,
        Candidate {
            line: i,
            shared,
            share,
            ..
        },
    )) = best
    {
        page.zones.body = Some((span.start, span.end));
        let title = page.lines[i].text.to_owned();
        page.remove(
            i,
            line::TITLE,
            "title",
            &[("shared_words", shared as f64), ("share", round2(share))],
        );
        remove_repeats(page, i);
        page.zones.headline = Some(i);
        return Headline::Found(i, title);
    }
    // A page of one block per line (a naive extractor's output: no blank line after its first
    // line) whose headline shares too few words with the body: the nearest headline above it.
    if let Some(span) = spans.first()
        && first.is_some_and(|f| !set_apart(page, f))
        && let Some((i, shared)) = by_position(page, *span, figures, lexicon)
    {
        let near = Candidate {
            line: i,
            shared,
            specific: 0,
            share: 0.0,
            score: 0.0,
        };
        let (i, figs) = match under_credit(page, *span, near, figures) {
            Some(c) => (
                c.line,
                [
                    ("shared_words", c.shared as f64),
                    ("over_credit_block", 1.0),
                ],
            ),
            None => (
                i,
                [("shared_words", shared as f64), ("nearest_above_body", 1.0)],
            ),
        };
        let title = page.lines[i].text.to_owned();
        page.remove(i, line::TITLE, "title", &figs);
        remove_repeats(page, i);
        page.zones.headline = Some(i);
        return Headline::Found(i, title);
    }
    // Nor any line above it: the line over the article's credit block is its headline.
    if let Some(span) = spans.first()
        && first.is_some_and(|f| !set_apart(page, f))
        && let Some(i) = above_credit_block(page, *span, figures)
    {
        let title = page.lines[i].text.to_owned();
        page.remove(
            i,
            line::TITLE,
            "title",
            &[("shared_words", 0.0), ("above_credit_block", 1.0)],
        );
        remove_repeats(page, i);
        page.zones.headline = Some(i);
        return Headline::Found(i, title);
    }
    by_shape(page, figures)
}

/// On a page of one block per line, when no line above the body shares a word with its first
/// `headline_body_words` words (a feature whose headline names what the body comes to later:
/// "The man whose duvet nearly killed him"), the line right above the article's credit block:
/// walking up from the body span's first line over lines already taken out (a share row),
/// short credit lines (at most `byline_max_words` words, no sentence end: a bare author name)
/// then one or more datelines (`dateline::is_dateline`), the next live line, when it is
/// headline-shaped, more than a label, not a list item, a dated line nor a line of fields. The
/// credit stands under the headline; a menu or a sidebar above the article has no dateline
/// between it and the body.
fn above_credit_block(page: &Page<'_>, span: Span, figures: &Figures) -> Option<usize> {
    if page.lines.iter().any(|l| l.blank_before) {
        return None;
    }
    let mut j = span.start;
    // Short credit lines between the dateline and the body (a bare author name).
    let d = loop {
        if j == 0 {
            return None;
        }
        j -= 1;
        let l = &page.lines[j];
        if !l.is_live() {
            continue;
        }
        if super::furniture::dateline::is_dateline(page, j, figures) {
            break j;
        }
        if l.size() <= figures.byline_max_words && !l.shape.sentence {
            continue;
        }
        return None;
    };
    over_credit(page, span, d, figures)
}

/// The article's headline over its credit block ending at the dateline `d`: walking up from
/// `d` over lines already taken out and further datelines, the next live line, when it is
/// headline-shaped (`is_credit_headline`: a final full stop allowed there) and more than a
/// label, not a list item, a dated line nor a line of fields. A line ending a sentence there
/// may be the standfirst under the headline: the live line above it is the headline instead
/// when it is headline-shaped ([`Line::is_headline_shaped`](super::page::Line)), more than a
/// label, and shares a content word with the body.
fn over_credit(page: &Page<'_>, span: Span, d: usize, figures: &Figures) -> Option<usize> {
    let live_above = |mut j: usize| loop {
        if j == 0 {
            return None;
        }
        j -= 1;
        if page.lines[j].is_live() && !super::furniture::dateline::is_dateline(page, j, figures) {
            return Some(j);
        }
    };
    let body = body_words(page, span.start, span.end, figures.headline_body_words);
    let shares = |i: usize| {
        page.lines[i]
            .content_words()
            .iter()
            .any(|w| body.contains(w.as_str()))
    };
    let mut h = live_above(d)?;
    // A short line sharing no word with the body over the dateline is the rest of the credit
    // ("Written by ...", "Started by ...") when a headline sharing one stands over it.
    let l = &page.lines[h];
    if l.size() <= figures.byline_max_words
        && !l.shape.sentence
        && !shares(h)
        && let Some(above) = live_above(h)
        && is_credit_headline(page, above, figures)
        && shares(above)
    {
        h = above;
    }
    if !is_credit_headline(page, h, figures) {
        return None;
    }
    if !page.lines[h].is_headline_shaped(figures)
        && let Some(above) = live_above(h)
        && page.lines[above].is_headline_shaped(figures)
        && is_credit_headline(page, above, figures)
        && shares(above)
    {
        return Some(above);
    }
    Some(h)
}

/// True when line `i` may be a headline standing over a credit block: a headline's length
/// (`headline_min_words` to `headline_max_words` words, at most `headline_max_chars`
/// characters), more than a label (`label_words`), not ending like a clause other than with a
/// full stop (over its dateline a headline may end with one, or hold two sentences: "They
/// just might be."), not a list item, a dated line nor a line of fields.
fn is_credit_headline(page: &Page<'_>, i: usize, figures: &Figures) -> bool {
    let l = &page.lines[i];
    (figures.headline_min_words..=figures.headline_max_words).contains(&l.size())
        && l.text.chars().count() <= figures.headline_max_chars
        && (!l.shape.clause_end || l.shape.full_stop)
        && l.size() > figures.label_words
        && !l.shape.list_item
        && l.date(figures).is_none()
        && !is_field_line(l.text)
}

/// The headline over the candidate `c`, when `c` stands inside the article, under the
/// article's credit block or its first paragraphs. Only on a page of one block per line.
///
/// - Over the credit block: the nearest dateline above `c` (within `headline_window` lines)
///   and the line over it (`over_credit`), when that line shares a word with the body (its
///   content words less numbers, `about::words`) and a line of prose stands between the
///   dateline and `c`, which stands inside the body span below its first line: the article
///   began under its credit, and `c` is a subheading, a table's header or a short line of the
///   body sharing the body's words.
/// - Over the first paragraphs, with no dateline, `c` inside the body span below its first
///   line: the nearest line `h` above `c` that is a
///   headline over its credit (`is_credit_headline`), stands before the article (the live line
///   above it, if any, is no prose: `Line::is_prose`), has only its credit under it down to the
///   article's first line of prose (lines taken out, short lines of at most `byline_max_words`
///   words with no sentence end), a line of prose between it and `c`, and shares as many of
///   the body's words as the content rule asks. A subheading has the article's prose above
///   it; the article's first line of prose shares too few of the body's words.
fn under_credit(page: &Page<'_>, span: Span, c: Candidate, figures: &Figures) -> Option<Candidate> {
    if page.lines.iter().any(|l| l.blank_before) {
        return None;
    }
    let live = |i: usize| page.lines[i].is_live();
    let prose = |i: usize| live(i) && page.lines[i].is_prose(figures);
    let lo = c.line.saturating_sub(figures.headline_window);
    // `c` inside the body span, below its first line.
    let inside = c.line > span.start;
    let strong = |k: &Candidate| {
        k.shared >= figures.headline_min_shared && k.share >= figures.headline_min_share
    };
    if let Some(d) = (lo..c.line)
        .rev()
        .find(|&i| live(i) && super::furniture::dateline::is_dateline(page, i, figures))
        && let Some(h) = over_credit(page, span, d, figures)
    {
        let k = sharing(page, h, d + 1, span.end, figures);
        // The article began between the credit and `c`, inside the body span.
        let began = inside && (d + 1..c.line).any(prose);
        if k.shared > 0 && began {
            return Some(k);
        }
    }
    if !inside {
        return None;
    }
    (lo..c.line).rev().find_map(|h| {
        if !live(h) || !is_credit_headline(page, h, figures) {
            return None;
        }
        if (0..h).rev().find(|&i| live(i)).is_some_and(prose) {
            return None;
        }
        // Only its credit under it down to the article's first line of prose, before `c`.
        let mut began = false;
        for i in h + 1..c.line {
            let l = &page.lines[i];
            if !l.is_live() {
                continue;
            }
            if l.is_prose(figures) {
                began = true;
                break;
            }
            if l.size() > figures.byline_max_words || l.shape.sentence {
                return None;
            }
        }
        let k = sharing(page, h, h + 1, span.end, figures);
        (began && strong(&k)).then_some(k)
    })
}

/// Line `h` as a candidate: its content words less numbers (`about::words`) shared with the
/// body's from line `from` to `end` (`body_words`).
fn sharing(page: &Page<'_>, h: usize, from: usize, end: usize, figures: &Figures) -> Candidate {
    let body = body_words(page, from, end, figures.headline_body_words);
    Candidate::weighed(h, &super::furniture::about::words(&page.lines[h]), &body)
}

/// The line right above the article's dateline, when the candidate `c` is weak (fewer than
/// `headline_switch_shared` shared words) and stands further up: on a page of one block per
/// line, a dateline or byline right above the body's first line is the article's credit, and
/// the headline-shaped line right above it (more than a label, no date, not a list item,
/// sharing a content word with the body) is the article's headline; a site's tagline or a
/// sidebar's headline further up shares a couple of the body's words by chance.
/// A winner that shares a specific word (`Lexicon::is_specific_word`) keeps its place over the
/// line right under it when that line shares only frequent ones (a notice of the site's: "This
/// is a developing story").
fn above_dateline(
    page: &Page<'_>,
    span: Span,
    c: Candidate,
    figures: &Figures,
    lexicon: &Lexicon,
) -> Option<Candidate> {
    if c.shared >= figures.headline_switch_shared || page.lines.iter().any(|l| l.blank_before) {
        return None;
    }
    let live = |i: &usize| page.lines[*i].is_live();
    let d = (c.line + 1..span.start).rev().find(live)?;
    if !super::furniture::dateline::is_dateline(page, d, figures) {
        return None;
    }
    let j = (c.line + 1..d).rev().find(live)?;
    let l = &page.lines[j];
    if !l.is_headline_shaped(figures)
        || l.size() <= figures.label_words
        || l.shape.list_item
        || l.date(figures).is_some()
    {
        return None;
    }
    let body = body_words(page, span.start, span.end, figures.headline_body_words);
    let words: Vec<&str> = l.content_words().iter().map(String::as_str).collect();
    // A winner sharing specific words keeps its place over the line right under it sharing
    // only frequent ones (a notice of the site's: "This is a developing story"); a tagline
    // further up may share a specific word by chance.
    let specific = words
        .iter()
        .filter(|w| body.contains(**w) && lexicon.is_specific_word(w))
        .count();
    if c.specific > 0 && specific == 0 && (c.line + 1..j).all(|i| !page.lines[i].is_live()) {
        return None;
    }
    Some(Candidate::weighed(j, &words, &body)).filter(|c| c.shared > 0)
}

/// The line over the article's credit block (`above_credit_block`), when the candidate `c`
/// stands inside the body span, below its first line: a subheading, a table's header or a
/// quoted line of the article shares the body's words as a headline does, but the article
/// has begun above it; the headline stands above the article's dateline.
fn inside_under_credit(
    page: &Page<'_>,
    span: Span,
    c: Candidate,
    figures: &Figures,
) -> Option<Candidate> {
    if c.line <= span.start {
        return None;
    }
    let j = above_credit_block(page, span, figures)?;
    let body = body_words(page, span.start, span.end, figures.headline_body_words);
    let words: Vec<&str> = page.lines[j]
        .content_words()
        .iter()
        .map(String::as_str)
        .collect();
    Some(Candidate::weighed(j, &words, &body))
}

/// The nearest line above the body span that may be its headline: headline-shaped, more than
/// a label (`label_words`), not a dateline, a list item nor a line of fields
/// ([`is_field_line`]: "Running time: 6 min", the nearest line above a radio episode's
/// transcript, shares "time" with it), and sharing at least one content word with the body; looked for in the `headline_window` lines above the span. A menu or a
/// sidebar above the article shares no words with it, or stands further up.
fn by_position(
    page: &Page<'_>,
    span: Span,
    figures: &Figures,
    lexicon: &Lexicon,
) -> Option<(usize, usize)> {
    let body = body_words(page, span.start, span.end, figures.headline_body_words);
    let mut nearest = None;
    for i in (span.start.saturating_sub(figures.headline_window)..span.start).rev() {
        let l = &page.lines[i];
        if !(l.is_live()
            && l.is_headline_shaped(figures)
            && l.size() > figures.label_words
            && !l.shape.list_item
            && l.date(figures).is_none()
            && !is_field_line(l.text))
        {
            continue;
        }
        let shared: Vec<&str> = l
            .content_words()
            .iter()
            .map(String::as_str)
            .filter(|w| body.contains(w))
            .collect();
        if shared.is_empty() {
            continue;
        }
        // A row of short items (a menu, a breadcrumb) names a section, which may be a word
        // of the body, never the story.
        let row =
            crate::shape::row(l.text).is_some_and(|r| r.max_item_words <= figures.label_words);
        if !row && shared.iter().any(|w| lexicon.is_specific_word(w)) {
            return Some((i, shared.len()));
        }
        nearest = nearest.or(Some((i, shared.len())));
    }
    nearest
}

/// Words a field's value may hold besides its number ("6 min", "£23.99").
const FIELD_VALUE_WORDS: usize = 2;
/// Words a field's label may hold ("Running time"); a headline's topic before its colon is
/// longer ("Browns' defensive snap counts, stats, and notes: Week 11").
const FIELD_LABEL_WORDS: usize = 3;

/// True when `text` is a line of fields, not a headline: two labels or more, each a word
/// ending with a colon ("Tested by: J. Milbank RRP: £23.99 More info: ..."), or one label
/// whose value is a count, at most [`FIELD_VALUE_WORDS`] words holding a digit, after a label
/// of at most [`FIELD_LABEL_WORDS`] words ("Running time: 6 min"). A headline with a colon puts its story after it ("Star Wars Jedi: Fallen
/// Order review"), and rarely two colons.
fn is_field_line(text: &str) -> bool {
    let labels = text
        .split_whitespace()
        .filter(|w| w.len() > 1 && w.ends_with(':'))
        .count();
    if labels >= 2 {
        return true;
    }
    let Some((label, value)) = text.rsplit_once(": ") else {
        return false;
    };
    let words = value.split_whitespace().count();
    labels == 1
        && label.split_whitespace().count() <= FIELD_LABEL_WORDS
        && words <= FIELD_VALUE_WORDS
        && value.chars().any(ghirbal_core::text::is_numeric)
}

/// The lines where a headline may stand: `headline_window` lines above the span and its
/// first `headline_into_body`; the first lines of the page when there is no span.
fn window(page: &Page<'_>, span: Option<Span>, figures: &Figures) -> std::ops::Range<usize> {
    let n = page.lines.len();
    match span {
        Some(s) => {
            s.start.saturating_sub(figures.headline_window)
                ..(s.start + figures.headline_into_body).min(n)
        }
        None => 0..figures.headline_window.min(n),
    }
}

/// The best headline over `span` by shared content words (see the module docs), with the
/// number of its shared words that are specific (`Lexicon::is_specific_word`).
fn by_content(
    page: &Page<'_>,
    span: Span,
    figures: &Figures,
    lexicon: &Lexicon,
) -> Option<Candidate> {
    let mut found: Vec<Candidate> = Vec::new();
    // Every candidate above the span is weighed against the same words, the span's; only one
    // inside it starts from the line under it.
    let span_words = body_words(page, span.start, span.end, figures.headline_body_words);
    for i in window(page, Some(span), figures) {
        let l = &page.lines[i];
        if !l.is_live()
            || !l.is_headline_shaped(figures)
            || l.shape.list_item
            || super::furniture::dateline::is_dateline(page, i, figures)
        {
            continue;
        }
        let words = l.content_words();
        if words.len() < figures.headline_min_shared || repeated_below(page, i, span) {
            continue;
        }
        let inside;
        let body = if i < span.start {
            &span_words
        } else {
            inside = body_words(page, i + 1, span.end, figures.headline_body_words);
            &inside
        };
        let shared: Vec<&str> = words
            .iter()
            .map(String::as_str)
            .filter(|w| body.contains(w))
            .collect();
        let share = shared.len() as f64 / words.len() as f64;
        if shared.len() < figures.headline_min_shared || share < figures.headline_min_share {
            continue;
        }
        found.push(Candidate {
            line: i,
            shared: shared.len(),
            specific: shared
                .iter()
                .filter(|w| lexicon.is_specific_word(w))
                .count(),
            share,
            score: shared.len() as f64 * share,
        });
    }
    // The headline stands before the teaser and the captions, which share the body's words as
    // much or more: the first candidate scoring at least `headline_first_share` of the best.
    // A candidate set apart by a blank line below it stands as a headline does in edited text.
    if let Some(c) = found.iter().find(|c| set_apart(page, c.line)) {
        return Some(*c);
    }
    let best = found.iter().map(|c| c.score).fold(0.0, f64::max);
    let strong: Vec<Candidate> = found
        .into_iter()
        .filter(|c| c.score >= best * figures.headline_first_share)
        .collect();
    // A label (a section name, a rating, a menu item: `label_words` words or fewer) shares
    // its few words in full, so its share is high; it loses to a longer candidate that
    // shares more of the body's words.
    let most_shared = strong
        .iter()
        .filter(|c| !page.lines[c.line].is_label(figures))
        .map(|c| c.shared)
        .max()
        .unwrap_or(0);
    let strong: Vec<Candidate> = strong
        .into_iter()
        .filter(|c| !page.lines[c.line].is_label(figures) || c.shared >= most_shared)
        .collect();
    // A line that ends by quoting a candidate above it word for word, after words of its own
    // ("Share this story: <headline>", "Home » Sport » <headline>", "1 comment on
    // <headline>") is not the headline: the line it quotes is. A shortened copy of the
    // headline above it ("<headline's first words>…", in a trending list) quotes nothing.
    let quotes_one_above = |c: &Candidate| {
        let key = page.lines[c.line].key();
        strong.iter().any(|h| {
            let quoted = page.lines[h.line].key();
            h.line < c.line
                && quoted.chars().count() >= REPEAT_MIN_CHARS
                && quoted.len() < key.len()
                && key.ends_with(quoted)
        })
    };
    let strong: Vec<Candidate> = strong
        .iter()
        .filter(|c| !quotes_one_above(c))
        .copied()
        .collect();
    // With no blank line on the page (one block per line, as a naive extractor leaves it),
    // sidebars and other stories' headlines stand above the article, not between its headline
    // and its body: the nearest strong candidate above the body.
    if page.lines.iter().any(|l| l.blank_before) {
        return strong.first().copied();
    }
    strong
        .iter()
        .rev()
        .find(|c| c.line < span.start)
        .or(strong.first())
        .copied()
}

/// Letters and digits a candidate needs before [`repeated_below`] applies: short lines repeat
/// by chance.
const REPEAT_MIN_CHARS: usize = 20;

/// True when line `i` is repeated word for word in the body (its key, letters and digits of
/// the matching text, inside the keys of the span's live lines below it, up to 50): a teaser
/// or a line of the body, not a headline, whose words recur in the body but not as one run.
/// Only the body counts: a share row between the headline and the body often quotes the
/// headline ("Share All sharing options for: <headline>"), which makes it no teaser.
fn repeated_below(page: &Page<'_>, i: usize, span: Span) -> bool {
    let key = page.lines[i].key();
    if key.chars().count() < REPEAT_MIN_CHARS {
        return false;
    }
    let mut hay = String::new();
    let end = span.end.min(page.lines.len() - 1);
    let from = (i + 1).max(span.start);
    if from > end {
        return false;
    }
    for l in page.lines[from..=end]
        .iter()
        .filter(|l| l.is_live())
        .take(50)
    {
        hay.push_str(l.key());
    }
    hay.contains(key)
}

/// The content words of the prose lines from `from` to the body's end, up to `limit` words.
fn body_words<'p>(page: &'p Page<'_>, from: usize, end: usize, limit: usize) -> HashSet<&'p str> {
    let mut set = HashSet::new();
    let mut words = 0;
    let end = end.min(page.lines.len().saturating_sub(1));
    if from > end {
        return set;
    }
    for l in page.lines[from..=end].iter().filter(|l| l.is_live()) {
        words += l.size();
        set.extend(l.content_words().iter().map(String::as_str));
        if words >= limit {
            break;
        }
    }
    set
}

/// The first line as headline, by its shape alone (see the module docs).
fn by_shape(page: &mut Page<'_>, figures: &Figures) -> Headline {
    let (first, next) = {
        let mut live = page.live_from(0);
        match (live.next(), live.next()) {
            (Some(f), Some(n)) => (f, n),
            _ => return Headline::None,
        }
    };
    let l = &page.lines[first];
    let n = &page.lines[next];
    let headline = (1..=figures.headline_max_words).contains(&l.size())
        && l.text.chars().count() <= figures.headline_max_chars
        && !l.shape.clause_end
        && (set_apart(page, first) || n.blank_before || n.text.len() >= 2 * l.text.len());
    if !headline {
        return Headline::None;
    }
    let title = l.text.to_owned();
    page.remove(first, line::TITLE, "title", &[("shape_only", 1.0)]);
    page.zones.headline = Some(first);
    Headline::Found(first, title)
}

/// True when a blank line follows line `i`.
fn set_apart(page: &Page<'_>, i: usize) -> bool {
    page.lines.get(i + 1).is_some_and(|n| n.blank_before)
}

/// Removes the lines right after the headline at `at` that repeat it.
fn remove_repeats(page: &mut Page<'_>, at: usize) {
    let key = page.lines[at].key().to_owned();
    let mut i = at + 1;
    while i < page.lines.len() && page.lines[i].key() == key {
        page.remove(
            i,
            line::TITLE_REPEAT,
            "title",
            &[("repeat_of_line", at as f64)],
        );
        i += 1;
    }
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::is_field_line;

    #[test]
    fn a_field_has_a_short_label_and_a_headline_a_long_topic() {
        assert!(is_field_line("Running time: 6 min"));
        assert!(is_field_line("Tested by: J. Milbank RRP: £23.99"));
        assert!(!is_field_line(
            "Browns' defensive snap counts, stats, and notes: Week 11"
        ));
        assert!(!is_field_line("Star Wars Jedi: Fallen Order review"));
    }
}
