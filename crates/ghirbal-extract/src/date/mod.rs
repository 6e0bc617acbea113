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

/// Arabic-Indic (U+0660..) and Persian (U+06F0..) digits to ASCII; other characters unchanged.
pub fn fold_digits(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{0660}'..='\u{0669}' => char::from(b'0' + (c as u32 - 0x0660) as u8),
            '\u{06F0}'..='\u{06F9}' => char::from(b'0' + (c as u32 - 0x06F0) as u8),
            _ => c,
        })
        .collect()
}
