//! An output folder read back: the rows a run wrote to `kept/` and `rejects/`, in shard order.
//!
//! This is the one reader of ghirbal's own output; the report, the index and the UI use it, so
//! a change of the output schema is met here once. A row comes back as the [`Record`] the run
//! wrote (serde's own `Deserialize` of it, so every field of the schema) and, for rejects, its
//! [`Reject`]. Finished shards only: `.tmp` files of an unfinished run are not read. The
//! folder may be a URL (`s3://bucket/out`), read through [`crate::storage`].

use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use ghirbal_core::reason::error;
use ghirbal_core::{Reason, Record, Reject};
use serde::Deserialize;
use serde_json::Value;

use crate::ReadError;
use crate::detect::{self, Container};
use crate::storage;
use crate::stream::{Counters, CountingFile, Line, Stream, raw_reader};

/// One of the two parts of an output folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Part {
    /// `OUT/kept/`: the records the run kept.
    Kept,
    /// `OUT/rejects/`: every dropped record, with its reason and detail.
    Rejects,
}

impl Part {
    /// The folder's name inside OUT.
    pub fn dir_name(self) -> &'static str {
        match self {
            Part::Kept => "kept",
            Part::Rejects => "rejects",
        }
    }
}

/// One row of an output folder.
#[derive(Debug, Clone, PartialEq)]
pub struct OutputRow {
    /// The record as written.
    pub record: Record,
    /// Why it was dropped; `None` for kept rows.
    pub reject: Option<Reject>,
}

/// The finished shard files of `part` in `out`, in shard order (`part-00000.jsonl.zst`,
/// `part-00001.parquet`, ...). A missing folder has no shards. `out` may be a URL
/// (`s3://bucket/out`): the shards are then the objects listed under it.
///
/// # Errors
/// The folder exists but cannot be listed.
pub fn shards(out: &Path, part: Part) -> io::Result<Vec<PathBuf>> {
    Ok(shard_files(out, part)?
        .into_iter()
        .map(|(p, _)| p)
        .collect())
}

/// A shard's name says it is one, finished.
fn is_shard(name: &str) -> bool {
    name.starts_with("part-") && (name.ends_with(".jsonl.zst") || name.ends_with(".parquet"))
}

/// [`shards`], with each one's size in bytes.
fn shard_files(out: &Path, part: Part) -> io::Result<Vec<(PathBuf, u64)>> {
    let place = out.to_string_lossy();
    if storage::is_url(&place) {
        let prefix = format!("{}/", storage::join(&place, part.dir_name()));
        let objects = storage::get()
            .and_then(|s| s.list_all(&prefix))
            .map_err(io::Error::from)?;
        let mut files: Vec<(PathBuf, u64)> = objects
            .into_iter()
            .filter(|o| o.url.strip_prefix(&prefix).is_some_and(is_shard))
            .map(|o| (PathBuf::from(o.url), o.size))
            .collect();
        files.sort();
        return Ok(files);
    }
    let dir = out.join(part.dir_name());
    let entries = match fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    let mut files = Vec::new();
    for entry in entries {
        let entry = entry?;
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        if is_shard(name) && entry.file_type()?.is_file() {
            files.push((entry.path(), entry.metadata()?.len()));
        }
    }
    files.sort();
    Ok(files)
}

/// Reads every row of `part` in `out`, shard after shard.
///
/// # Errors
/// The folder exists but cannot be listed. A shard that cannot be read, or a row that does not
/// parse, comes as an `Err` item, and reading goes on with the next row or shard.
pub fn read_output(out: &Path, part: Part) -> io::Result<OutputReader> {
    Ok(OutputReader {
        files: shard_files(out, part)?.into_iter(),
        current: None,
        part,
    })
}

/// The iterator [`read_output`] returns.
pub struct OutputReader {
    files: std::vec::IntoIter<(PathBuf, u64)>,
    current: Option<ShardRows>,
    part: Part,
}

impl Iterator for OutputReader {
    type Item = Result<OutputRow, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(shard) = self.current.as_mut() {
                match shard.next_row(self.part) {
                    Some(item) => return Some(item),
                    None => self.current = None,
                }
            }
            let (path, size) = self.files.next()?;
            match ShardRows::open(&path, size) {
                Ok(rows) => self.current = Some(rows),
                Err(e) => return Some(Err(e)),
            }
        }
    }
}

/// The rows of one shard file.
enum ShardRows {
    Jsonl {
        name: String,
        stream: Box<Stream>,
        line: Vec<u8>,
        index: u64,
        done: bool,
    },
    #[cfg(feature = "parquet")]
    Parquet(crate::parquet::OutputRows),
}

impl ShardRows {
    /// Opens the shard at `path` (a local file, or a URL) of `size` bytes.
    fn open(path: &Path, size: u64) -> Result<ShardRows, ReadError> {
        let name = storage::display_url(&path.to_string_lossy());
        let fail = |reason: Reason, e: io::Error| ReadError {
            reason,
            detail: format!("{name}: {e}"),
            index: 0,
            offset: 0,
        };
        let counters = Arc::new(Counters::default());
        let url = path.to_string_lossy();
        let file = if storage::is_url(&url) {
            let object = storage::get().and_then(|s| {
                s.open(&storage::Object {
                    url: url.into_owned(),
                    size,
                    version: None,
                })
            });
            CountingFile::object(
                object.map_err(|e| fail(error::UNREADABLE, e.into()))?,
                counters.clone(),
            )
        } else {
            let file = File::open(path).map_err(|e| fail(error::UNREADABLE, e))?;
            CountingFile::new(file, counters.clone())
        };
        let mut raw = raw_reader(file);
        let head = io::BufRead::fill_buf(&mut raw).map_err(|e| fail(error::UNREADABLE, e))?;
        match detect::container(head) {
            Container::Stream(codec) => Ok(ShardRows::Jsonl {
                stream: Box::new(Stream::new(raw, codec, counters)),
                name,
                line: Vec::new(),
                index: 0,
                done: false,
            }),
            #[cfg(feature = "parquet")]
            Container::Parquet => {
                // Read by seeking: the stream that showed the magic bytes is closed.
                drop(raw);
                crate::parquet::OutputRows::open(path, size).map(ShardRows::Parquet)
            }
            #[cfg(not(feature = "parquet"))]
            Container::Parquet => Err(ReadError {
                reason: error::UNSUPPORTED_FORMAT,
                detail: format!("{name}: Parquet output needs the `parquet` feature"),
                index: 0,
                offset: 0,
            }),
        }
    }

    fn next_row(&mut self, part: Part) -> Option<Result<OutputRow, ReadError>> {
        match self {
            ShardRows::Jsonl {
                name,
                stream,
                line,
                index,
                done,
            } => loop {
                if *done {
                    return None;
                }
                let offset = stream.offset;
                let at = *index;
                let fail = |reason: Reason, detail: String| ReadError {
                    reason,
                    detail: format!("{name}: {detail}"),
                    index: at,
                    offset,
                };
                match stream.read_line(line, usize::MAX) {
                    Ok(Line::End) => return None,
                    Ok(Line::TooLong(_)) => unreachable!("no line is longer than usize::MAX"),
                    Ok(Line::Read) if line.iter().all(u8::is_ascii_whitespace) => continue,
                    Ok(Line::Read) => {
                        *index += 1;
                        return Some(
                            row_from_json(line, part).map_err(|e| fail(error::BAD_JSON, e)),
                        );
                    }
                    Err(e) => {
                        // A damaged stream cannot be read on from.
                        *done = true;
                        return Some(Err(fail(stream.error_reason(), e.to_string())));
                    }
                }
            },
            #[cfg(feature = "parquet")]
            ShardRows::Parquet(rows) => rows.next_row(part),
        }
    }
}

/// The reject columns of a row; the record's own fields are skipped.
#[derive(Deserialize)]
struct RejectFields {
    reason: Reason,
    #[serde(default)]
    detail: Value,
}

/// A row from one JSON line.
fn row_from_json(line: &[u8], part: Part) -> Result<OutputRow, String> {
    let record: Record = serde_json::from_slice(line).map_err(|e| e.to_string())?;
    let reject = match part {
        Part::Kept => None,
        Part::Rejects => {
            let r: RejectFields = serde_json::from_slice(line).map_err(|e| e.to_string())?;
            Some(Reject::new(r.reason, r.detail))
        }
    };
    Ok(OutputRow { record, reject })
}

/// A row from a JSON object whose `signals`, `metadata` and `detail` may be JSON text, the
/// structs of the Parquet columns ([`crate::schema::struct_columns`]) or objects.
#[cfg(feature = "parquet")]
pub(crate) fn row_from_object(
    mut object: serde_json::Map<String, Value>,
    part: Part,
) -> Result<OutputRow, String> {
    for key in ["signals", "metadata", "detail"] {
        let parsed = match object.remove(key) {
            // JSON text (`signals = "full"`).
            Some(Value::String(text)) => {
                serde_json::from_str(&text).map_err(|e| format!("column `{key}`: {e}"))?
            }
            // A struct: its null sub-columns were not in the record, and `other` holds the
            // keys that have no sub-column of their own.
            Some(Value::Object(fields)) => {
                let mut flat = serde_json::Map::new();
                for (name, value) in fields {
                    match value {
                        Value::Null => {}
                        Value::String(text) if name == crate::schema::OTHER => {
                            let rest: serde_json::Map<String, Value> = serde_json::from_str(&text)
                                .map_err(|e| format!("column `{key}.{name}`: {e}"))?;
                            flat.extend(rest);
                        }
                        value => {
                            flat.insert(name, value);
                        }
                    }
                }
                Value::Object(flat)
            }
            Some(other) => other,
            None => continue,
        };
        object.insert(key.to_owned(), parsed);
    }
    let reject = match part {
        Part::Kept => None,
        Part::Rejects => {
            let reason: Reason = match object.remove("reason") {
                Some(v @ Value::String(_)) => {
                    serde_json::from_value(v).map_err(|e| e.to_string())?
                }
                _ => return Err("no `reason` column".into()),
            };
            let detail = object.remove("detail").unwrap_or(Value::Null);
            Some(Reject::new(reason, detail))
        }
    };
    let record: Record =
        serde_json::from_value(Value::Object(object)).map_err(|e| e.to_string())?;
    Ok(OutputRow { record, reject })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Row, ShardWriter, encode};
    use ghirbal_core::config::OutputFormat;
    use ghirbal_core::reason::dedup;

    fn sample() -> (Vec<Record>, Vec<(Record, Reject)>) {
        let mut a = Record::new("a", "نص أول\n\nفقرة");
        a.title = Some("عنوان".into());
        a.captions = vec!["صورة".into()];
        a.lang = Some("ar".into());
        a.lang_score = Some(0.5);
        a.dup_cluster_size = 2;
        a.set_signal("lang.score", 0.5);
        a.metadata.insert("input_file".into(), "x.jsonl".into());
        a.metadata.insert("input_offset".into(), 7.into());
        a.metadata.insert(
            "author".into(),
            serde_json::json!({"name": "كاتب", "n": [1, 2]}),
        );
        let b = Record::new("b", "second");
        let c = Record::new("c", "نص أول\n\nفقرة");
        let reject = Reject::new(
            dedup::EXACT,
            serde_json::json!({"kept_id": "a", "cluster_size": 2, "figure": 0.25, "why": [1]}),
        );
        (vec![a, b], vec![(c, reject)])
    }

    fn write(out: &Path, format: OutputFormat) {
        let (kept, rejects) = sample();
        let rows: Vec<Row> = kept
            .iter()
            .map(|r| Row {
                record: r,
                reject: None,
            })
            .collect();
        let mut w = ShardWriter::create(&out.join("kept"), 0, format).unwrap();
        w.write(encode(format, &rows, 3).unwrap(), rows.len() as u64)
            .unwrap();
        let _ = w.finish().unwrap();
        let rows: Vec<Row> = rejects
            .iter()
            .map(|(r, j)| Row {
                record: r,
                reject: Some(j),
            })
            .collect();
        let mut w = ShardWriter::create(&out.join("rejects"), 0, format).unwrap();
        w.write(encode(format, &rows, 3).unwrap(), 1).unwrap();
        let _ = w.finish().unwrap();
    }

    fn read_back_equals_what_was_written(format: OutputFormat) {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), format);
        let (kept, rejects) = sample();
        let got: Vec<OutputRow> = read_output(dir.path(), Part::Kept)
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let want: Vec<OutputRow> = kept
            .into_iter()
            .map(|record| OutputRow {
                record,
                reject: None,
            })
            .collect();
        assert_eq!(got, want);
        let got: Vec<OutputRow> = read_output(dir.path(), Part::Rejects)
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let want: Vec<OutputRow> = rejects
            .into_iter()
            .map(|(record, reject)| OutputRow {
                record,
                reject: Some(reject),
            })
            .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn jsonl_output_reads_back_as_written() {
        read_back_equals_what_was_written(OutputFormat::Jsonl);
    }

    #[cfg(feature = "parquet")]
    #[test]
    fn parquet_output_reads_back_as_written() {
        read_back_equals_what_was_written(OutputFormat::Parquet);
    }

    #[test]
    fn missing_part_has_no_rows_and_tmp_shards_are_not_read() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(read_output(dir.path(), Part::Kept).unwrap().count(), 0);
        fs::create_dir_all(dir.path().join("kept")).unwrap();
        fs::write(dir.path().join("kept/part-00000.jsonl.zst.tmp"), b"junk").unwrap();
        assert!(shards(dir.path(), Part::Kept).unwrap().is_empty());
    }

    #[test]
    fn bad_line_is_an_error_and_reading_goes_on() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("kept")).unwrap();
        let body = "{\"id\":\"a\",\"text\":\"x\"}\nnot json\n{\"id\":\"b\",\"text\":\"y\"}\n";
        let z = zstd::bulk::compress(body.as_bytes(), 3).unwrap();
        fs::write(dir.path().join("kept/part-00000.jsonl.zst"), z).unwrap();
        let items: Vec<_> = read_output(dir.path(), Part::Kept).unwrap().collect();
        assert_eq!(items.len(), 3);
        assert_eq!(items[0].as_ref().unwrap().record.id, "a");
        let err = items[1].as_ref().unwrap_err();
        assert_eq!(err.reason, error::BAD_JSON);
        assert_eq!(err.index, 1);
        assert_eq!(items[2].as_ref().unwrap().record.id, "b");
    }
}
