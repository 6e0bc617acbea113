//! From a config to ready-to-run stages.

use ghirbal_core::{Config, ConfigError, StageName};

use crate::config::{CleanConfig, PiiConfig};
use crate::{Clean, Pii, SiteBoilerplate};

/// The stages this crate provides, each `None` when switched off in the config.
#[derive(Debug)]
pub struct Stages {
    /// The `clean` record stage; `None` when `[stages] clean = false`.
    pub clean: Option<Clean>,
    /// The site-boilerplate corpus stage; `None` when `clean` is off or
    /// `[clean.site] enabled = false`. Run it after every record stage.
    pub site: Option<SiteBoilerplate>,
    /// The `pii` record stage; `None` when `[stages] pii = false`.
    pub pii: Option<Pii>,
}

/// Reads `[clean]` and `[pii]` and builds the switched-on stages.
///
/// # Errors
/// A table with an unknown key or a wrong type, a lexicon language that does not exist, or a
/// `[clean.site] spill_dir` that is not a directory, is a [`ConfigError`].
pub fn build(config: &Config) -> Result<Stages, ConfigError> {
    let clean_config: CleanConfig = config.section(StageName::Clean)?;
    let pii_config: PiiConfig = config.section(StageName::Pii)?;
    let clean_on = config.enabled(StageName::Clean);
    let clean = clean_on.then(|| Clean::new(&clean_config)).transpose()?;
    let site = (clean_on && clean_config.site.enabled)
        .then(|| SiteBoilerplate::new(&clean_config.site, clean_config.explain))
        .transpose()?;
    let pii = config
        .enabled(StageName::Pii)
        .then(|| Pii::new(&pii_config));
    Ok(Stages { clean, site, pii })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_preset_builds() {
        for name in ghirbal_core::preset::NAMES {
            let config = Config::preset(name).unwrap();
            let stages = build(&config).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(
                stages.clean.is_some(),
                config.enabled(StageName::Clean),
                "{name}"
            );
            assert_eq!(
                stages.pii.is_some(),
                config.enabled(StageName::Pii),
                "{name}"
            );
        }
    }

    #[test]
    fn misspelt_clean_key_is_a_config_error() {
        let config = Config::with_overlay("arabic-news", "[clean]\nexplian = true\n").unwrap();
        let e = build(&config).unwrap_err();
        assert!(e.to_string().contains("[clean]"), "{e}");
    }

    #[test]
    fn explain_and_site_settings_are_read() {
        let overlay =
            "[clean]\nexplain = true\n[clean.site]\nmin_pages = 9\n[pii]\nphone = false\n";
        let config = Config::with_overlay("arabic-news", overlay).unwrap();
        let stages = build(&config).unwrap();
        assert!(stages.clean.as_ref().is_some_and(|c| c.config().explain));
        assert!(stages.site.is_some());
        let (masked, counts) = stages.pii.unwrap().mask("call 0501234567 or a@b.com");
        assert_eq!(masked, "call 0501234567 or <EMAIL>");
        assert_eq!(counts.phone, 0);
    }

    #[test]
    fn site_spill_settings_are_read_and_checked() {
        let overlay = "[clean.site]\nmemory_budget = \"64MiB\"\n";
        let config = Config::with_overlay("arabic-news", overlay).unwrap();
        let site: CleanConfig = config.section(StageName::Clean).unwrap();
        assert_eq!(site.site.memory_budget, 64 << 20);
        let overlay = "[clean.site]\nspill_dir = \"/nonexistent/ghirbal\"\n";
        let config = Config::with_overlay("arabic-news", overlay).unwrap();
        let e = build(&config).unwrap_err();
        assert!(e.to_string().contains("spill_dir"), "{e}");
    }

    #[test]
    fn unknown_lexicon_language_is_a_config_error() {
        let config =
            Config::with_overlay("arabic-news", "[clean]\nlanguages = [\"zz\"]\n").unwrap();
        assert!(build(&config).is_err());
    }
}
