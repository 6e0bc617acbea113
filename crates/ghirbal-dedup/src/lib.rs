//! The `dedup` stage: exact, URL and MinHash-LSH near-duplicate removal that keeps the first
//! record of each cluster and its cluster size, in bounded memory.
//!
//! # Brief overview
//! - [`build`] reads the `[dedup]` table ([`DedupConfig`]) and returns a [`Dedup`], a
//!   [`CorpusStage`](ghirbal_core::CorpusStage) whose index is a [`DedupIndex`].
//! - Pass 1: each worker thread owns a `DedupIndex::default()` part and calls
//!   `observe(&rec, &mut part)` on every record that survived the record stages, in any order.
//!   `rec.position.ordinal` must be the record's global input order (distinct per record);
//!   `rec.id` is what rejects point back to.
//! - Between the passes: `merge` the parts (any order), then `finish` once. `finish` clusters
//!   everything (single-threaded) and frees the parts.
//! - Pass 2: `decide(&mut rec, &index)` on each record, from any thread, in any order (the
//!   finished index is read-only and `Sync`). It sets `rec.dup_cluster_size` and returns
//!   `Keep` for a cluster's first record (smallest ordinal), or rejects the others with
//!   `dedup:exact`, `dedup:url` or `dedup:near` and detail
//!   `{"kept_id": "<id of the kept record>", "cluster_size": N}`.
//!
//! # Rules
//! - Exact: xxh3-128 of the words of [`ghirbal_core::text::matching`] joined by single spaces.
//! - URL: xxh3-128 of [`url::normalise`] (scheme, `www.`, trailing slash, default ports,
//!   tracking and edition parameters folded; the list is `resources/url_params.toml`).
//! - Near: MinHash over word shingles, LSH bands × rows ([`minhash`]); any shared band joins
//!   two records. Clusters are the connected components of all three kinds of edge
//!   (union-find), so the result is transitive, as in datatrove.
//! - A dropped record's reason is `exact` if it has the kept record's exact text, else `url`
//!   if it reaches it through URL and exact matches only, else `near`.
//! - Blank texts (no word in the matching text) are never grouped and are kept with
//!   `dup_cluster_size` 1; a text with fewer words than the shingle size has no signature and
//!   is deduplicated only exactly and by URL; a record without a usable URL is left out of URL
//!   dedup. Each case is counted in [`DedupSummary`].
//!
//! # Memory
//! While observing, each non-blank record keeps 8 bytes in memory (its ordinal); its index
//! entries (24 B exact, 24 B URL, 16 B per band, 12 B + its id) are buffered up to
//! `memory_budget` for all threads together and then sorted and spilled to `spill_dir` as runs.
//! `finish` peaks at about 28 B per record; the finished index keeps about 8.2 B per record
//! plus the ids of the kept records of clusters of two or more. Output is identical for any
//! number of threads and with or without spilling (tested).
//!
//! # On a cluster
//! [`Dedup::write_partitions`], [`Dedup::reduce_partition`] and [`Dedup::finished_from`] cut
//! `finish` over map tasks, one reduce task per key range, and one clustering task, with the
//! same decisions (the `partition` module's docs).
//!
//! # Incremental dedup
//! `save_index = "PATH"` makes `finish` write the keys and ids of the kept records; a later run
//! with `scope = "PATH"` (same MinHash parameters) treats them as earlier records, so new
//! records that duplicate them are dropped with their ids as `kept_id`.
#![deny(missing_docs)]

mod config;
mod dense;
mod index;
pub mod minhash;
mod partition;
mod saved;
mod spill;
mod stage;
mod union_find;
pub mod url;

pub use config::{DEFAULT_MEMORY_BUDGET, DedupConfig};
pub use index::{DedupIndex, DedupSummary, DupKind};
pub use partition::{KeyKind, ReduceCounts};
pub use stage::{Dedup, exact_key};
pub use union_find::UnionFind;

use ghirbal_core::{Config, ConfigError, StageName};

/// Builds the `dedup` stage from the `[dedup]` table of `config`.
///
/// # Errors
/// `ConfigError::Invalid` when the table has an unknown key or a value out of range.
pub fn build(config: &Config) -> Result<Dedup, ConfigError> {
    Dedup::new(config.section::<DedupConfig>(StageName::Dedup)?)
}
