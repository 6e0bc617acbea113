//! Boilerplate phrases per language (`resources/boilerplate/<lang>.toml`): headings that open
//! "related / read also" lists, block prefixes that mark furniture, and phrases that mark short
//! furniture blocks (cookie banners, copyright lines): Arabic, English, French, German, Spanish.
//! All languages are checked on every page:
//! a French site can carry an Arabic widget.

use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use ghirbal_core::text;
use serde::Deserialize;

/// Each language's phrase file; adding a language is adding a file here.
const FILES: &[(&str, &str)] = &[
    ("ar", include_str!("../resources/boilerplate/ar.toml")),
    ("en", include_str!("../resources/boilerplate/en.toml")),
    ("fr", include_str!("../resources/boilerplate/fr.toml")),
    ("de", include_str!("../resources/boilerplate/de.toml")),
    ("es", include_str!("../resources/boilerplate/es.toml")),
];

#[derive(Deserialize)]
struct File {
    related: Vec<String>,
    stop: Vec<String>,
    prefixes: Vec<String>,
    contains: Vec<String>,
}

/// The compiled phrase lists of every language.
pub struct Lexicon {
    related: Vec<String>,
    stop: Vec<String>,
    prefixes: AhoCorasick,
    contains: AhoCorasick,
}

/// Blocks longer than this are never furniture by a `contains` phrase.
const SHORT_BLOCK: usize = 300;

/// A block longer than this many characters is prose: a furniture prefix must be a whole word.
const PROSE_CHARS: usize = 100;

/// The lexicon of every shipped language, compiled once.
pub static LEXICON: LazyLock<Lexicon> = LazyLock::new(|| {
    let mut related = Vec::new();
    let mut stop = Vec::new();
    let mut prefixes = Vec::new();
    let mut contains = Vec::new();
    for (lang, src) in FILES {
        let f: File = toml::from_str(src)
            .unwrap_or_else(|e| panic!("resources/boilerplate/{lang}.toml is invalid: {e}"));
        related.extend(f.related.iter().map(|s| norm(s)));
        stop.extend(f.stop.iter().map(|s| norm(s)));
        prefixes.extend(f.prefixes.iter().map(|s| norm(s)));
        contains.extend(f.contains.iter().map(|s| norm(s)));
    }
    let build = |v: &[String]| {
        AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostFirst)
            .build(v)
            .expect("phrases are plain strings")
    };
    Lexicon {
        // Overlapping search needs the standard match kind: "werbung" and "werbung:" both
        // have to be tried at the start.
        prefixes: AhoCorasick::new(&prefixes).expect("phrases are plain strings"),
        contains: build(&contains),
        related,
        stop,
    }
});

/// The comparison form: core's matching text, trimmed of punctuation at the ends.
fn norm(s: &str) -> String {
    text::matching(s)
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_owned()
}

impl Lexicon {
    /// True when `heading` (a heading or short block) opens a related / read-also list.
    pub fn is_related_heading(&self, heading: &str) -> bool {
        if heading.chars().count() > 60 {
            return false;
        }
        let n = norm(heading);
        self.related.contains(&n)
    }

    /// True when `heading` opens the readers' comments ("12 Comments", "التعليقات"): the
    /// article ends before it. Digits are ignored, so counts do not matter.
    pub fn is_stop_heading(&self, heading: &str) -> bool {
        if heading.chars().count() > 60 {
            return false;
        }
        let n = norm(&heading.replace(|c: char| c.is_numeric() || c == '(' || c == ')', " "));
        let n = n.split_whitespace().collect::<Vec<_>>().join(" ");
        self.stop.contains(&n)
    }

    /// True when `block` is furniture by its first words or by a phrase in a short block.
    pub fn is_furniture(&self, block: &str) -> bool {
        let head: String = block.chars().take(80).collect();
        let n = norm(&head);
        // In a line of prose a prefix must be a whole word or phrase: "anzeige" marks
        // "Anzeige: ..." and not "Anzeigen wurden ...". A short line may start with a longer
        // form of the word ("Quellenangaben:", "Photograph by").
        let prose = block.chars().nth(PROSE_CHARS).is_some();
        let at_word_end = |end: usize| n[end..].chars().next().is_none_or(|c| !c.is_alphanumeric());
        if self
            .prefixes
            .find_overlapping_iter(&n)
            .any(|m| m.start() == 0 && (!prose || at_word_end(m.end())))
        {
            return true;
        }
        if block.len() >= SHORT_BLOCK * 2 || block.chars().count() >= SHORT_BLOCK {
            return false;
        }
        // A block of 80 characters or fewer is its own head: its form is already made.
        if head.len() == block.len() {
            self.contains.is_match(&n)
        } else {
            self.contains.is_match(&norm(block))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arabic_read_also_heading_matches_every_spelling() {
        assert!(LEXICON.is_related_heading("إقرأ أيضاً:"));
        assert!(LEXICON.is_related_heading("اقرأ ايضا"));
        assert!(LEXICON.is_related_heading("أخبار متعلقة"));
        assert!(!LEXICON.is_related_heading("الرئيس يلتقي وفدا من رجال الأعمال"));
    }

    #[test]
    fn comment_headings_end_the_article_whatever_the_count() {
        assert!(LEXICON.is_stop_heading("12 Comments"));
        assert!(LEXICON.is_stop_heading("التعليقات (٣)"));
        assert!(LEXICON.is_stop_heading("Kommentare"));
        assert!(!LEXICON.is_stop_heading("Comments on the budget were mixed"));
    }

    #[test]
    fn french_and_english_related_headings_match() {
        assert!(LEXICON.is_related_heading("À lire aussi"));
        assert!(LEXICON.is_related_heading("Related Articles"));
    }

    #[test]
    fn cookie_banner_is_furniture_but_long_prose_is_not() {
        assert!(LEXICON.is_furniture("We use cookies to improve your experience. Accept"));
        assert!(LEXICON.is_furniture("يستخدم هذا الموقع ملفات تعريف الارتباط لتحسين تجربتك"));
        let long = "The minister said the privacy policy of the agency would change. ".repeat(10);
        assert!(!LEXICON.is_furniture(&long));
    }

    #[test]
    fn furniture_prefix_in_prose_must_be_a_whole_word() {
        assert!(LEXICON.is_furniture("Anzeige: Jetzt kaufen"));
        assert!(!LEXICON.is_furniture(
            "Anzeigen wurden im Oktober weniger aufgegeben als im Vorjahr, meldet die Behörde, \
             und die Zahl der Stellen stieg trotzdem an."
        ));
    }

    #[test]
    fn short_line_may_start_with_a_longer_form_of_a_furniture_word() {
        assert!(LEXICON.is_furniture("Quellenangaben:"));
    }
}
