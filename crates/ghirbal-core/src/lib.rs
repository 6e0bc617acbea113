//! The shared vocabulary of ghirbal: what a record is, why one is dropped, how a stage looks.
//!
//! # Brief overview
//! - [`Record`] is one document with the fields of the output schema; [`Position`] says where
//!   in the input it came from.
//! - A [`RecordStage`] looks at one record and returns a [`Verdict`]: keep, or [`Reject`] with a
//!   [`Reason`] from the one vocabulary in [`reason`].
//! - A [`CorpusStage`] looks across records: `observe` builds a compact index, `decide` uses it.
//! - [`Config`] is the effective configuration: a preset ([`preset`]) merged key by key with a
//!   user's TOML file.
//! - [`text`] holds the two normalisations every stage shares: stored text and matching text.
//! - [`runs`] holds the sorted runs on disk and the merge that corpus stages spill through.
//! - [`stats`] holds the counters that make `read = kept + rejected + errors` hold.
#![deny(missing_docs)]

pub mod budget;
pub mod calendar;
pub mod config;
pub mod observed;
pub mod reason;
mod record;
pub mod runs;
mod stage;
pub mod stats;
pub mod text;

pub use config::{Config, ConfigError, RunConfig, preset};
pub use reason::{Reason, Reject};
pub use record::{Body, DATE_SOURCE, EXPLAIN_INPUT, EXPLAIN_REMOVED, Position, Record};
pub use stage::{CorpusStage, RecordStage, StageName, Verdict};
pub use stats::{Counts, RunFacts, RunStats, StageCounts, TokenCounts};
