//! The ghirbal run loop: read inputs, run the stages on every record in parallel, write
//! ordered output shards, and account for every record.
//!
//! # Brief overview
//! - [`run`] takes a [`Config`](ghirbal_core::Config) and [`RunOptions`] and returns a
//!   [`Summary`] once `OUT/kept/`, `OUT/rejects/`, `OUT/report.html` and `OUT/stats.json`
//!   (with the kept text's token counts, from ghirbal-report) are written.
//! - [`Stages`] is what the config asks for: the record stages, the corpus stages, and the
//!   stages that are switched on but not built in this version.
//! - [`Progress`] is the seam to a progress display; [`NoProgress`] shows nothing.
//!
//! # How a run flows
//! ```text
//! reader ──batches──▶ workers (stages) ──▶ reorder by batch seq ──▶ shard writers
//!   ▲ bounded by tokens       ▲ N threads                      ▲ tmp + rename + manifest
//! ```
//! With corpus stages (dedup, site boilerplate) the run makes one pass per corpus stage plus
//! one: the first pass runs the record stages and `observe`s; survivors are spooled to zstd
//! files under `OUT/.ghirbal/`, in checkpointed chunks that `--resume` keeps (the private
//! `checkpoint` module); each later pass re-reads the spool, `decide`s with the finished
//! index, observes for the next corpus stage, and the last pass writes the shards.
//!
//! Determinism: batches are cut from the input alone (record count, text bytes, shard
//! boundaries), the writer restores batch order, and a shard holds the records whose run
//! ordinal falls in its range; so output is byte-identical for any number of threads.
//!
//! Memory: at most `run.queue_batches` batches exist at once anywhere between the reader and
//! the writer (the reader takes a token per batch, the writer gives it back), each at most
//! `run.batch_bytes` of text plus one record; corpus-stage indexes hold hashes only.
#![deny(missing_docs)]

mod checkpoint;
pub mod dist;
mod effective;
mod manifest;
mod out;
mod progress;
mod run;
mod spool;
mod stages;
mod work;

pub use effective::{EffectiveConfig, effective_config};
pub use out::ready_output;
pub use progress::{NoProgress, Progress};
pub use run::{RunError, RunOptions, Summary, run};
pub use stages::{DynCorpusStage, Stages};
pub use work::apply_record_stages;
