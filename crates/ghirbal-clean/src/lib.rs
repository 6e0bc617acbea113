//! The `clean` and `pii` stages of ghirbal: turn page text into the record a reader wants.
//!
//! # Brief overview
//! - [`Clean`] (a [`RecordStage`](ghirbal_core::RecordStage), `clean`) normalises the stored
//!   text, recovers `title`, `lede` and `captions`, drops duplicated teasers and in-page
//!   boilerplate (per-language lexicons in `resources/`), and rejects `clean:empty` when
//!   nothing is left. With `[clean] explain = true` the removed lines and their reasons go to
//!   `metadata.removed`.
//! - [`SiteBoilerplate`] (a [`CorpusStage`](ghirbal_core::CorpusStage)) drops lines that
//!   recur on many pages of one site; it runs after the record stages. Its index holds
//!   line hashes, not lines, and spills sorted runs to disk past `[clean.site]
//!   memory_budget`.
//! - [`Pii`] (a [`RecordStage`](ghirbal_core::RecordStage), `pii`) masks e-mail addresses,
//!   phone numbers, IP addresses and IBANs with `<EMAIL>`, `<PHONE>`, `<IP>`, `<IBAN>`.
//! - [`build`] reads `[clean]` and `[pii]` from a [`Config`](ghirbal_core::Config) and
//!   returns the switched-on stages as [`Stages`].
//!
//! # Wiring into the pipeline
//! - Build once: `let stages = ghirbal_clean::build(&config)?;`.
//! - Record stages, in pipeline order after `extract`: `stages.clean`, then `stages.pii`
//!   (`clean` reads `rec.text`, so `extract` must have filled it from `rec.body`).
//! - The corpus stage, after every record stage: `observe` each kept record into a per-thread
//!   [`SiteIndex`], `merge` the parts (any order), `finish` once, then `decide` each record in
//!   the last pass. It reports as stage `clean` and rejects with `clean:site_boilerplate`.
//! - `--explain` sets `[clean] explain = true`; both `clean` and the corpus stage then append
//!   `{line, reason}` entries to `metadata.removed`.
//!
//! # Example
//! ```
//! use ghirbal_core::{Config, Record, RecordStage, Verdict};
//!
//! let stages = ghirbal_clean::build(&Config::preset("arabic-news")?)?;
//! let clean = stages.clean.expect("clean is on in arabic-news");
//! let mut rec = Record::new("1", "عنوان الخبر\n\nقال الوزير إن المحادثات مستمرة.\nأقسام\nأخبار");
//! assert_eq!(clean.apply(&mut rec), Verdict::Keep);
//! assert_eq!(rec.title.as_deref(), Some("عنوان الخبر"));
//! assert_eq!(rec.text, "قال الوزير إن المحادثات مستمرة.");
//! # Ok::<(), ghirbal_core::ConfigError>(())
//! ```
#![deny(missing_docs)]

mod build;
mod clean;
mod config;
mod explain;
mod figures;
mod lexicon;
mod lines;
mod pii;
mod repair;
mod script;
mod shape;
mod site;

pub use build::{Stages, build};
pub use clean::Clean;
pub use config::{CleanConfig, DEFAULT_SITE_MEMORY_BUDGET, PiiConfig, SiteConfig};
pub use explain::KEY as EXPLAIN_KEY;
pub use pii::{EMAIL, IBAN, IP, Masked, PHONE, Pii};
pub use site::{SiteBoilerplate, SiteIndex, SiteSummary, group_name};
