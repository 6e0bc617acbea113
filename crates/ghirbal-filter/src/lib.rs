//! Quality filters for ghirbal: Gopher repetition, FineWeb quality, Gopher quality and C4 rules,
//! with per-language thresholds as data files.
//!
//! # Brief overview
//! - [`build`] turns a [`ghirbal_core::Config`] (its `[filter]` table, see [`FilterConfig`]) into
//!   a [`Filter`], a [`ghirbal_core::RecordStage`] named `filter`. `apply` writes every figure
//!   to `signals` as `filter.<rule>.<figure>` and rejects with a reason from
//!   `ghirbal_core::reason::filter` whose detail is `{"figure", "threshold", "lang"}`.
//! - The rules run in FineWeb-2's order, each in a file named like its reasons:
//!   `gopher_repetition`, `fineweb_quality`, `gopher_quality`, then `c4`. Every rule runs and
//!   writes its figures even after an earlier check failed (an empty or blank text, or one too
//!   short for an n-gram or without non-symbol words, gets fewer figures); the first failing
//!   check decides.
//! - The record's `lang` and `script` pick the thresholds (see [`thresholds`]): the language's
//!   own file under `resources/thresholds/`, else its FineWeb-2 config (all 1,929
//!   language-script pairs, `resources/fineweb2/`), else `fallback_lang`: `und`, the
//!   language-independent rules, so that no language is judged by another's. A record without
//!   `lang` gets `default_lang` (`ar`). The reject detail names the rule set (`rules`:
//!   `ar`, `fineweb2:spa_Latn`, `und`) and the signal `filter.own_rules` says whether the
//!   language's own rules judged the record. Chinese, Japanese, Thai, Lao, Khmer and Burmese
//!   count words with ICU4X's dictionary segmenter.
//! - Two modes ([`Mode`]): `datatrove` reproduces datatrove 0.10.1 with FineWeb-2's settings on
//!   the raw text, spaCy `ar` tokenisation and datatrove's own normalisation included (a
//!   compatibility shim); `ghirbal` measures the matching text
//!   (`ghirbal_core::text::matching`) with Arabic-aware line ends, stop words and line
//!   comparison, and reads an edited article's lists, bullets and credits as text (see
//!   [`Mode::Ghirbal`]).
//!
//! ```
//! let config = ghirbal_core::Config::preset("datatrove-compat").unwrap();
//! let filter = ghirbal_filter::build(&config).unwrap();
//! let mut rec = ghirbal_core::Record::new("1", "قصير جدا.");
//! let verdict = ghirbal_core::RecordStage::apply(&filter, &mut rec);
//! assert!(matches!(verdict, ghirbal_core::Verdict::Reject(_)));
//! assert!(rec.signals.contains_key("filter.gopher_quality.stop_words"));
//! ```
#![deny(missing_docs)]

mod analysis;
mod c4;
mod config;
mod fineweb_quality;
mod gopher_quality;
mod gopher_repetition;
mod hash;
mod stage;
mod tables;
pub mod thresholds;
mod tokenize;

pub use config::{FilterConfig, Mode};
pub use stage::{Decision, Filter, build};

/// Splits `text` into words as datatrove's `split_into_words(text, "arb")` does (spaCy `ar`).
/// Public for benchmarks and tests that compare tokenisations.
pub fn datatrove_words(text: &str) -> Vec<&str> {
    tokenize::words(text, tokenize::Period::Spacy)
}
