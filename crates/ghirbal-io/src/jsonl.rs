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
            stream,
            ctx,
            line: Vec::with_capacity(64 << 10),
            index: 0,
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
                    self.done = true;
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
                    self.done = true;
                    let reason = self.stream.error_reason();
                    return Some(self.error(reason, e.to_string(), start));
                }
                Ok(Line::End) => {
                    self.done = true;
                    if self.index == 0 {
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

    fn bytes_read(&self) -> u64 {
        self.ctx.counters.bytes()
    }
}

/// The item of one line (without its `\n`), or `None` for a blank line.
fn line_item(line: &[u8], ctx: &Context, index: u64, offset: u64) -> Option<ReadItem> {
    let mut bytes = line.strip_suffix(b"\r").unwrap_or(line);
    if offset == 0 {
        bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return None;
    }
    Some(parse(bytes, ctx, index, offset))
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
    let mut de = serde_json::Deserializer::from_str(line);
    let parsed = (&mut de)
        .deserialize_map(Fields(&ctx.fields))
        .and_then(|r| de.end().map(|()| r));
    let Fill {
        mut rec,
        has_text,
        has_id,
        ..
    } = match parsed {
        Ok(parsed) => parsed,
        Err(e) => return Err(fail(error::BAD_JSON, e.to_string())),
    };
    if !has_text {
        return Err(fail(error::NO_TEXT, ctx.fields.no_text_detail(&rec)));
    }
    if !has_id {
        rec.id = ctx.default_id(index);
    }
    ctx.place(&mut rec, index, offset);
    Ok(rec)
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
