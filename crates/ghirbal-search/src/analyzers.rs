//! The analysers `index` and `search` share, registered under one name each.
//!
//! Records are indexed per analyser group: Arabic records through [`arabic`], records of a
//! language with a Snowball stemmer through [`snowball`], the rest through [`folded`]. Each
//! group has its own `title_<group>` and `text_<group>` fields, so a query is analysed by each
//! group's chain and meets every record in its own language's terms.

use tantivy::tokenizer::{Language, SimpleTokenizer, Stemmer, TextAnalyzer, TokenizerManager};

use crate::map_filter::MapFilter;
use crate::{ArabicLightStem, ArabicStopWords, MatchFold};

/// The Arabic chain: words split on non-alphanumeric characters (harakat, tatweel and
/// superscript alef are alphabetic, so a vocalised word is one token), [`MatchFold`],
/// [`ArabicStopWords`], [`ArabicLightStem`].
pub fn arabic() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(MapFilter(MatchFold))
        .filter(MapFilter(ArabicStopWords::default()))
        .filter(MapFilter(ArabicLightStem))
        .build()
}

/// [`MatchFold`] then the language's Snowball stemmer.
pub fn snowball(language: Language) -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(MapFilter(MatchFold))
        .filter(Stemmer::new(language))
        .build()
}

/// [`MatchFold`] alone: for languages without a stemmer here.
pub fn folded() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(MapFilter(MatchFold))
        .build()
}

/// An analyser group: the fields and the chain a record's language is indexed with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Group {
    /// The group's name: `ar`, a Snowball language's ISO 639-1 code, or `other`.
    pub name: &'static str,
    stemmer: Option<Language>,
}

/// Every group, Arabic first, `other` last.
pub const GROUPS: [Group; 19] = [
    Group::new("ar", None),
    Group::new("da", Some(Language::Danish)),
    Group::new("de", Some(Language::German)),
    Group::new("el", Some(Language::Greek)),
    Group::new("en", Some(Language::English)),
    Group::new("es", Some(Language::Spanish)),
    Group::new("fi", Some(Language::Finnish)),
    Group::new("fr", Some(Language::French)),
    Group::new("hu", Some(Language::Hungarian)),
    Group::new("it", Some(Language::Italian)),
    Group::new("nl", Some(Language::Dutch)),
    Group::new("no", Some(Language::Norwegian)),
    Group::new("pt", Some(Language::Portuguese)),
    Group::new("ro", Some(Language::Romanian)),
    Group::new("ru", Some(Language::Russian)),
    Group::new("sv", Some(Language::Swedish)),
    Group::new("ta", Some(Language::Tamil)),
    Group::new("tr", Some(Language::Turkish)),
    Group::new("other", None),
];

/// Arabic varieties (ISO 639-3) indexed with the Arabic chain, besides `ar` itself.
const ARABIC_VARIETIES: [&str; 14] = [
    "ara", "arb", "arz", "ary", "arq", "aeb", "apc", "ajp", "acm", "afb", "ars", "apd", "ayl",
    "acw",
];

impl Group {
    const fn new(name: &'static str, stemmer: Option<Language>) -> Group {
        Group { name, stemmer }
    }

    /// The group a record of language `lang` is indexed in.
    pub fn of(lang: Option<&str>) -> Group {
        let lang = lang.unwrap_or("").trim().to_ascii_lowercase();
        let lang = match lang.as_str() {
            "nb" | "nn" | "nob" | "nno" => "no",
            l if ARABIC_VARIETIES.contains(&l) => "ar",
            l => l,
        };
        GROUPS
            .iter()
            .find(|g| g.name == lang && g.name != "other")
            .copied()
            .unwrap_or(GROUPS[GROUPS.len() - 1])
    }

    /// The group called `name`.
    pub fn named(name: &str) -> Option<Group> {
        GROUPS.iter().find(|g| g.name == name).copied()
    }

    /// The name its analyser is registered under.
    pub fn analyzer_name(self) -> String {
        format!("ghirbal_{}", self.name)
    }

    /// A new instance of its analyser.
    pub fn analyzer(self) -> TextAnalyzer {
        match (self.name, self.stemmer) {
            ("ar", _) => arabic(),
            (_, Some(language)) => snowball(language),
            _ => folded(),
        }
    }
}

/// Registers every group's analyser in `manager`.
pub fn register(manager: &TokenizerManager) {
    for g in GROUPS {
        manager.register(&g.analyzer_name(), g.analyzer());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::map_filter::tokens;

    #[test]
    fn languages_pick_their_group() {
        assert_eq!(Group::of(Some("ar")).name, "ar");
        assert_eq!(Group::of(Some("arz")).name, "ar");
        assert_eq!(Group::of(Some("en")).name, "en");
        assert_eq!(Group::of(Some("nb")).name, "no");
        assert_eq!(Group::of(Some("fa")).name, "other");
        assert_eq!(Group::of(None).name, "other");
        assert_eq!(Group::of(Some("other")).name, "other");
    }

    #[test]
    fn english_chain_folds_and_stems() {
        let got = tokens(&mut Group::of(Some("en")).analyzer(), "Ministers' Meetings");
        let words: Vec<&str> = got.iter().map(|t| t.0.as_str()).collect();
        assert_eq!(words, ["minist", "meet"]);
    }

    #[test]
    fn arabic_chain_drops_stop_words_and_stems() {
        let got = tokens(&mut arabic(), "وَصَلَ الوزيرُ إلى المدينةِ");
        let words: Vec<&str> = got.iter().map(|t| t.0.as_str()).collect();
        assert_eq!(words, ["وصل", "زير", "مدين"]);
    }
}
