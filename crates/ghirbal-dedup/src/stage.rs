//! The `dedup` corpus stage: builds the index in `observe`, clusters in `finish`, drops all but
//! the first record of each cluster in `decide`.

use std::path::PathBuf;

use ghirbal_core::budget::SharedBudget;
use ghirbal_core::reason::dedup as reason;
use ghirbal_core::{ConfigError, CorpusStage, Record, Reject, StageName, Verdict, text};
use serde_json::json;
use xxhash_rust::xxh3::{Xxh3, xxh3_128};

use crate::config::DedupConfig;
use crate::index::{DedupIndex, DupKind, Lookup, Save, State};
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

impl CorpusStage for Dedup {
    type Index = DedupIndex;

    fn name(&self) -> StageName {
        StageName::Dedup
    }

    fn observe(&self, rec: &Record, part: &mut DedupIndex) {
        let State::Observing(part) = &mut part.state else {
            return;
        };
        part.summary.observed += 1;
        let matching = text::matching(&rec.text);
        // Blank texts (rule): never grouped, kept alone; earlier stages drop them as
        // `clean:empty` when cleaning is on.
        let Some(exact) = exact_key(&matching) else {
            part.summary.blank += 1;
            return;
        };
        let before = part.buffered_bytes();
        let ord = rec.position.ordinal;
        part.ordinals.push(ord);
        if self.config.exact {
            part.exact.push(Wide { key: exact, ord });
        }
        if self.config.url {
            match rec.url.as_deref().and_then(url::normalise) {
                Some(u) => part.url.push(Wide {
                    key: xxh3_128(u.as_bytes()),
                    ord,
                }),
                None => part.summary.no_url += 1,
            }
        }
        if self.config.near {
            let keys = self.hasher.keys_of(&matching);
            if keys.is_empty() {
                part.summary.short += 1;
            }
            for key in keys {
                part.bands.push(Narrow { key, ord });
            }
        }
        part.ids.push(ord, &rec.id);
        if self.budget.add(part.buffered_bytes() - before) {
            self.budget.release(part.spill(&self.spill_dir));
        }
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
