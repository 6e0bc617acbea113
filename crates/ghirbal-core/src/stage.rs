use std::fmt;
use std::str::FromStr;

use crate::{Record, Reject};

/// The pipeline's stages, in the order a record meets them; the names the CLI accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum StageName {
    /// HTML to article text and metadata.
    Extract,
    /// Normalisation, structure, teasers, boilerplate.
    Clean,
    /// Masking of personal data.
    Pii,
    /// Language identification.
    Lang,
    /// Quality filters.
    Filter,
    /// Exact, URL and near-duplicate removal.
    Dedup,
}

impl StageName {
    /// Every stage, in pipeline order.
    pub const ALL: [StageName; 6] = [
        StageName::Extract,
        StageName::Clean,
        StageName::Pii,
        StageName::Lang,
        StageName::Filter,
        StageName::Dedup,
    ];

    /// The name used on the command line, in `stats.json`, in reasons and in TOML.
    pub fn as_str(self) -> &'static str {
        match self {
            StageName::Extract => "extract",
            StageName::Clean => "clean",
            StageName::Pii => "pii",
            StageName::Lang => "lang",
            StageName::Filter => "filter",
            StageName::Dedup => "dedup",
        }
    }
}

impl fmt::Display for StageName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for StageName {
    type Err = String;

    fn from_str(s: &str) -> Result<StageName, String> {
        StageName::ALL
            .into_iter()
            .find(|n| n.as_str() == s.trim())
            .ok_or_else(|| {
                format!("unknown stage {s:?}; stages are extract, clean, pii, lang, filter, dedup")
            })
    }
}

/// What a stage says of a record: keep it (possibly edited), or drop it with a reason.
#[must_use]
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    /// The record goes on to the next stage.
    Keep,
    /// The record leaves the pipeline; it is written to `rejects/` with this reason.
    Reject(Reject),
}

/// A record stage: one record in, one verdict out, no state kept between calls.
///
/// Implementations are built from their config section before the run (`FooConfig::build()`),
/// so `apply` needs only the record. They run on any worker thread, in any order; the result
/// must depend on the record alone.
pub trait RecordStage: Send + Sync {
    /// The stage's name on the command line.
    fn name(&self) -> StageName;
    /// Edits `rec`, adds to its signals, or says why it must go.
    fn apply(&self, rec: &mut Record) -> Verdict;
}

/// A corpus stage: `observe` on each thread, `merge` in any order, `finish` once, then
/// `decide` per record.
///
/// The index holds hashes and small integers, never texts. Records reach `observe` in no
/// particular order across threads; use `rec.position.ordinal` wherever input order matters
/// (for example to keep the first of a set of duplicates), so the result does not depend on
/// scheduling.
pub trait CorpusStage: Send + Sync {
    /// What `observe` builds; one per worker thread, merged at the end of the pass.
    type Index: Default + Send;
    /// The stage's name on the command line.
    fn name(&self) -> StageName;
    /// Adds what `rec` contributes to this thread's part of the index.
    fn observe(&self, rec: &Record, part: &mut Self::Index);
    /// True when the stage can write what it observes ([`CorpusStage::observe_saving`]) and
    /// read it back ([`CorpusStage::load`]), so a resumed run need not observe the same
    /// records again. False by default: a resume observes them again.
    fn saves(&self) -> bool {
        false
    }
    /// [`CorpusStage::observe`], also appending what `rec` added to the index to `saved`, in
    /// the stage's own encoding (records' encodings concatenate).
    fn observe_saving(&self, rec: &Record, part: &mut Self::Index, saved: &mut Vec<u8>) {
        let _ = saved;
        self.observe(rec, part);
    }
    /// Adds to `part` what [`CorpusStage::observe_saving`] wrote for `records` records, as
    /// observing them again would. Checks all of `saved` (its shape, and that it holds
    /// `records` records) before adding anything: on an error `part` is as it was, and the
    /// caller observes the records instead.
    fn load(&self, saved: &[u8], records: u64, part: &mut Self::Index) -> Result<(), String> {
        let _ = (saved, records, part);
        Err(format!("the {} stage saves nothing to load", self.name()))
    }
    /// Joins two parts; must be associative and commutative in its effect.
    fn merge(&self, a: Self::Index, b: Self::Index) -> Self::Index;
    /// Turns the merged index into its final, read-only form (sort, cluster, spill).
    fn finish(&self, index: Self::Index) -> Self::Index {
        index
    }
    /// Edits `rec` or says why it must go, using the finished index.
    fn decide(&self, rec: &mut Record, index: &Self::Index) -> Verdict;
    /// What the finished index holds and what building it took (entries, bytes, runs spilled
    /// to disk, disk errors), written to `stats.json` under the stage's `index` key.
    fn describe(&self, index: &Self::Index) -> serde_json::Map<String, serde_json::Value> {
        let _ = index;
        serde_json::Map::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stage_names_round_trip() {
        for s in StageName::ALL {
            assert_eq!(s.as_str().parse::<StageName>(), Ok(s));
        }
        assert!("dedupe".parse::<StageName>().is_err());
    }
}
