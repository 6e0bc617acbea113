//! The `lang` record stage: identify, write the fields and signals, apply the filter.

use ghirbal_core::reason::lang as reason;
use ghirbal_core::{Config, ConfigError, Record, RecordStage, Reject, StageName, Verdict};
use serde_json::json;

use crate::config::LangConfig;
use crate::identify::{Identification, Identifier};
use crate::iso;

/// The `lang` stage, built from the `[lang]` table by [`build`].
#[derive(Debug)]
pub struct Lang {
    identifier: Identifier,
    config: LangConfig,
}

/// Builds the `lang` stage from the config's `[lang]` table.
///
/// # Errors
/// [`ConfigError::Invalid`] when `[lang]` has an unknown key, a key of the wrong type, a
/// score outside `[0, 1]` or `sample_bytes` of 0.
pub fn build(config: &Config) -> Result<Lang, ConfigError> {
    let section: LangConfig = config.section(StageName::Lang)?;
    Lang::new(section)
}

impl Lang {
    /// The stage for an already-read `[lang]` table.
    ///
    /// # Errors
    /// As [`build`].
    pub fn new(config: LangConfig) -> Result<Lang, ConfigError> {
        let bad_score = |s: f64| !(0.0..=1.0).contains(&s);
        if bad_score(config.min_score) || config.min_scores.values().any(|s| bad_score(*s)) {
            return Err(invalid("min_score and min_scores must lie in [0, 1]"));
        }
        if config.sample_bytes == 0 {
            return Err(invalid("sample_bytes must be at least 1"));
        }
        Ok(Lang {
            identifier: Identifier::new(config.sample_bytes),
            config,
        })
    }

    /// The identifier the stage uses, for callers that want identification without a record.
    pub fn identifier(&self) -> &Identifier {
        &self.identifier
    }

    fn verdict(&self, id: &Identification) -> Verdict {
        if !self.config.filters() {
            return Verdict::Keep;
        }
        let Some(lang) = id.lang else {
            return Verdict::Reject(Reject::new(
                reason::UNDETERMINED,
                json!({ "letters": id.letters }),
            ));
        };
        if !self.config.keep.is_empty() {
            let label = id.script.and_then(|s| iso::fineweb2_label(lang, s.code()));
            let code3 = iso::fineweb2_code(lang);
            let kept = self
                .config
                .keep
                .iter()
                .any(|k| k == lang || Some(k.as_str()) == code3 || Some(k) == label.as_ref());
            if !kept {
                return Verdict::Reject(Reject::new(
                    reason::NOT_KEPT,
                    json!({ "lang": lang, "fineweb2": label, "keep": self.config.keep }),
                ));
            }
        }
        let min = self.config.min_score_for(lang);
        if id.score < min {
            return Verdict::Reject(Reject::new(
                reason::MIN_SCORE,
                json!({ "lang": lang, "score": round6(id.score), "min_score": min }),
            ));
        }
        Verdict::Keep
    }
}

impl RecordStage for Lang {
    fn name(&self) -> StageName {
        StageName::Lang
    }

    /// Sets `lang`, `lang_score`, `script` and the `lang.*` signals, then applies `keep` and
    /// `min_score`. A text without letters gets `lang` and `script` of `None` and score 0.
    fn apply(&self, rec: &mut Record) -> Verdict {
        let id = self.identifier.identify(&rec.text);
        rec.lang = id.lang.map(str::to_owned);
        rec.lang_score = Some(round6(id.score));
        rec.script = id.script.map(|s| s.code().to_owned());
        // FineWeb-2's label (`spa_Latn`) beside the ISO code, for datasets keyed that way.
        match id
            .lang
            .zip(id.script)
            .and_then(|(l, s)| iso::fineweb2_label(l, s.code()))
        {
            Some(label) => {
                rec.metadata
                    .insert("lang_fineweb2".to_owned(), serde_json::Value::String(label));
            }
            None => {
                rec.metadata.remove("lang_fineweb2");
            }
        }
        rec.set_signal("lang.score", id.score);
        rec.set_signal("lang.model_score", id.model_score);
        rec.set_signal("lang.letter_ratio", id.letter_ratio);
        rec.set_signal("lang.arabic_script_ratio", id.arabic_script_ratio);
        rec.set_signal("lang.script_ratio", id.script_ratio);
        self.verdict(&id)
    }
}

fn invalid(message: &str) -> ConfigError {
    ConfigError::Invalid {
        at: Some(StageName::Lang.as_str().to_owned()),
        message: message.to_owned(),
    }
}

fn round6(x: f64) -> f64 {
    if x.is_finite() {
        (x * 1e6).round() / 1e6
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stage(overlay: &str) -> Lang {
        let config = Config::with_overlay("arabic-news", overlay).expect("test overlay parses");
        build(&config).expect("test config builds")
    }

    fn reason_of(v: &Verdict) -> Option<&str> {
        match v {
            Verdict::Keep => None,
            Verdict::Reject(r) => Some(r.reason.as_str()),
        }
    }

    const ARABIC: &str =
        "أعلنت وزارة التعليم عن خطة جديدة لبناء مئة مدرسة في المناطق الريفية خلال العام المقبل.";
    const FRENCH: &str =
        "Le ministère a annoncé un plan pour construire cent écoles dans les zones rurales.";

    #[test]
    fn arabic_record_gets_fields_and_signals() {
        let mut rec = Record::new("1", ARABIC);
        let v = stage("").apply(&mut rec);
        assert_eq!(v, Verdict::Keep);
        assert_eq!(rec.lang.as_deref(), Some("ar"));
        assert_eq!(rec.script.as_deref(), Some("Arab"));
        assert!(rec.lang_score.is_some_and(|s| s > 0.5 && s <= 1.0));
        assert_eq!(rec.signal("lang.arabic_script_ratio"), Some(1.0));
        assert!(rec.signal("lang.score").is_some());
    }

    #[test]
    fn language_outside_keep_is_rejected_as_not_kept() {
        let s = stage("[lang]\nkeep = [\"ar\"]\n");
        let mut rec = Record::new("1", FRENCH);
        assert_eq!(reason_of(&s.apply(&mut rec)), Some("lang:not_kept"));
        let mut rec = Record::new("2", ARABIC);
        assert_eq!(s.apply(&mut rec), Verdict::Keep);
    }

    #[test]
    fn keep_takes_iso_and_fineweb2_codes_and_the_record_carries_both() {
        for keep in ["fr", "fra", "fra_Latn"] {
            let s = stage(&format!("[lang]\nkeep = [\"{keep}\"]\n"));
            let mut rec = Record::new("1", FRENCH);
            assert_eq!(s.apply(&mut rec), Verdict::Keep, "{keep}");
            assert_eq!(rec.lang.as_deref(), Some("fr"));
            assert_eq!(rec.metadata["lang_fineweb2"], "fra_Latn");
            let mut rec = Record::new("2", ARABIC);
            assert_eq!(
                reason_of(&s.apply(&mut rec)),
                Some("lang:not_kept"),
                "{keep}"
            );
            assert_eq!(rec.metadata["lang_fineweb2"], "arb_Arab");
        }
    }

    #[test]
    fn low_score_is_rejected_as_min_score_with_figures() {
        let s = stage("[lang]\nmin_score = 0.9\n");
        let mut rec = Record::new("1", "12 34 56 78 90 11 22 33 44 55 66 77 88 أخبار");
        let v = s.apply(&mut rec);
        assert_eq!(reason_of(&v), Some("lang:min_score"));
        if let Verdict::Reject(r) = v {
            assert_eq!(r.detail["min_score"], 0.9);
        }
    }

    #[test]
    fn per_language_min_score_overrides_the_default() {
        let s = stage("[lang]\nmin_score = 0.0\nmin_scores = { fr = 1.0 }\n");
        let mut rec = Record::new("1", FRENCH);
        let v = s.apply(&mut rec);
        assert!(rec.lang_score.is_some_and(|x| x < 1.0));
        assert_eq!(reason_of(&v), Some("lang:min_score"));
    }

    #[test]
    fn bad_input_never_panics_nor_writes_nan() {
        let s = stage("[lang]\nmin_score = 0.1\n");
        let big_word = "x".repeat(5 << 20);
        let inputs = [
            "",
            " \n ",
            "0123456789",
            "😀🎉😀",
            "\u{0}\u{1}\u{fffd}",
            big_word.as_str(),
        ];
        for text in inputs {
            let mut rec = Record::new("1", text);
            let v = s.apply(&mut rec);
            for (k, val) in &rec.signals {
                assert!(
                    val.is_number(),
                    "{k} = {val} for {:?}",
                    &text[..text.len().min(20)]
                );
            }
            if rec.lang.is_none() {
                assert_eq!(reason_of(&v), Some("lang:undetermined"));
                assert_eq!(rec.lang_score, Some(0.0));
            }
        }
    }

    #[test]
    fn undetermined_text_is_kept_when_the_filter_is_off() {
        let mut rec = Record::new("1", "123");
        assert_eq!(
            stage("[lang]\nmin_score = 0.0\n").apply(&mut rec),
            Verdict::Keep
        );
        assert_eq!(rec.lang, None);
        assert_eq!(rec.script, None);
    }

    #[test]
    fn unknown_key_and_bad_score_are_config_errors() {
        let c = Config::with_overlay("arabic-news", "[lang]\nkeeep = []\n").expect("parses");
        assert!(build(&c).is_err());
        let c = Config::with_overlay("arabic-news", "[lang]\nmin_score = 2.0\n").expect("parses");
        assert!(build(&c).is_err());
    }

    #[test]
    fn arabic_news_drops_digit_only_text_as_undetermined() {
        let mut rec = Record::new("1", "2015/03/04 12:30 ١٢٣٤");
        assert_eq!(
            reason_of(&stage("").apply(&mut rec)),
            Some("lang:undetermined")
        );
    }

    #[test]
    fn every_preset_builds() {
        for name in ghirbal_core::preset::NAMES {
            let c = Config::preset(name).expect("preset loads");
            assert!(build(&c).is_ok(), "{name}");
        }
    }
}
