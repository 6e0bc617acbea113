//! Per-language thresholds: one TOML file per language under `resources/thresholds/`.
//!
//! # Adding a language
//! 1. Write `resources/thresholds/<code>.toml` (copy `en.toml`; `<code>` is what the `lang`
//!    stage writes into `Record::lang`: ISO 639-1 where it exists, else ISO 639-3). For a
//!    FineWeb-2 language, add it to `LANGS` in `bench/filter/gen_thresholds.py` and re-run it.
//! 2. Add one line for it to `FILES` in this file.
//! 3. `cargo test -p ghirbal-filter` checks that every file parses and names itself.

use std::collections::BTreeMap;

use serde::Deserialize;

/// Every thresholds file, by language code.
const FILES: &[(&str, &str)] = &[
    ("ar", include_str!("../resources/thresholds/ar.toml")),
    ("arz", include_str!("../resources/thresholds/arz.toml")),
    ("ary", include_str!("../resources/thresholds/ary.toml")),
    ("apc", include_str!("../resources/thresholds/apc.toml")),
    ("acm", include_str!("../resources/thresholds/acm.toml")),
    ("aeb", include_str!("../resources/thresholds/aeb.toml")),
    ("arq", include_str!("../resources/thresholds/arq.toml")),
    ("ars", include_str!("../resources/thresholds/ars.toml")),
    ("ayp", include_str!("../resources/thresholds/ayp.toml")),
    ("shu", include_str!("../resources/thresholds/shu.toml")),
    ("fa", include_str!("../resources/thresholds/fa.toml")),
    ("ur", include_str!("../resources/thresholds/ur.toml")),
    ("en", include_str!("../resources/thresholds/en.toml")),
    ("fr", include_str!("../resources/thresholds/fr.toml")),
    ("de", include_str!("../resources/thresholds/de.toml")),
];

/// The thresholds of one language.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Thresholds {
    /// The language code the file is for.
    pub lang: String,
    /// The language's English name.
    pub name: String,
    /// Where the values come from.
    pub source: String,
    /// Gopher repetition settings.
    pub gopher_repetition: RepetitionThresholds,
    /// FineWeb quality settings.
    pub fineweb_quality: FinewebThresholds,
    /// Gopher quality settings.
    pub gopher_quality: QualityThresholds,
    /// C4 settings (ghirbal mode only).
    pub c4: C4Thresholds,
}

/// `GopherRepetitionFilter` parameters; 0 switches a fraction check off, as in datatrove.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RepetitionThresholds {
    /// Drop when repeated lines / lines exceeds this.
    pub dup_line_frac: f64,
    /// Drop when repeated paragraphs / paragraphs exceeds this.
    pub dup_para_frac: f64,
    /// Drop when characters in repeated lines / characters exceeds this.
    pub dup_line_char_frac: f64,
    /// Drop when characters in repeated paragraphs / characters exceeds this.
    pub dup_para_char_frac: f64,
    /// `(n, frac)`: drop when the most frequent n-gram covers more than `frac` of the text.
    pub top_n_grams: Vec<(usize, f64)>,
    /// `(n, frac)`: drop when repeated n-grams cover more than `frac` of the text.
    pub dup_n_grams: Vec<(usize, f64)>,
}

/// `FineWebQualityFilter` parameters.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FinewebThresholds {
    /// Drop when the share of lines ending in terminal punctuation is below this.
    pub line_punct_thr: f64,
    /// Do not drop when that share is exactly 0.
    pub line_punct_exclude_zero: bool,
    /// Drop when the share of short lines exceeds this (999 = off).
    pub short_line_thr: f64,
    /// A line of at most this many characters is short.
    pub short_line_length: usize,
    /// Drop when characters in repeated lines / characters exceeds this.
    pub char_duplicates_ratio: f64,
    /// Drop when newlines / words exceeds this.
    pub new_line_ratio: f64,
    /// ghirbal mode: count line breaks between non-blank lines only, so blank lines between
    /// paragraphs do not make an article look like a list.
    pub list_ratio_skips_blank_lines: bool,
    /// ghirbal mode: weigh each line by its words in the share of lines that end a sentence, so
    /// a list inside an article counts for its few words and a menu is still all menu.
    pub line_punct_by_words: bool,
    /// ghirbal mode: a line not ending in punctuation still ends a sentence when it holds at
    /// least this many sentence boundaries (0 = never).
    pub prose_min_sentences: usize,
    /// ghirbal mode: ... or when what follows its last sentence boundary is at most this share
    /// of what precedes it, in characters (0 = never).
    pub prose_max_tail: f64,
    /// ghirbal mode: ... or when it has at least this many words (0 = never) ...
    pub prose_min_words: usize,
    /// ... and fewer than this share of them end in, or are, a list separator (`، , ; ؛ | - –
    /// — • · /`): running text, not a tag list.
    pub prose_max_separators: f64,
}

/// `GopherQualityFilter` parameters; 0 switches a check off, as in datatrove.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QualityThresholds {
    /// Drop below this many non-symbol words.
    pub min_doc_words: usize,
    /// Drop above this many non-symbol words.
    pub max_doc_words: usize,
    /// Drop when the mean non-symbol word length is below this.
    pub min_avg_word_length: f64,
    /// Drop when the mean non-symbol word length is above this.
    pub max_avg_word_length: f64,
    /// Drop when `#` or ellipses per word exceed this.
    pub max_symbol_word_ratio: f64,
    /// Drop when the share of bullet lines exceeds this.
    pub max_bullet_lines_ratio: f64,
    /// ghirbal mode: a bullet line that ends a sentence is a paragraph of a bulleted column,
    /// not a list item, and does not count towards `max_bullet_lines_ratio`.
    pub bullet_sentences_are_prose: bool,
    /// Drop when the share of lines ending in an ellipsis exceeds this.
    pub max_ellipsis_lines_ratio: f64,
    /// ghirbal mode: the share is the smaller of the share of lines and the share of words in
    /// them, so one "click here..." line under a paragraph is not a page of cut teasers, and
    /// a column whose paragraphs trail off in `...` is measured by its lines as before.
    pub ellipsis_lines_by_words: bool,
    /// Drop when the share of words with a letter is below this (datatrove's name).
    pub max_non_alpha_words_ratio: f64,
    /// Drop with fewer distinct stop words than this.
    pub min_stop_words: usize,
    /// ghirbal mode: below this many non-symbol words the stop-word minimum is prorated,
    /// `ceil(min_stop_words * words / this)` (0 = off). Gopher set its minimum for documents of
    /// 50 words or more; a preset that keeps shorter briefs would otherwise ask a 20-word brief
    /// for as many stop words as a 50-word article.
    pub stop_words_full_at: usize,
    /// The stop words.
    pub stop_words: Vec<String>,
}

/// C4 rules, run in ghirbal mode as document-level checks (the text is not edited).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct C4Thresholds {
    /// Run C4 at all for this language.
    pub enabled: bool,
    /// Lines must end in `. ? ! " '` to count (English-only; off for Arabic).
    pub terminal_punct: bool,
    /// Drop with fewer sentences in counted lines (0 = off).
    pub min_num_sentences: usize,
    /// Lines with fewer words do not count (0 = off).
    pub min_words_per_line: usize,
    /// Lines with a longer word do not count.
    pub max_word_length: usize,
    /// Drop pages containing "lorem ipsum".
    pub lorem_ipsum: bool,
    /// Lines mentioning "javascript" do not count (English-only).
    pub javascript: bool,
    /// Drop pages containing `{`.
    pub curly_bracket: bool,
    /// Lines with cookie/terms-of-use phrases do not count (English-only).
    pub policy: bool,
}

/// Parses every shipped thresholds file; the error names the file.
pub(crate) fn load_all() -> Result<BTreeMap<String, Thresholds>, String> {
    let mut out = BTreeMap::new();
    for (code, text) in FILES {
        let th: Thresholds =
            toml::from_str(text).map_err(|e| format!("thresholds/{code}.toml: {e}"))?;
        if th.lang != *code {
            return Err(format!("thresholds/{code}.toml says lang = {:?}", th.lang));
        }
        out.insert((*code).to_owned(), th);
    }
    Ok(out)
}

/// The language codes that have a thresholds file.
pub fn languages() -> impl Iterator<Item = &'static str> {
    FILES.iter().map(|(c, _)| *c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_thresholds_file_parses_and_names_itself() {
        let all = load_all().unwrap();
        assert_eq!(all.len(), FILES.len());
        let ar = &all["ar"];
        assert_eq!(ar.gopher_repetition.dup_line_frac, 0.304);
        assert_eq!(ar.fineweb_quality.line_punct_thr, 0.143);
        assert_eq!(ar.gopher_quality.stop_words.len(), 19);
        assert_eq!(ar.gopher_quality.stop_words[0], "،");
        assert!(!ar.c4.terminal_punct && all["en"].c4.terminal_punct);
    }
}
