//! `MatchFold`: ghirbal's matching normalisation as a token filter.

use ghirbal_core::text::matching;

use crate::map_filter::TokenMap;

/// Rewrites each token to its matching form ([`ghirbal_core::text::matching`]: NFKC, lower
/// case, harakat and tatweel removed, alef/yeh/teh-marbuta folded, digits to ASCII), the one
/// normalisation language ID, filters and dedup use too. A token that folds to nothing (a
/// tatweel or a lone haraka) is dropped.
#[derive(Clone, Copy, Debug, Default)]
pub struct MatchFold;

impl TokenMap for MatchFold {
    fn map(&self, text: &mut String) -> bool {
        let folded = matching(text);
        if folded.trim().is_empty() {
            return false;
        }
        *text = folded;
        true
    }
}

#[cfg(test)]
mod tests {
    use tantivy::tokenizer::{SimpleTokenizer, TextAnalyzer};

    use super::*;
    use crate::map_filter::{MapFilter, tokens};

    fn analyzer() -> TextAnalyzer {
        TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(MapFilter(MatchFold))
            .build()
    }

    #[test]
    fn fully_vocalised_word_is_one_token_in_its_bare_form() {
        let word = "الْمَدْرَسَةُ";
        let got = tokens(&mut analyzer(), word);
        assert_eq!(got, vec![("المدرسه".to_owned(), 0, word.len())]);
    }

    #[test]
    fn offsets_point_into_the_original_text() {
        let text = "قالَ  أحمدُ ٢٠١٨";
        let got = tokens(&mut analyzer(), text);
        assert_eq!(got.len(), 3);
        assert_eq!(&text[got[1].1..got[1].2], "أحمدُ");
        assert_eq!(got[1].0, "احمد");
        assert_eq!(got[2].0, "2018");
    }

    #[test]
    fn tatweel_only_token_is_dropped() {
        assert!(tokens(&mut analyzer(), "ـــ").is_empty());
        assert_eq!(tokens(&mut analyzer(), "كتـــاب")[0].0, "كتاب");
    }

    #[test]
    fn latin_is_lower_cased() {
        assert_eq!(tokens(&mut analyzer(), "Riyadh")[0].0, "riyadh");
    }
}
