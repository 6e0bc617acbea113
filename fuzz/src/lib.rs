//! What the fuzz targets share: every reader is driven through `ghirbal_io::open` on a file
//! holding the fuzzer's bytes, so the target takes the path a run takes (format detection,
//! gzip/zstd containers, limits) rather than an entry point made for the fuzzer.

use std::path::PathBuf;

use ghirbal_io::{Input, ReadOptions, open};

/// Limits small enough that a bomb or an oversized record is reached within one execution:
/// 1 MiB records, a compressed file may expand 1024 × past 4 MiB decoded.
pub fn options() -> ReadOptions {
    ReadOptions {
        max_record_bytes: 1 << 20,
        max_expansion: 1024,
        expansion_floor_bytes: 4 << 20,
        ..ReadOptions::default()
    }
}

/// A file of this process in memory-backed storage when there is some (`/dev/shm`), named
/// `ghirbal-fuzz-<pid>-<name>`: one per process, rewritten by every execution.
pub fn scratch(name: &str) -> PathBuf {
    let dir = std::path::Path::new("/dev/shm");
    let dir = if dir.is_dir() {
        dir.to_path_buf()
    } else {
        std::env::temp_dir()
    };
    dir.join(format!("ghirbal-fuzz-{}-{name}", std::process::id()))
}

/// Writes `data` to a scratch file named `file` (its extension steers format detection the way
/// a user's file name does) and reads every item of it, as a run would. Returns the number of
/// items; a reader that never ends is caught by libFuzzer's timeout.
pub fn read_all(data: &[u8], file: &str) -> u64 {
    let path = scratch(file);
    std::fs::write(&path, data).expect("write the scratch input");
    let mut reader = open(&Input::file(&path), &options());
    let mut items = 0u64;
    let mut last: Option<u64> = None;
    while let Some(item) = reader.next_item() {
        items += 1;
        // Records and errors share one numbering within the file, always increasing
        // (a WARC reader skips the request and metadata records it does not yield).
        let index = match item {
            Ok(rec) => rec.position.index,
            Err(e) => {
                assert!(e.reason.as_str().starts_with("error:"), "{}", e.reason);
                e.index
            }
        };
        assert!(
            last.is_none_or(|l| index > l),
            "index {index} after {last:?}"
        );
        last = Some(index);
    }
    items
}
