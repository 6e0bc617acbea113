//! Bytes to text: the page's character encoding, found in the order a browser looks.
//!
//! Order: byte-order mark, then the HTTP `Content-Type` charset, then `<meta charset>` or
//! `<meta http-equiv="Content-Type">` in the first [`PRESCAN_BYTES`], then chardetng's guess.
//! A declared label is trusted only if the bytes decode under it without errors; a header or
//! meta tag that lies (says UTF-8 over windows-1256 bytes, for example) falls through to the
//! detector. Decoding never fails: bad sequences become U+FFFD.

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};

/// How far into the page `<meta charset>` is looked for. The HTML standard says 1024 bytes;
/// real pages put long `<script>` blocks first, so we look further.
pub const PRESCAN_BYTES: usize = 8 * 1024;

/// How many bytes the detector reads; enough to see the body text of most pages.
const DETECT_BYTES: usize = 64 * 1024;

/// Where the encoding of a page was learnt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CharsetSource {
    /// A UTF-8 or UTF-16 byte-order mark.
    Bom,
    /// The HTTP `Content-Type` header.
    Header,
    /// A `<meta>` tag in the page.
    Meta,
    /// chardetng's guess from the bytes.
    Detected,
}

impl CharsetSource {
    /// A short name for metadata (`bom`, `header`, `meta`, `detected`).
    pub fn as_str(self) -> &'static str {
        match self {
            CharsetSource::Bom => "bom",
            CharsetSource::Header => "header",
            CharsetSource::Meta => "meta",
            CharsetSource::Detected => "detected",
        }
    }
}

/// A page's bytes decoded to text, with the encoding used and how it was chosen.
#[derive(Debug, Clone)]
pub struct Decoded {
    /// The text, valid UTF-8; undecodable sequences are U+FFFD.
    pub text: String,
    /// The encoding the bytes were read with.
    pub encoding: &'static Encoding,
    /// How that encoding was chosen.
    pub source: CharsetSource,
    /// How many U+FFFD the decoder had to insert.
    pub replacements: usize,
}

/// Decodes `bytes` using the BOM, the `content_type` header value, a `<meta>` tag, or detection.
pub fn decode(bytes: &[u8], content_type: Option<&str>) -> Decoded {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        return finish(&bytes[bom_len..], enc, CharsetSource::Bom);
    }
    let declared = content_type
        .and_then(charset_param)
        .map(|e| (e, CharsetSource::Header))
        .or_else(|| meta_charset(bytes).map(|e| (e, CharsetSource::Meta)));
    if let Some((enc, source)) = declared {
        // A declared single-byte encoding decodes anything; only UTF-8 can be caught lying
        // by its bytes, and windows-1252 is what servers say by default without knowing.
        if enc == UTF_8 {
            if std::str::from_utf8(bytes).is_ok() || mostly_utf8(bytes) {
                return finish(bytes, enc, source);
            }
        } else if enc != WINDOWS_1252 || !looks_non_latin(bytes) {
            return finish(bytes, enc, source);
        }
    }
    if std::str::from_utf8(bytes).is_ok() {
        return finish(bytes, UTF_8, CharsetSource::Detected);
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    let sample = &bytes[..bytes.len().min(DETECT_BYTES)];
    detector.feed(sample, sample.len() == bytes.len());
    let enc = detector.guess(None, chardetng::Utf8Detection::Allow);
    finish(bytes, enc, CharsetSource::Detected)
}

fn finish(bytes: &[u8], encoding: &'static Encoding, source: CharsetSource) -> Decoded {
    // UTF-16 labels in a meta tag are treated as UTF-8, as the HTML standard says.
    let encoding = if source == CharsetSource::Meta && encoding.output_encoding() == UTF_8 {
        UTF_8
    } else {
        encoding
    };
    let (text, _) = encoding.decode_without_bom_handling(bytes);
    let replacements = text.matches('\u{FFFD}').count();
    Decoded {
        text: text.into_owned(),
        encoding,
        source,
        replacements,
    }
}

/// True when at most one in 2,000 multi-byte sequences is broken: a UTF-8 page with a few bad
/// bytes (a truncated tail, one pasted Latin-1 string) is still UTF-8.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let mut bad = 0usize;
    let mut good = 0usize;
    let mut rest = bytes;
    while !rest.is_empty() {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                good += s.bytes().filter(|b| *b >= 0xC0).count();
                break;
            }
            Err(e) => {
                let valid = e.valid_up_to();
                good += rest[..valid].iter().filter(|b| **b >= 0xC0).count();
                bad += 1;
                let skip = e.error_len().unwrap_or(rest.len() - valid).max(1);
                rest = &rest[(valid + skip).min(rest.len())..];
            }
        }
    }
    bad * 2000 <= good.max(1) && bad <= 16
}

/// True when the high bytes look like Arabic/Cyrillic/Greek single-byte text rather than
/// Latin-1 accents: many high bytes and few plain-ASCII letters between them.
fn looks_non_latin(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(DETECT_BYTES)];
    let high = sample.iter().filter(|b| **b >= 0x80).count();
    let letters = sample.iter().filter(|b| b.is_ascii_alphabetic()).count();
    high >= 50 && high * 2 > letters
}

/// The encoding named by a `charset=` parameter, if any and if known.
fn charset_param(content_type: &str) -> Option<&'static Encoding> {
    let lower = content_type.to_ascii_lowercase();
    let at = lower.find("charset")?;
    let rest = lower[at + "charset".len()..].trim_start();
    let rest = rest.strip_prefix('=')?.trim_start();
    let rest = rest.trim_start_matches(['"', '\'']);
    let end = rest
        .find(|c: char| {
            c == ';' || c == '"' || c == '\'' || c.is_whitespace() || c == '>' || c == '/'
        })
        .unwrap_or(rest.len());
    Encoding::for_label(&rest.as_bytes()[..end])
}

/// The encoding named by the first `<meta charset>` or `<meta http-equiv content>` tag in the
/// prescan window. A simplified form of the HTML standard's prescan: it looks only at `<meta`
/// tags, which is what real pages use.
fn meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let window = &bytes[..bytes.len().min(PRESCAN_BYTES)];
    let finder = memchr::memmem::Finder::new(b"<meta");
    let lower: Vec<u8> = window.to_ascii_lowercase();
    for at in finder.find_iter(&lower) {
        let end = memchr::memchr(b'>', &lower[at..]).map_or(lower.len(), |e| at + e);
        let tag = String::from_utf8_lossy(&lower[at..end]);
        if let Some(enc) = charset_param(&tag) {
            return Some(enc);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use encoding_rs::{ISO_8859_6, WINDOWS_1256};

    const ARABIC: &str = "قال وزير الخارجية في مؤتمر صحفي عقده اليوم في العاصمة إن المحادثات \
        مع الجانب الآخر كانت مثمرة وإن الطرفين اتفقا على مواصلة الحوار خلال الأسابيع المقبلة \
        من أجل التوصل إلى حل شامل يرضي جميع الأطراف ويحقق الاستقرار في المنطقة.";

    fn page(body: &str, meta: &str) -> String {
        format!("<html><head>{meta}<title>خبر</title></head><body><p>{body}</p></body></html>")
    }

    #[test]
    fn windows_1256_page_with_meta_charset_decodes() {
        let html = page(ARABIC, r#"<meta charset="windows-1256">"#);
        let (bytes, _, _) = WINDOWS_1256.encode(&html);
        let d = decode(&bytes, None);
        assert_eq!(d.encoding, WINDOWS_1256);
        assert_eq!(d.source, CharsetSource::Meta);
        assert!(d.text.contains(ARABIC));
    }

    #[test]
    fn iso_8859_6_page_without_any_label_is_detected() {
        let html = page(ARABIC, "");
        let (bytes, _, _) = ISO_8859_6.encode(&html);
        let d = decode(&bytes, Some("text/html"));
        assert_eq!(d.source, CharsetSource::Detected);
        assert!(d.text.contains(ARABIC), "{}", d.encoding.name());
    }

    #[test]
    fn windows_1256_page_without_label_is_detected() {
        let html = page(ARABIC, "");
        let (bytes, _, _) = WINDOWS_1256.encode(&html);
        let d = decode(&bytes, None);
        assert!(d.text.contains(ARABIC), "{}", d.encoding.name());
    }

    #[test]
    fn header_charset_wins_over_meta() {
        let html = page(ARABIC, r#"<meta charset="utf-8">"#);
        let (bytes, _, _) = ISO_8859_6.encode(&html);
        let d = decode(&bytes, Some("text/html; charset=ISO-8859-6"));
        assert_eq!(d.source, CharsetSource::Header);
        assert!(d.text.contains(ARABIC));
    }

    #[test]
    fn lying_utf8_header_over_windows_1256_bytes_is_overruled() {
        let html = page(ARABIC, "");
        let (bytes, _, _) = WINDOWS_1256.encode(&html);
        let d = decode(&bytes, Some("text/html; charset=utf-8"));
        assert_eq!(d.source, CharsetSource::Detected);
        assert!(d.text.contains(ARABIC), "{}", d.encoding.name());
    }

    #[test]
    fn lying_latin1_header_over_windows_1256_bytes_is_overruled() {
        let html = page(ARABIC, "");
        let (bytes, _, _) = WINDOWS_1256.encode(&html);
        let d = decode(&bytes, Some("text/html; charset=iso-8859-1"));
        assert!(d.text.contains(ARABIC), "{}", d.encoding.name());
    }

    #[test]
    fn utf8_bom_is_honoured_and_stripped() {
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes.extend_from_slice(page(ARABIC, "").as_bytes());
        let d = decode(&bytes, Some("text/html; charset=windows-1256"));
        assert_eq!(d.source, CharsetSource::Bom);
        assert!(d.text.starts_with("<html>"));
    }

    #[test]
    fn http_equiv_meta_is_read() {
        let html = page(
            ARABIC,
            r#"<meta http-equiv="Content-Type" content="text/html; charset=windows-1256">"#,
        );
        let (bytes, _, _) = WINDOWS_1256.encode(&html);
        let d = decode(&bytes, None);
        assert_eq!(d.encoding, WINDOWS_1256);
        assert_eq!(d.source, CharsetSource::Meta);
    }

    #[test]
    fn binary_bytes_decode_without_panic() {
        let bytes: Vec<u8> = (0..5000u32).map(|i| (i * 7919 % 256) as u8).collect();
        let d = decode(&bytes, Some("text/html"));
        assert!(!d.text.is_empty());
    }
}
