//! The `filter` record stage: picks the record's thresholds, measures, decides.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

use ghirbal_core::{Config, ConfigError, Record, RecordStage, Reject, StageName, Verdict};

use crate::analysis::{Doc, Report};
use crate::config::{FilterConfig, Mode};
use crate::gopher_quality::StopWords;
use crate::thresholds::{self, Fineweb2Language, LANGUAGE_INDEPENDENT, Thresholds};
use crate::{c4, fineweb_quality, gopher_quality, gopher_repetition};

/// One language's thresholds with its stop words prepared for the mode.
#[derive(Debug)]
struct Lang {
    th: Thresholds,
    stop: StopWords,
    /// `th.word_endings` in the form the rules read (matching text in ghirbal mode), longest
    /// first.
    endings: Vec<String>,
    /// Which rule set this is, as the reject detail names it: a file's code (`ar`, `und`) or
    /// `fineweb2:<pair>`.
    rules: String,
}

impl Lang {
    fn new(mut th: Thresholds, config: &FilterConfig, rules: String) -> Lang {
        if let Some(min) = config.min_doc_words {
            th.gopher_quality.min_doc_words = min;
        }
        if let Some(min) = config.min_num_sentences {
            th.c4.min_num_sentences = min;
        }
        let stop = StopWords::new(&th.gopher_quality.stop_words, config.mode);
        let mut endings: Vec<String> = th
            .word_endings
            .iter()
            .map(|e| match config.mode {
                Mode::Datatrove => e.clone(),
                Mode::Ghirbal => ghirbal_core::text::matching(e),
            })
            .collect();
        endings.sort_by_key(|e| std::cmp::Reverse(e.len()));
        Lang {
            th,
            stop,
            endings,
            rules,
        }
    }
}

/// A FineWeb-2 language, its stop words prepared on first use: most runs meet a handful of the
/// 1,929.
#[derive(Debug)]
struct Fineweb2Slot {
    language: Fineweb2Language,
    prepared: OnceLock<Lang>,
}

/// The quality filters, bound to their config: Gopher repetition, FineWeb quality, Gopher
/// quality and C4, in that order; the first failing check decides.
#[derive(Debug)]
pub struct Filter {
    config: FilterConfig,
    c4: bool,
    langs: BTreeMap<String, Lang>,
    fineweb2: Vec<Fineweb2Slot>,
    /// ISO 639-1 and 639-3 codes to the FineWeb-2 pairs they name, most documents first.
    fineweb2_by_code: HashMap<String, Vec<usize>>,
}

/// The thresholds chosen for one record.
struct Chosen<'a> {
    /// The language code the detail names: the thresholds file's or the record's.
    code: &'a str,
    lang: &'a Lang,
    /// True when the language's own rules judged it, false for the language-independent ones.
    own: bool,
}

/// What the filter said about one text, for callers outside the pipeline (benchmarks, tests).
#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    /// The language whose thresholds applied.
    pub lang: String,
    /// The rule set that judged it: a thresholds file's code (`ar`, `en`; `und` for the
    /// language-independent rules) or `fineweb2:<pair>` (`fineweb2:spa_Latn`).
    pub rules: String,
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
            .map(|(code, th)| {
                let lang = Lang::new(th, &config, code.clone());
                (code, lang)
            })
            .collect();
        let mut fineweb2: Vec<Fineweb2Slot> = thresholds::fineweb2()
            .map_err(|message| ConfigError::Invalid {
                at: Some("filter".into()),
                message,
            })?
            .into_iter()
            // `und_Kana` and the like are scripts of unidentified text, not languages.
            .filter(|l| l.code != LANGUAGE_INDEPENDENT)
            .map(|language| Fineweb2Slot {
                language,
                prepared: OnceLock::new(),
            })
            .collect();
        fineweb2.sort_by(|a, b| {
            (b.language.documents, &a.language.code, &a.language.script).cmp(&(
                a.language.documents,
                &b.language.code,
                &b.language.script,
            ))
        });
        let mut fineweb2_by_code: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, slot) in fineweb2.iter().enumerate() {
            let l = &slot.language;
            for code in std::iter::once(&l.code).chain(l.iso639_1.as_ref()) {
                fineweb2_by_code.entry(code.clone()).or_default().push(i);
            }
        }
        let c4 = config.c4.unwrap_or(config.mode == Mode::Ghirbal);
        Ok(Filter {
            config,
            c4,
            langs,
            fineweb2,
            fineweb2_by_code,
        })
    }

    /// The config the stage was built from.
    pub fn config(&self) -> &FilterConfig {
        &self.config
    }

    /// The thresholds for a record of `lang` written in `script`: its own file, else its
    /// FineWeb-2 pair (the one in `script`, else the one with the most documents), else the
    /// `fallback_lang` file (the language-independent rules in every preset).
    fn lang_for<'a>(&'a self, lang: Option<&'a str>, script: Option<&str>) -> Chosen<'a> {
        let wanted = lang.unwrap_or(&self.config.default_lang);
        if let Some((code, l)) = self.langs.get_key_value(wanted) {
            return Chosen {
                code,
                own: code != LANGUAGE_INDEPENDENT,
                lang: l,
            };
        }
        if let Some(pairs) = self.fineweb2_by_code.get(wanted) {
            let i = pairs
                .iter()
                .copied()
                .find(|&i| script.is_some_and(|s| self.fineweb2[i].language.script == s))
                .unwrap_or(pairs[0]);
            let slot = &self.fineweb2[i];
            let l = slot.prepared.get_or_init(|| {
                Lang::new(
                    slot.language.thresholds.clone(),
                    &self.config,
                    format!("fineweb2:{}", slot.language.pair()),
                )
            });
            return Chosen {
                code: wanted,
                own: true,
                lang: l,
            };
        }
        // `new` checked that both defaults exist; the first entry is a last resort only.
        let (code, l) = self
            .langs
            .get_key_value(self.config.fallback_lang.as_str())
            .or_else(|| self.langs.iter().next())
            .unwrap_or_else(|| unreachable!("thresholds are never empty"));
        Chosen {
            code,
            own: false,
            lang: l,
        }
    }

    /// Measures `text` with the thresholds of `lang` (or the default) and decides.
    pub fn decide(&self, text: &str, lang: Option<&str>) -> Decision {
        self.decide_in(text, lang, None)
    }

    /// As [`Filter::decide`], for a text whose script (ISO 15924, as `Record::script`) is known:
    /// it picks between the scripts of a language (`srp_Cyrl`, `srp_Latn`).
    pub fn decide_in(&self, text: &str, lang: Option<&str>, script: Option<&str>) -> Decision {
        let chosen = self.lang_for(lang, script);
        let report = self.measure(text, chosen.lang);
        Decision {
            lang: chosen.code.to_owned(),
            rules: chosen.lang.rules.clone(),
            reject: report.reject(chosen.code, &chosen.lang.rules),
            figures: report.figures,
        }
    }

    /// Runs the rules of `l` on `text`.
    fn measure(&self, text: &str, l: &Lang) -> Report {
        let matching;
        let analysed = match self.config.mode {
            Mode::Datatrove => text,
            Mode::Ghirbal => {
                matching = ghirbal_core::text::matching(text);
                matching.as_str()
            }
        };
        let mut doc = Doc::new(analysed, self.config.mode, l.th.words);
        doc.cut_endings(&l.endings);
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
        report
    }
}

impl RecordStage for Filter {
    fn name(&self) -> StageName {
        StageName::Filter
    }

    /// Measures the record with the thresholds of its `lang` and `script`, writes every figure
    /// and `filter.own_rules` (1 when its language's own rules judged it, 0 for the
    /// language-independent ones) to `signals`, and rejects on the first failing check.
    fn apply(&self, rec: &mut Record) -> Verdict {
        let chosen = self.lang_for(rec.lang.as_deref(), rec.script.as_deref());
        let report = self.measure(&rec.text, chosen.lang);
        let reject = report.reject(chosen.code, &chosen.lang.rules);
        let own = chosen.own;
        for (key, value) in &report.figures {
            rec.set_signal(key, *value);
        }
        rec.set_signal("filter.own_rules", f64::from(u8::from(own)));
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
