//! The counters behind `stats.json`: every record read ends as kept, rejected, an error or
//! skipped (not a document).

use std::collections::BTreeMap;
use std::ops::AddAssign;

use serde::{Deserialize, Serialize};

use crate::Reason;

/// Counts for one input file, or for the whole run.
///
/// The invariant `read == kept + sum(rejected) + sum(errors) + sum(skipped)` holds after every
/// update made
/// through [`Counts::count`]; [`Counts::is_balanced`] checks it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Counts {
    /// Records read (an input error that swallows a stretch of bytes counts as one record).
    pub read: u64,
    /// Records written to `kept/`.
    pub kept: u64,
    /// Records dropped by a stage, by reason.
    pub rejected: BTreeMap<String, u64>,
    /// Input errors, by reason (`error:*`).
    pub errors: BTreeMap<String, u64>,
    /// Records that are not documents (WARC `request`, `warcinfo`, ...), by reason; counted
    /// here and not written to `rejects/` (see `reason::SKIPS`).
    #[serde(default)]
    pub skipped: BTreeMap<String, u64>,
    /// Bytes of the input files as stored (compressed size for compressed inputs).
    pub bytes_in: u64,
    /// Bytes of the records as read, after decompression: their text, or a page's raw body.
    #[serde(default)]
    pub text_bytes_in: u64,
    /// Bytes of kept text written.
    pub bytes_out: u64,
    /// Seconds spent: wall time for the total, worker time for a file.
    pub seconds: f64,
    /// Times a remote input's stream was re-opened after a dropped connection, a 5xx or
    /// throttling, in this invocation (absent when 0).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub retries: u64,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

impl Counts {
    /// Counts one record that was kept (`None`) or dropped for `reason`.
    pub fn count(&mut self, outcome: Option<&Reason>) {
        self.read += 1;
        match outcome {
            None => self.kept += 1,
            Some(r) if r.is_error() => *self.errors.entry(r.to_string()).or_default() += 1,
            Some(r) if r.is_skip() => *self.skipped.entry(r.to_string()).or_default() += 1,
            Some(r) => *self.rejected.entry(r.to_string()).or_default() += 1,
        }
    }

    /// Total rejected, all reasons.
    pub fn rejected_total(&self) -> u64 {
        self.rejected.values().sum()
    }

    /// Total errors, all reasons.
    pub fn errors_total(&self) -> u64 {
        self.errors.values().sum()
    }

    /// Total skipped, all reasons.
    pub fn skipped_total(&self) -> u64 {
        self.skipped.values().sum()
    }

    /// True when every record read is accounted for.
    pub fn is_balanced(&self) -> bool {
        self.read == self.kept + self.rejected_total() + self.errors_total() + self.skipped_total()
    }
}

impl AddAssign<&Counts> for Counts {
    fn add_assign(&mut self, o: &Counts) {
        self.read += o.read;
        self.kept += o.kept;
        for (k, v) in &o.rejected {
            *self.rejected.entry(k.clone()).or_default() += v;
        }
        for (k, v) in &o.errors {
            *self.errors.entry(k.clone()).or_default() += v;
        }
        for (k, v) in &o.skipped {
            *self.skipped.entry(k.clone()).or_default() += v;
        }
        self.bytes_in += o.bytes_in;
        self.text_bytes_in += o.text_bytes_in;
        self.bytes_out += o.bytes_out;
        self.seconds += o.seconds;
        self.retries += o.retries;
    }
}

/// Records in and out of one stage, and the worker seconds it took.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StageCounts {
    /// Records that reached the stage.
    #[serde(rename = "in")]
    pub input: u64,
    /// Records the stage passed on.
    #[serde(rename = "out")]
    pub output: u64,
    /// Worker seconds spent in the stage, summed over threads.
    pub seconds: f64,
    /// False when the stage was asked for but is not built in this version.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub built: bool,
    /// For a corpus stage, what its finished index holds (see `CorpusStage::describe`).
    #[serde(default, skip_serializing_if = "serde_json::Map::is_empty")]
    pub index: serde_json::Map<String, serde_json::Value>,
}

fn yes() -> bool {
    true
}

fn is_true(b: &bool) -> bool {
    *b
}

impl Default for StageCounts {
    /// Nothing counted yet, for a stage that is built.
    fn default() -> StageCounts {
        StageCounts {
            input: 0,
            output: 0,
            seconds: 0.0,
            built: true,
            index: serde_json::Map::new(),
        }
    }
}

impl AddAssign<&StageCounts> for StageCounts {
    fn add_assign(&mut self, o: &StageCounts) {
        self.input += o.input;
        self.output += o.output;
        self.seconds += o.seconds;
        self.built &= o.built;
        // An index is described once, after the pass that built it.
        self.index
            .extend(o.index.iter().map(|(k, v)| (k.clone(), v.clone())));
    }
}

/// The content of `stats.json`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RunStats {
    /// The whole run.
    pub total: Counts,
    /// Per input file, keyed by the path as given (files inside a directory by their own path).
    pub files: BTreeMap<String, Counts>,
    /// Per stage, keyed by stage name.
    pub stages: BTreeMap<String, StageCounts>,
    /// Facts about the invocation that wrote this file (absent in per-shard stats).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub run: Option<RunFacts>,
    /// Tokens of the kept text, counted when the report is made (absent before).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tokens: Option<TokenCounts>,
}

/// Tokens of the kept records' `text`, in total, per language and per source: data budgets are
/// counted in tokens.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TokenCounts {
    /// The tokenizer that counted (`o200k_base`).
    pub tokenizer: String,
    /// Tokens of every kept record.
    pub kept: u64,
    /// Per `lang` of the kept records (`und` when a record has none).
    pub by_lang: BTreeMap<String, u64>,
    /// Per `source` of the kept records (the URL's host when a record has no source; `-` when
    /// it has neither). Only the sources with the most tokens are listed; the rest are summed
    /// under `(other)`.
    pub by_source: BTreeMap<String, u64>,
}

/// How the run that wrote `stats.json` went: threads, passes, memory.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RunFacts {
    /// The preset the config started from.
    pub preset: String,
    /// Worker threads used.
    pub threads: usize,
    /// Passes over the data (1, plus one per corpus stage).
    pub passes: usize,
    /// Shards taken over from an interrupted run with `--resume`.
    pub resumed_shards: usize,
    /// Records whose work in the passes before the last was taken over from an interrupted
    /// run's checkpoints with `--resume` (summed over those passes), not done again.
    #[serde(default)]
    pub resumed_records: u64,
    /// Records whose observed index part (a corpus stage's) was loaded from an interrupted
    /// run's checkpoints with `--resume`, not observed again.
    #[serde(default)]
    pub loaded_index_records: u64,
    /// Checkpoint chunks whose saved index part was missing or damaged: discarded, and their
    /// records observed again from the chunk's spool.
    #[serde(default)]
    pub discarded_index_chunks: u64,
    /// Peak resident memory of the process in bytes (Linux `VmHWM`), when known.
    pub peak_rss_bytes: Option<u64>,
    /// The memory bound the config implies for records in flight, in bytes.
    pub memory_bound_bytes: u64,
}

impl AddAssign<&RunStats> for RunStats {
    fn add_assign(&mut self, o: &RunStats) {
        self.total += &o.total;
        for (k, v) in &o.files {
            *self.files.entry(k.clone()).or_default() += v;
        }
        for (k, v) in &o.stages {
            *self.stages.entry(k.clone()).or_default() += v;
        }
    }
}

impl RunStats {
    /// True when the total and every file balance, and the files add up to the total.
    pub fn is_balanced(&self) -> bool {
        let mut sum = Counts::default();
        for c in self.files.values() {
            sum += c;
        }
        self.total.is_balanced()
            && self.files.values().all(Counts::is_balanced)
            && sum.read == self.total.read
            && sum.kept == self.total.kept
            && sum.rejected == self.total.rejected
            && sum.errors == self.total.errors
    }
}

/// Peak resident memory of this process in bytes (Linux `VmHWM`); `None` where unknown.
pub fn peak_rss_bytes() -> Option<u64> {
    proc_status_bytes("VmHWM:")
}

/// Resident memory of this process now, in bytes (Linux `VmRSS`); `None` where unknown.
pub fn current_rss_bytes() -> Option<u64> {
    proc_status_bytes("VmRSS:")
}

/// User + system CPU seconds of this process so far (Linux `/proc/self/stat`, at the 100
/// ticks per second every Linux the project targets uses); `None` where unknown.
pub fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the parenthesised command name: utime is field 14, stime 15.
    let after = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = after.split_whitespace().collect();
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    Some((utime + stime) / 100.0)
}

/// A `kB` figure of `/proc/self/status`, in bytes.
fn proc_status_bytes(key: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(key))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reason;

    #[test]
    fn counting_keeps_read_balanced() {
        let mut c = Counts::default();
        c.count(None);
        c.count(Some(&reason::dedup::EXACT));
        c.count(Some(&reason::error::BAD_JSON));
        c.count(Some(&reason::extract::WARC_TYPE.with_detail("request")));
        assert_eq!(
            (
                c.read,
                c.kept,
                c.rejected_total(),
                c.errors_total(),
                c.skipped_total()
            ),
            (4, 1, 1, 1, 1)
        );
        assert_eq!(c.skipped["extract:warc_type:request"], 1);
        assert!(c.is_balanced());
    }

    #[test]
    fn run_stats_sum_per_file() {
        let mut a = RunStats::default();
        let mut f = Counts::default();
        f.count(None);
        a.files.insert("x".into(), f.clone());
        a.total += &f;
        let mut b = a.clone();
        b += &a;
        assert_eq!(b.total.read, 2);
        assert!(b.is_balanced());
    }
}
