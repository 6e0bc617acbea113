//! The reader a run picks for a file named `data.txt` (format detection, gzip and zstd containers
//! by their magic bytes, every limit) over arbitrary bytes: never a panic, never a hang.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    ghirbal_fuzz::read_all(data, "data.txt");
});
