//! A page as the rules see it: its lines, what each rule decided, and cached keys.

use std::cell::OnceCell;

use crate::lines;

/// Words are counted up to this many; no rule looks at longer counts.
pub const WORD_LIMIT: usize = 64;

/// One line of the stored text.
#[derive(Debug)]
pub struct Line<'a> {
    /// The line, without its line end.
    pub text: &'a str,
    /// A blank line follows it (a paragraph break in the stored text).
    pub blank_after: bool,
    /// Whitespace-separated words, counted up to [`WORD_LIMIT`] + 1.
    pub words: usize,
    /// Why a rule took the line out, if one did.
    pub removed: Option<&'static str>,
    key: OnceCell<String>,
}

impl Line<'_> {
    /// The line's [`lines::key`], computed once.
    pub fn key(&self) -> &str {
        self.key.get_or_init(|| lines::key(self.text))
    }

    /// True while no rule has taken the line out.
    pub fn is_live(&self) -> bool {
        self.removed.is_none()
    }

    /// True for a line that may be a caption: short, several words, no sentence end.
    pub fn is_caption_shaped(&self) -> bool {
        (3..=30).contains(&self.words) && !lines::ends_sentence(self.text)
    }
}

/// The lines of one page, in order.
#[derive(Debug)]
pub struct Page<'a> {
    /// Non-empty lines; blank lines only set `blank_after` on the line before.
    pub lines: Vec<Line<'a>>,
}

impl<'a> Page<'a> {
    /// Splits stored text (see `ghirbal_core::text::stored`) into lines.
    pub fn parse(stored: &'a str) -> Page<'a> {
        let mut lines: Vec<Line<'a>> = Vec::new();
        for raw in stored.split('\n') {
            let text = raw.trim();
            if text.is_empty() {
                if let Some(last) = lines.last_mut() {
                    last.blank_after = true;
                }
                continue;
            }
            lines.push(Line {
                text,
                blank_after: false,
                words: lines::words_upto(text, WORD_LIMIT),
                removed: None,
                key: OnceCell::new(),
            });
        }
        Page { lines }
    }

    /// Indices of the lines no rule has taken out, from `from` on.
    pub fn live_from(&self, from: usize) -> impl Iterator<Item = usize> + '_ {
        (from..self.lines.len()).filter(|&i| self.lines[i].is_live())
    }

    /// Takes line `i` out for `reason` (the first reason given wins).
    pub fn remove(&mut self, i: usize, reason: &'static str) {
        if let Some(line) = self.lines.get_mut(i)
            && line.removed.is_none()
        {
            line.removed = Some(reason);
        }
    }

    /// How many lines were taken out for `reason`, or for a reason starting with it.
    pub fn count(&self, reason: &str) -> u64 {
        self.lines
            .iter()
            .filter(|l| l.removed.is_some_and(|r| r.starts_with(reason)))
            .count() as u64
    }
}
