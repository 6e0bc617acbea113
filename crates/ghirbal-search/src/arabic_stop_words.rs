//! `ArabicStopWords`: drops Arabic function words, from the list in
//! `resources/stopwords/ar.txt`.

use std::collections::HashSet;
use std::sync::{Arc, LazyLock};

use ghirbal_core::text::matching;

use crate::map_filter::TokenMap;

/// The list as shipped (comment lines start with `#`).
const LIST: &str = include_str!("../resources/stopwords/ar.txt");

/// The list in matching form, built once.
static WORDS: LazyLock<Arc<HashSet<String>>> = LazyLock::new(|| {
    Arc::new(
        LIST.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(matching)
            .collect(),
    )
});

/// Drops a token whose matching form is on the Arabic stop list. Runs after
/// [`MatchFold`](crate::MatchFold), so it sees tokens in matching form.
#[derive(Clone, Debug)]
pub struct ArabicStopWords {
    words: Arc<HashSet<String>>,
}

impl Default for ArabicStopWords {
    fn default() -> ArabicStopWords {
        ArabicStopWords {
            words: WORDS.clone(),
        }
    }
}

impl ArabicStopWords {
    /// True when `word` (in matching form) is a stop word.
    pub fn contains(&self, word: &str) -> bool {
        self.words.contains(word)
    }
}

impl TokenMap for ArabicStopWords {
    fn map(&self, text: &mut String) -> bool {
        !self.words.contains(text.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_is_folded_when_loaded() {
        let s = ArabicStopWords::default();
        // Listed as "إلى": its matching form "الي" is what a folded token holds.
        assert!(s.contains("الي"));
        assert!(s.contains("في"));
        assert!(!s.contains("مدرسه"));
    }
}
