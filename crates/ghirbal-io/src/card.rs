//! `OUT/README.md`: the dataset card of an output folder.
//!
//! Its YAML header is what Hugging Face `datasets` reads: one config, `default`, with two
//! splits, `kept` and `rejects` (each a glob over its folder's shards; a part with no rows is
//! left out, as `datasets` cannot load an empty split), and
//! `dataset_info.features`, the declared columns of [`crate::schema`]. So
//! `load_dataset("OUT")` loads both splits with the declared types, whatever the first rows of
//! a shard hold, and two runs' outputs have the same features. The body says what the folder
//! holds for a person: the counts by reason, the columns, the config that made it.

use std::fmt::Write as _;

use ghirbal_core::RunStats;
use ghirbal_core::config::OutputFormat;

use crate::schema::{Fields, Kind};

/// What the card says about one run.
#[derive(Debug, Clone, Copy)]
pub struct CardFacts<'a> {
    /// The shards' format.
    pub format: OutputFormat,
    /// The columns written (`[output] fields`).
    pub fields: Fields,
    /// The run's counts (`stats.json`).
    pub stats: &'a RunStats,
    /// The effective config, as TOML.
    pub config_toml: &'a str,
    /// The ghirbal version that wrote the folder.
    pub version: &'a str,
}

/// The `datasets` YAML type of a column kind (a `dtype:` or `list:` line's value).
fn yaml_type(kind: Kind) -> (&'static str, &'static str) {
    match kind {
        Kind::Str => ("dtype", "string"),
        Kind::StrList => ("list", "string"),
        Kind::Float64 => ("dtype", "float64"),
        Kind::Int64 => ("dtype", "int64"),
        Kind::TimestampUtc => ("dtype", "timestamp[ms, tz=UTC]"),
        Kind::Json => ("dtype", "json"),
    }
}

/// The sub-columns of a column that is a struct in this folder's format (Parquet only: JSON
/// lines keep `signals`, `metadata` and `detail` as the objects the stages wrote).
fn parquet_struct(facts: &CardFacts<'_>, name: &str) -> Option<Vec<crate::schema::Column>> {
    match facts.format {
        OutputFormat::Parquet => crate::schema::struct_columns(name, &facts.fields),
        OutputFormat::Jsonl => None,
    }
}

/// The glob of a part's shards in `format`, relative to OUT.
pub fn shard_glob(part: &str, format: OutputFormat) -> String {
    match format {
        OutputFormat::Jsonl => format!("{part}/*.jsonl.zst"),
        OutputFormat::Parquet => format!("{part}/*.parquet"),
    }
}

/// The card's text: YAML header, then Markdown.
pub fn dataset_card(facts: &CardFacts<'_>) -> String {
    let total = &facts.stats.total;
    let rejected: u64 = total.rejected.values().sum::<u64>() + total.errors.values().sum::<u64>();
    let mut s = String::new();
    s.push_str("---\nconfigs:\n- config_name: default\n  data_files:\n");
    // `datasets` cannot load a split of no rows, so a part with none is not a split.
    for (part, rows) in [("kept", total.kept), ("rejects", rejected)] {
        if rows > 0 {
            let _ = writeln!(
                s,
                "  - split: {part}\n    path: {}",
                shard_glob(part, facts.format)
            );
        }
    }
    s.push_str("dataset_info:\n  features:\n");
    for c in facts.fields.columns() {
        match parquet_struct(facts, c.name) {
            Some(sub) => {
                let _ = writeln!(s, "  - name: {}\n    struct:", c.name);
                for f in sub {
                    let (key, ty) = yaml_type(f.kind);
                    let _ = writeln!(s, "    - name: {}\n      {key}: {ty}", f.name);
                }
            }
            None => {
                let (key, ty) = yaml_type(c.kind);
                let _ = writeln!(s, "  - name: {}\n    {key}: {ty}", c.name);
            }
        }
    }
    s.push_str("---\n\n");

    let format = match facts.format {
        OutputFormat::Jsonl => "JSON lines, zstd-compressed",
        OutputFormat::Parquet => "Parquet, zstd pages",
    };
    let _ = writeln!(
        s,
        "# ghirbal output\n\nWritten by ghirbal {} (preset `{}`) from {} input records: {} kept, \
         {rejected} rejected. Shards are {format}; `kept/` and `rejects/` share their columns, \
         and the two reject columns are null for kept rows. A part with no rows has one empty \
         shard and is not a split here (`datasets` cannot load an empty split).\n",
        facts.version,
        facts.stats.run.as_ref().map_or("?", |r| r.preset.as_str()),
        total.read,
        total.kept,
    );
    s.push_str("```python\nfrom datasets import load_dataset\nds = load_dataset(\"path/to/this/folder\")  # splits: kept, rejects\n```\n\n");
    s.push_str("| records | count |\n|---|---:|\n");
    let _ = writeln!(s, "| read | {} |", total.read);
    let _ = writeln!(s, "| kept | {} |", total.kept);
    for (reason, n) in total.rejected.iter().chain(&total.errors) {
        let _ = writeln!(s, "| rejected `{reason}` | {n} |");
    }
    for (reason, n) in &total.skipped {
        let _ = writeln!(
            s,
            "| skipped, not a document `{reason}` (not in rejects) | {n} |"
        );
    }
    s.push_str("\n## Columns\n\n| column | type | meaning |\n|---|---|---|\n");
    for c in facts.fields.columns() {
        let (key, ty) = yaml_type(c.kind);
        let ty = match parquet_struct(facts, c.name) {
            Some(_) => "struct".to_owned(),
            None if key == "list" => format!("list of {ty}"),
            None => ty.to_owned(),
        };
        let null = if c.nullable { ", or null" } else { "" };
        let _ = writeln!(s, "| `{}` | {ty}{null} | {} |", c.name, c.doc);
        for f in parquet_struct(facts, c.name).unwrap_or_default() {
            let (_, ty) = yaml_type(f.kind);
            let _ = writeln!(s, "| `{}.{}` | {ty}, or null | {} |", c.name, f.name, f.doc);
        }
    }
    s.push_str("\n## Config\n\nThe effective configuration (`ghirbal run --config` takes it as it is):\n\n```toml\n");
    s.push_str(facts.config_toml.trim_end());
    s.push_str("\n```\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_declares_both_splits_and_every_column() {
        let mut stats = RunStats::default();
        stats.total.read = 3;
        stats.total.kept = 1;
        stats.total.rejected.insert("dedup:exact".into(), 2);
        let card = dataset_card(&CardFacts {
            format: OutputFormat::Parquet,
            fields: Fields::all(),
            stats: &stats,
            config_toml: "[run]\nthreads = 0\n",
            version: "0.1.0",
        });
        assert!(card.starts_with("---\nconfigs:\n- config_name: default\n"));
        assert!(card.contains("  - split: kept\n    path: kept/*.parquet\n"));
        assert!(card.contains("  - split: rejects\n    path: rejects/*.parquet\n"));
        assert!(card.contains("  - name: captions\n    list: string\n"));
        assert!(card.contains("  - name: date\n    dtype: timestamp[ms, tz=UTC]\n"));
        assert!(
            card.contains(
                "  - name: detail\n    struct:\n    - name: figure\n      dtype: float64\n"
            )
        );
        assert!(card.contains("    - name: lang.score\n      dtype: float64\n"));
        assert!(card.contains("| rejected `dedup:exact` | 2 |"));
        assert_eq!(card.matches("\n---\n").count(), 1);
        stats.total.kept = 0;
        let card = dataset_card(&CardFacts {
            format: OutputFormat::Jsonl,
            fields: Fields::from_names(&["id", "text"]).unwrap(),
            stats: &stats,
            config_toml: "",
            version: "0.1.0",
        });
        assert!(!card.contains("split: kept"));
        assert!(card.contains("  - split: rejects\n    path: rejects/*.jsonl.zst\n"));
        assert!(card.contains("  - name: text\n") && !card.contains("  - name: title\n"));
        assert!(card.contains("  - name: detail\n    dtype: json\n"));
    }
}
