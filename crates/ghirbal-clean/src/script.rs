//! A script count that stands in for language identification until the `lang` stage runs.
//!
//! The `lang` stage replaces `lang` and `script` whatever this guess said; the guess only
//! exists so that a run with `lang` switched off still labels Arabic text.

use ghirbal_core::{Record, text};

/// Letters counted before the guess is made; enough for a stable majority.
const SAMPLE_LETTERS: usize = 4096;

/// Sets `lang = "ar"` and `script = "Arab"` when most letters of the text are Arabic-script
/// and almost none are letters only Persian or Urdu use; `script = "Arab"` alone when those
/// letters are frequent. Does nothing when `lang` is already set.
pub fn guess(rec: &mut Record) {
    if rec.lang.is_some() {
        return;
    }
    let (mut arabic, mut other, mut non_arabic_language) = (0usize, 0usize, 0usize);
    for c in rec
        .text
        .chars()
        .filter(|c| text::is_alphabetic(*c))
        .take(SAMPLE_LETTERS)
    {
        if is_arabic_script(c) {
            arabic += 1;
            if is_persian_or_urdu_letter(c) {
                non_arabic_language += 1;
            }
        } else {
            other += 1;
        }
    }
    if arabic == 0 || arabic <= other {
        return;
    }
    rec.script = Some("Arab".into());
    // More than 1 in 200 Arabic-script letters from Persian or Urdu: not Arabic.
    if non_arabic_language * 200 <= arabic {
        rec.lang = Some("ar".into());
    }
}

fn is_arabic_script(c: char) -> bool {
    matches!(c, '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}' | '\u{08A0}'..='\u{08FF}' | '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
}

/// پ چ ژ گ ک ی ے ٹ ڈ ڑ ں ہ ھ: letters of Persian and Urdu that Arabic does not use.
fn is_persian_or_urdu_letter(c: char) -> bool {
    matches!(
        c,
        'پ' | 'چ' | 'ژ' | 'گ' | 'ک' | 'ی' | 'ے' | 'ٹ' | 'ڈ' | 'ڑ' | 'ں' | 'ہ' | 'ھ'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn guessed(text: &str) -> (Option<String>, Option<String>) {
        let mut rec = Record::new("x", text);
        guess(&mut rec);
        (rec.lang, rec.script)
    }

    #[test]
    fn arabic_text_is_guessed_arabic() {
        let (lang, script) = guessed("قال وزير الخارجية إن المحادثات (Geneva) مستمرة");
        assert_eq!(lang.as_deref(), Some("ar"));
        assert_eq!(script.as_deref(), Some("Arab"));
    }

    #[test]
    fn persian_text_gets_the_script_but_not_arabic() {
        let (lang, script) = guessed("من می‌خواهم به کتابخانه بروم و یک کتاب بگیرم");
        assert_eq!(lang, None);
        assert_eq!(script.as_deref(), Some("Arab"));
    }

    #[test]
    fn latin_text_and_existing_lang_are_left_alone() {
        assert_eq!(guessed("The minister said talks go on"), (None, None));
        let mut rec = Record::new("x", "نص عربي");
        rec.lang = Some("fa".into());
        guess(&mut rec);
        assert_eq!(rec.lang.as_deref(), Some("fa"));
    }
}
