//! Which stages a config asks for, built and ready to run.

use std::any::Any;

use ghirbal_core::{Config, ConfigError, CorpusStage, Record, RecordStage, StageName, Verdict};

/// A corpus stage's index part or finished index, type-erased so stages of any index type can
/// sit in one list.
pub type AnyIndex = Box<dyn Any + Send + Sync>;

/// A [`CorpusStage`] with its index type erased; every `CorpusStage` is one.
pub trait DynCorpusStage: Send + Sync {
    /// The stage's name.
    fn name(&self) -> StageName;
    /// A fresh, empty index part for one worker.
    fn new_part(&self) -> AnyIndex;
    /// Adds `rec` to `part` (made by `new_part` of this stage).
    fn observe(&self, rec: &Record, part: &mut AnyIndex);
    /// True when the stage saves what it observes ([`CorpusStage::saves`]).
    fn saves(&self) -> bool;
    /// Adds `rec` to `part` and appends what it added to `saved`.
    fn observe_saving(&self, rec: &Record, part: &mut AnyIndex, saved: &mut Vec<u8>);
    /// Adds to `part` what `observe_saving` wrote for `records` records; `part` is untouched
    /// on an error.
    fn load(&self, saved: &[u8], records: u64, part: &mut AnyIndex) -> Result<(), String>;
    /// Merges all parts and finishes the index.
    fn finish(&self, parts: Vec<AnyIndex>) -> AnyIndex;
    /// Decides on `rec` with the finished index.
    fn decide(&self, rec: &mut Record, index: &AnyIndex) -> Verdict;
    /// What the finished index holds, for `stats.json`.
    fn describe(&self, index: &AnyIndex) -> serde_json::Map<String, serde_json::Value>;
}

impl<C> DynCorpusStage for C
where
    C: CorpusStage,
    C::Index: Sync + 'static,
{
    fn name(&self) -> StageName {
        CorpusStage::name(self)
    }

    fn new_part(&self) -> AnyIndex {
        Box::new(C::Index::default())
    }

    fn observe(&self, rec: &Record, part: &mut AnyIndex) {
        let part = part
            .downcast_mut::<C::Index>()
            .expect("parts are made by new_part of the same stage");
        CorpusStage::observe(self, rec, part);
    }

    fn saves(&self) -> bool {
        CorpusStage::saves(self)
    }

    fn observe_saving(&self, rec: &Record, part: &mut AnyIndex, saved: &mut Vec<u8>) {
        let part = part
            .downcast_mut::<C::Index>()
            .expect("parts are made by new_part of the same stage");
        CorpusStage::observe_saving(self, rec, part, saved);
    }

    fn load(&self, saved: &[u8], records: u64, part: &mut AnyIndex) -> Result<(), String> {
        let part = part
            .downcast_mut::<C::Index>()
            .expect("parts are made by new_part of the same stage");
        CorpusStage::load(self, saved, records, part)
    }

    fn finish(&self, parts: Vec<AnyIndex>) -> AnyIndex {
        let mut merged = C::Index::default();
        for part in parts {
            let part = *part
                .downcast::<C::Index>()
                .expect("parts are made by new_part of the same stage");
            merged = self.merge(merged, part);
        }
        Box::new(CorpusStage::finish(self, merged))
    }

    fn decide(&self, rec: &mut Record, index: &AnyIndex) -> Verdict {
        let index = index
            .downcast_ref::<C::Index>()
            .expect("the index is made by finish of the same stage");
        CorpusStage::decide(self, rec, index)
    }

    fn describe(&self, index: &AnyIndex) -> serde_json::Map<String, serde_json::Value> {
        let index = index
            .downcast_ref::<C::Index>()
            .expect("the index is made by finish of the same stage");
        CorpusStage::describe(self, index)
    }
}

/// The stages a config asks for, built and in pipeline order.
#[derive(Default)]
pub struct Stages {
    /// Record stages, in the order a record meets them.
    pub record: Vec<Box<dyn RecordStage>>,
    /// Corpus stages, in the order they decide, each with its label in `stats.json`.
    pub corpus: Vec<(String, Box<dyn DynCorpusStage>)>,
    /// Stages switched on in the config that this version does not have.
    pub not_built: Vec<StageName>,
}

impl Stages {
    /// Builds every stage the config switches on, each from its own config table.
    ///
    /// Record stages run in CLI order (extract, clean, pii, lang, filter); then the corpus
    /// stages: site boilerplate (part of `clean`, labelled `clean.site` in `stats.json`), then
    /// `dedup`, which so sees the text without the site's furniture.
    pub fn build(config: &Config) -> Result<Stages, ConfigError> {
        let mut stages = Stages::default();
        if config.enabled(StageName::Extract) {
            stages
                .record
                .push(Box::new(ghirbal_extract::build(config)?));
        }
        let clean = ghirbal_clean::build(config)?;
        if let Some(c) = clean.clean {
            stages.record.push(Box::new(c));
        }
        if let Some(p) = clean.pii {
            stages.record.push(Box::new(p));
        }
        if config.enabled(StageName::Lang) {
            stages.record.push(Box::new(ghirbal_lang::build(config)?));
        }
        if config.enabled(StageName::Filter) {
            stages.record.push(Box::new(ghirbal_filter::build(config)?));
        }
        if let Some(site) = clean.site {
            stages
                .corpus
                .push(("clean.site".to_owned(), Box::new(site)));
        }
        if config.enabled(StageName::Dedup) {
            stages
                .corpus
                .push(("dedup".to_owned(), Box::new(ghirbal_dedup::build(config)?)));
        }
        Ok(stages)
    }

    /// The names of the stages that will run, in order.
    pub fn names(&self) -> Vec<StageName> {
        let mut names: Vec<StageName> = self.record.iter().map(|s| s.name()).collect();
        for (_, s) in &self.corpus {
            if !names.contains(&s.name()) {
                names.push(s.name());
            }
        }
        names
    }
}
