//! The date parser (machine-readable dates in metadata, dates written in Arabic, English and
//! French text, digits of any script) over arbitrary text: a date found is a calendar date.
#![no_main]

use ghirbal_extract::date::{DateTime, find_in_text, parse_machine};

fn check(d: &DateTime) {
    assert!((1..=12).contains(&d.month), "{d:?}");
    assert!((1..=31).contains(&d.day), "{d:?}");
    if let Some((h, m, s)) = d.time {
        assert!(h < 25 && m < 60 && s < 61, "{d:?}");
    }
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Some(d) = parse_machine(&text) {
        check(&d);
    }
    let fetched = parse_machine("2024-03-05T12:00:00Z");
    if let Some(found) = find_in_text(&text, fetched.as_ref()) {
        check(&found.date);
    }
});
