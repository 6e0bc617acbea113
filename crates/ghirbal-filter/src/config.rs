//! The `[filter]` table of a config.

use serde::{Deserialize, Serialize};

/// Which behaviour the rules follow.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// datatrove 0.10.1 + FineWeb-2, bit for bit, quirks included: raw text, spaCy `ar` words,
    /// datatrove's terminal punctuation, exact stop-word matches, untrimmed lines.
    Datatrove,
    /// Arabic done right: matching text (see `ghirbal_core::text::matching`), `؟ ۔ « » “ ”`
    /// and `.` before trailing spaces end a line, stop words seen through clitics, lines
    /// compared after trimming, C4's English-only rules off for Arabic. Edited text is measured
    /// as text, not as a page: the line punctuation share is weighed by words and counts prose
    /// lines that lost their last full stop, blank lines are no list items, bulleted paragraphs
    /// are no bullet list, one "read more..." line is no page of teasers, and short briefs need
    /// stop words in proportion. Each of these is a key of the thresholds files
    /// (`resources/thresholds/README.md`).
    #[default]
    Ghirbal,
}

/// Settings of the `filter` stage (`[filter]` in a config file).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct FilterConfig {
    /// `"ghirbal"` (default) or `"datatrove"`.
    pub mode: Mode,
    /// Thresholds used when a record has no `lang` (the `lang` stage is off or undecided).
    pub default_lang: String,
    /// Thresholds used when a record's `lang` has neither a thresholds file nor a FineWeb-2
    /// config: `und`, the language-independent rules (`resources/thresholds/und.toml`).
    pub fallback_lang: String,
    /// Run the Gopher repetition rule.
    pub gopher_repetition: bool,
    /// Run the FineWeb quality rule.
    pub fineweb_quality: bool,
    /// Run the Gopher quality rule.
    pub gopher_quality: bool,
    /// Run the C4 rules where the language's thresholds enable them. Unset: on in ghirbal
    /// mode, off in datatrove mode (FineWeb-2 does not run C4).
    pub c4: Option<bool>,
    /// Replaces every language's `gopher_quality.min_doc_words` when set: news briefs of 20-50
    /// words are edited articles, so the `arabic-news` preset sets 20.
    pub min_doc_words: Option<usize>,
    /// Replaces every language's `c4.min_num_sentences` when set: C4 asks five sentences of an
    /// English or French page, but a brief the preset keeps from 20 words holds one or two, so
    /// `arabic-news` sets 1 (Arabic's own file already asks none).
    pub min_num_sentences: Option<usize>,
}

impl Default for FilterConfig {
    fn default() -> FilterConfig {
        FilterConfig {
            mode: Mode::Ghirbal,
            default_lang: "ar".to_owned(),
            fallback_lang: "und".to_owned(),
            gopher_repetition: true,
            fineweb_quality: true,
            gopher_quality: true,
            c4: None,
            min_doc_words: None,
            min_num_sentences: None,
        }
    }
}
