//! The one model of a page that every rule reads: its lines with their shape, the zones the
//! rules agree on (headline, body), and what each rule decided.
//!
//! A rule never re-reads the text: it asks a [`Line`] for its facts (computed once, when the
//! page is parsed, or on first use), reads the zones from [`Page`], and takes lines out with
//! [`Page::remove`], giving the reason, the rule and the figures that decided it.

use std::cell::OnceCell;

use ghirbal_core::calendar::{self, Found};

use super::furniture::related::Opening;
use crate::figures::Figures;
use crate::lines;
use crate::shape::{self, Shape};

/// Words are counted up to this many; no rule looks at longer counts.
pub const WORD_LIMIT: usize = 100;

/// Why a rule took a line out, for `signals` and `--explain`.
#[derive(Debug, Clone, PartialEq)]
pub struct Removal {
    /// The line reason (`title`, `teaser_duplicate`, `boilerplate:<kind>`, ...).
    pub reason: &'static str,
    /// The rule that decided it (a file of `src/clean/`).
    pub rule: &'static str,
    /// The figures the rule compared, by name.
    pub figures: Vec<(&'static str, f64)>,
}

/// One non-blank line of the page.
#[derive(Debug)]
pub struct Line<'a> {
    /// The line without its indentation and line end.
    pub text: &'a str,
    /// Its leading whitespace, as the source had it.
    pub indent: &'a str,
    /// A blank line precedes it in the source (a paragraph break).
    pub blank_before: bool,
    /// Its shape, computed when the page is parsed.
    pub shape: Shape,
    /// Why a rule took the line out, if one did.
    pub removed: Option<Removal>,
    /// A line of prose (`prose_words` or more) whose text an earlier line already has: a
    /// block the page prints twice (a cookie notice's mobile and desktop copies, a footer
    /// repeated). It adds nothing to the body's score (`body.rs`), but stays in the text: a
    /// song's refrain inside the body is kept with the verses around it.
    pub repeat: bool,
    key: OnceCell<String>,
    words: OnceCell<Vec<String>>,
    date: OnceCell<Option<Found>>,
    opening: OnceCell<Opening>,
}

impl Line<'_> {
    /// Words (whitespace-separated; in scripts written without spaces, two letters count as
    /// one word), up to [`WORD_LIMIT`] + 1.
    pub fn size(&self) -> usize {
        self.shape.size
    }

    /// The line's [`lines::key`], computed once.
    pub fn key(&self) -> &str {
        self.key.get_or_init(|| lines::key(self.text))
    }

    /// Its content words ([`shape::content_words`](crate::shape::content_words)); computed
    /// once, as the title, related-stories and pointer rules each compare lines by them.
    pub fn content_words(&self) -> &[String] {
        self.words
            .get_or_init(|| crate::shape::content_words(self.text))
    }

    /// The date the line holds, if it is short enough to be a dateline and
    /// `ghirbal_core::calendar` finds one in it; computed once.
    pub fn date(&self, figures: &Figures) -> Option<Found> {
        *self.date.get_or_init(|| {
            (self.shape.digits && self.size() <= figures.dateline_max_words)
                .then(|| calendar::find_in_text(self.text, None))
                .flatten()
        })
    }

    /// How the line opens, as a line of a list (`furniture::related::opening`); computed
    /// once.
    pub fn opening(&self, figures: &Figures) -> &Opening {
        self.opening
            .get_or_init(|| super::furniture::related::opening(self.text, figures))
    }

    /// True while no rule has taken the line out.
    pub fn is_live(&self) -> bool {
        self.removed.is_none()
    }

    /// True when the line reads as a paragraph of prose: at least `prose_words` words, or a
    /// sentence of at least `prose_sentence_words`.
    pub fn is_prose(&self, figures: &Figures) -> bool {
        self.size() >= figures.prose_words
            || (self.shape.sentence && self.size() >= figures.prose_sentence_words)
    }

    /// True for a line that may be a caption: short, several words, no sentence end.
    pub fn is_caption_shaped(&self) -> bool {
        (3..=30).contains(&self.size()) && !lines::ends_sentence(self.text)
    }

    /// True for a label: at most `label_words` words, no sentence end, not a line of code
    /// (`shape::is_code_line`: a code block's short lines are no menu).
    pub fn is_label(&self, figures: &Figures) -> bool {
        self.size() <= figures.label_words
            && !self.shape.sentence
            && !crate::shape::is_code_line(self.text)
    }

    /// True for a line shaped like a headline: `headline_min_words` to `headline_max_words`
    /// words, at most `headline_max_chars` characters, not ending like a clause nor with a
    /// full stop (inside quotes too: a quoted sentence is not a headline; `?` and `!` are),
    /// not two sentences (`shape::has_inner_sentence_end`: a lede that ends with a question).
    pub fn is_headline_shaped(&self, figures: &Figures) -> bool {
        (figures.headline_min_words..=figures.headline_max_words).contains(&self.size())
            && self.text.chars().count() <= figures.headline_max_chars
            && !self.shape.clause_end
            && !self.shape.full_stop
            && !shape::has_inner_sentence_end(self.text)
    }
}

/// The zones of a page the rules agree on.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Zones {
    /// The headline's line, once found (it is then removed as `title` or `title_repeat`).
    pub headline: Option<usize>,
    /// The body's densest span of lines, `start..=end` (see `body.rs`).
    pub body: Option<(usize, usize)>,
}

/// What tells a web page from an edited text, read by every rule that removes lines for where
/// they stand (above the headline, after the body).
///
/// A web page wraps its article in the site's furniture; an edited text (a book's chapter, a
/// letter, a transcript, an article as its agency sends it) has none, and keeps every line
/// however it opens and ends. The signals, each found by a rule that knows nothing of the
/// others:
/// - `furniture`: a line taken out by a site-furniture rule ([`is_site_furniture`]): menus,
///   breadcrumbs, tool and share bars, tags, legal lines, lists of other stories, counters.
///   Not an in-text link to another story (`read_also`), an ad label, a caption, a consent
///   banner (found below the body, it says nothing of where the article above it ends) nor a
///   wire credit (edited texts print them too): those are taken out without making the page a
///   web page.
/// - `headline_below`: the headline stands below lines taken out as above it
///   (`outside.rs` `head`, which takes them only on a page with another signal, or whose lines
///   above the headline are all short).
/// - `dated_headline`: a line under the headline, before the body's first paragraph, gave a
///   date (`outside.rs` `head`): a web page's dateline. An edited text that quotes its title
///   further down has no dateline between that title and its next paragraph.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WebSignals {
    /// A site-furniture rule took a line out.
    pub furniture: bool,
    /// The headline stands below lines taken out as above it.
    pub headline_below: bool,
    /// The headline (below the page's first line) has a dated line under it.
    pub dated_headline: bool,
}

impl WebSignals {
    /// True when any signal says the page is a web page.
    pub fn is_web_page(&self) -> bool {
        self.furniture || self.headline_below || self.dated_headline
    }

    /// The signals as figures for `--explain` (1 when present, 0 when not).
    pub fn figures(&self) -> [(&'static str, f64); 3] {
        let one = |b: bool| if b { 1.0 } else { 0.0 };
        [
            ("web_furniture", one(self.furniture)),
            ("web_headline_below", one(self.headline_below)),
            ("web_dated_headline", one(self.dated_headline)),
        ]
    }
}

/// The lines of one page, in order, with the zones the rules found.
#[derive(Debug)]
pub struct Page<'a> {
    /// Non-blank lines; blank lines only set `blank_before` on the next line.
    pub lines: Vec<Line<'a>>,
    /// Headline and body, as found.
    pub zones: Zones,
    /// Set by `outside.rs` `head` when a line under the headline gave a date (see
    /// [`WebSignals::dated_headline`]).
    pub dated_headline: bool,
    /// Where `outside.rs` `tail` left the article's end after the body span, for the end by
    /// shape (`furniture/ending.rs`); `None` when the end was found inside the span or at an end
    /// mark or a reporting credit, or on a page that is not a web page.
    pub tail: Option<Tail>,
}

/// The article's end as `outside.rs` `tail` found it after the body span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tail {
    /// The first line of the article below the headline.
    pub top: usize,
    /// The article's last line.
    pub end: usize,
    /// The first line taken out after it (the page's length when none was).
    pub boundary: usize,
    /// The body span's score (`body.rs`).
    pub body_score: i64,
}

impl<'a> Page<'a> {
    /// Splits text in the form of `ghirbal_core::text::stored_indented` into lines.
    pub fn parse(stored: &'a str) -> Page<'a> {
        let mut lines: Vec<Line<'a>> = Vec::new();
        let mut blank = false;
        // Prose lines seen so far, by hash: a page holds tens of them, a scan is cheaper than a
        // hash set's SipHash over each paragraph.
        let mut seen: Vec<(u64, &'a str)> = Vec::new();
        let prose_words = crate::figures::FIGURES.prose_words;
        for raw in stored.split('\n') {
            let text = raw.trim_start();
            let indent = &raw[..raw.len() - text.len()];
            let text = text.trim_end();
            if text.is_empty() {
                blank = !lines.is_empty();
                continue;
            }
            let shape = shape::of(text, WORD_LIMIT);
            let repeat = shape.size >= prose_words && {
                let h = xxhash_rust::xxh3::xxh3_64(text.as_bytes());
                let again = seen.iter().any(|&(g, t)| g == h && t == text);
                if !again {
                    seen.push((h, text));
                }
                again
            };
            lines.push(Line {
                text,
                indent,
                blank_before: blank,
                shape,
                removed: None,
                repeat,
                key: OnceCell::new(),
                words: OnceCell::new(),
                date: OnceCell::new(),
                opening: OnceCell::new(),
            });
            blank = false;
        }
        Page {
            lines,
            zones: Zones::default(),
            dated_headline: false,
            tail: None,
        }
    }

    /// Indices of the lines no rule has taken out, from `from` on.
    pub fn live_from(&self, from: usize) -> impl Iterator<Item = usize> + '_ {
        (from..self.lines.len()).filter(|&i| self.lines[i].is_live())
    }

    /// Indices of the live lines between the headline and the first live line of prose under
    /// it (where credits, counters and links under a headline stand); none without a headline.
    pub fn under_headline(&self, figures: &Figures) -> Vec<usize> {
        let Some(h) = self.zones.headline else {
            return Vec::new();
        };
        self.live_from(h + 1)
            .take_while(|&i| !self.lines[i].is_prose(figures))
            .collect()
    }

    /// Takes line `i` out (the first rule to remove a line wins).
    pub fn remove(
        &mut self,
        i: usize,
        reason: &'static str,
        rule: &'static str,
        figures: &[(&'static str, f64)],
    ) {
        if let Some(line) = self.lines.get_mut(i)
            && line.removed.is_none()
        {
            line.removed = Some(Removal {
                reason,
                rule,
                figures: figures.to_vec(),
            });
        }
    }

    /// How many lines were taken out for `reason`, or for a reason starting with it.
    pub fn count(&self, reason: &str) -> u64 {
        self.lines
            .iter()
            .filter(|l| {
                l.removed
                    .as_ref()
                    .is_some_and(|r| r.reason.starts_with(reason))
            })
            .count() as u64
    }

    /// The signals that the page is a web page ([`WebSignals`]), as the rules so far found
    /// them: the position rules (above the headline, after the body) read them, so an edited
    /// text that carries none keeps every line.
    pub fn signals(&self) -> WebSignals {
        let mut s = WebSignals {
            dated_headline: self.dated_headline,
            ..WebSignals::default()
        };
        for l in &self.lines {
            if let Some(r) = &l.removed {
                s.furniture |= is_site_furniture(r.reason);
                s.headline_below |= r.rule == ABOVE_HEADLINE_RULE;
            }
        }
        s
    }
}

/// The rule (`outside.rs` `head`) that takes out the lines above the headline.
pub const ABOVE_HEADLINE_RULE: &str = "above_headline";

/// True for a removal reason that is the `furniture` signal of a web page ([`WebSignals`]):
/// `boilerplate:<kind>` other than in-text links (`read_also`), ad labels, the lines above the
/// headline (themselves the `headline_below` signal), consent banners and wire credits.
pub fn is_site_furniture(reason: &str) -> bool {
    reason.starts_with("boilerplate:")
        && !matches!(
            reason,
            "boilerplate:read_also"
                | "boilerplate:ad"
                | "boilerplate:above_headline"
                | "boilerplate:consent"
                | "boilerplate:credit"
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_keeps_indentation_and_paragraph_breaks() {
        let page = Page::parse("def f():\n    return 1\n\nNext paragraph");
        let l = &page.lines;
        assert_eq!(
            (l[0].indent, l[0].text, l[0].blank_before),
            ("", "def f():", false)
        );
        assert_eq!((l[1].indent, l[1].text), ("    ", "return 1"));
        assert!(l[2].blank_before);
    }

    #[test]
    fn first_removal_wins() {
        let mut page = Page::parse("a\nb");
        page.remove(0, "x", "r1", &[]);
        page.remove(0, "y", "r2", &[]);
        assert_eq!(page.lines[0].removed.as_ref().map(|r| r.reason), Some("x"));
        assert_eq!(page.count("x"), 1);
    }
}
