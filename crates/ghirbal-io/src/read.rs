//! The reader trait and [`open`], which picks a reader for a file.

use std::fs::File;
use std::io::BufRead;
use std::sync::Arc;

use ghirbal_core::reason::error;
use ghirbal_core::{Reason, Record};
use serde_json::Value;

use crate::Input;
use crate::detect::{self, Container, Format};
use crate::fields::FieldMap;
use crate::stream::{Counters, CountingFile, Stream, raw_reader};

/// Limits for readers, and where records' fields are.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// A record longer than this becomes `error:too_large` (and reading goes on after it).
    pub max_record_bytes: usize,
    /// Which input fields hold the text, id, url, title, date and source (JSON and Parquet).
    pub fields: FieldMap,
    /// A compressed file may expand to this many times the compressed bytes read...
    pub max_expansion: u64,
    /// ...once past this many decoded bytes; beyond both, `error:decompression_bomb` ends the
    /// gzip member or zstd frame, and reading goes on at the next one when there is one.
    pub expansion_floor_bytes: u64,
}

impl Default for ReadOptions {
    /// The limits of a `ghirbal run` with the default `[run]` settings, ghirbal's field names.
    fn default() -> ReadOptions {
        ReadOptions::from_run(&ghirbal_core::config::RunConfig::default())
    }
}

impl ReadOptions {
    /// The limits a `[run]` table sets, with ghirbal's field names.
    pub fn from_run(run: &ghirbal_core::config::RunConfig) -> ReadOptions {
        ReadOptions {
            max_record_bytes: run.max_record_bytes,
            fields: FieldMap::default(),
            max_expansion: run.max_expansion,
            expansion_floor_bytes: run.expansion_floor_bytes,
        }
    }
}

/// A record that could not be read, with where it was.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadError {
    /// Why (`error:*`).
    pub reason: Reason,
    /// The parser's or OS's words, with the figure that failed.
    pub detail: String,
    /// Record number within the file (counting records and errors alike, from 0).
    pub index: u64,
    /// Byte offset in the decompressed stream where the bad record starts.
    pub offset: u64,
}

impl ReadError {
    /// The next item of a file as an error: takes its record number from `index` and counts it,
    /// since errors and records share one numbering.
    pub(crate) fn next(index: &mut u64, reason: Reason, detail: String, offset: u64) -> ReadItem {
        let at = *index;
        *index += 1;
        Err(ReadError {
            reason,
            detail,
            index: at,
            offset,
        })
    }
}

/// One item from a reader.
pub type ReadItem = Result<Record, ReadError>;

/// A source of records from one input file.
///
/// Records come with `id` (from the input, else `<path relative to the argument>:<index>`), `text`, the
/// recognised fields, every other field in `metadata`, `metadata.input_file` (the input's
/// name) and `metadata.input_offset`, and `position.index`/`position.offset` set.
/// `position.file` and `position.ordinal` are left for the pipeline to fill.
pub trait RecordReader: Send {
    /// The next record or error; `None` at the end. After an `Err` the reader goes on when it
    /// can (next JSONL line; the next gzip member or zstd frame after a decompression bomb)
    /// and ends when it cannot (corrupt compression).
    fn next_item(&mut self) -> Option<ReadItem>;
    /// Steps over the next `n` items, as many calls of [`RecordReader::next_item`] would, and
    /// returns how many there were (fewer than `n` only at the end). The items after them come
    /// as they would have, numbered the same. A reader may step over an item without parsing
    /// it (JSONL does: a line whole in its buffer and not blank is one item, a record or an
    /// error); `--resume` steps over the records of the chunks a killed run finished.
    fn skip_items(&mut self, n: u64) -> u64 {
        let mut skipped = 0;
        while skipped < n && self.next_item().is_some() {
            skipped += 1;
        }
        skipped
    }
    /// Bytes of input consumed so far (on-disk bytes, for progress bars).
    fn bytes_read(&self) -> u64;
    /// Times the input's stream was re-opened after a failure (objects in storage; 0 for
    /// local files).
    fn retries(&self) -> u64 {
        0
    }
}

/// Opens `input` with the reader its content and extension call for. Never fails: a file that
/// cannot be opened gives a reader whose only item is the error.
///
/// The first bytes on disk say whether the file is gzip (`1f 8b`, one member or many), zstd
/// (`28 b5 2f fd`, one frame or many) or Parquet (`PAR1`). The first non-blank decoded bytes
/// then pick the reader: `WARC/` is WARC or WET, `{` is JSONL (unless the name ends in `.txt`),
/// `{` with a line break inside the first object (a pretty-printed object, one or many) or a
/// second object on the first line is a sequence of objects,
/// `[` then `{` is a JSON array of objects, both read one object at a time like JSONL lines,
/// a page-like `<` start (`<!doctype`, `<html`, ...) is HTML, and anything else is plain text,
/// or the format the extension names (`.jsonl`, `.json`, `.warc`, `.wet`, `.html`, `.htm`,
/// looked at through `.gz`/`.zst`) when it names one. Binary data with no such name is
/// `error:unsupported_format`; a file with nothing but whitespace is `error:empty_file`.
pub fn open(input: &Input, options: &ReadOptions) -> Box<dyn RecordReader> {
    let counters = Arc::new(Counters::default());
    let fail =
        |reason: Reason, detail: String, counters: &Arc<Counters>| -> Box<dyn RecordReader> {
            Box::new(OneError::new(reason, detail, 0, counters.clone()))
        };
    let file = if input.is_remote() {
        let object = crate::storage::get().and_then(|s| {
            s.open(&crate::storage::Object {
                url: input.path.to_string_lossy().into_owned(),
                size: input.size,
                version: None,
            })
        });
        match object {
            Ok(object) => CountingFile::object(object, counters.clone()),
            Err(e) => return fail(error::UNREADABLE, e.to_string(), &counters),
        }
    } else {
        match File::open(&input.path) {
            Ok(file) => CountingFile::new(file, counters.clone()),
            Err(e) => return fail(error::UNREADABLE, e.to_string(), &counters),
        }
    };
    let reader = open_counted(input, options, file, counters.clone(), fail);
    Box::new(Retried {
        inner: reader,
        counters,
    })
}

/// Picks and builds the reader for the counted stream `file`.
fn open_counted(
    input: &Input,
    options: &ReadOptions,
    file: CountingFile,
    counters: Arc<Counters>,
    fail: impl Fn(Reason, String, &Arc<Counters>) -> Box<dyn RecordReader>,
) -> Box<dyn RecordReader> {
    let mut raw = raw_reader(file);
    let head = match raw.fill_buf() {
        Ok(head) => head,
        Err(e) => return fail(error::UNREADABLE, e.to_string(), &counters),
    };
    if head.is_empty() {
        return fail(error::EMPTY_FILE, "0 bytes".into(), &counters);
    }
    let codec = match detect::container(head) {
        Container::Stream(codec) => codec,
        #[cfg(feature = "parquet")]
        Container::Parquet if input.is_remote() => {
            // Parquet is read by seeking: the stream opened to look at the first bytes is
            // closed, and the footer and row groups are fetched by ranged requests.
            drop(raw);
            return crate::parquet::open_remote(input, options, counters);
        }
        #[cfg(feature = "parquet")]
        Container::Parquet => return crate::parquet::open(input, options, counters),
        #[cfg(not(feature = "parquet"))]
        Container::Parquet => {
            return fail(
                error::UNSUPPORTED_FORMAT,
                "Parquet input needs the `parquet` feature".into(),
                &counters,
            );
        }
    };
    let mut stream = Stream::new(raw, codec, counters.clone());
    stream.limit_expansion(options.max_expansion, options.expansion_floor_bytes);
    // Decompression bombs met before the first content: each is an item before the reader's,
    // and the format is looked for again in the member after it.
    let mut leading = Vec::new();
    let format = loop {
        match first_content(&mut stream) {
            Ok(Some(head)) => {
                break detect::by_content(
                    &head,
                    detect::by_extension(&input.path.to_string_lossy()),
                );
            }
            Ok(None) if leading.is_empty() => {
                let detail = format!("{} bytes, all blank", stream.offset);
                return fail(error::EMPTY_FILE, detail, &counters);
            }
            Ok(None) => return Leading::boxed(leading, None, counters),
            Err(e) => {
                leading.push(ReadError {
                    reason: stream.error_reason(),
                    detail: e.to_string(),
                    index: leading.len() as u64,
                    offset: stream.offset,
                });
                if !stream.goes_on() {
                    return Leading::boxed(leading, None, counters);
                }
            }
        }
    };
    let mut ctx = Context::new(input, options, counters.clone());
    ctx.first_index = leading.len() as u64;
    let reader: Box<dyn RecordReader> = match format {
        Some(Format::Jsonl) => Box::new(crate::jsonl::JsonlReader::new(stream, ctx)),
        Some(Format::JsonArray) => Box::new(crate::json_array::JsonArrayReader::array(stream, ctx)),
        Some(Format::JsonSeq) => {
            Box::new(crate::json_array::JsonArrayReader::sequence(stream, ctx))
        }
        Some(Format::Text) => Box::new(crate::text::WholeFile::text(stream, ctx)),
        Some(Format::Html) => Box::new(crate::text::WholeFile::html(stream, ctx)),
        Some(Format::Warc) => Box::new(crate::warc::WarcReader::new(stream, ctx)),
        Some(Format::Parquet) | None => {
            let detail =
                "binary data that is not gzip, zstd, Parquet, JSONL, WARC, HTML or text".to_owned();
            let mut error = OneError::new(error::UNSUPPORTED_FORMAT, detail, 0, counters.clone());
            if let Some(e) = error.error.as_mut() {
                e.index = ctx.first_index;
            }
            Box::new(error)
        }
    };
    if leading.is_empty() {
        reader
    } else {
        Leading::boxed(leading, Some(reader), counters)
    }
}

/// How many inputs [`text_field_notice`] looks at before it gives up.
const NOTICE_PROBE_INPUTS: usize = 8;

/// One line for the start of a run when the first record read is `error:no_text`: which file,
/// and the detail (which names a common text field such as `content` when one holds text).
/// Looks at the first record of up to 8 inputs, stopping at the first record read; `None`
/// when that record has its text. Records without the text field stay `error:no_text`: the
/// field named is read only when `[input]` says so.
pub fn text_field_notice(inputs: &[Input], options: &ReadOptions) -> Option<String> {
    for input in inputs.iter().take(NOTICE_PROBE_INPUTS) {
        // A pipe or FIFO given by name is read once, by the run: looking would consume it.
        if !std::fs::metadata(&input.path).is_ok_and(|m| m.is_file()) {
            continue;
        }
        match open(input, options).next_item() {
            Some(Ok(_)) => return None,
            Some(Err(e)) if e.reason == error::NO_TEXT => {
                return Some(format!(
                    "{}: the first record is error:no_text: {}",
                    input.name, e.detail
                ));
            }
            _ => continue,
        }
    }
    None
}

/// A reader with the retry count of its stream.
struct Retried {
    inner: Box<dyn RecordReader>,
    counters: Arc<Counters>,
}

impl RecordReader for Retried {
    fn next_item(&mut self) -> Option<ReadItem> {
        self.inner.next_item()
    }

    fn skip_items(&mut self, n: u64) -> u64 {
        self.inner.skip_items(n)
    }

    fn bytes_read(&self) -> u64 {
        self.inner.bytes_read()
    }

    fn retries(&self) -> u64 {
        self.counters.retries()
    }
}

/// What every reader needs besides its stream.
pub(crate) struct Context {
    /// The input's name: `metadata.input_file`.
    pub(crate) name: String,
    /// The input's path relative to the argument it was found under: the prefix of
    /// generated ids.
    pub(crate) id_prefix: String,
    /// See [`ReadOptions::max_record_bytes`].
    pub(crate) max_record_bytes: usize,
    /// See [`ReadOptions::fields`].
    pub(crate) fields: FieldMap,
    /// Shared with the file, for [`RecordReader::bytes_read`].
    pub(crate) counters: Arc<Counters>,
    /// The number of the reader's first item: the items before it were decompression bombs
    /// met while looking for the file's first content.
    pub(crate) first_index: u64,
    /// The reader reads one part of a file ([`crate::split`]): a part with no record is no
    /// empty file.
    pub(crate) part: bool,
}

impl Context {
    pub(crate) fn new(input: &Input, options: &ReadOptions, counters: Arc<Counters>) -> Context {
        Context {
            name: input.name.clone(),
            id_prefix: input.relative.clone(),
            max_record_bytes: options.max_record_bytes,
            fields: options.fields.clone(),
            counters,
            first_index: 0,
            part: false,
        }
    }

    /// Gives `rec`, record `index` of an input that gave it no id, the id `file:index`, and
    /// marks it made so ([`Position::numbered_id`](ghirbal_core::Position::numbered_id)).
    pub(crate) fn number(&self, rec: &mut Record, index: u64) {
        rec.id = format!("{}:{index}", self.id_prefix);
        rec.position.numbered_id = true;
    }

    /// Adds `metadata.input_file` and `metadata.input_offset` and sets the position.
    pub(crate) fn place(&self, rec: &mut Record, index: u64, offset: u64) {
        rec.metadata
            .insert("input_file".into(), Value::String(self.name.clone()));
        rec.metadata
            .insert("input_offset".into(), Value::from(offset));
        rec.position.index = index;
        rec.position.offset = offset;
    }
}

/// Skips blank bytes and a UTF-8 byte order mark at the start of `stream` as far as one
/// buffer goes (only a buffer that is all blank is consumed, so text keeps its indentation),
/// and returns the first bytes after them; `None` when the stream holds nothing else.
pub(crate) fn first_content(stream: &mut Stream) -> std::io::Result<Option<Vec<u8>>> {
    const HEAD: usize = 4096;
    loop {
        let at_start = stream.offset == 0;
        let avail = stream.fill()?;
        if avail.is_empty() {
            return Ok(None);
        }
        let mut rest = avail;
        if at_start {
            rest = rest.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(rest);
        }
        match rest.iter().position(|b| !b.is_ascii_whitespace()) {
            Some(i) => return Ok(Some(rest[i..rest.len().min(i + HEAD)].to_vec())),
            None => {
                let n = avail.len();
                stream.consume(n);
            }
        }
    }
}

/// A reader that gives the decompression bombs met while looking for the first content, then
/// the items of the reader that content called for (if any).
struct Leading {
    errors: std::vec::IntoIter<ReadError>,
    inner: Option<Box<dyn RecordReader>>,
    counters: Arc<Counters>,
}

impl Leading {
    fn boxed(
        errors: Vec<ReadError>,
        inner: Option<Box<dyn RecordReader>>,
        counters: Arc<Counters>,
    ) -> Box<dyn RecordReader> {
        Box::new(Leading {
            errors: errors.into_iter(),
            inner,
            counters,
        })
    }
}

impl RecordReader for Leading {
    fn next_item(&mut self) -> Option<ReadItem> {
        match self.errors.next() {
            Some(e) => Some(Err(e)),
            None => self.inner.as_mut()?.next_item(),
        }
    }

    fn skip_items(&mut self, n: u64) -> u64 {
        let mut skipped = 0;
        while skipped < n && self.errors.len() > 0 {
            self.errors.next();
            skipped += 1;
        }
        match self.inner.as_mut() {
            Some(inner) if skipped < n => skipped + inner.skip_items(n - skipped),
            _ => skipped,
        }
    }

    fn bytes_read(&self) -> u64 {
        self.counters.bytes()
    }
}

/// A reader whose only item is one error: a file that could not be opened, was empty, or
/// whose decoder failed before the first record.
pub(crate) struct OneError {
    error: Option<ReadError>,
    counters: Arc<Counters>,
}

impl OneError {
    pub(crate) fn new(
        reason: Reason,
        detail: String,
        offset: u64,
        counters: Arc<Counters>,
    ) -> OneError {
        OneError {
            error: Some(ReadError {
                reason,
                detail,
                index: 0,
                offset,
            }),
            counters,
        }
    }
}

impl RecordReader for OneError {
    fn next_item(&mut self) -> Option<ReadItem> {
        self.error.take().map(Err)
    }

    fn bytes_read(&self) -> u64 {
        self.counters.bytes()
    }
}
