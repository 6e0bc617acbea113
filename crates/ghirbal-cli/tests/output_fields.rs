//! `[output] fields` and `--fields`: the columns a user chose, in declared order, in the
//! shards and in the dataset card; rejects keep `reason` and `detail`; an unknown column is
//! refused before anything is read.

mod util;

use std::path::PathBuf;

use util::*;

fn examples() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples")
}

fn keys(row: &serde_json::Value) -> Vec<String> {
    row.as_object().unwrap().keys().cloned().collect()
}

#[test]
fn fields_flag_writes_only_the_chosen_columns() {
    let d = Dir::new();
    let out = d.path("out");
    // Listed out of order: the output keeps the declared order.
    run_ok(&[
        examples().to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--fields",
        "text,id",
    ]);
    let kept = rows(&out.join("kept"));
    assert!(!kept.is_empty());
    for row in &kept {
        assert_eq!(keys(row), ["id", "text"], "{row}");
    }
    let rejects = rows(&out.join("rejects"));
    assert!(!rejects.is_empty());
    for row in &rejects {
        assert_eq!(keys(row), ["id", "text", "reason", "detail"], "{row}");
    }
    let card = std::fs::read_to_string(out.join("README.md")).unwrap();
    let header = card.split("\n---\n").next().unwrap();
    let features: Vec<&str> = header
        .lines()
        .filter_map(|l| l.strip_prefix("  - name: "))
        .collect();
    assert_eq!(features, ["id", "text", "reason", "detail"]);
    assert!(card.contains("fields = [\"text\", \"id\"]"), "{card}");
    assert!(out.join("report.html").exists());
}

#[test]
fn fields_in_the_config_file_and_default_fields() {
    let d = Dir::new();
    let config = d.write("c.toml", "[output]\nfields = [\"id\", \"signals\"]\n");
    let out = d.path("out");
    run_ok(&[
        examples().to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--config",
        config.to_str().unwrap(),
    ]);
    for row in rows(&out.join("kept")) {
        assert_eq!(keys(&row), ["id", "signals"]);
    }
    let all = d.path("all");
    run_ok(&[examples().to_str().unwrap(), "-o", all.to_str().unwrap()]);
    let row = &rows(&all.join("kept"))[0];
    assert_eq!(
        keys(row),
        [
            "id",
            "text",
            "title",
            "lede",
            "captions",
            "url",
            "date",
            "crawl_date",
            "source",
            "lang",
            "lang_score",
            "script",
            "dup_cluster_size",
            "signals",
            "metadata"
        ]
    );
}

#[test]
fn parquet_shards_hold_the_chosen_columns() {
    let d = Dir::new();
    let out = d.path("out");
    run_ok(&[
        examples().to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--fields",
        "id,text",
        "--format",
        "parquet",
    ]);
    // The report reads the shards back: a row without the other columns is still a row.
    let report = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(!report.is_empty());
    let card = std::fs::read_to_string(out.join("README.md")).unwrap();
    assert!(card.contains("path: kept/*.parquet"));
    assert!(!card.contains("  - name: signals\n"));
}

#[test]
fn unknown_column_is_refused_with_one_line() {
    let d = Dir::new();
    let res = ghirbal()
        .args(["run", "--quiet", examples().to_str().unwrap(), "-o"])
        .arg(d.path("out"))
        .args(["--fields", "id,txt"])
        .output()
        .unwrap();
    assert_eq!(res.status.code(), Some(2));
    let err = String::from_utf8_lossy(&res.stderr);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(err.contains("no column \"txt\""), "{err}");
    assert!(!d.path("out").exists());
}
