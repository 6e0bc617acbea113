//! The run: passes over the input, each with a reader thread, workers and an ordered writer.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Instant, UNIX_EPOCH};

use crossbeam_channel::{Receiver, Sender, bounded};
use ghirbal_core::config::OutputFormat;
use ghirbal_core::{Config, Position, Record, Reject, RunFacts, RunStats, StageCounts, StageName};
use ghirbal_io::{Input, ReadOptions, ShardWriter};

use crate::checkpoint::{self, Checkpoints, ChunkDone, ObservedWriter, PassDone};
use crate::manifest::Manifest;
use crate::out::{Out, output_error};
use crate::progress::Progress;
use crate::spool::{SpoolReader, SpoolWriter};
use crate::stages::{AnyIndex, DynCorpusStage, Stages};
use crate::work::{Batch, Done, Item, Load, Output, Plan, Sink, WorkerState, process};

/// What to run on and where to write.
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// Files and directories to read.
    pub inputs: Vec<PathBuf>,
    /// The output folder.
    pub out: PathBuf,
    /// Continue a killed run: keep the shards its manifest lists as complete.
    pub resume: bool,
}

/// What a finished run reports.
#[derive(Debug, Clone)]
pub struct Summary {
    /// The content of `stats.json`.
    pub stats: RunStats,
    /// The output folder.
    pub out: PathBuf,
    /// Stages that ran, in order.
    pub ran: Vec<StageName>,
    /// Stages switched on but not built in this version.
    pub not_built: Vec<StageName>,
    /// Shards taken over from the interrupted run (with `--resume`).
    pub resumed_shards: usize,
    /// Set when `--resume` found a manifest for other input or config and started over.
    pub restarted: bool,
    /// Wall seconds of this invocation.
    pub seconds: f64,
    /// Where `report.html` was written.
    pub report: PathBuf,
}

/// Why a run could not run at all. Bad records never cause one: they are counted.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RunError {
    /// No input file could be found in the paths given.
    #[error("no input found in {}{}", .paths, .why.as_deref().map(|w| format!(" ({w})")).unwrap_or_default())]
    NoInput {
        /// The paths given, joined.
        paths: String,
        /// What was wrong with them.
        why: Option<String>,
    },
    /// A path given to the run does not exist: nothing is read, so a typo costs nothing.
    #[error("input not found: {path}")]
    MissingInput {
        /// The path as given.
        path: String,
    },
    /// The `[output]` table names a column that does not exist.
    #[error("bad config in [output]: {0}")]
    Config(String),
    /// The `[input]` table names no known shape or a malformed field path.
    #[error("bad config in [input]: {0}")]
    Input(String),
    /// A URL's store cannot be used at all (wrong secret, missing bucket, unknown endpoint).
    #[error("storage: {0}")]
    Storage(String),
    /// The output folder or a file in it could not be written.
    #[error("cannot write output {path}: {message}")]
    Output {
        /// The file or folder.
        path: PathBuf,
        /// What failed.
        message: String,
    },
    /// The caller stopped the run ([`Progress::cancelled`]); completed shards are in the
    /// manifest, so the run can be resumed.
    #[error("interrupted; the completed shards are kept, resume to finish the run")]
    Interrupted,
}

/// Runs the configured stages over the inputs and writes `OUT/kept`, `OUT/rejects` and
/// `OUT/stats.json`.
pub fn run(
    config: &Config,
    stages: &Stages,
    options: &RunOptions,
    progress: &dyn Progress,
) -> Result<Summary, RunError> {
    run_inner(config, stages, options, progress, None, None)
}

/// The inputs a run reads, expanded and checked as [`run`] checks them: the same errors for a
/// store that cannot be used, a path that does not exist, or nothing to read.
pub(crate) fn expand_inputs(inputs: &[PathBuf]) -> Result<ghirbal_io::Expanded, RunError> {
    let expanded = ghirbal_io::expand(inputs);
    if let Some(fatal) = &expanded.fatal {
        return Err(RunError::Storage(fatal.clone()));
    }
    if let Some(p) = expanded
        .problems
        .iter()
        .find(|p| p.reason == ghirbal_core::reason::error::MISSING_PATH)
    {
        return Err(RunError::MissingInput {
            path: p.name.clone(),
        });
    }
    if expanded.inputs.is_empty() {
        let why = expanded
            .problems
            .iter()
            .map(|p| format!("{}: {}", p.name, p.detail))
            .collect::<Vec<_>>()
            .join("; ");
        return Err(RunError::NoInput {
            paths: inputs
                .iter()
                .map(|p| ghirbal_io::storage::display_url(&p.to_string_lossy()))
                .collect::<Vec<_>>()
                .join(", "),
            why: (!why.is_empty()).then_some(why),
        });
    }
    Ok(expanded)
}

/// [`run`], or with `prepared` the rest of a run whose record stages already ran elsewhere,
/// one spool per input file ([`crate::dist`]); with `decided` too, the finished index of
/// every corpus stage (in `stages.corpus` order), built elsewhere: then one pass decides
/// with all of them and writes the shards.
pub(crate) fn run_inner(
    config: &Config,
    stages: &Stages,
    options: &RunOptions,
    progress: &dyn Progress,
    prepared: Option<&crate::dist::Prepared>,
    decided: Option<Vec<AnyIndex>>,
) -> Result<Summary, RunError> {
    let started = Instant::now();
    let fields = ghirbal_io::FieldMap::new(&config.input).map_err(RunError::Input)?;
    let columns =
        ghirbal_io::schema::Fields::from_config(&config.output).map_err(RunError::Config)?;
    let expanded = expand_inputs(&options.inputs)?;
    let read_options = ReadOptions {
        fields,
        ..ReadOptions::from_run(&config.run)
    };
    if prepared.is_none()
        && let Some(line) = ghirbal_io::text_field_notice(&expanded.inputs, &read_options)
    {
        progress.notice(&line);
    }
    let sources = Sources::new(expanded);
    if let Some(p) = prepared {
        p.check(&sources.inputs)?;
    }
    let out = &Out::prepare(&options.out)?;

    let fingerprint = fingerprint(
        config,
        &sources.inputs,
        &sources.versions,
        &sources.problems,
    );
    if let Some(p) = prepared
        && p.fingerprint != fingerprint
    {
        return Err(RunError::Output {
            path: p.folder.clone(),
            message: "the input or config changed since the record stages ran: run again".into(),
        });
    }
    let mut manifest = Manifest {
        fingerprint: fingerprint.clone(),
        ..Manifest::default()
    };
    let mut restarted = false;
    let mut same_run = false;
    if options.resume {
        match out.load_manifest()? {
            Some(m) if m.fingerprint == fingerprint => {
                manifest = m;
                same_run = true;
            }
            Some(_) => restarted = true,
            None => {}
        }
    }
    let resumed_shards = manifest.shards.len();
    let mut checkpoints = if same_run {
        Checkpoints::load(out.spool_dir(), &fingerprint)
    } else {
        Checkpoints::new(out.spool_dir(), &fingerprint)
    };
    out.clear(config.run.format, &manifest.shards, &checkpoints.files())?;
    out.save_manifest(&manifest)?;

    let ctx = Ctx::new(config, columns, &sources, &read_options, progress, None);

    let mut stage_counts: BTreeMap<String, StageCounts> = BTreeMap::new();
    let corpus: Vec<(&str, &dyn DynCorpusStage)> = stages
        .corpus
        .iter()
        .map(|(label, s)| (label.as_str(), s.as_ref()))
        .collect();
    if decided.as_ref().is_some_and(|d| d.len() != corpus.len()) {
        return Err(RunError::Output {
            path: options.out.clone(),
            message: "the corpus stages' indexes do not match the stages".into(),
        });
    }
    let passes = if decided.is_some() {
        1
    } else {
        corpus.len() + 1
    };
    let chunk_records = checkpoint::chunk_records(config.run.batch_records);
    // A resume starts at the last pass before the last that finished (with every pass before
    // it): what came before it is only needed to make that pass's spool, which is there.
    let start = (0..passes - 1)
        .take_while(|p| checkpoints.passes.contains_key(p))
        .last()
        .unwrap_or(0);
    let mut resumed_records = 0u64;
    let mut loaded_index_records = 0u64;
    let mut discarded_index_chunks = 0u64;
    let mut spooled_records = 0u64;
    for p in 0..start {
        let done = &checkpoints.passes[&p];
        for (k, v) in &done.stages {
            *stage_counts.entry(k.clone()).or_default() += v;
        }
        resumed_records += done.items;
        spooled_records = done.items;
    }
    let mut index: Option<AnyIndex> = None;
    for pass in start..passes {
        let last = pass + 1 == passes;
        let plan = Plan {
            record: if pass == 0 && prepared.is_none() {
                &stages.record
            } else {
                &[]
            },
            decide: match (&decided, pass, index.as_ref()) {
                (Some(ixs), _, _) => corpus
                    .iter()
                    .zip(ixs)
                    .map(|(&(label, stage), ix)| (label, stage, ix))
                    .collect(),
                (None, 0, _) | (None, _, None) => Vec::new(),
                (None, p, Some(ix)) => vec![(corpus[p - 1].0, corpus[p - 1].1, ix)],
            },
            observe: match decided {
                Some(_) => None,
                None => corpus.get(pass).map(|c| c.1),
            },
            sink: if last {
                Sink::Shards(config.run.format)
            } else {
                Sink::Spool
            },
            zstd_level: config.run.zstd_level,
            output: &config.output,
            columns: &columns,
            names: &sources.names,
            sizes: &sources.sizes,
            spool_read_sizes: false,
            // What a checkpointed pass observes is saved with each chunk, so a resume loads
            // it rather than observe the chunk again.
            save_observed: !last && corpus.get(pass).is_some_and(|c| c.1.saves()),
        };
        let label = if passes == 1 {
            "run".to_owned()
        } else {
            format!("pass {}/{passes}", pass + 1)
        };
        // A recorded pass whose chunks are all there reads nothing of its source, not even
        // the input it would have to parse to step over them.
        let recorded = checkpoints.passes.get(&pass).filter(|done| {
            checkpoints.chunks_of(pass).len() as u64 == done.items.div_ceil(chunk_records)
        });
        let source = match (recorded, pass, prepared) {
            (Some(done), _, _) => Source::Chunks {
                chunks: done.items.div_ceil(chunk_records),
                items: done.items,
            },
            (None, 0, None) => Source::Inputs,
            (None, 0, Some(p)) => Source::Prepared(p),
            (None, _, _) => Source::Chunks {
                chunks: spooled_records.div_ceil(chunk_records),
                items: spooled_records,
            },
        };
        let skip: BTreeSet<u64> = if last {
            manifest.shards.keys().copied().collect()
        } else {
            BTreeSet::new()
        };
        let done = if last {
            BTreeMap::new()
        } else {
            checkpoints.chunks_of(pass)
        };
        let chunking = Chunking {
            dir: out.spool_dir(),
            pass,
            records: (!last).then_some(chunk_records),
            // Every pass a resume runs feeds the next one, which decides with its index.
            replay: plan.observe.is_some(),
            done,
        };
        let spool = if last {
            SpoolTo::None
        } else {
            SpoolTo::Chunks(&mut checkpoints)
        };
        let result = ctx.pass(
            &label,
            &plan,
            source,
            &skip,
            &chunking,
            spool,
            out,
            &mut manifest,
        )?;
        let mut pass_stages = result.stage_counts;
        for d in chunking.done.values() {
            for (k, v) in &d.stages {
                *pass_stages.entry(k.clone()).or_default() += v;
            }
            resumed_records += d.items;
        }
        loaded_index_records += result.loaded;
        discarded_index_chunks += result.discarded;
        index = result.index;
        if let (Some((label, stage)), Some(ix)) = (corpus.get(pass), index.as_ref()) {
            pass_stages.entry((*label).to_owned()).or_default().index = stage.describe(ix);
        }
        for ((label, stage), ix) in corpus.iter().zip(decided.iter().flatten()) {
            pass_stages.entry((*label).to_owned()).or_default().index = stage.describe(ix);
        }
        if !last {
            checkpoints
                .save_pass(PassDone {
                    fingerprint: fingerprint.clone(),
                    pass,
                    items: result.items,
                    stages: pass_stages.clone(),
                })
                .map_err(|e| output_error(&out.spool_dir(), e))?;
            if pass > 0 {
                checkpoints.remove_chunks(pass - 1);
            }
        }
        for (k, v) in pass_stages {
            *stage_counts.entry(k).or_default() += &v;
        }
        spooled_records = result.items;
    }

    let mut stats = RunStats::default();
    for shard in manifest.shards.values() {
        stats += shard;
    }
    for name in &stages.not_built {
        stats.stages.insert(
            name.as_str().to_owned(),
            StageCounts {
                built: false,
                ..StageCounts::default()
            },
        );
    }
    stats.stages.extend(stage_counts);
    let mut retries = ctx.retries.lock().map(|r| r.clone()).unwrap_or_default();
    if let Some(p) = prepared {
        for done in p.live() {
            for (k, v) in &done.stages {
                *stats.stages.entry(k.clone()).or_default() += v;
            }
            if done.retries > 0 {
                *retries.entry(done.file).or_default() += done.retries;
            }
        }
    }
    for (file, n) in retries {
        if let Some(name) = sources.names.get(file) {
            stats.files.entry(name.clone()).or_default().retries += n;
            stats.total.retries += n;
        }
    }
    let seconds = prepared.map_or(0.0, |p| p.seconds_since_start());
    stats.total.seconds = started.elapsed().as_secs_f64().max(seconds);
    stats.run = Some(RunFacts {
        preset: config.preset.clone(),
        threads: ctx.threads,
        passes,
        resumed_shards,
        resumed_records,
        loaded_index_records,
        discarded_index_chunks,
        peak_rss_bytes: ghirbal_core::stats::peak_rss_bytes(),
        memory_bound_bytes: memory_bound(config, ctx.queue, ctx.threads),
    });
    // The report reads the finished shards back, from the folder or the store they were
    // written to, and adds the token counts to the stats.
    let report = ghirbal_report::write_report(&out.place(), &mut stats)
        .map_err(|e| output_error(&out.shown().join("report.html"), e))?
        .path;
    out.write_stats(&stats)?;
    out.write_file("README.md", dataset_card(config, &stats).as_bytes())?;
    // The run is complete: its checkpoints are of no more use.
    checkpoints.remove_all();

    Ok(Summary {
        stats,
        out: out.shown(),
        ran: stages.names(),
        not_built: stages.not_built.clone(),
        resumed_shards,
        restarted,
        seconds: started.elapsed().as_secs_f64().max(seconds),
        report,
    })
}

/// `OUT/README.md`, the dataset card: the declared schema for loaders, the counts and the
/// config for a person. It holds nothing that depends on threads or timing, so it is as
/// deterministic as the shards.
fn dataset_card(config: &Config, stats: &RunStats) -> String {
    let mut c = config.clone();
    c.run.threads = 0;
    c.run.queue_batches = 0;
    ghirbal_io::card::dataset_card(&ghirbal_io::card::CardFacts {
        format: config.run.format,
        fields: ghirbal_io::schema::Fields::from_config(&config.output).unwrap_or_default(),
        stats,
        config_toml: &c.to_toml(),
        version: env!("CARGO_PKG_VERSION"),
    })
}

/// The run's input files, numbered: readable inputs first, then paths that yielded nothing.
pub(crate) struct Sources {
    pub(crate) inputs: Vec<Input>,
    pub(crate) versions: BTreeMap<String, String>,
    pub(crate) problems: Vec<ghirbal_io::InputProblem>,
    pub(crate) names: Vec<String>,
    pub(crate) sizes: Vec<u64>,
}

impl Sources {
    pub(crate) fn new(expanded: ghirbal_io::Expanded) -> Sources {
        let mut names: Vec<String> = expanded.inputs.iter().map(|i| i.name.clone()).collect();
        let mut sizes: Vec<u64> = expanded.inputs.iter().map(|i| i.size).collect();
        names.extend(expanded.problems.iter().map(|p| p.name.clone()));
        sizes.extend(expanded.problems.iter().map(|_| 0));
        Sources {
            versions: expanded.versions,
            inputs: expanded.inputs,
            problems: expanded.problems,
            names,
            sizes,
        }
    }

    fn total_bytes(&self) -> u64 {
        self.inputs.iter().map(|i| i.size).sum()
    }
}

/// The bound on memory held by records in flight: every batch between reader and writer (the
/// token count) at up to `batch_bytes` of text, counted four times over (the record, its edited
/// copy, its encoded row, compression buffers), plus one oversized record per thread, plus
/// the Parquet writers' row groups.
pub(crate) fn memory_bound(config: &Config, queue: usize, threads: usize) -> u64 {
    let run = &config.run;
    let batch = run.batch_bytes as u64;
    // Parquet output buffers up to one 32 MiB row group per open file (kept and rejects).
    let row_groups = match run.format {
        OutputFormat::Parquet => 2 * (32 << 20),
        OutputFormat::Jsonl => 0,
    };
    4 * queue as u64 * batch + (threads as u64 + 1) * run.max_record_bytes as u64 + row_groups
}

/// Hash of what decides the output: the config less `threads`, and the inputs as found (a
/// local file by size and modification time, an object by the size and ETag its store
/// reports).
pub(crate) fn fingerprint(
    config: &Config,
    inputs: &[Input],
    versions: &BTreeMap<String, String>,
    problems: &[ghirbal_io::InputProblem],
) -> String {
    let mut c = config.clone();
    c.run.threads = 0;
    c.run.queue_batches = 0;
    let mut text = c.to_toml();
    for input in inputs {
        let version = match versions.get(&input.name) {
            Some(etag) => etag.clone(),
            None => fs::metadata(&input.path)
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos())
                .to_string(),
        };
        text.push_str(&format!("\n{}\t{}\t{version}", input.name, input.size));
    }
    for p in problems {
        text.push_str(&format!("\n{}\t{}", p.name, p.reason));
    }
    format!("{:032x}", xxhash_rust::xxh3::xxh3_128(text.as_bytes()))
}

/// What a pass reads.
pub(crate) enum Source<'p> {
    /// The input files.
    Inputs,
    /// The previous pass's spool: its `chunks` chunk files, `items` items in all.
    Chunks { chunks: u64, items: u64 },
    /// One spool per input file, written by [`crate::dist::run_input`].
    Prepared(&'p crate::dist::Prepared),
}

/// How a pass cuts its work into checkpoint chunks ([`crate::checkpoint`]).
pub(crate) struct Chunking {
    /// The spool folder (the previous pass's chunks are read from there).
    pub(crate) dir: PathBuf,
    /// This pass, from 0.
    pub(crate) pass: usize,
    /// Records per chunk, in a pass that spools to chunks; `None` cuts batches as ever.
    pub(crate) records: Option<u64>,
    /// This pass's chunks finished before an interruption: not read nor processed again.
    pub(crate) done: BTreeMap<u64, ChunkDone>,
    /// Read the finished chunks back to observe them (the pass builds an index).
    pub(crate) replay: bool,
}

impl Chunking {
    /// No chunks: one spool file or the shards, every record processed.
    pub(crate) fn none() -> Chunking {
        Chunking {
            dir: PathBuf::new(),
            pass: 0,
            records: None,
            done: BTreeMap::new(),
            replay: false,
        }
    }
}

/// Where a pass's spool goes.
pub(crate) enum SpoolTo<'c> {
    /// Nowhere: the pass writes the shards.
    None,
    /// One file, without checkpoints (a distributed task's spool).
    File(&'c Path),
    /// Checkpointed chunk files, recorded as each completes.
    Chunks(&'c mut Checkpoints),
}

/// The spool chunk being written and what its batches counted.
struct OpenChunk {
    chunk: u64,
    writer: SpoolWriter,
    tmp: PathBuf,
    items: u64,
    stages: BTreeMap<String, StageCounts>,
    /// What the chunk's records added to the index, when the pass saves it.
    observed: Option<ObservedWriter>,
}

impl OpenChunk {
    /// Syncs and renames the chunk's spool, then records it: `end` is one past its last
    /// ordinal.
    fn complete(
        self,
        end: u64,
        pass: usize,
        checkpoints: &mut Checkpoints,
    ) -> Result<(), RunError> {
        let path = checkpoints.spool_path(pass, self.chunk);
        self.writer
            .finish()
            .and_then(|()| fs::rename(&self.tmp, &path))
            .map_err(|e| output_error(&path, e))?;
        let observed = match self.observed {
            Some(w) => Some(
                w.finish()
                    .map_err(|e| output_error(&checkpoints.observed_path(pass, self.chunk), e))?,
            ),
            None => None,
        };
        let done = ChunkDone {
            fingerprint: checkpoints.fingerprint.clone(),
            pass,
            chunk: self.chunk,
            end,
            items: self.items,
            stages: self.stages,
            observed,
        };
        checkpoints
            .save_chunk(done)
            .map_err(|e| output_error(&path, e))
    }
}

/// What the writer hands back: the pass's counts and the chunk still open, which is complete
/// only once the reader is known to have read everything.
struct Written {
    stages: BTreeMap<String, StageCounts>,
    open: Option<OpenChunk>,
    loaded: u64,
    discarded: u64,
}

pub(crate) struct PassResult {
    pub(crate) index: Option<AnyIndex>,
    pub(crate) stage_counts: BTreeMap<String, StageCounts>,
    pub(crate) items: u64,
    /// Records whose observed part was loaded from a checkpoint.
    pub(crate) loaded: u64,
    /// Checkpointed observed parts discarded as missing or damaged (observed again).
    pub(crate) discarded: u64,
}

pub(crate) struct Ctx<'a> {
    pub(crate) config: &'a Config,
    /// The output columns (`[output] fields`).
    pub(crate) columns: ghirbal_io::schema::Fields,
    pub(crate) threads: usize,
    pub(crate) queue: usize,
    pub(crate) sources: &'a Sources,
    pub(crate) read_options: &'a ReadOptions,
    pub(crate) progress: &'a dyn Progress,
    /// Re-opened streams per input file number (remote inputs), from the reading pass.
    pub(crate) retries: std::sync::Mutex<BTreeMap<usize, u64>>,
    /// Read only this part of the input ([`crate::dist`]).
    pub(crate) split: Option<crate::dist::Split>,
    /// What the reader of a byte-range or row-group part spanned
    /// ([`ghirbal_io::split::PartReader::decoded`]), the on-disk bytes read, and whether
    /// the part met damage that ends the file
    /// ([`ghirbal_io::split::PartReader::ended_early`]).
    pub(crate) part_read: std::sync::Mutex<(u64, u64, bool)>,
}

impl<'a> Ctx<'a> {
    /// The context of a run's passes: `[run] threads` (0: every core) and `queue_batches`
    /// (0: two per thread and two more) resolved, no retries yet.
    pub(crate) fn new(
        config: &'a Config,
        columns: ghirbal_io::schema::Fields,
        sources: &'a Sources,
        read_options: &'a ReadOptions,
        progress: &'a dyn Progress,
        split: Option<crate::dist::Split>,
    ) -> Ctx<'a> {
        let threads = match config.run.threads {
            0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
            n => n,
        };
        Ctx {
            config,
            columns,
            threads,
            queue: match config.run.queue_batches {
                0 => 2 * threads + 2,
                n => n,
            },
            sources,
            read_options,
            progress,
            retries: std::sync::Mutex::new(BTreeMap::new()),
            split,
            part_read: std::sync::Mutex::new((0, 0, false)),
        }
    }

    #[allow(clippy::too_many_arguments)]
    pub(crate) fn pass(
        &self,
        label: &str,
        plan: &Plan<'_>,
        source: Source<'_>,
        skip: &BTreeSet<u64>,
        chunking: &Chunking,
        mut spool: SpoolTo<'_>,
        out: &Out,
        manifest: &mut Manifest,
    ) -> Result<PassResult, RunError> {
        let (work_tx, work_rx) = bounded::<Batch>(self.queue);
        let (done_tx, done_rx) = bounded::<Done>(self.queue);
        let (token_tx, token_rx) = bounded::<()>(self.queue);
        for _ in 0..self.queue {
            token_tx
                .send(())
                .expect("the token channel holds `queue` tokens");
        }
        let mut file = match (plan.sink, &spool) {
            (Sink::Spool, SpoolTo::File(path)) => {
                Some(SpoolWriter::create(path).map_err(|e| output_error(path, e))?)
            }
            _ => None,
        };

        let result = std::thread::scope(|scope| {
            let reader =
                scope.spawn(|| self.read(source, skip, chunking, work_tx, token_rx, label));
            let mut workers = Vec::new();
            for _ in 0..self.threads {
                let rx = work_rx.clone();
                let tx = done_tx.clone();
                workers.push(scope.spawn(move || {
                    let mut state = WorkerState {
                        part: plan.observe.map(|s| s.new_part()),
                    };
                    for batch in rx {
                        if tx.send(process(plan, batch, &mut state)).is_err() {
                            break;
                        }
                    }
                    state
                }));
            }
            drop(work_rx);
            drop(done_tx);

            let written = self.write(
                plan.sink,
                done_rx,
                token_tx,
                file.as_mut(),
                &mut spool,
                chunking,
                out,
                manifest,
            );
            let read = reader.join().expect("the reader thread does not panic");
            let mut parts = Vec::new();
            for w in workers {
                let state = w.join().expect("worker threads do not panic");
                parts.extend(state.part);
            }
            let written = written?;
            let items = read?;
            Ok((written, items, parts))
        });
        let (written, items, parts) = result?;
        if let (Some(open), SpoolTo::Chunks(checkpoints)) = (written.open, &mut spool) {
            open.complete(items, chunking.pass, checkpoints)?;
        }
        if let (Some(f), SpoolTo::File(path)) = (file, &spool) {
            f.finish().map_err(|e| output_error(path, e))?;
        }
        let index = plan.observe.map(|s| s.finish(parts));
        Ok(PassResult {
            index,
            stage_counts: written.stages,
            items,
            loaded: written.loaded,
            discarded: written.discarded,
        })
    }

    /// The reader thread: cuts the source into batches; returns how many items it read.
    fn read(
        &self,
        source: Source<'_>,
        skip: &BTreeSet<u64>,
        chunking: &Chunking,
        work: Sender<Batch>,
        tokens: Receiver<()>,
        label: &str,
    ) -> Result<u64, RunError> {
        let mut cutter = Cutter::new(&self.config.run, skip, chunking, work, tokens);
        match source {
            Source::Inputs => {
                self.progress.begin(label, self.sources.total_bytes(), 0);
                for (file, input) in self.sources.inputs.iter().enumerate() {
                    // Only a part read on its own renumbers its made ids later.
                    let numbered = matches!(self.split, Some(crate::dist::Split::Part(_)));
                    let mut part_reader = match &self.split {
                        Some(crate::dist::Split::Part(part)) => {
                            Some(ghirbal_io::split::open_part(input, self.read_options, part))
                        }
                        _ => None,
                    };
                    let mut whole = None;
                    let reader: &mut dyn ghirbal_io::RecordReader = match part_reader.as_mut() {
                        Some(r) => r,
                        None => whole
                            .insert(ghirbal_io::open(input, self.read_options))
                            .as_mut(),
                    };
                    let mut seen = 0u64;
                    loop {
                        // The records of a chunk finished before are stepped over unparsed
                        // where the reader can (a whole run's input is read, not a part).
                        let ahead = match self.split {
                            None => cutter.finished_ahead(),
                            Some(_) => 0,
                        };
                        if ahead > 0 {
                            let stepped = reader.skip_items(ahead);
                            cutter.stepped_over(stepped);
                            let now = reader.bytes_read();
                            self.progress.advance(now.saturating_sub(seen), stepped);
                            seen = now;
                            if stepped < ahead {
                                break;
                            }
                            continue;
                        }
                        let Some(item) = reader.next_item() else {
                            break;
                        };
                        let item = match item {
                            Ok(mut rec) => {
                                ghirbal_io::schema::drop_duplicate_fields(&mut rec);
                                rec.position.numbered_id &= numbered;
                                Item::Live(rec)
                            }
                            Err(e) => {
                                let mut rec = error_record(input, e.index, e.offset);
                                rec.position.index = e.index;
                                rec.position.offset = e.offset;
                                rec.position.numbered_id = numbered;
                                Item::Dropped(rec, Reject::new(e.reason, e.detail))
                            }
                        };
                        let index = item.parts().0.position.index;
                        let mine = match &self.split {
                            Some(crate::dist::Split::Blocks { part, parts, block }) => {
                                crate::dist::part_of(index, *parts, *block) == *part
                            }
                            _ => true,
                        };
                        if mine {
                            cutter.push(file as u32, item);
                        }
                        let now = reader.bytes_read();
                        self.progress.advance(now.saturating_sub(seen), 1);
                        seen = now;
                        if self.progress.cancelled() {
                            cutter.stopped = true;
                        }
                        if cutter.stopped {
                            break;
                        }
                    }
                    if reader.retries() > 0
                        && let Ok(mut r) = self.retries.lock()
                    {
                        r.insert(file, reader.retries());
                    }
                    let bytes = reader.bytes_read();
                    if let Ok(mut read) = self.part_read.lock() {
                        let decoded = part_reader.as_ref().map_or(0, |r| r.decoded());
                        let early = part_reader.as_ref().is_some_and(|r| r.ended_early());
                        *read = (decoded, read.1 + bytes, early);
                    }
                    if cutter.stopped {
                        break;
                    }
                }
                self.push_problems(&mut cutter);
            }
            Source::Prepared(prepared) => {
                self.progress.begin(label, 0, prepared.records());
                'files: for (file, parts) in prepared.by_file().into_iter().enumerate() {
                    let prefix = self.sources.inputs.get(file).map_or("", |i| &i.relative);
                    let mut spools =
                        crate::dist::FileSpools::open(&prepared.folder, &parts, prefix)?;
                    while let Some(next) = spools.next_item()? {
                        let (item, read_size) = next;
                        // The spool numbered its records from 0 within the part: the cutter
                        // gives them their file number and run ordinal, as the reader would,
                        // and cuts batches by their size as read.
                        cutter.push_sized(file as u32, item, read_size.map(|s| s as usize));
                        self.progress.advance(0, 1);
                        if self.progress.cancelled() {
                            cutter.stopped = true;
                        }
                        if cutter.stopped {
                            break 'files;
                        }
                    }
                }
                self.push_problems(&mut cutter);
            }
            Source::Chunks { chunks, items } => {
                self.progress.begin(label, 0, items);
                'chunks: for chunk in 0..chunks {
                    if let Some(done) = chunking.done.get(&chunk) {
                        cutter.pass_done(chunk, done.end);
                        self.progress.advance(0, done.items);
                        if cutter.stopped {
                            break;
                        }
                        continue;
                    }
                    let path = chunking
                        .dir
                        .join(checkpoint::spool_name(chunking.pass - 1, chunk));
                    let mut spool = SpoolReader::open(&path).map_err(|e| output_error(&path, e))?;
                    while let Some(item) = spool.next_item() {
                        let item = item.map_err(|e| output_error(&path, e))?;
                        cutter.push_positioned(item);
                        self.progress.advance(0, 1);
                        if self.progress.cancelled() {
                            cutter.stopped = true;
                        }
                        if cutter.stopped {
                            break 'chunks;
                        }
                    }
                }
            }
        }
        cutter.flush();
        self.progress.end();
        match cutter.error {
            Some(e) => Err(e),
            None => Ok(cutter.ordinal),
        }
    }

    /// The records that stand for paths that yielded no input, after every input's records.
    fn push_problems(&self, cutter: &mut Cutter<'_>) {
        let first = self.sources.inputs.len();
        for (i, p) in self.sources.problems.iter().enumerate() {
            let rec = error_record(&Input::file(&p.name), 0, 0);
            let item = Item::Dropped(rec, Reject::new(p.reason.clone(), p.detail.clone()));
            cutter.push((first + i) as u32, item);
        }
    }

    /// The writer: restores batch order and writes to the spool (one file, or chunk files,
    /// each recorded once the batches of a later chunk arrive) or the shards.
    #[allow(clippy::too_many_arguments)]
    fn write(
        &self,
        sink: Sink,
        done: Receiver<Done>,
        tokens: Sender<()>,
        mut file: Option<&mut SpoolWriter>,
        spool: &mut SpoolTo<'_>,
        chunking: &Chunking,
        out: &Out,
        manifest: &mut Manifest,
    ) -> Result<Written, RunError> {
        let mut waiting: BTreeMap<u64, Done> = BTreeMap::new();
        let mut next = 0u64;
        let mut shard: Option<OpenShard> = None;
        let mut stages: BTreeMap<String, StageCounts> = BTreeMap::new();
        let mut open: Option<OpenChunk> = None;
        let (mut loaded, mut discarded) = (0u64, 0u64);
        for d in done {
            waiting.insert(d.seq, d);
            while let Some(d) = waiting.remove(&next) {
                next += 1;
                let _ = tokens.send(());
                if let SpoolTo::Chunks(checkpoints) = spool
                    && open.as_ref().is_some_and(|o| o.chunk != d.chunk)
                    && let (Some(o), Some(records)) = (open.take(), chunking.records)
                {
                    // Batches come in order and never span chunks: the open chunk is whole.
                    let end = (o.chunk + 1) * records;
                    o.complete(end, chunking.pass, checkpoints)?;
                }
                for (k, v) in &d.stages {
                    *stages.entry(k.clone()).or_default() += v;
                }
                loaded += d.loaded;
                discarded += d.discarded;
                let observed = d.observed;
                let output = d.output.map_err(|e| output_error(&out.shown(), e))?;
                match (output, sink) {
                    (Output::Replayed, _) => {}
                    (Output::Spool(frame), _) => {
                        if let Some(s) = file.as_deref_mut() {
                            s.write(&frame)
                                .map_err(|e| output_error(&out.spool_dir(), e))?;
                        } else if let SpoolTo::Chunks(checkpoints) = spool {
                            if open.is_none() {
                                let path = checkpoints.spool_path(chunking.pass, d.chunk);
                                let tmp = path.with_extension("zst.tmp");
                                let saving = match observed {
                                    Some(_) => Some(
                                        ObservedWriter::create(
                                            &checkpoints.dir,
                                            chunking.pass,
                                            d.chunk,
                                        )
                                        .map_err(|e| output_error(&checkpoints.dir, e))?,
                                    ),
                                    None => None,
                                };
                                open = Some(OpenChunk {
                                    chunk: d.chunk,
                                    writer: SpoolWriter::create(&tmp)
                                        .map_err(|e| output_error(&tmp, e))?,
                                    tmp,
                                    items: 0,
                                    stages: BTreeMap::new(),
                                    observed: saving,
                                });
                            }
                            let o = open.as_mut().expect("a chunk was opened just above");
                            o.writer
                                .write(&frame)
                                .map_err(|e| output_error(&o.tmp, e))?;
                            if let (Some(w), Some((saved, records))) =
                                (o.observed.as_mut(), observed)
                            {
                                w.write(&saved, records)
                                    .map_err(|e| output_error(&o.tmp, e))?;
                            }
                            o.items += d.items;
                            for (k, v) in d.stages {
                                *o.stages.entry(k).or_default() += &v;
                            }
                            if d.ends_chunk
                                && let Some(records) = chunking.records
                                && let Some(o) = open.take()
                            {
                                // The chunk's last item is written: it is whole now.
                                let end = (o.chunk + 1) * records;
                                o.complete(end, chunking.pass, checkpoints)?;
                            }
                        }
                    }
                    (
                        Output::Shards {
                            kept,
                            rejects,
                            stats,
                        },
                        Sink::Shards(format),
                    ) => {
                        if shard.as_ref().is_some_and(|s| s.n != d.shard)
                            && let Some(s) = shard.take()
                        {
                            s.finish(out, manifest)?;
                        }
                        if shard.is_none() {
                            shard = Some(OpenShard::create(out, d.shard, format, &self.columns)?);
                        }
                        let s = shard.as_mut().expect("a shard was opened just above");
                        s.append(kept, rejects, &stats)?;
                    }
                    (Output::Shards { .. }, Sink::Spool) => {
                        unreachable!("workers encode for the pass's sink")
                    }
                }
            }
        }
        if self.progress.cancelled() {
            // The open shard or chunk may lack records the reader never sent: it stays a
            // `.tmp` file, out of the manifest and the checkpoints, and `--resume` redoes it.
            return Err(RunError::Interrupted);
        }
        if let Some(s) = shard.take() {
            s.finish(out, manifest)?;
        }
        Ok(Written {
            stages,
            open,
            loaded,
            discarded,
        })
    }
}

/// The record that stands for input that could not be read: its id is `file:record` as a
/// reader gives it, `metadata.input_file` the input's name.
fn error_record(input: &Input, index: u64, offset: u64) -> Record {
    let mut rec = Record::new(format!("{}:{index}", input.relative), "");
    rec.metadata
        .insert("input_file".into(), input.name.clone().into());
    rec.metadata.insert("input_offset".into(), offset.into());
    rec
}

/// A spool being merged: its path, its reader and the item read ahead.
pub(crate) type Peeked = (PathBuf, SpoolReader, Option<(Item, Option<u64>)>);

/// The item of smallest input index among the spools' next items.
pub(crate) fn next_by_index(
    spools: &mut [Peeked],
) -> Result<Option<(Item, Option<u64>)>, RunError> {
    let mut best: Option<(usize, u64)> = None;
    for (i, (path, spool, ahead)) in spools.iter_mut().enumerate() {
        if ahead.is_none() {
            *ahead = spool
                .next_sized()
                .transpose()
                .map_err(|e| output_error(path, e))?;
        }
        if let Some((item, _)) = ahead.as_ref() {
            let index = item.parts().0.position.index;
            if best.is_none_or(|(_, b)| index < b) {
                best = Some((i, index));
            }
        }
    }
    Ok(best.and_then(|(i, _)| spools[i].2.take()))
}

/// The bytes a record counts for when batches are cut: its text and its raw body.
pub(crate) fn cut_size(rec: &Record) -> usize {
    rec.text.len() + rec.body.as_ref().map_or(0, |b| b.bytes.len())
}

/// Cuts items into batches: never across a shard or checkpoint chunk boundary, at most
/// `batch_records` items and about `batch_bytes` of text. Items of a chunk finished before
/// are dropped, and the chunk's spool is read back in their place when the pass replays.
struct Cutter<'a> {
    run: &'a ghirbal_core::RunConfig,
    skip: &'a BTreeSet<u64>,
    chunking: &'a Chunking,
    work: Sender<Batch>,
    tokens: Receiver<()>,
    batch: Vec<Item>,
    batch_bytes: usize,
    shard: u64,
    chunk: Option<u64>,
    /// The batch being cut holds replayed items.
    replaying: bool,
    seq: u64,
    ordinal: u64,
    stopped: bool,
    /// Why the cutting stopped, when a finished chunk could not be read back.
    error: Option<RunError>,
}

impl<'a> Cutter<'a> {
    /// A cutter at the start of the run, sending its batches to `work` as `tokens` allow.
    fn new(
        run: &'a ghirbal_core::RunConfig,
        skip: &'a BTreeSet<u64>,
        chunking: &'a Chunking,
        work: Sender<Batch>,
        tokens: Receiver<()>,
    ) -> Self {
        Cutter {
            run,
            skip,
            chunking,
            work,
            tokens,
            batch: Vec::new(),
            batch_bytes: 0,
            shard: 0,
            chunk: None,
            replaying: false,
            seq: 0,
            ordinal: 0,
            stopped: false,
            error: None,
        }
    }

    fn push(&mut self, file: u32, item: Item) {
        self.push_sized(file, item, None);
    }

    /// [`Cutter::push`], counting `size` bytes for the item (its size as read) when given.
    fn push_sized(&mut self, file: u32, mut item: Item, size: Option<usize>) {
        let rec = match &mut item {
            Item::Live(r) | Item::Dropped(r, _) => r,
        };
        let read = size.unwrap_or_else(|| cut_size(rec)) as u64;
        rec.position = Position {
            file,
            ordinal: self.ordinal,
            size: read,
            ..rec.position
        };
        self.push_at(item, size);
    }

    fn push_positioned(&mut self, item: Item) {
        self.push_at(item, None);
    }

    fn push_at(&mut self, item: Item, size: Option<usize>) {
        let (rec, _) = item.parts();
        let ordinal = rec.position.ordinal;
        self.ordinal = ordinal + 1;
        let shard = ordinal / self.run.shard_records.max(1);
        let chunk = self.chunking.records.map_or(0, |n| ordinal / n);
        if shard != self.shard || self.chunk != Some(chunk) {
            self.flush();
            self.shard = shard;
            if self.chunk != Some(chunk) {
                self.chunk = Some(chunk);
                if self.chunking.done.contains_key(&chunk) {
                    self.replay(chunk);
                }
            }
        }
        if self.skip.contains(&shard) || self.chunking.done.contains_key(&chunk) {
            return;
        }
        // Ordinals only grow, so nothing of the chunk comes after its last ordinal.
        let ends_chunk = self
            .chunking
            .records
            .is_some_and(|n| (ordinal + 1) % n == 0);
        self.add(item, size, ends_chunk);
    }

    /// Appends an item to the batch, cutting it when full or when the item ends its chunk.
    fn add(&mut self, item: Item, size: Option<usize>, ends_chunk: bool) {
        let size = size.unwrap_or_else(|| cut_size(item.parts().0));
        self.batch.push(item);
        self.batch_bytes += size;
        if ends_chunk
            || self.batch.len() >= self.run.batch_records.max(1)
            || self.batch_bytes >= self.run.batch_bytes
        {
            self.flush_ending(ends_chunk);
        }
    }

    /// How many items from the next ordinal on belong to a chunk finished before: the reader
    /// may step over them rather than read them ([`Cutter::stepped_over`]). Enters that
    /// chunk as [`Cutter::push`] would on its first item (its replay is sent).
    fn finished_ahead(&mut self) -> u64 {
        let Some(records) = self.chunking.records else {
            return 0;
        };
        let chunk = self.ordinal / records;
        if self.stopped || !self.chunking.done.contains_key(&chunk) {
            return 0;
        }
        if self.chunk != Some(chunk) {
            self.flush();
            self.shard = self.ordinal / self.run.shard_records.max(1);
            self.chunk = Some(chunk);
            self.replay(chunk);
        }
        (chunk + 1) * records - self.ordinal
    }

    /// Counts `items` items the reader stepped over, all of the finished chunk
    /// [`Cutter::finished_ahead`] entered.
    fn stepped_over(&mut self, items: u64) {
        self.ordinal += items;
    }

    /// Steps over chunk `chunk`, finished before (its items end at ordinal `end`), without
    /// reading its source.
    fn pass_done(&mut self, chunk: u64, end: u64) {
        self.flush();
        self.chunk = Some(chunk);
        self.replay(chunk);
        self.ordinal = end;
    }

    /// Sends finished chunk `chunk` to be observed: its saved observed part to load when
    /// there is one, else its items, read back from its spool.
    fn replay(&mut self, chunk: u64) {
        if !self.chunking.replay || self.stopped {
            return;
        }
        let chunking = self.chunking;
        let path = chunking
            .dir
            .join(checkpoint::spool_name(chunking.pass, chunk));
        if let Some(expect) = chunking.done.get(&chunk).and_then(|d| d.observed.clone()) {
            self.flush();
            let load = Load {
                path: chunking
                    .dir
                    .join(checkpoint::observed_name(chunking.pass, chunk)),
                expect,
                spool: path,
            };
            self.send(Vec::new(), true, Some(load));
            return;
        }
        self.replaying = true;
        match SpoolReader::open(&path) {
            Ok(mut spool) => {
                while let Some(item) = spool.next_item() {
                    match item {
                        Ok(item) => self.add(item, None, false),
                        Err(e) => {
                            self.fail(output_error(&path, e));
                            break;
                        }
                    }
                    if self.stopped {
                        break;
                    }
                }
            }
            Err(e) => self.fail(output_error(&path, e)),
        }
        self.flush();
        self.replaying = false;
    }

    fn fail(&mut self, e: RunError) {
        self.error.get_or_insert(e);
        self.stopped = true;
    }

    fn flush(&mut self) {
        self.flush_ending(false);
    }

    /// Sends the batch being cut; `ends_chunk` when it holds its chunk's last item.
    fn flush_ending(&mut self, ends_chunk: bool) {
        if self.batch.is_empty() || self.stopped {
            self.batch.clear();
            return;
        }
        let items = std::mem::take(&mut self.batch);
        self.batch_bytes = 0;
        self.send_ending(items, self.replaying, None, ends_chunk);
    }

    /// Sends the next batch to the workers.
    fn send(&mut self, items: Vec<Item>, replay: bool, load: Option<Load>) {
        self.send_ending(items, replay, load, false);
    }

    fn send_ending(
        &mut self,
        items: Vec<Item>,
        replay: bool,
        load: Option<Load>,
        ends_chunk: bool,
    ) {
        if self.stopped {
            return;
        }
        let batch = Batch {
            seq: self.seq,
            shard: self.shard,
            chunk: self.chunk.unwrap_or(0),
            replay,
            items,
            load,
            ends_chunk,
        };
        self.seq += 1;
        // A token per batch in flight bounds memory; no token means the writer stopped.
        if self.tokens.recv().is_err() || self.work.send(batch).is_err() {
            self.stopped = true;
        }
    }
}

/// The kept and rejects files of the shard being written, and its counts so far.
struct OpenShard {
    n: u64,
    kept: ShardWriter,
    rejects: ShardWriter,
    stats: RunStats,
}

impl OpenShard {
    fn create(
        out: &Out,
        n: u64,
        format: OutputFormat,
        columns: &ghirbal_io::schema::Fields,
    ) -> Result<OpenShard, RunError> {
        Ok(OpenShard {
            n,
            kept: out.shard("kept", n, format, columns)?,
            rejects: out.shard("rejects", n, format, columns)?,
            stats: RunStats::default(),
        })
    }

    fn append(
        &mut self,
        kept: Option<(ghirbal_io::Encoded, u64)>,
        rejects: Option<(ghirbal_io::Encoded, u64)>,
        stats: &RunStats,
    ) -> Result<(), RunError> {
        if let Some((e, rows)) = kept {
            self.kept
                .write(e, rows)
                .map_err(|e| output_error(Path::new("kept"), e))?;
        }
        if let Some((e, rows)) = rejects {
            self.rejects
                .write(e, rows)
                .map_err(|e| output_error(Path::new("rejects"), e))?;
        }
        self.stats += stats;
        Ok(())
    }

    /// Closes both files (renaming them into place), then records the shard in the manifest.
    fn finish(self, out: &Out, manifest: &mut Manifest) -> Result<(), RunError> {
        let kept = self
            .kept
            .finish()
            .map_err(|e| output_error(&out.shown().join("kept"), e))?;
        let rejects = self
            .rejects
            .finish()
            .map_err(|e| output_error(&out.shown().join("rejects"), e))?;
        let mut stats = self.stats;
        stats.total.bytes_out = stats.files.values().map(|f| f.bytes_out).sum();
        let _ = (kept, rejects);
        manifest.shards.insert(self.n, stats);
        out.save_manifest(manifest)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The batches a cutter sends for `n` live items, as (ordinals, ends_chunk).
    fn cut(n: u64, batch_records: usize, chunk_records: u64) -> Vec<(Vec<u64>, bool)> {
        let run = ghirbal_core::RunConfig {
            batch_records,
            ..Default::default()
        };
        let chunking = Chunking {
            records: Some(chunk_records),
            ..Chunking::none()
        };
        let skip = BTreeSet::new();
        let (work, batches) = crossbeam_channel::unbounded();
        let (token_tx, tokens) = crossbeam_channel::unbounded();
        for _ in 0..n + 1 {
            token_tx.send(()).unwrap();
        }
        let mut cutter = Cutter::new(&run, &skip, &chunking, work, tokens);
        for i in 0..n {
            cutter.push(0, Item::Live(Record::new(format!("r{i}"), "text")));
        }
        cutter.flush();
        drop(cutter);
        batches
            .iter()
            .map(|b| {
                let ordinals = b.items.iter().map(|i| i.parts().0.position.ordinal);
                (ordinals.collect(), b.ends_chunk)
            })
            .collect()
    }

    #[test]
    fn the_batch_with_a_chunks_last_item_is_marked_as_ending_it() {
        assert_eq!(
            cut(10, 3, 4),
            vec![
                (vec![0, 1, 2], false),
                (vec![3], true),
                (vec![4, 5, 6], false),
                (vec![7], true),
                (vec![8, 9], false),
            ]
        );
        // A batch filled by the chunk's last item carries the mark; no empty batch follows.
        assert_eq!(
            cut(6, 3, 3),
            vec![(vec![0, 1, 2], true), (vec![3, 4, 5], true)]
        );
    }
}
