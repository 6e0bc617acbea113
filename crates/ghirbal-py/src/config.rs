//! The effective config of a Python call: a preset, then a TOML file or a dict of the TOML's
//! shape over it, then the keyword switches, each applied by the command line's own code.

use std::path::PathBuf;

use ghirbal_core::Config;
use pyo3::PyErr;

use crate::ConfigError;

/// Where the keys over the preset come from.
pub enum Overlay {
    /// Nothing: the preset alone.
    None,
    /// A TOML file, read as `--config FILE` reads it.
    File(PathBuf),
    /// A dict of the TOML's shape, passed from Python as JSON text.
    Json(String),
}

/// The preset with the overlay merged over it key by key.
pub fn load(preset: &str, overlay: Overlay) -> Result<Config, PyErr> {
    let loaded = match overlay {
        Overlay::None => Config::load(preset, None),
        Overlay::File(path) => Config::load(preset, Some(&path)),
        Overlay::Json(json) => {
            let value: serde_json::Value = serde_json::from_str(&json)
                .map_err(|e| ConfigError::new_err(format!("bad config: {e}")))?;
            // Through toml's own value, whose tables serialise after plain keys as TOML wants.
            let text = toml::Value::try_from(&value)
                .and_then(|v| toml::to_string(&v))
                .map_err(|e| {
                ConfigError::new_err(format!(
                    "bad config: the dict has no TOML form ({e}); values are tables, strings, numbers, booleans and lists"
                ))
            })?;
            Config::with_overlay(preset, &text)
        }
    };
    loaded.map_err(|e| ConfigError::new_err(e.to_string()))
}
