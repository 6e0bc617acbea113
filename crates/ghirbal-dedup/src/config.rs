//! The `[dedup]` table of a config file, and its checks.

use std::path::PathBuf;

use ghirbal_core::ConfigError;
use serde::{Deserialize, Serialize};

/// Default budget for buffered index entries before they spill to disk: 1 GiB.
pub const DEFAULT_MEMORY_BUDGET: u64 = 1 << 30;

/// Settings of the `dedup` stage, read from the `[dedup]` table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DedupConfig {
    /// Drop records whose matching text equals an earlier record's (`dedup:exact`).
    pub exact: bool,
    /// Drop records whose normalised URL equals an earlier record's (`dedup:url`).
    pub url: bool,
    /// Drop MinHash-LSH near-duplicates of an earlier record (`dedup:near`).
    pub near: bool,
    /// Words per shingle; a text with fewer words gets no MinHash signature.
    pub shingle_words: usize,
    /// Clause marks (`. , ; : ! ?` and Arabic `، ؛ ؟ ۔`) are shingle tokens too. Off: copies
    /// republished with other commas stay near-duplicates (bench/dedup/RESULTS.md).
    pub shingle_marks: bool,
    /// LSH bands; two records become a candidate pair when any band matches. The default,
    /// 40 bands × 11 rows (threshold 0.715), sits by datatrove's threshold (14 × 8: 0.719)
    /// with a much steeper S-curve: on the ANT bench it was more precise than 14 × 8 and 20 × 9
    /// and found more of the pairs above the threshold, at about 50× datatrove's docs per
    /// CPU-second on SaudiNewsNet (bench/dedup/RESULTS.md has the measured figures).
    pub bands: usize,
    /// MinHash values per band; `bands × rows` permutations in all.
    pub rows: usize,
    /// Seed of the MinHash permutations; same seed, same signatures on every machine.
    pub seed: u64,
    /// Bytes of buffered index entries (all threads together) held in memory before they are
    /// sorted and written to disk as runs. Accepts an integer (bytes) or "512MiB", "2GiB".
    #[serde(deserialize_with = "ghirbal_core::budget::byte_size")]
    pub memory_budget: u64,
    /// Directory for spilled runs; empty means the system temp directory.
    pub spill_dir: PathBuf,
    /// `run`: dedup within this run only. Any other value is the path of an index file saved
    /// by an earlier run (`save_index`); records that duplicate one of its records are dropped
    /// with that record's id as `kept_id`.
    pub scope: String,
    /// When set, `finish` writes the keys and ids of the records it keeps to this file, for a
    /// later run's `scope`. Empty: nothing is saved.
    pub save_index: PathBuf,
}

impl Default for DedupConfig {
    fn default() -> DedupConfig {
        DedupConfig {
            exact: true,
            url: true,
            near: true,
            shingle_words: 5,
            shingle_marks: false,
            bands: 40,
            rows: 11,
            seed: 1,
            memory_budget: DEFAULT_MEMORY_BUDGET,
            spill_dir: PathBuf::new(),
            scope: "run".into(),
            save_index: PathBuf::new(),
        }
    }
}

impl DedupConfig {
    /// Checks the values that serde cannot: sizes in range.
    ///
    /// # Errors
    /// `ConfigError::Invalid` naming the key when a value is out of range.
    pub fn validate(&self) -> Result<(), ConfigError> {
        let bad = |message: String| ConfigError::Invalid {
            at: Some("dedup".into()),
            message,
        };
        if !(1..=64).contains(&self.shingle_words) {
            return Err(bad(format!(
                "shingle_words must be 1..=64, got {}",
                self.shingle_words
            )));
        }
        if self.bands == 0 || self.rows == 0 || self.bands * self.rows > 1024 {
            return Err(bad(format!(
                "bands and rows must be positive with bands × rows <= 1024, got {} × {}",
                self.bands, self.rows
            )));
        }
        if self.bands > u16::MAX as usize {
            return Err(bad(format!("bands must be <= 65535, got {}", self.bands)));
        }
        if self.memory_budget < 4096 {
            return Err(bad(format!(
                "memory_budget must be at least 4096 bytes, got {}",
                self.memory_budget
            )));
        }
        Ok(())
    }

    /// The LSH threshold: the Jaccard similarity at which a pair is found half of the time,
    /// `(1/bands)^(1/rows)`.
    pub fn threshold(&self) -> f64 {
        (1.0 / self.bands as f64).powf(1.0 / self.rows as f64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_and_datatrove_banding_share_the_threshold_near_0_72() {
        let t = DedupConfig::default().threshold();
        assert!((t - 0.715).abs() < 0.001, "{t}");
        let datatrove = DedupConfig {
            bands: 14,
            rows: 8,
            ..DedupConfig::default()
        };
        assert!((datatrove.threshold() - 0.719).abs() < 0.001);
    }

    #[test]
    fn zero_bands_is_a_config_error() {
        let c = DedupConfig {
            bands: 0,
            ..DedupConfig::default()
        };
        assert!(c.validate().is_err());
    }
}
