//! A JSON file holding one array of objects (`[{...}, {...}]`), or a sequence of objects that
//! span lines (pretty-printed, one or many, or several on a line), read one object at a time.

use ghirbal_core::Reason;
use ghirbal_core::reason::error;

use crate::jsonl::parse;
use crate::read::{Context, ReadError, ReadItem, RecordReader};
use crate::stream::Stream;

/// Reads the elements of a top-level array, or the objects of a sequence, as JSONL reads
/// lines: each object is one record (same fields, `input_offset` = the offset of its `{`), an
/// element that is not an object is `error:bad_json`, and an object over `max_record_bytes` is
/// `error:too_large`, skipped without being buffered. Memory holds one element at a time. A
/// file that ends inside the array or inside an object is `error:bad_json` after the elements
/// before it. In a sequence, objects are separated by blanks (and the record separator 0x1E
/// of JSON text sequences); bytes between objects that start no object are one
/// `error:bad_json`, and reading goes on at the next `{`.
pub(crate) struct JsonArrayReader {
    stream: Stream,
    ctx: Context,
    element: Vec<u8>,
    index: u64,
    started: bool,
    done: bool,
    /// A sequence of objects rather than one array.
    sequence: bool,
}

/// How scanning one element ended.
enum Scan {
    /// The element is in the buffer.
    Whole,
    /// It was longer than the limit; this many bytes were skipped.
    TooLong(u64),
    /// The file ended inside it.
    Cut,
}

impl JsonArrayReader {
    /// A reader of one top-level array.
    pub(crate) fn array(stream: Stream, ctx: Context) -> JsonArrayReader {
        JsonArrayReader {
            index: ctx.first_index,
            stream,
            ctx,
            element: Vec::new(),
            started: false,
            done: false,
            sequence: false,
        }
    }

    /// A reader of a sequence of objects.
    pub(crate) fn sequence(stream: Stream, ctx: Context) -> JsonArrayReader {
        JsonArrayReader {
            sequence: true,
            ..JsonArrayReader::array(stream, ctx)
        }
    }

    fn error(&mut self, reason: Reason, detail: String, offset: u64) -> ReadItem {
        ReadError::next(&mut self.index, reason, detail, offset)
    }

    /// The next byte that is not blank (and, between elements, not a comma; in a sequence, not
    /// a record separator), not consumed.
    fn peek_past(&mut self, commas: bool) -> std::io::Result<Option<u8>> {
        loop {
            let avail = self.stream.fill()?;
            let Some(&b) = avail.first() else {
                return Ok(None);
            };
            let sep = if self.sequence { 0x1e } else { b',' };
            let skip = avail
                .iter()
                .position(|&b| !(b.is_ascii_whitespace() || (commas && b == sep)))
                .unwrap_or(avail.len());
            if skip == 0 {
                return Ok(Some(b));
            }
            self.stream.consume(skip);
        }
    }

    /// Scans one JSON value into `element` up to its end: the closing bracket of an object or
    /// array, or the comma or `]` after a scalar (not consumed).
    fn scan(&mut self) -> std::io::Result<Scan> {
        self.element.clear();
        let limit = self.ctx.max_record_bytes;
        let (mut depth, mut in_string, mut escaped) = (0u32, false, false);
        let mut skipped: Option<u64> = None;
        loop {
            let avail = self.stream.fill()?;
            if avail.is_empty() {
                return Ok(Scan::Cut);
            }
            let mut end = None;
            for (i, &b) in avail.iter().enumerate() {
                if in_string {
                    match b {
                        _ if escaped => escaped = false,
                        b'\\' => escaped = true,
                        b'"' => in_string = false,
                        _ => {}
                    }
                    continue;
                }
                match b {
                    b'"' => in_string = true,
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' if depth > 0 => {
                        depth -= 1;
                        if depth == 0 {
                            end = Some(i + 1);
                            break;
                        }
                    }
                    b',' | b']' if depth == 0 => {
                        end = Some(i);
                        break;
                    }
                    _ => {}
                }
            }
            let take = end.unwrap_or(avail.len());
            match skipped.as_mut() {
                Some(n) => *n += take as u64,
                None if self.element.len() + take > limit => {
                    skipped = Some((self.element.len() + take) as u64);
                    self.element.clear();
                }
                None => self.element.extend_from_slice(&avail[..take]),
            }
            self.stream.consume(take);
            if end.is_some() {
                return Ok(match skipped {
                    Some(n) => Scan::TooLong(n),
                    None => Scan::Whole,
                });
            }
        }
    }
}

impl RecordReader for JsonArrayReader {
    fn next_item(&mut self) -> Option<ReadItem> {
        if self.done {
            return None;
        }
        let offset = self.stream.offset;
        match self.step() {
            Ok(item) => item,
            Err(e) => {
                // A sequence reads on after a skipped bomb; an array would go on in the
                // middle of itself, so it ends there.
                self.done = !(self.sequence && self.stream.goes_on());
                let reason = self.stream.error_reason();
                Some(self.error(reason, e.to_string(), offset))
            }
        }
    }

    fn bytes_read(&self) -> u64 {
        self.ctx.counters.bytes()
    }
}

impl JsonArrayReader {
    fn step(&mut self) -> std::io::Result<Option<ReadItem>> {
        if self.sequence {
            return self.step_sequence();
        }
        if !self.started {
            self.started = true;
            // `open` saw `[` first (after blanks and a byte order mark).
            if self.stream.offset == 0 && self.stream.fill()?.starts_with(b"\xEF\xBB\xBF") {
                self.stream.consume(3);
            }
            self.peek_past(false)?;
            self.stream.consume(1);
        }
        let at = self.stream.offset;
        match self.peek_past(true)? {
            None => {
                self.done = true;
                return Ok(Some(self.error(
                    error::BAD_JSON,
                    "file ends inside the array".into(),
                    at,
                )));
            }
            Some(b']') => {
                self.stream.consume(1);
                self.done = true;
                let after = self.stream.offset;
                if self.peek_past(false)?.is_some() {
                    let detail = "bytes after the closing `]`".to_owned();
                    return Ok(Some(self.error(error::BAD_JSON, detail, after)));
                }
                if self.index == 0 {
                    return Ok(Some(self.error(
                        error::EMPTY_FILE,
                        "an empty array".into(),
                        0,
                    )));
                }
                return Ok(None);
            }
            Some(_) => {}
        }
        Ok(Some(self.element_item()?))
    }

    fn step_sequence(&mut self) -> std::io::Result<Option<ReadItem>> {
        if !self.started {
            self.started = true;
            if self.stream.offset == 0 && self.stream.fill()?.starts_with(b"\xEF\xBB\xBF") {
                self.stream.consume(3);
            }
        }
        let next = self.peek_past(true)?;
        let at = self.stream.offset;
        match next {
            None => {
                self.done = true;
                if self.index == 0 {
                    let detail = format!("{} bytes, no record", self.stream.offset);
                    return Ok(Some(self.error(error::EMPTY_FILE, detail, 0)));
                }
                Ok(None)
            }
            Some(b'{' | b'[') => Ok(Some(self.element_item()?)),
            Some(b) => {
                let skipped = self.skip_to_object()?;
                let detail = format!(
                    "{skipped} bytes starting with {:?} between objects",
                    char::from(b)
                );
                Ok(Some(self.error(error::BAD_JSON, detail, at)))
            }
        }
    }

    /// Consumes bytes up to the next `{` (not consumed) or the end; returns how many.
    fn skip_to_object(&mut self) -> std::io::Result<u64> {
        let mut skipped = 0u64;
        loop {
            let avail = self.stream.fill()?;
            if avail.is_empty() {
                return Ok(skipped);
            }
            let found = memchr::memchr(b'{', avail);
            let n = found.unwrap_or(avail.len());
            skipped += n as u64;
            self.stream.consume(n);
            if found.is_some() {
                return Ok(skipped);
            }
        }
    }

    /// Scans and parses the element at the current position.
    fn element_item(&mut self) -> std::io::Result<ReadItem> {
        let at = self.stream.offset;
        Ok(match self.scan()? {
            Scan::Cut => {
                self.done = true;
                self.error(error::BAD_JSON, "file ends inside an element".into(), at)
            }
            Scan::TooLong(n) => {
                let detail = format!("element of {n} bytes, limit {}", self.ctx.max_record_bytes);
                self.error(error::TOO_LARGE, detail, at)
            }
            Scan::Whole => {
                let item = parse(&self.element, &self.ctx, self.index, at);
                self.index += 1;
                item
            }
        })
    }
}
