//! The least work any tool must do to turn a `.jsonl.zst` input into a given `.jsonl.zst`
//! output: stream-decompress the input and compress the output at one zstd level, nothing in
//! between. `bench/pipeline-io.sh` times it beside ghirbal to say which targets can be reached.
//!
//!     zstd_bound INPUT.jsonl.zst OUTPUT.jsonl LEVEL
//!
//! OUTPUT.jsonl is the uncompressed output; reading it from the page cache is the only work
//! done here that such a tool would not do.

use std::fs::File;
use std::io::{self, Write};

fn main() -> io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let [_, input, output, level] = &args[..] else {
        eprintln!("usage: zstd_bound INPUT.jsonl.zst OUTPUT.jsonl LEVEL");
        std::process::exit(2);
    };
    let level: i32 = level
        .parse()
        .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, format!("level: {e}")))?;
    let decoded = io::copy(
        &mut zstd::stream::read::Decoder::new(File::open(input)?)?,
        &mut io::sink(),
    )?;
    let text = std::fs::read(output)?;
    let mut encoder = zstd::stream::write::Encoder::new(io::sink(), level)?;
    encoder.write_all(&text)?;
    encoder.finish()?;
    println!(
        "decoded {decoded} bytes, encoded {} bytes at level {level}",
        text.len()
    );
    Ok(())
}
