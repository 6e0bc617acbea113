//! What the reader tests share: opening a file as an input and draining its reader.

// Each test file compiles this module on its own and uses only some of it.
#![allow(dead_code)]

use std::path::Path;

use ghirbal_io::{Input, ReadItem, ReadOptions, open};

/// The input for `path`, named after its file as the CLI names inputs.
pub fn input(path: &Path) -> Input {
    Input {
        // Ids and stats keys in the assertions name the file alone, not the temporary folder.
        name: path.file_name().unwrap().to_string_lossy().into_owned(),
        ..Input::file(path)
    }
}

/// Every item the reader of `path` yields, checking that it ends and stays ended.
pub fn read_all_with(path: &Path, max_record_bytes: usize) -> Vec<ReadItem> {
    let mut reader = open(
        &input(path),
        &ReadOptions {
            max_record_bytes,
            ..ReadOptions::default()
        },
    );
    let mut items = Vec::new();
    while let Some(item) = reader.next_item() {
        items.push(item);
        assert!(items.len() < 1_000_000, "reader does not end");
    }
    assert!(reader.next_item().is_none(), "reader yields after its end");
    items
}

/// [`read_all_with`] with a 1 MiB record limit.
pub fn read_all(path: &Path) -> Vec<ReadItem> {
    read_all_with(path, 1 << 20)
}

/// An item as the tests compare it: a record's id, text, index and offset, or an error's
/// reason, detail, index and offset.
fn describe(item: &ReadItem) -> String {
    match item {
        Ok(r) => format!(
            "ok {} {:?} @{} +{}",
            r.id, r.text, r.position.index, r.position.offset
        ),
        Err(e) => format!("{} {:?} @{} +{}", e.reason, e.detail, e.index, e.offset),
    }
}

/// Checks that stepping over the first `k` items of `path` with
/// [`RecordReader::skip_items`](ghirbal_io::RecordReader::skip_items) leaves the items
/// reading would have given after them, numbered the same, for every `k` up to past the end.
pub fn assert_skips_as_reads(path: &Path, options: &ReadOptions) {
    let mut reader = open(&input(path), options);
    let all: Vec<String> = std::iter::from_fn(|| reader.next_item())
        .map(|i| describe(&i))
        .collect();
    for k in 0..=all.len() + 1 {
        let mut reader = open(&input(path), options);
        let skipped = reader.skip_items(k as u64);
        assert_eq!(skipped as usize, k.min(all.len()), "skipping {k}");
        let rest: Vec<String> = std::iter::from_fn(|| reader.next_item())
            .map(|i| describe(&i))
            .collect();
        assert_eq!(rest, all[k.min(all.len())..], "after skipping {k}");
    }
}
