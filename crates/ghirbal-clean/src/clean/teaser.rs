//! Duplicated teasers: a line near the top that repeats the start of a later paragraph.
//!
//! Naive extractors keep a page's teaser ("standfirst" cut with "...") and then the article
//! that begins with the same words. A line among the first `teaser_window` lines after the
//! title is a duplicated teaser when its key (letters and digits of the matching text, so
//! spaces, punctuation, diacritics and the ellipsis do not count) occurs in the text that
//! starts at a later line, beginning in that line and at most `teaser_dateline_chars`
//! letters into it (a dateline such as "دبي (CNN) --" may come first). The text searched
//! runs on across the following lines, because a teaser often spans two short paragraphs.
//! A teaser of at least twice `teaser_min_chars` letters also counts when it begins further
//! into the later paragraph: repeated verbatim at that length, it is no coincidence. So does
//! a shorter one that is a whole sentence (it ends with `.`, `؟`, `!`...): a news page's
//! standfirst is often one sentence lifted from the middle of the article.
//! Teasers shorter than `teaser_min_chars` letters are never dropped: short lines repeat by
//! chance.

use ghirbal_core::reason::clean::line;

use super::page::Page;
use crate::lines;

/// How many lines after the teaser are searched for the paragraph it repeats.
const MAX_DISTANCE: usize = 50;
/// How many lines one search runs across.
const MAX_SPAN: usize = 12;

/// The rule's settings.
#[derive(Debug, Clone, Copy)]
pub struct TeaserRule {
    /// Lines at the top of the page that may be a teaser.
    pub window: usize,
    /// Shortest teaser, in letters and digits.
    pub min_chars: usize,
    /// Longest dateline before the repeated text, in letters and digits.
    pub dateline_chars: usize,
}

/// A dropped teaser and the line holding the paragraph it repeats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Teaser {
    /// The teaser's line.
    pub line: usize,
    /// The line where the repeated text begins.
    pub repeated_in: usize,
}

impl TeaserRule {
    /// Drops the duplicated teasers of `page` and says where each one is repeated.
    pub fn remove(&self, page: &mut Page<'_>) -> Vec<Teaser> {
        let head: Vec<usize> = page.live_from(0).take(self.window).collect();
        let mut found = Vec::new();
        for i in head {
            if !page.lines[i].is_live() {
                continue;
            }
            if let Some(j) = self.repeated_in(page, i) {
                page.remove(
                    i,
                    line::TEASER_DUPLICATE,
                    "teaser",
                    &[("repeated_in_line", j as f64)],
                );
                found.push(Teaser {
                    line: i,
                    repeated_in: j,
                });
            }
        }
        found
    }

    fn repeated_in(&self, page: &Page<'_>, i: usize) -> Option<usize> {
        let needle = page.lines[i].key();
        let needle_chars = needle.chars().count();
        if needle_chars < self.min_chars {
            return None;
        }
        let sentence = lines::ends_sentence(page.lines[i].text);
        let later: Vec<usize> = page.live_from(i + 1).take(MAX_DISTANCE).collect();
        // The keys of the later lines end to end; line `later[at]`'s key starts at `starts[at]`.
        let mut keys = String::new();
        let mut starts = Vec::with_capacity(later.len() + 1);
        for &j in &later {
            starts.push(keys.len());
            keys.push_str(page.lines[j].key());
        }
        starts.push(keys.len());
        for (at, &j) in later.iter().enumerate() {
            let first_len = starts[at + 1] - starts[at];
            if first_len == 0 {
                continue;
            }
            // The text from line j on, long enough to hold a dateline and the teaser: whole
            // keys, at most MAX_SPAN of them.
            let mut end = at;
            while end < later.len() && end - at < MAX_SPAN {
                end += 1;
                if starts[end] - starts[at] >= needle.len() + 4 * self.dateline_chars {
                    break;
                }
            }
            let hay = &keys[starts[at]..starts[end]];
            // A long teaser, or a whole sentence, may also stand anywhere inside a later
            // paragraph (the article's second sentence, say): it is no coincidence.
            let long = needle_chars >= 2 * self.min_chars || sentence;
            if let Some(pos) = find_starting_before(hay, needle, first_len)
                && (long || hay[..pos].chars().count() <= self.dateline_chars)
            {
                return Some(j);
            }
        }
        None
    }
}

/// Where `needle` first occurs in `hay`, if that is before byte `limit`: `hay.find(needle)`
/// kept when `pos < limit`. Only the places where `needle`'s first character occurs before
/// `limit` are tried (found with `str::find(char)`, which skips ahead with memchr), and no
/// searcher is built (`str::find(&str)` prepares one per call, which cost more than the
/// search on these short keys).
fn find_starting_before(hay: &str, needle: &str, limit: usize) -> Option<usize> {
    let Some(first) = needle.chars().next() else {
        return (limit > 0).then_some(0);
    };
    let mut from = 0;
    while from < limit {
        let at = from + hay[from..].find(first)?;
        if at >= limit {
            return None;
        }
        if hay[at..].starts_with(needle) {
            return Some(at);
        }
        from = at + first.len_utf8();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn find_starting_before_ignores_matches_from_the_limit_on() {
        assert_eq!(find_starting_before("قالقال", "قال", 1), Some(0));
        assert_eq!(find_starting_before("xقال", "قال", 1), None);
        assert_eq!(find_starting_before("xقال", "قال", 2), Some(1));
        assert_eq!(find_starting_before("abc", "", 0), None);
    }

    proptest! {
        #[test]
        fn find_starting_before_is_find_below_the_limit(
            hay in "[ab\u{0627}\u{0644}]{0,30}",
            needle in "[ab\u{0627}\u{0644}]{0,4}",
            limit in 0usize..40,
        ) {
            let expected = hay.find(&needle).filter(|&p| p < limit);
            prop_assert_eq!(find_starting_before(&hay, &needle, limit), expected);
        }
    }
}
