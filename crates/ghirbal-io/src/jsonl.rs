//! JSON lines: one object per line, field `text` required.

use std::fmt;

use ghirbal_core::reason::error;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Visitor};
use serde_json::Value;

use crate::fields::{FieldMap, Fill, Key};
use crate::read::{Context, ReadError, ReadItem, RecordReader};
use crate::stream::{Line, Stream};

/// Reads one record per non-blank line.
///
/// The fields are found as the [`FieldMap`] says (by default `text`, `id`, `url`, `title`,
/// `date`, `source`): the text must be a string (else `error:no_text`); the id may be a string
/// or a number; url, title, date and source are taken when they are strings. Every other
/// field, and a recognised field of another type, goes to `metadata` in input order, followed
/// by `input_file` and `input_offset`. The text is taken as is.
pub(crate) struct JsonlReader {
    stream: Stream,
    ctx: Context,
    line: Vec<u8>,
    index: u64,
    done: bool,
}

impl JsonlReader {
    pub(crate) fn new(stream: Stream, ctx: Context) -> JsonlReader {
        JsonlReader {
            index: ctx.first_index,
            stream,
            ctx,
            line: Vec::with_capacity(64 << 10),
            done: false,
        }
    }

    fn error(&mut self, reason: ghirbal_core::Reason, detail: String, offset: u64) -> ReadItem {
        ReadError::next(&mut self.index, reason, detail, offset)
    }
}

impl RecordReader for JsonlReader {
    fn next_item(&mut self) -> Option<ReadItem> {
        if self.done {
            return None;
        }
        loop {
            let start = self.stream.offset;
            // Fast path: a whole line in the buffer is parsed where it lies, without a copy.
            let avail = match self.stream.fill() {
                Ok(avail) => avail,
                Err(e) => {
                    self.done = !self.stream.goes_on();
                    let reason = self.stream.error_reason();
                    return Some(self.error(reason, e.to_string(), start));
                }
            };
            if let Some(end) = memchr::memchr(b'\n', avail)
                && end <= self.ctx.max_record_bytes
            {
                let item = line_item(&avail[..end], &self.ctx, self.index, start);
                self.stream.consume(end + 1);
                match item {
                    None => continue,
                    Some(item) => {
                        self.index += 1;
                        return Some(item);
                    }
                }
            }
            // Slow path: a line across buffer refills, a last line without `\n`, a long line.
            let line = self
                .stream
                .read_line(&mut self.line, self.ctx.max_record_bytes);
            match line {
                Err(e) => {
                    self.done = !self.stream.goes_on();
                    let reason = self.stream.error_reason();
                    return Some(self.error(reason, e.to_string(), start));
                }
                Ok(Line::End) => {
                    self.done = true;
                    if self.index == 0 && !self.ctx.part {
                        let detail = format!("{} bytes, no record", self.stream.offset);
                        return Some(self.error(error::EMPTY_FILE, detail, 0));
                    }
                    return None;
                }
                Ok(Line::TooLong(len)) => {
                    let detail =
                        format!("line of {len} bytes, limit {}", self.ctx.max_record_bytes);
                    return Some(self.error(error::TOO_LARGE, detail, start));
                }
                Ok(Line::Read) => {}
            }
            if let Some(item) = line_item(&self.line, &self.ctx, self.index, start) {
                self.index += 1;
                return Some(item);
            }
        }
    }

    /// A line whole in the buffer (the fast path of [`JsonlReader::next_item`]) is stepped
    /// over unparsed: one item when it is not blank, whatever it holds, since `next_item`
    /// gives one item for it, a record or an error. Anything else (a line across refills, a
    /// long line, a stream error, the end) is left to `next_item`.
    fn skip_items(&mut self, n: u64) -> u64 {
        let mut skipped = 0;
        while skipped < n && !self.done {
            let start = self.stream.offset;
            let line = match self.stream.fill() {
                Ok(avail) => memchr::memchr(b'\n', avail)
                    .filter(|&end| end <= self.ctx.max_record_bytes)
                    .map(|end| (end, line_body(&avail[..end], start).is_none())),
                // As `next_item` does: a failed fill is an item (a second fill could go on
                // past a decompression bomb without it).
                Err(e) => {
                    self.done = !self.stream.goes_on();
                    let reason = self.stream.error_reason();
                    let _ = self.error(reason, e.to_string(), start);
                    skipped += 1;
                    continue;
                }
            };
            if let Some((end, blank)) = line {
                self.stream.consume(end + 1);
                if !blank {
                    self.index += 1;
                    skipped += 1;
                }
                continue;
            }
            match self.next_item() {
                Some(_) => skipped += 1,
                None => break,
            }
        }
        skipped
    }

    fn bytes_read(&self) -> u64 {
        self.ctx.counters.bytes()
    }
}

/// A line (without its `\n`) less its `\r` and, at the file's start, its byte order mark;
/// `None` when it is blank.
fn line_body(line: &[u8], offset: u64) -> Option<&[u8]> {
    let mut bytes = line.strip_suffix(b"\r").unwrap_or(line);
    if offset == 0 {
        bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    }
    (!bytes.iter().all(u8::is_ascii_whitespace)).then_some(bytes)
}

/// The item of one line (without its `\n`), or `None` for a blank line.
fn line_item(line: &[u8], ctx: &Context, index: u64, offset: u64) -> Option<ReadItem> {
    line_body(line, offset).map(|bytes| parse(bytes, ctx, index, offset))
}

/// Parses one line into a record placed at `index`/`offset`.
pub(crate) fn parse(bytes: &[u8], ctx: &Context, index: u64, offset: u64) -> ReadItem {
    let fail = |reason, detail: String| ReadError {
        reason,
        detail,
        index,
        offset,
    };
    // One SIMD pass over the line; serde_json then parses a `&str` and checks no string again.
    let line = match simdutf8::basic::from_utf8(bytes) {
        Ok(line) => line,
        Err(_) => {
            let at = std::str::from_utf8(bytes)
                .err()
                .map_or(0, |e| e.valid_up_to());
            return Err(fail(error::BAD_UTF8, format!("invalid UTF-8 at byte {at}")));
        }
    };
    let (parsed, repaired) = match fields(line, &ctx.fields) {
        Ok(parsed) => (parsed, 0),
        // Python's `json.dumps` writes lone surrogates as `\ud800`, which JSON parsers refuse:
        // the record is kept with U+FFFD in their place, and the repairs counted.
        Err(e) => match repair_lone_surrogates(line) {
            Some((fixed, n)) => match fields(&fixed, &ctx.fields) {
                Ok(parsed) => (parsed, n),
                Err(e) => return Err(fail(error::BAD_JSON, e.to_string())),
            },
            None => return Err(fail(error::BAD_JSON, e.to_string())),
        },
    };
    let Fill {
        mut rec,
        has_text,
        has_id,
        ..
    } = parsed;
    if !has_text {
        return Err(fail(error::NO_TEXT, ctx.fields.no_text_detail(&rec)));
    }
    if !has_id {
        ctx.number(&mut rec, index);
    }
    ctx.place(&mut rec, index, offset);
    if repaired > 0 {
        rec.set_count(SURROGATES_REPAIRED, repaired);
    }
    Ok(rec)
}

/// The signal counting lone surrogate escapes replaced by U+FFFD in a record's JSON.
pub(crate) const SURROGATES_REPAIRED: &str = "read.surrogates_repaired";

/// Parses one JSON object into a record being built.
fn fields(line: &str, map: &FieldMap) -> serde_json::Result<Fill> {
    let mut de = serde_json::Deserializer::from_str(line);
    let parsed = (&mut de).deserialize_map(Fields(map))?;
    de.end()?;
    Ok(parsed)
}

/// `line` with every `\uXXXX` escape of a surrogate that is not half of a pair replaced by
/// `\ufffd`, and how many; `None` when it has none.
pub(crate) fn repair_lone_surrogates(line: &str) -> Option<(String, u64)> {
    let bytes = line.as_bytes();
    let escape_at = |i: usize| -> Option<u16> {
        let hex = bytes.get(i..i + 6)?;
        if &hex[..2] != b"\\u" {
            return None;
        }
        u16::from_str_radix(std::str::from_utf8(&hex[2..]).ok()?, 16).ok()
    };
    let mut out: Option<String> = None;
    let mut repaired = 0u64;
    let (mut i, mut copied) = (0usize, 0usize);
    // `i` may pass the end when the line ends in a backslash (a JSON line cut short).
    while let Some(at) = bytes
        .get(i..)
        .and_then(|b| memchr::memchr(b'\\', b))
        .map(|p| p + i)
    {
        let Some(unit) = escape_at(at) else {
            // Another escape (`\\`, `\"`, ...): skip both bytes so `\\u` is not misread.
            i = at + 2;
            continue;
        };
        let lone = match unit {
            0xD800..=0xDBFF => match escape_at(at + 6) {
                Some(0xDC00..=0xDFFF) => {
                    i = at + 12;
                    continue;
                }
                _ => true,
            },
            0xDC00..=0xDFFF => true,
            _ => false,
        };
        if lone {
            let o = out.get_or_insert_with(|| String::with_capacity(line.len()));
            o.push_str(&line[copied..at]);
            o.push_str("\\ufffd");
            copied = at + 6;
            repaired += 1;
        }
        i = at + 6;
    }
    let mut out = out?;
    out.push_str(&line[copied..]);
    Some((out, repaired))
}

/// A top-level key, classified by the field map as it is read.
struct KeySeed<'a>(&'a FieldMap);

impl<'de> DeserializeSeed<'de> for KeySeed<'_> {
    type Value = Key;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Key, D::Error> {
        d.deserialize_str(self)
    }
}

impl Visitor<'_> for KeySeed<'_> {
    type Value = Key;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<Key, E> {
        Ok(self.0.key(s))
    }
}

/// Builds the record straight from the object, with no intermediate map.
struct Fields<'a>(&'a FieldMap);

impl<'de> Visitor<'de> for Fields<'_> {
    type Value = Fill;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Fill, A::Error> {
        let mut fill = Fill::new();
        while let Some(key) = map.next_key_seed(KeySeed(self.0))? {
            let value: Value = map.next_value()?;
            self.0.put(&mut fill, key, value);
        }
        Ok(fill)
    }
}

#[cfg(test)]
mod tests {
    use super::repair_lone_surrogates;

    #[test]
    fn lone_surrogates_become_replacement_characters_and_pairs_stay() {
        let (fixed, n) =
            repair_lone_surrogates(r#"{"text":"a\ud800b\udc00c\ud83d\ude00\\ud800"}"#).unwrap();
        assert_eq!(n, 2);
        assert_eq!(fixed, r#"{"text":"a\ufffdb\ufffdc\ud83d\ude00\\ud800"}"#);
        assert_eq!(
            repair_lone_surrogates(r#"{"text":"\ud83d\ude00 \\"}"#),
            None
        );
        let (fixed, n) = repair_lone_surrogates(r#"{"text":"end\ud800"}"#).unwrap();
        assert_eq!((fixed.as_str(), n), (r#"{"text":"end\ufffd"}"#, 1));
    }

    /// Found by the `read_jsonl` fuzz target: a malformed line whose last byte is a backslash
    /// sent the scan past the end of the line (a panic on a slice out of range).
    #[test]
    fn a_line_ending_in_a_backslash_is_not_read_past_its_end() {
        assert_eq!(repair_lone_surrogates(r#"{"text":"a\"#), None);
        assert_eq!(repair_lone_surrogates("\\"), None);
        let (fixed, n) = repair_lone_surrogates(r#"{"t":"\ud800\"#).unwrap();
        assert_eq!((fixed.as_str(), n), (r#"{"t":"\ufffd\"#, 1));
    }
}
