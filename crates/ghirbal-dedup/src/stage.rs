//! The `dedup` corpus stage: builds the index in `observe`, clusters in `finish`, drops all but
//! the first record of each cluster in `decide`.

use std::path::PathBuf;

use ghirbal_core::budget::SharedBudget;
use ghirbal_core::reason::dedup as reason;
use ghirbal_core::{ConfigError, CorpusStage, Record, Reject, StageName, Verdict, observed, text};
use serde_json::json;
use xxhash_rust::xxh3::{Xxh3, xxh3_128};

use crate::config::DedupConfig;
use crate::index::{DedupIndex, DupKind, Lookup, Part, Save, State};
use crate::minhash::MinHasher;
use crate::saved::Prior;
use crate::spill::{Narrow, Wide};
use crate::url;

/// The `dedup` stage, built from a [`DedupConfig`]; see the crate docs for how to drive it.
#[derive(Debug)]
pub struct Dedup {
    config: DedupConfig,
    hasher: MinHasher,
    spill_dir: PathBuf,
    /// The saved index named by `scope`, when it is not `run`.
    prior: Option<Prior>,
    /// Bytes buffered by all parts together, against `memory_budget`.
    budget: SharedBudget,
}

impl Dedup {
    /// Builds the stage from its config.
    ///
    /// # Errors
    /// `ConfigError::Invalid` when a value is out of range, or when `scope` names an index
    /// file that is not a dedup index or was built with other MinHash parameters;
    /// `ConfigError::Read` when that file cannot be read; `ConfigError::Invalid` when
    /// `spill_dir` is not a directory.
    pub fn new(config: DedupConfig) -> Result<Dedup, ConfigError> {
        config.validate()?;
        let prior = match config.scope.as_str() {
            "run" | "" => None,
            path => Some(Prior::load(std::path::Path::new(path), &config)?),
        };
        let spill_dir = ghirbal_core::budget::spill_dir(&config.spill_dir, "dedup")?;
        Ok(Dedup {
            hasher: MinHasher::new(config.shingle_words, config.bands, config.rows, config.seed)
                .with_marks(config.shingle_marks),
            budget: SharedBudget::new(config.memory_budget),
            config,
            spill_dir,
            prior,
        })
    }

    /// The config the stage was built with.
    pub fn config(&self) -> &DedupConfig {
        &self.config
    }

    /// The stage's MinHash scheme (for benchmarks and diagnostics).
    pub fn hasher(&self) -> &MinHasher {
        &self.hasher
    }

    pub(crate) fn has_prior(&self) -> bool {
        self.prior.is_some()
    }

    pub(crate) fn spill_dir(&self) -> &std::path::Path {
        &self.spill_dir
    }

    pub(crate) fn budget_reset(&self) {
        self.budget.reset();
    }

    pub(crate) fn budget_limit(&self) -> usize {
        self.budget.limit()
    }
}

/// xxh3-128 of the matching text's words joined by single spaces, so texts that differ only
/// in whitespace are equal; `None` when there is no word (blank text).
pub fn exact_key(matching_text: &str) -> Option<u128> {
    let mut words = matching_text.split_whitespace();
    let first = words.next()?;
    let mut h = Xxh3::new();
    h.update(first.as_bytes());
    for w in words {
        h.update(b" ");
        h.update(w.as_bytes());
    }
    Some(h.digest128())
}

/// What observing a record adds to the index: computed from the record once, then added to a
/// part, or saved and added when loaded back.
#[derive(Debug)]
struct Keys<'r> {
    ord: u64,
    /// The exact key; `None` for a blank text (never grouped).
    exact: Option<u128>,
    /// The normalised URL's key, when URL dedup is on and the record has a usable URL.
    url: Option<u128>,
    /// The LSH band keys, when near dedup is on (empty for a text too short to sign).
    bands: Vec<u64>,
    id: &'r str,
}

impl Keys<'_> {
    /// Appends the keys to `out` (`ghirbal_core::observed` encoding): ordinal, a flags byte
    /// (1: exact key, 2: URL key), the keys present, the band keys counted, the id.
    fn save(&self, out: &mut Vec<u8>) {
        observed::put_u64(out, self.ord);
        out.push(u8::from(self.exact.is_some()) | (u8::from(self.url.is_some()) << 1));
        if let Some(k) = self.exact {
            observed::put_u128(out, k);
        }
        if let Some(k) = self.url {
            observed::put_u128(out, k);
        }
        observed::put_u32(out, self.bands.len() as u32);
        for &b in &self.bands {
            observed::put_u64(out, b);
        }
        observed::put_bytes(out, self.id.as_bytes());
    }

    /// Calls `f` with the keys of each record [`Keys::save`] wrote to `saved`; returns the
    /// number of records, or why the bytes are not such records.
    fn each_saved(saved: &[u8], mut f: impl FnMut(Keys<'_>)) -> Result<u64, String> {
        let mut r = observed::Reader::new(saved);
        let mut records = 0;
        while !r.is_empty() {
            let ord = r.u64()?;
            let flags = r.u8()?;
            if flags > 3 {
                return Err(format!("bad flags byte {flags}"));
            }
            let exact = if flags & 1 != 0 {
                Some(r.u128()?)
            } else {
                None
            };
            let url = if flags & 2 != 0 {
                Some(r.u128()?)
            } else {
                None
            };
            let n = r.u32()? as usize;
            let bytes = r.take(n.checked_mul(8).ok_or("too many band keys")?)?;
            let bands = bytes
                .chunks_exact(8)
                .map(|b| {
                    let mut k = [0u8; 8];
                    k.copy_from_slice(b);
                    u64::from_le_bytes(k)
                })
                .collect();
            let id = std::str::from_utf8(r.bytes()?).map_err(|e| format!("bad id: {e}"))?;
            f(Keys {
                ord,
                exact,
                url,
                bands,
                id,
            });
            records += 1;
        }
        Ok(records)
    }
}

impl Dedup {
    /// The keys `rec` adds to the index.
    fn keys_of<'r>(&self, rec: &'r Record) -> Keys<'r> {
        let matching = text::matching(&rec.text);
        let exact = exact_key(&matching);
        let has_text = exact.is_some();
        Keys {
            ord: rec.position.ordinal,
            exact,
            url: (has_text && self.config.url)
                .then(|| rec.url.as_deref().and_then(url::normalise))
                .flatten()
                .map(|u| xxh3_128(u.as_bytes())),
            bands: if has_text && self.config.near {
                self.hasher.keys_of(&matching)
            } else {
                Vec::new()
            },
            id: &rec.id,
        }
    }

    /// Adds one record's keys to `part`: observing it, or loading what observing it saved.
    fn add(&self, keys: &Keys<'_>, part: &mut Part) {
        part.summary.observed += 1;
        // Blank texts (rule): never grouped, kept alone; earlier stages drop them as
        // `clean:empty` when cleaning is on.
        let Some(exact) = keys.exact else {
            part.summary.blank += 1;
            return;
        };
        let before = part.buffered_bytes();
        let ord = keys.ord;
        part.ordinals.push(ord);
        if self.config.exact {
            part.exact.push(Wide { key: exact, ord });
        }
        if self.config.url {
            match keys.url {
                Some(key) => part.url.push(Wide { key, ord }),
                None => part.summary.no_url += 1,
            }
        }
        if self.config.near {
            if keys.bands.is_empty() {
                part.summary.short += 1;
            }
            for &key in &keys.bands {
                part.bands.push(Narrow { key, ord });
            }
        }
        part.ids.push(ord, keys.id);
        if self.budget.add(part.buffered_bytes() - before) {
            self.budget.release(part.spill(&self.spill_dir));
        }
    }
}

impl CorpusStage for Dedup {
    type Index = DedupIndex;

    fn name(&self) -> StageName {
        StageName::Dedup
    }

    fn observe(&self, rec: &Record, part: &mut DedupIndex) {
        if let State::Observing(part) = &mut part.state {
            self.add(&self.keys_of(rec), part);
        }
    }

    fn saves(&self) -> bool {
        true
    }

    fn observe_saving(&self, rec: &Record, part: &mut DedupIndex, saved: &mut Vec<u8>) {
        if let State::Observing(part) = &mut part.state {
            let keys = self.keys_of(rec);
            keys.save(saved);
            self.add(&keys, part);
        }
    }

    fn load(&self, saved: &[u8], records: u64, part: &mut DedupIndex) -> Result<(), String> {
        let State::Observing(part) = &mut part.state else {
            return Err("the index is finished: nothing can be added".into());
        };
        // Checked whole first, so that damaged bytes add nothing.
        let saved_records = Keys::each_saved(saved, |_| {})?;
        if saved_records != records {
            return Err(format!("{saved_records} records saved, {records} expected"));
        }
        Keys::each_saved(saved, |keys| self.add(&keys, part))?;
        Ok(())
    }

    fn merge(&self, a: DedupIndex, b: DedupIndex) -> DedupIndex {
        match (a.state, b.state) {
            (State::Observing(mut a), State::Observing(b)) => {
                a.absorb(b);
                DedupIndex {
                    state: State::Observing(a),
                }
            }
            // Merging a finished index is a caller error; keep the finished one.
            (State::Finished(f), _) | (_, State::Finished(f)) => DedupIndex {
                state: State::Finished(f),
            },
        }
    }

    fn finish(&self, index: DedupIndex) -> DedupIndex {
        match index.state {
            State::Observing(part) => {
                self.budget.reset();
                let save = (!self.config.save_index.as_os_str().is_empty()).then(|| Save {
                    path: &self.config.save_index,
                    config: &self.config,
                    spill_dir: &self.spill_dir,
                });
                DedupIndex {
                    state: State::Finished(part.finish(
                        self.budget.limit(),
                        self.prior.as_ref(),
                        save,
                    )),
                }
            }
            finished => DedupIndex { state: finished },
        }
    }

    fn decide(&self, rec: &mut Record, index: &DedupIndex) -> Verdict {
        let State::Finished(f) = &index.state else {
            // Deciding before finish is a caller error; keep rather than guess.
            return Verdict::Keep;
        };
        match f.lookup(rec.position.ordinal) {
            Lookup::Keep { cluster_size } => {
                rec.dup_cluster_size = cluster_size;
                Verdict::Keep
            }
            Lookup::Drop {
                kind,
                kept_id,
                cluster_size,
            } => {
                rec.dup_cluster_size = cluster_size;
                let why = match kind {
                    DupKind::Exact => reason::EXACT,
                    DupKind::Url => reason::URL,
                    DupKind::Near => reason::NEAR,
                };
                Verdict::Reject(Reject::new(
                    why,
                    json!({ "kept_id": kept_id, "cluster_size": cluster_size }),
                ))
            }
        }
    }

    fn describe(&self, index: &DedupIndex) -> serde_json::Map<String, serde_json::Value> {
        match index.summary().map(serde_json::to_value) {
            Some(Ok(serde_json::Value::Object(map))) => map,
            _ => serde_json::Map::new(),
        }
    }
}
