//! Reads inputs with `ghirbal_io::open` and counts records and text + body bytes, for
//! `bench/io-read.sh` and `bench/io-warc.sh`.
//!
//! `read_speed [--encode] FILE...`: with `--encode`, every 512 records are also encoded as a
//! JSONL zstd frame (level `$ZSTD_LEVEL`, default 3), as a worker thread would, and the bytes
//! counted.

use std::path::PathBuf;
use std::time::Instant;

use ghirbal_core::config::OutputFormat;
use ghirbal_io::{Encoded, Input, ReadOptions, Row, encode, open};

fn main() {
    let mut encode_too = false;
    let mut paths = Vec::new();
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "--encode" => encode_too = true,
            _ => paths.push(PathBuf::from(arg)),
        }
    }
    let start = Instant::now();
    let (mut records, mut errors, mut text_bytes, mut out_bytes) = (0u64, 0u64, 0u64, 0u64);
    let options = ReadOptions {
        max_record_bytes: 64 << 20,
        ..ReadOptions::default()
    };
    let mut batch = Vec::with_capacity(512);
    for path in paths {
        let input = Input::file(path);
        let mut reader = open(&input, &options);
        while let Some(item) = reader.next_item() {
            match item {
                Ok(rec) => {
                    records += 1;
                    text_bytes += rec.text.len() as u64;
                    text_bytes += rec.body.as_ref().map_or(0, |b| b.bytes.len() as u64);
                    if encode_too {
                        batch.push(rec);
                        if batch.len() == 512 {
                            out_bytes += flush(&mut batch);
                        }
                    }
                }
                Err(_) => errors += 1,
            }
        }
    }
    out_bytes += flush(&mut batch);
    let secs = start.elapsed().as_secs_f64();
    println!(
        "{{\"records\":{records},\"errors\":{errors},\"text_bytes\":{text_bytes},\"out_bytes\":{out_bytes},\"seconds\":{secs:.3}}}"
    );
}

fn flush(batch: &mut Vec<ghirbal_core::Record>) -> u64 {
    if batch.is_empty() {
        return 0;
    }
    let rows: Vec<Row> = batch
        .iter()
        .map(|r| Row {
            record: r,
            reject: None,
        })
        .collect();
    let level = std::env::var("ZSTD_LEVEL")
        .ok()
        .and_then(|l| l.parse().ok())
        .unwrap_or(3);
    let n = match encode(OutputFormat::Jsonl, &rows, level) {
        Ok(Encoded::Jsonl(bytes)) => bytes.len() as u64,
        _ => 0,
    };
    batch.clear();
    n
}
