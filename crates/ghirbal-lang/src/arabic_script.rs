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
//!    ه (U+0647), which Urdu spells ہ, rules out Urdu. The model chooses among what is left.
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
    /// Letters the language (almost) never writes; they rule it out when the model chooses.
    #[serde(default)]
    never: String,
}

impl Markers {
    fn load(text: &str) -> Markers {
        // The files are part of the crate and checked by a test, so a parse failure here is
        // a build mistake, not bad input.
        toml::from_str(text).expect("resources/*.toml is valid (checked by tests)")
    }
}

/// First code point of the Arabic block; every marker letter lies in U+0600..=U+06FF.
const BLOCK_START: u32 = 0x0600;

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
    /// Pashto, Sorani, Urdu with their minimum densities; bits 0, 1, 2 of `table`.
    exclusive: [(&'static str, f64); 3],
    /// For each letter of the Arabic block, a bit per marker class: the three exclusive
    /// languages, then Arabic-only (bit 3), Persian-only (bit 4), never-Urdu (bit 5). One table
    /// lookup per character keeps the rule at one pass over the sample.
    table: Box<[u8; 256]>,
}

const ARABIC_BIT: usize = 3;
const PERSIAN_BIT: usize = 4;
const NOT_URDU_BIT: usize = 5;

/// Candidates when the letters cannot narrow the choice.
pub const ARABIC_SCRIPT_MODEL_LANGS: &[&str] = &["ar", "fa", "ur"];
const NOT_ARABIC: &[&str] = &["fa", "ur"];
const ONLY_ARABIC: &[&str] = &["ar"];
const NOT_URDU: &[&str] = &["ar", "fa"];
const ONLY_PERSIAN: &[&str] = &["fa"];

impl Default for LetterRule {
    fn default() -> LetterRule {
        LetterRule::new()
    }
}

impl LetterRule {
    /// Loads the marker letters of every language from `resources/`.
    pub fn new() -> LetterRule {
        let ps = Markers::load(include_str!("../resources/ps.toml"));
        let ckb = Markers::load(include_str!("../resources/ckb.toml"));
        let ur = Markers::load(include_str!("../resources/ur.toml"));
        let ar = Markers::load(include_str!("../resources/ar.toml"));
        let fa = Markers::load(include_str!("../resources/fa.toml"));
        let mut table = Box::new([0u8; 256]);
        let classes = [
            &ps.markers,
            &ckb.markers,
            &ur.markers,
            &ar.markers,
            &fa.markers,
            &ur.never,
        ];
        for (bit, letters) in classes.into_iter().enumerate() {
            for c in letters.chars() {
                if let Some(slot) = (c as u32)
                    .checked_sub(BLOCK_START)
                    .and_then(|i| table.get_mut(i as usize))
                {
                    *slot |= 1 << bit;
                }
            }
        }
        // Each file names its own code; a file wired to the wrong language is a build mistake.
        debug_assert_eq!(
            [ps.code.as_str(), ckb.code.as_str(), ur.code.as_str()],
            ["ps", "ckb", "ur"]
        );
        debug_assert_eq!([ar.code.as_str(), fa.code.as_str()], ["ar", "fa"]);
        LetterRule {
            exclusive: [
                ("ps", ps.min_density),
                ("ckb", ckb.min_density),
                ("ur", ur.min_density),
            ],
            table,
        }
    }

    /// How many letters of `text` fall in each marker class.
    fn count(&self, text: &str) -> [u32; 6] {
        let mut counts = [0u32; 6];
        for c in text.chars() {
            let Some(&mask) = (c as u32)
                .checked_sub(BLOCK_START)
                .and_then(|i| self.table.get(i as usize))
            else {
                continue;
            };
            if mask == 0 {
                continue;
            }
            for (bit, n) in counts.iter_mut().enumerate() {
                *n += u32::from(mask >> bit & 1);
            }
        }
        counts
    }

    /// Applies the rule to `text`, which has `arabic_letters` Arabic-script letters.
    pub fn judge(&self, text: &str, arabic_letters: u32) -> LetterVerdict {
        if arabic_letters == 0 {
            return LetterVerdict::Among(ARABIC_SCRIPT_MODEL_LANGS);
        }
        let n = f64::from(arabic_letters);
        let counts = self.count(text);
        let mut best: Option<(&'static str, f64)> = None;
        for (&(code, min_density), &count) in self.exclusive.iter().zip(&counts) {
            let density = f64::from(count) / n;
            if density > 0.0 && density >= min_density && best.is_none_or(|(_, d)| density > d) {
                best = Some((code, density));
            }
        }
        if let Some((code, density)) = best {
            return LetterVerdict::Decided(code, density);
        }
        let arabic = counts[ARABIC_BIT] > 0;
        let persian = counts[PERSIAN_BIT] > 0;
        let not_urdu = counts[NOT_URDU_BIT] > 0;
        LetterVerdict::Among(match (arabic, persian, not_urdu) {
            (true, false, _) => ONLY_ARABIC,
            (false, true, false) => NOT_ARABIC,
            (false, true, true) => ONLY_PERSIAN,
            (_, _, true) => NOT_URDU,
            (_, _, false) => ARABIC_SCRIPT_MODEL_LANGS,
        })
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
    fn every_marker_letter_lies_in_the_arabic_block() {
        for text in [
            include_str!("../resources/ps.toml"),
            include_str!("../resources/ckb.toml"),
            include_str!("../resources/ur.toml"),
            include_str!("../resources/ar.toml"),
            include_str!("../resources/fa.toml"),
        ] {
            let m = Markers::load(text);
            for c in m.markers.chars().chain(m.never.chars()) {
                assert!((0x0600..=0x06FF).contains(&(c as u32)), "{} {c}", m.code);
            }
        }
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
            judge("کتاب را بخوانید"),
            LetterVerdict::Among(&["fa", "ur"])
        );
    }

    #[test]
    fn arabic_heh_rules_out_urdu() {
        assert_eq!(judge("کوچه"), LetterVerdict::Among(&["fa"]));
        assert_eq!(judge("هوا"), LetterVerdict::Among(&["ar", "fa"]));
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
