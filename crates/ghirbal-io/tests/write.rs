//! Writers: shards that load back as what was written.
// Without Parquet, `Encoded` has one variant and the Parquet tests (with their imports) go.
#![cfg_attr(
    not(feature = "parquet"),
    allow(irrefutable_let_patterns, unused_imports)
)]

use std::fs;

use ghirbal_core::config::OutputFormat;
use ghirbal_core::reason::filter;
use ghirbal_core::{Record, Reject};
use ghirbal_io::{Encoded, Input, ReadOptions, Row, ShardWriter, encode, open};
use serde_json::json;

fn records() -> Vec<Record> {
    let mut a = Record::new("a", "نص عربي");
    a.title = Some("عنوان".into());
    a.captions = vec!["c1".into(), "c2".into()];
    a.lang = Some("ar".into());
    a.lang_score = Some(0.93);
    a.set_signal("filter.x", 1.5);
    a.metadata.insert("k".into(), json!({"n": 1}));
    let b = Record::new("b", "second");
    vec![a, b]
}

#[test]
fn jsonl_shard_of_several_frames_reads_back_through_open() {
    let dir = tempfile::tempdir().unwrap();
    let recs = records();
    let mut w = ShardWriter::create(dir.path(), 0, OutputFormat::Jsonl).unwrap();
    for rec in &recs {
        let e = encode(
            OutputFormat::Jsonl,
            &[Row {
                record: rec,
                reject: None,
            }],
            3,
        )
        .unwrap();
        w.write(e, 1).unwrap();
    }
    let receipt = w.finish().unwrap();
    assert_eq!(receipt.rows, 2);
    let input = Input {
        path: receipt.path.clone(),
        name: "out".into(),
        relative: "out".into(),
        size: receipt.bytes,
    };
    let mut reader = open(
        &input,
        &ReadOptions {
            max_record_bytes: 1 << 20,
            ..ReadOptions::default()
        },
    );
    let first = reader.next_item().unwrap().unwrap();
    assert_eq!(first.id, "a");
    assert_eq!(first.text, "نص عربي");
    assert_eq!(first.title.as_deref(), Some("عنوان"));
    // Output-only fields come back as metadata of the input.
    assert_eq!(first.metadata["captions"], json!(["c1", "c2"]));
    assert_eq!(first.metadata["metadata"], json!({"k": {"n": 1}}));
    assert_eq!(reader.next_item().unwrap().unwrap().id, "b");
    assert!(reader.next_item().is_none());
}

#[test]
fn rejects_in_jsonl_end_with_reason_and_detail() {
    let recs = records();
    let reject = Reject::new(
        filter::ALL
            .first()
            .cloned()
            .unwrap_or(ghirbal_core::reason::error::BAD_JSON),
        "why",
    );
    let rows: Vec<Row> = recs
        .iter()
        .map(|r| Row {
            record: r,
            reject: Some(&reject),
        })
        .collect();
    let Encoded::Jsonl(bytes) = encode(OutputFormat::Jsonl, &rows, 1).unwrap() else {
        panic!("not jsonl");
    };
    let text = String::from_utf8(zstd::decode_all(&bytes[..]).unwrap()).unwrap();
    for line in text.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let keys: Vec<_> = v.as_object().unwrap().keys().cloned().collect();
        assert_eq!(keys.first().map(String::as_str), Some("id"));
        assert_eq!(keys[keys.len() - 3..], ["metadata", "reason", "detail"]);
        assert_eq!(v["detail"], json!({"message": "why"}));
    }
}

#[cfg(feature = "parquet")]
#[test]
fn parquet_shard_reads_back_through_open() {
    let dir = tempfile::tempdir().unwrap();
    let recs = records();
    let mut w = ShardWriter::create(dir.path(), 1, OutputFormat::Parquet).unwrap();
    for chunk in recs.chunks(1) {
        let rows: Vec<Row> = chunk
            .iter()
            .map(|r| Row {
                record: r,
                reject: None,
            })
            .collect();
        let e = encode(OutputFormat::Parquet, &rows, 3).unwrap();
        w.write(e, rows.len() as u64).unwrap();
    }
    let receipt = w.finish().unwrap();
    assert!(receipt.path.ends_with("part-00001.parquet"));
    assert_eq!(receipt.bytes, fs::metadata(&receipt.path).unwrap().len());
    let input = Input {
        path: receipt.path.clone(),
        name: "pq".into(),
        relative: "pq".into(),
        size: receipt.bytes,
    };
    let mut reader = open(
        &input,
        &ReadOptions {
            max_record_bytes: 1 << 20,
            ..ReadOptions::default()
        },
    );
    let first = reader.next_item().unwrap().unwrap();
    assert_eq!((first.id.as_str(), first.text.as_str()), ("a", "نص عربي"));
    assert_eq!(first.title.as_deref(), Some("عنوان"));
    assert_eq!(first.metadata["lang"], json!("ar"));
    assert_eq!(first.metadata["lang_score"], json!(0.93));
    assert_eq!(first.metadata["dup_cluster_size"], json!(1));
    // `metadata` is a struct: typed keys, the rest as JSON text in `other`.
    assert_eq!(
        first.metadata["metadata"],
        json!({"input_file": null, "input_offset": null, "other": r#"{"k":{"n":1}}"#})
    );
    assert_eq!(first.metadata["input_offset"], json!(0));
    let second = reader.next_item().unwrap().unwrap();
    assert_eq!(second.id, "b");
    assert_eq!(second.metadata["input_offset"], json!(1));
    assert!(reader.next_item().is_none());
    assert_eq!(reader.bytes_read(), receipt.bytes);
}

#[cfg(feature = "parquet")]
#[test]
fn parquet_rejects_have_reason_and_detail_columns() {
    let dir = tempfile::tempdir().unwrap();
    let recs = records();
    let reject = Reject::new(ghirbal_core::reason::error::BAD_JSON, json!({"figure": 3}));
    let rows: Vec<Row> = recs
        .iter()
        .map(|r| Row {
            record: r,
            reject: Some(&reject),
        })
        .collect();
    let Encoded::Parquet(batch) = encode(OutputFormat::Parquet, &rows, 3).unwrap() else {
        panic!("not parquet");
    };
    let names: Vec<_> = batch
        .schema()
        .fields()
        .iter()
        .map(|f| f.name().clone())
        .collect();
    assert_eq!(names[names.len() - 2..], ["reason", "detail"]);
    let mut w = ShardWriter::create(dir.path(), 0, OutputFormat::Parquet).unwrap();
    w.write(Encoded::Parquet(batch), 2).unwrap();
    let receipt = w.finish().unwrap();
    let input = Input {
        path: receipt.path,
        name: "r".into(),
        relative: "r".into(),
        size: receipt.bytes,
    };
    let mut reader = open(
        &input,
        &ReadOptions {
            max_record_bytes: 1 << 20,
            ..ReadOptions::default()
        },
    );
    let first = reader.next_item().unwrap().unwrap();
    assert_eq!(first.metadata["reason"], json!("error:bad_json"));
    // `detail` is a struct: the figure typed, every other sub-column null.
    assert_eq!(first.metadata["detail"]["figure"], json!(3.0));
    assert_eq!(first.metadata["detail"]["other"], json!(null));
}

#[cfg(feature = "parquet")]
#[test]
fn parquet_without_text_column_is_bad_parquet() {
    use std::sync::Arc;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.parquet");
    let schema = Arc::new(arrow_schema::Schema::new(vec![arrow_schema::Field::new(
        "body",
        arrow_schema::DataType::Utf8,
        false,
    )]));
    let col = arrow_array::StringArray::from(vec!["x"]);
    let batch = arrow_array::RecordBatch::try_new(schema.clone(), vec![Arc::new(col)]).unwrap();
    let mut w =
        parquet::arrow::ArrowWriter::try_new(fs::File::create(&path).unwrap(), schema, None)
            .unwrap();
    w.write(&batch).unwrap();
    w.close().unwrap();
    let input = Input {
        path: path.clone(),
        name: "x".into(),
        relative: "x".into(),
        size: 0,
    };
    let mut reader = open(
        &input,
        &ReadOptions {
            max_record_bytes: 1 << 20,
            ..ReadOptions::default()
        },
    );
    let e = reader.next_item().unwrap().unwrap_err();
    assert_eq!(e.reason.as_str(), "error:bad_parquet");
    assert!(reader.next_item().is_none());
    // A cut file: the magic is there, the footer is not.
    let bytes = fs::read(&path).unwrap();
    fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();
    let mut reader = open(
        &input,
        &ReadOptions {
            max_record_bytes: 1 << 20,
            ..ReadOptions::default()
        },
    );
    assert_eq!(
        reader.next_item().unwrap().unwrap_err().reason.as_str(),
        "error:bad_parquet"
    );
}

#[cfg(feature = "parquet")]
#[test]
fn parquet_shard_cuts_row_groups_by_size_so_memory_stays_bounded() {
    let dir = tempfile::tempdir().unwrap();
    let mut w = ShardWriter::create(dir.path(), 0, OutputFormat::Parquet).unwrap();
    // 96 rows of 1 MiB of varied text: more than one 32 MiB row group's worth.
    let mut seed = 7u64;
    for i in 0..96 {
        let text: String = (0..(1 << 20) / 8)
            .map(|_| {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                format!("{:07x} ", seed >> 36)
            })
            .collect();
        let rec = Record::new(format!("r{i}"), text);
        let rows = [Row {
            record: &rec,
            reject: None,
        }];
        w.write(encode(OutputFormat::Parquet, &rows, 1).unwrap(), 1)
            .unwrap();
    }
    let receipt = w.finish().unwrap();
    let file = fs::File::open(&receipt.path).unwrap();
    let meta = parquet::file::reader::SerializedFileReader::new(file).unwrap();
    let groups = parquet::file::reader::FileReader::metadata(&meta).num_row_groups();
    assert!(groups >= 2, "one row group held the whole shard");
    assert_eq!(receipt.rows, 96);
}
