//! Hostile input the readers meet alone (the whole-run suite is `ghirbal-cli/tests/hostile.rs`):
//! Parquet whose columns have the wrong types, and decompression bombs among gzip members and
//! zstd frames.

mod common;

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

/// Limits that make a bomb of a few MiB: 50× past 1 MiB decoded.
fn bomb_options() -> ghirbal_io::ReadOptions {
    ghirbal_io::ReadOptions {
        max_expansion: 50,
        expansion_floor_bytes: 1 << 20,
        ..ghirbal_io::ReadOptions::default()
    }
}

/// Every item of `bytes` written as `name`, read with [`bomb_options`]; checks that items are
/// numbered 0, 1, 2... (records and errors share the numbering, so none is lost).
fn read_bombed(name: &str, bytes: &[u8]) -> Vec<ghirbal_io::ReadItem> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    let mut r = ghirbal_io::open(&ghirbal_io::Input::file(&path), &bomb_options());
    let items: Vec<_> = std::iter::from_fn(|| r.next_item()).collect();
    for (i, item) in items.iter().enumerate() {
        let index = match item {
            Ok(rec) => rec.position.index,
            Err(e) => e.index,
        };
        assert_eq!(index, i as u64, "{items:?}");
    }
    items
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

/// A gzip member of 32 MiB of spaces: about 32 KiB on disk.
fn gzip_bomb() -> Vec<u8> {
    gzip(&vec![b' '; 32 << 20])
}

/// A zstd frame of `blocks` RLE blocks of 128 KiB of spaces: 4 bytes per 128 KiB decoded.
fn zstd_bomb(blocks: usize) -> Vec<u8> {
    let mut f = vec![0x28, 0xb5, 0x2f, 0xfd];
    // Frame header: no content size, no checksum, no dictionary; window 128 KiB.
    f.push(0x00);
    f.push(7 << 3);
    for i in 0..blocks {
        let last = u32::from(i + 1 == blocks);
        let header = (128u32 << 10) << 3 | 1 << 1 | last;
        f.extend_from_slice(&header.to_le_bytes()[..3]);
        f.push(b' ');
    }
    f
}

fn texts(items: &[ghirbal_io::ReadItem]) -> Vec<&str> {
    items
        .iter()
        .filter_map(|i| i.as_ref().ok().map(|r| r.text.as_str()))
        .collect()
}

fn bombs(items: &[ghirbal_io::ReadItem]) -> Vec<&ghirbal_io::ReadError> {
    items
        .iter()
        .filter_map(|i| i.as_ref().err())
        .filter(|e| e.reason.as_str() == "error:decompression_bomb")
        .collect()
}

/// Where a bomb's detail says the skip started (where the decoder stopped) and ended (the next
/// member), in compressed bytes.
fn skip_span(e: &ghirbal_io::ReadError) -> (u64, u64) {
    let number = |after: &str| -> u64 {
        let rest = &e.detail[e.detail.find(after).expect(after) + after.len()..];
        let end = rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len());
        rest[..end].parse().unwrap()
    };
    (number("skipped from compressed byte "), number(" at "))
}

#[test]
fn gzip_bomb_member_is_skipped_and_the_next_member_read() {
    let first = b"{\"text\": \"one\"}\n{\"text\": \"two\"}\n";
    let mut file = gzip(first);
    let bomb_at = file.len() as u64;
    file.extend(gzip_bomb());
    let next = file.len() as u64;
    file.extend(gzip(b"{\"text\": \"after\"}\n"));
    let items = read_bombed("members.jsonl.gz", &file);
    assert_eq!(texts(&items), ["one", "two", "after"], "{items:?}");
    assert_eq!(items.len(), 4, "{items:?}");
    let bomb = bombs(&items);
    assert_eq!(bomb.len(), 1, "{items:?}");
    // The bomb's line starts where the first member's text ends.
    assert_eq!(bomb[0].offset, first.len() as u64);
    assert!(
        bomb[0].detail.contains("to the gzip member at"),
        "{}",
        bomb[0].detail
    );
    // The decoder stopped early in the bomb, and the rest of it was skipped, not decoded.
    let (from, to) = skip_span(bomb[0]);
    assert!(
        bomb_at < from && from < bomb_at + 4096,
        "{}",
        bomb[0].detail
    );
    assert_eq!(to, next, "{}", bomb[0].detail);
}

#[test]
fn zstd_bomb_frame_is_skipped_and_the_next_frame_read() {
    let mut file = zstd::encode_all(&b"{\"text\": \"one\"}\n"[..], 3).unwrap();
    let bomb_at = file.len() as u64;
    // 1 Ki blocks: 128 MiB of spaces from 4 KiB on disk.
    file.extend(zstd_bomb(1 << 10));
    let next = file.len() as u64;
    file.extend(zstd::encode_all(&b"{\"text\": \"after\"}\n"[..], 3).unwrap());
    let items = read_bombed("frames.jsonl.zst", &file);
    assert_eq!(texts(&items), ["one", "after"], "{items:?}");
    assert_eq!(items.len(), 3, "{items:?}");
    let bomb = bombs(&items);
    assert_eq!(bomb.len(), 1, "{items:?}");
    // Stopped after about 1 MiB of its 128 (4 bytes a block); the rest skipped, not decoded.
    let (from, to) = skip_span(bomb[0]);
    assert!(bomb_at < from && from < bomb_at + 512, "{}", bomb[0].detail);
    assert_eq!(to, next, "{}", bomb[0].detail);
}

#[test]
fn bomb_in_the_last_member_ends_the_file_after_the_records_before_it() {
    let mut file = gzip(b"{\"text\": \"one\"}\n");
    file.extend(gzip_bomb());
    let items = read_bombed("last.jsonl.gz", &file);
    assert_eq!(texts(&items), ["one"], "{items:?}");
    assert_eq!(items.len(), 2, "{items:?}");
    let bomb = bombs(&items);
    assert_eq!(bomb.len(), 1, "{items:?}");
    assert!(
        bomb[0].detail.contains("the file ends here"),
        "{}",
        bomb[0].detail
    );

    let mut file = zstd::encode_all(&b"{\"text\": \"one\"}\n"[..], 3).unwrap();
    file.extend(zstd_bomb(1 << 10));
    let items = read_bombed("last.jsonl.zst", &file);
    assert_eq!(texts(&items), ["one"], "{items:?}");
    assert_eq!(bombs(&items).len(), 1, "{items:?}");
}

#[test]
fn bombs_in_a_row_are_each_skipped() {
    let mut file = Vec::new();
    for text in ["a", "b", "c"] {
        file.extend(zstd_bomb(1 << 10));
        file.extend(zstd::encode_all(format!("{{\"text\": \"{text}\"}}\n").as_bytes(), 3).unwrap());
    }
    let items = read_bombed("row.jsonl.zst", &file);
    assert_eq!(texts(&items), ["a", "b", "c"], "{items:?}");
    assert_eq!(bombs(&items).len(), 3, "{items:?}");
}

#[test]
fn warc_gz_reads_the_records_after_a_bomb_member() {
    let record = |uri: &str, body: &str| {
        format!(
            "WARC/1.0\r\nWARC-Type: resource\r\nWARC-Target-URI: {uri}\r\n\
             Content-Type: text/plain\r\nContent-Length: {}\r\n\r\n{body}\r\n\r\n",
            body.len()
        )
    };
    let mut file = gzip(record("https://x.example/one", "نص أول").as_bytes());
    // A record whose block is a bomb: its header is read, the block stops at the limit.
    let mut bomb = format!(
        "WARC/1.0\r\nWARC-Type: resource\r\nWARC-Target-URI: https://x.example/bomb\r\n\
         Content-Length: {}\r\n\r\n",
        32u64 << 20
    )
    .into_bytes();
    bomb.extend(vec![b' '; 32 << 20]);
    file.extend(gzip(&bomb));
    file.extend(gzip(record("https://x.example/two", "نص ثان").as_bytes()));
    let items = read_bombed("bomb.warc.gz", &file);
    let urls: Vec<_> = items
        .iter()
        .filter_map(|i| i.as_ref().ok().and_then(|r| r.url.clone()))
        .collect();
    assert_eq!(
        urls,
        ["https://x.example/one", "https://x.example/two"],
        "{items:?}"
    );
    assert_eq!(bombs(&items).len(), 1, "{items:?}");
}

#[test]
fn skipped_items_around_a_bomb_are_the_items_reading_gives() {
    // The bomb is an item between the records of the members around it: stepped over, or
    // stepped up to and read, it is the same item, and reading goes on at the same record.
    let mut file = gzip(b"{\"text\": \"one\"}\n{\"text\": \"two\"}\n");
    file.extend(gzip_bomb());
    file.extend(gzip(b"{\"text\": \"after\"}\n{\"text\": \"end\"}\n"));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("members.jsonl.gz");
    std::fs::write(&path, &file).unwrap();
    assert_eq!(read_bombed("members.jsonl.gz", &file).len(), 5);
    common::assert_skips_as_reads(&path, &bomb_options());
}
