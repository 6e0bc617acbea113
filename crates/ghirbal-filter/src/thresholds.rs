//! Per-language thresholds: FineWeb-2's for every language it has, ghirbal's own files where the
//! language needs more, and language-independent rules for the rest.
//!
//! Three sources, looked up in this order by the record's `lang` (and `script`):
//! 1. one TOML file per language under `resources/thresholds/` (Arabic and its dialects, Persian,
//!    Urdu, English, French, German): FineWeb-2's values plus ghirbal's tuning;
//! 2. `resources/fineweb2/languages.tsv`: FineWeb-2's thresholds and stop words for all 1,929
//!    language-script pairs, completed by `resources/fineweb2/template.toml` ([`fineweb2`]); a
//!    record labelled `es` (ISO 639-1) or `spa` (639-3) finds `spa_Latn`, and its script picks
//!    between `srp_Cyrl` and `srp_Latn`;
//! 3. `resources/thresholds/und.toml`: the language-independent rules, for a language with
//!    neither, so that no language is judged by another's rules.
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
    ("und", include_str!("../resources/thresholds/und.toml")),
];

/// The code of the language-independent rules (`resources/thresholds/und.toml`).
pub const LANGUAGE_INDEPENDENT: &str = "und";

/// FineWeb-2's thresholds, one language-script pair a line (see `resources/fineweb2/`).
const FINEWEB2_TABLE: &str = include_str!("../resources/fineweb2/languages.tsv");
/// What completes a line of [`FINEWEB2_TABLE`] into a full [`Thresholds`].
const FINEWEB2_TEMPLATE: &str = include_str!("../resources/fineweb2/template.toml");

/// `resources/fineweb2/template.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Template {
    c4_latin_punctuation_scripts: Vec<String>,
    dictionary_word_scripts: Vec<String>,
    #[serde(default)]
    word_endings: BTreeMap<String, Vec<String>>,
    defaults: Thresholds,
    c4_other_scripts: C4Thresholds,
}

/// One language-script pair of FineWeb-2, with its thresholds completed.
#[derive(Debug, Clone, PartialEq)]
pub struct Fineweb2Language {
    /// ISO 639-3 code as FineWeb-2 writes it (`spa`, `cmn`, `arb`).
    pub code: String,
    /// ISO 15924 script (`Latn`).
    pub script: String,
    /// ISO 639-1 code where one exists (`es`; `zh` for `cmn`, `ar` for `arb`).
    pub iso639_1: Option<String>,
    /// Documents FineWeb-2 kept for the pair (its train split): picks a script or a member of a
    /// macrolanguage when a code has several.
    pub documents: u64,
    /// The GlotLID score FineWeb-2 asked of a document.
    pub language_score: f64,
    /// The thresholds: FineWeb-2's values, the template's for the rest.
    pub thresholds: Thresholds,
}

impl Fineweb2Language {
    /// FineWeb-2's name for the pair, `spa_Latn`.
    pub fn pair(&self) -> String {
        format!("{}_{}", self.code, self.script)
    }
}

/// Every language-script pair of FineWeb-2, in the table's order (by code).
///
/// # Errors
/// A line of the embedded table or the template that does not parse; the message names it.
pub fn fineweb2() -> Result<Vec<Fineweb2Language>, String> {
    let template: Template =
        toml::from_str(FINEWEB2_TEMPLATE).map_err(|e| format!("fineweb2/template.toml: {e}"))?;
    FINEWEB2_TABLE
        .lines()
        .enumerate()
        .filter(|(_, line)| !line.starts_with('#') && !line.is_empty())
        .map(|(i, line)| {
            parse_fineweb2_line(line, &template)
                .map_err(|e| format!("fineweb2/languages.tsv line {}: {e}", i + 1))
        })
        .collect()
}

/// Columns of `languages.tsv` before the stop words.
const FINEWEB2_COLUMNS: usize = 20;

fn parse_fineweb2_line(line: &str, template: &Template) -> Result<Fineweb2Language, String> {
    let cols: Vec<&str> = line.split('\t').collect();
    if cols.len() < FINEWEB2_COLUMNS {
        return Err(format!(
            "{} columns, want at least {FINEWEB2_COLUMNS}",
            cols.len()
        ));
    }
    let num = |i: usize| -> Result<f64, String> {
        cols[i]
            .parse::<f64>()
            .map_err(|_| format!("column {} is {:?}, not a number", i + 1, cols[i]))
    };
    let (code, script) = (cols[0].to_owned(), cols[1].to_owned());
    let pair = format!("{code}_{script}");
    let mut th = template.defaults.clone();
    th.lang = pair.clone();
    th.name = pair.clone();
    th.source = format!("FineWeb-2 configs/{pair}.yml + fineweb-2-pipeline.py fixed settings");
    let rep = &mut th.gopher_repetition;
    rep.dup_line_frac = num(5)?;
    rep.top_n_grams = vec![(2, num(6)?), (3, num(7)?), (4, num(8)?)];
    rep.dup_n_grams = (0..6)
        .map(|k| Ok((5 + k, num(9 + k)?)))
        .collect::<Result<_, String>>()?;
    th.fineweb_quality.line_punct_thr = num(15)?;
    th.fineweb_quality.new_line_ratio = num(19)?;
    let q = &mut th.gopher_quality;
    q.min_avg_word_length = num(16)?;
    q.max_avg_word_length = num(17)?;
    q.max_non_alpha_words_ratio = num(18)?;
    q.stop_words = cols[FINEWEB2_COLUMNS..]
        .iter()
        .map(|w| (*w).to_owned())
        .collect();
    if !template.c4_latin_punctuation_scripts.contains(&script) {
        th.c4 = template.c4_other_scripts.clone();
    }
    if template.dictionary_word_scripts.contains(&script) {
        th.words = WordSplit::Dictionary;
    }
    if let Some(endings) = template.word_endings.get(&script) {
        th.word_endings.clone_from(endings);
    }
    Ok(Fineweb2Language {
        iso639_1: (cols[2] != "-").then(|| cols[2].to_owned()),
        documents: cols[3]
            .parse()
            .map_err(|_| format!("documents {:?} is not a count", cols[3]))?,
        language_score: num(4)?,
        code,
        script,
        thresholds: th,
    })
}

/// How a language's words are told apart.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum WordSplit {
    /// At spaces and punctuation (the spaCy-style tokenizer): every language written with
    /// spaces between words.
    #[default]
    Spaces,
    /// As [`WordSplit::Spaces`], then runs of Chinese, Japanese, Thai, Lao, Khmer and Burmese
    /// characters cut into words by ICU4X's dictionary segmenter.
    Dictionary,
}

/// The thresholds of one language.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Thresholds {
    /// The language code the file is for.
    pub lang: String,
    /// How words are counted (default `spaces`).
    #[serde(default)]
    pub words: WordSplit,
    /// Bound endings a word is cut before when counting words (Korean particles and verb
    /// endings, which FineWeb-2's Korean tokenizer splits off; see
    /// `resources/fineweb2/template.toml`); empty for most languages.
    #[serde(default)]
    pub word_endings: Vec<String>,
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
        assert_eq!(all["und"].gopher_quality.min_stop_words, 0);
        assert!(all["und"].gopher_quality.stop_words.is_empty());
    }

    #[test]
    fn every_fineweb2_language_parses_with_its_own_values() {
        let all = fineweb2().unwrap();
        assert_eq!(all.len(), 1929);
        let spa = all.iter().find(|l| l.pair() == "spa_Latn").unwrap();
        assert_eq!(spa.iso639_1.as_deref(), Some("es"));
        assert_eq!(spa.thresholds.gopher_repetition.dup_line_frac, 0.252);
        assert_eq!(spa.thresholds.fineweb_quality.line_punct_thr, 0.182);
        assert_eq!(
            spa.thresholds.gopher_quality.stop_words[..3],
            ["de", "la", "en"]
        );
        assert_eq!(spa.thresholds.words, WordSplit::Spaces);
        assert!(spa.thresholds.c4.terminal_punct);
        let tha = all.iter().find(|l| l.pair() == "tha_Thai").unwrap();
        assert_eq!(tha.thresholds.words, WordSplit::Dictionary);
        assert!(!tha.thresholds.c4.terminal_punct);
        let cmn = all.iter().find(|l| l.pair() == "cmn_Hani").unwrap();
        assert_eq!(cmn.iso639_1.as_deref(), Some("zh"));
        assert_eq!(cmn.thresholds.gopher_quality.max_avg_word_length, 5.0);
        // French from the table equals the French file in every FineWeb-2 value.
        let fra = all.iter().find(|l| l.pair() == "fra_Latn").unwrap();
        let fr = &load_all().unwrap()["fr"];
        assert_eq!(fra.thresholds.gopher_repetition, fr.gopher_repetition);
        assert_eq!(fra.thresholds.fineweb_quality, fr.fineweb_quality);
        assert_eq!(fra.thresholds.gopher_quality, fr.gopher_quality);
        assert_eq!(fra.thresholds.c4, fr.c4);
    }
}
