//! Output rows to bytes (JSONL, one zstd frame per batch) or to an Arrow batch.

use std::io::Write;
use std::path::PathBuf;

use ghirbal_core::config::OutputFormat;
use ghirbal_core::{Record, Reject};

use crate::schema::Fields;

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
///
/// JSONL: each row is the record in the field order of [`Record`] (`id, text, title, lede,
/// captions, url, date, source, lang, lang_score, script, dup_cluster_size, signals,
/// metadata`, the declared columns of [`crate::schema`], `date` as `YYYY-MM-DDTHH:MM:SSZ`),
/// then for a reject `"reason"` (a string) and `"detail"` (an object), one row per line; the
/// batch is one zstd frame.
///
/// Parquet: the declared columns of [`crate::schema`] in the Arrow types of
/// [`crate::arrow::record_batch`], the same schema for kept and rejected rows.
pub fn encode(
    format: OutputFormat,
    rows: &[Row<'_>],
    zstd_level: i32,
) -> Result<Encoded, WriteError> {
    encode_fields(format, rows, zstd_level, &Fields::all())
}

/// [`encode`] of the columns `fields` selects (`[output] fields`), in the declared order;
/// rejected rows add `reason` and `detail` whatever the selection.
pub fn encode_fields(
    format: OutputFormat,
    rows: &[Row<'_>],
    zstd_level: i32,
    fields: &Fields,
) -> Result<Encoded, WriteError> {
    match format {
        OutputFormat::Jsonl => jsonl(rows, zstd_level, fields).map(Encoded::Jsonl),
        #[cfg(feature = "parquet")]
        OutputFormat::Parquet => {
            crate::arrow::record_batch_fields(rows, fields).map(Encoded::Parquet)
        }
        #[cfg(not(feature = "parquet"))]
        OutputFormat::Parquet => Err(WriteError::Encode(
            "Parquet output needs ghirbal-io's `parquet` feature".into(),
        )),
    }
}

/// The rows as JSON lines, compressed into one zstd frame.
fn jsonl(rows: &[Row<'_>], level: i32, fields: &Fields) -> Result<Vec<u8>, WriteError> {
    let mut buf = Vec::with_capacity(rows.iter().map(|r| r.record.text.len() + 512).sum());
    for row in rows {
        write_row(&mut buf, row, fields).map_err(|e| WriteError::Encode(e.to_string()))?;
    }
    zstd::bulk::compress(&buf, level).map_err(|e| WriteError::Encode(format!("zstd: {e}")))
}

/// Writes one row and its newline.
pub(crate) fn write_row(
    buf: &mut Vec<u8>,
    row: &Row<'_>,
    fields: &Fields,
) -> serde_json::Result<()> {
    let start = buf.len();
    crate::json_out::write_fields(buf, row.record, fields)?;
    if let Some(reject) = row.reject {
        // The record is a JSON object: reopen it to add the two reject fields last.
        buf.pop();
        if buf.len() > start + 1 {
            buf.push(b',');
        }
        buf.extend_from_slice(b"\"reason\":");
        crate::json_out::write_str(buf, reject.reason.as_str());
        buf.extend_from_slice(b",\"detail\":");
        serde_json::to_writer(&mut *buf, &reject.detail)?;
        buf.push(b'}');
    }
    buf.write_all(b"\n").map_err(serde_json::Error::io)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ghirbal_core::reason::dedup;

    #[test]
    fn reject_row_ends_with_reason_and_detail() {
        let rec = Record::new("a", "نص");
        let reject = Reject::new(dedup::EXACT, serde_json::json!({"kept": "b"}));
        let mut buf = Vec::new();
        write_row(
            &mut buf,
            &Row {
                record: &rec,
                reject: Some(&reject),
            },
            &Fields::all(),
        )
        .unwrap();
        let line = String::from_utf8(buf).unwrap();
        assert!(line.starts_with(r#"{"id":"a","text":"نص","#), "{line}");
        let value: serde_json::Value = serde_json::from_str(&line).unwrap();
        let keys: Vec<_> = value.as_object().unwrap().keys().cloned().collect();
        assert_eq!(keys[keys.len() - 2..], ["reason", "detail"]);
        assert!(line.ends_with(
            r#""metadata":{},"reason":"dedup:exact","detail":{"kept":"b"}}
"#
        ));
    }

    #[test]
    fn selected_fields_only_and_rejects_keep_their_two() {
        let mut rec = Record::new("a", "نص");
        rec.title = Some("t".into());
        let fields = Fields::from_names(&["id", "text"]).unwrap();
        let reject = Reject::new(dedup::EXACT, serde_json::json!({"kept": "b"}));
        let mut buf = Vec::new();
        let kept = Row {
            record: &rec,
            reject: None,
        };
        write_row(&mut buf, &kept, &fields).unwrap();
        let rejected = Row {
            record: &rec,
            reject: Some(&reject),
        };
        write_row(&mut buf, &rejected, &fields).unwrap();
        let none = Fields::from_names(&["reason"]).unwrap();
        write_row(&mut buf, &kept, &none).unwrap();
        write_row(&mut buf, &rejected, &none).unwrap();
        assert_eq!(
            String::from_utf8(buf).unwrap(),
            "{\"id\":\"a\",\"text\":\"نص\"}\n\
             {\"id\":\"a\",\"text\":\"نص\",\"reason\":\"dedup:exact\",\"detail\":{\"kept\":\"b\"}}\n\
             {}\n\
             {\"reason\":\"dedup:exact\",\"detail\":{\"kept\":\"b\"}}\n"
        );
    }

    #[test]
    fn batches_are_frames_that_concatenate_into_one_stream() {
        let a = Record::new("a", "one");
        let b = Record::new("b", "two");
        let mut file = Vec::new();
        for rec in [&a, &b] {
            match encode(
                OutputFormat::Jsonl,
                &[Row {
                    record: rec,
                    reject: None,
                }],
                3,
            )
            .unwrap()
            {
                Encoded::Jsonl(bytes) => file.extend_from_slice(&bytes),
                #[cfg(feature = "parquet")]
                Encoded::Parquet(_) => unreachable!(),
            }
        }
        let text = String::from_utf8(zstd::decode_all(&file[..]).unwrap()).unwrap();
        let back: Vec<Record> = text
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(back, [a, b]);
    }
}
