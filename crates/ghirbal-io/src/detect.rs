//! Which reader a file needs: by its first bytes, with the extension as a tiebreak.

use crate::stream::Codec;

/// The formats ghirbal reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    /// One JSON object per line.
    Jsonl,
    /// One JSON array of objects.
    JsonArray,
    /// JSON objects that span lines: one pretty-printed object, or a sequence of them.
    JsonSeq,
    /// One record per file.
    Text,
    /// One page per file, for the extract stage.
    Html,
    /// WARC or WET records.
    Warc,
    /// A Parquet file with a text column.
    Parquet,
}

/// What the first bytes on disk say: a compression, or Parquet.
pub(crate) enum Container {
    /// A byte stream, maybe compressed.
    Stream(Codec),
    /// A Parquet file (read from the file, not as a stream).
    Parquet,
}

/// Looks at the magic bytes at the start of the file.
pub(crate) fn container(head: &[u8]) -> Container {
    if head.starts_with(&[0x1f, 0x8b]) {
        Container::Stream(Codec::Gzip)
    } else if head.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) || is_skippable_frame(head) {
        Container::Stream(Codec::Zstd)
    } else if head.starts_with(b"PAR1") {
        Container::Parquet
    } else {
        Container::Stream(Codec::Plain)
    }
}

/// A zstd skippable frame (magic `0x184D2A5?`, little-endian), which `pzstd` writes first.
fn is_skippable_frame(head: &[u8]) -> bool {
    head.len() >= 4 && head[0] & 0xf0 == 0x50 && head[1..4] == [0x2a, 0x4d, 0x18]
}

/// The format the file name suggests, ignoring a compression suffix
/// (`x.warc.wet.gz` -> WARC, `x.jsonl.zst` -> JSONL).
pub(crate) fn by_extension(name: &str) -> Option<Format> {
    let lower = name.to_ascii_lowercase();
    let mut stem = lower.as_str();
    for suffix in [".gz", ".gzip", ".zst", ".zstd"] {
        if let Some(s) = stem.strip_suffix(suffix) {
            stem = s;
            break;
        }
    }
    let ext = stem.rsplit_once('.').map(|(_, e)| e)?;
    Some(match ext {
        "jsonl" | "json" | "ndjson" => Format::Jsonl,
        "txt" | "text" => Format::Text,
        "html" | "htm" | "xhtml" => Format::Html,
        "warc" | "wet" | "arc" => Format::Warc,
        "parquet" | "pq" => Format::Parquet,
        _ => return None,
    })
}

/// Picks the format of a decoded stream from its first non-blank bytes (`head`), with the
/// extension's `hint` deciding where the content is ambiguous. `None`: binary data that no
/// reader takes.
pub(crate) fn by_content(head: &[u8], hint: Option<Format>) -> Option<Format> {
    if head.starts_with(b"WARC/") {
        return Some(Format::Warc);
    }
    if head.first() == Some(&b'{') {
        // A `.txt` file may start with a brace; its name says it is prose.
        return Some(match hint {
            Some(Format::Text) => Format::Text,
            _ if objects_span_lines(head) => Format::JsonSeq,
            _ => Format::Jsonl,
        });
    }
    // `[` then `{`: an array of objects, as many `.json` exports are.
    if head.first() == Some(&b'[') && hint != Some(Format::Text) {
        let next = head[1..].iter().find(|b| !b.is_ascii_whitespace());
        // With a JSON name, any JSON value may follow (`[1, 2]`); a byte that starts no JSON
        // value (`[` then a control character) leaves the file to be read line by line.
        let starts_value = |b: &u8| b"{[]\"-tfn".contains(b) || b.is_ascii_digit();
        if next == Some(&b'{')
            || (next.is_none() && head.len() > 1)
            || (hint == Some(Format::Jsonl) && next.is_none_or(starts_value))
        {
            return Some(Format::JsonArray);
        }
    }
    if head.first() == Some(&b'<') && (looks_like_html(head) || hint == Some(Format::Html)) {
        return Some(Format::Html);
    }
    match hint {
        // A name that promises a format the content does not show: the reader says what is
        // wrong (bad_json, bad_warc) instead of the file quietly becoming text.
        Some(Format::Jsonl | Format::Warc | Format::Html) => hint,
        _ if looks_binary(head) => None,
        _ => Some(Format::Text),
    }
}

/// True when the first object of `head` (which starts with `{`) is not one line of JSONL: a
/// line break inside it, outside strings, followed by a line that does not start a new object
/// (as pretty printers write: `{` then an indented key), or a second object on its line.
/// A first line that is merely broken (the next line starts with `{`) stays JSONL, so the
/// line reader counts it as one bad line and reads on.
fn objects_span_lines(head: &[u8]) -> bool {
    let (mut depth, mut in_string, mut escaped) = (0u32, false, false);
    for (i, &b) in head.iter().enumerate() {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                // A raw line break cannot be inside a JSON string: a broken line.
                b'\n' => return false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'{' | b'[' => depth += 1,
            b'}' | b']' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    let rest = &head[i + 1..];
                    let next = rest.iter().find(|&&c| !matches!(c, b' ' | b'\t' | b'\r'));
                    return next == Some(&b'{');
                }
            }
            b'\n' => {
                // Pretty-printed JSON goes on with JSON (an indented key, a closing brace);
                // anything else after the break is a broken line followed by more lines.
                let next = head[i + 1..].iter().find(|c| !c.is_ascii_whitespace());
                return next.is_some_and(|&c| c != b'{' && continues_json(c));
            }
            // A byte no JSON value holds outside a string: not an object, a broken line.
            _ if !continues_json(b)
                && !matches!(b, b':' | b',' | b'.' | b'+')
                && !b.is_ascii_whitespace() =>
            {
                return false;
            }
            _ => {}
        }
    }
    false
}

/// Whether a JSON text can go on with the byte `b` where a value or a key may start, or a
/// container close (letters for `true`, `false`, `null` and exponents).
fn continues_json(b: u8) -> bool {
    b"\"{}[]-".contains(&b) || b.is_ascii_alphanumeric()
}

/// True when the text starts like a page: a doctype, a comment, or a common top-level tag.
fn looks_like_html(head: &[u8]) -> bool {
    const STARTS: [&[u8]; 10] = [
        b"<!doctype",
        b"<html",
        b"<head",
        b"<body",
        b"<!--",
        b"<meta",
        b"<title",
        b"<?xml",
        b"<div",
        b"<p",
    ];
    let n = head.len().min(16);
    let lower: Vec<u8> = head[..n].iter().map(u8::to_ascii_lowercase).collect();
    STARTS.iter().any(|s| lower.starts_with(s))
}

/// True when the bytes hold NULs or many control characters: not text in any encoding we read.
fn looks_binary(head: &[u8]) -> bool {
    let sample = &head[..head.len().min(4096)];
    if memchr::memchr(0, sample).is_some() {
        return true;
    }
    let controls = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c))
        .count();
    controls * 10 > sample.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compression_suffix_is_looked_through() {
        assert_eq!(by_extension("a/b.warc.wet.gz"), Some(Format::Warc));
        assert_eq!(by_extension("x.JSONL.zst"), Some(Format::Jsonl));
        assert_eq!(by_extension("x.txt"), Some(Format::Text));
        assert_eq!(by_extension("x.htm"), Some(Format::Html));
        assert_eq!(by_extension("x.gz"), None);
        assert_eq!(by_extension("README"), None);
    }

    #[test]
    fn content_decides_and_extension_breaks_ties() {
        assert_eq!(
            by_content(b"WARC/1.0\r\n", Some(Format::Text)),
            Some(Format::Warc)
        );
        assert_eq!(by_content(b"{\"text\":1}", None), Some(Format::Jsonl));
        assert_eq!(
            by_content(b"{braces in prose}", Some(Format::Text)),
            Some(Format::Text)
        );
        assert_eq!(by_content(b"<!DOCTYPE html>", None), Some(Format::Html));
        assert_eq!(by_content(b"<b>x</b>", None), Some(Format::Text));
        assert_eq!(
            by_content(b"<b>x</b>", Some(Format::Html)),
            Some(Format::Html)
        );
        assert_eq!(by_content("مرحبا".as_bytes(), None), Some(Format::Text));
        assert_eq!(by_content(b"\x00\x01\x02binary", None), None);
        assert_eq!(
            by_content(b"not json", Some(Format::Jsonl)),
            Some(Format::Jsonl)
        );
        assert_eq!(by_content(b"[\n  {\"text\"", None), Some(Format::JsonArray));
        assert_eq!(
            by_content(b"[1, 2]", Some(Format::Jsonl)),
            Some(Format::JsonArray)
        );
        assert_eq!(by_content(b"[Chorus] la la", None), Some(Format::Text));
        assert_eq!(
            by_content(b"[\n\x0e", Some(Format::Jsonl)),
            Some(Format::Jsonl)
        );
        assert_eq!(
            by_content(b"{\n  \"text\": \"a\"\n}\n", None),
            Some(Format::JsonSeq)
        );
        assert_eq!(
            by_content(b"{\"text\": \"a\"} {\"text\": \"b\"}", None),
            Some(Format::JsonSeq)
        );
        assert_eq!(
            by_content(b"{\"text\": \"a\"}\n{\"text\": \"b\"}", None),
            Some(Format::Jsonl)
        );
        // A broken first line of a JSONL file stays JSONL, whatever follows it.
        assert_eq!(by_content(b"{\x00\n\x0e\n", None), Some(Format::Jsonl));
        assert_eq!(
            by_content(b"{\"text\": 1,\n\x01\n", None),
            Some(Format::Jsonl)
        );
        assert_eq!(
            by_content(b"{\"text\": \"a\n{\"text\": \"b\"}", None),
            Some(Format::Jsonl)
        );
        assert_eq!(
            by_content(b"{\"text\": [1,\n{\"text\": \"b\"}", None),
            Some(Format::Jsonl)
        );
        assert_eq!(
            by_content(b"[{\"a\":1}]", Some(Format::Text)),
            Some(Format::Text)
        );
    }
}
