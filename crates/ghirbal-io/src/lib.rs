//! Reading inputs into [`Record`]s and writing records into output shards.
//!
//! # Brief overview
//! - [`expand`] turns the paths a user gave into a sorted list of [`Input`] files; missing
//!   paths and unreadable directories come back as [`InputProblem`]s, never as a failure.
//! - [`open`] picks a reader by content and extension and returns a [`RecordReader`]. Like
//!   csv's reader it yields `Result`s and reads on after a bad record; an error that ends the
//!   file (a truncated gzip) comes as the last item, after every record before the damage.
//! - [`encode`] turns a batch of output rows into bytes or an Arrow batch (on worker threads),
//!   and a [`ShardWriter`] appends encoded batches to one `part-NNNNN` file under a temporary
//!   name, renamed when [`ShardWriter::finish`] succeeds.
#![deny(missing_docs)]

// TODO(io helper): modules, implementations and tests. The public surface below is what the
// pipeline codes against; keep these names and signatures.

use std::path::{Path, PathBuf};

use ghirbal_core::config::OutputFormat;
use ghirbal_core::{Reason, Record, Reject};

/// One input file, as it will appear in `stats.json`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// Where to read it.
    pub path: PathBuf,
    /// The key in `stats.json` and the prefix of generated ids: the path as given, or, for a
    /// file found inside a given directory, that directory joined with the relative path.
    pub name: String,
    /// Size on disk in bytes (compressed size for compressed files), for progress.
    pub size: u64,
}

/// A path that could not be turned into inputs: missing, or a directory that could not be listed.
#[derive(Debug, Clone, PartialEq)]
pub struct InputProblem {
    /// The path as given (or found), the key in `stats.json`.
    pub name: String,
    /// `error:missing_path` or `error:unreadable`.
    pub reason: Reason,
    /// The OS error, in words.
    pub detail: String,
}

/// The result of [`expand`].
#[derive(Debug, Default)]
pub struct Expanded {
    /// Files to read, in a deterministic order: paths in the order given, directory contents
    /// sorted by byte order of their relative paths.
    pub inputs: Vec<Input>,
    /// Paths that yielded nothing, with the reason.
    pub problems: Vec<InputProblem>,
}

/// Expands files and directories (recursively) into input files.
pub fn expand(paths: &[PathBuf]) -> Expanded {
    todo!("io helper")
}

/// Limits for readers.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// A record longer than this becomes `error:too_large` (and reading goes on after it).
    pub max_record_bytes: usize,
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

/// One item from a reader.
pub type ReadItem = Result<Record, ReadError>;

/// A source of records from one input file.
///
/// Records come with `id` (from the input, else `<input name>:<index>`), `text`, the
/// recognised fields, every other field in `metadata`, `metadata.input_file` (the input's
/// name) and `metadata.input_offset`, and `position.index`/`position.offset` set.
/// `position.file` and `position.ordinal` are left for the pipeline to fill.
pub trait RecordReader: Send {
    /// The next record or error; `None` at the end. After an `Err` the reader goes on when it
    /// can (next JSONL line) and ends when it cannot (corrupt compression).
    fn next_item(&mut self) -> Option<ReadItem>;
    /// Bytes of input consumed so far (on-disk bytes, for progress bars).
    fn bytes_read(&self) -> u64;
}

/// Opens `input` with the reader its content and extension call for. Never fails: a file that
/// cannot be opened gives a reader whose only item is the error.
pub fn open(input: &Input, options: &ReadOptions) -> Box<dyn RecordReader> {
    todo!("io helper")
}

/// One output row: a kept record, or a dropped one with its reject.
#[derive(Debug, Clone, Copy)]
pub struct Row<'a> {
    /// The record.
    pub record: &'a Record,
    /// Why it was dropped; `None` for kept records.
    pub reject: Option<&'a Reject>,
}

/// A batch of rows encoded for one output format.
pub enum Encoded {
    /// One complete zstd frame of JSON lines (frames concatenate into a valid `.zst`).
    Jsonl(Vec<u8>),
    /// Rows as an Arrow batch with the output schema.
    #[cfg(feature = "parquet")]
    Parquet(arrow_array::RecordBatch),
}

/// Errors while encoding or writing output.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WriteError {
    /// The file system refused.
    #[error("cannot write {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
    /// The encoder failed.
    #[error("cannot encode output: {0}")]
    Encode(String),
}

/// Encodes rows (kept or rejected alike) in `format`. Rows with a reject get `reason` and
/// `detail` after the record's fields.
pub fn encode(format: OutputFormat, rows: &[Row<'_>], zstd_level: i32) -> Result<Encoded, WriteError> {
    todo!("io helper")
}

/// The file name of shard `n`: `part-00000.jsonl.zst` or `part-00000.parquet`.
pub fn shard_file_name(n: u64, format: OutputFormat) -> String {
    match format {
        OutputFormat::Jsonl => format!("part-{n:05}.jsonl.zst"),
        OutputFormat::Parquet => format!("part-{n:05}.parquet"),
    }
}

/// Writes one shard file under a temporary name; [`ShardWriter::finish`] renames it.
pub struct ShardWriter {
    // io helper
}

/// Proof that a shard file is complete and in place.
#[must_use]
#[derive(Debug, Clone, PartialEq)]
pub struct ShardReceipt {
    /// The final path.
    pub path: PathBuf,
    /// Rows written.
    pub rows: u64,
    /// Bytes on disk.
    pub bytes: u64,
}

impl ShardWriter {
    /// Starts shard `n` in `dir` (created if missing), writing to `<name>.tmp`.
    pub fn create(dir: &Path, n: u64, format: OutputFormat) -> Result<ShardWriter, WriteError> {
        todo!("io helper")
    }

    /// Appends an encoded batch holding `rows` rows.
    pub fn write(&mut self, batch: Encoded, rows: u64) -> Result<(), WriteError> {
        todo!("io helper")
    }

    /// Flushes, syncs and renames the file to its final name. A shard with no rows leaves no
    /// file and its receipt has `rows == 0`.
    pub fn finish(self) -> Result<ShardReceipt, WriteError> {
        todo!("io helper")
    }
}
