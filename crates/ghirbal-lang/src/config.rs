//! The `[lang]` table of a config file.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::identify::DEFAULT_SAMPLE_BYTES;

/// What the `lang` stage reads from `[lang]`; every key is optional.
///
/// ```toml
/// [lang]
/// keep = ["ar"]            # languages kept; empty keeps every language
/// min_score = 0.5          # lang_score below this drops the record (lang:min_score)
/// min_scores = { fa = 0.7 } # per-language overrides of min_score
/// sample_bytes = 4096      # bytes of text read for identification
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LangConfig {
    /// Language codes (as in `record.lang`) to keep; empty keeps every language.
    pub keep: Vec<String>,
    /// The lowest `lang_score` kept, for languages without an entry in `min_scores`; 0 turns
    /// the score check off.
    pub min_score: f64,
    /// Per-language lowest `lang_score`, overriding `min_score`.
    pub min_scores: BTreeMap<String, f64>,
    /// Bytes of the text (from its start, cut at a char boundary) read for identification.
    pub sample_bytes: usize,
}

impl Default for LangConfig {
    fn default() -> LangConfig {
        LangConfig {
            keep: Vec::new(),
            min_score: 0.0,
            min_scores: BTreeMap::new(),
            sample_bytes: DEFAULT_SAMPLE_BYTES,
        }
    }
}

impl LangConfig {
    /// True when the stage may drop records at all.
    pub fn filters(&self) -> bool {
        !self.keep.is_empty() || self.min_score > 0.0 || self.min_scores.values().any(|s| *s > 0.0)
    }

    /// The lowest score kept for `lang`.
    pub fn min_score_for(&self, lang: &str) -> f64 {
        self.min_scores.get(lang).copied().unwrap_or(self.min_score)
    }
}
