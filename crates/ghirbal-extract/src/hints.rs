//! Class and id hints (`resources/hints.toml`): which subtrees look like page furniture, which
//! look like content, which hold captions.

use std::sync::LazyLock;

use aho_corasick::AhoCorasick;
use serde::Deserialize;

#[derive(Deserialize)]
struct Lists {
    boilerplate: Vec<String>,
    keep: Vec<String>,
    negative: Vec<String>,
    positive: Vec<String>,
    caption: Vec<String>,
}

/// The compiled hint lists: one automaton over every word, each word tagged with the lists
/// it belongs to, so a class attribute is scanned once.
pub struct Hints {
    matcher: AhoCorasick,
    tags: Vec<u8>,
}

const BOILERPLATE: u8 = 1;
const KEEP: u8 = 2;
const NEGATIVE: u8 = 4;
const POSITIVE: u8 = 8;
const CAPTION: u8 = 16;

/// The hints shipped in `resources/hints.toml`, compiled once.
pub static HINTS: LazyLock<Hints> = LazyLock::new(|| {
    let lists: Lists = toml::from_str(include_str!("../resources/hints.toml"))
        .expect("resources/hints.toml is valid (checked by a test)");
    let mut words: Vec<String> = Vec::new();
    let mut tags: Vec<u8> = Vec::new();
    for (list, tag) in [
        (&lists.boilerplate, BOILERPLATE),
        (&lists.keep, KEEP),
        (&lists.negative, NEGATIVE),
        (&lists.positive, POSITIVE),
        (&lists.caption, CAPTION),
    ] {
        for w in list {
            let w = w.to_lowercase();
            match words.iter().position(|x| *x == w) {
                Some(i) => tags[i] |= tag,
                None => {
                    words.push(w);
                    tags.push(tag);
                }
            }
        }
    }
    let matcher = AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build(&words)
        .expect("hint words are plain strings");
    Hints { matcher, tags }
});

impl Hints {
    /// The lists any word of `s` belongs to, as bits.
    fn scan(&self, s: Option<&str>) -> u8 {
        let Some(s) = s.filter(|s| !s.is_empty()) else {
            return 0;
        };
        self.matcher
            .find_overlapping_iter(s)
            .fold(0, |acc, m| acc | self.tags[m.pattern().as_usize()])
    }

    /// Bits for class and id together.
    pub fn classify(&self, class: Option<&str>, id: Option<&str>) -> u8 {
        self.scan(class) | self.scan(id)
    }
}

/// Boilerplate by the bits of [`Hints::classify`].
pub fn is_boilerplate(bits: u8) -> bool {
    bits & BOILERPLATE != 0 && bits & KEEP == 0
}

/// Weight by the bits of [`Hints::classify`].
pub fn weight(bits: u8) -> i8 {
    match (bits & POSITIVE != 0, bits & NEGATIVE != 0) {
        (true, false) => 1,
        (false, true) => -1,
        _ => 0,
    }
}

/// Caption by the bits of a class scan.
pub fn is_caption(bits: u8) -> bool {
    bits & CAPTION != 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hint_lists_load() {
        assert!(is_boilerplate(HINTS.classify(Some("share-buttons"), None)));
        assert!(!is_boilerplate(
            HINTS.classify(Some("article-content share"), None)
        ));
        assert_eq!(weight(HINTS.classify(Some("entry-content"), None)), 1);
        assert_eq!(weight(HINTS.classify(None, Some("sidebar"))), -1);
        assert!(is_caption(HINTS.classify(Some("wp-caption-text"), None)));
    }
}
