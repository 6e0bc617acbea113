//! Reading inputs into [`Record`](ghirbal_core::Record)s and writing records into output shards.
//!
//! # Brief overview
//! - [`storage`] is the seam to object storage (`s3://`, `http(s)://`): a trait the binary
//!   installs an implementation of, so URLs are listed, read and written like local paths.
//! - [`expand`] turns the paths a user gave into a sorted list of [`Input`] files; missing
//!   paths and unreadable directories come back as [`InputProblem`]s, never as a failure.
//!   Hidden entries (names starting with `.`) inside a directory are skipped; a hidden path
//!   given by name is read.
//! - [`open`] picks a reader by content and extension and returns a [`RecordReader`]. Like
//!   csv's reader it yields `Result`s and reads on after a bad record; an error that ends the
//!   file (a truncated gzip) comes as the last item, after every record before the damage.
//!   Formats: JSONL, JSON arrays of objects, pretty-printed JSON objects (one or a sequence),
//!   plain text, HTML, WARC/WET and (feature `parquet`) Parquet; all but Parquet plain, gzip
//!   (multi-member) or zstd (multi-frame). See [`open`] for how one is picked and
//!   [`RecordReader`] for what a record holds.
//! - [`split`] cuts one file into parts that tasks read on their own (lines, WARC records,
//!   gzip members, Parquet row groups), each reading only its share.
//! - [`FieldMap`] says which input fields hold the text, id, url, title, date and source: the
//!   `[input]` table over a named shape of a common dump (`oscar`, `fineweb`, `c4`,
//!   `saudinewsnet`, ...; `resources/shapes.toml`), with dotted paths into nested objects.
//!   [`text_field_notice`] says, before a run, when the first record lacks the text field
//!   and another common text field holds text.
//! - [`output::read_output`] reads an output folder back (`kept/`, `rejects/`, JSONL.zst or
//!   Parquet) as [`output::OutputRow`]s: the one reader of ghirbal's own output.
//! - [`schema`] declares the output columns, the same in every run and format; [`arrow`]
//!   gives them Arrow types and is the one conversion of records to Arrow (Parquet output,
//!   the Python package); [`card`] writes `OUT/README.md`, the dataset card that tells
//!   loaders the schema.
//! - [`encode`] turns a batch of output rows into bytes or an Arrow batch (on worker threads),
//!   and a [`ShardWriter`] appends encoded batches to one `part-NNNNN` file under a temporary
//!   name, renamed when [`ShardWriter::finish`] succeeds.
//!
//! # Memory
//! A reader holds two 256 KiB buffers (on-disk bytes, decoded bytes), the decoder's state
//! (gzip: 32 KiB window; zstd: the frame's window, at most 128 MiB by libzstd's default limit,
//! 8 MiB or less for files written at the usual levels) and one record: at most
//! `max_record_bytes` of line, element, block or file, plus what is built from it (for a WARC
//! response, the de-chunked and decoded payload, itself capped at `max_record_bytes`). A
//! Parquet reader holds one row group's column chunks and 1,024 decoded rows; over storage, at
//! most 4 MiB of each column chunk at a time (see `ranged`). Nothing grows
//! with the size of the file.
//!
//! # Example
//! ```
//! use ghirbal_io::{ReadOptions, expand, open};
//! # let dir = tempfile::tempdir().unwrap();
//! # std::fs::write(dir.path().join("a.jsonl"), "{\"text\":\"hello\"}\n").unwrap();
//! let found = expand(&[dir.path().to_path_buf()]);
//! let options = ReadOptions { max_record_bytes: 1 << 20, ..ReadOptions::default() };
//! let mut reader = open(&found.inputs[0], &options);
//! let record = reader.next_item().unwrap().unwrap();
//! assert_eq!(record.text, "hello");
//! assert!(reader.next_item().is_none());
//! ```
#![deny(missing_docs)]

#[cfg(feature = "parquet")]
pub mod arrow;
pub mod card;
mod contain;
mod detect;
mod encode;
mod fields;
mod input;
mod json_array;
mod json_out;
mod jsonl;
mod member;
pub mod output;
#[cfg(feature = "parquet")]
mod parquet;
mod paths;
#[cfg(feature = "parquet")]
mod ranged;
mod read;
pub mod schema;
mod shard;
pub mod split;
pub mod storage;
mod stream;
mod text;
mod warc;

pub use encode::{Encoded, Row, WriteError, encode, encode_fields};
pub use fields::FieldMap;
pub use input::{Expanded, Input, InputProblem, expand};
pub use paths::read_paths;
pub use read::{ReadError, ReadItem, ReadOptions, RecordReader, open, text_field_notice};
pub use shard::{ShardReceipt, ShardWriter, shard_file_name};
