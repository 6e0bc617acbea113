//! The `[extract]` table and the constructor the pipeline calls.

use ghirbal_core::{Config, ConfigError, StageName};
use serde::{Deserialize, Serialize};

use crate::stage::Extract;

/// Settings of the `extract` stage (the `[extract]` table of a preset or config file).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ExtractConfig {
    /// A body larger than this is rejected as `extract:too_large` without being decoded.
    pub max_page_bytes: usize,
    /// Only the first this-many bytes of a body are decoded and parsed; the rest of a larger
    /// page (up to `max_page_bytes`) is ignored. Bounds parse time and DOM memory per page.
    pub parse_bytes: usize,
    /// An article with fewer characters of text than this is rejected as
    /// `extract:no_content`.
    pub min_text_chars: usize,
    /// WARC record types whose body is a document; other types are rejected.
    pub warc_types: Vec<String>,
    /// Reject responses whose HTTP status is not 2xx.
    pub require_2xx: bool,
}

impl Default for ExtractConfig {
    fn default() -> ExtractConfig {
        ExtractConfig {
            max_page_bytes: crate::limits::MAX_PAGE_BYTES,
            parse_bytes: crate::limits::PARSE_BYTES,
            min_text_chars: 1,
            warc_types: vec!["response".into(), "resource".into(), "conversion".into()],
            require_2xx: true,
        }
    }
}

impl ExtractConfig {
    /// Turns the settings into the runnable stage.
    pub fn build(self) -> Extract {
        Extract::new(self)
    }
}

/// Builds the `extract` stage from the run's config (its `[extract]` table).
///
/// # Errors
/// A `[extract]` table with an unknown key or a value of the wrong type.
pub fn build(config: &Config) -> Result<Extract, ConfigError> {
    let section: ExtractConfig = config.section(StageName::Extract)?;
    Ok(section.build())
}
