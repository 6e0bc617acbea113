//! The configuration as a run reads it, every key of every table with its value (what
//! `ghirbal run --print-config` prints).
//!
//! A preset or config file names only the keys it changes; each stage fills the others with
//! its defaults when it reads its table. Here each stage table is read into the stage's config
//! struct and written back, so the printed config shows every key that exists. TOML has no
//! null, so a key whose default is "not set" (`filter.min_doc_words`) cannot be printed as a
//! value: [`EffectiveConfig::unset`] names those.

use ghirbal_core::{Config, ConfigError, StageName};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// A config with every stage table complete, and the keys that hold no value.
#[derive(Debug, Clone, PartialEq)]
pub struct EffectiveConfig {
    /// The config, each stage table as its stage reads it (defaults filled in).
    pub config: Config,
    /// Dotted names (`filter.c4`) of the keys whose value is "not set": optional keys that the
    /// stage decides itself when absent.
    pub unset: Vec<String>,
}

impl EffectiveConfig {
    /// The config as TOML text, then one comment line naming the unset keys, if any.
    pub fn to_toml(&self) -> String {
        let mut text = self.config.to_toml();
        if !self.unset.is_empty() {
            text.push_str(&format!(
                "\n# not set (the stage decides; set them to override): {}\n",
                self.unset.join(", ")
            ));
        }
        text
    }
}

/// Every table of `config` with every key: `[run]`, `[input]`, `[output]` as they are (typed
/// already), each stage table read into its config struct and written back.
///
/// # Errors
/// A stage table that its stage would refuse (an unknown key, a wrong type).
pub fn effective_config(config: &Config) -> Result<EffectiveConfig, ConfigError> {
    let mut full = config.clone();
    let mut unset = Vec::new();
    unset_keys("run", &json(&config.run), &mut unset);
    unset_keys("input", &json(&config.input), &mut unset);
    unset_keys("output", &json(&config.output), &mut unset);
    for stage in StageName::ALL {
        match stage {
            StageName::Extract => {
                fill::<ghirbal_extract::ExtractConfig>(&mut full, stage, &mut unset)?
            }
            StageName::Clean => fill::<ghirbal_clean::CleanConfig>(&mut full, stage, &mut unset)?,
            StageName::Pii => fill::<ghirbal_clean::PiiConfig>(&mut full, stage, &mut unset)?,
            StageName::Lang => fill::<ghirbal_lang::LangConfig>(&mut full, stage, &mut unset)?,
            StageName::Filter => {
                fill::<ghirbal_filter::FilterConfig>(&mut full, stage, &mut unset)?
            }
            StageName::Dedup => fill::<ghirbal_dedup::DedupConfig>(&mut full, stage, &mut unset)?,
        }
    }
    Ok(EffectiveConfig {
        config: full,
        unset,
    })
}

/// Replaces `stage`'s table by its config struct `T`, read and written back.
fn fill<T: Serialize + DeserializeOwned + Default>(
    full: &mut Config,
    stage: StageName,
    unset: &mut Vec<String>,
) -> Result<(), ConfigError> {
    let typed: T = full.section(stage)?;
    let table = match toml::Value::try_from(&typed) {
        Ok(toml::Value::Table(t)) => t,
        _ => unreachable!("a stage config is a struct of TOML values"),
    };
    unset_keys(stage.as_str(), &json(&typed), unset);
    full.sections.insert(stage, table);
    Ok(())
}

fn json<T: Serialize>(value: &T) -> serde_json::Value {
    serde_json::to_value(value).expect("a config struct serialises to JSON")
}

/// Adds `prefix.key` for every null in `value`, recursing into nested tables.
fn unset_keys(prefix: &str, value: &serde_json::Value, out: &mut Vec<String>) {
    if let serde_json::Value::Object(map) = value {
        for (key, v) in map {
            let name = format!("{prefix}.{key}");
            match v {
                serde_json::Value::Null => out.push(name),
                serde_json::Value::Object(_) => unset_keys(&name, v, out),
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use ghirbal_core::config::{InputConfig, OutputConfig};
    use ghirbal_core::{RunConfig, preset};

    use super::*;

    /// Every leaf key of a config struct's default, dotted, nulls included: the keys that exist.
    fn struct_keys<T: Serialize + Default>(prefix: &str, out: &mut BTreeSet<String>) {
        fn walk(prefix: &str, v: &serde_json::Value, out: &mut BTreeSet<String>) {
            match v {
                serde_json::Value::Object(map) => {
                    for (k, v) in map {
                        walk(&format!("{prefix}.{k}"), v, out);
                    }
                }
                _ => {
                    out.insert(prefix.to_owned());
                }
            }
        }
        walk(prefix, &json(&T::default()), out);
    }

    /// Every leaf key the printed text shows: TOML keys, and the keys its last comment names.
    fn printed_keys(text: &str) -> BTreeSet<String> {
        fn walk(prefix: &str, t: &toml::Table, out: &mut BTreeSet<String>) {
            for (k, v) in t {
                let name = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                match v {
                    toml::Value::Table(inner) => walk(&name, inner, out),
                    _ => {
                        out.insert(name);
                    }
                }
            }
        }
        let mut out = BTreeSet::new();
        walk(
            "",
            &text.parse::<toml::Table>().expect("printed TOML parses"),
            &mut out,
        );
        for line in text.lines() {
            if let Some((_, names)) = line
                .strip_prefix("# not set")
                .and_then(|l| l.split_once(": "))
            {
                out.extend(names.split(", ").map(str::to_owned));
            }
        }
        out
    }

    #[test]
    fn print_config_shows_every_key_of_every_table_in_every_preset() {
        let mut expected = BTreeSet::new();
        struct_keys::<RunConfig>("run", &mut expected);
        struct_keys::<InputConfig>("input", &mut expected);
        struct_keys::<OutputConfig>("output", &mut expected);
        for stage in StageName::ALL {
            let name = stage.as_str();
            // A new stage fails to compile here until its config struct is named.
            match stage {
                StageName::Extract => {
                    struct_keys::<ghirbal_extract::ExtractConfig>(name, &mut expected)
                }
                StageName::Clean => struct_keys::<ghirbal_clean::CleanConfig>(name, &mut expected),
                StageName::Pii => struct_keys::<ghirbal_clean::PiiConfig>(name, &mut expected),
                StageName::Lang => struct_keys::<ghirbal_lang::LangConfig>(name, &mut expected),
                StageName::Filter => {
                    struct_keys::<ghirbal_filter::FilterConfig>(name, &mut expected)
                }
                StageName::Dedup => struct_keys::<ghirbal_dedup::DedupConfig>(name, &mut expected),
            }
            expected.insert(format!("stages.{name}"));
        }
        expected.insert("preset".to_owned());
        assert!(expected.contains("filter.min_doc_words"));
        assert!(expected.contains("lang.keep"));
        for name in preset::NAMES {
            let config = Config::preset(name).expect("preset loads");
            let text = effective_config(&config).expect("preset reads").to_toml();
            let printed = printed_keys(&text);
            let missing: Vec<_> = expected.difference(&printed).collect();
            assert!(
                missing.is_empty(),
                "{name}: not printed: {missing:?}\n{text}"
            );
            // Printed keys beyond the structs' are the entries of map-valued keys
            // (`lang.min_scores.ar`); every table printed is one that exists.
            let top = |keys: &BTreeSet<String>| -> BTreeSet<String> {
                keys.iter()
                    .map(|k| k.split('.').next().unwrap_or_default().to_owned())
                    .collect()
            };
            assert_eq!(top(&printed), top(&expected), "{name}");
        }
    }

    #[test]
    fn the_printed_config_loads_back_to_the_same_run() {
        let config = Config::preset("datatrove-compat").expect("preset loads");
        let full = effective_config(&config).expect("preset reads");
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("printed.toml");
        std::fs::write(&path, full.to_toml()).expect("write");
        let again = Config::load("datatrove-compat", Some(&path)).expect("printed config loads");
        assert_eq!(
            effective_config(&again).expect("reads").to_toml(),
            full.to_toml()
        );
    }
}
