//! The effective configuration: a preset merged key by key with the user's TOML.
//!
//! A config file has four kinds of tables: `[run]` (threads, output format, batch and memory
//! limits, read by the pipeline), `[input]` (which input fields hold the text, id, url, title,
//! date and source, read by the readers), `[stages]` (which stages run) and one table per stage
//! named like the stage (`[clean]`, `[filter]`, ...), which only that stage's crate reads. Core keeps
//! stage tables as TOML so that stage crates stay independent of each other.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::StageName;

/// A configuration that could not be loaded; each variant names what disagreed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// `--preset` named no known preset.
    #[error("unknown preset {name:?}; presets are {}", preset::NAMES.join(", "))]
    UnknownPreset {
        /// The name given.
        name: String,
    },
    /// The config file could not be read.
    #[error("cannot read config {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The TOML does not parse, or a table has a key of the wrong type.
    #[error("bad config{}: {message}", at.as_deref().map(|a| format!(" in [{a}]")).unwrap_or_default())]
    Invalid {
        /// The table in which the error was found, if known.
        at: Option<String>,
        /// What the parser said.
        message: String,
    },
    /// A top-level table that no stage reads.
    #[error(
        "bad config: unknown table [{0}]; tables are run, input, output, stages, extract, clean, pii, lang, filter, dedup"
    )]
    UnknownTable(String),
}

/// Settings of the run loop itself (the `[run]` table).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RunConfig {
    /// Worker threads for record stages; 0 means one per core.
    pub threads: usize,
    /// Output format: `jsonl` (zstd-compressed JSON lines) or `parquet` (zstd).
    pub format: OutputFormat,
    /// A batch is cut after this many records...
    pub batch_records: usize,
    /// ...or after this many bytes of text, whichever comes first.
    pub batch_bytes: usize,
    /// Batches in flight between reader, workers and writer; with `batch_bytes` this bounds memory.
    pub queue_batches: usize,
    /// Input records per output shard (`part-NNNNN`); shard boundaries depend only on the input.
    pub shard_records: u64,
    /// A single record larger than this becomes `error:too_large` instead of being read.
    pub max_record_bytes: usize,
    /// zstd level for output files.
    pub zstd_level: i32,
    /// A compressed input may expand to this many times the compressed bytes read...
    pub max_expansion: u64,
    /// ...once past this many decoded bytes; beyond both it is `error:decompression_bomb`.
    pub expansion_floor_bytes: u64,
}

impl Default for RunConfig {
    fn default() -> RunConfig {
        RunConfig {
            threads: 0,
            format: OutputFormat::Jsonl,
            batch_records: 512,
            batch_bytes: 4 << 20,
            queue_batches: 0,
            shard_records: 100_000,
            max_record_bytes: 64 << 20,
            zstd_level: 3,
            // deflate cannot expand more than 1032x; text in zstd stays far below.
            max_expansion: 1024,
            expansion_floor_bytes: 1 << 30,
        }
    }
}

/// Where a record's fields are in the input (the `[input]` table); the readers of JSON and
/// Parquet input apply it.
///
/// Each field key is a field name, or a dotted path into nested objects
/// (`warc_headers.warc-target-uri`); a name that is itself a key with dots matches first. An
/// empty key takes the field from `shape`, a named layout of a common dump (`oscar`,
/// `fineweb`, `c4`, `saudinewsnet`, ...; the list is `ghirbal-io`'s `resources/shapes.toml`),
/// and the default shape names each field like the record (`text`, `id`, ...).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct InputConfig {
    /// A named shape of a common dump; empty for the default (`text`, `id`, `url`, ...).
    pub shape: String,
    /// The field holding the text (required: a record without it is `error:no_text`).
    pub text: String,
    /// The field holding the id (a string or a number); absent, ids are `file:record`.
    pub id: String,
    /// The field holding the URL.
    pub url: String,
    /// The field holding the title.
    pub title: String,
    /// The field holding the publication date.
    pub date: String,
    /// The field holding when the page was fetched (a crawl time, not a publication date).
    pub crawl_date: String,
    /// The field holding the source (site or collection).
    pub source: String,
}

/// What goes into the output's `signals` and `metadata` columns (the `[output]` table).
///
/// The columns themselves are always there (one declared schema for every run); these keys
/// choose how much they hold. `ghirbal-io`'s `schema` module applies them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct OutputConfig {
    /// `signals`: `"full"` (every figure of every stage), `"summary"` (the few figures most
    /// runs filter on, listed in `ghirbal-io`'s schema) or `"off"` (an empty object).
    pub signals: String,
    /// `metadata`: `"full"` (every other input field, extraction metadata, the input
    /// position) or `"off"` (an empty object).
    pub metadata: String,
    /// The columns written, in output order whatever order they are listed in (`["id",
    /// "text"]`); empty for every column. Rejects always add `reason` and `detail`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<String>,
}

impl Default for OutputConfig {
    fn default() -> OutputConfig {
        OutputConfig {
            signals: "summary".into(),
            metadata: "full".into(),
            fields: Vec::new(),
        }
    }
}

/// The output file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OutputFormat {
    /// `part-NNNNN.jsonl.zst`.
    Jsonl,
    /// `part-NNNNN.parquet` with zstd pages.
    Parquet,
}

impl std::str::FromStr for OutputFormat {
    type Err = String;
    fn from_str(s: &str) -> Result<OutputFormat, String> {
        match s {
            "jsonl" => Ok(OutputFormat::Jsonl),
            "parquet" => Ok(OutputFormat::Parquet),
            _ => Err(format!("unknown format {s:?}; formats are jsonl, parquet")),
        }
    }
}

/// The effective configuration of a run.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// The preset this config started from.
    pub preset: String,
    /// The `[run]` table.
    pub run: RunConfig,
    /// The `[input]` table.
    pub input: InputConfig,
    /// The `[output]` table.
    pub output: OutputConfig,
    /// The `[stages]` table: which stages are switched on.
    pub stages: BTreeMap<StageName, bool>,
    /// The stage tables, as TOML, for the stage crates to read.
    pub sections: BTreeMap<StageName, toml::Table>,
}

impl Config {
    /// The named preset, unchanged.
    pub fn preset(name: &str) -> Result<Config, ConfigError> {
        let text = preset::text(name).ok_or_else(|| ConfigError::UnknownPreset {
            name: name.to_owned(),
        })?;
        let table = parse_toml(text)?;
        Config::from_table(name, table)
    }

    /// The named preset with the TOML file at `path` merged over it key by key.
    pub fn load(preset_name: &str, path: Option<&Path>) -> Result<Config, ConfigError> {
        let base = preset::text(preset_name).ok_or_else(|| ConfigError::UnknownPreset {
            name: preset_name.to_owned(),
        })?;
        let mut table = parse_toml(base)?;
        if let Some(path) = path {
            let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
                path: path.to_owned(),
                source,
            })?;
            merge(&mut table, parse_toml(&text)?);
        }
        Config::from_table(preset_name, table)
    }

    /// The preset with `overlay` (TOML text) merged over it; for tests and embedding.
    pub fn with_overlay(preset_name: &str, overlay: &str) -> Result<Config, ConfigError> {
        let mut config = Config::preset(preset_name)?;
        let mut table = config.to_table();
        merge(&mut table, parse_toml(overlay)?);
        config = Config::from_table(preset_name, table)?;
        Ok(config)
    }

    fn from_table(preset_name: &str, mut table: toml::Table) -> Result<Config, ConfigError> {
        table.remove("preset");
        let run = match table.remove("run") {
            Some(v) => v
                .try_into()
                .map_err(|e: toml::de::Error| invalid("run", e))?,
            None => RunConfig::default(),
        };
        let input = match table.remove("input") {
            Some(v) => v
                .try_into()
                .map_err(|e: toml::de::Error| invalid("input", e))?,
            None => InputConfig::default(),
        };
        let output: OutputConfig = match table.remove("output") {
            Some(v) => v
                .try_into()
                .map_err(|e: toml::de::Error| invalid("output", e))?,
            None => OutputConfig::default(),
        };
        for (key, value, allowed) in [
            ("signals", &output.signals, &["full", "summary", "off"][..]),
            ("metadata", &output.metadata, &["full", "off"][..]),
        ] {
            if !allowed.contains(&value.as_str()) {
                return Err(ConfigError::Invalid {
                    at: Some("output".into()),
                    message: format!("{key} = {value:?}; it is one of {}", allowed.join(", ")),
                });
            }
        }
        let mut stages: BTreeMap<StageName, bool> =
            StageName::ALL.into_iter().map(|s| (s, true)).collect();
        if let Some(v) = table.remove("stages") {
            let switches: BTreeMap<String, bool> = v
                .try_into()
                .map_err(|e: toml::de::Error| invalid("stages", e))?;
            for (name, on) in switches {
                let stage = name
                    .parse::<StageName>()
                    .map_err(|message| ConfigError::Invalid {
                        at: Some("stages".into()),
                        message,
                    })?;
                stages.insert(stage, on);
            }
        }
        let mut sections = BTreeMap::new();
        for (key, value) in table {
            let stage = key
                .parse::<StageName>()
                .map_err(|_| ConfigError::UnknownTable(key.clone()))?;
            match value {
                toml::Value::Table(t) => {
                    sections.insert(stage, t);
                }
                _ => {
                    return Err(ConfigError::Invalid {
                        at: Some(key),
                        message: "expected a table".into(),
                    });
                }
            }
        }
        Ok(Config {
            preset: preset_name.to_owned(),
            run,
            input,
            output,
            stages,
            sections,
        })
    }

    /// True when the stage is switched on.
    pub fn enabled(&self, stage: StageName) -> bool {
        self.stages.get(&stage).copied().unwrap_or(false)
    }

    /// Reads a stage's table into its config struct; an absent table gives `T::default()`.
    pub fn section<T: DeserializeOwned + Default>(
        &self,
        stage: StageName,
    ) -> Result<T, ConfigError> {
        match self.sections.get(&stage) {
            None => Ok(T::default()),
            Some(t) => toml::Value::Table(t.clone())
                .try_into()
                .map_err(|e: toml::de::Error| invalid(stage.as_str(), e)),
        }
    }

    /// The whole config as one TOML table (what `--print-config` prints).
    pub fn to_table(&self) -> toml::Table {
        let mut table = toml::Table::new();
        table.insert("preset".into(), toml::Value::String(self.preset.clone()));
        let run = toml::Value::try_from(&self.run).expect("RunConfig always serialises to TOML");
        table.insert("run".into(), run);
        let input =
            toml::Value::try_from(&self.input).expect("InputConfig always serialises to TOML");
        table.insert("input".into(), input);
        let output =
            toml::Value::try_from(&self.output).expect("OutputConfig always serialises to TOML");
        table.insert("output".into(), output);
        let stages: toml::Table = self
            .stages
            .iter()
            .map(|(s, on)| (s.as_str().to_owned(), toml::Value::Boolean(*on)))
            .collect();
        table.insert("stages".into(), toml::Value::Table(stages));
        for (stage, t) in &self.sections {
            table.insert(stage.as_str().to_owned(), toml::Value::Table(t.clone()));
        }
        table
    }

    /// The config as TOML text; stable for a given config, so it can be fingerprinted.
    pub fn to_toml(&self) -> String {
        toml::to_string(&self.to_table()).expect("a TOML table always serialises")
    }
}

fn parse_toml(text: &str) -> Result<toml::Table, ConfigError> {
    text.parse::<toml::Table>()
        .map_err(|e| ConfigError::Invalid {
            at: None,
            message: e.to_string().trim().to_owned(),
        })
}

fn invalid(at: &str, e: toml::de::Error) -> ConfigError {
    ConfigError::Invalid {
        at: Some(at.to_owned()),
        message: e.message().to_owned(),
    }
}

/// Merges `over` into `base`: tables merge recursively, any other value replaces.
fn merge(base: &mut toml::Table, over: toml::Table) {
    for (key, value) in over {
        match (base.get_mut(&key), value) {
            (Some(toml::Value::Table(b)), toml::Value::Table(o)) => merge(b, o),
            (_, v) => {
                base.insert(key, v);
            }
        }
    }
}

/// The presets that ship inside the binary, as TOML files under `presets/`.
pub mod preset {
    /// The preset used when none is named.
    pub const DEFAULT: &str = "arabic-news";
    /// Every preset's name.
    pub const NAMES: &[&str] = &["arabic-news", "datatrove-compat", "minimal"];

    /// The TOML text of a preset.
    pub fn text(name: &str) -> Option<&'static str> {
        match name {
            "arabic-news" => Some(include_str!("../presets/arabic-news.toml")),
            "datatrove-compat" => Some(include_str!("../presets/datatrove-compat.toml")),
            "minimal" => Some(include_str!("../presets/minimal.toml")),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_preset_loads() {
        for name in preset::NAMES {
            let c = Config::preset(name).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(c.preset, *name);
        }
    }

    #[test]
    fn minimal_preset_switches_every_stage_off() {
        let c = Config::preset("minimal").unwrap();
        assert!(StageName::ALL.iter().all(|s| !c.enabled(*s)));
    }

    #[test]
    fn overlay_overrides_key_by_key() {
        let c = Config::with_overlay(
            "arabic-news",
            "[run]\nthreads = 3\n[stages]\ndedup = false\n",
        )
        .unwrap();
        assert_eq!(c.run.threads, 3);
        assert_eq!(c.run.batch_records, RunConfig::default().batch_records);
        assert!(!c.enabled(StageName::Dedup));
        assert!(c.enabled(StageName::Clean));
    }

    #[test]
    fn printed_config_reloads_to_the_same_config() {
        let c = Config::with_overlay("arabic-news", "[run]\nthreads = 2\n").unwrap();
        let again = Config::with_overlay("arabic-news", &c.to_toml()).unwrap();
        assert_eq!(c, again);
    }

    #[test]
    fn output_table_is_read_checked_and_printed() {
        let c = Config::with_overlay("minimal", "[output]\nsignals = \"full\"\n").unwrap();
        assert_eq!(c.output.signals, "full");
        assert_eq!(c.output.metadata, "full");
        assert!(c.to_toml().contains("[output]"));
        let e = Config::with_overlay("minimal", "[output]\nsignals = \"some\"\n").unwrap_err();
        assert!(e.to_string().contains("summary"), "{e}");
    }

    #[test]
    fn input_table_is_read_and_printed() {
        let c = Config::with_overlay(
            "minimal",
            "[input]\nshape = \"oscar\"\ndate = \"meta.published\"\n",
        )
        .unwrap();
        assert_eq!(c.input.shape, "oscar");
        assert_eq!(c.input.date, "meta.published");
        assert_eq!(c.input.text, "");
        let printed = c.to_toml();
        assert!(printed.contains("[input]"), "{printed}");
        assert!(printed.contains("text = \"\""), "{printed}");
        let e = Config::with_overlay("minimal", "[input]\ntxt = \"body\"\n").unwrap_err();
        assert!(e.to_string().contains("[input]"), "{e}");
    }

    #[test]
    fn unknown_table_is_an_error() {
        let e = Config::with_overlay("minimal", "[dedupe]\nx = 1\n").unwrap_err();
        assert!(e.to_string().contains("unknown table [dedupe]"), "{e}");
    }

    #[test]
    fn unknown_run_key_is_an_error() {
        let e = Config::with_overlay("minimal", "[run]\nthreds = 1\n").unwrap_err();
        assert!(e.to_string().contains("[run]"), "{e}");
    }

    #[test]
    fn unknown_preset_names_the_presets() {
        let e = Config::preset("fast").unwrap_err();
        assert!(e.to_string().contains("arabic-news"), "{e}");
    }
}
