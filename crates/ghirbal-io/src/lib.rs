//! Reading inputs into [`Record`](ghirbal_core::Record)s and writing records into output shards.
//!
//! # Brief overview
//! - [`expand`] turns the paths a user gave into a sorted list of [`Input`] files; missing
//!   paths and unreadable directories come back as [`InputProblem`]s, never as a failure.
//!   Hidden entries (names starting with `.`) inside a directory are skipped; a hidden path
//!   given by name is read.
//! - [`open`] picks a reader by content and extension and returns a [`RecordReader`]. Like
//!   csv's reader it yields `Result`s and reads on after a bad record; an error that ends the
//!   file (a truncated gzip) comes as the last item, after every record before the damage.
//!   Formats: JSONL, plain text, HTML, WARC/WET and (feature `parquet`) Parquet, each plain,
//!   gzip (multi-member) or zstd; see [`open`] for how one is picked.
//! - [`encode`] turns a batch of output rows into bytes or an Arrow batch (on worker threads),
//!   and a [`ShardWriter`] appends encoded batches to one `part-NNNNN` file under a temporary
//!   name, renamed when [`ShardWriter::finish`] succeeds.
//!
//! # Example
//! ```
//! use ghirbal_io::{ReadOptions, expand, open};
//! # let dir = tempfile::tempdir().unwrap();
//! # std::fs::write(dir.path().join("a.jsonl"), "{\"text\":\"hello\"}\n").unwrap();
//! let found = expand(&[dir.path().to_path_buf()]);
//! let options = ReadOptions { max_record_bytes: 1 << 20 };
//! let mut reader = open(&found.inputs[0], &options);
//! let record = reader.next_item().unwrap().unwrap();
//! assert_eq!(record.text, "hello");
//! assert!(reader.next_item().is_none());
//! ```
#![deny(missing_docs)]

mod detect;
mod encode;
mod input;
mod json_array;
mod jsonl;
#[cfg(feature = "parquet")]
mod parquet;
mod read;
mod shard;
mod stream;
mod text;
mod warc;

pub use encode::{Encoded, Row, WriteError, encode};
pub use input::{Expanded, Input, InputProblem, expand};
pub use read::{ReadError, ReadItem, ReadOptions, RecordReader, open};
pub use shard::{ShardReceipt, ShardWriter, shard_file_name};
