//! Letter counts by writing system: which script a text is in, and how much of it is letters.

use ghirbal_core::text;

/// An ISO 15924 script that ghirbal names in `record.script`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Script {
    /// Arabic (also Persian, Urdu, Pashto, Kurdish, ...).
    Arab,
    /// Latin.
    Latn,
    /// Cyrillic.
    Cyrl,
    /// Greek.
    Grek,
    /// Hebrew.
    Hebr,
    /// Devanagari.
    Deva,
    /// Han (Chinese characters).
    Hani,
    /// Japanese kana (hiragana and katakana).
    Jpan,
    /// Hangul.
    Hang,
    /// Thai.
    Thai,
    /// Armenian.
    Armn,
    /// Georgian.
    Geor,
    /// Bengali.
    Beng,
    /// Ethiopic.
    Ethi,
    /// Gurmukhi (Punjabi).
    Guru,
    /// Gujarati.
    Gujr,
    /// Odia.
    Orya,
    /// Tamil.
    Taml,
    /// Telugu.
    Telu,
    /// Kannada.
    Knda,
    /// Malayalam.
    Mlym,
    /// Sinhala.
    Sinh,
    /// Lao.
    Laoo,
    /// Myanmar (Burmese).
    Mymr,
    /// Khmer.
    Khmr,
    /// Any other letter.
    Zyyy,
}

impl Script {
    /// Every script, in the order of the counters in [`ScriptCounts`].
    pub const ALL: [Script; 26] = [
        Script::Arab,
        Script::Latn,
        Script::Cyrl,
        Script::Grek,
        Script::Hebr,
        Script::Deva,
        Script::Hani,
        Script::Jpan,
        Script::Hang,
        Script::Thai,
        Script::Armn,
        Script::Geor,
        Script::Beng,
        Script::Ethi,
        Script::Guru,
        Script::Gujr,
        Script::Orya,
        Script::Taml,
        Script::Telu,
        Script::Knda,
        Script::Mlym,
        Script::Sinh,
        Script::Laoo,
        Script::Mymr,
        Script::Khmr,
        Script::Zyyy,
    ];

    /// The ISO 15924 code (`Zyyy` stands for "a letter of a script not listed").
    pub fn code(self) -> &'static str {
        match self {
            Script::Arab => "Arab",
            Script::Latn => "Latn",
            Script::Cyrl => "Cyrl",
            Script::Grek => "Grek",
            Script::Hebr => "Hebr",
            Script::Deva => "Deva",
            Script::Hani => "Hani",
            Script::Jpan => "Jpan",
            Script::Hang => "Hang",
            Script::Thai => "Thai",
            Script::Armn => "Armn",
            Script::Geor => "Geor",
            Script::Beng => "Beng",
            Script::Ethi => "Ethi",
            Script::Guru => "Guru",
            Script::Gujr => "Gujr",
            Script::Orya => "Orya",
            Script::Taml => "Taml",
            Script::Telu => "Telu",
            Script::Knda => "Knda",
            Script::Mlym => "Mlym",
            Script::Sinh => "Sinh",
            Script::Laoo => "Laoo",
            Script::Mymr => "Mymr",
            Script::Khmr => "Khmr",
            Script::Zyyy => "Zyyy",
        }
    }

    /// The script of a letter, or `None` when `c` is not a letter.
    ///
    /// Arabic combining marks (harakat) count as letters of the Arabic block only when they are
    /// alphabetic in Unicode; they are, so a fully vocalised word stays all Arabic.
    pub fn of(c: char) -> Option<Script> {
        if !text::is_alphabetic(c) {
            return None;
        }
        Some(match c as u32 {
            0x0041..=0x024F
            | 0x1E00..=0x1EFF
            | 0x2C60..=0x2C7F
            | 0xA720..=0xA7FF
            | 0xFF21..=0xFF5A => Script::Latn,
            0x0600..=0x06FF
            | 0x0750..=0x077F
            | 0x08A0..=0x08FF
            | 0xFB50..=0xFDFF
            | 0xFE70..=0xFEFF => Script::Arab,
            0x0400..=0x052F | 0x1C80..=0x1C8F | 0x2DE0..=0x2DFF | 0xA640..=0xA69F => Script::Cyrl,
            0x0370..=0x03FF | 0x1F00..=0x1FFF => Script::Grek,
            0x0590..=0x05FF | 0xFB1D..=0xFB4F => Script::Hebr,
            0x0900..=0x097F => Script::Deva,
            0x0980..=0x09FF => Script::Beng,
            0x0E00..=0x0E7F => Script::Thai,
            0x0530..=0x058F => Script::Armn,
            0x10A0..=0x10FF | 0x1C90..=0x1CBF => Script::Geor,
            0x1200..=0x139F => Script::Ethi,
            0x0A00..=0x0A7F => Script::Guru,
            0x0A80..=0x0AFF => Script::Gujr,
            0x0B00..=0x0B7F => Script::Orya,
            0x0B80..=0x0BFF => Script::Taml,
            0x0C00..=0x0C7F => Script::Telu,
            0x0C80..=0x0CFF => Script::Knda,
            0x0D00..=0x0D7F => Script::Mlym,
            0x0D80..=0x0DFF => Script::Sinh,
            0x0E80..=0x0EFF => Script::Laoo,
            0x1000..=0x109F | 0xA9E0..=0xA9FF | 0xAA60..=0xAA7F => Script::Mymr,
            0x1780..=0x17FF | 0x19E0..=0x19FF => Script::Khmr,
            0x3040..=0x30FF | 0x31F0..=0x31FF | 0xFF66..=0xFF9F => Script::Jpan,
            0x1100..=0x11FF | 0x3130..=0x318F | 0xAC00..=0xD7AF => Script::Hang,
            0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F => Script::Hani,
            _ => Script::Zyyy,
        })
    }
}

/// How the non-space characters of a text divide into letters by script, digits and the rest.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ScriptCounts {
    /// Letters per script, indexed like [`Script::ALL`].
    pub letters: [u32; 26],
    /// Every non-whitespace character, letters included.
    pub visible: u32,
}

impl ScriptCounts {
    /// Counts the characters of `text`.
    pub fn of(text: &str) -> ScriptCounts {
        let mut counts = ScriptCounts::default();
        for c in text.chars() {
            // ASCII first: most web text is mostly ASCII, and Unicode's property tables cost
            // a search per character.
            if c.is_ascii() {
                if !c.is_ascii_whitespace() {
                    counts.visible += 1;
                    if c.is_ascii_alphabetic() {
                        counts.letters[Script::Latn as usize] += 1;
                    }
                }
                continue;
            }
            if c.is_whitespace() {
                continue;
            }
            counts.visible += 1;
            if let Some(s) = Script::of(c) {
                counts.letters[s as usize] += 1;
            }
        }
        counts
    }

    /// All letters, any script.
    pub fn total_letters(&self) -> u32 {
        self.letters.iter().sum()
    }

    /// Letters of one script.
    pub fn letters_of(&self, script: Script) -> u32 {
        self.letters[script as usize]
    }

    /// The script with the most letters (the first in [`Script::ALL`] on a tie), or `None`
    /// when the text has no letter.
    pub fn main_script(&self) -> Option<Script> {
        let mut best: Option<(Script, u32)> = None;
        for s in Script::ALL {
            let n = self.letters_of(s);
            if n > 0 && best.is_none_or(|(_, b)| n > b) {
                best = Some((s, n));
            }
        }
        best.map(|(s, _)| s)
    }

    /// Share of the visible characters that are letters, in `[0, 1]`; 0 for an empty text.
    pub fn letter_ratio(&self) -> f64 {
        ratio(self.total_letters(), self.visible)
    }

    /// Share of the letters that belong to `script`, in `[0, 1]`; 0 when there is no letter.
    pub fn script_ratio(&self, script: Script) -> f64 {
        ratio(self.letters_of(script), self.total_letters())
    }
}

fn ratio(part: u32, whole: u32) -> f64 {
    if whole == 0 {
        0.0
    } else {
        f64::from(part) / f64::from(whole)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arabic_with_harakat_and_latin_name_is_mainly_arab() {
        let c = ScriptCounts::of("كَتَبَ الطالبُ عن Google ٣٤٥.");
        assert_eq!(c.main_script(), Some(Script::Arab));
        assert!(c.script_ratio(Script::Latn) > 0.0);
        assert!(c.letter_ratio() < 1.0);
    }

    #[test]
    fn scripts_of_one_language_each_are_named_not_zyyy() {
        // FineWeb-2 labels these pairs by script (tam_Taml, tel_Telu): the counter names them.
        for (text, script) in [
            ("தமிழ் செய்திகள்", "Taml"),
            ("తెలుగు వార్తలు", "Telu"),
            ("ગુજરાતી સમાચાર", "Gujr"),
            ("ਪੰਜਾਬੀ ਖ਼ਬਰਾਂ", "Guru"),
            ("ಕನ್ನಡ ಸುದ್ದಿ", "Knda"),
            ("മലയാളം വാർത്ത", "Mlym"),
            ("ଓଡ଼ିଆ ଖବର", "Orya"),
            ("සිංහල පුවත්", "Sinh"),
            ("ພາສາລາວ", "Laoo"),
            ("မြန်မာ သတင်း", "Mymr"),
            ("ភាសាខ្មែរ", "Khmr"),
        ] {
            let main = ScriptCounts::of(text).main_script().map(Script::code);
            assert_eq!(main, Some(script), "{text}");
        }
        assert_eq!(
            ScriptCounts::of("ꦧꦱꦗꦮ").main_script(),
            Some(Script::Zyyy),
            "Javanese script has no counter of its own"
        );
    }

    #[test]
    fn digits_and_emoji_have_no_script() {
        let c = ScriptCounts::of("123 ٤٥٦ 😀😀 !!");
        assert_eq!(c.main_script(), None);
        assert_eq!(c.letter_ratio(), 0.0);
        assert_eq!(c.script_ratio(Script::Arab), 0.0);
    }

    #[test]
    fn empty_text_has_no_script_and_zero_ratios() {
        let c = ScriptCounts::of("");
        assert_eq!(c.main_script(), None);
        assert_eq!(c.letter_ratio(), 0.0);
    }

    #[test]
    fn cyrillic_and_cjk_are_named() {
        assert_eq!(
            ScriptCounts::of("Привет мир").main_script(),
            Some(Script::Cyrl)
        );
        assert_eq!(
            ScriptCounts::of("中文文本").main_script(),
            Some(Script::Hani)
        );
    }
}
