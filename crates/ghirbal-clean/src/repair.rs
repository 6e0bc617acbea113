//! Mojibake repair: UTF-8 text that was decoded as Windows-1252 (or Latin-1) somewhere
//! upstream, so "العربية" arrives as "Ø§Ù„Ø¹Ø±Ø¨ÙŠØ©".
//!
//! A line is repaired only when every character maps back to one Windows-1252 byte and those
//! bytes are valid UTF-8 holding at least one non-ASCII character. Ordinary Latin-1 text
//! almost never forms valid multi-byte UTF-8 sequences, so the test does not fire on it.

use std::borrow::Cow;

/// The bytes `0x80..=0x9F` of Windows-1252, as the characters they decode to (the five
/// undefined bytes decode to the C1 control of the same value, as browsers do).
const CP1252_HIGH: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž', '\u{8F}',
    '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}', 'ž', 'Ÿ',
];

/// `text` with each line that is detectably mojibake decoded again, and how many lines were
/// repaired.
pub fn mojibake(text: &str) -> (Cow<'_, str>, usize) {
    if !text.chars().any(is_lead_suspect) {
        return (Cow::Borrowed(text), 0);
    }
    let mut out = String::with_capacity(text.len());
    let mut repaired = 0;
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        match repair_line(line) {
            Some(fixed) => {
                repaired += 1;
                out.push_str(&fixed);
            }
            None => out.push_str(line),
        }
    }
    (Cow::Owned(out), repaired)
}

/// Characters that stand for a UTF-8 lead byte of a two-byte sequence (`Â`..`ß`) or of a
/// three-byte one (`à`..`ï`) when decoded as Windows-1252.
fn is_lead_suspect(c: char) -> bool {
    ('\u{C2}'..='\u{EF}').contains(&c)
}

fn repair_line(line: &str) -> Option<String> {
    if !line.chars().any(is_lead_suspect) {
        return None;
    }
    let mut bytes = Vec::with_capacity(line.len());
    for c in line.chars() {
        bytes.push(cp1252_byte(c)?);
    }
    let fixed = String::from_utf8(bytes).ok()?;
    (!fixed.is_ascii()).then_some(fixed)
}

/// The Windows-1252 byte that decodes to `c`, if any.
fn cp1252_byte(c: char) -> Option<u8> {
    let u = c as u32;
    // C1 controls stand for themselves: Latin-1 decoding (rather than Windows-1252) leaves them.
    if u <= 0xFF {
        return u8::try_from(u).ok();
    }
    CP1252_HIGH
        .iter()
        .position(|&h| h == c)
        .and_then(|i| u8::try_from(0x80 + i).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Encodes `s` as UTF-8 and decodes it as Windows-1252: how mojibake is made.
    fn garble(s: &str) -> String {
        s.bytes()
            .map(|b| match b {
                0x80..=0x9F => CP1252_HIGH[usize::from(b - 0x80)],
                _ => char::from(b),
            })
            .collect()
    }

    #[test]
    fn arabic_decoded_as_windows_1252_is_repaired() {
        let good = "وزير الخارجية الروسي سيرغي لافروف";
        let garbled = garble(good);
        let (fixed, n) = mojibake(&garbled);
        assert_eq!(fixed, good);
        assert_eq!(n, 1);
    }

    #[test]
    fn only_the_garbled_lines_are_repaired() {
        let text = format!("{}\nسطر سليم\n{}", garble("café crème"), garble("مرحبا"));
        let (fixed, n) = mojibake(&text);
        assert_eq!(fixed, "café crème\nسطر سليم\nمرحبا");
        assert_eq!(n, 2);
    }

    #[test]
    fn real_latin_text_is_left_alone() {
        for s in ["Øresund Ärger über Ça va", "À la une", "naïve façade"] {
            let (fixed, n) = mojibake(s);
            assert_eq!((fixed.as_ref(), n), (s, 0));
        }
    }
}
