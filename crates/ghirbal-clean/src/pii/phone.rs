//! Phone numbers in the formats of the Gulf, Egypt, the Maghreb and international notation,
//! in ASCII, Arabic-Indic or Persian digits, grouped by spaces, dashes, dots or brackets.
//!
//! The text is scanned for runs of digit groups joined by one or two separator characters
//! (space, no-break space, `-`, `.`, `(`, `)`), optionally led by `+`. A run, or the longest
//! stretch of its groups from the left, is a phone number when its digits are:
//! - international: `+` or `00` then 8 to 15 digits;
//! - a national mobile: `05x xxx xxxx` (Saudi Arabia, the UAE, Oman; also Algeria),
//!   `06`/`07` + 8 digits (Morocco, Algeria), `010`/`011`/`012`/`015` + 8 digits (Egypt);
//! - a national landline: `0` + area code + number, 9 or 10 digits in all, written with a
//!   separator after the area code (`011 234 5678`, `02-2345-6789`);
//! - any 7 to 15 digits right after a cue word ("هاتف", "جوال", "Tel", "Tél", see
//!   `resources/pii.toml`): Kuwaiti and Qatari 8-digit numbers have no other mark.
//!
//! A run that reads as a date (`05-10-2018`, `2018.10.05`) is never a phone number. Prices,
//! years and article numbers have no leading `0` or `+` and no cue, so they stay.

use std::collections::BTreeMap;

use ghirbal_core::text;

use super::{Span, is_digit};

/// The phone cue lists, by language.
const CUES: &str = include_str!("../../resources/pii.toml");
/// Most groups in one run; longer runs are cut, so a page of spaced digits stays linear.
const MAX_GROUPS: usize = 8;
/// How far before a number (in characters) a cue word counts.
const CUE_WINDOW: usize = 24;

/// Finds phone numbers.
#[derive(Debug)]
pub struct Finder {
    cues: Vec<String>,
}

/// One digit group of a run: its byte range and its digits in ASCII.
#[derive(Debug)]
struct Group {
    span: Span,
    digits: String,
}

impl Finder {
    /// Loads the cue words.
    pub fn new() -> Finder {
        let lists: BTreeMap<String, Vec<String>> = toml::from_str(CUES).unwrap_or_default();
        let mut cues: Vec<String> = lists
            .values()
            .flatten()
            .map(|c| text::matching(c))
            .collect();
        cues.sort();
        cues.dedup();
        Finder { cues }
    }

    /// The phone numbers in `text`, in order.
    pub fn find(&self, text: &str) -> Vec<Span> {
        let mut spans = Vec::new();
        let mut at = 0;
        while at < text.len() {
            let Some((plus, groups, next)) = next_run(text, at) else {
                break;
            };
            at = next;
            let mut start = 0;
            while start < groups.len() {
                let lead = if start == 0 { plus } else { None };
                let span_start = lead.unwrap_or(groups[start].span.start);
                // Looking for a cue word costs a normalisation: only done when a run needs it.
                let mut cue = None;
                let found = (start + 1..=groups.len()).rev().find_map(|end| {
                    let run = &groups[start..end];
                    let mut has_cue =
                        || *cue.get_or_insert_with(|| self.has_cue(&text[..span_start]));
                    is_phone(run, lead.is_some(), &mut has_cue)
                        .then_some((span_start..run[run.len() - 1].span.end, end))
                });
                match found {
                    Some((span, end)) => {
                        spans.push(span);
                        start = end;
                    }
                    None => start += 1,
                }
            }
        }
        spans
    }

    fn has_cue(&self, before: &str) -> bool {
        let tail: String = {
            let mut chars: Vec<char> = before.chars().rev().take(CUE_WINDOW).collect();
            chars.reverse();
            chars.into_iter().collect()
        };
        let tail = text::matching(&tail);
        self.cues.iter().any(|c| {
            tail.match_indices(c.as_str()).any(|(i, _)| {
                let before = tail[..i].chars().next_back();
                let after = tail[i + c.len()..].chars().next();
                // Whole words only: "call" is no cue inside "recall"; and our own placeholder
                // `<PHONE>` is no cue, so masking twice changes nothing.
                let placeholder = before == Some('<') && after == Some('>');
                !before.is_some_and(text::is_alphabetic)
                    && !after.is_some_and(text::is_alphabetic)
                    && !placeholder
            })
        })
    }
}

/// The next run of digit groups at or after byte `from`: the byte offset of a leading `+`,
/// the groups, and where scanning goes on.
fn next_run(text: &str, from: usize) -> Option<(Option<usize>, Vec<Group>, usize)> {
    let rest = &text[from..];
    // The character before the one looked at; a digit glued to a letter or digit starts no run.
    let mut before: Option<char> = None;
    let (offset, _) = rest.char_indices().find(|&(i, c)| {
        let prev = before.replace(c);
        (is_digit(c) && !prev.is_some_and(text::is_alphanumeric))
            || (c == '+' && rest[i + 1..].chars().next().is_some_and(is_digit))
    })?;
    let start = from + offset;
    let mut pos = start;
    let plus = text[pos..].starts_with('+').then(|| {
        pos += 1;
        start
    });
    let mut groups = Vec::new();
    loop {
        let g_start = pos;
        pos += text[pos..]
            .find(|c: char| !is_digit(c))
            .unwrap_or(text.len() - pos);
        groups.push(Group {
            span: g_start..pos,
            digits: text::fold_digits(&text[g_start..pos]),
        });
        if groups.len() >= MAX_GROUPS {
            break;
        }
        // One or two separators, then a digit, continue the run.
        let mut sep_end = pos;
        let mut seps = 0;
        let mut continues = false;
        for c in text[pos..].chars() {
            if is_digit(c) && seps > 0 {
                continues = true;
                break;
            }
            if seps < 2 && matches!(c, ' ' | '\u{00A0}' | '-' | '.' | '(' | ')') {
                seps += 1;
                sep_end += c.len_utf8();
                continue;
            }
            break;
        }
        if !continues {
            break;
        }
        pos = sep_end;
    }
    Some((plus, groups, pos.max(start + 1)))
}

/// True when the digits of `run` make a phone number (see the module docs).
fn is_phone(run: &[Group], plus: bool, cue: &mut dyn FnMut() -> bool) -> bool {
    let digits: String = run.iter().map(|g| g.digits.as_str()).collect();
    let n = digits.len();
    if plus {
        return (8..=15).contains(&n) && !digits.starts_with('0');
    }
    if looks_like_date(run) {
        return false;
    }
    if let Some(rest) = digits.strip_prefix("00")
        && (8..=15).contains(&rest.len())
        && !rest.starts_with('0')
    {
        return true;
    }
    let b = digits.as_bytes();
    if n == 10 && b[0] == b'0' && (b'5'..=b'7').contains(&b[1]) {
        return true;
    }
    if n == 11 && digits.starts_with("01") && matches!(b[2], b'0' | b'1' | b'2' | b'5') {
        return true;
    }
    let area_code_apart = run.len() >= 2 && (2..=3).contains(&run[0].digits.len());
    if (9..=10).contains(&n) && b[0] == b'0' && b[1] != b'0' && area_code_apart {
        return true;
    }
    (7..=15).contains(&n) && cue()
}

/// True when the first three groups read as day-month-year or year-month-day.
fn looks_like_date(run: &[Group]) -> bool {
    if run.len() < 3 {
        return false;
    }
    let len = |i: usize| run[i].digits.len();
    let val = |i: usize| run[i].digits.parse::<u32>().unwrap_or(u32::MAX);
    let day_month = |a: usize, b: usize| {
        len(a) <= 2 && len(b) <= 2 && (1..=31).contains(&val(a)) && (1..=31).contains(&val(b))
    };
    let year = |i: usize| len(i) == 4 && (1900..=2100).contains(&val(i));
    (day_month(0, 1) && year(2)) || (year(0) && day_month(1, 2))
}
