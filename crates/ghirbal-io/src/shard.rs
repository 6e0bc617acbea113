//! Shard files: written under a temporary name, synced, then renamed into place.

use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use ghirbal_core::config::OutputFormat;

use crate::encode::{Encoded, WriteError};
use crate::schema::Fields;

/// The file name of shard `n`: `part-00000.jsonl.zst` or `part-00000.parquet`.
pub fn shard_file_name(n: u64, format: OutputFormat) -> String {
    match format {
        OutputFormat::Jsonl => format!("part-{n:05}.jsonl.zst"),
        OutputFormat::Parquet => format!("part-{n:05}.parquet"),
    }
}

/// Writes one shard file under a temporary name; [`ShardWriter::finish`] renames it.
///
/// JSONL batches are appended as they come (each is a complete zstd frame). Parquet batches
/// go through one `ArrowWriter` per shard with the declared schema ([`crate::arrow::schema`])
/// and ZSTD pages. A shard with no rows is still a file (an empty zstd frame, a Parquet file
/// with the schema and no rows), so that a glob over `kept/` or `rejects/` always finds one.
/// A shard dropped without `finish` leaves its `.tmp` file behind, which a resumed run
/// overwrites.
pub struct ShardWriter {
    tmp: PathBuf,
    path: PathBuf,
    rows: u64,
    sink: Sink,
}

enum Sink {
    Jsonl(BufWriter<Target>),
    #[cfg(feature = "parquet")]
    Parquet(Box<parquet::arrow::ArrowWriter<Target>>),
}

/// Where a shard's bytes go: a local `.tmp` file, or a multipart upload to its final name
/// (object storage's rename: the object appears whole when the upload completes).
enum Target {
    File(File),
    Object(Box<dyn crate::storage::ObjectWrite>),
}

impl Write for Target {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Target::File(f) => f.write(buf),
            Target::Object(o) => o.write(buf),
        }
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        match self {
            Target::File(f) => f.write_all(buf),
            Target::Object(o) => o.write_all(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Target::File(f) => f.flush(),
            Target::Object(o) => o.flush(),
        }
    }
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

/// Encoded bytes of Parquet rows buffered before a row group is written out. Row groups are
/// cut where this is first reached, which depends only on the rows, so output stays
/// deterministic.
#[cfg(feature = "parquet")]
const ROW_GROUP_BYTES: usize = 32 << 20;

impl ShardWriter {
    /// Starts shard `n` in `dir` (created if missing), writing to `<name>.tmp`.
    pub fn create(dir: &Path, n: u64, format: OutputFormat) -> Result<ShardWriter, WriteError> {
        ShardWriter::create_fields(dir, n, format, &Fields::all())
    }

    /// [`ShardWriter::create`] for the columns `fields` selects (the Parquet schema is theirs).
    pub fn create_fields(
        dir: &Path,
        n: u64,
        format: OutputFormat,
        fields: &Fields,
    ) -> Result<ShardWriter, WriteError> {
        fs::create_dir_all(dir).map_err(|source| WriteError::Io {
            path: dir.to_path_buf(),
            source,
        })?;
        let name = shard_file_name(n, format);
        let path = dir.join(&name);
        let tmp = dir.join(format!("{name}.tmp"));
        let file = File::create(&tmp).map_err(|source| WriteError::Io {
            path: tmp.clone(),
            source,
        })?;
        ShardWriter::with_target(Target::File(file), tmp, path, format, fields)
    }

    /// Starts shard `n` under the URL `dir` (`s3://bucket/out/kept`) as a multipart upload
    /// to its final name, which appears only when [`ShardWriter::finish`] completes it.
    pub fn create_remote(
        dir: &str,
        n: u64,
        format: OutputFormat,
    ) -> Result<ShardWriter, WriteError> {
        ShardWriter::create_remote_fields(dir, n, format, &Fields::all())
    }

    /// [`ShardWriter::create_remote`] for the columns `fields` selects.
    pub fn create_remote_fields(
        dir: &str,
        n: u64,
        format: OutputFormat,
        fields: &Fields,
    ) -> Result<ShardWriter, WriteError> {
        let url = crate::storage::join(dir, &shard_file_name(n, format));
        let shown = PathBuf::from(crate::storage::display_url(&url));
        let object = crate::storage::get()
            .and_then(|s| s.create(&url))
            .map_err(|e| WriteError::Io {
                path: shown.clone(),
                source: e.into(),
            })?;
        ShardWriter::with_target(Target::Object(object), shown.clone(), shown, format, fields)
    }

    fn with_target(
        file: Target,
        tmp: PathBuf,
        path: PathBuf,
        format: OutputFormat,
        fields: &Fields,
    ) -> Result<ShardWriter, WriteError> {
        let sink = match format {
            OutputFormat::Jsonl => Sink::Jsonl(BufWriter::with_capacity(1 << 20, file)),
            #[cfg(feature = "parquet")]
            OutputFormat::Parquet => Sink::Parquet(Box::new(crate::parquet::writer(
                file,
                crate::arrow::schema_fields(fields),
            )?)),
            #[cfg(not(feature = "parquet"))]
            OutputFormat::Parquet => {
                match file {
                    Target::File(_) => drop(fs::remove_file(&tmp)),
                    Target::Object(o) => o.abort(),
                }
                return Err(WriteError::Encode(
                    "Parquet output needs ghirbal-io's `parquet` feature".into(),
                ));
            }
        };
        Ok(ShardWriter {
            tmp,
            path,
            rows: 0,
            sink,
        })
    }

    /// Appends an encoded batch holding `rows` rows.
    pub fn write(&mut self, batch: Encoded, rows: u64) -> Result<(), WriteError> {
        let io = |source| WriteError::Io {
            path: self.tmp.clone(),
            source,
        };
        match (&mut self.sink, batch) {
            (Sink::Jsonl(out), Encoded::Jsonl(bytes)) => out.write_all(&bytes).map_err(io)?,
            #[cfg(feature = "parquet")]
            (Sink::Parquet(writer), Encoded::Parquet(batch)) => {
                let parquet_error = |e| WriteError::Encode(format!("parquet: {e}"));
                writer.write(&batch).map_err(parquet_error)?;
                // The writer buffers a row group in memory until it is flushed; cut row
                // groups by size so memory does not grow with the shard.
                if writer.in_progress_size() >= ROW_GROUP_BYTES {
                    writer.flush().map_err(parquet_error)?;
                }
            }
            #[cfg(feature = "parquet")]
            _ => {
                return Err(WriteError::Encode(
                    "batch encoded for another format than the shard's".into(),
                ));
            }
        }
        self.rows += rows;
        Ok(())
    }

    /// Flushes, syncs and renames the file to its final name; a shard with no rows is an
    /// empty file of its format.
    pub fn finish(self) -> Result<ShardReceipt, WriteError> {
        let io = |path: &Path| {
            let path = path.to_path_buf();
            move |source| WriteError::Io { path, source }
        };
        let file = match self.sink {
            Sink::Jsonl(mut out) => {
                if self.rows == 0 {
                    // An empty frame: readers see a valid zstd stream with no lines.
                    let frame = zstd::bulk::compress(&[], 1)
                        .map_err(|e| WriteError::Encode(format!("zstd: {e}")))?;
                    out.write_all(&frame).map_err(io(&self.tmp))?;
                }
                out.into_inner()
                    .map_err(|e| io(&self.tmp)(e.into_error()))?
            }
            #[cfg(feature = "parquet")]
            Sink::Parquet(writer) => writer
                .into_inner()
                .map_err(|e| WriteError::Encode(format!("parquet: {e}")))?,
        };
        let file = match file {
            Target::File(file) => file,
            Target::Object(object) => {
                // Completing the upload is the rename: the object appears whole, or not at all.
                let bytes = object.complete().map_err(io(&self.path))?;
                return Ok(ShardReceipt {
                    path: self.path,
                    rows: self.rows,
                    bytes,
                });
            }
        };
        file.sync_all().map_err(io(&self.tmp))?;
        let bytes = file.metadata().map_err(io(&self.tmp))?.len();
        drop(file);
        fs::rename(&self.tmp, &self.path).map_err(io(&self.path))?;
        // The rename is durable once the directory is synced; not every file system allows
        // opening a directory, and the data itself is already safe, so a failure is ignored.
        if let Some(dir) = self.path.parent()
            && let Ok(d) = File::open(dir)
        {
            let _ = d.sync_all();
        }
        Ok(ShardReceipt {
            path: self.path,
            rows: self.rows,
            bytes,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::encode::{Row, encode};
    use ghirbal_core::Record;

    #[test]
    fn shard_appears_only_when_finished() {
        let dir = tempfile::tempdir().unwrap();
        let mut w = ShardWriter::create(&dir.path().join("kept"), 3, OutputFormat::Jsonl).unwrap();
        let rec = Record::new("a", "x");
        for _ in 0..2 {
            let e = encode(
                OutputFormat::Jsonl,
                &[Row {
                    record: &rec,
                    reject: None,
                }],
                1,
            )
            .unwrap();
            w.write(e, 1).unwrap();
        }
        let final_path = dir.path().join("kept/part-00003.jsonl.zst");
        assert!(!final_path.exists());
        assert!(dir.path().join("kept/part-00003.jsonl.zst.tmp").exists());
        let receipt = w.finish().unwrap();
        assert_eq!(receipt.path, final_path);
        assert_eq!(receipt.rows, 2);
        assert_eq!(receipt.bytes, fs::metadata(&final_path).unwrap().len());
        assert!(!dir.path().join("kept/part-00003.jsonl.zst.tmp").exists());
        let text = zstd::decode_all(File::open(&final_path).unwrap()).unwrap();
        assert_eq!(text.iter().filter(|&&b| b == b'\n').count(), 2);
    }

    #[test]
    fn empty_shard_is_a_file_with_no_rows() {
        let formats = [
            OutputFormat::Jsonl,
            #[cfg(feature = "parquet")]
            OutputFormat::Parquet,
        ];
        for format in formats {
            let dir = tempfile::tempdir().unwrap();
            let kept = dir.path().join("kept");
            let w = ShardWriter::create(&kept, 0, format).unwrap();
            let receipt = w.finish().unwrap();
            assert_eq!(receipt.rows, 0);
            assert!(receipt.path.exists());
            assert_eq!(fs::read_dir(&kept).unwrap().count(), 1);
            let rows: Vec<_> = crate::output::read_output(dir.path(), crate::output::Part::Kept)
                .unwrap()
                .collect();
            assert!(rows.is_empty(), "{rows:?}");
        }
    }

    #[test]
    fn unwritable_directory_is_an_io_error() {
        let dir = tempfile::tempdir().unwrap();
        let blocker = dir.path().join("file");
        fs::write(&blocker, "x").unwrap();
        let err = ShardWriter::create(&blocker.join("sub"), 0, OutputFormat::Jsonl)
            .err()
            .unwrap();
        assert!(matches!(err, WriteError::Io { .. }), "{err}");
    }
}
