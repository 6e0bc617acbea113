//! What the report shows, gathered in one pass over an output folder's rows.
//!
//! Everything here is a count, a bounded sample or a bounded list, so memory does not grow
//! with the number of records: only with the number of distinct languages, scripts, sources
//! and signals.

use std::collections::BTreeMap;

use ghirbal_core::Record;
use ghirbal_io::output::OutputRow;
use serde_json::Value;

/// Values kept per signal for its histogram: a uniform sample of the records that have it.
pub const SIGNAL_SAMPLE: usize = 20_000;
/// Example records listed per reason.
pub const EXAMPLES_PER_REASON: usize = 3;
/// Distinct removed lines counted per source; lines first seen after that are not counted.
pub const REMOVED_LINES_PER_SOURCE: usize = 64;
/// Characters of a record's first line shown in an example.
const FIRST_LINE_CHARS: usize = 200;

/// Edges of the length histograms (words, tokens): a bin holds `[edge[i], edge[i + 1])`, and
/// the last bin everything from the last edge up.
pub const LENGTH_EDGES: [u64; 16] = [
    0, 1, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000, 200_000,
];

/// Counts of a length per bin of [`LENGTH_EDGES`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LengthHistogram {
    /// Records per bin.
    pub bins: [u64; LENGTH_EDGES.len()],
}

impl LengthHistogram {
    /// Counts one record of length `n`.
    pub fn add(&mut self, n: u64) {
        let i = LENGTH_EDGES.partition_point(|&e| e <= n).saturating_sub(1);
        self.bins[i] += 1;
    }
}

/// One language (or script) among the kept records.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LangRow {
    /// Kept records.
    pub records: u64,
    /// Words of their text (whitespace-separated).
    pub words: u64,
    /// `o200k_base` tokens of their text.
    pub tokens: u64,
}

/// One source (site, host or publisher).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SourceRow {
    /// Records of this source in the output, kept and rejected.
    pub records: u64,
    /// Of them, kept.
    pub kept: u64,
    /// `o200k_base` tokens of the kept ones.
    pub tokens: u64,
    /// Lines `clean` removed from its kept records (`metadata.removed`, written with
    /// `--explain`), with how often each was removed.
    pub removed: BTreeMap<String, u64>,
}

/// One example record of a reason.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    /// The record's id.
    pub id: String,
    /// Its first non-blank line (or its title when the text is blank), cut to 200 characters.
    pub first_line: String,
    /// The reject detail, as JSON text.
    pub detail: String,
}

/// A sample of one signal's values, each marked kept or dropped.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SignalSample {
    /// Records that carry the signal.
    pub seen: u64,
    /// Of them, dropped.
    pub seen_dropped: u64,
    /// Up to [`SIGNAL_SAMPLE`] `(value, dropped)` pairs, a uniform sample of those seen.
    pub values: Vec<(f64, bool)>,
}

/// The threshold of a filter signal, as the rejects report it.
#[derive(Debug, Clone, PartialEq)]
pub struct Threshold {
    /// The threshold most rejects on this signal name (thresholds are per language).
    pub value: f64,
    /// The reason of the rejects that name it.
    pub reason: String,
    /// How many rejects named that value.
    pub count: u64,
    /// Other values named, with their counts (other languages' thresholds).
    pub others: Vec<(f64, u64)>,
}

/// Everything the report draws, gathered from the rows of `kept/` and `rejects/`.
#[derive(Debug, Clone, Default)]
pub struct Profile {
    /// Kept rows read.
    pub kept: u64,
    /// Rejected rows read (errors included).
    pub rejected: u64,
    /// Output rows that could not be read back, by reason (a damaged shard, a bad line).
    pub unreadable: BTreeMap<String, u64>,
    /// Kept records per language (`und` when none).
    pub langs: BTreeMap<String, LangRow>,
    /// Kept records per script (`Zyyy` when none).
    pub scripts: BTreeMap<String, LangRow>,
    /// Records per source.
    pub sources: BTreeMap<String, SourceRow>,
    /// Words per kept record.
    pub words: LengthHistogram,
    /// Tokens per kept record.
    pub tokens: LengthHistogram,
    /// Kept records by `dup_cluster_size`.
    pub dup_sizes: BTreeMap<u64, u64>,
    /// Up to three examples per reason, in output order.
    pub examples: BTreeMap<String, Vec<Example>>,
    /// Every numeric signal seen.
    pub signals: BTreeMap<String, SignalSample>,
    /// Filter thresholds by signal name, from the rejects' details.
    pub thresholds: BTreeMap<String, Threshold>,
    /// `o200k_base` tokens of every kept record's text.
    pub kept_tokens: u64,
    threshold_votes: BTreeMap<String, (String, BTreeMap<u64, u64>)>,
    rng: u64,
}

/// What a kept record's tokens are counted under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenKey {
    /// Its language (`und` when none).
    pub lang: String,
    /// Its script (`Zyyy` when none).
    pub script: String,
    /// Its source.
    pub source: String,
}

impl Profile {
    /// Adds one row. For a kept row, returns what its tokens are to be counted under: the
    /// caller counts them (on any thread) and calls [`Profile::add_tokens`].
    pub fn add(&mut self, row: &OutputRow) -> Option<TokenKey> {
        let rec = &row.record;
        let source = rec.site();
        let dropped = row.reject.is_some();
        let entry = self.sources.entry(source.clone()).or_default();
        entry.records += 1;
        for (key, value) in &rec.signals {
            if let Some(v) = value.as_f64() {
                self.sample_signal(key, v, dropped);
            }
        }
        match &row.reject {
            Some(reject) => {
                self.rejected += 1;
                let reason = reject.reason.to_string();
                let list = self.examples.entry(reason.clone()).or_default();
                if list.len() < EXAMPLES_PER_REASON {
                    list.push(Example {
                        id: rec.id.clone(),
                        first_line: first_line(rec),
                        detail: reject.detail.to_string(),
                    });
                }
                if reason.starts_with("filter:") {
                    self.vote_threshold(&reason, rec, &reject.detail);
                }
                None
            }
            None => {
                self.kept += 1;
                let entry = self.sources.entry(source.clone()).or_default();
                entry.kept += 1;
                if let Some(Value::Array(removed)) = rec.metadata.get(ghirbal_core::EXPLAIN_REMOVED)
                {
                    for item in removed {
                        let line = match item {
                            Value::Object(o) => o.get("line").and_then(Value::as_str),
                            Value::String(s) => Some(s.as_str()),
                            _ => None,
                        };
                        let Some(line) = line else { continue };
                        let known = entry.removed.len();
                        if let Some(n) = entry.removed.get_mut(line) {
                            *n += 1;
                        } else if known < REMOVED_LINES_PER_SOURCE {
                            entry.removed.insert(line.to_owned(), 1);
                        }
                    }
                }
                let words = rec.text.split_whitespace().count() as u64;
                self.words.add(words);
                *self.dup_sizes.entry(rec.dup_cluster_size).or_default() += 1;
                let lang = rec.lang.clone().unwrap_or_else(|| "und".to_owned());
                let script = rec.script.clone().unwrap_or_else(|| "Zyyy".to_owned());
                let l = self.langs.entry(lang.clone()).or_default();
                l.records += 1;
                l.words += words;
                let s = self.scripts.entry(script.clone()).or_default();
                s.records += 1;
                s.words += words;
                Some(TokenKey {
                    lang,
                    script,
                    source,
                })
            }
        }
    }

    /// Adds the token count of one kept record (see [`Profile::add`]).
    pub fn add_tokens(&mut self, key: &TokenKey, tokens: u64) {
        self.kept_tokens += tokens;
        self.tokens.add(tokens);
        self.langs.entry(key.lang.clone()).or_default().tokens += tokens;
        self.scripts.entry(key.script.clone()).or_default().tokens += tokens;
        self.sources.entry(key.source.clone()).or_default().tokens += tokens;
    }

    /// Counts an output row that could not be read back.
    pub fn add_unreadable(&mut self, reason: &str) {
        *self.unreadable.entry(reason.to_owned()).or_default() += 1;
    }

    /// Settles what was gathered: picks each signal's threshold from the rejects' votes.
    pub fn finish(&mut self) {
        for (signal, (reason, votes)) in std::mem::take(&mut self.threshold_votes) {
            let mut ranked: Vec<(f64, u64)> = votes
                .iter()
                .map(|(b, n)| (f64::from_bits(*b), *n))
                .collect();
            ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.total_cmp(&b.0)));
            let (value, count) = ranked[0];
            self.thresholds.insert(
                signal,
                Threshold {
                    value,
                    reason,
                    count,
                    others: ranked[1..].to_vec(),
                },
            );
        }
    }

    /// Reservoir sampling (algorithm R) with a fixed-seed generator, so the same output gives
    /// the same sample.
    fn sample_signal(&mut self, key: &str, value: f64, dropped: bool) {
        let draw = self.next_random();
        let s = match self.signals.get_mut(key) {
            Some(s) => s,
            None => self.signals.entry(key.to_owned()).or_default(),
        };
        s.seen += 1;
        s.seen_dropped += u64::from(dropped);
        if s.values.len() < SIGNAL_SAMPLE {
            s.values.push((value, dropped));
        } else {
            let j = (draw % s.seen) as usize;
            if j < SIGNAL_SAMPLE {
                s.values[j] = (value, dropped);
            }
        }
    }

    /// splitmix64.
    fn next_random(&mut self) -> u64 {
        self.rng = self.rng.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.rng;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A filter reject names its figure and threshold; the signal that holds the same figure
    /// under the rule's prefix is the one the threshold belongs to (the reason's last part
    /// names it when the two spellings agree).
    fn vote_threshold(&mut self, reason: &str, rec: &Record, detail: &Value) {
        let (Some(figure), Some(threshold)) = (
            detail.get("figure").and_then(Value::as_f64),
            detail.get("threshold").and_then(Value::as_f64),
        ) else {
            return;
        };
        let mut parts = reason.split(':').skip(1);
        let (Some(rule), Some(check)) = (parts.next(), parts.next()) else {
            return;
        };
        let prefix = format!("filter.{rule}.");
        let named = format!("{prefix}{check}");
        let close = |v: f64| (v - figure).abs() <= 1e-6 * figure.abs().max(1.0);
        let signal = if rec.signal(&named).is_some_and(close) {
            Some(named)
        } else {
            rec.signals
                .iter()
                .find(|(k, v)| k.starts_with(&prefix) && v.as_f64().is_some_and(close))
                .map(|(k, _)| k.clone())
        };
        let Some(signal) = signal else { return };
        let entry = self
            .threshold_votes
            .entry(signal)
            .or_insert_with(|| (reason.to_owned(), BTreeMap::new()));
        *entry.1.entry(threshold.to_bits()).or_default() += 1;
    }
}

/// The first non-blank line of the text, else the title, cut to [`FIRST_LINE_CHARS`].
fn first_line(rec: &Record) -> String {
    let line = rec
        .text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .or(rec.title.as_deref())
        .unwrap_or("");
    let mut out: String = line.chars().take(FIRST_LINE_CHARS).collect();
    if line.chars().count() > FIRST_LINE_CHARS {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use ghirbal_core::Reject;
    use ghirbal_core::reason::{dedup, filter};

    fn kept(id: &str, text: &str) -> OutputRow {
        let mut r = Record::new(id, text);
        r.lang = Some("ar".into());
        r.url = Some("https://www.Example.com:443/a?b".into());
        OutputRow {
            record: r,
            reject: None,
        }
    }

    #[test]
    fn length_bins_hold_their_lower_edge() {
        let mut h = LengthHistogram::default();
        h.add(0);
        h.add(1);
        h.add(9);
        h.add(10);
        h.add(1_000_000);
        assert_eq!(&h.bins[..3], &[1, 2, 1]);
        assert_eq!(h.bins[LENGTH_EDGES.len() - 1], 1);
    }

    #[test]
    fn examples_stop_at_three_per_reason() {
        let mut p = Profile::default();
        for i in 0..5 {
            let mut row = kept(&format!("r{i}"), "\n\n  أول سطر\nثان");
            row.reject = Some(Reject::new(
                dedup::EXACT,
                serde_json::json!({"kept_id": "a"}),
            ));
            assert!(p.add(&row).is_none());
        }
        let ex = &p.examples["dedup:exact"];
        assert_eq!(ex.len(), 3);
        assert_eq!(ex[0].id, "r0");
        assert_eq!(ex[0].first_line, "أول سطر");
        assert_eq!(p.rejected, 5);
    }

    #[test]
    fn threshold_comes_from_the_signal_holding_the_rejects_figure() {
        let mut p = Profile::default();
        for (i, th) in [(0, 0.12), (1, 0.12), (2, 0.1)] {
            let mut row = kept(&format!("r{i}"), "x");
            row.record
                .set_signal("filter.fineweb_quality.line_punct_ratio", 0.05);
            row.record.set_signal("filter.fineweb_quality.other", 0.5);
            row.reject = Some(Reject::new(
                filter::FINEWEB_QUALITY_LINE_PUNCT_RATIO,
                serde_json::json!({"figure": 0.05, "threshold": th, "lang": "ar"}),
            ));
            let _ = p.add(&row);
        }
        p.finish();
        let t = &p.thresholds["filter.fineweb_quality.line_punct_ratio"];
        assert_eq!((t.value, t.count), (0.12, 2));
        assert_eq!(t.others, vec![(0.1, 1)]);
        assert_eq!(p.signals["filter.fineweb_quality.other"].seen_dropped, 3);
    }

    #[test]
    fn signal_sample_is_bounded_and_counts_every_value() {
        let mut p = Profile::default();
        for i in 0..(SIGNAL_SAMPLE + 500) {
            let mut row = kept(&format!("r{i}"), "x");
            row.record.set_signal("lang.score", i as f64);
            let _ = p.add(&row);
        }
        let s = &p.signals["lang.score"];
        assert_eq!(s.seen as usize, SIGNAL_SAMPLE + 500);
        assert_eq!(s.values.len(), SIGNAL_SAMPLE);
    }

    #[test]
    fn kept_rows_count_words_tokens_and_removed_lines() {
        let mut p = Profile::default();
        let mut row = kept("a", "one two three");
        row.record.metadata.insert(
            "removed".into(),
            serde_json::json!([{"line": "اقرأ أيضا", "reason": "clean:furniture"}]),
        );
        let key = p.add(&row).unwrap();
        p.add_tokens(&key, 3);
        assert_eq!(p.langs["ar"].words, 3);
        assert_eq!(p.langs["ar"].tokens, 3);
        assert_eq!(p.kept_tokens, 3);
        let src = &p.sources["www.example.com"];
        assert_eq!((src.records, src.kept, src.tokens), (1, 1, 3));
        assert_eq!(src.removed["اقرأ أيضا"], 1);
    }
}
