//! The report of an output folder: `report.html` with SVG charts, and token counts for
//! `stats.json`.
//!
//! # Brief overview
//! - [`write_report`] reads `OUT/kept/` and `OUT/rejects/` once (through ghirbal-io's one
//!   reader of output folders), gathers a [`Profile`], sets the run's [`TokenCounts`]
//!   (`o200k_base` tokens of the kept text, in total, per language and per source) and writes
//!   `OUT/report.html`. The run calls it before writing `stats.json`.
//! - [`report_folder`] does the same for a finished folder (`ghirbal report OUT`): it reads
//!   `stats.json`, and writes it back with the token counts.
//! - [`count_tokens`] counts `o200k_base` tokens; the tokenizer's data is built into the
//!   binary, nothing is downloaded. [`TokenCounter`] counts the same, remembering recent
//!   pieces (the report counts with one per thread).
//!
//! The page is one file: inline CSS, inline SVG made by [`svg`], no script, and a
//! Content-Security-Policy that allows none. Corpus text is escaped everywhere.
//!
//! # Memory
//! Counts, one bounded sample per signal ([`profile::SIGNAL_SAMPLE`] values), three examples
//! per reason, and a bounded list of removed lines per source; the kept texts waiting for
//! their tokens are at most a few batches of 256 records; each token-counting thread's
//! [`TokenCounter`] is 8 MiB.
//!
//! [`TokenCounts`]: ghirbal_core::TokenCounts
#![deny(missing_docs)]

mod html;
pub mod profile;
pub mod svg;
mod tokens;
mod write;

pub use html::escape;
pub use profile::Profile;
pub use tokens::{TOKENIZER, TokenCounter, count_tokens};
pub use write::{ReportError, ReportSummary, TOKEN_SOURCES_LISTED, report_folder, write_report};
