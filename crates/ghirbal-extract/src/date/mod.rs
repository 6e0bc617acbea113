//! Dates: machine-readable strings from metadata, and dates written in page text (Arabic month
//! names in three systems, English and French names, numeric forms, relative times).
//!
//! Month names, labels and relative-time units are data files under `resources/dates/`.

mod civil;
mod machine;
mod months;
mod relative;
mod text;

pub use civil::DateTime;
pub use machine::parse_machine;
pub use text::{Found, Label, find_in_text};

/// Arabic-Indic and Persian digits to ASCII, other characters unchanged (core's one folding).
pub use ghirbal_core::text::fold_digits;
