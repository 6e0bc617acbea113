//! Hostile input the readers meet alone (the whole-run suite is `ghirbal-cli/tests/hostile.rs`):
//! Parquet whose columns have the wrong types.

#[cfg(feature = "parquet")]
#[test]
fn parquet_with_wrong_column_types_is_a_reason_not_a_panic() {
    use std::sync::Arc;

    use arrow_array::{Array, Int64Array, ListArray, RecordBatch, StringArray};
    use arrow_schema::{DataType, Field, Schema};
    use ghirbal_io::{Input, ReadOptions, open};

    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, schema: Arc<Schema>, columns: Vec<arrow_array::ArrayRef>| {
        let path = dir.path().join(name);
        let batch = RecordBatch::try_new(schema.clone(), columns).unwrap();
        let file = std::fs::File::create(&path).unwrap();
        let mut w = parquet::arrow::ArrowWriter::try_new(file, schema, None).unwrap();
        w.write(&batch).unwrap();
        w.close().unwrap();
        path
    };
    let read = |path: &std::path::Path| -> Vec<_> {
        let mut r = open(&Input::file(path), &ReadOptions::default());
        std::iter::from_fn(|| r.next_item()).collect()
    };

    // `text` is an integer column: the file is one error.
    let schema = Arc::new(Schema::new(vec![Field::new(
        "text",
        DataType::Int64,
        false,
    )]));
    let p = write(
        "int_text.parquet",
        schema,
        vec![Arc::new(Int64Array::from(vec![1, 2]))],
    );
    let items = read(&p);
    assert_eq!(items.len(), 1);
    let e = items[0].as_ref().unwrap_err();
    assert_eq!(e.reason.as_str(), "error:bad_parquet");
    assert!(e.detail.contains("Int64"), "{}", e.detail);

    // `id` a list, `url` a number, `text` null in one row: values kept in metadata, the null
    // text counted.
    let ids = ListArray::from_iter_primitive::<arrow_array::types::Int64Type, _, _>(vec![
        Some(vec![Some(1)]),
        Some(vec![Some(2)]),
    ]);
    let schema = Arc::new(Schema::new(vec![
        Field::new("text", DataType::Utf8, true),
        Field::new("id", ids.data_type().clone(), true),
        Field::new("url", DataType::Int64, true),
    ]));
    let p = write(
        "odd_types.parquet",
        schema,
        vec![
            Arc::new(StringArray::from(vec![Some("نص"), None])),
            Arc::new(ids),
            Arc::new(Int64Array::from(vec![7, 8])),
        ],
    );
    let items = read(&p);
    assert_eq!(items.len(), 2);
    let r = items[0].as_ref().unwrap();
    assert_eq!(r.id, "odd_types.parquet:0");
    assert_eq!(r.url, None);
    assert_eq!(r.metadata["id"], serde_json::json!([1]));
    assert_eq!(r.metadata["url"], 7);
    assert_eq!(
        items[1].as_ref().unwrap_err().reason.as_str(),
        "error:no_text"
    );
}

/// A footer whose column chunk has a negative offset (found by `fuzz/fuzz_targets/read_parquet`,
/// kept among its seeds): the parquet crate asserts on such a chunk when it reads it, so the
/// reader refuses the file first.
#[cfg(feature = "parquet")]
#[test]
fn parquet_chunk_outside_the_file_is_a_reason_not_a_panic() {
    use ghirbal_io::{Input, ReadOptions, open};

    let seed = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../fuzz/seeds/read_parquet/crash-8d8817d0e38db36ad2a98f3fe253d8983eb7f0d2"
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("data.parquet");
    std::fs::copy(seed, &path).unwrap();
    let mut r = open(&Input::file(&path), &ReadOptions::default());
    let items: Vec<_> = std::iter::from_fn(|| r.next_item()).collect();
    assert_eq!(items.len(), 1);
    let e = items[0].as_ref().unwrap_err();
    assert_eq!(e.reason.as_str(), "error:bad_parquet");
    assert!(e.detail.contains("outside the file"), "{}", e.detail);
}

/// A data page that declares no values over a non-empty buffer (found by the fuzz campaign,
/// kept among the seeds): parquet 60.1's byte-array decoder divides by zero on it. The panic
/// is contained at the reader's boundary and ends the file with a reason.
#[cfg(feature = "parquet")]
#[test]
fn a_page_that_makes_the_decoder_panic_ends_the_file_with_a_reason() {
    use ghirbal_io::{Input, ReadOptions, open};

    let seed = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../fuzz/seeds/read_parquet/crash-47179fdf473a1b62ebf0e33e3626c63a70a6a2cd"
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("data.parquet");
    std::fs::copy(seed, &path).unwrap();
    let mut r = open(&Input::file(&path), &ReadOptions::default());
    let items: Vec<_> = std::iter::from_fn(|| r.next_item()).collect();
    let e = items.last().unwrap().as_ref().unwrap_err();
    assert_eq!(e.reason.as_str(), "error:bad_parquet");
    assert!(e.detail.contains("divide by zero"), "{}", e.detail);
}
