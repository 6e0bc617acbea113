//! The spool between passes: every record of the run, in input order, as zstd JSON lines.
//!
//! A spool row carries the record, its position (which the output format does not store) and,
//! for records already dropped, the reject; so a later pass can read the run back exactly.

use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Write};
use std::path::Path;

use ghirbal_core::{Position, Reason, Record, Reject};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::work::Item;

/// zstd level of spool frames, whatever the output's level: a spool is written once, read
/// once and deleted, so compressing it harder than zstd's fastest regular level (1) costs CPU
/// and saves only disk for the length of a run. (Level 3 spent ~4 % of an arabic-news run.)
const SPOOL_ZSTD_LEVEL: i32 = 1;

/// A spool row as written: borrows the record, so spooling copies nothing.
#[derive(Serialize)]
struct RowOut<'a> {
    pos: (u32, u64, u64, u64),
    rec: &'a Record,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'a Reason>,
    #[serde(skip_serializing_if = "Option::is_none")]
    detail: Option<&'a Value>,
    /// The record's size when it was read (text and body bytes), for batch cutting.
    #[serde(skip_serializing_if = "Option::is_none")]
    read_size: Option<u64>,
    /// `Position::size`, kept for the counts of the pass that writes the shards.
    #[serde(skip_serializing_if = "is_zero")]
    size: u64,
    /// `Position::numbered_id`: the id is made again when the part is merged.
    #[serde(skip_serializing_if = "is_false")]
    gid: bool,
}

fn is_false(b: &bool) -> bool {
    !*b
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// A spool row as read back.
#[derive(Deserialize)]
struct Row {
    pos: (u32, u64, u64, u64),
    rec: Record,
    #[serde(default)]
    reason: Option<Reason>,
    #[serde(default)]
    detail: Value,
    #[serde(default)]
    read_size: Option<u64>,
    #[serde(default)]
    size: u64,
    #[serde(default)]
    gid: bool,
}

/// Encodes items as one zstd frame of spool rows (run on worker threads), with each item's
/// size as read when `read_sizes` gives them.
pub fn encode(items: &[Item], read_sizes: Option<&[u64]>) -> io::Result<Vec<u8>> {
    let mut lines = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let (rec, reject) = item.parts();
        let p = rec.position;
        let row = RowOut {
            pos: (p.file, p.index, p.ordinal, p.offset),
            rec,
            reason: reject.map(|r| &r.reason),
            detail: reject.map(|r| &r.detail),
            read_size: read_sizes.and_then(|s| s.get(i).copied()),
            size: p.size,
            gid: p.numbered_id,
        };
        serde_json::to_writer(&mut lines, &row).map_err(io::Error::other)?;
        lines.push(b'\n');
    }
    zstd::bulk::compress(&lines, SPOOL_ZSTD_LEVEL)
}

/// Appends encoded frames to a spool file.
pub struct SpoolWriter {
    out: BufWriter<File>,
}

impl SpoolWriter {
    /// Creates (truncates) the spool file.
    pub fn create(path: &Path) -> io::Result<SpoolWriter> {
        Ok(SpoolWriter {
            out: BufWriter::new(File::create(path)?),
        })
    }

    /// Appends one frame.
    pub fn write(&mut self, frame: &[u8]) -> io::Result<()> {
        self.out.write_all(frame)
    }

    /// Flushes the file.
    pub fn finish(mut self) -> io::Result<()> {
        self.out.flush()?;
        self.out.get_ref().sync_data()
    }
}

/// Reads a spool file back, item by item, in the order it was written.
pub struct SpoolReader {
    lines: BufReader<zstd::Decoder<'static, BufReader<File>>>,
    buf: String,
}

impl SpoolReader {
    /// Opens a spool written by [`SpoolWriter`].
    pub fn open(path: &Path) -> io::Result<SpoolReader> {
        let decoder = zstd::Decoder::new(File::open(path)?)?;
        Ok(SpoolReader {
            lines: BufReader::with_capacity(1 << 16, decoder),
            buf: String::new(),
        })
    }

    /// The next item; the spool is our own file, so a bad row is an I/O error.
    pub fn next_item(&mut self) -> Option<io::Result<Item>> {
        self.next_sized().map(|r| r.map(|(item, _)| item))
    }

    /// The next item and its size as read, when the spool holds it.
    pub fn next_sized(&mut self) -> Option<io::Result<(Item, Option<u64>)>> {
        self.buf.clear();
        match self.lines.read_line(&mut self.buf) {
            Ok(0) => None,
            Ok(_) => Some(parse(&self.buf)),
            Err(e) => Some(Err(e)),
        }
    }
}

fn parse(line: &str) -> io::Result<(Item, Option<u64>)> {
    let row: Row = serde_json::from_str(line).map_err(io::Error::other)?;
    let mut rec = row.rec;
    let (file, index, ordinal, offset) = row.pos;
    rec.position = Position {
        file,
        index,
        ordinal,
        offset,
        size: row.size,
        numbered_id: row.gid,
    };
    let item = match row.reason {
        None => Item::Live(rec),
        Some(reason) => Item::Dropped(rec, Reject::new(reason, row.detail)),
    };
    Ok((item, row.read_size))
}
