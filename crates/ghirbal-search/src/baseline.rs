//! The two analysers the search bench measures ghirbal's against: BM25 over plain tokens, and
//! a Lucene-style Arabic analyser (`ArabicAnalyzer`: normalisation, stop words, `ArabicStemFilter`).
//!
//! They are here, next to the real one, so the bench and the tests build all three the same
//! way. They are baselines: `ghirbal index` never uses them.

use tantivy::tokenizer::{LowerCaser, SimpleTokenizer, TextAnalyzer};

use crate::ArabicStopWords;
use crate::map_filter::{MapFilter, TokenMap};

/// Plain tokens: split on non-alphanumeric characters, lower-cased, nothing else.
pub fn plain() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(LowerCaser)
        .build()
}

/// Lucene's Arabic chain: lower case, `ArabicNormalizationFilter` ([`LuceneNormalize`]),
/// stop words (ghirbal's list, so the stop list is not what differs), `ArabicStemFilter`
/// ([`LuceneStem`]).
pub fn lucene_arabic() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(LowerCaser)
        .filter(MapFilter(LuceneNormalize))
        .filter(MapFilter(LuceneStopWords(ArabicStopWords::default())))
        .filter(MapFilter(LuceneStem))
        .build()
}

/// Lucene's `ArabicNormalizer`: alef with madda or hamza to bare alef, alef maksura to yeh,
/// teh marbuta to heh; tatweel and the eight harakat (fathatan to sukun) removed. Nothing
/// else: no NFKC, no superscript alef, no alef wasla, no digits.
#[derive(Clone, Copy, Debug, Default)]
pub struct LuceneNormalize;

impl TokenMap for LuceneNormalize {
    fn map(&self, text: &mut String) -> bool {
        let mut out = String::with_capacity(text.len());
        for c in text.chars() {
            match c {
                'آ' | 'أ' | 'إ' => out.push('ا'),
                'ى' => out.push('ي'),
                'ة' => out.push('ه'),
                '\u{0640}' | '\u{064B}'..='\u{0652}' => {}
                c => out.push(c),
            }
        }
        *text = out;
        !text.is_empty()
    }
}

/// The stop list applied to Lucene-normalised tokens (its words are in ghirbal's matching
/// form, which agrees with Lucene's normalisation on every listed word).
#[derive(Clone, Debug)]
pub struct LuceneStopWords(ArabicStopWords);

impl TokenMap for LuceneStopWords {
    fn map(&self, text: &mut String) -> bool {
        !self.0.contains(text)
    }
}

/// Lucene's `ArabicStemmer`: removes the first prefix of ال وال بال كال فال لل و that fits
/// (a one-letter prefix only from words of four letters or more; two letters must remain),
/// then each suffix of ها ان ات ون ين يه ية ه ة ي in turn that fits (two letters must remain).
#[derive(Clone, Copy, Debug, Default)]
pub struct LuceneStem;

const LUCENE_PREFIXES: [&str; 7] = ["ال", "وال", "بال", "كال", "فال", "لل", "و"];
const LUCENE_SUFFIXES: [&str; 10] = ["ها", "ان", "ات", "ون", "ين", "يه", "ية", "ه", "ة", "ي"];

impl TokenMap for LuceneStem {
    fn map(&self, text: &mut String) -> bool {
        let mut w: Vec<char> = text.chars().collect();
        for p in LUCENE_PREFIXES {
            let p: Vec<char> = p.chars().collect();
            let fits = !(p.len() == 1 && w.len() < 4) && w.len() >= p.len() + 2;
            if fits && w.starts_with(&p) {
                w.drain(..p.len());
                break;
            }
        }
        for s in LUCENE_SUFFIXES {
            let s: Vec<char> = s.chars().collect();
            if w.len() >= s.len() + 2 && w.ends_with(&s) {
                w.truncate(w.len() - s.len());
            }
        }
        *text = w.into_iter().collect();
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::map_filter::tokens;

    fn one(analyzer: &mut TextAnalyzer, text: &str) -> String {
        tokens(analyzer, text)[0].0.clone()
    }

    #[test]
    fn lucene_stem_strips_one_listed_prefix_and_the_suffixes() {
        let mut a = lucene_arabic();
        assert_eq!(one(&mut a, "والمكتبات"), "مكتب");
        assert_eq!(one(&mut a, "المدرسة"), "مدرس");
        // A preposition without the article is not on Lucene's list.
        assert_eq!(one(&mut a, "بمدرسة"), "بمدرس");
    }

    #[test]
    fn plain_only_lower_cases() {
        assert_eq!(one(&mut plain(), "المدرسةُ"), "المدرسةُ");
        assert_eq!(one(&mut plain(), "Riyadh"), "riyadh");
    }
}
