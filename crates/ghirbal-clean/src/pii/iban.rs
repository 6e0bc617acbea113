//! IBANs: country code, two check digits, up to 30 letters and digits (spaces allowed every
//! four), accepted only when the ISO 13616 mod-97 checksum holds and, for countries listed in
//! [`LENGTHS`], the length is right.

use ghirbal_core::text;
use regex::Regex;

use super::Span;

/// IBAN lengths of the Arab countries that issue them and of some common European ones.
const LENGTHS: &[(&str, usize)] = &[
    ("SA", 24),
    ("AE", 23),
    ("QA", 29),
    ("KW", 30),
    ("BH", 22),
    ("JO", 30),
    ("LB", 28),
    ("EG", 29),
    ("TN", 24),
    ("PS", 29),
    ("IQ", 23),
    ("LY", 25),
    ("SD", 18),
    ("MR", 27),
    ("DZ", 26),
    ("FR", 27),
    ("DE", 22),
    ("GB", 22),
    ("ES", 24),
    ("IT", 27),
    ("NL", 18),
    ("BE", 16),
    ("CH", 21),
    ("TR", 26),
];

/// Finds IBANs.
#[derive(Debug)]
pub struct Finder(Regex);

impl Finder {
    /// Compiles the pattern.
    pub fn new() -> Finder {
        Finder(
            Regex::new(r"[A-Z]{2}[0-9]{2}(?: ?[A-Z0-9]){11,30}")
                .expect("static IBAN pattern compiles"),
        )
    }

    /// The IBANs in `text`, in order.
    pub fn find(&self, text: &str) -> Vec<Span> {
        let mut spans = Vec::new();
        let mut at = 0;
        while let Some(m) = self.0.find_at(text, at) {
            let before_ok = !text[..m.start()]
                .chars()
                .next_back()
                .is_some_and(text::is_alphanumeric);
            // The pattern is greedy and may run into a following upper-case word: try the
            // longest prefix that is a valid IBAN.
            let found = before_ok
                .then(|| longest_valid(m.as_str()))
                .flatten()
                .filter(|&len| {
                    !text[m.start() + len..]
                        .chars()
                        .next()
                        .is_some_and(|c| c.is_ascii_alphanumeric())
                });
            match found {
                Some(len) => {
                    spans.push(m.start()..m.start() + len);
                    at = m.start() + len;
                }
                None => at = m.start() + 1,
            }
        }
        spans
    }
}

/// The byte length of the longest prefix of `candidate` that is a valid IBAN.
fn longest_valid(candidate: &str) -> Option<usize> {
    let mut ends: Vec<usize> = candidate
        .char_indices()
        .filter(|(_, c)| *c != ' ')
        .map(|(i, c)| i + c.len_utf8())
        .collect();
    ends.reverse();
    ends.into_iter().find(|&end| is_valid(&candidate[..end]))
}

/// True when `s` (spaces ignored) has a valid length and checksum.
pub fn is_valid(s: &str) -> bool {
    let compact: Vec<u8> = s.bytes().filter(|b| *b != b' ').collect();
    if !(15..=34).contains(&compact.len()) {
        return false;
    }
    let country = std::str::from_utf8(&compact[..2]).unwrap_or("");
    if let Some((_, len)) = LENGTHS.iter().find(|(c, _)| *c == country)
        && *len != compact.len()
    {
        return false;
    }
    let mut rem: u32 = 0;
    for &b in compact[4..].iter().chain(&compact[..4]) {
        let v = match b {
            b'0'..=b'9' => u32::from(b - b'0'),
            b'A'..=b'Z' => u32::from(b - b'A') + 10,
            _ => return false,
        };
        rem = if v >= 10 {
            (rem * 100 + v) % 97
        } else {
            (rem * 10 + v) % 97
        };
    }
    rem == 1
}
