//! The `clean` record stage: normalise, recover structure, drop teasers and furniture.

mod boilerplate;
mod caption;
mod page;
mod teaser;
mod title;

use ghirbal_core::reason::clean as reason;
use ghirbal_core::{Record, RecordStage, Reject, StageName, Verdict, text};
#[cfg(test)]
use serde_json::Value;
use serde_json::json;

use crate::config::CleanConfig;
use crate::lexicon::Lexicon;
use crate::{explain, lines, repair, script};
use page::Page;
use teaser::TeaserRule;

/// The `clean` stage, built from `[clean]` by [`Clean::new`].
///
/// For each record, in order: repair mojibake; normalise to stored text
/// (`ghirbal_core::text::stored`); drop in-page boilerplate lines; recover or drop the title
/// line; drop duplicated teasers; move captions out; join what is left as paragraphs
/// (`"\n\n"`); set `lede` to the first paragraph and guess `lang`/`script` where not set.
/// A record with nothing left is rejected as `clean:empty`.
#[derive(Debug)]
pub struct Clean {
    config: CleanConfig,
    lexicon: Lexicon,
    teaser: TeaserRule,
}

impl Clean {
    /// Builds the stage; fails on a language with no lexicon.
    ///
    /// # Errors
    /// [`ghirbal_core::ConfigError::Invalid`] naming the unknown language.
    pub fn new(config: &CleanConfig) -> Result<Clean, ghirbal_core::ConfigError> {
        Ok(Clean {
            lexicon: Lexicon::load(&config.languages, config.boilerplate_max_words)?,
            teaser: TeaserRule {
                window: config.teaser_window,
                min_chars: config.teaser_min_chars,
                dateline_chars: config.teaser_dateline_chars,
            },
            config: config.clone(),
        })
    }

    /// The settings the stage was built with.
    pub fn config(&self) -> &CleanConfig {
        &self.config
    }
}

impl RecordStage for Clean {
    fn name(&self) -> StageName {
        StageName::Clean
    }

    fn apply(&self, rec: &mut Record) -> Verdict {
        let cfg = &self.config;
        let (repaired, mojibake_lines) = if cfg.repair_mojibake {
            repair::mojibake(&rec.text)
        } else {
            (std::borrow::Cow::Borrowed(rec.text.as_str()), 0)
        };
        let stored = text::stored(&repaired);
        drop(repaired);
        let mut page = Page::parse(&stored);

        if cfg.boilerplate {
            boilerplate::remove(&mut page, &self.lexicon);
        }
        rec.title = rec
            .title
            .as_deref()
            .map(|t| {
                let (t, _) = if cfg.repair_mojibake {
                    repair::mojibake(t)
                } else {
                    (std::borrow::Cow::Borrowed(t), 0)
                };
                one_line(&t)
            })
            .filter(|t| !t.is_empty());
        let recovered = if cfg.title || rec.title.is_some() {
            title::recover(&mut page, rec.title.as_deref())
        } else {
            None
        };
        let teasers = if cfg.teaser {
            self.teaser.remove(&mut page)
        } else {
            Vec::new()
        };
        let captions = if cfg.captions {
            caption::take(&mut page, &teasers, &self.lexicon)
        } else {
            Vec::new()
        };

        let paragraphs: Vec<&str> = page
            .lines
            .iter()
            .filter(|l| l.is_live())
            .map(|l| l.text)
            .collect();
        let signals = [
            ("clean.mojibake_lines", mojibake_lines as u64),
            ("clean.title_lines", page.count(reason::line::TITLE)),
            (
                "clean.teaser_lines",
                page.count(reason::line::TEASER_DUPLICATE),
            ),
            ("clean.caption_lines", page.count(reason::line::CAPTION)),
            (
                "clean.boilerplate_lines",
                page.count(reason::line::BOILERPLATE),
            ),
            ("clean.paragraphs", paragraphs.len() as u64),
        ];
        for (key, value) in signals {
            rec.set_count(key, value);
        }
        if cfg.explain {
            let removed = page
                .lines
                .iter()
                .filter_map(|l| l.removed.map(|r| explain::entry(l.text, r)));
            explain::append(rec, removed);
        }
        if recovered.is_some() {
            rec.title = recovered;
        }
        rec.captions = rec
            .captions
            .iter()
            .map(|c| one_line(c))
            .chain(captions)
            .filter(|c| !c.is_empty())
            .collect();
        if paragraphs.is_empty() {
            let detail = json!({
                "lines": page.lines.len(),
                "chars_in": stored.chars().count(),
            });
            rec.text.clear();
            return Verdict::Reject(Reject::new(reason::EMPTY, detail));
        }
        rec.text = paragraphs.join("\n\n");
        rec.lede = match rec.lede.as_deref().map(one_line) {
            Some(l) if !l.is_empty() => Some(l),
            _ => paragraphs.first().map(|p| (*p).to_owned()),
        };
        if cfg.guess_lang {
            script::guess(rec);
        }
        Verdict::Keep
    }
}

/// `s` as stored text on one line: a title or a caption never holds a line break.
fn one_line(s: &str) -> String {
    lines::join_words(&text::stored(s))
}

/// A JSON list of the lines `page` removed, for tests.
#[cfg(test)]
fn removed_reasons(rec: &Record) -> Vec<(String, String)> {
    rec.metadata
        .get(explain::KEY)
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .map(|e| {
                    (
                        e["line"].as_str().unwrap_or("").to_owned(),
                        e["reason"].as_str().unwrap_or("").to_owned(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests;
