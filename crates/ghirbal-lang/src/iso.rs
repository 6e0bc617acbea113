//! Language codes: ISO 639-1 where one exists, else ISO 639-3, as `record.lang` wants.

use std::collections::HashMap;
use std::sync::LazyLock;

use lingua::Language;

/// The code of a whatlang language; `None` for a code this table does not know (whatlang
/// adding a language in a minor release).
pub fn from_whatlang(lang: whatlang::Lang) -> Option<&'static str> {
    // whatlang names languages by ISO 639-3; every one of its 70 has a 639-1 code.
    Some(match lang.code() {
        "epo" => "eo",
        "eng" => "en",
        "rus" => "ru",
        "cmn" => "zh",
        "spa" => "es",
        "por" => "pt",
        "ita" => "it",
        "ben" => "bn",
        "fra" => "fr",
        "deu" => "de",
        "ukr" => "uk",
        "kat" => "ka",
        "ara" => "ar",
        "hin" => "hi",
        "jpn" => "ja",
        "heb" => "he",
        "yid" => "yi",
        "pol" => "pl",
        "amh" => "am",
        "jav" => "jv",
        "kor" => "ko",
        "nob" => "nb",
        "dan" => "da",
        "swe" => "sv",
        "fin" => "fi",
        "tur" => "tr",
        "nld" => "nl",
        "hun" => "hu",
        "ces" => "cs",
        "ell" => "el",
        "bul" => "bg",
        "bel" => "be",
        "mar" => "mr",
        "kan" => "kn",
        "ron" => "ro",
        "slv" => "sl",
        "hrv" => "hr",
        "srp" => "sr",
        "mkd" => "mk",
        "lit" => "lt",
        "lav" => "lv",
        "est" => "et",
        "tam" => "ta",
        "vie" => "vi",
        "urd" => "ur",
        "tha" => "th",
        "guj" => "gu",
        "uzb" => "uz",
        "pan" => "pa",
        "aze" => "az",
        "ind" => "id",
        "tel" => "te",
        "pes" => "fa",
        "mal" => "ml",
        "ori" => "or",
        "mya" => "my",
        "nep" => "ne",
        "sin" => "si",
        "khm" => "km",
        "tuk" => "tk",
        "aka" => "ak",
        "zul" => "zu",
        "sna" => "sn",
        "afr" => "af",
        "lat" => "la",
        "slk" => "sk",
        "cat" => "ca",
        "tgl" => "tl",
        "hye" => "hy",
        "cym" => "cy",
        _ => return None,
    })
}

/// Every language code the identifier can name, sorted: whatlang's, lingua's and the
/// Arabic-script letter rule's.
pub fn languages() -> Vec<&'static str> {
    let mut all: Vec<&'static str> = whatlang::Lang::all()
        .iter()
        .filter_map(|l| from_whatlang(*l))
        .chain(crate::LINGUA_LANGUAGES.iter().map(|l| from_lingua(*l)))
        .chain(["ps", "ckb"])
        .collect();
    all.sort_unstable();
    all.dedup();
    all
}

/// Whether `code` names a language lingua is built with ([`crate::LINGUA_LANGUAGES`]).
pub fn lingua_knows(code: &str) -> bool {
    crate::LINGUA_LANGUAGES
        .iter()
        .any(|l| from_lingua(*l) == code)
}

/// Whether whatlang's `code` may stand for a language only lingua knows, so that lingua must
/// weigh it even when whatlang is confident: Indonesian for Malay, Croatian, Serbian and
/// Slovene for Bosnian, Bokmål and Danish for Nynorsk, Shona for Swahili, Tagalog for Somali,
/// Zulu for Xhosa, Welsh for Irish, and every Cyrillic language whatlang names (Russian, Ukrainian, Belarusian,
/// Bulgarian, Macedonian, Serbian) for Kazakh and Mongolian: on a long Kazakh text whatlang is
/// confident it reads Belarusian, whose і Kazakh shares.
pub fn passes_for_lingua_language(code: &str) -> bool {
    matches!(
        code,
        "id" | "hr"
            | "sr"
            | "sl"
            | "nb"
            | "da"
            | "sn"
            | "tl"
            | "zu"
            | "cy"
            | "ru"
            | "uk"
            | "be"
            | "bg"
            | "mk"
    )
}

/// Letters that a whatlang language does not write and a language only lingua knows does:
/// whatlang, sure of the first, is overruled by lingua when the text holds one. Yoruba's ṣ is
/// no Vietnamese letter (whatlang reads Yoruba's ẹ and ọ with tone marks as Vietnamese);
/// Maori's ō is no Latvian letter since 1946 (whatlang reads Maori's ā ē ī ū as Latvian);
/// Albanian's ë, its commonest letter, is French only in a few names (Noël, Israël), and
/// whatlang reads long Albanian text as French. When whatlang's answer is a language lingua
/// knows (French), sending a text to lingua costs time, never the answer.
const LETTERS_IT_LACKS: &[(&str, &[char])] = &[
    ("vi", &['ṣ', 'Ṣ']),
    ("lv", &['ō', 'Ō']),
    ("fr", &['ë', 'Ë']),
];

/// Whether `sample` holds a letter that whatlang's answer `code` does not write
/// ([`LETTERS_IT_LACKS`]), so that lingua must decide.
pub fn has_letters_it_lacks(code: &str, sample: &str) -> bool {
    LETTERS_IT_LACKS
        .iter()
        .find(|(c, _)| *c == code)
        .is_some_and(|(_, letters)| sample.contains(*letters))
}

/// FineWeb-2's table of language-script pairs, the one `ghirbal-filter` reads its thresholds
/// from (`resources/fineweb2/languages.tsv` there): this crate reads its first four columns,
/// code, script, ISO 639-1 and documents.
const FINEWEB2_TABLE: &str = include_str!("../../ghirbal-filter/resources/fineweb2/languages.tsv");

/// Languages the identifier names that FineWeb-2's table does not hold: English, which FineWeb
/// covers instead, and Akan, whose web text FineWeb-2 files under its member Twi.
const OUTSIDE_FINEWEB2: &[(&str, &str)] = &[("en", "eng"), ("ak", "twi")];

/// ISO 639-1 and 639-3 codes to the FineWeb-2 code with the most documents among the pairs
/// they name, as `ghirbal-filter` picks the thresholds.
static FINEWEB2_CODES: LazyLock<HashMap<&'static str, (&'static str, u64)>> = LazyLock::new(|| {
    let mut codes: HashMap<&'static str, (&'static str, u64)> = HashMap::new();
    for line in FINEWEB2_TABLE.lines().filter(|l| !l.starts_with('#')) {
        let mut cols = line.split('\t');
        let (Some(code), Some(_script), Some(iso1), Some(docs)) =
            (cols.next(), cols.next(), cols.next(), cols.next())
        else {
            continue;
        };
        let docs = docs.parse().unwrap_or(0);
        for key in [code, iso1].into_iter().filter(|k| *k != "-") {
            let entry = codes.entry(key).or_insert((code, docs));
            if docs > entry.1 {
                *entry = (code, docs);
            }
        }
    }
    codes
});

/// The FineWeb-2 (GlotLID) ISO 639-3 code of a language this crate names, for the
/// `<code>_<script>` label, read from FineWeb-2's table: where ISO 639-1 names a macrolanguage,
/// the member with the most documents (`ar` is `arb`, `zh` `cmn`, `fa` `fas`, `sw` `swh`, `ms`
/// `zsm`, `et` `ekk`).
pub fn fineweb2_code(code: &str) -> Option<&'static str> {
    if let Some((_, fw)) = OUTSIDE_FINEWEB2.iter().find(|(c, _)| *c == code) {
        return Some(fw);
    }
    FINEWEB2_CODES.get(code).map(|(fw, _)| *fw)
}

/// The FineWeb-2 label of a language written in a script, `spa_Latn`: Japanese is `jpn_Jpan`
/// and Chinese `cmn_Hani` whichever of kana or Han has more letters in the sample.
pub fn fineweb2_label(code: &str, script: &str) -> Option<String> {
    let fw = fineweb2_code(code)?;
    let script = match code {
        "ja" => "Jpan",
        "zh" => "Hani",
        _ => script,
    };
    Some(format!("{fw}_{script}"))
}

/// The code of a lingua language (only the ones compiled in can occur).
pub fn from_lingua(language: Language) -> &'static str {
    match language {
        Language::Arabic => "ar",
        Language::Persian => "fa",
        Language::Urdu => "ur",
        Language::English => "en",
        Language::French => "fr",
        Language::German => "de",
        Language::Spanish => "es",
        Language::Italian => "it",
        Language::Portuguese => "pt",
        Language::Turkish => "tr",
        Language::Russian => "ru",
        Language::Swahili => "sw",
        Language::Malay => "ms",
        Language::Albanian => "sq",
        Language::Icelandic => "is",
        Language::Kazakh => "kk",
        Language::Mongolian => "mn",
        Language::Basque => "eu",
        Language::Nynorsk => "nn",
        Language::Bosnian => "bs",
        Language::Somali => "so",
        Language::Indonesian => "id",
        Language::Croatian => "hr",
        Language::Serbian => "sr",
        Language::Bokmal => "nb",
        Language::Danish => "da",
        Language::Slovene => "sl",
        Language::Shona => "sn",
        Language::Tagalog => "tl",
        Language::Ukrainian => "uk",
        Language::Bulgarian => "bg",
        Language::Belarusian => "be",
        Language::Macedonian => "mk",
        Language::Irish => "ga",
        Language::Ganda => "lg",
        Language::Maori => "mi",
        Language::Sotho => "st",
        Language::Tswana => "tn",
        Language::Tsonga => "ts",
        Language::Xhosa => "xh",
        Language::Yoruba => "yo",
        Language::Zulu => "zu",
        Language::Welsh => "cy",
        // Reached only if another crate of the build turns on more lingua features (Cargo
        // unifies them); the stage never asks lingua about those languages.
        #[allow(unreachable_patterns)]
        _ => "und",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn at_least_sixty_languages_are_named() {
        let all = languages();
        assert!(all.len() >= 80, "{}", all.len());
        for code in [
            "sw", "ms", "sq", "is", "kk", "eu", "bs", "ps", "ckb", "ar", "fa", "ur",
        ] {
            assert!(all.contains(&code), "{code}");
        }
    }

    #[test]
    fn every_language_named_has_a_fineweb2_label() {
        for lang in whatlang::Lang::all() {
            let code = from_whatlang(*lang).unwrap_or("?");
            assert!(fineweb2_code(code).is_some(), "{code}");
        }
        for l in crate::LINGUA_LANGUAGES {
            assert!(fineweb2_code(from_lingua(l)).is_some(), "{l:?}");
        }
        assert_eq!(fineweb2_label("es", "Latn").as_deref(), Some("spa_Latn"));
        // Macrolanguages name their largest member, as the filter's thresholds do.
        for (code, fw) in [
            ("ar", "arb"),
            ("zh", "cmn"),
            ("fa", "fas"),
            ("sw", "swh"),
            ("ms", "zsm"),
            ("et", "ekk"),
            ("en", "eng"),
            ("yo", "yor"),
            ("ckb", "ckb"),
        ] {
            assert_eq!(fineweb2_code(code), Some(fw), "{code}");
        }
        assert_eq!(fineweb2_code("xx"), None);
        assert_eq!(fineweb2_label("ja", "Hani").as_deref(), Some("jpn_Jpan"));
        assert_eq!(fineweb2_label("ckb", "Arab").as_deref(), Some("ckb_Arab"));
        assert_eq!(fineweb2_label("ja", "Hani").as_deref(), Some("jpn_Jpan"));
    }

    #[test]
    fn a_letter_the_answer_does_not_write_calls_lingua() {
        assert!(has_letters_it_lacks("vi", "Ìjọba ti ṣí"));
        assert!(!has_letters_it_lacks("vi", "Chính phủ Việt Nam họp"));
        assert!(has_letters_it_lacks("lv", "kōrero"));
        assert!(!has_letters_it_lacks("lv", "valdība"));
        assert!(has_letters_it_lacks("fr", "është"));
        assert!(!has_letters_it_lacks("es", "ṣō"));
    }

    #[test]
    fn whatlang_codes_map_to_two_letters() {
        assert_eq!(from_whatlang(whatlang::Lang::Ara), Some("ar"));
        assert_eq!(from_whatlang(whatlang::Lang::Pes), Some("fa"));
        assert_eq!(from_whatlang(whatlang::Lang::Cmn), Some("zh"));
        for lang in whatlang::Lang::all() {
            assert!(
                from_whatlang(*lang).is_some_and(|c| c.len() == 2),
                "{lang:?}"
            );
        }
    }
}
