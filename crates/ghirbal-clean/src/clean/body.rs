//! The body: the densest stretch of the page, found by shape alone.
//!
//! Each line scores its words minus `line_cost` (a removed line scores `-line_cost`), and the
//! body is the span of consecutive lines with the largest total (the maximum-sum subarray):
//! the stretch whose lines hold more than `line_cost` words on average, as an article's
//! paragraphs do and menus, link lists and tool bars do not. Short lines inside it (a
//! subheading, a one-line quote, an in-text link) cost little against the paragraphs around
//! them and stay inside. A line of prose the page already printed (`Line::repeat`: a cookie
//! notice or a footer in two copies) scores as a removed line: a page's repeated furniture
//! must not outweigh a short article. A page with no line longer than `line_cost` words has no body span;
//! then no rule removes lines for where they stand.

use super::page::Page;
use crate::figures::Figures;

/// Longest line counted, in words: one huge line must not pull the body towards it.
const MAX_LINE_WORDS: i64 = super::page::WORD_LIMIT as i64;
/// Most candidate spans weighed against each other.
const MAX_CANDIDATES: usize = 4;

/// A span of lines, `start..=end`, and its score.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    /// First line.
    pub start: usize,
    /// Last line.
    pub end: usize,
    /// Sum of (words - line_cost) over its lines.
    pub score: i64,
}

/// The best span, then the best spans on either side of it, and so on: up to
/// [`MAX_CANDIDATES`] disjoint spans scoring at least `body_candidate_share` of the best,
/// best first. The headline decides between them (`title.rs`): a long footer or cookie notice
/// may outscore a short article, but the article is the span under a headline it shares words
/// with.
pub fn candidates(page: &Page<'_>, figures: &Figures) -> Vec<Span> {
    let mut found: Vec<Span> = Vec::new();
    let mut ranges = vec![(0usize, page.lines.len())];
    while let Some((lo, hi)) = ranges.pop() {
        let Some(span) = best_in(page, figures, lo, hi) else {
            continue;
        };
        found.push(span);
        ranges.push((lo, span.start));
        ranges.push((span.end + 1, hi));
    }
    found.sort_by(|a, b| b.score.cmp(&a.score).then(a.start.cmp(&b.start)));
    let floor = found
        .first()
        .map_or(0.0, |b| b.score as f64 * figures.body_candidate_share);
    found.retain(|s| s.score as f64 >= floor);
    found.truncate(MAX_CANDIDATES);
    found
}

/// The maximum-sum span of lines `lo..hi`.
pub fn best_in(page: &Page<'_>, figures: &Figures, lo: usize, hi: usize) -> Option<Span> {
    let cost = figures.line_cost as i64;
    let (mut best, mut best_span) = (0i64, None);
    let (mut run, mut start) = (0i64, lo);
    for i in lo..hi {
        let l = &page.lines[i];
        let words = if l.is_live() && !l.repeat {
            (l.size() as i64).min(MAX_LINE_WORDS)
        } else {
            0
        };
        if run <= 0 {
            run = 0;
            start = i;
        }
        run += words - cost;
        if run > best {
            best = run;
            best_span = Some(Span {
                start,
                end: i,
                score: run,
            });
        }
    }
    best_span
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::figures::FIGURES;

    fn span(text: &str) -> Option<(usize, usize)> {
        let page = Page::parse(text);
        candidates(&page, &FIGURES)
            .first()
            .map(|s| (s.start, s.end))
    }

    const PARA: &str = "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty twenty-one twenty-two twenty-three twenty-four twenty-five twenty-six twenty-seven twenty-eight twenty-nine thirty";

    #[test]
    fn body_spans_paragraphs_and_the_short_lines_between_them() {
        let text = format!(
            "Home\nNews\nSport\nHeadline here\n{PARA} one\nA subheading\n{PARA} two\nShare\nTwitter\nFacebook"
        );
        assert_eq!(span(&text), Some((4, 6)));
    }

    #[test]
    fn a_page_of_short_lines_has_no_body() {
        assert_eq!(span("a b\nc d\ne f"), None);
    }

    #[test]
    fn a_long_gap_of_short_lines_splits_the_page_and_the_larger_side_wins() {
        let menu = "a\n".repeat(30);
        let text = format!("{PARA}\n{menu}{PARA} one\n{PARA} two");
        assert_eq!(span(&text), Some((31, 32)));
    }

    #[test]
    fn a_block_printed_twice_scores_once() {
        // Two copies of a notice below the article would outweigh it; one copy does not.
        let notice = format!("{PARA} notice");
        let text =
            format!("{PARA} one\n{PARA} two\nMenu\nMenu\nMenu\n{notice}\n{notice}\n{notice}");
        assert_eq!(span(&text), Some((0, 1)));
    }
}
