//! Where the article ends on a web page whose tail no rule recognises by its words
//! (`boilerplate:after_body`, rule `foreign_tail`).
//!
//! After the body's last paragraph, a site prints lines that are not the article: a category
//! line, an author box, a comment form with its labels and button, older/newer links, a rating,
//! share labels, a "did this page help you?" poll, a reproduction line. Their words are the
//! site's, worded as no lexicon words them; what they share is that they do not go on with the
//! article. So the end is found by what the article is, not by listing kinds:
//! - a line **goes on with the article** when at least `tail_min_shared` of its content words
//!   (`shape::content_words`) are words of the headline and the body span, and it carries no
//!   furniture mark (rating stars, arrows, a form label's closing `*`): a last paragraph, a
//!   closing line about the story, a quote;
//! - a line **is the site's** when it shares less, and is neither a sentence, a list item nor
//!   prose (`Line::is_prose`):
//!   a label, a heading, a button, a form label, a row of links; a question followed by at
//!   least two answers of at most two words ("Did this page help you?" / "Yes" / "No") is a
//!   poll, the site's too;
//! - a sentence, a list item or prose that shares less is **neither**, and so is a short
//!   line of the article's own close (`is_coda`: a separator, a line ending with a colon, a
//!   note opening with `*`, a source line of names joined by slashes or in brackets), and a
//!   line that opens like its neighbour (a list or table of the article's own): a closing
//!   one-line paragraph ("That is all for today."), a list item, an agency credit stay when
//!   nothing of the site's comes before them.
//!
//! A line that repeats a line the article keeps above goes on with it too, whatever its words
//! (`continue_sequence`): within `sequence_gap` (3) live lines below the article's last line, a
//! numbered label opening with the same word ("Step 8" under "Step 7") or a line closing with
//! the same group in brackets ("Placed on a wooden slice (Lucy Akins)" under "Dig a hole in the
//! oasis. (Lucy Akins)"): a how-to's steps, each a label, a sentence and a captioned picture.
//! On readability's 130 test pages (`bench/clean-readability.sh`, pages no rule was built
//! from; at de7c13a), this rule took 21 lines, 17 of which the expected article keeps, 9 of
//! them ehow-1's last two steps and closing picture (their few words were not the body
//! span's, whose headline was taken from a line of the needs list); with the sequence, 12 and
//! 8: two NBC author bios and a "contributed" line, a related review link and a "follow on
//! Twitter" line (Yahoo), a Chinese author credit (gmw), which the layouts count as the
//! site's. Since the title changes of 8ea1fd2 and 6c058c2 ehow-1's headline is a category
//! line and `outside.rs` ends its article after the first paragraph, so this rule no longer
//! sees the steps (33 of its lines lost there, RESULTS.md section 14). Dev layouts unchanged
//! (no tail there repeats a line of its article).
//!
//! The article ends at the first line of the site's after the last line that goes on with it,
//! unless that line stands alone with only prose after it (a subheading or an aside: every
//! line after it is prose, `Line::is_prose`, and one holds at least `tail_resume_shared` of the
//! article's words) or the article resumes after it (a stretch scoring `resume_share` of the
//! body within `resume_within` lines; sentences after it are not enough: a newsletter box's
//! "Get the day's big stories ..." / "I agree that ... can send me ..." are two); a first
//! short line of names with its punctuation right after the article ("Contributing: A. Name",
//! not a label and a list, "Sorted into: X, Diaries") is its close and is passed over once.
//! From there every live line down to the end the other rules found goes, when at least
//! `foreign_tail_lines` lines of the site's stand there (counting the lines already gone after
//! that end): one short line after the body (an author's name, a credit) is no tail.
//!
//! It runs last among the tail's rules ([`apply`], after `consent.rs`, so a consent banner
//! ending the page goes whole as a banner), on the stretch `outside.rs` `tail` left
//! (`Page::tail`), only on a web page (`Page::signals`: `tail` records nothing on an edited
//! text, which keeps its last lines) and never above an end mark or a reporting credit. It only
//! moves the end found by the other rules up, never down. `--explain` figures:
//! `article_words` (distinct content words of the headline and body span), `site_lines`,
//! `tail_start`, the web signals, `body_end_line`, `boundary_line`.

use std::collections::HashSet;

use super::super::page::Page;
use super::outside::AFTER_BODY;
use super::related;
use crate::figures::Figures;

/// The rule's name in `--explain`.
pub const RULE: &str = "foreign_tail";

/// Marks a line of the article's prose does not hold: rating stars, arrows, a bullet between
/// items.
const FURNITURE_MARKS: &[char] = &[
    '★', '☆', '✩', '✭', '→', '←', '↑', '↓', '⇒', '⇐', '▶', '◀', '►', '◄', '●', '•', '·',
];

/// Takes out the page's tail after the article's end by shape (see the module docs), among
/// the lines `outside.rs` `tail` left between the body span and the end it found.
pub fn apply(page: &mut Page<'_>, figures: &Figures) {
    let Some(t) = page.tail else { return };
    let Some((c, mut figs)) = foreign_tail(page, t.top, t.end, t.boundary, t.body_score, figures)
    else {
        return;
    };
    figs.extend(page.signals().figures());
    figs.extend([
        ("body_end_line", t.end as f64),
        ("boundary_line", t.boundary as f64),
    ]);
    for i in c..t.boundary {
        page.remove(i, AFTER_BODY, RULE, &figs);
    }
}

/// How line `i` stands to the article, read by [`foreign_tail`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Goes on with the article (shares its words).
    Article,
    /// The site's: short, no sentence, not the article's words.
    Site,
    /// A sentence or a list item not in the article's words: neither ends nor extends it.
    Neither,
}

/// The first line of the page's tail after the article that ends at line `end`, looked for in
/// `end + 1..limit`, with the figures that decided it; `None` when nothing of the site's
/// follows the article's last line, or fewer than `foreign_tail_lines` lines of it.
pub fn foreign_tail(
    page: &Page<'_>,
    top: usize,
    end: usize,
    limit: usize,
    body_score: i64,
    figures: &Figures,
) -> Option<(usize, Vec<(&'static str, f64)>)> {
    if end + 1 >= limit {
        return None;
    }
    let article: HashSet<&str> = page
        .zones
        .headline
        .into_iter()
        .chain(top..=end)
        .filter(|&j| page.lines[j].is_live() || Some(j) == page.zones.headline)
        .flat_map(|j| page.lines[j].content_words().iter().map(String::as_str))
        .collect();
    let mut kinds: Vec<(usize, Kind)> = (end + 1..limit)
        .filter(|&j| page.lines[j].is_live())
        .map(|j| (j, kind(page, j, &article, figures)))
        .collect();
    let mut from = continue_sequence(page, top..=end, &mut kinds, figures);
    let mut coda = true;
    let first = loop {
        let first = from + kinds[from..].iter().position(|&(_, k)| k == Kind::Site)?;
        let c = kinds[first].0;
        // A first short line of names or a label with its punctuation, right after the
        // article's last lines, closes it ("Contributing: A. Name", "AFP / Reuters").
        if coda && is_closing_credit(page.lines[c].text) {
            coda = false;
            from = first + 1;
            continue;
        }
        // A lone line of the site's with only lines of prose after it down to the end the
        // other rules found, one of them in the article's words (`tail_resume_shared` of them
        // or more), is a subheading or an aside inside the article, not its end.
        let after = &kinds[first + 1..];
        if !after.is_empty()
            && after.iter().all(|&(j, _)| page.lines[j].is_prose(figures))
            && after.iter().any(|&(j, _)| {
                page.lines[j]
                    .content_words()
                    .iter()
                    .filter(|w| article.contains(w.as_str()))
                    .count()
                    >= figures.tail_resume_shared
            })
        {
            return None;
        }
        // Or it resumes: a stretch scoring `resume_share` of the body starts within
        // `resume_within` lines.
        match super::super::body::best_in(page, figures, c, limit) {
            Some(s)
                if s.start <= c + figures.resume_within
                    && s.score as f64 >= figures.resume_share * body_score as f64 =>
            {
                from = kinds
                    .iter()
                    .position(|&(j, _)| j > s.end)
                    .unwrap_or(kinds.len());
                coda = true;
            }
            _ => break first,
        }
    };
    // Lines from `limit` on went (another rule ended the article there): they count.
    let site = kinds[first..]
        .iter()
        .filter(|&&(_, k)| k == Kind::Site)
        .count()
        + (page.lines.len() - limit);
    if site < figures.foreign_tail_lines {
        return None;
    }
    let start = kinds[first].0;
    Some((
        start,
        vec![
            ("article_words", article.len() as f64),
            ("site_lines", site as f64),
            ("tail_start", start as f64),
        ],
    ))
}

/// Where the article's last line stands in `kinds` (the index after it; 0 when none): the last
/// line in its words, or below it, within `sequence_gap` live lines, a line that repeats a
/// line the article keeps above (from the body span's first line down to that last line): a numbered label opening alike ("Step 8" under "Step 7") or a caption closing with
/// the same credit in brackets ("... (Lucy Akins)"). The lines in between go on with the
/// article as its sequence does (a photo sequence's steps and captions, few of whose words are
/// the body span's): marked `Article` in `kinds`.
fn continue_sequence(
    page: &Page<'_>,
    body: std::ops::RangeInclusive<usize>,
    kinds: &mut [(usize, Kind)],
    figures: &Figures,
) -> usize {
    let mut last = kinds.iter().rposition(|&(_, k)| k == Kind::Article);
    loop {
        let kept_to = last.map_or(*body.end(), |p| kinds[p].0);
        let kept: HashSet<Repeat> = (*body.start()..=kept_to)
            .filter(|&j| page.lines[j].is_live())
            .filter_map(|j| repeat(page.lines[j].text, figures))
            .collect();
        if kept.is_empty() {
            break;
        }
        let after = last.map_or(0, |p| p + 1);
        let next = kinds[after..]
            .iter()
            .take(figures.sequence_gap)
            .position(|&(j, _)| {
                repeat(page.lines[j].text, figures).is_some_and(|r| kept.contains(&r))
            });
        let Some(p) = next else { break };
        kinds[after + p].1 = Kind::Article;
        last = Some(after + p);
    }
    last.map_or(0, |p| p + 1)
}

/// What a line of a sequence repeats from the one before (see [`continue_sequence`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Repeat {
    /// A label of at most `label_words` words with a number, opening with this word ("Step").
    Numbered(String),
    /// A line closing with this group in brackets, of at most `label_words` words, after words
    /// of its own (a caption and its credit).
    Credit(String),
}

/// The [`Repeat`] of `text`, when it has one.
fn repeat(text: &str, figures: &Figures) -> Option<Repeat> {
    let text = text.trim();
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() >= 2
        && words.len() <= figures.label_words
        && text.chars().any(ghirbal_core::text::is_numeric)
        && words[0].chars().all(char::is_alphabetic)
    {
        return Some(Repeat::Numbered(words[0].to_lowercase()));
    }
    let inner = text.strip_suffix(')')?;
    let (before, group) = inner.rsplit_once('(')?;
    let group = group.trim();
    (!before.trim().is_empty()
        && !group.is_empty()
        && group.split_whitespace().count() <= figures.label_words
        && !group.contains(['(', ')']))
    .then(|| Repeat::Credit(group.to_lowercase()))
}

/// How line `j` stands to the article whose content words are `article`.
fn kind(page: &Page<'_>, j: usize, article: &HashSet<&str>, figures: &Figures) -> Kind {
    let l = &page.lines[j];
    let words = l.content_words();
    let shared = words
        .iter()
        .filter(|w| article.contains(w.as_str()))
        .count();
    let marked = has_furniture_mark(l.text, l.size() <= figures.label_words);
    if !marked && !words.is_empty() && shared as f64 >= figures.tail_min_shared * words.len() as f64
    {
        return Kind::Article;
    }
    if marked {
        return Kind::Site;
    }
    if is_poll(page, j) {
        return Kind::Site;
    }
    if l.shape.sentence
        || l.shape.list_item
        || l.is_prose(figures)
        || is_coda(l.text)
        || in_list(page, j, figures)
    {
        return Kind::Neither;
    }
    Kind::Site
}

/// True when `text` holds rating stars, an arrow or a bullet between items (a list item's
/// own leading bullet is no mark), or, when it is a `label`, ends with a form label's `*`.
fn has_furniture_mark(text: &str, label: bool) -> bool {
    let inner = text.trim_start_matches(|c: char| {
        c.is_whitespace() || matches!(c, '•' | '●' | '·' | '-' | '*' | '–')
    });
    inner.contains(FURNITURE_MARKS) || (label && text.ends_with('*'))
}

/// True for a short line that belongs to the article's own close however few of its words it
/// shares: a separator (no letter: "-----", "___"), a line ending with a colon (it introduces
/// what follows: "Here is what we know:") or cut by an ellipsis ("To follow the match on a
/// tablet, tap here..."), a note opening with `*` ("*From the Daily ...") or a
/// source line of names joined by slashes or wholly in brackets ("AFP / Reuters", "(Image
/// credit: ...)").
fn is_coda(text: &str) -> bool {
    !text.chars().any(|c| c.is_alphabetic() && c != 'ـ')
        || text.ends_with(':')
        || text.ends_with("...")
        || text.ends_with('…')
        || text.starts_with('*')
        || text.contains('/')
        || (text.starts_with('(') && text.ends_with(')'))
}

/// True for a short line of names with its punctuation that may close an article ("Contributing:
/// A. Name", "AFP / Reuters", "Main image credit: Agency"): not plain words
/// (`outside::is_plain_words`), no question, and not a label followed by a list ("Filed in:
/// Politics, Diaries", a category line: a colon, then a comma).
fn is_closing_credit(text: &str) -> bool {
    let list_after_colon = text
        .split_once(':')
        .is_some_and(|(_, rest)| rest.contains([',', '،']));
    !super::outside::is_plain_words(text) && !text.ends_with(['?', '؟']) && !list_after_colon
}

/// True when line `j` opens like the line before or after it (`Line::opening`: the same label
/// word before a colon, the same marks and numbers; or both open with a label and a colon): a
/// line of a list or table of the article's own ("Harbour City (Group A): 10th appearance", a
/// team's line-up).
fn in_list(page: &Page<'_>, j: usize, figures: &Figures) -> bool {
    let here = page.lines[j].opening(figures);
    let labelled = related::opens_with_label(page.lines[j].text, figures);
    let alike = |k: usize| {
        let there = &page.lines[k];
        here.is_like(there.opening(figures))
            || (labelled
                && !there.is_prose(figures)
                && related::opens_with_label(there.text, figures))
    };
    (j > 0 && alike(j - 1)) || (j + 1 < page.lines.len() && alike(j + 1))
}

/// True when line `j` is a question followed by at least two answers of at most two words
/// with no sentence end: a poll ("Did this page help you?" / "Yes" / "No").
fn is_poll(page: &Page<'_>, j: usize) -> bool {
    let l = &page.lines[j];
    if !(l.text.ends_with('?') || l.text.ends_with('؟')) {
        return false;
    }
    // Whether or not the tail's rules took the answers out already.
    let answers = page.lines[j + 1..]
        .iter()
        .take_while(|l| l.size() <= 2 && !l.shape.sentence)
        .count();
    answers >= 2
}
