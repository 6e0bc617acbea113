//! The `clean` record stage: normalise, find the page's parts by shape, keep the article.
//!
//! One model of the page ([`page::Page`]) is built once per record and every rule reads and
//! edits it: its lines with their shape (`crate::shape`), the body span (`body.rs`), the
//! headline (`title.rs`), what each rule took out and why. The rules, in the order they run:
//! 1. furniture anywhere ([`furniture`] step 1: lexicons, menu rows, breadcrumbs, tool bars,
//!    legal lines, ad labels, tag lists);
//! 2. the body span (`body.rs`), then the headline (`title.rs`);
//! 3. the lines about the page rather than the article that read like its own (asides
//!    between paragraphs, paywall counters, polls: `furniture/about.rs`); around the headline:
//!    datelines and bylines into `date` and `metadata.author`, counters, what stands above the
//!    headline ([`furniture`] step 2);
//! 4. after the body: a consent banner ending the page, then the end of the article (inside
//!    the body span first: a tail of long furniture lines pulls the span over it) and
//!    everything after it, then, on a web page, the end of the article by shape among the
//!    lines left ([`furniture`] step 3);
//! 5. duplicated teasers (`teaser.rs`), then captions (`caption.rs`);
//! 6. the kept lines become paragraphs by one documented rule (`join.rs`).

mod body;
mod caption;
mod furniture;
mod join;
mod page;
mod teaser;
mod title;

pub use join::without_lines;
pub use page::Removal;

use ghirbal_core::reason::clean as reason;
use ghirbal_core::{Record, RecordStage, Reject, StageName, Verdict, text};
#[cfg(test)]
use serde_json::Value;
use serde_json::json;

use crate::config::CleanConfig;
use crate::figures::{FIGURES, Figures};
use crate::lexicon::Lexicon;
use crate::{explain, lines, repair, script};
use page::Page;
use teaser::TeaserRule;
use title::Headline;

/// The `clean` stage, built from `[clean]` by [`Clean::new`].
///
/// For each record: repair mojibake; normalise to stored text keeping each line's layout
/// (`ghirbal_core::text::stored_indented`); find and take out the page's furniture, headline,
/// datelines, teasers and captions (the module docs list the rules); join what is left as
/// paragraphs (`join.rs`); set `lede` to the first paragraph and guess `lang`/`script` where
/// not set. A record with nothing left is rejected as `clean:empty`.
#[derive(Debug)]
pub struct Clean {
    config: CleanConfig,
    lexicon: Lexicon,
    teaser: TeaserRule,
    figures: &'static Figures,
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
            figures: &FIGURES,
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
        let figures = self.figures;
        let (repaired, mojibake_lines) = if cfg.repair_mojibake {
            repair::mojibake(&rec.text)
        } else {
            (std::borrow::Cow::Borrowed(rec.text.as_str()), 0)
        };
        let stored = text::stored_indented(&repaired);
        drop(repaired);
        let mut page = Page::parse(&stored);

        if cfg.boilerplate {
            furniture::anywhere(&mut page, &self.lexicon, figures);
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
        let headline = title::recover(
            &mut page,
            rec.title.as_deref(),
            cfg.title,
            figures,
            &self.lexicon,
        );
        let mut taken = furniture::dateline::Taken::default();
        if cfg.boilerplate {
            furniture::outside_body(&mut page, figures);
            furniture::about_the_page(&mut page, &self.lexicon, figures);
            furniture::outside::head(&mut page, figures, &self.lexicon, &mut taken);
            furniture::consent::banner(&mut page, &self.lexicon, figures);
            furniture::outside::tail(&mut page, figures);
            furniture::ending::apply(&mut page, figures);
            furniture::notice::take(&mut page, &self.lexicon, figures);
        }
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

        let paragraphs: Vec<String> = join::paragraphs(&page, figures)
            .iter()
            .map(|p| join::text_of(&page, p))
            .collect();
        let signals = [
            ("clean.mojibake_lines", mojibake_lines as u64),
            ("clean.title_lines", page.count(reason::line::TITLE)),
            (
                "clean.teaser_lines",
                page.count(reason::line::TEASER_DUPLICATE),
            ),
            ("clean.caption_lines", page.count(reason::line::CAPTION)),
            ("clean.dateline_lines", page.count(reason::line::DATELINE)),
            ("clean.byline_lines", page.count(reason::line::BYLINE)),
            (
                "clean.boilerplate_lines",
                page.count(reason::line::BOILERPLATE),
            ),
            ("clean.paragraphs", paragraphs.len() as u64),
        ];
        for (key, value) in signals {
            rec.set_count(key, value);
        }
        if let Some(found) = taken.date()
            && rec.date.is_none()
        {
            rec.set_date(
                found.date.to_iso(),
                if found.relative {
                    "relative"
                } else {
                    "dateline"
                },
            );
        }
        if let Some(author) = taken.author
            && !rec.metadata.contains_key("author")
        {
            rec.metadata.insert("author".into(), author.into());
        }
        if cfg.explain && page.lines.iter().any(|l| l.removed.is_some()) {
            // Each removal names its line in the text clean was given, which is kept beside
            // it, so a viewer can show the original with the removed lines in place.
            let at = stored
                .split('\n')
                .enumerate()
                .filter(|(_, l)| !l.trim().is_empty())
                .map(|(n, _)| n);
            let removed =
                page.lines.iter().zip(at).filter_map(|(l, n)| {
                    l.removed.as_ref().map(|r| explain::removal(l.text, r, n))
                });
            explain::append(rec, removed);
            rec.metadata.insert(
                explain::ORIGINAL.to_owned(),
                serde_json::Value::String(stored.clone()),
            );
        }
        if let Headline::Found(_, title) = headline {
            rec.title = Some(title);
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
            _ => paragraphs.into_iter().next(),
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
