//! Output shards load as they are with pyarrow and Hugging Face `datasets`, when a Python with
//! them is there (`GHIRBAL_PYTHON`, which `scripts/test.sh` sets, else the bench venv of
//! `bench/setup-venv.sh`); skipped otherwise.
#![cfg(feature = "parquet")]

use std::path::{Path, PathBuf};
use std::process::Command;

use ghirbal_core::config::OutputFormat;
use ghirbal_core::reason::error;
use ghirbal_core::{Record, Reject};
use ghirbal_io::{Row, ShardWriter, encode};
use serde_json::json;

fn python() -> Option<PathBuf> {
    let candidates = [
        std::env::var_os("GHIRBAL_PYTHON").map(PathBuf::from),
        Some(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../bench/.venv/bin/python")),
    ];
    candidates.into_iter().flatten().find(|py| {
        Command::new(py)
            .args(["-c", "import pyarrow, datasets, zstandard"])
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

fn records() -> Vec<Record> {
    (0..3)
        .map(|i| {
            let mut r = Record::new(format!("id-{i}"), format!("النص رقم {i}\n\nفقرة ثانية."));
            r.title = Some(format!("عنوان {i}"));
            r.captions = if i == 1 {
                vec!["صورة".into()]
            } else {
                vec![]
            };
            r.lang = Some("ar".into());
            r.lang_score = Some(0.5 + i as f64 / 10.0);
            r.set_signal("lang.score", 0.5 + i as f64 / 10.0);
            r.metadata.insert("author".into(), json!("كاتب"));
            r.metadata.insert("input_file".into(), json!("in.jsonl"));
            r.metadata.insert("input_offset".into(), json!(i * 100));
            r
        })
        .collect()
}

fn write_shard(dir: &Path, format: OutputFormat, reject: Option<&Reject>) -> PathBuf {
    let recs = records();
    let rows: Vec<Row> = recs.iter().map(|r| Row { record: r, reject }).collect();
    let mut w = ShardWriter::create(dir, 0, format).unwrap();
    w.write(encode(format, &rows, 3).unwrap(), rows.len() as u64)
        .unwrap();
    w.finish().unwrap().path
}

const SCRIPT: &str = r#"
import json, sys
import pyarrow.parquet as pq, pyarrow.json as pj, zstandard, io, datasets
kept_pq, rej_pq, kept_jsonl, cache = sys.argv[1:5]
t = pq.read_table(kept_pq)
assert t.column_names[:3] == ["id", "text", "title"], t.column_names
assert t.column("text")[0].as_py().startswith("النص رقم 0"), t.column("text")[0]
# metadata and detail are structs: typed keys, the rest as JSON text in `other`.
assert t.column("metadata")[2].as_py()["input_offset"] == 200
assert t.schema.field("signals").type.field("lang.score").type == "double", t.schema
assert json.loads(t.column("metadata")[2].as_py()["other"]) == {"author": "كاتب"}
assert t.column("captions")[1].as_py() == ["صورة"]
r = pq.read_table(rej_pq)
assert r.column_names[-2:] == ["reason", "detail"], r.column_names
assert r.column("reason")[0].as_py() == "error:bad_json"
assert json.loads(r.column("detail")[0].as_py()["other"]) == {"line": 3}
raw = zstandard.ZstdDecompressor().stream_reader(open(kept_jsonl, "rb")).read()
j = pj.read_json(io.BytesIO(raw))
assert j.column("id").to_pylist() == ["id-0", "id-1", "id-2"]
assert j.column("metadata")[1].as_py()["author"] == "كاتب"
for files, kind in [(kept_pq, "parquet"), (kept_jsonl, "json")]:
    ds = datasets.load_dataset(kind, data_files=files, split="train", cache_dir=cache)
    assert ds[0]["id"] == "id-0" and ds[2]["text"].startswith("النص رقم 2"), ds[0]
    meta = ds[1]["metadata"]
    meta = json.loads(meta) if isinstance(meta, str) else meta
    if kind == "parquet":
        meta = meta["other"]
        meta = json.loads(meta) if isinstance(meta, str) else meta
    assert meta["author"] == "كاتب", meta
print("ok")
"#;

#[test]
fn shards_load_with_pyarrow_and_datasets() {
    let Some(py) = python() else {
        println!("skipped: bench/.venv with pyarrow, datasets and zstandard not found");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let reject = Reject::new(error::BAD_JSON, json!({"line": 3}));
    let kept_pq = write_shard(&dir.path().join("kept"), OutputFormat::Parquet, None);
    let rej_pq = write_shard(
        &dir.path().join("rejects"),
        OutputFormat::Parquet,
        Some(&reject),
    );
    let kept_jsonl = write_shard(&dir.path().join("jsonl"), OutputFormat::Jsonl, None);
    let out = Command::new(py)
        .arg("-c")
        .arg(SCRIPT)
        .args([&kept_pq, &rej_pq, &kept_jsonl, &dir.path().join("cache")])
        .env("HF_DATASETS_OFFLINE", "1")
        .env("HF_HUB_OFFLINE", "1")
        .env("HF_HOME", dir.path().join("hf"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "python failed:\n{stderr}");
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "ok");
}
