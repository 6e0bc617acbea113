//! Search of an output folder: a tantivy index of its records, analysed the way ghirbal reads
//! text.
//!
//! # Brief overview
//! - [`build_index`] writes `OUT/index/` from the kept records (and the rejects with their
//!   reasons when asked), read through ghirbal-io's one reader of output folders.
//! - [`Searchable`] opens it and answers [`SearchRequest`]s with [`Hit`]s: id, BM25 score,
//!   title and a snippet with the matched terms' byte ranges.
//! - The Arabic analyser ([`analyzers::arabic`]) is one tokenizer and three filters, each in
//!   its own file: [`MatchFold`] (ghirbal-core's matching normalisation, offsets untouched),
//!   [`ArabicStopWords`] (a data file) and [`ArabicLightStem`] (clitics, article, suffixes).
//!   Other languages get [`MatchFold`] and their Snowball stemmer. Each analyser group has its
//!   own `title_<group>` and `text_<group>` fields; `index` and `search` register the same
//!   chains under the same names ([`analyzers::register`]).
//! - [`baseline`] holds the two analysers the bench compares against.
#![deny(missing_docs)]

pub mod analyzers;
mod arabic_stem;
mod arabic_stop_words;
pub mod baseline;
mod index;
pub mod map_filter;
mod match_fold;
mod search;

pub use arabic_stem::{ArabicLightStem, stem as arabic_stem};
pub use arabic_stop_words::ArabicStopWords;
pub use index::{INDEX_DIR, IndexError, IndexFacts, build_index};
pub use match_fold::MatchFold;
pub use search::{
    Hit, MAX_LIMIT, MAX_QUERY_BYTES, Member, SearchRequest, SearchResults, Searchable, StoredRow,
    mark,
};
