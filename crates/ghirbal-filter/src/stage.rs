//! The `filter` record stage: picks the record's thresholds, measures, decides.

use std::borrow::Cow;
use std::collections::BTreeMap;

use ghirbal_core::{Config, ConfigError, Record, RecordStage, Reject, StageName, Verdict};

use crate::analysis::{Doc, Report};
use crate::config::{FilterConfig, Mode};
use crate::gopher_quality::StopWords;
use crate::thresholds::{self, Thresholds};
use crate::{c4, fineweb_quality, gopher_quality, gopher_repetition};

/// One language's thresholds with its stop words prepared for the mode.
#[derive(Debug)]
struct Lang {
    th: Thresholds,
    stop: StopWords,
}

/// The quality filters, bound to their config: Gopher repetition, FineWeb quality, Gopher
/// quality and C4, in that order; the first failing check decides.
#[derive(Debug)]
pub struct Filter {
    config: FilterConfig,
    c4: bool,
    langs: BTreeMap<String, Lang>,
}

/// What the filter said about one text, for callers outside the pipeline (benchmarks, tests).
#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    /// The language whose thresholds applied.
    pub lang: String,
    /// Every figure measured, keyed `filter.<rule>.<figure>`.
    pub figures: Vec<(Cow<'static, str>, f64)>,
    /// `None` to keep, else why the record goes.
    pub reject: Option<Reject>,
}

impl Filter {
    /// Builds the stage from its config table.
    pub fn new(config: FilterConfig) -> Result<Filter, ConfigError> {
        let all = thresholds::load_all().map_err(|message| ConfigError::Invalid {
            at: Some("filter".into()),
            message,
        })?;
        for (key, code) in [
            ("default_lang", &config.default_lang),
            ("fallback_lang", &config.fallback_lang),
        ] {
            if !all.contains_key(code) {
                return Err(ConfigError::Invalid {
                    at: Some("filter".into()),
                    message: format!(
                        "{key} = {code:?} has no thresholds file; languages are {}",
                        thresholds::languages().collect::<Vec<_>>().join(", ")
                    ),
                });
            }
        }
        let langs = all
            .into_iter()
            .map(|(code, mut th)| {
                if let Some(min) = config.min_doc_words {
                    th.gopher_quality.min_doc_words = min;
                }
                if let Some(min) = config.min_num_sentences {
                    th.c4.min_num_sentences = min;
                }
                let stop = StopWords::new(&th.gopher_quality.stop_words, config.mode);
                (code, Lang { th, stop })
            })
            .collect();
        let c4 = config.c4.unwrap_or(config.mode == Mode::Ghirbal);
        Ok(Filter { config, c4, langs })
    }

    /// The config the stage was built from.
    pub fn config(&self) -> &FilterConfig {
        &self.config
    }

    fn lang_for(&self, lang: Option<&str>) -> (&str, &Lang) {
        let wanted = lang.unwrap_or(&self.config.default_lang);
        if let Some((code, l)) = self.langs.get_key_value(wanted) {
            return (code, l);
        }
        // `new` checked that both defaults exist; the first entry is a last resort only.
        self.langs
            .get_key_value(self.config.fallback_lang.as_str())
            .or_else(|| self.langs.iter().next())
            .map(|(c, l)| (c.as_str(), l))
            .unwrap_or_else(|| unreachable!("thresholds are never empty"))
    }

    /// Measures `text` with the thresholds of `lang` (or the default) and decides.
    pub fn decide(&self, text: &str, lang: Option<&str>) -> Decision {
        let (code, report) = self.measure(text, lang);
        Decision {
            lang: code.to_owned(),
            reject: report.reject(code),
            figures: report.figures,
        }
    }

    /// Runs the rules on `text`; returns the language whose thresholds applied and the report.
    fn measure(&self, text: &str, lang: Option<&str>) -> (&str, Report) {
        let (code, l) = self.lang_for(lang);
        let matching;
        let analysed = match self.config.mode {
            Mode::Datatrove => text,
            Mode::Ghirbal => {
                matching = ghirbal_core::text::matching(text);
                matching.as_str()
            }
        };
        let doc = Doc::new(analysed, self.config.mode);
        let mut report = Report::default();
        if self.config.gopher_repetition {
            gopher_repetition::run(&doc, &l.th.gopher_repetition, &mut report);
        }
        if self.config.fineweb_quality {
            fineweb_quality::run(&doc, &l.th.fineweb_quality, &mut report);
        }
        if self.config.gopher_quality {
            gopher_quality::run(&doc, &l.th.gopher_quality, &l.stop, &mut report);
        }
        if self.c4 && l.th.c4.enabled {
            c4::run(&doc, &l.th.c4, &mut report);
        }
        (code, report)
    }
}

impl RecordStage for Filter {
    fn name(&self) -> StageName {
        StageName::Filter
    }

    fn apply(&self, rec: &mut Record) -> Verdict {
        let (code, report) = self.measure(&rec.text, rec.lang.as_deref());
        let reject = report.reject(code);
        for (key, value) in &report.figures {
            rec.set_signal(key, *value);
        }
        match reject {
            None => Verdict::Keep,
            Some(reject) => Verdict::Reject(reject),
        }
    }
}

/// Builds the `filter` stage from `config`'s `[filter]` table.
pub fn build(config: &Config) -> Result<Filter, ConfigError> {
    Filter::new(config.section::<FilterConfig>(StageName::Filter)?)
}
