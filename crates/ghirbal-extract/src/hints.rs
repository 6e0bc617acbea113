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

/// The compiled hint lists.
pub struct Hints {
    boilerplate: AhoCorasick,
    keep: AhoCorasick,
    negative: AhoCorasick,
    positive: AhoCorasick,
    caption: AhoCorasick,
}

/// The hints shipped in `resources/hints.toml`, compiled once.
pub static HINTS: LazyLock<Hints> = LazyLock::new(|| {
    let lists: Lists = toml::from_str(include_str!("../resources/hints.toml"))
        .expect("resources/hints.toml is valid (checked by a test)");
    Hints {
        boilerplate: matcher(&lists.boilerplate),
        keep: matcher(&lists.keep),
        negative: matcher(&lists.negative),
        positive: matcher(&lists.positive),
        caption: matcher(&lists.caption),
    }
});

fn matcher(words: &[String]) -> AhoCorasick {
    AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build(words)
        .expect("hint words are plain strings")
}

fn joined<'a>(class: Option<&'a str>, id: Option<&'a str>) -> (&'a str, &'a str) {
    (class.unwrap_or(""), id.unwrap_or(""))
}

impl Hints {
    /// True when class/id say page furniture and nothing says content.
    pub fn is_boilerplate(&self, class: Option<&str>, id: Option<&str>) -> bool {
        let (c, i) = joined(class, id);
        if c.is_empty() && i.is_empty() {
            return false;
        }
        (self.boilerplate.is_match(c) || self.boilerplate.is_match(i))
            && !self.keep.is_match(c)
            && !self.keep.is_match(i)
    }

    /// -1, 0 or +1 from the negative and positive lists.
    pub fn weight(&self, class: Option<&str>, id: Option<&str>) -> i8 {
        let (c, i) = joined(class, id);
        if c.is_empty() && i.is_empty() {
            return 0;
        }
        let neg = self.negative.is_match(c) || self.negative.is_match(i);
        let pos = self.positive.is_match(c) || self.positive.is_match(i);
        match (pos, neg) {
            (true, false) => 1,
            (false, true) => -1,
            _ => 0,
        }
    }

    /// True when the class names a caption.
    pub fn is_caption(&self, class: Option<&str>) -> bool {
        class.is_some_and(|c| self.caption.is_match(c))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hint_lists_load() {
        assert!(HINTS.is_boilerplate(Some("share-buttons"), None));
        assert!(!HINTS.is_boilerplate(Some("article-content share"), None));
        assert_eq!(HINTS.weight(Some("entry-content"), None), 1);
        assert_eq!(HINTS.weight(None, Some("sidebar")), -1);
        assert!(HINTS.is_caption(Some("wp-caption-text")));
    }
}
