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
