//! Bytes per record of an output folder's kept rows, as ghirbal writes them: JSONL.zst and
//! Parquet, every column and `id`/`text` only, in total and for `text`, `signals` and
//! `metadata`. One tab-separated line per (format, fields); `bench/output.sh` reads them.
//!
//! A column's JSONL.zst bytes are the bytes of its own lines (`{"text": ...}`) compressed the
//! way ghirbal compresses a shard (512-row zstd frames, level 3): JSON lines have no column
//! chunks to count. A column's Parquet bytes are its column chunks' compressed sizes.
//!
//! `cargo run --release -p ghirbal-io --features parquet --example output_bytes -- OUT`

use std::collections::BTreeMap;
use std::path::PathBuf;

use ghirbal_core::config::OutputFormat;
use ghirbal_io::output::{Part, read_output};
use ghirbal_io::schema::Fields;
use ghirbal_io::{Encoded, Row, encode_fields};
use parquet::arrow::ArrowWriter;
use parquet::file::reader::FileReader;
use parquet::file::serialized_reader::SerializedFileReader;

const LEVEL: i32 = 3;
const BATCH: usize = 512;
const GROUPS: [&str; 3] = ["text", "signals", "metadata"];

fn main() {
    let out = PathBuf::from(std::env::args().nth(1).expect("usage: output_bytes OUT"));
    let mut rows: Vec<_> = read_output(&out, Part::Kept)
        .expect("output folder")
        .filter_map(Result::ok)
        .collect();
    // As a run writes them today (a folder written before the rule still has its ledes).
    for r in &mut rows {
        ghirbal_io::schema::drop_repeated_lede(&mut r.record);
    }
    let all: Vec<Row> = rows
        .iter()
        .map(|r| Row {
            record: &r.record,
            reject: None,
        })
        .collect();
    let n = all.len().max(1) as f64;
    println!("writer\tformat\tfields\trecords\ttotal\ttext\tsignals\tmetadata");
    for (label, fields) in [
        ("default", Fields::all()),
        (
            "id,text",
            Fields::from_names(&["id", "text"]).expect("columns"),
        ),
    ] {
        let mut line = vec![format!("{:.0}", jsonl_bytes(&all, &fields) as f64 / n)];
        for g in GROUPS {
            line.push(if fields.has(g) {
                let only = Fields::from_names(&[g]).expect("column");
                format!("{:.0}", jsonl_bytes(&all, &only) as f64 / n)
            } else {
                "0".into()
            });
        }
        println!(
            "ghirbal\tjsonl.zst\t{label}\t{}\t{}",
            all.len(),
            line.join("\t")
        );
        let (total, per) = parquet_bytes(&all, &fields);
        let group = |g: &str| per.get(g).copied().unwrap_or(0) as f64 / n;
        println!(
            "ghirbal\tparquet\t{label}\t{}\t{:.0}\t{:.0}\t{:.0}\t{:.0}",
            all.len(),
            total as f64 / n,
            group("text"),
            group("signals"),
            group("metadata")
        );
    }
}

fn jsonl_bytes(rows: &[Row<'_>], fields: &Fields) -> usize {
    rows.chunks(BATCH)
        .map(
            |chunk| match encode_fields(OutputFormat::Jsonl, chunk, LEVEL, fields) {
                Ok(Encoded::Jsonl(b)) => b.len(),
                _ => panic!("jsonl encoding failed"),
            },
        )
        .sum()
}

/// The file's size, and compressed bytes per top-level column.
fn parquet_bytes(rows: &[Row<'_>], fields: &Fields) -> (usize, BTreeMap<String, i64>) {
    let tmp = std::env::temp_dir().join(format!(
        "ghirbal-output-bytes-{}.parquet",
        std::process::id()
    ));
    let file = std::fs::File::create(&tmp).expect("temp file");
    let props = ghirbal_io::arrow::writer_properties(LEVEL).expect("settings");
    let schema = ghirbal_io::arrow::schema_fields(fields);
    let mut w = ArrowWriter::try_new(file, schema, Some(props)).expect("writer");
    for chunk in rows.chunks(BATCH) {
        let batch = ghirbal_io::arrow::record_batch_fields(chunk, fields).expect("batch");
        w.write(&batch).expect("write");
        // As the shard writer does: a row group per 32 MiB of encoded rows.
        if w.in_progress_size() >= 32 << 20 {
            w.flush().expect("flush");
        }
    }
    w.close().expect("close");
    let size = std::fs::metadata(&tmp).expect("temp file").len() as usize;
    let reader = SerializedFileReader::new(std::fs::File::open(&tmp).expect("temp file"))
        .expect("read back");
    let mut per = BTreeMap::new();
    for rg in reader.metadata().row_groups() {
        for c in rg.columns() {
            let top = c.column_path().parts()[0].clone();
            *per.entry(top).or_default() += c.compressed_size();
        }
    }
    let _ = std::fs::remove_file(&tmp);
    (size, per)
}
