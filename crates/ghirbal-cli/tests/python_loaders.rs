//! `text`, `id` and `metadata` of the output load as they are with pyarrow and Hugging Face
//! `datasets`. Runs when a Python with both is available (`GHIRBAL_PYTHON`, else
//! `bench/.venv/bin/python`); skips with a message otherwise.

mod util;

use std::path::PathBuf;
use std::process::Command;

use util::*;

fn python() -> Option<PathBuf> {
    let candidates = [
        std::env::var_os("GHIRBAL_PYTHON").map(PathBuf::from),
        Some(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../bench/.venv/bin/python")),
    ];
    candidates.into_iter().flatten().find(|p| {
        Command::new(p)
            .args(["-c", "import pyarrow, datasets, zstandard"])
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

const CHECK: &str = r#"
import glob, io, json, sys
import pyarrow.json as pj, pyarrow.parquet as pq, zstandard, datasets
out = sys.argv[1]
fmt = sys.argv[2]
if fmt == "jsonl":
    for sub in ("kept", "rejects"):
        for f in sorted(glob.glob(f"{out}/{sub}/*.jsonl.zst")):
            raw = zstandard.ZstdDecompressor().stream_reader(open(f, "rb")).read()
            t = pj.read_json(io.BytesIO(raw))
            assert {"id", "text", "metadata"} <= set(t.column_names), t.column_names
            assert t.num_rows > 0
    files = sorted(glob.glob(f"{out}/kept/*.jsonl.zst"))
    ds = datasets.load_dataset("json", data_files=files, split="train")
else:
    files = sorted(glob.glob(f"{out}/kept/*.parquet"))
    for f in files + sorted(glob.glob(f"{out}/rejects/*.parquet")):
        t = pq.read_table(f)
        assert {"id", "text", "metadata"} <= set(t.column_names), t.column_names
    ds = datasets.load_dataset("parquet", data_files=files, split="train")
row = ds[0]
assert isinstance(row["id"], str) and isinstance(row["text"], str), row
print(json.dumps({"rows": len(ds), "columns": ds.column_names}))
"#;

fn loads_with_pyarrow_and_datasets(format: &str) {
    let Some(py) = python() else {
        eprintln!("skipped: no Python with pyarrow, datasets and zstandard (set GHIRBAL_PYTHON)");
        return;
    };
    let d = Dir::new();
    let examples = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let bad = d.write("bad.jsonl", "{\"text\": \"fine\", \"n\": 1}\nnot json\n");
    let out = d.path("out");
    run_ok(&[
        examples.to_str().unwrap(),
        bad.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--format",
        format,
    ]);
    let res = Command::new(&py)
        .env("HF_DATASETS_OFFLINE", "1")
        .env("HF_HUB_OFFLINE", "1")
        .env("HF_DATASETS_CACHE", d.path("hf-cache"))
        .args(["-c", CHECK])
        .arg(&out)
        .arg(format)
        .output()
        .unwrap();
    assert!(
        res.status.success(),
        "python check failed:\n{}\n{}",
        String::from_utf8_lossy(&res.stdout),
        String::from_utf8_lossy(&res.stderr)
    );
    let line = String::from_utf8_lossy(&res.stdout);
    let v: serde_json::Value = serde_json::from_str(line.trim().lines().last().unwrap()).unwrap();
    let kept = rows_count(&out, format);
    assert_eq!(v["rows"].as_u64().unwrap(), kept);
}

fn rows_count(out: &std::path::Path, format: &str) -> u64 {
    let _ = format;
    stats(out)["total"]["kept"].as_u64().unwrap()
}

#[test]
fn jsonl_output_loads_with_pyarrow_and_datasets() {
    loads_with_pyarrow_and_datasets("jsonl");
}

#[test]
fn parquet_output_loads_with_pyarrow_and_datasets() {
    loads_with_pyarrow_and_datasets("parquet");
}
