//! Sizes of one output folder's rows written as Parquet under several writer settings, beside
//! the same rows as JSONL.zst at the same zstd level: how ghirbal's Parquet settings were
//! chosen (`bench/output.sh` runs it).
//!
//! `cargo run --release -p ghirbal-io --features parquet --example parquet_settings -- OUT [kept|rejects]`

use std::path::PathBuf;

use ghirbal_core::config::OutputFormat;
use ghirbal_io::output::{Part, read_output};
use ghirbal_io::schema::Fields;
use ghirbal_io::{Encoded, Row, encode_fields};
use parquet::arrow::ArrowWriter;
use parquet::basic::{Compression, ZstdLevel};
use parquet::file::properties::{EnabledStatistics, WriterProperties};
use parquet::schema::types::ColumnPath;

const LEVEL: i32 = 3;
const BATCH: usize = 512;

fn main() {
    let mut args = std::env::args().skip(1);
    let out = PathBuf::from(
        args.next()
            .expect("usage: parquet_settings OUT [kept|rejects]"),
    );
    let part = match args.next().as_deref() {
        Some("rejects") => Part::Rejects,
        _ => Part::Kept,
    };
    let mut rows: Vec<_> = read_output(&out, part)
        .expect("output folder")
        .filter_map(Result::ok)
        .collect();
    // As the run writes them (a folder written before this rule still has its ledes).
    for r in &mut rows {
        ghirbal_io::schema::drop_repeated_lede(&mut r.record);
    }
    let all: Vec<Row> = rows
        .iter()
        .map(|r| Row {
            record: &r.record,
            reject: r.reject.as_ref(),
        })
        .collect();
    let text: usize = rows.iter().map(|r| r.record.text.len()).sum();
    println!("rows {}  text {} B", rows.len(), text);
    for (label, fields) in [
        ("default fields", Fields::all()),
        (
            "fields id,text",
            Fields::from_names(&["id", "text"]).expect("columns"),
        ),
    ] {
        let mut jsonl = 0;
        for chunk in all.chunks(BATCH) {
            if let Encoded::Jsonl(b) =
                encode_fields(OutputFormat::Jsonl, chunk, LEVEL, &fields).expect("encode")
            {
                jsonl += b.len();
            }
        }
        println!("{label}: jsonl.zst {jsonl} B");
        for (name, props) in variants() {
            let size = parquet_size(&all, &fields, props);
            println!(
                "{label}: parquet {name:<40} {size:>10} B  {:.3}x jsonl.zst",
                size as f64 / jsonl as f64
            );
        }
    }
}

fn parquet_size(rows: &[Row<'_>], fields: &Fields, props: WriterProperties) -> usize {
    let mut buf = Vec::new();
    let schema = ghirbal_io::arrow::schema_fields(fields);
    let mut w = ArrowWriter::try_new(&mut buf, schema, Some(props)).expect("writer");
    for chunk in rows.chunks(BATCH) {
        let batch = ghirbal_io::arrow::record_batch_fields(chunk, fields).expect("batch");
        w.write(&batch).expect("write");
        if w.in_progress_size() >= 32 << 20 {
            w.flush().expect("flush");
        }
    }
    w.close().expect("close");
    if std::env::var_os("PARQUET_COLUMNS").is_some() {
        let tmp = std::env::temp_dir().join("ghirbal-parquet-settings.parquet");
        std::fs::write(&tmp, &buf).expect("temp file");
        let file = std::fs::File::open(&tmp).expect("temp file");
        let meta =
            parquet::file::serialized_reader::SerializedFileReader::new(file).expect("read back");
        use parquet::file::reader::FileReader;
        let mut per: std::collections::BTreeMap<String, i64> = Default::default();
        for rg in meta.metadata().row_groups() {
            for c in rg.columns() {
                *per.entry(c.column_path().string()).or_default() += c.compressed_size();
            }
        }
        for (c, n) in per {
            println!("    {c:<50} {n:>10}");
        }
    }
    buf.len()
}

fn zstd() -> parquet::file::properties::WriterPropertiesBuilder {
    WriterProperties::builder()
        .set_compression(Compression::ZSTD(ZstdLevel::try_new(LEVEL).expect("level")))
}

/// The long string columns: values are mostly unique, so a dictionary only costs.
const LONG: &[&str] = &["id", "text", "title", "lede", "url", "metadata.other"];

fn variants() -> Vec<(String, WriterProperties)> {
    let no_dict_long = |mut b: parquet::file::properties::WriterPropertiesBuilder| {
        for c in LONG {
            let path = ColumnPath::new(c.split('.').map(str::to_owned).collect());
            b = b.set_column_dictionary_enabled(path, false);
        }
        b
    };
    let mut v = vec![
        ("parquet-rs defaults + zstd".to_owned(), zstd().build()),
        (
            "no dictionary".to_owned(),
            zstd().set_dictionary_enabled(false).build(),
        ),
        (
            "no dictionary on long strings".to_owned(),
            no_dict_long(zstd()).build(),
        ),
        (
            "+ chunk statistics only".to_owned(),
            no_dict_long(zstd())
                .set_statistics_enabled(EnabledStatistics::Chunk)
                .build(),
        ),
        (
            "+ no statistics".to_owned(),
            no_dict_long(zstd())
                .set_statistics_enabled(EnabledStatistics::None)
                .build(),
        ),
    ];
    for page in [1usize << 20, 4 << 20, 16 << 20] {
        v.push((
            format!("+ chunk statistics, pages {} MiB", page >> 20),
            no_dict_long(zstd())
                .set_statistics_enabled(EnabledStatistics::Chunk)
                .set_data_page_size_limit(page)
                .build(),
        ));
    }
    v.push((
        "ghirbal's settings".to_owned(),
        ghirbal_io::arrow::writer_properties(LEVEL).expect("settings"),
    ));
    v
}
