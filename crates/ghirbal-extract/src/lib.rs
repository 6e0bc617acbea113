//! HTML to article: charset, DOM, main content, metadata and dates, for ghirbal's `extract`
//! stage.
//!
//! # Brief overview
//! - [`build`] reads the `[extract]` table of a [`ghirbal_core::Config`] and returns the
//!   [`Extract`] stage, a [`ghirbal_core::RecordStage`]. Records without a `body` pass through;
//!   records with one become articles or are rejected with an `extract:*` reason.
//! - [`extract_html`] (and [`extract`] with [`Options`]) runs the same extraction on bytes
//!   alone, for benchmarks and tools; it returns an [`Article`] or a [`ghirbal_core::Reject`].
//! - Inside: [`charset`] decodes (BOM, header, `<meta>`, chardetng), the page is parsed with
//!   scraper (html5ever), flattened without recursion, scored readability-style for the main
//!   content, and [`date`] reads dates from metadata and from Arabic, English and French text.
//!
//! # Wiring into the pipeline
//! ```
//! use ghirbal_core::{Body, Config, Record, RecordStage, Verdict};
//! let config = Config::preset("arabic-news").unwrap();
//! let stage = ghirbal_extract::build(&config).unwrap(); // reads the [extract] table
//! let mut rec = Record::new("page-1", "");
//! rec.body = Some(Body {
//!     bytes: b"<html><body><p>Short but real text of a page.</p></body></html>".to_vec(),
//!     content_type: Some("text/html; charset=utf-8".into()),
//!     fetched: Some("2024-03-05T12:00:00Z".into()),
//! });
//! assert_eq!(stage.apply(&mut rec), Verdict::Keep);
//! assert!(rec.body.is_none() && rec.text.starts_with("Short but real"));
//! ```
//! The stage is `Send + Sync` and keeps no state: one instance serves every worker thread.
//! Records with no `body` (JSONL, text, WET) pass through untouched, so it can run on every
//! input. Rejects carry `extract:*` reasons from [`ghirbal_core::reason::extract`].
//!
//! Limits per page are in [`limits`]: bodies above 32 MiB are rejected, only the first 4 MiB
//! are parsed, and nesting deeper than 2,000 open containers is cut.
//!
//! # Example
//! ```
//! let html = "<html><head><title>Hello - Site</title></head><body><article>\
//!     <p>This is the first paragraph of the article, long enough to count.</p>\
//!     <p>And a second paragraph, with commas, clauses, and more words.</p></article></body></html>";
//! let article = ghirbal_extract::extract_html(html.as_bytes(), Some("text/html"), None).unwrap();
//! assert!(article.text.starts_with("This is the first paragraph"));
//! ```
#![deny(missing_docs)]

mod article;
pub mod charset;
mod config;
mod content;
pub mod date;
mod dom;
mod hints;
mod lexicon;
pub mod limits;
mod metadata;
mod prestrip;
mod stage;

pub use article::{Article, Options, clean_title, extract, extract_html};
pub use config::{ExtractConfig, build};
pub use stage::Extract;
