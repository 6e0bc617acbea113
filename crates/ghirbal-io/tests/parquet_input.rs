//! Parquet inputs written here with the column types datasets on the Hub use.
#![cfg(feature = "parquet")]

use std::fs;
use std::sync::Arc;

use arrow_array::builder::{ListBuilder, StringBuilder};
use arrow_array::{
    ArrayRef, Int64Array, LargeStringArray, RecordBatch, StringViewArray, StructArray,
    TimestampSecondArray,
};
use arrow_schema::{DataType, Field, Fields, Schema};
use ghirbal_io::{Input, ReadItem, ReadOptions, open};
use parquet::arrow::ArrowWriter;
use parquet::file::properties::WriterProperties;
use serde_json::json;

fn read_all(path: &std::path::Path) -> Vec<ReadItem> {
    let input = Input {
        path: path.to_path_buf(),
        name: "hub.parquet".into(),
        relative: "hub.parquet".into(),
        size: fs::metadata(path).unwrap().len(),
    };
    let mut reader = open(
        &input,
        &ReadOptions {
            max_record_bytes: 1000,
            ..ReadOptions::default()
        },
    );
    let mut items = Vec::new();
    while let Some(item) = reader.next_item() {
        items.push(item);
    }
    assert_eq!(reader.bytes_read(), input.size);
    items
}

#[test]
fn large_utf8_text_with_ids_timestamps_lists_and_structs_over_many_row_groups() {
    let n = 2500;
    let texts: Vec<Option<String>> = (0..n)
        .map(|i| match i {
            7 => None,
            8 => Some("x".repeat(2000)),
            _ => Some(format!("نص {i}")),
        })
        .collect();
    let text: ArrayRef = Arc::new(LargeStringArray::from(texts));
    let id: ArrayRef = Arc::new(Int64Array::from((0..n as i64).collect::<Vec<_>>()));
    let date: ArrayRef =
        Arc::new(TimestampSecondArray::from(vec![1_704_067_200i64; n]).with_timezone("UTC"));
    let mut tags = ListBuilder::new(StringBuilder::new());
    for i in 0..n {
        tags.values().append_value("a");
        if i % 2 == 0 {
            tags.values().append_value("b");
        }
        tags.append(true);
    }
    let tags: ArrayRef = Arc::new(tags.finish());
    let view: ArrayRef = Arc::new(StringViewArray::from(vec!["v"; n]));
    let inner = Fields::from(vec![Field::new("score", DataType::Int64, false)]);
    let meta: ArrayRef = Arc::new(StructArray::new(
        inner.clone(),
        vec![Arc::new(Int64Array::from(vec![5i64; n])) as ArrayRef],
        None,
    ));
    let schema = Arc::new(Schema::new(vec![
        Field::new("id", DataType::Int64, false),
        Field::new("text", DataType::LargeUtf8, true),
        Field::new("date", date.data_type().clone(), false),
        Field::new("tags", tags.data_type().clone(), false),
        Field::new("kind", DataType::Utf8View, false),
        Field::new("meta", DataType::Struct(inner), false),
    ]));
    let batch =
        RecordBatch::try_new(schema.clone(), vec![id, text, date, tags, view, meta]).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hub.parquet");
    let props = WriterProperties::builder()
        .set_max_row_group_row_count(Some(1000))
        .build();
    let mut w =
        ArrowWriter::try_new(fs::File::create(&path).unwrap(), schema, Some(props)).unwrap();
    w.write(&batch).unwrap();
    w.close().unwrap();

    let items = read_all(&path);
    assert_eq!(items.len(), n);
    let first = items[0].as_ref().unwrap();
    assert_eq!(first.id, "0");
    assert_eq!(first.text, "نص 0");
    assert_eq!(first.date.as_deref(), Some("2024-01-01T00:00:00Z"));
    assert_eq!(first.metadata["tags"], json!(["a", "b"]));
    assert_eq!(first.metadata["kind"], json!("v"));
    assert_eq!(first.metadata["meta"], json!({"score": 5}));
    assert_eq!(
        items[7].as_ref().unwrap_err().reason.as_str(),
        "error:no_text"
    );
    assert_eq!(
        items[8].as_ref().unwrap_err().reason.as_str(),
        "error:too_large"
    );
    let last = items[n - 1].as_ref().unwrap();
    assert_eq!(last.id, format!("{}", n - 1));
    assert_eq!(last.position.index, n as u64 - 1);
    assert_eq!(last.metadata["tags"], json!(["a"]));
}
