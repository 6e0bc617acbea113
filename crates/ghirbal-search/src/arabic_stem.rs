//! `ArabicLightStem`: light stemming of Arabic tokens in matching form, after Lucene's
//! `ArabicStemFilter` (Larkey, Ballesteros and Connell's light10) but with every clitic chain.
//!
//! Lucene strips one prefix from a fixed list (ال وال بال كال فال لل و) and then each suffix of
//! its list in turn. That misses a preposition without the article (بمدينة, لمدينة), the
//! conjunction before a preposition (وبالمدينة, وللمدينة) and ف alone, so a query typed with
//! a clitic the article does not have finds nothing. Here prefixes come off one at a time
//! until none applies: the conjunctions و ف, the prepositions ب ك ل and the article ال, each
//! only while at least three letters would remain (two after ال). Stripping one at a time
//! from the left means `stem(clitic + word) == stem(word)` whenever the longer form is
//! stripped at all: the same word meets the same rule after its clitic is gone. Suffixes
//! then come off the same way: the plural and dual endings ات ون ين ان, the nisba and
//! feminine endings يه ه ي (teh marbuta is already heh in matching form) and the attached
//! pronouns ها هم هن هما كم نا; a construct teh (مدينتها) left after a pronoun goes too.

use crate::map_filter::TokenMap;

/// Attached suffixes, longest first so that the longest one present is taken.
const SUFFIXES: [&str; 13] = [
    "هما", "ات", "ون", "ين", "ان", "يه", "ها", "هم", "هن", "كم", "نا", "ه", "ي",
];
/// Attached pronouns: after one of them a word's teh marbuta is written ت.
const PRONOUNS: [&str; 7] = ["هما", "ها", "هم", "هن", "كم", "نا", "ه"];
/// Single-letter proclitics: conjunctions and prepositions.
const PROCLITICS: [char; 5] = ['و', 'ف', 'ب', 'ك', 'ل'];
/// Letters that must remain after a one-letter prefix or any suffix is removed.
const MIN_STEM: usize = 3;
/// Suffix rounds: a pronoun after a plural or nisba ending (معلماتها) needs two.
const SUFFIX_ROUNDS: usize = 2;

/// Strips clitic, article and common suffixes from an Arabic token in matching form. Tokens
/// without Arabic letters pass unchanged.
#[derive(Clone, Copy, Debug, Default)]
pub struct ArabicLightStem;

impl TokenMap for ArabicLightStem {
    fn map(&self, text: &mut String) -> bool {
        if let Some(stem) = stem(text) {
            *text = stem;
        }
        true
    }
}

/// The stem of `word` (in matching form), or `None` when nothing was stripped.
pub fn stem(word: &str) -> Option<String> {
    if !word.chars().any(|c| ('\u{0621}'..='\u{064A}').contains(&c)) {
        return None;
    }
    let mut w: Vec<char> = word.chars().collect();
    let before = w.len();
    // Prefixes, one at a time from the left.
    loop {
        if w.len() >= 2 + 2 && w[0] == 'ا' && w[1] == 'ل' {
            w.drain(..2);
        } else if w.len() > MIN_STEM && PROCLITICS.contains(&w[0]) {
            w.remove(0);
        } else {
            break;
        }
    }
    let after_prefixes = w.len();
    for _ in 0..SUFFIX_ROUNDS {
        let Some(suffix) = SUFFIXES.iter().find(|s| ends_with(&w, s, MIN_STEM)) else {
            break;
        };
        let n = suffix.chars().count();
        w.truncate(w.len() - n);
        if PRONOUNS.contains(suffix) && w.len() > MIN_STEM && w.last() == Some(&'ت') {
            w.pop();
        }
    }
    (w.len() != before || after_prefixes != before).then(|| w.into_iter().collect())
}

/// True when `w` ends with `suffix` and at least `keep` letters would remain without it.
fn ends_with(w: &[char], suffix: &str, keep: usize) -> bool {
    let s: Vec<char> = suffix.chars().collect();
    w.len() >= s.len() + keep && w[w.len() - s.len()..] == s[..]
}

#[cfg(test)]
mod tests {
    use ghirbal_core::text::matching;

    use super::*;

    fn st(word: &str) -> String {
        let m = matching(word);
        stem(&m).unwrap_or(m)
    }

    #[test]
    fn clitics_and_article_come_off_in_any_chain() {
        let bare = st("مدينة");
        for w in [
            "المدينة",
            "بالمدينة",
            "وبالمدينة",
            "للمدينة",
            "وللمدينة",
            "بمدينة",
            "ومدينة",
            "فالمدينة",
            "كالمدينة",
            "لمدينة",
        ] {
            assert_eq!(st(w), bare, "{w}");
        }
    }

    #[test]
    fn sound_plurals_and_feminine_meet_the_singular() {
        let m = st("معلم");
        for w in [
            "معلمون",
            "معلمين",
            "معلمات",
            "معلمة",
            "المعلمين",
            "والمعلمات",
        ] {
            assert_eq!(st(w), m, "{w}");
        }
        assert_eq!(st("اتفاقيات"), st("اتفاقية"));
        assert_eq!(st("مصريون"), st("مصر"));
    }

    #[test]
    fn pronoun_suffix_and_construct_teh_come_off() {
        assert_eq!(st("مدينتها"), st("مدينة"));
        assert_eq!(st("كتابهم"), st("كتاب"));
    }

    #[test]
    fn short_words_keep_their_letters() {
        // Three letters: no clitic comes off, or nothing would be left to match.
        assert_eq!(st("بحث"), "بحث");
        assert_eq!(st("بيت"), "بيت");
        assert_eq!(st("وبحث"), "بحث");
    }

    #[test]
    fn latin_tokens_pass_unchanged() {
        assert_eq!(stem("riyadh"), None);
        assert_eq!(stem("2018"), None);
    }
}
