//! The output loads with the libraries people load it with, with the declared types: Hugging
//! Face `datasets` (`load_dataset("OUT")` through the dataset card, and `"json"` / `"parquet"`
//! over the shard globs) and pyarrow. Runs when a Python with `datasets`, `pyarrow` and
//! `zstandard` is available (`GHIRBAL_PYTHON`, which `scripts/test.sh` sets, else
//! `bench/.venv/bin/python`); skips with a message otherwise. The SaudiNewsNet test also skips
//! when `../shared/data` does not have the corpus.

mod util;

use std::path::{Path, PathBuf};
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

/// Loads output folders and checks what every user of them relies on; prints one JSON line
/// per folder with the row counts. Arguments: format, then folders.
const CHECK: &str = r#"
import glob, json, sys
import pyarrow as pa
import pyarrow.parquet as pq
import datasets
from datasets import Json, List, Value, concatenate_datasets, load_dataset, load_dataset_builder

fmt, outs = sys.argv[1], sys.argv[2:]
want = {
    "id": Value("string"), "text": Value("string"), "captions": List(Value("string")),
    "date": Value("timestamp[ms, tz=UTC]"), "lang_score": Value("float64"),
    "dup_cluster_size": Value("int64"), "signals": Json(), "metadata": Json(),
    "reason": Value("string"), "detail": Json(),
}
loaded = []
for out in outs:
    ds = load_dataset(out)
    # A part with no rows is not a split: `datasets` cannot load an empty one.
    assert set(ds) <= {"kept", "rejects"} and ds, ds
    for split in ds.values():
        for name, feature in want.items():
            if fmt == "parquet" and name in ("signals", "metadata", "detail"):
                # Parquet types them as structs (the card declares each sub-column).
                assert isinstance(split.features[name], dict), (name, split.features[name])
                continue
            assert split.features[name] == feature, (name, split.features[name])
        if fmt == "parquet":
            assert split.features["signals"]["lang.score"] == Value("float64")
            assert split.features["detail"]["figure"] == Value("float64")
            assert split.features["metadata"]["input_offset"] == Value("int64")
    kept = ds["kept"] if "kept" in ds else []
    rejects = ds["rejects"] if "rejects" in ds else []
    for row in kept:
        assert row["reason"] is None and row["detail"] is None, row
        assert isinstance(row["captions"], list) and isinstance(row["metadata"], dict), row
    for row in rejects:
        assert isinstance(row["reason"], str) and isinstance(row["detail"], dict), row
    # The shard globs, as a user who never saw the card would load them; JSON has no types,
    # so the JSON loader is given the card's features.
    glob_kept = f"{out}/kept/*.jsonl.zst" if fmt == "jsonl" else f"{out}/kept/*.parquet"
    if fmt == "parquet":
        for f in sorted(glob.glob(f"{out}/*/*.parquet")):
            t = pq.read_table(f)
            assert t.schema.field("date").type == pa.timestamp("ms", tz="UTC"), t.schema
    if not kept:
        # The empty part is one empty shard, which pyarrow reads as no rows.
        files = glob.glob(glob_kept)
        assert len(files) == 1, files
    elif fmt == "jsonl":
        features = load_dataset_builder(out).info.features
        plain = load_dataset("json", data_files=glob_kept, features=features, split="train")
    else:
        plain = load_dataset("parquet", data_files=glob_kept, split="train")
    if kept:
        assert len(plain) == len(kept), (len(plain), len(kept))
        assert plain.features == kept.features, (plain.features, kept.features)
    loaded.append(ds)
    print(json.dumps({"out": out, "kept": len(kept), "rejects": len(rejects)}))
# Runs concatenate, and so do a run's two splits.
concatenate_datasets([split for d in loaded for split in d.values()])
"#;

/// Runs the check over `outs`; returns (kept, rejects) row counts per folder.
fn check(py: &Path, format: &str, outs: &[&Path], cache: &Path) -> Vec<(u64, u64)> {
    let res = Command::new(py)
        .env("HF_DATASETS_OFFLINE", "1")
        .env("HF_HUB_OFFLINE", "1")
        .env("HF_DATASETS_CACHE", cache)
        .args(["-c", CHECK, format])
        .args(outs)
        .output()
        .unwrap();
    assert!(
        res.status.success(),
        "python check failed:\n{}\n{}",
        String::from_utf8_lossy(&res.stdout),
        String::from_utf8_lossy(&res.stderr)
    );
    String::from_utf8_lossy(&res.stdout)
        .lines()
        .filter(|l| l.starts_with('{'))
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            (v["kept"].as_u64().unwrap(), v["rejects"].as_u64().unwrap())
        })
        .collect()
}

/// The counts `stats.json` gives: kept, and rejected plus errors.
fn counts(out: &Path) -> (u64, u64) {
    let s = stats(out);
    let sum = |key: &str| -> u64 {
        s["total"][key]
            .as_object()
            .unwrap()
            .values()
            .map(|v| v.as_u64().unwrap())
            .sum()
    };
    (
        s["total"]["kept"].as_u64().unwrap(),
        sum("rejected") + sum("errors"),
    )
}

fn two_runs_and_an_empty_one_load(format: &str) {
    let Some(py) = python() else {
        eprintln!("skipped: no Python with pyarrow, datasets and zstandard (set GHIRBAL_PYTHON)");
        return;
    };
    let d = Dir::new();
    let examples = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let bad = d.write(
        "bad.jsonl",
        "{\"text\": \"fine\", \"n\": 1, \"date\": \"2015-07-21T10:00:00+03:00\"}\nnot json\n",
    );
    let blank = d.write("blank.jsonl", "{\"text\": \" \"}\n{\"text\": \"\"}\n");
    let (a, b, empty) = (d.path("a"), d.path("b"), d.path("empty"));
    let f = ["--format", format];
    run_ok(&[
        examples.to_str().unwrap(),
        "-o",
        a.to_str().unwrap(),
        f[0],
        f[1],
    ]);
    run_ok(&[bad.to_str().unwrap(), "-o", b.to_str().unwrap(), f[0], f[1]]);
    // Every record of this run is rejected: `kept/` holds one empty shard.
    run_ok(&[
        blank.to_str().unwrap(),
        "-o",
        empty.to_str().unwrap(),
        f[0],
        f[1],
    ]);
    assert_eq!(counts(&empty).0, 0);
    let got = check(&py, format, &[&a, &b, &empty], &d.path("hf-cache"));
    assert_eq!(got, vec![counts(&a), counts(&b), counts(&empty)]);
}

#[test]
fn jsonl_output_loads_with_declared_types() {
    two_runs_and_an_empty_one_load("jsonl");
}

#[test]
fn parquet_output_loads_with_declared_types() {
    two_runs_and_an_empty_one_load("parquet");
}

/// The whole of SaudiNewsNet through the default pipeline, in both formats: the run where
/// `captions` is empty for thousands of rows before the first caption.
#[test]
fn saudinewsnet_output_loads_with_declared_types() {
    let corpus = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/arabic/saudinewsnet/saudinewsnet.jsonl.zst");
    if !corpus.exists() {
        eprintln!("skipped: {} is absent", corpus.display());
        return;
    }
    let Some(py) = python() else {
        eprintln!("skipped: no Python with pyarrow, datasets and zstandard (set GHIRBAL_PYTHON)");
        return;
    };
    let d = Dir::new();
    for format in ["jsonl", "parquet"] {
        let out = d.path(format);
        run_ok(&[
            corpus.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "--format",
            format,
        ]);
        let got = check(&py, format, &[&out], &d.path("hf-cache"));
        assert_eq!(got, vec![counts(&out)]);
    }
}
