//! What a worker thread does to one batch in one pass.

use std::collections::BTreeMap;
use std::time::Instant;

use ghirbal_core::config::OutputFormat;
use ghirbal_core::{Record, RecordStage, Reject, RunStats, StageCounts, Verdict};
use ghirbal_io::{Encoded, Row};

use crate::stages::{AnyIndex, DynCorpusStage};

/// A record on its way, or one already dropped (with why).
pub enum Item {
    /// Still in the run.
    Live(Record),
    /// Dropped by a stage or unreadable; carried along so output keeps input order.
    Dropped(Record, Reject),
}

impl Item {
    /// The record and its reject, if any.
    pub fn parts(&self) -> (&Record, Option<&Reject>) {
        match self {
            Item::Live(r) => (r, None),
            Item::Dropped(r, j) => (r, Some(j)),
        }
    }
}

/// Consecutive items of one shard and one checkpoint chunk, numbered in the order the reader
/// cut them.
pub struct Batch {
    /// Sequence number within the pass, from 0, without gaps.
    pub seq: u64,
    /// The output shard every item of this batch belongs to.
    pub shard: u64,
    /// The checkpoint chunk every item of this batch belongs to ([`crate::checkpoint`]).
    pub chunk: u64,
    /// Items read back from a chunk this pass finished before an interruption: they are only
    /// observed (to rebuild the pass's index), never run through stages or written again.
    pub replay: bool,
    /// The items.
    pub items: Vec<Item>,
    /// A finished chunk's observed part to load into the index, in place of items.
    pub load: Option<Load>,
    /// The batch holds its chunk's last item: once it is written the chunk is whole, and the
    /// writer records it then rather than when the next chunk's first batch comes (a kill in
    /// between would lose the whole chunk).
    pub ends_chunk: bool,
}

/// A finished chunk whose observed part was saved: load it, or, when it is missing or
/// damaged, observe the chunk's spool instead.
pub struct Load {
    /// The chunk's `.observed` file.
    pub(crate) path: std::path::PathBuf,
    /// What the chunk's record says the file is.
    pub(crate) expect: crate::checkpoint::Observed,
    /// The chunk's spool, observed when the file cannot be loaded.
    pub(crate) spool: std::path::PathBuf,
}

/// Where a pass sends its batches.
#[derive(Clone, Copy)]
pub enum Sink {
    /// To the spool, for the next pass.
    Spool,
    /// To the output shards, in this format.
    Shards(OutputFormat),
}

/// What a pass does to each live record, in this order.
pub struct Plan<'a> {
    /// Record stages (the first pass only).
    pub record: &'a [Box<dyn RecordStage>],
    /// The corpus stages that decide in this pass, in order (label, stage, finished index):
    /// the previous pass's, or every corpus stage when their indexes were built elsewhere
    /// ([`crate::dist`]).
    pub decide: Vec<(&'a str, &'a dyn DynCorpusStage, &'a AnyIndex)>,
    /// The corpus stage whose index this pass builds.
    pub observe: Option<&'a dyn DynCorpusStage>,
    /// Where the batch goes.
    pub sink: Sink,
    /// zstd level for JSONL output (the spool has its own).
    pub zstd_level: i32,
    /// What the output's `signals` and `metadata` hold.
    pub output: &'a ghirbal_core::config::OutputConfig,
    /// The output columns (`[output] fields`).
    pub columns: &'a ghirbal_io::schema::Fields,
    /// Input names by file number, for per-file stats.
    pub names: &'a [String],
    /// Input sizes by file number, for `bytes_in`.
    pub sizes: &'a [u64],
    /// Write each record's size as read into the spool, so a run that reads the spool back as
    /// its input ([`crate::dist`]) cuts batches where reading the input would have.
    pub spool_read_sizes: bool,
    /// Save what `observe` adds to the index, per batch, for the pass's checkpoints.
    pub save_observed: bool,
}

/// A batch after a worker is done with it.
// The shard variant is the common one and moves through a channel once per batch; boxing it
// would add an allocation per batch for no saving.
#[allow(clippy::large_enum_variant)]
pub enum Output {
    /// One zstd frame for the spool.
    Spool(Vec<u8>),
    /// Nothing to write: a replayed batch, observed only.
    Replayed,
    /// Encoded kept and rejected rows, with the counts of this batch.
    Shards {
        /// Kept rows and how many.
        kept: Option<(Encoded, u64)>,
        /// Rejected rows and how many.
        rejects: Option<(Encoded, u64)>,
        /// The outcome of every record of the batch.
        stats: RunStats,
    },
}

/// A finished batch, or the error that stopped the worker.
pub struct Done {
    /// The batch's sequence number.
    pub seq: u64,
    /// The batch's shard.
    pub shard: u64,
    /// The batch's checkpoint chunk.
    pub chunk: u64,
    /// Items in the batch.
    pub items: u64,
    /// Records in and out and seconds per stage label, for this batch: the writer adds them up
    /// per checkpoint chunk and for the pass.
    pub stages: BTreeMap<String, StageCounts>,
    /// The encoded output.
    pub output: Result<Output, String>,
    /// What the batch's records added to the index, and how many records that was, when the
    /// plan saves it.
    pub observed: Option<(Vec<u8>, u64)>,
    /// Records whose observed part was loaded rather than observed again.
    pub loaded: u64,
    /// Saved observed parts found missing or damaged, discarded and observed again.
    pub discarded: u64,
    /// The batch held its chunk's last item ([`Batch::ends_chunk`]).
    pub ends_chunk: bool,
}

/// Per-worker state that outlives batches: the corpus index part.
pub struct WorkerState {
    /// This worker's part of the index being observed.
    pub part: Option<AnyIndex>,
}

/// Runs one batch through the plan.
pub fn process(plan: &Plan<'_>, batch: Batch, state: &mut WorkerState) -> Done {
    let Batch {
        seq,
        shard,
        chunk,
        replay,
        items,
        load,
        ends_chunk,
    } = batch;
    let count = items.len() as u64;
    let mut stages = BTreeMap::new();
    let mut done = Done {
        seq,
        shard,
        chunk,
        items: count,
        stages: BTreeMap::new(),
        output: Ok(Output::Replayed),
        observed: None,
        loaded: 0,
        discarded: 0,
        ends_chunk,
    };
    if replay {
        if let (Some(stage), Some(part)) = (plan.observe, state.part.as_mut()) {
            for item in &items {
                if let Item::Live(rec) = item {
                    stage.observe(rec, part);
                }
            }
            if let Some(load) = load {
                match load_observed(stage, &load, part) {
                    Ok(records) => done.loaded = records,
                    Err(_) => {
                        done.discarded = 1;
                        if let Err(e) = observe_spool(stage, &load.spool, part) {
                            done.output = Err(format!("{}: {e}", load.spool.display()));
                        }
                    }
                }
            }
        }
        return done;
    }
    let mut observed = plan.save_observed.then(|| (Vec::new(), 0u64));
    let mut out = Vec::with_capacity(items.len());
    let mut spent = Vec::with_capacity(items.len());
    let read_sizes: Option<Vec<u64>> = plan.spool_read_sizes.then(|| {
        items
            .iter()
            .map(|i| crate::run::cut_size(i.parts().0) as u64)
            .collect()
    });
    for item in items {
        let started = Instant::now();
        let item = match item {
            Item::Live(rec) => run_live(plan, rec, state, &mut stages, observed.as_mut()),
            dropped => dropped,
        };
        spent.push(started.elapsed().as_secs_f64());
        out.push(item);
    }
    let output = match plan.sink {
        Sink::Spool => crate::spool::encode(&out, read_sizes.as_deref())
            .map(Output::Spool)
            .map_err(|e| e.to_string()),
        Sink::Shards(format) => {
            for item in &mut out {
                let (Item::Live(rec) | Item::Dropped(rec, _)) = item;
                ghirbal_io::schema::apply_output_config(rec, plan.output);
            }
            encode_shards(plan, format, &out, &spent)
        }
    };
    Done {
        stages,
        output,
        observed,
        ..done
    }
}

/// Loads a finished chunk's observed part into `part`; the part is untouched on an error.
fn load_observed(
    stage: &dyn DynCorpusStage,
    load: &Load,
    part: &mut AnyIndex,
) -> Result<u64, String> {
    let saved = crate::checkpoint::read_observed(&load.path, &load.expect)?;
    stage.load(&saved, load.expect.records, part)?;
    Ok(load.expect.records)
}

/// Observes the live records of a finished chunk's spool, one at a time.
fn observe_spool(
    stage: &dyn DynCorpusStage,
    path: &std::path::Path,
    part: &mut AnyIndex,
) -> std::io::Result<()> {
    let mut spool = crate::spool::SpoolReader::open(path)?;
    while let Some(item) = spool.next_item() {
        if let Item::Live(rec) = item? {
            stage.observe(&rec, part);
        }
    }
    Ok(())
}

/// Runs the record stages on `rec` in order, counting each stage's records in and out and its
/// seconds in `counts`; the first reject ends it and comes back with the record. A body that no stage turned into text
/// (extract off) becomes the text, marked `metadata.raw_body`. The one place records meet the
/// record stages: the run's workers and the Python package's `Pipeline.process` call it.
pub fn apply_record_stages(
    stages: &[Box<dyn RecordStage>],
    mut rec: Record,
    counts: &mut BTreeMap<String, StageCounts>,
) -> (Record, Option<Reject>) {
    for stage in stages {
        let verdict = timed(counts, stage.name().as_str(), || stage.apply(&mut rec));
        if let Verdict::Reject(reject) = verdict {
            return (rec, Some(reject));
        }
    }
    if let Some(body) = rec.body.take() {
        // No stage turned the raw bytes into text (extract is off): keep them as text rather
        // than lose them, and say so.
        if rec.text.is_empty() && !body.bytes.is_empty() {
            rec.text = String::from_utf8_lossy(&body.bytes).into_owned();
            rec.metadata.insert("raw_body".into(), true.into());
        }
    }
    (rec, None)
}

fn run_live(
    plan: &Plan<'_>,
    rec: Record,
    state: &mut WorkerState,
    stages: &mut BTreeMap<String, StageCounts>,
    observed: Option<&mut (Vec<u8>, u64)>,
) -> Item {
    let mut rec = match apply_record_stages(plan.record, rec, stages) {
        (rec, None) => rec,
        (rec, Some(reject)) => return Item::Dropped(rec, reject),
    };
    for &(label, stage, index) in &plan.decide {
        let verdict = timed(stages, label, || stage.decide(&mut rec, index));
        if let Verdict::Reject(reject) = verdict {
            return Item::Dropped(rec, reject);
        }
    }
    if let (Some(stage), Some(part)) = (plan.observe, state.part.as_mut()) {
        match observed {
            Some((saved, records)) => {
                stage.observe_saving(&rec, part, saved);
                *records += 1;
            }
            None => stage.observe(&rec, part),
        }
    }
    Item::Live(rec)
}

fn timed(
    counts: &mut BTreeMap<String, StageCounts>,
    label: &str,
    f: impl FnOnce() -> Verdict,
) -> Verdict {
    let started = Instant::now();
    let verdict = f();
    let c = entry(counts, label);
    c.input += 1;
    if verdict == Verdict::Keep {
        c.output += 1;
    }
    c.seconds += started.elapsed().as_secs_f64();
    verdict
}

/// `map.entry(key.to_owned()).or_default()` that allocates the key only the first time: it is
/// called per record, where an owned key each time would allocate on the hot path.
fn entry<'m, V: Default>(map: &'m mut BTreeMap<String, V>, key: &str) -> &'m mut V {
    if !map.contains_key(key) {
        map.insert(key.to_owned(), V::default());
    }
    map.get_mut(key).expect("the key was inserted just above")
}

fn encode_shards(
    plan: &Plan<'_>,
    format: OutputFormat,
    items: &[Item],
    spent: &[f64],
) -> Result<Output, String> {
    let mut stats = RunStats::default();
    let mut kept = Vec::new();
    let mut rejects = Vec::new();
    for (item, seconds) in items.iter().zip(spent) {
        let (record, reject) = item.parts();
        let p = record.position;
        let name = plan
            .names
            .get(p.file as usize)
            .map(String::as_str)
            .unwrap_or("?");
        let file = entry(&mut stats.files, name);
        file.count(reject.map(|r| &r.reason));
        file.seconds += seconds;
        file.text_bytes_in += p.size;
        if p.index == 0 {
            file.bytes_in += plan.sizes.get(p.file as usize).copied().unwrap_or(0);
        }
        match reject {
            // Counted above; not a document, so not a row of `rejects/`.
            Some(r) if r.reason.is_skip() => {}
            None => {
                file.bytes_out += record.text.len() as u64;
                kept.push(Row {
                    record,
                    reject: None,
                });
            }
            Some(_) => rejects.push(Row { record, reject }),
        }
    }
    for file in stats.files.values() {
        let mut f = file.clone();
        f.seconds = 0.0;
        stats.total += &f;
    }
    let encode = |rows: &[Row<'_>]| -> Result<Option<(Encoded, u64)>, String> {
        if rows.is_empty() {
            return Ok(None);
        }
        ghirbal_io::encode_fields(format, rows, plan.zstd_level, plan.columns)
            .map(|e| Some((e, rows.len() as u64)))
            .map_err(|e| e.to_string())
    };
    Ok(Output::Shards {
        kept: encode(&kept)?,
        rejects: encode(&rejects)?,
        stats,
    })
}
