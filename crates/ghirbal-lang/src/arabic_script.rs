//! The letter rule for Arabic-script text: which languages its letters allow.
//!
//! Neither lingua nor whatlang knows Pashto or Sorani Kurdish, and on a single word both guess
//! between Arabic, Persian and Urdu from n-grams alone. Several letters settle the question
//! outright, so this rule runs before the models (letter lists and thresholds are data files,
//! one per language, under `resources/`):
//!
//! 1. Pashto, Sorani and Urdu each have letters no other language here writes. The language
//!    whose markers make up the largest share of the Arabic-script letters wins, if that share
//!    reaches its `min_density` (1%: real text of these languages holds several per hundred
//!    letters; an Arabic article quoting one foreign name stays far below).
//! 2. Otherwise Arabic-only letters (ة ى ي ك) without any Persian-only letter (پ چ ژ گ ی ک)
//!    rule out Persian and Urdu; Persian-only letters without Arabic-only ones rule out Arabic.
//!    With both or neither, the model chooses among the three.
//!
//! The rule reads the stored text, not the matching text: matching folds ة to ه and ى to ي
//! (it keeps ی U+06CC distinct from ي U+064A, but losing ة would weaken rule 2).

use serde::Deserialize;

/// One language's marker letters, as read from `resources/<code>.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Markers {
    code: String,
    markers: String,
    #[serde(default)]
    min_density: f64,
}

impl Markers {
    fn load(text: &str) -> Markers {
        // The files are part of the crate and checked by a test, so a parse failure here is
        // a build mistake, not bad input.
        toml::from_str(text).expect("resources/*.toml is valid (checked by tests)")
    }

    fn count(&self, text: &str) -> u32 {
        text.chars().filter(|c| self.markers.contains(*c)).count() as u32
    }
}

/// What the letters of an Arabic-script text say about its language.
#[derive(Debug, Clone, PartialEq)]
pub enum LetterVerdict {
    /// The letters alone decide: a language code and the marker density that decided it.
    Decided(&'static str, f64),
    /// The model must choose, but only among these codes.
    Among(&'static [&'static str]),
}

/// The letter rule, loaded once from the resource files.
#[derive(Debug, Clone)]
pub struct LetterRule {
    exclusive: Vec<(&'static str, Markers)>,
    arabic: Markers,
    persian: Markers,
}

/// Candidates when the letters cannot narrow the choice.
pub const ARABIC_SCRIPT_MODEL_LANGS: &[&str] = &["ar", "fa", "ur"];
const NOT_ARABIC: &[&str] = &["fa", "ur"];
const ONLY_ARABIC: &[&str] = &["ar"];

impl Default for LetterRule {
    fn default() -> LetterRule {
        LetterRule::new()
    }
}

impl LetterRule {
    /// Loads the marker letters of every language from `resources/`.
    pub fn new() -> LetterRule {
        let rule = LetterRule {
            exclusive: vec![
                ("ps", Markers::load(include_str!("../resources/ps.toml"))),
                ("ckb", Markers::load(include_str!("../resources/ckb.toml"))),
                ("ur", Markers::load(include_str!("../resources/ur.toml"))),
            ],
            arabic: Markers::load(include_str!("../resources/ar.toml")),
            persian: Markers::load(include_str!("../resources/fa.toml")),
        };
        // Each file names its own code; a file wired to the wrong language is a build mistake.
        debug_assert!(rule.exclusive.iter().all(|(code, m)| m.code == *code));
        rule
    }

    /// Applies the rule to `text`, which has `arabic_letters` Arabic-script letters.
    pub fn judge(&self, text: &str, arabic_letters: u32) -> LetterVerdict {
        if arabic_letters == 0 {
            return LetterVerdict::Among(ARABIC_SCRIPT_MODEL_LANGS);
        }
        let n = f64::from(arabic_letters);
        let mut best: Option<(&'static str, f64)> = None;
        for (code, m) in &self.exclusive {
            let density = f64::from(m.count(text)) / n;
            if density > 0.0 && density >= m.min_density && best.is_none_or(|(_, d)| density > d) {
                best = Some((code, density));
            }
        }
        if let Some((code, density)) = best {
            return LetterVerdict::Decided(code, density);
        }
        let arabic = self.arabic.count(text);
        let persian = self.persian.count(text);
        match (arabic > 0, persian > 0) {
            (true, false) => LetterVerdict::Among(ONLY_ARABIC),
            (false, true) => LetterVerdict::Among(NOT_ARABIC),
            _ => LetterVerdict::Among(ARABIC_SCRIPT_MODEL_LANGS),
        }
    }

    /// The marker-letter codes, for tests.
    #[cfg(test)]
    fn codes(&self) -> Vec<&str> {
        let mut v: Vec<&str> = self
            .exclusive
            .iter()
            .map(|(_, m)| m.code.as_str())
            .collect();
        v.push(&self.arabic.code);
        v.push(&self.persian.code);
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::script::{Script, ScriptCounts};

    fn judge(text: &str) -> LetterVerdict {
        let n = ScriptCounts::of(text).letters_of(Script::Arab);
        LetterRule::new().judge(text, n)
    }

    #[test]
    fn resource_files_load_with_their_codes() {
        assert_eq!(LetterRule::new().codes(), ["ps", "ckb", "ur", "ar", "fa"]);
    }

    #[test]
    fn pashto_sentence_is_decided_by_its_letters() {
        let v = judge("زه په کابل کې اوسېږم او ښوونځي ته ځم");
        assert!(matches!(v, LetterVerdict::Decided("ps", _)), "{v:?}");
    }

    #[test]
    fn sorani_sentence_is_decided_by_its_letters() {
        let v = judge("ئەمڕۆ کەشوهەوا زۆر خۆشە و منداڵەکان لە باخچەن");
        assert!(matches!(v, LetterVerdict::Decided("ckb", _)), "{v:?}");
    }

    #[test]
    fn urdu_sentence_is_decided_by_its_letters() {
        let v = judge("یہ کتاب میرے دوست کی ہے اور وہ بہت اچھی ہیں");
        assert!(matches!(v, LetterVerdict::Decided("ur", _)), "{v:?}");
    }

    #[test]
    fn arabic_only_letters_rule_out_persian() {
        assert_eq!(judge("المدينة المنورة"), LetterVerdict::Among(&["ar"]));
    }

    #[test]
    fn persian_only_letters_rule_out_arabic() {
        assert_eq!(
            judge("کتاب را به من بدهید"),
            LetterVerdict::Among(&["fa", "ur"])
        );
    }

    #[test]
    fn shared_letters_leave_the_choice_to_the_model() {
        assert_eq!(judge("سلام"), LetterVerdict::Among(&["ar", "fa", "ur"]));
    }

    #[test]
    fn one_foreign_letter_in_a_long_arabic_text_does_not_decide() {
        let text = "قال وزير الخارجية في مؤتمر صحفي عقده اليوم في العاصمة إن المحادثات مع الجانب \
                    الآخر كانت مثمرة وإن الطرفين اتفقا على مواصلة الحوار خلال الأسابيع المقبلة ڤ";
        assert!(matches!(judge(text), LetterVerdict::Among(_)));
    }
}
