//! The `[clean]` and `[pii]` tables of a config file.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

/// Default budget of the site index's buffered pairs, all threads together, before they are
/// sorted and spilled to disk: 256 MiB, about 16 million (site, line) pairs, or a million
/// news pages of 15 lines.
pub const DEFAULT_SITE_MEMORY_BUDGET: u64 = 256 << 20;

/// Settings of the `clean` stage and of the site-boilerplate corpus stage (`[clean]`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CleanConfig {
    /// Write every removed line, with its reason, into `metadata.removed` (`--explain`).
    pub explain: bool,
    /// Repair UTF-8 text that was decoded as Windows-1252 or Latin-1 ("Ø§Ù„..."), line by line,
    /// where the repair gives valid UTF-8.
    pub repair_mojibake: bool,
    /// Take the first line as `title` when it looks like a headline and the record has none.
    pub title: bool,
    /// Move photo captions out of the text into `captions`.
    pub captions: bool,
    /// Drop teasers that repeat the start of a later paragraph.
    pub teaser: bool,
    /// How many lines at the top of the page (after the title) may be a teaser.
    pub teaser_window: usize,
    /// A teaser shorter than this many letters and digits is never dropped: short lines repeat
    /// by chance.
    pub teaser_min_chars: usize,
    /// How many letters and digits may precede the repeated teaser in the later paragraph:
    /// room for a dateline such as "دبي، الإمارات العربية المتحدة (CNN) --".
    pub teaser_dateline_chars: usize,
    /// Drop in-page boilerplate lines (navigation, read also, related, share, comments,
    /// copyright, tags) found by the lexicons and by position.
    pub boilerplate: bool,
    /// Lexicons to use, by language code; each is `resources/<code>.toml`. All are applied
    /// to every page, because furniture is often in another language than the article.
    pub languages: Vec<String>,
    /// A prefix or contains rule of a lexicon only fires on lines of at most this many words.
    pub boilerplate_max_words: usize,
    /// Set `lang = "ar"` and `script = "Arab"` from a count of Arabic letters when the record
    /// has no `lang` yet; the `lang` stage replaces both.
    pub guess_lang: bool,
    /// The site-boilerplate corpus stage.
    pub site: SiteConfig,
}

impl Default for CleanConfig {
    fn default() -> CleanConfig {
        CleanConfig {
            explain: false,
            repair_mojibake: true,
            title: true,
            captions: true,
            teaser: true,
            teaser_window: 3,
            teaser_min_chars: 40,
            teaser_dateline_chars: 80,
            boilerplate: true,
            languages: vec!["ar".into(), "en".into(), "fr".into()],
            boilerplate_max_words: 25,
            guess_lang: true,
            site: SiteConfig::default(),
        }
    }
}

/// Settings of the site-boilerplate corpus stage (`[clean.site]`): lines that recur on many
/// pages of one site are dropped, as in CCNet's line deduplication.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SiteConfig {
    /// Run the stage (it needs a second pass over the records).
    pub enabled: bool,
    /// A line is boilerplate only if it occurs on at least this many pages of the site...
    pub min_pages: u32,
    /// ...and on at least this fraction of the site's pages.
    pub min_fraction: f64,
    /// Lines of a page beyond this count are neither counted nor removed; this bounds the
    /// index at `max_lines_per_page` hashes per record.
    pub max_lines_per_page: usize,
    /// Lines with more words than this are never counted: recurring long paragraphs are
    /// duplicated articles, which `dedup` handles, not site furniture.
    pub max_words: usize,
    /// A countable line with digits and at most this many words, not ending as a sentence,
    /// is also counted under its template key: its key with every run of digits (any script's) as one slot, so that
    /// "See all 12 photos" and "See all 8 photos" count as one line. 0 counts no template.
    /// Short, so that a paragraph whose words recur with other figures (a market report)
    /// is never taken for furniture.
    pub template_max_words: usize,
    /// A template key is boilerplate only on at least `min_pages` pages and at least this
    /// fraction of the site's pages: more than a line's own, since a template gathers every
    /// line of one shape, and content has shapes that recur (the result of one fixture, the
    /// price of one product) on a few pages in a hundred; furniture with a varying slot is
    /// on most of them.
    pub template_min_fraction: f64,
    /// A countable line of at most this many words that does not end as a sentence is also
    /// counted under its head and tail keys: the key of its first `affix_words` words, and of
    /// its last, so that "Read next: `headline`" and "`writer` – Daily News" count as one
    /// line each (over the thresholds of a template). 0 counts none. Short, and never
    /// a sentence, so that a paragraph opening with a recurring formula ("RIYADH (Reuters)
    /// -") is never taken for furniture.
    pub affix_max_words: usize,
    /// Words of a head or tail key (see `affix_max_words`); lines with no more words have
    /// none.
    pub affix_words: usize,
    /// Bytes of buffered (site, line) pairs (16 bytes each, all threads together) held in
    /// memory while observing; past it, a worker sorts and counts its pairs and writes them to
    /// `spill_dir` as a run, and `finish` counts the runs with a k-way merge. The output is the
    /// same with or without spilling. An integer (bytes) or "64MiB", "1GiB".
    #[serde(deserialize_with = "ghirbal_core::budget::byte_size")]
    pub memory_budget: u64,
    /// Directory for spilled runs; empty means the system temp directory.
    pub spill_dir: PathBuf,
}

impl Default for SiteConfig {
    fn default() -> SiteConfig {
        SiteConfig {
            enabled: true,
            min_pages: 5,
            min_fraction: 0.01,
            max_lines_per_page: 256,
            max_words: 40,
            template_max_words: 12,
            template_min_fraction: 0.05,
            affix_max_words: 10,
            affix_words: 3,
            memory_budget: DEFAULT_SITE_MEMORY_BUDGET,
            spill_dir: PathBuf::new(),
        }
    }
}

/// Settings of the `pii` stage (`[pii]`): which kinds of personal data are masked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PiiConfig {
    /// Replace e-mail addresses with `<EMAIL>`.
    pub email: bool,
    /// Replace phone numbers with `<PHONE>`.
    pub phone: bool,
    /// Replace IPv4 and IPv6 addresses with `<IP>`.
    pub ip: bool,
    /// Replace IBANs (checksum verified) with `<IBAN>`.
    pub iban: bool,
}

impl Default for PiiConfig {
    fn default() -> PiiConfig {
        PiiConfig {
            email: true,
            phone: true,
            ip: true,
            iban: true,
        }
    }
}
