//! Language codes: ISO 639-1 where one exists, else ISO 639-3, as `record.lang` wants.

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
