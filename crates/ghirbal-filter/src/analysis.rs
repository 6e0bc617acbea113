//! What every rule reads (the document, tokenized once) and what every rule writes (figures and
//! the first failing check).

use std::borrow::Cow;

use ghirbal_core::{Reason, Reject};
use serde_json::json;

use crate::config::Mode;
use crate::thresholds::WordSplit;
use crate::tokenize::{self, Period};

/// One document as the rules see it: its text and its words, computed once.
pub(crate) struct Doc<'a> {
    /// The text the rules measure: the record's text in datatrove mode, its matching text in
    /// ghirbal mode.
    pub text: &'a str,
    /// The words (spaCy `ar`-style tokens, whitespace dropped).
    pub words: Vec<&'a str>,
    /// `len(text)` in code points, as Python counts.
    pub n_chars: usize,
    /// Which behaviour the rules follow.
    pub mode: Mode,
}

impl<'a> Doc<'a> {
    /// Tokenizes `text` once for all rules, cutting unspaced scripts into words when `split`
    /// says so.
    pub fn new(text: &'a str, mode: Mode, split: WordSplit) -> Doc<'a> {
        let period = match mode {
            Mode::Datatrove => Period::Spacy,
            Mode::Ghirbal => Period::AfterAnyWord,
        };
        let mut words = tokenize::words(text, period);
        if split == WordSplit::Dictionary {
            words = tokenize::split_unspaced(words);
        }
        Doc {
            text,
            words,
            n_chars: text.chars().count(),
            mode,
        }
    }

    /// Counts a word ending in one of `endings` (longest first) as two words, stem and ending
    /// (see [`tokenize::cut_endings`]).
    pub fn cut_endings(&mut self, endings: &[String]) {
        if !endings.is_empty() {
            self.words = tokenize::cut_endings(std::mem::take(&mut self.words), endings);
        }
    }
}

/// The check that failed first, with its figure and threshold.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Fail {
    /// The stable reason.
    pub reason: Reason,
    /// The measured value.
    pub figure: f64,
    /// The threshold it crossed.
    pub threshold: f64,
}

impl Fail {
    /// The reject detail: figure, threshold, and the thresholds' language.
    pub fn detail(&self, lang: &str, rules: &str) -> serde_json::Value {
        json!({
            "figure": finite(self.figure),
            "threshold": finite(self.threshold),
            "lang": lang,
            "rules": rules,
        })
    }
}

fn finite(x: f64) -> serde_json::Value {
    serde_json::Number::from_f64(x).map_or(serde_json::Value::Null, serde_json::Value::Number)
}

/// Figures measured by the rules, and the first failing check.
#[derive(Debug, Default)]
pub(crate) struct Report {
    /// `(signal key, value)` in the order measured.
    pub figures: Vec<(Cow<'static, str>, f64)>,
    /// The first failing check, across all rules run so far.
    pub fail: Option<Fail>,
}

impl Report {
    /// Records a figure under its full signal key (`filter.<rule>.<name>`).
    pub fn figure(&mut self, key: &'static str, value: f64) {
        self.figures.push((Cow::Borrowed(key), value));
    }

    /// Records a figure whose key was built at run time.
    pub fn figure_owned(&mut self, key: Cow<'static, str>, value: f64) {
        self.figures.push((key, value));
    }

    /// Records a failure when `figure` is above a threshold that is switched on (see [`on`]).
    pub fn fail_above(&mut self, reason: Reason, figure: f64, threshold: f64) {
        if on(threshold) && figure > threshold {
            self.fail(reason, figure, threshold);
        }
    }

    /// The reject for the first failing check, if any, naming the thresholds' language `lang`
    /// and the rule set `rules`.
    pub fn reject(&self, lang: &str, rules: &str) -> Option<Reject> {
        self.fail
            .as_ref()
            .map(|f| Reject::new(f.reason.clone(), f.detail(lang, rules)))
    }

    /// Records a failure unless an earlier check already failed.
    pub fn fail(&mut self, reason: Reason, figure: f64, threshold: f64) {
        if self.fail.is_none() {
            self.fail = Some(Fail {
                reason,
                figure,
                threshold,
            });
        }
    }
}

/// `a / b` as Python would compute it, but 0 for `0 / 0` and the numerator over 1 for `x / 0`,
/// so a degenerate document gives a figure instead of a crash or a NaN.
pub(crate) fn ratio(a: usize, b: usize) -> f64 {
    a as f64 / b.max(1) as f64
}

/// Python truthiness of a numeric threshold: datatrove skips checks whose threshold is 0.
pub(crate) fn on(threshold: f64) -> bool {
    threshold != 0.0 && !threshold.is_nan()
}
