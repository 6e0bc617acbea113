//! Per-language lexicons of page furniture and caption cues, loaded from `resources/*.toml`.

use std::collections::{BTreeMap, HashMap, HashSet};

use ghirbal_core::{ConfigError, text};
use serde::Deserialize;

use crate::lines;

/// The lexicon files shipped in the binary, by language code.
const FILES: &[(&str, &str)] = &[
    ("ar", include_str!("../resources/ar.toml")),
    ("en", include_str!("../resources/en.toml")),
    ("fr", include_str!("../resources/fr.toml")),
];

/// One lexicon file as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    language: String,
    boilerplate: BTreeMap<String, Entries>,
    captions: Captions,
    #[serde(default)]
    words: Words,
    #[serde(default)]
    byline: Byline,
}

/// Single words with a role of their own.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct Words {
    /// Words that fill tool and share bars ("facebook", "print", "email").
    tools: Vec<String>,
    /// Words a consent banner names ("cookies", "ملفات تعريف الارتباط").
    consent: Vec<String>,
    /// Words that name the page itself, what it holds and what pays for it ("page",
    /// "article", "sponsored", "المقال", "إعلان"): a line about the page, not its subject.
    page: Vec<String>,
    /// What a count on the page counts ("pieces", "مقالات", "articles").
    items: Vec<String>,
    /// Words by which a page addresses its reader: second-person words ("you", "vous",
    /// "لك") and the verbs of its prompts ("join", "abonnez-vous", "اشترك").
    reader: Vec<String>,
    /// Words by which a page speaks of itself and of the story it carries ("story",
    /// "column", "coverage", "version", "القصة", "chronique"): `furniture/notice.rs`.
    own: Vec<String>,
    /// Words that name the page's other media ("pictures", "video", "gallery", "الصور",
    /// "diaporama"): a label of them over a count points to them (`pointer.rs` `media`).
    media: Vec<String>,
    /// The language's common words of content-word length ("this", "with", "هذه",
    /// "cette"): no sign that a line speaks of what the article speaks of (`notice.rs`).
    common: Vec<String>,
    /// The language's frequent words (the 2,000 most frequent of a word-frequency list, of
    /// content-word length): a shared word among them does not make a line the headline
    /// (`clean/title.rs`).
    frequent: Vec<String>,
}

/// Words that open a byline ("by", "par", "بقلم").
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct Byline {
    prefixes: Vec<String>,
}

/// The entries of one furniture category.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct Entries {
    lines: Vec<String>,
    prefixes: Vec<String>,
    contains: Vec<String>,
}

/// Caption cues, and words that rule a caption out.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct Captions {
    cues: Vec<String>,
    not: Vec<String>,
}

/// The lexicons of the configured languages, merged and normalised for matching.
#[derive(Debug, Default)]
pub struct Lexicon {
    /// Whole-line entries (in [`lines::lexicon_form`]) → category.
    lines: HashMap<String, &'static str>,
    /// Line-start entries (in [`prefix_form`]) with their category, longest first.
    prefixes: Vec<(String, &'static str)>,
    /// Substring entries (in [`prefix_form`]) with their category.
    contains: Vec<(String, &'static str)>,
    /// Caption cues (in [`prefix_form`]).
    cues: Vec<String>,
    /// Words of a line about the text itself (a byline, a note on the article), which is
    /// never a caption (in [`prefix_form`]).
    not_captions: Vec<String>,
    /// Prefix and contains rules only fire on lines of at most this many words.
    max_words: usize,
    /// Tool-bar words (in [`lines::lexicon_form`]).
    tools: HashSet<String>,
    /// Byline openers (in [`prefix_form`]), longest first.
    bylines: Vec<String>,
    /// Consent words (in [`prefix_form`]).
    consent: Vec<String>,
    /// Page words, as content words (`shape::content_words`: an Arabic word without its
    /// proclitics, so "والمقال" is "مقال").
    page: HashSet<String>,
    /// Item words, as content words.
    items: HashSet<String>,
    /// Reader words (in [`prefix_form`]), matched as whole words.
    reader: Vec<String>,
    /// Own words (`[words] own`), as content words.
    own: HashSet<String>,
    /// Media words (`[words] media`), as content words.
    media: HashSet<String>,
    /// Common words (`[words] common`), as content words.
    common: HashSet<String>,
    /// Frequent words (`[words] frequent`), as content words.
    frequent: HashSet<String>,
}

impl Lexicon {
    /// Loads and merges the lexicons of `languages`.
    ///
    /// # Errors
    /// A language with no lexicon file, or a file that does not parse (a bug caught by the
    /// tests), is a config error.
    pub fn load(languages: &[String], max_words: usize) -> Result<Lexicon, ConfigError> {
        let mut lex = Lexicon {
            max_words,
            ..Lexicon::default()
        };
        for lang in languages {
            let (_, source) = FILES.iter().find(|(code, _)| code == lang).ok_or_else(|| {
                ConfigError::Invalid {
                    at: Some("clean".into()),
                    message: format!(
                        "no boilerplate lexicon for language {lang:?}; lexicons: {}",
                        FILES.iter().map(|(c, _)| *c).collect::<Vec<_>>().join(", ")
                    ),
                }
            })?;
            let file: File = toml::from_str(source).map_err(|e| ConfigError::Invalid {
                at: Some("clean".into()),
                message: format!("lexicon {lang}: {}", e.message()),
            })?;
            debug_assert_eq!(&file.language, lang);
            for (category, entries) in file.boilerplate {
                let category = intern(&category);
                for l in entries.lines {
                    lex.lines.insert(lines::lexicon_form(&l), category);
                }
                for p in entries.prefixes {
                    lex.prefixes.push((prefix_form(&p), category));
                }
                for c in entries.contains {
                    lex.contains.push((prefix_form(&c), category));
                }
            }
            lex.cues
                .extend(file.captions.cues.iter().map(|c| prefix_form(c)));
            lex.not_captions
                .extend(file.captions.not.iter().map(|c| prefix_form(c)));
            lex.tools
                .extend(file.words.tools.iter().map(|w| lines::lexicon_form(w)));
            lex.bylines
                .extend(file.byline.prefixes.iter().map(|w| prefix_form(w)));
            lex.consent
                .extend(file.words.consent.iter().map(|w| prefix_form(w)));
            lex.page.extend(
                file.words
                    .page
                    .iter()
                    .flat_map(|w| crate::shape::content_words(w)),
            );
            lex.items.extend(
                file.words
                    .items
                    .iter()
                    .flat_map(|w| crate::shape::content_words(w)),
            );
            lex.reader
                .extend(file.words.reader.iter().map(|w| prefix_form(w)));
            lex.own.extend(
                file.words
                    .own
                    .iter()
                    .flat_map(|w| crate::shape::content_words(w)),
            );
            lex.media.extend(
                file.words
                    .media
                    .iter()
                    .flat_map(|w| crate::shape::content_words(w)),
            );
            lex.common.extend(
                file.words
                    .common
                    .iter()
                    .flat_map(|w| crate::shape::content_words(w)),
            );
            lex.frequent.extend(
                file.words
                    .frequent
                    .iter()
                    .flat_map(|w| crate::shape::content_words(w)),
            );
        }
        lex.tools.retain(|w| !w.is_empty());
        lex.consent.retain(|w| !w.is_empty());
        lex.reader.retain(|w| !w.is_empty());
        lex.bylines.retain(|w| !w.is_empty());
        lex.bylines
            .sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
        lex.bylines.dedup();
        lex.prefixes.retain(|(p, _)| !p.is_empty());
        lex.contains.retain(|(p, _)| !p.is_empty());
        lex.cues.retain(|p| !p.is_empty());
        lex.not_captions.retain(|p| !p.is_empty());
        lex.prefixes
            .sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.cmp(b)));
        lex.prefixes.dedup();
        Ok(lex)
    }

    /// The furniture category of `line`, if a lexicon names it; `words` is the line's word
    /// count as given by [`lines::words_upto`] with a limit above `max_words`.
    pub fn category(&self, line: &str, words: usize) -> Option<&'static str> {
        // Whole-line entries are a few words; longer lines are never equal to one.
        if words > 8 && words > self.max_words {
            return None;
        }
        let m = text::matching(line);
        if words <= 8
            && let Some(c) = self.lines.get(&lines::lexicon_form_of_matching(&m))
        {
            return Some(c);
        }
        if words > self.max_words {
            return None;
        }
        let form = prefix_form_of_matching(&m);
        for (p, c) in &self.prefixes {
            if starts_with_words(&form, p) {
                return Some(c);
            }
        }
        self.contains
            .iter()
            .find(|(p, _)| form.contains(p.as_str()))
            .map(|(_, c)| *c)
    }

    /// How many words `line` has when every one of them is a tool word (`[words] tools`),
    /// separators aside, and there are at least two; `None` otherwise.
    pub fn tool_words(&self, line: &str) -> Option<usize> {
        let mut n = 0;
        // Word by word, so that a line of prose stops at its first word.
        for w in line.split_whitespace() {
            let m = text::matching(w);
            let w = m.trim_matches(|c: char| !text::is_alphanumeric(c));
            if w.is_empty() {
                continue;
            }
            if !self.tools.contains(w) {
                return None;
            }
            n += 1;
        }
        (n >= 2).then_some(n)
    }

    /// The name of a byline: what follows a byline opener (`[byline] prefixes`, as whole
    /// words, then an optional colon) in `line`; `None` when `line` does not open with one.
    pub fn byline(&self, line: &str) -> Option<String> {
        let form = prefix_form(line);
        let p = self.bylines.iter().find(|p| starts_with_words(&form, p))?;
        // The opener's words in the line as written: as many words as the opener has.
        let words = p.split_whitespace().count();
        let rest: Vec<&str> = line.split_whitespace().skip(words).collect();
        let name = rest
            .join(" ")
            .trim_start_matches([':', '-', '–', '—', '|'])
            .trim()
            .to_owned();
        Some(name)
    }

    /// True when `line` holds, as whole words, a byline opener (`[byline] prefixes`: "by",
    /// "بقلم", "par") anywhere: it names who wrote the text.
    pub fn names_author(&self, line: &str) -> bool {
        let form = prefix_form(line);
        self.bylines.iter().any(|w| contains_words(&form, w))
    }

    /// True when `line` holds, as whole words, an entry of a `[captions] not` list: it speaks
    /// of the text ("مقال بقلم ...", "this article ..."), not of a photo.
    pub fn is_about_the_text(&self, line: &str) -> bool {
        let form = prefix_form(line);
        self.not_captions.iter().any(|w| contains_words(&form, w))
    }

    /// True when `line` holds, as whole words, a consent word (`[words] consent`).
    pub fn names_consent(&self, line: &str) -> bool {
        let form = prefix_form(line);
        self.consent.iter().any(|w| contains_words(&form, w))
    }

    /// True when `word`, a content word (`shape::content_words`), is a page word (`[words]
    /// page`: it names the page, what it holds or what pays for it).
    pub fn is_page_word(&self, word: &str) -> bool {
        self.page.contains(word)
    }

    /// True when `word`, a content word, is an own word (`[words] own`: the page speaking of
    /// itself or of its story: "story", "column", "coverage", "القصة").
    pub fn is_own_word(&self, word: &str) -> bool {
        self.own.contains(word)
    }

    /// True when `word`, a content word, is a media word (`[words] media`: it names the
    /// page's pictures, videos or gallery: "pictures", "فيديو", "diaporama").
    pub fn is_media_word(&self, word: &str) -> bool {
        self.media.contains(word)
    }

    /// True when `word`, a content word, is a common word of a language (`[words] common`).
    pub fn is_common_word(&self, word: &str) -> bool {
        self.common.contains(word)
    }

    /// True when `word`, a content word, is specific: neither a number nor a frequent or
    /// common word of a language (`[words] frequent`, `[words] common`). A language without
    /// a frequency list has every word specific.
    pub fn is_specific_word(&self, word: &str) -> bool {
        !word.chars().all(ghirbal_core::text::is_numeric)
            && !self.frequent.contains(word)
            && !self.common.contains(word)
    }

    /// True when `word`, a content word, is an item word (`[words] items`: what a count on
    /// the page counts).
    pub fn is_item_word(&self, word: &str) -> bool {
        self.items.contains(word)
    }

    /// True when `line` holds, as whole words, a reader word (`[words] reader`: a
    /// second-person word or a prompt's verb).
    pub fn addresses_reader(&self, line: &str) -> bool {
        let form = prefix_form(line);
        self.reader.iter().any(|w| contains_words(&form, w))
    }

    /// True when `line` starts or ends with a caption cue ("صورة أرشيفية", "(AFP)", ...).
    pub fn has_caption_cue(&self, line: &str) -> bool {
        let form = prefix_form(line);
        self.cues
            .iter()
            .any(|c| starts_with_words(&form, c) || form.ends_with(c.as_str()))
    }
}

/// The matching text with leading punctuation and surrounding spaces dropped and inner
/// whitespace folded; trailing punctuation is kept so that "more:" differs from "more".
fn prefix_form(s: &str) -> String {
    prefix_form_of_matching(&text::matching(s))
}

/// [`prefix_form`] of a text already in its matching form (`text::matching`).
fn prefix_form_of_matching(m: &str) -> String {
    lines::join_words(
        m.trim_start_matches(|c: char| !text::is_alphanumeric(c) && c != '(' && c != '©'),
    )
}

/// Marks that may stand for the colon of a prefix entry such as "للمزيد:" or "more:": sites
/// write a cross-link as "للمزيد - ...", "اقرأ.. ...", "قد يهمك| ...", "للمزيد، ...". Each
/// must be followed by a space or end the line, so "more-efficient" is not "more:".
const LINK_MARKS: &[&str] = &["..", "|", "/", "-", "–", "—", "،"];

/// True when `form` starts with `prefix` and, if the prefix ends in a letter or digit, the
/// next character is not one (so "share" does not match "shares"). A prefix that ends in a
/// colon also matches its word followed by one of [`LINK_MARKS`].
fn starts_with_words(form: &str, prefix: &str) -> bool {
    if let Some(word) = prefix.strip_suffix(':')
        && let Some(rest) = form.strip_prefix(word.trim_end())
    {
        let rest = rest.trim_start();
        let marked = LINK_MARKS.iter().any(|m| {
            rest.strip_prefix(m)
                .is_some_and(|after| after.is_empty() || after.starts_with(char::is_whitespace))
        });
        if marked {
            return true;
        }
    }
    if !form.starts_with(prefix) {
        return false;
    }
    if !prefix
        .chars()
        .next_back()
        .is_some_and(text::is_alphanumeric)
    {
        return true;
    }
    !form[prefix.len()..]
        .chars()
        .next()
        .is_some_and(text::is_alphanumeric)
}

/// True when `form` holds `words` with no letter or digit right before or after it.
fn contains_words(form: &str, words: &str) -> bool {
    form.match_indices(words).any(|(at, _)| {
        let before = form[..at].chars().next_back();
        let after = form[at + words.len()..].chars().next();
        !before.is_some_and(text::is_alphanumeric) && !after.is_some_and(text::is_alphanumeric)
    })
}

/// The category names used in reasons, as `&'static str`; unknown names are rejected by the
/// lexicon tests.
fn intern(category: &str) -> &'static str {
    match category {
        "navigation" => "boilerplate:navigation",
        "read_also" => "boilerplate:read_also",
        "related" => "boilerplate:related",
        "share" => "boilerplate:share",
        "comments" => "boilerplate:comments",
        "copyright" => "boilerplate:copyright",
        "tags" => "boilerplate:tags",
        "ad" => "boilerplate:ad",
        _ => "boilerplate:other",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all() -> Lexicon {
        let langs: Vec<String> = FILES.iter().map(|(c, _)| (*c).to_owned()).collect();
        Lexicon::load(&langs, 25).unwrap()
    }

    #[test]
    fn every_lexicon_file_parses_with_known_categories() {
        for (code, source) in FILES {
            let file: File = toml::from_str(source).unwrap_or_else(|e| panic!("{code}: {e}"));
            assert_eq!(&file.language, code);
            for category in file.boilerplate.keys() {
                assert_ne!(intern(category), "boilerplate:other", "{code}: {category}");
            }
        }
    }

    #[test]
    fn arabic_furniture_is_found_in_any_spelling() {
        let lex = all();
        assert_eq!(lex.category("أخبار متعلقة", 2), Some("boilerplate:related"));
        assert_eq!(lex.category("أقسام", 1), Some("boilerplate:navigation"));
        assert_eq!(
            lex.category("اقرأ أيضاً: الحكومة تعلن", 4),
            Some("boilerplate:read_also")
        );
        assert_eq!(
            lex.category("اقرا ايضا الحكومة تعلن", 4),
            Some("boilerplate:read_also")
        );
        assert_eq!(
            lex.category("© 2018 جميع الحقوق محفوظة", 5),
            Some("boilerplate:copyright")
        );
    }

    #[test]
    fn prefix_entries_match_whole_words_and_their_punctuation() {
        let lex = all();
        assert_eq!(
            lex.category("Read more: the full story", 5),
            Some("boilerplate:read_also")
        );
        assert_eq!(lex.category("More than 100 people died", 5), None);
        assert_eq!(lex.category("Shares fell sharply", 3), None);
        assert_eq!(
            lex.category("اقرأ: مؤسس فيسبوك يكسر صمته", 5),
            Some("boilerplate:read_also")
        );
        assert_eq!(lex.category("اقرأ الكتاب بتمعن", 3), None);
    }

    #[test]
    fn a_colon_entry_also_matches_other_link_marks() {
        let lex = all();
        for line in [
            "للمزيد - معركة عفرين: من يقاتل من؟",
            "للمزيد- سوريا: قمة ثلاثية",
            "للمزيد، إحالة الرئيس السابق إلى القضاء",
            "اقرأ.. ماتيس يحذر من استخدام الأسلحة",
            "شاهد | من هو وزير الخارجية الجديد؟",
            "More - the full story",
        ] {
            assert_eq!(
                lex.category(line, 8),
                Some("boilerplate:read_also"),
                "{line}"
            );
        }
        // Prose that starts with the same word keeps its text.
        assert_eq!(lex.category("للمزيد من المعلومات عن الحدث", 5), None);
        assert_eq!(lex.category("More-efficient engines are coming", 4), None);
        assert_eq!(lex.category("شاهد العالم المباراة", 3), None);
    }

    #[test]
    fn french_and_english_furniture_is_found() {
        let lex = all();
        assert_eq!(
            lex.category("Lire aussi : Le gouvernement", 5),
            Some("boilerplate:read_also")
        );
        assert_eq!(
            lex.category("Partager cet article", 3),
            Some("boilerplate:share")
        );
        assert_eq!(
            lex.category("Tous droits réservés", 3),
            Some("boilerplate:copyright")
        );
        assert_eq!(
            lex.category("Leave a comment", 3),
            Some("boilerplate:comments")
        );
    }

    #[test]
    fn long_lines_are_never_furniture_by_prefix() {
        let lex = all();
        let long = format!("اقرأ أيضا {}", "كلمة ".repeat(40));
        assert_eq!(lex.category(&long, 42), None);
    }

    #[test]
    fn unknown_language_is_a_config_error() {
        assert!(Lexicon::load(&["xx".into()], 25).is_err());
    }

    #[test]
    fn bylines_and_notes_on_the_article_are_about_the_text() {
        let lex = all();
        assert!(lex.is_about_the_text("مقال بقلم الكاتب خالد الشايع"));
        assert!(lex.is_about_the_text("نشر هذا المقال بالتعاون مع موقع التوظيف"));
        assert!(lex.is_about_the_text("This article was written with our partner"));
        assert!(lex.is_about_the_text("Cet article est publié en partenariat"));
        // "مقالات" and "articles" are other words; a photo of a pen is a photo.
        assert!(!lex.is_about_the_text("متظاهرون يرفعون مقالات الصحف في القاهرة"));
        assert!(!lex.is_about_the_text("Protesters reading newspaper articles"));
    }

    #[test]
    fn caption_cues_fire_at_either_end() {
        let lex = all();
        assert!(lex.has_caption_cue("صورة أرشيفية لمبنى البرلمان"));
        assert!(lex.has_caption_cue("Protesters in Paris (AFP)"));
        assert!(!lex.has_caption_cue("Protesters in Paris"));
    }
}
