//! WARC and WET records, one streaming reader for both.
//!
//! Compression is the stream layer's business: gzip per record, whole-file gzip, zstd and
//! plain files all arrive here as one decoded stream.

use std::io::{self, Read};

use ghirbal_core::reason::error;
use ghirbal_core::{Body, Reason, Record};
use serde_json::Value;

use crate::read::{Context, ReadError, ReadItem, RecordReader};
use crate::stream::{Line, Stream};

/// Longest header line; a longer one is not a WARC header.
const MAX_HEADER_LINE: usize = 64 << 10;
/// Most header bytes in one record; beyond it the record is `error:bad_warc`.
const MAX_HEADER_BYTES: usize = 1 << 20;

/// Reads WARC/1.0, 1.1 and 0.x records (WET files are WARC files of `conversion` records).
///
/// Each record becomes a [`Record`] with `metadata.warc_type`, `url` (`WARC-Target-URI`
/// without wget's angle brackets), `crawl_date` (`WARC-Date`) and `id` (`WARC-Record-ID` without
/// its angle brackets, so `urn:uuid:...`; `<input name>:<index>` when missing):
/// - `conversion` (WET): `text` is the block. Invalid UTF-8 is decoded lossily and flagged
///   with `metadata.utf8_repaired = true`.
/// - `response`: the HTTP status line and headers are parsed (`metadata.http_status`) and the
///   payload goes to `body` (`content_type` from HTTP, `fetched` = `WARC-Date`), de-chunked
///   when `Transfer-Encoding: chunked`, and decoded when `Content-Encoding` is gzip or
///   deflate; a payload that does not decode (or `br`) is left as stored, with
///   `metadata.http_content_encoding` naming the encoding. A response without an HTTP envelope
///   (a `dns:` record) keeps its block as the body.
/// - `resource`: the block is the body, with the record's `Content-Type`.
/// - every other type (`warcinfo`, `request`, `metadata`, `revisit`, ...): empty text, no
///   body; the extract stage rejects them with a counted reason.
///
/// `Content-Length` is trusted first; when the bytes after a block are not blank lines and
/// a `WARC/` line, the length was short, the bytes up to the next `WARC/` line are added to
/// the block and `metadata.warc_length_repaired = true`; a length that runs past the end of
/// the file over later records is cut at the next `WARC/` line the same way. Bytes before
/// the first record are one
/// `error:bad_warc`. A record cut short by the end of the file is `error:bad_warc` and ends
/// the file; a block over `max_record_bytes` is `error:too_large` and reading goes on, and
/// so it does after a decompression bomb when a gzip member or zstd frame follows it.
pub(crate) struct WarcReader {
    stream: Stream,
    ctx: Context,
    line: Vec<u8>,
    /// A version line already read (with its offset) while looking past the previous block.
    pending: Option<(Vec<u8>, u64)>,
    /// An error met after a complete record, reported after it, and whether it ends the file.
    deferred: Option<((Reason, String, u64), bool)>,
    index: u64,
    done: bool,
}

/// One record's named fields, in order, names as written.
struct Headers(Vec<(String, String)>);

impl Headers {
    fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// What went wrong at some point of a record: the reason, the words, whether reading can go on.
struct Fault {
    reason: Reason,
    detail: String,
    fatal: bool,
}

impl WarcReader {
    pub(crate) fn new(stream: Stream, ctx: Context) -> WarcReader {
        WarcReader {
            index: ctx.first_index,
            stream,
            ctx,
            line: Vec::with_capacity(1024),
            pending: None,
            deferred: None,
            done: false,
        }
    }

    fn item(&mut self, result: Result<Record, (Reason, String, u64)>) -> ReadItem {
        let index = self.index;
        self.index += 1;
        match result {
            Ok(mut rec) => {
                let offset = rec.position.offset;
                if rec.id.is_empty() {
                    self.ctx.number(&mut rec, index);
                }
                self.ctx.place(&mut rec, index, offset);
                Ok(rec)
            }
            Err((reason, detail, offset)) => Err(ReadError {
                reason,
                detail,
                index,
                offset,
            }),
        }
    }

    fn io_fault(&self, e: &io::Error) -> Fault {
        Fault {
            reason: self.stream.error_reason(),
            detail: e.to_string(),
            // Reading goes on at the next gzip member or zstd frame after a bomb.
            fatal: !self.stream.goes_on(),
        }
    }

    /// Finds the next version line. Returns it with its offset, and how many bytes of
    /// something else came before it (and where they started).
    #[allow(clippy::type_complexity)]
    fn find_record(&mut self) -> Result<(Option<(Vec<u8>, u64)>, u64, u64), Fault> {
        if let Some(found) = self.pending.take() {
            return Ok((Some(found), 0, 0));
        }
        let (mut junk, mut junk_at) = (0u64, 0u64);
        loop {
            let at = self.stream.offset;
            let line = self
                .stream
                .read_line(&mut self.line, MAX_HEADER_LINE)
                .map_err(|e| self.io_fault(&e))?;
            let len = self.stream.offset - at;
            match line {
                Line::End => return Ok((None, junk, junk_at)),
                Line::Read if self.line.starts_with(b"WARC/") => {
                    return Ok((Some((std::mem::take(&mut self.line), at)), junk, junk_at));
                }
                Line::Read if is_blank(&self.line) => {}
                Line::Read | Line::TooLong(_) => {
                    if junk == 0 {
                        junk_at = at;
                    }
                    junk += len;
                }
            }
        }
    }

    /// Reads the named fields after the version line, up to the blank line.
    fn read_headers(&mut self) -> Result<Headers, Fault> {
        let mut headers: Vec<(String, String)> = Vec::with_capacity(16);
        let mut total = 0;
        loop {
            let line = self
                .stream
                .read_line(&mut self.line, MAX_HEADER_LINE)
                .map_err(|e| self.io_fault(&e))?;
            let bad = |detail: &str, fatal| Fault {
                reason: error::BAD_WARC,
                detail: detail.to_owned(),
                fatal,
            };
            match line {
                Line::End => return Err(bad("file ends inside the record's header", true)),
                Line::TooLong(n) => return Err(bad(&format!("header line of {n} bytes"), false)),
                Line::Read => {}
            }
            total += self.line.len();
            if total > MAX_HEADER_BYTES {
                return Err(bad(
                    &format!("header of more than {MAX_HEADER_BYTES} bytes"),
                    false,
                ));
            }
            let line = trim_cr(&self.line);
            if line.is_empty() {
                return Ok(Headers(headers));
            }
            if matches!(line[0], b' ' | b'\t') {
                // A folded line continues the previous value.
                if let Some((_, value)) = headers.last_mut() {
                    value.push(' ');
                    value.push_str(String::from_utf8_lossy(line).trim());
                }
                continue;
            }
            if let Some(colon) = memchr::memchr(b':', line) {
                let name = String::from_utf8_lossy(&line[..colon]).trim().to_owned();
                let value = String::from_utf8_lossy(&line[colon + 1..])
                    .trim()
                    .to_owned();
                headers.push((name, value));
            }
        }
    }

    /// Reads the block, and past it up to the next version line; bytes that are not blank
    /// lines there belong to the block (its length was short). Returns the block and whether
    /// it was repaired so.
    fn read_block(&mut self, length: Option<u64>, start: u64) -> Result<(Vec<u8>, bool), Fault> {
        let max = self.ctx.max_record_bytes;
        let mut block = Vec::new();
        let mut too_large = None;
        let block_start = self.stream.offset;
        if let Some(length) = length {
            if length > max as u64 {
                let got = self.stream.skip(length).map_err(|e| self.io_fault(&e))?;
                too_large = Some(length);
                if got < length {
                    return Err(truncated(got, length));
                }
            } else {
                block.reserve(length as usize);
                let got = self
                    .stream
                    .read_up_to(&mut block, length)
                    .map_err(|e| self.io_fault(&e))?;
                if got < length {
                    // A length past the end of the file that ran over later records: the
                    // block ends where the next record starts, and that record is read again.
                    if let Some(p) = memchr::memmem::find(&block, b"\nWARC/") {
                        let back = block.split_off(p + 1);
                        self.stream.unread(back, block_start + p as u64 + 1);
                        for sep in [&b"\r\n\r\n"[..], b"\n\n"] {
                            if block.ends_with(sep) {
                                block.truncate(block.len() - sep.len());
                                break;
                            }
                        }
                        return Ok((block, true));
                    }
                    return Err(truncated(got, length));
                }
            }
        }
        let mut repaired = false;
        let mut blanks: Vec<u8> = Vec::new();
        loop {
            let at = self.stream.offset;
            let line = match self.stream.read_line(&mut self.line, MAX_HEADER_LINE) {
                Ok(line) => line,
                Err(e) => {
                    // The record is whole; the damage after it is reported next.
                    let fault = self.io_fault(&e);
                    self.deferred = Some(((fault.reason, fault.detail, at), fault.fatal));
                    break;
                }
            };
            match line {
                Line::End => break,
                Line::Read if self.line.starts_with(b"WARC/") => {
                    self.pending = Some((std::mem::take(&mut self.line), at));
                    break;
                }
                Line::Read if is_blank(&self.line) => {
                    blanks.extend_from_slice(&self.line);
                    blanks.push(b'\n');
                }
                Line::Read | Line::TooLong(_) => {
                    repaired = true;
                    let fits = block.len() + blanks.len() + self.line.len() < max;
                    if line == Line::Read && fits && too_large.is_none() {
                        block.append(&mut blanks);
                        block.extend_from_slice(&self.line);
                        block.push(b'\n');
                    } else if too_large.is_none() {
                        too_large = Some(block.len() as u64 + (self.stream.offset - at));
                    }
                    blanks.clear();
                }
            }
        }
        if let Some(n) = too_large {
            return Err(Fault {
                reason: error::TOO_LARGE,
                detail: format!(
                    "{RECORD_AT}{start} has a block of at least {n} bytes, limit {max}"
                ),
                fatal: false,
            });
        }
        if repaired {
            let declared = usize::try_from(length.unwrap_or(0))
                .unwrap_or(usize::MAX)
                .min(block.len());
            if let Some(p) = memchr::memmem::find(&block[..declared], b"\nWARC/") {
                // The length was long: the block ran into the next record. Give that record
                // (and whatever was read after it) back to be read again.
                let mut back = block.split_off(p + 1);
                if let Some((line, _)) = self.pending.take() {
                    back.extend_from_slice(&line);
                    back.push(b'\n');
                }
                self.stream.unread(back, block_start + p as u64 + 1);
            }
            // The separator after a repaired block ends its last line.
            if block.ends_with(b"\r\n") {
                block.truncate(block.len() - 2);
            } else if block.ends_with(b"\n") {
                block.pop();
            }
        }
        Ok((block, repaired))
    }

    fn read_record(&mut self, version: &[u8], start: u64) -> Result<Record, Fault> {
        let headers = self.read_headers()?;
        // WARC 0.x before 0.17 puts length, type, URI, date and id on the version line.
        let old: Vec<String> = String::from_utf8_lossy(trim_cr(version))
            .split_ascii_whitespace()
            .map(str::to_owned)
            .collect();
        let old_field = |i: usize| old.get(i).map(String::as_str);
        let length = headers
            .get("Content-Length")
            .or(old_field(1))
            .and_then(|v| v.trim().parse::<u64>().ok());
        let (block, repaired) = self.read_block(length, start)?;
        let warc_type = headers
            .get("WARC-Type")
            .or(old_field(2))
            .unwrap_or("")
            .to_owned();
        let mut rec = Record::new(String::new(), String::new());
        rec.position.offset = start;
        if let Some(id) = headers.get("WARC-Record-ID").or(old_field(5)) {
            rec.id = strip_brackets(id).to_owned();
        }
        rec.url = headers
            .get("WARC-Target-URI")
            .or(old_field(3))
            .map(|u| strip_brackets(u).to_owned())
            .filter(|u| !u.is_empty());
        // The capture time, not a publication date: extraction looks for that in the page.
        rec.crawl_date = headers.get("WARC-Date").or(old_field(4)).map(str::to_owned);
        rec.metadata
            .insert("warc_type".into(), Value::String(warc_type.clone()));
        if length.is_none() {
            rec.metadata
                .insert("warc_length_missing".into(), Value::Bool(true));
        }
        if repaired {
            rec.metadata
                .insert("warc_length_repaired".into(), Value::Bool(true));
        }
        if let Some(lang) = headers.get("WARC-Identified-Content-Language") {
            rec.metadata.insert(
                "warc_content_language".into(),
                Value::String(lang.to_owned()),
            );
        }
        match warc_type.to_ascii_lowercase().as_str() {
            "conversion" => match String::from_utf8(block) {
                Ok(text) => rec.text = text,
                Err(e) => {
                    rec.text = String::from_utf8_lossy(e.as_bytes()).into_owned();
                    rec.metadata
                        .insert("utf8_repaired".into(), Value::Bool(true));
                }
            },
            "response" if block.starts_with(b"HTTP/") => {
                let http = parse_http(&block);
                rec.metadata.insert(
                    "http_status".into(),
                    http.status.map_or(Value::Null, Value::from),
                );
                let payload = &block[http.body_start..];
                let (bytes, undecoded) = decode_payload(payload, &http, self.ctx.max_record_bytes);
                if let Some(encoding) = undecoded {
                    rec.metadata
                        .insert("http_content_encoding".into(), Value::String(encoding));
                }
                rec.body = Some(Body {
                    bytes,
                    content_type: http.content_type,
                    fetched: rec.crawl_date.clone(),
                });
            }
            "response" | "resource" => {
                rec.body = Some(Body {
                    bytes: block,
                    content_type: headers.get("Content-Type").map(str::to_owned),
                    fetched: rec.crawl_date.clone(),
                });
            }
            _ => {}
        }
        Ok(rec)
    }
}

impl RecordReader for WarcReader {
    fn next_item(&mut self) -> Option<ReadItem> {
        if let Some((deferred, fatal)) = self.deferred.take() {
            self.done = fatal;
            return Some(self.item(Err(deferred)));
        }
        if self.done {
            return None;
        }
        let (found, junk, junk_at) = match self.find_record() {
            Ok(found) => found,
            Err(fault) => {
                self.done = fault.fatal;
                return Some(self.item(Err((fault.reason, fault.detail, self.stream.offset))));
            }
        };
        if junk > 0 {
            // Report the stray bytes now and read the record at the next call.
            self.pending = found;
            if self.pending.is_none() {
                self.done = true;
            }
            let detail = format!("{junk} bytes that are not a WARC record");
            return Some(self.item(Err((error::BAD_WARC, detail, junk_at))));
        }
        let Some((version, start)) = found else {
            self.done = true;
            if self.index == 0 && !self.ctx.part {
                let detail = "no WARC record".to_owned();
                return Some(self.item(Err((error::BAD_WARC, detail, 0))));
            }
            return None;
        };
        match self.read_record(&version, start) {
            Ok(rec) => Some(self.item(Ok(rec))),
            Err(fault) => {
                self.done |= fault.fatal;
                Some(self.item(Err((fault.reason, fault.detail, start))))
            }
        }
    }

    fn bytes_read(&self) -> u64 {
        self.ctx.counters.bytes()
    }
}

/// How an error's detail names the record's decoded offset (see [`shift_detail`]).
const RECORD_AT: &str = "record at ";

/// `detail` of an error read in a part whose decoded offsets count from the part's start,
/// with the offset it names moved by `shift` ([`crate::split`]); `None` when it names none.
pub(crate) fn shift_detail(detail: &str, shift: u64) -> Option<String> {
    let rest = detail.strip_prefix(RECORD_AT)?;
    let digits = rest
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(rest.len());
    let at: u64 = rest[..digits].parse().ok()?;
    Some(format!("{RECORD_AT}{}{}", at + shift, &rest[digits..]))
}

fn truncated(got: u64, length: u64) -> Fault {
    Fault {
        reason: error::BAD_WARC,
        detail: format!("record cut short: {got} of {length} block bytes"),
        fatal: true,
    }
}

fn is_blank(line: &[u8]) -> bool {
    line.iter().all(|b| matches!(b, b'\r' | b' ' | b'\t'))
}

fn trim_cr(line: &[u8]) -> &[u8] {
    line.strip_suffix(b"\r").unwrap_or(line)
}

fn strip_brackets(s: &str) -> &str {
    let s = s.trim();
    s.strip_prefix('<')
        .and_then(|s| s.strip_suffix('>'))
        .unwrap_or(s)
}

/// The parts of an HTTP response envelope the reader uses.
struct Http {
    status: Option<u16>,
    content_type: Option<String>,
    chunked: bool,
    content_encoding: Option<String>,
    body_start: usize,
}

/// Parses the status line and headers (lines may end in CRLF or LF alone).
fn parse_http(block: &[u8]) -> Http {
    let mut http = Http {
        status: None,
        content_type: None,
        chunked: false,
        content_encoding: None,
        body_start: block.len(),
    };
    let mut pos = 0;
    let mut first = true;
    while pos < block.len() {
        let end = memchr::memchr(b'\n', &block[pos..]).map_or(block.len(), |i| pos + i);
        let line = trim_cr(&block[pos..end]);
        pos = (end + 1).min(block.len());
        if first {
            first = false;
            http.status = std::str::from_utf8(line)
                .ok()
                .and_then(|l| l.split_ascii_whitespace().nth(1))
                .and_then(|s| s.parse().ok());
            continue;
        }
        if line.is_empty() {
            http.body_start = pos;
            break;
        }
        let Some(colon) = memchr::memchr(b':', line) else {
            continue;
        };
        let name = String::from_utf8_lossy(&line[..colon]);
        let value = String::from_utf8_lossy(&line[colon + 1..])
            .trim()
            .to_owned();
        match name.trim().to_ascii_lowercase().as_str() {
            "content-type" => http.content_type = Some(value),
            "transfer-encoding" => http.chunked = value.to_ascii_lowercase().contains("chunked"),
            "content-encoding" if !value.is_empty() && !value.eq_ignore_ascii_case("identity") => {
                http.content_encoding = Some(value);
            }
            _ => {}
        }
    }
    http
}

/// The payload de-chunked and decoded where it can be, and the content encoding that was
/// left in place, if any.
fn decode_payload(payload: &[u8], http: &Http, max: usize) -> (Vec<u8>, Option<String>) {
    let dechunked = if http.chunked { dechunk(payload) } else { None };
    let bytes = dechunked.as_deref().unwrap_or(payload);
    let Some(encoding) = http.content_encoding.as_deref() else {
        return (bytes.to_vec(), None);
    };
    let mut out = Vec::new();
    let limit = max as u64 + 1;
    let decoded = match encoding.to_ascii_lowercase().as_str() {
        "gzip" | "x-gzip" => flate2::read::MultiGzDecoder::new(bytes)
            .take(limit)
            .read_to_end(&mut out),
        "deflate" => {
            // Servers send zlib-wrapped and raw deflate alike under this name.
            flate2::read::ZlibDecoder::new(bytes)
                .take(limit)
                .read_to_end(&mut out)
                .or_else(|_| {
                    out.clear();
                    flate2::read::DeflateDecoder::new(bytes)
                        .take(limit)
                        .read_to_end(&mut out)
                })
        }
        _ => Err(io::Error::other("not decoded")),
    };
    match decoded {
        // Nothing out of something is a failed decode too.
        Ok(_) if out.len() <= max && (!out.is_empty() || bytes.is_empty()) => (out, None),
        _ => (bytes.to_vec(), Some(encoding.to_owned())),
    }
}

/// Joins the chunks of a chunked body; `None` when the framing is broken (the body is then
/// kept as stored). A missing final chunk is tolerated.
fn dechunk(mut rest: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(rest.len());
    loop {
        let end = memchr::memchr(b'\n', rest)?;
        let size_line = std::str::from_utf8(trim_cr(&rest[..end])).ok()?;
        let size_hex = size_line.split(';').next()?.trim();
        if size_hex.is_empty() {
            // A stray blank line between chunks.
            rest = &rest[end + 1..];
            if rest.is_empty() {
                return Some(out);
            }
            continue;
        }
        let size = usize::from_str_radix(size_hex, 16).ok()?;
        rest = &rest[end + 1..];
        if size == 0 {
            return Some(out);
        }
        if size > rest.len() {
            // Cut short: keep what is there.
            out.extend_from_slice(rest);
            return Some(out);
        }
        out.extend_from_slice(&rest[..size]);
        rest = &rest[size..];
        rest = rest
            .strip_prefix(b"\r\n")
            .or_else(|| rest.strip_prefix(b"\n"))
            .unwrap_or(rest);
        if rest.is_empty() {
            return Some(out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunked_body_is_joined() {
        assert_eq!(
            dechunk(b"4\r\nWiki\r\n5;ext=1\r\npedia\r\n0\r\n\r\n").unwrap(),
            b"Wikipedia"
        );
        assert_eq!(dechunk(b"3\r\nabc").unwrap(), b"abc");
        assert!(dechunk(b"zz\r\nabc").is_none());
    }

    #[test]
    fn http_headers_with_lf_only_parse() {
        let block =
            b"HTTP/1.1 404 Not Found\nContent-Type: text/html\nTransfer-Encoding: chunked\n\nbody";
        let http = parse_http(block);
        assert_eq!(http.status, Some(404));
        assert_eq!(http.content_type.as_deref(), Some("text/html"));
        assert!(http.chunked);
        assert_eq!(&block[http.body_start..], b"body");
    }
}
