//! Cutting one input file into parts that readers read on their own, so that several tasks
//! share a large file and each reads only its own share of it.
//!
//! Part `k` of `n` of a file of `S` bytes starts at the first record boundary at or after byte
//! `k·S/n` and ends where part `k + 1` starts: every record is in exactly one part, the one
//! its first byte falls in (a record that starts exactly at `k·S/n` is part `k`'s), and a
//! record that straddles a cut is read whole by the part it starts in. Each part finds both
//! of its ends itself ([`find_part`]) with the same rule, so the parts agree without talking.
//! A part whose range holds no boundary (inside one huge line) is empty.
//!
//! - JSONL (uncompressed): boundaries are line starts ([`line_start`]).
//! - WARC and WET (uncompressed): a `WARC/1.` line after a blank line whose record's
//!   `Content-Length` ends at a record separator and the next record or the end
//!   ([`warc_record`]).
//! - WARC and WET gzip with one member per record (Common Crawl's layout): a gzip member
//!   header that inflates to `WARC/` ([`gzip_member`]); a file whose first member is larger
//!   than a part is one gzip stream, not cut.
//! - Parquet: row groups, each part taking its share ([`Part::RowGroups`]).
//!
//! An object in storage is cut as a file is, by ranged requests
//! ([`RangedObject`](crate::ranged::RangedObject), each reader pinned to the version of its
//! first answer): the boundary finders seek in windows of at most `FIND_WINDOW`, and a part
//! reads its bytes in windows of 4 MiB that stop at its end, never the whole object. (Without
//! the `parquet` feature, which brings the ranged reader, objects are read whole.)
//!
//! Everything else cannot be cut by bytes without reading what comes before ([`find_part`]
//! says why): one gzip member or zstd frame, JSON arrays, pretty-printed objects, and text and
//! HTML files (one record each); a caller then reads the whole file in each part.
//!
//! A part numbers its records from 0 ([`open_part`]): record indexes, the ids made from them
//! ([`Position::numbered_id`](ghirbal_core::Position::numbered_id)) and, for gzip, decoded
//! offsets are made the file's once the parts before are counted ([`PartReader::decoded`]);
//! damage that ends the file ends only its part ([`PartReader::ended_early`]), and the parts
//! after it are the caller's to leave out.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Seek, SeekFrom};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::detect::{self, Container, Format};
use crate::read::{Context, RecordReader};
use crate::stream::{Codec, Counters, CountingFile, Stream, raw_reader};
use crate::{Input, ReadItem, ReadOptions};

/// What the records of a byte-range part are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// Lines of uncompressed JSONL.
    Line,
    /// Records of an uncompressed WARC or WET file.
    WarcRecord,
    /// gzip members of a WARC or WET file with one member per record.
    GzipMember,
}

/// One part of an input file, read on its own by [`open_part`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Part {
    /// Bytes `start..end` of the file: whole records of `unit`.
    Bytes {
        /// First byte, a record boundary.
        start: u64,
        /// The next part's first byte (or the file's size).
        end: u64,
        /// What the bytes hold.
        unit: Unit,
    },
    /// Row groups `first..end` of a Parquet file, `rows` rows in all.
    RowGroups {
        /// First row group.
        first: usize,
        /// The next part's first row group.
        end: usize,
        /// Rows in these row groups.
        rows: u64,
    },
}

impl Part {
    /// On-disk bytes of the file the part covers (row groups: 0, not known from the plan).
    pub fn bytes(&self) -> u64 {
        match self {
            Part::Bytes { start, end, .. } => end - start,
            Part::RowGroups { .. } => 0,
        }
    }

    /// Whether the records' `offset`s are the file's own (uncompressed bytes); otherwise they
    /// count from the part's start (decoded bytes of gzip, rows of Parquet) and the parts
    /// before this one must be added ([`PartReader::decoded`]).
    pub fn offsets_are_the_files(&self) -> bool {
        matches!(
            self,
            Part::Bytes {
                unit: Unit::Line | Unit::WarcRecord,
                ..
            }
        )
    }
}

/// Where part `part` (from 0) of `parts` of the file or object `input` lies; `Ok(Err(why))`
/// when the file cannot be cut (then each part must read the whole file). Reads the file's first
/// bytes (to know its format) and a little at each end of the part; the same for every part
/// of one unchanged file. An I/O error is an `Err`: the parts of one file must not be cut
/// two ways, so a part whose reading failed must fail, not read the whole file.
pub fn find_part(
    input: &Input,
    options: &ReadOptions,
    part: u64,
    parts: u64,
) -> io::Result<Result<Part, String>> {
    match Place::of(input)? {
        Ok(place) => find_part_in(input, options, part, parts, place),
        Err(why) => Ok(Err(why)),
    }
}

/// [`find_part`] of the input at `place`.
fn find_part_in(
    input: &Input,
    options: &ReadOptions,
    part: u64,
    parts: u64,
    place: Place,
) -> io::Result<Result<Part, String>> {
    let parts = parts.max(1);
    if part >= parts {
        return Err(io::Error::other(format!("no part {part} of {parts}")));
    }
    let place = place.finding();
    if input.is_remote() && input.size == 0 {
        // Cuts are shares of the size: an object listed without one is read whole.
        return Ok(Err("the store gave no size for it: it is read whole".into()));
    }
    let shape = match shape(input, options, place)? {
        Ok(shape) => shape,
        Err(why) => return Ok(Err(why)),
    };
    Ok(Ok(match shape {
        Shape::Bytes(unit) => {
            let (mut file, size) = place.seekable(input)?;
            let cut =
                |k: u64| -> u64 { (u128::from(size) * u128::from(k) / u128::from(parts)) as u64 };
            let mut boundary = |k: u64| -> io::Result<u64> {
                if k == 0 {
                    return Ok(0);
                }
                if k == parts {
                    return Ok(size);
                }
                match unit {
                    Unit::Line => line_start(&mut file, cut(k)),
                    Unit::WarcRecord => warc_record(&mut file, cut(k)),
                    Unit::GzipMember => gzip_member(&mut file, cut(k)),
                }
            };
            let start = boundary(part)?;
            let end = boundary(part + 1)?.max(start);
            Part::Bytes { start, end, unit }
        }
        #[cfg(feature = "parquet")]
        Shape::Parquet(groups) => {
            let n = groups.len() as u64;
            let first = (n * part / parts) as usize;
            let end = (n * (part + 1) / parts) as usize;
            Part::RowGroups {
                first,
                end,
                rows: groups[first..end].iter().sum(),
            }
        }
    }))
}

/// Where an input's bytes are: a local file, or an object in storage read by ranged requests
/// of at most `window` bytes.
#[derive(Clone, Copy)]
enum Place {
    Local,
    #[cfg(feature = "parquet")]
    Remote {
        storage: &'static dyn crate::storage::Storage,
        window: u64,
    },
}

/// The most of an object one request asks for while a part looks for its ends: the search
/// reads a little past each cut, not a part's worth.
#[cfg(feature = "parquet")]
const FIND_WINDOW: u64 = 256 << 10;

impl Place {
    /// Where `input` is; `Ok(Err(why))` when an object cannot be read in ranges.
    fn of(input: &Input) -> io::Result<Result<Place, String>> {
        if !input.is_remote() {
            return Ok(Ok(Place::Local));
        }
        #[cfg(feature = "parquet")]
        {
            Ok(Ok(Place::Remote {
                storage: crate::storage::get()?,
                window: crate::ranged::WINDOW_BYTES,
            }))
        }
        #[cfg(not(feature = "parquet"))]
        Ok(Err(
            "an object in storage is cut through the ranged reader of the `parquet` feature: \
             it is read whole"
                .into(),
        ))
    }

    /// The object `input` read in windows of `window` bytes that stay inside `span`.
    #[cfg(feature = "parquet")]
    fn object(
        storage: &'static dyn crate::storage::Storage,
        input: &Input,
        window: u64,
        span: std::ops::Range<u64>,
        counters: Arc<Counters>,
    ) -> crate::ranged::RangedObject {
        crate::ranged::RangedObject::windowed(storage, stored(input), counters, window, span)
    }

    /// The place as a part looks for its ends there: an object in windows of at most
    /// [`FIND_WINDOW`].
    fn finding(self) -> Place {
        match self {
            Place::Local => Place::Local,
            #[cfg(feature = "parquet")]
            Place::Remote { storage, window } => Place::Remote {
                storage,
                window: window.min(FIND_WINDOW),
            },
        }
    }

    /// The input's bytes to look for a part's ends in, and their size.
    fn seekable(self, input: &Input) -> io::Result<(Seekable, u64)> {
        match self {
            Place::Local => {
                let file = File::open(&input.path)?;
                let size = file.metadata()?.len();
                Ok((Seekable::File(file), size))
            }
            #[cfg(feature = "parquet")]
            Place::Remote { storage, window } => {
                let counters = Arc::new(Counters::default());
                let object = Place::object(storage, input, window, 0..input.size, counters);
                Ok((Seekable::Object(object.read_from(0)), input.size))
            }
        }
    }

    /// Bytes `start..end` of the input, counted, as if they were the whole input.
    fn range(
        self,
        input: &Input,
        start: u64,
        end: u64,
        counters: Arc<Counters>,
    ) -> io::Result<CountingFile> {
        match self {
            Place::Local => CountingFile::range(File::open(&input.path)?, start, end, counters),
            #[cfg(feature = "parquet")]
            Place::Remote { storage, window } => {
                let object = Place::object(storage, input, window, start..end, counters.clone());
                Ok(CountingFile::ranged(&object, start, end, counters))
            }
        }
    }
}

/// The object `input` names, with the size its listing gave.
#[cfg(feature = "parquet")]
fn stored(input: &Input) -> crate::storage::Object {
    crate::storage::Object {
        url: input.path.to_string_lossy().into_owned(),
        size: input.size,
        version: None,
    }
}

/// An input's bytes to seek in: a file, or an object read by ranged requests.
enum Seekable {
    File(File),
    #[cfg(feature = "parquet")]
    Object(crate::ranged::RangedRead),
}

impl Read for Seekable {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Seekable::File(f) => f.read(buf),
            #[cfg(feature = "parquet")]
            Seekable::Object(o) => o.read(buf),
        }
    }
}

impl Seek for Seekable {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        match self {
            Seekable::File(f) => f.seek(to),
            #[cfg(feature = "parquet")]
            Seekable::Object(o) => o.seek(to),
        }
    }
}

/// What a file can be cut into.
enum Shape {
    Bytes(Unit),
    /// Rows per row group.
    #[cfg(feature = "parquet")]
    Parquet(Vec<u64>),
}

/// The file's format as [`crate::open`] finds it, and how it can be cut (or why not).
fn shape(input: &Input, options: &ReadOptions, place: Place) -> io::Result<Result<Shape, String>> {
    let counters = Arc::new(Counters::default());
    let (seekable, size) = place.seekable(input)?;
    let file = match seekable {
        Seekable::File(file) => CountingFile::new(file, counters.clone()),
        #[cfg(feature = "parquet")]
        Seekable::Object(_) => place.range(input, 0, size, counters.clone())?,
    };
    let mut raw = raw_reader(file);
    let head = raw.fill_buf()?;
    let codec = match detect::container(head) {
        Container::Stream(codec) => codec,
        #[cfg(feature = "parquet")]
        Container::Parquet => {
            let groups = match place {
                Place::Local => crate::parquet::row_groups(File::open(&input.path)?),
                Place::Remote { storage, .. } => {
                    let object = crate::ranged::RangedObject::new(storage, stored(input), counters);
                    let groups = crate::parquet::row_groups(object.clone());
                    // A request that failed is no damaged footer: the part fails.
                    if let Some(failure) = object.failure() {
                        return Err(io::Error::other(failure));
                    }
                    groups
                }
            };
            return Ok(groups
                .map(Shape::Parquet)
                .map_err(|e| format!("its footer does not read: {e}")));
        }
        #[cfg(not(feature = "parquet"))]
        Container::Parquet => return Ok(Err("Parquet input needs the `parquet` feature".into())),
    };
    let mut stream = Stream::new(raw, codec, counters);
    stream.limit_expansion(options.max_expansion, options.expansion_floor_bytes);
    let head = match crate::read::first_content(&mut stream) {
        Ok(Some(head)) => head,
        Ok(None) => return Ok(Err("no content".into())),
        Err(e) => return Ok(Err(format!("its start does not decode: {e}"))),
    };
    let format = detect::by_content(&head, detect::by_extension(&input.path.to_string_lossy()));
    Ok(match (codec, format) {
        (Codec::Plain, Some(Format::Jsonl)) => Ok(Shape::Bytes(Unit::Line)),
        (Codec::Plain, Some(Format::Warc)) => Ok(Shape::Bytes(Unit::WarcRecord)),
        (Codec::Gzip, Some(Format::Warc)) => {
            let (mut file, _) = place.seekable(input)?;
            // A first member of at most half the file leaves others to find; a file of one
            // member never passes.
            if first_member_within(&mut file, size / 2)? {
                Ok(Shape::Bytes(Unit::GzipMember))
            } else {
                Err("gzip WARC in one member (not one per record): it is read whole".into())
            }
        }
        (Codec::Gzip, _) => Err("one gzip stream: it is read whole".into()),
        (Codec::Zstd, _) => Err("zstd: frames are not cut at yet; it is read whole".into()),
        (Codec::Plain, Some(Format::JsonArray | Format::JsonSeq)) => {
            Err("JSON objects that are not one per line: it is read whole".into())
        }
        (Codec::Plain, _) => Err("one record per file (text or HTML): it is read whole".into()),
    })
}

/// Whether the file's first gzip member ends within its first `limit` bytes, and within
/// 64 MiB decoded.
fn first_member_within<F: Read + Seek>(file: &mut F, limit: u64) -> io::Result<bool> {
    file.seek(SeekFrom::Start(0))?;
    let mut decoder =
        flate2::bufread::GzDecoder::new(BufReader::new(Read::by_ref(file).take(limit)));
    let mut capped = Read::by_ref(&mut decoder).take(64 << 20);
    if io::copy(&mut capped, &mut io::sink()).is_err() {
        return Ok(false);
    }
    Ok(matches!(decoder.read(&mut [0u8; 1]), Ok(0)))
}

/// How much of the file one search reads at a time.
const SCAN: usize = 64 << 10;

/// The first line start at or after `at`: 0 for 0, else just after the first `\n` at or after
/// `at - 1` (so a line that starts exactly at `at` is found), or the file's size when no line
/// starts there.
pub fn line_start<F: Read + Seek>(file: &mut F, at: u64) -> io::Result<u64> {
    if at == 0 {
        return Ok(0);
    }
    let mut pos = at - 1;
    file.seek(SeekFrom::Start(pos))?;
    let mut buf = vec![0u8; SCAN];
    loop {
        let n = read_some(file, &mut buf)?;
        if n == 0 {
            return Ok(pos);
        }
        if let Some(i) = memchr::memchr(b'\n', &buf[..n]) {
            return Ok(pos + i as u64 + 1);
        }
        pos += n as u64;
    }
}

/// The first gzip member at or after `at` that begins a WARC record: a member header
/// (`1f 8b 08`) whose member inflates to `WARC/`; the file's size when there is none. A header
/// found inside compressed data (three bytes that happen to look like one) does not inflate
/// so, and is passed over.
pub fn gzip_member<F: Read + Seek>(file: &mut F, at: u64) -> io::Result<u64> {
    scan(file, at, b"\x1f\x8b\x08", |file, p| {
        file.seek(SeekFrom::Start(p))?;
        let mut decoder =
            flate2::bufread::GzDecoder::new(BufReader::new(Read::by_ref(file).take(1 << 20)));
        let mut head = [0u8; 5];
        Ok(decoder.read_exact(&mut head).is_ok() && &head == b"WARC/")
    })
}

/// The first record of an uncompressed WARC file at or after `at`: a `WARC/1.` line that
/// follows a blank line (the separator after the record before), whose header ends with a
/// blank line within 1 MiB and gives a `Content-Length` that ends at a separator followed by
/// the next record (`WARC/`) or the end of the file. The file's size when there is none. A
/// version line inside a record's block that passes all this (a WARC file stored whole in a
/// record) would be taken for a record: such files are better read whole.
pub fn warc_record<F: Read + Seek>(file: &mut F, at: u64) -> io::Result<u64> {
    // Looked for as the line break before it: `\nWARC/1.`; the record then starts one later.
    let from = at.saturating_sub(1);
    let found = scan(file, from, b"\nWARC/1.", |file, p| {
        valid_warc_record(file, p + 1)
    })?;
    let size = file.seek(SeekFrom::End(0))?;
    Ok(if found >= size { size } else { found + 1 })
}

/// Whether a WARC record as [`warc_record`] describes starts at `p`.
fn valid_warc_record<F: Read + Seek>(file: &mut F, p: u64) -> io::Result<bool> {
    const MAX_HEADER: u64 = 1 << 20;
    // The line before must be blank: the file reads `\n\n` or `\n\r\n` before `p`.
    if p < 2 {
        return Ok(false);
    }
    let back = p.saturating_sub(3);
    file.seek(SeekFrom::Start(back))?;
    let mut before = vec![0u8; (p - back) as usize];
    file.read_exact(&mut before)?;
    if !(before.ends_with(b"\n\n") || before.ends_with(b"\n\r\n")) {
        return Ok(false);
    }
    file.seek(SeekFrom::Start(p))?;
    let mut reader = BufReader::new(Read::by_ref(file).take(MAX_HEADER));
    let mut line = Vec::new();
    let mut header = 0u64;
    let mut length = None;
    loop {
        line.clear();
        let n = reader.read_until(b'\n', &mut line)?;
        if n == 0 || !line.ends_with(b"\n") {
            return Ok(false);
        }
        header += n as u64;
        let text = line.strip_suffix(b"\n").unwrap_or(&line);
        let text = text.strip_suffix(b"\r").unwrap_or(text);
        if text.is_empty() {
            break;
        }
        if let Some(colon) = memchr::memchr(b':', text) {
            let name = String::from_utf8_lossy(&text[..colon]);
            if name.trim().eq_ignore_ascii_case("Content-Length") {
                length = String::from_utf8_lossy(&text[colon + 1..])
                    .trim()
                    .parse::<u64>()
                    .ok();
            }
        }
    }
    let Some(length) = length else {
        return Ok(false);
    };
    drop(reader);
    let after = p + header + length;
    file.seek(SeekFrom::Start(after))?;
    let mut tail = Vec::with_capacity(9);
    Read::by_ref(file).take(9).read_to_end(&mut tail)?;
    let rest = tail
        .strip_prefix(b"\r\n\r\n")
        .or_else(|| tail.strip_prefix(b"\n\n"));
    Ok(rest.is_some_and(|r| r.is_empty() || r.starts_with(b"WARC/")))
}

/// The first position at or after `at` where `needle` starts and `valid` holds; the file's size
/// when there is none.
fn scan<F: Read + Seek>(
    file: &mut F,
    at: u64,
    needle: &[u8],
    mut valid: impl FnMut(&mut F, u64) -> io::Result<bool>,
) -> io::Result<u64> {
    let size = file.seek(SeekFrom::End(0))?;
    let finder = memchr::memmem::Finder::new(needle);
    let mut buf = vec![0u8; SCAN + needle.len()];
    let mut pos = at;
    while pos < size {
        file.seek(SeekFrom::Start(pos))?;
        let n = read_some(file, &mut buf)?;
        if n == 0 {
            break;
        }
        let mut from = 0;
        while let Some(i) = finder.find(&buf[from..n]) {
            let p = pos + (from + i) as u64;
            if valid(file, p)? {
                return Ok(p);
            }
            from += i + 1;
        }
        if n < needle.len() {
            break;
        }
        // The next window overlaps this one by the needle's length less one byte, so a needle
        // across the seam is found, and none twice.
        pos += (n + 1 - needle.len()) as u64;
    }
    Ok(size)
}

/// Reads until `buf` is full or the file ends; returns how many bytes were read.
fn read_some<F: Read>(file: &mut F, buf: &mut [u8]) -> io::Result<usize> {
    let mut got = 0;
    while got < buf.len() {
        match file.read(&mut buf[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(got)
}

/// The reader of one part ([`open_part`]): its records numbered from 0.
pub struct PartReader {
    inner: Box<dyn RecordReader>,
    counters: Arc<Counters>,
    part: Part,
}

impl PartReader {
    /// What the part spans in the unit its offsets count in, once it is read: decoded bytes
    /// (gzip), bytes, or rows. The next part's offsets start this much after this one's.
    pub fn decoded(&self) -> u64 {
        match &self.part {
            Part::Bytes {
                unit: Unit::GzipMember,
                ..
            } => self.counters.decoded_end(),
            Part::Bytes { start, end, .. } => end - start,
            Part::RowGroups { rows, .. } => *rows,
        }
    }

    /// Whether reading stopped, once the reader gave its last item, at damage that ends the
    /// file (a corrupt gzip member, a Parquet page that does not decode) before the part's
    /// end: the one-machine reader stops there, so the parts after it must not be read into
    /// the run.
    pub fn ended_early(&self) -> bool {
        let empty = match &self.part {
            Part::Bytes { start, end, .. } => start >= end,
            Part::RowGroups { first, end, .. } => first >= end,
        };
        !empty && !self.counters.ended()
    }
}

impl RecordReader for PartReader {
    fn next_item(&mut self) -> Option<ReadItem> {
        self.inner.next_item()
    }

    fn bytes_read(&self) -> u64 {
        self.counters.bytes()
    }
}

/// Opens `part` of the file or object `input` (found by [`find_part`]): its records as
/// [`crate::open`] gives them, but numbered from 0 and, for gzip, with decoded offsets from
/// the part's start; an empty part gives nothing.
pub fn open_part(input: &Input, options: &ReadOptions, part: &Part) -> PartReader {
    let place = Place::of(input).and_then(|p| p.map_err(io::Error::other));
    open_part_in(input, options, part, place)
}

/// [`open_part`] of the input at `place` (or the error of finding it).
fn open_part_in(
    input: &Input,
    options: &ReadOptions,
    part: &Part,
    place: io::Result<Place>,
) -> PartReader {
    let counters = Arc::new(Counters::default());
    let inner = open_inner(input, options, part, place, counters.clone());
    PartReader {
        inner,
        counters,
        part: part.clone(),
    }
}

fn open_inner(
    input: &Input,
    options: &ReadOptions,
    part: &Part,
    place: io::Result<Place>,
    counters: Arc<Counters>,
) -> Box<dyn RecordReader> {
    use ghirbal_core::reason::error;
    let fail = |e: io::Error, counters: Arc<Counters>| -> Box<dyn RecordReader> {
        Box::new(crate::read::OneError::new(
            error::UNREADABLE,
            e.to_string(),
            0,
            counters,
        ))
    };
    match part {
        Part::Bytes { start, end, unit } => {
            if start >= end {
                return Box::new(Nothing(counters));
            }
            let file = match place.and_then(|p| p.range(input, *start, *end, counters.clone())) {
                Ok(f) => f,
                Err(e) => return fail(e, counters),
            };
            let codec = match unit {
                Unit::GzipMember => Codec::Gzip,
                Unit::Line | Unit::WarcRecord => Codec::Plain,
            };
            let mut stream = Stream::new(raw_reader(file), codec, counters.clone());
            stream.limit_expansion(options.max_expansion, options.expansion_floor_bytes);
            if codec == Codec::Plain {
                stream.offset = *start;
            }
            let ctx = Context {
                part: true,
                ..Context::new(input, options, counters)
            };
            match unit {
                Unit::Line => Box::new(crate::jsonl::JsonlReader::new(stream, ctx)),
                Unit::WarcRecord | Unit::GzipMember => {
                    Box::new(crate::warc::WarcReader::new(stream, ctx))
                }
            }
        }
        #[cfg(feature = "parquet")]
        Part::RowGroups { first, end, .. } => {
            let remote = match place {
                Ok(Place::Local) => None,
                Ok(Place::Remote { storage, .. }) => Some(crate::ranged::RangedObject::new(
                    storage,
                    stored(input),
                    counters.clone(),
                )),
                Err(e) => return fail(e, counters),
            };
            crate::parquet::open_groups(input, options, counters, *first..*end, remote)
        }
        #[cfg(not(feature = "parquet"))]
        Part::RowGroups { .. } => Box::new(crate::read::OneError::new(
            error::UNSUPPORTED_FORMAT,
            "Parquet input needs the `parquet` feature".into(),
            0,
            counters,
        )),
    }
}

/// Makes record `rec` of a part the file's: its index counted after the `before` records (and
/// errors) of the parts before it, its offset (and `metadata.input_offset`) moved by `shift`
/// (0 when [`Part::offsets_are_the_files`]), and an id that was made from its index
/// ([`Position::numbered_id`](ghirbal_core::Position::numbered_id)) made again with
/// `id_prefix` ([`Input::relative`]).
pub fn renumber(rec: &mut ghirbal_core::Record, id_prefix: &str, before: u64, shift: u64) {
    rec.position.index += before;
    if shift != 0 {
        rec.position.offset += shift;
        if let Some(offset) = rec.metadata.get_mut("input_offset")
            && let Some(n) = offset.as_u64()
        {
            *offset = serde_json::Value::from(n + shift);
        }
    }
    if rec.position.numbered_id {
        rec.id = format!("{id_prefix}:{}", rec.position.index);
    }
}

/// The detail of an error of a part, made the file's: the decoded offset it names (a WARC
/// record's, in gzip) moved by `shift`, as [`renumber`] moves the record's.
pub fn renumber_detail(detail: &str, shift: u64) -> Option<String> {
    if shift == 0 {
        return None;
    }
    crate::warc::shift_detail(detail, shift)
}

/// A reader with no item: an empty part.
pub(crate) struct Nothing(pub(crate) Arc<Counters>);

impl RecordReader for Nothing {
    fn next_item(&mut self) -> Option<ReadItem> {
        None
    }

    fn bytes_read(&self) -> u64 {
        self.0.bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Cursor, Write};
    use std::path::Path;

    /// Every item of `path` read whole, as comparable text.
    fn whole(path: &Path) -> Vec<String> {
        let input = Input::file(path);
        let mut reader = crate::open(&input, &ReadOptions::default());
        std::iter::from_fn(|| reader.next_item())
            .map(|i| show(&i))
            .collect()
    }

    fn show(item: &ReadItem) -> String {
        match item {
            Ok(r) => format!(
                "{} {} {} {:?} {}",
                r.position.index,
                r.position.offset,
                r.id,
                r.text,
                serde_json::Value::Object(r.metadata.clone())
            ),
            Err(e) => format!("{} {} {} {}", e.index, e.offset, e.reason, e.detail),
        }
    }

    /// Every item of `path` read in `parts` parts, renumbered as a caller does.
    fn in_parts(path: &Path, parts: u64) -> Result<(Vec<String>, Vec<Part>), String> {
        parts_of(&Input::file(path), Place::Local, parts)
    }

    /// Every item of `input` at `place` read in `parts` parts, renumbered as a caller does.
    fn parts_of(
        input: &Input,
        place: Place,
        parts: u64,
    ) -> Result<(Vec<String>, Vec<Part>), String> {
        let options = ReadOptions {
            max_record_bytes: 300,
            ..ReadOptions::default()
        };
        let (mut items, mut cut) = (Vec::new(), Vec::new());
        let (mut before, mut decoded) = (0, 0);
        for k in 0..parts {
            let part = find_part_in(input, &options, k, parts, place).unwrap()?;
            let mut reader = open_part_in(input, &options, &part, Ok(place));
            let shift = if part.offsets_are_the_files() {
                0
            } else {
                decoded
            };
            let mut n = 0;
            while let Some(item) = reader.next_item() {
                n += 1;
                items.push(show(&match item {
                    Ok(mut rec) => {
                        renumber(&mut rec, &input.relative, before, shift);
                        Ok(rec)
                    }
                    Err(mut e) => {
                        e.index += before;
                        e.offset += shift;
                        if let Some(d) = renumber_detail(&e.detail, shift) {
                            e.detail = d;
                        }
                        Err(e)
                    }
                }));
            }
            before += n;
            decoded += reader.decoded();
            cut.push(part);
        }
        Ok((items, cut))
    }

    fn whole_with(path: &Path) -> Vec<String> {
        let input = Input::file(path);
        let options = ReadOptions {
            max_record_bytes: 300,
            ..ReadOptions::default()
        };
        let mut reader = crate::open(&input, &options);
        std::iter::from_fn(|| reader.next_item())
            .map(|i| show(&i))
            .collect()
    }

    /// Reading in 1 to 9 parts gives the items of the whole file, each once.
    fn same_in_parts(path: &Path) -> Vec<Vec<Part>> {
        let want = whole_with(path);
        assert!(!want.is_empty());
        (1..10)
            .map(|n| {
                let (got, cut) = in_parts(path, n).unwrap();
                assert_eq!(got, want, "{} in {n} parts: {cut:?}", path.display());
                cut
            })
            .collect()
    }

    /// The bytes of `path` as an object in storage.
    #[cfg(feature = "parquet")]
    fn stored_copy(path: &Path, fail_after: Option<usize>) -> (Input, &'static Fake) {
        let local = Input::file(path);
        let fake: &'static Fake = Box::leak(Box::new(Fake {
            bytes: std::fs::read(path).unwrap(),
            requests: std::sync::Mutex::new(Vec::new()),
            fail_after,
        }));
        let input = Input {
            path: format!("s3://bucket/{}", local.relative).into(),
            ..local
        };
        (input, fake)
    }

    /// The bytes of `path` as an object in storage, read in 1 to 7 parts through windows of
    /// `window` bytes, give the items of the file read whole, each once, and are cut where
    /// the file is.
    #[cfg(feature = "parquet")]
    fn same_in_parts_stored(path: &Path, window: u64) -> Vec<Vec<Part>> {
        let want = whole_with(path);
        let (input, fake) = stored_copy(path, None);
        let place = Place::Remote {
            storage: fake,
            window,
        };
        let cuts = (1..8)
            .map(|n| {
                let (got, cut) = parts_of(&input, place, n).unwrap();
                assert_eq!(got, want, "{} in {n} stored parts: {cut:?}", path.display());
                assert_eq!(cut, in_parts(path, n).unwrap().1, "{n} parts");
                cut
            })
            .collect::<Vec<_>>();
        // Bytes are read in windows, never the whole object in one request.
        if cuts[0].iter().all(|p| matches!(p, Part::Bytes { .. })) {
            let requests = fake.requests.lock().unwrap();
            assert!(requests.iter().all(|r| r.end - r.start <= window));
        }
        cuts
    }

    #[cfg(feature = "parquet")]
    use crate::ranged::tests::Fake;

    #[test]
    fn line_starts_are_found_at_or_after_the_cut() {
        let text = b"ab\ncd\r\n\nefgh";
        let mut f = Cursor::new(&text[..]);
        let found: Vec<u64> = (0..=text.len() as u64)
            .map(|at| line_start(&mut f, at).unwrap())
            .collect();
        // A line that starts exactly at the cut is found there; past the last `\n`, the end.
        assert_eq!(found, [0, 3, 3, 3, 7, 7, 7, 7, 8, 12, 12, 12, 12]);
    }

    #[test]
    fn jsonl_parts_give_every_line_once_with_the_files_numbers() {
        let dir = tempfile::tempdir().unwrap();
        let long = "x".repeat(400);
        let lines = [
            "\u{feff}{\"text\":\"first, after a byte order mark\"}\n".to_owned(),
            "{\"text\":\"crlf\",\"id\":\"given\"}\r\n".to_owned(),
            "\n   \n".to_owned(),
            format!("{{\"text\":\"{long} too long for the limit\"}}\n"),
            "{\"text\":\"after the long one\"}\n".to_owned(),
            "not json\n".to_owned(),
            format!("{{\"text\":\"{}\"}}\n", "y".repeat(250)),
            "{\"text\":\"no trailing newline\"}".to_owned(),
        ];
        let path = dir.path().join("a.jsonl");
        std::fs::write(&path, lines.concat()).unwrap();
        #[cfg(feature = "parquet")]
        {
            let cuts = same_in_parts_stored(&path, 97);
            assert!(cuts[6].iter().any(|p| p.bytes() == 0), "{:?}", cuts[6]);
        }
        let cuts = same_in_parts(&path);
        // With 9 parts some fall inside the long line and hold nothing.
        assert!(cuts[8].iter().any(|p| p.bytes() == 0), "{:?}", cuts[8]);
        // Each part reads only its own bytes, and together they read the file once.
        let size = std::fs::metadata(&path).unwrap().len();
        assert!(
            cuts.iter()
                .all(|c| c.iter().map(Part::bytes).sum::<u64>() == size)
        );
    }

    fn warc(kind: &str, id: Option<&str>, block: &str) -> Vec<u8> {
        let mut out = format!("WARC/1.0\r\nWARC-Type: {kind}\r\n").into_bytes();
        if let Some(id) = id {
            out.extend_from_slice(format!("WARC-Record-ID: <{id}>\r\n").as_bytes());
        }
        out.extend_from_slice(format!("Content-Length: {}\r\n\r\n", block.len()).as_bytes());
        out.extend_from_slice(block.as_bytes());
        out.extend_from_slice(b"\r\n\r\n");
        out
    }

    fn warc_records() -> Vec<Vec<u8>> {
        (0..12)
            .map(|i| {
                let id = (i % 3 != 0).then(|| format!("urn:uuid:{i}"));
                // A block holding a version line is no record start: its line before is not
                // blank, or its length does not end at a separator.
                let block = format!(
                    "page {i}\nWARC/1.0\nWARC-Type: conversion\n{}",
                    "نص ".repeat(i * 7)
                );
                warc("conversion", id.as_deref(), &block)
            })
            .collect()
    }

    #[test]
    fn uncompressed_warc_parts_give_every_record_once() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.warc");
        std::fs::write(&path, warc_records().concat()).unwrap();
        #[cfg(feature = "parquet")]
        same_in_parts_stored(&path, 211);
        let cuts = same_in_parts(&path);
        assert!(cuts[3].iter().all(|p| p.bytes() > 0), "{:?}", cuts[3]);
    }

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        enc.write_all(bytes).unwrap();
        enc.finish().unwrap()
    }

    #[test]
    fn gzip_per_record_warc_parts_start_at_members() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.warc.gz");
        let members: Vec<Vec<u8>> = warc_records().iter().map(|r| gzip(r)).collect();
        std::fs::write(&path, members.concat()).unwrap();
        #[cfg(feature = "parquet")]
        {
            let stored = same_in_parts_stored(&path, 211);
            assert!(stored[6].iter().all(|p| matches!(p, Part::Bytes { .. })));
        }
        let cuts = same_in_parts(&path);
        let mut starts = vec![0u64];
        for m in &members {
            starts.push(starts.last().unwrap() + m.len() as u64);
        }
        for cut in &cuts {
            for p in cut {
                let Part::Bytes { start, end, unit } = p else {
                    panic!("{p:?}")
                };
                assert_eq!(*unit, Unit::GzipMember);
                assert!(starts.contains(start) && starts.contains(end), "{p:?}");
            }
        }
        // One member for the whole file: not cut.
        let one = dir.path().join("one.warc.gz");
        std::fs::write(&one, gzip(&warc_records().concat())).unwrap();
        let input = Input::file(&one);
        assert!(
            find_part(&input, &ReadOptions::default(), 1, 2)
                .unwrap()
                .is_err()
        );
    }

    #[test]
    fn a_part_that_meets_damage_says_it_ended_early() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.warc.gz");
        let mut bytes: Vec<u8> = warc_records()[..4].iter().flat_map(|r| gzip(r)).collect();
        // A member header, then a deflate block of the reserved type: the decoder fails.
        bytes.extend_from_slice(b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff\xff\xff\xff\xff");
        bytes.extend(warc_records()[4..].iter().flat_map(|r| gzip(r)));
        std::fs::write(&path, bytes).unwrap();
        let input = Input::file(&path);
        let options = ReadOptions::default();
        let ended: Vec<bool> = (0..3)
            .map(|k| {
                let part = find_part(&input, &options, k, 3).unwrap().unwrap();
                let mut reader = open_part(&input, &options, &part);
                while reader.next_item().is_some() {}
                reader.ended_early()
            })
            .collect();
        assert_eq!(ended, [true, false, false]);
    }

    /// A request that fails while a part looks for its ends fails the part (it must not read
    /// the whole object, cut another way than the other parts); one that fails while it reads
    /// ends the part with `error:unreadable`.
    #[cfg(feature = "parquet")]
    #[test]
    fn a_failed_request_fails_a_stored_part() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.warc");
        std::fs::write(&path, warc_records().concat()).unwrap();
        let options = ReadOptions::default();
        let (input, fake) = stored_copy(&path, Some(0));
        let place = Place::Remote {
            storage: fake,
            window: 211,
        };
        assert!(find_part_in(&input, &options, 1, 3, place).is_err());

        let part = find_part(&Input::file(&path), &options, 1, 3)
            .unwrap()
            .unwrap();
        let (input, fake) = stored_copy(&path, Some(2));
        let place = Place::Remote {
            storage: fake,
            window: 211,
        };
        let mut reader = open_part_in(&input, &options, &part, Ok(place));
        let items: Vec<ReadItem> = std::iter::from_fn(|| reader.next_item()).collect();
        let last = items.last().unwrap().as_ref().unwrap_err();
        assert_eq!(last.reason, ghirbal_core::reason::error::UNREADABLE);
        assert!(last.detail.contains("HTTP 503"), "{}", last.detail);
    }

    #[test]
    fn gzip_member_search_passes_over_lookalike_bytes() {
        // Bytes that look like a member header but do not inflate to a WARC record.
        let mut bytes = b"junk\x1f\x8b\x08\x00junk".to_vec();
        let at = bytes.len() as u64;
        bytes.extend(gzip(&warc("warcinfo", None, "x")));
        let mut f = Cursor::new(bytes.clone());
        assert_eq!(gzip_member(&mut f, 0).unwrap(), at);
        assert_eq!(gzip_member(&mut f, at + 1).unwrap(), bytes.len() as u64);
    }

    #[test]
    fn files_that_cannot_be_cut_say_why() {
        let dir = tempfile::tempdir().unwrap();
        let cases: [(&str, Vec<u8>); 4] = [
            ("a.jsonl.gz", gzip(b"{\"text\":\"a\"}\n{\"text\":\"b\"}\n")),
            ("a.json", b"[{\"text\":\"a\"},\n{\"text\":\"b\"}]".to_vec()),
            ("a.txt", b"one record\nof two lines\n".to_vec()),
            (
                "a.jsonl.zst",
                zstd::bulk::compress(b"{\"text\":\"a\"}\n", 1).unwrap_or_default(),
            ),
        ];
        for (name, bytes) in cases {
            let path = dir.path().join(name);
            std::fs::write(&path, bytes).unwrap();
            let why = find_part(&Input::file(&path), &ReadOptions::default(), 0, 2).unwrap();
            assert!(why.is_err(), "{name}: {why:?}");
        }
    }

    #[cfg(feature = "parquet")]
    #[test]
    fn parquet_parts_take_their_share_of_the_row_groups() {
        use arrow_array::{ArrayRef, RecordBatch, StringArray};
        use arrow_schema::{DataType, Field, Schema};
        use parquet::arrow::ArrowWriter;
        use parquet::file::properties::WriterProperties;
        let n = 23;
        let text: ArrayRef = Arc::new(StringArray::from(
            (0..n)
                .map(|i| (i != 5).then(|| format!("row {i}")))
                .collect::<Vec<_>>(),
        ));
        let schema = Arc::new(Schema::new(vec![Field::new("text", DataType::Utf8, true)]));
        let batch = RecordBatch::try_new(schema.clone(), vec![text]).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.parquet");
        let props = WriterProperties::builder()
            .set_max_row_group_row_count(Some(4))
            .build();
        let mut w =
            ArrowWriter::try_new(File::create(&path).unwrap(), schema, Some(props)).unwrap();
        w.write(&batch).unwrap();
        w.close().unwrap();
        same_in_parts_stored(&path, 97);
        let cuts = same_in_parts(&path);
        // 6 row groups in 9 parts: some parts hold none.
        assert!(
            cuts[8]
                .iter()
                .any(|p| matches!(p, Part::RowGroups { first, end, .. } if first == end))
        );
        assert_eq!(whole(&path).len(), n);
    }
}
