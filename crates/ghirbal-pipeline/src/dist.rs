//! A run cut into tasks that an engine spreads over machines (the Python package's
//! `ghirbal.ray`).
//!
//! - [`plan`] expands the inputs once, as [`run`](crate::run) does, and fingerprints the run.
//! - [`run_input`] runs the record stages over one input file into that file's own spool in a
//!   work folder every machine reaches. Any machine may run it, in any order, any number of
//!   times: the spool is written under a temporary name and renamed, then a small completion
//!   record (`input-NNNNNN.json`) is written the same way, so a task killed at any moment
//!   leaves either nothing or a complete spool, and a driver that restarts skips the inputs
//!   whose record is there ([`completed`]).
//! - [`finish`] is the rest of [`run`](crate::run): it reads the spools in input order, giving
//!   each record the file number and run ordinal the one-machine reader gives it, then runs
//!   the corpus stages' passes and the ordered write. So `kept/` and `rejects/` are byte for
//!   byte those of `ghirbal run` on the same input and config.
//! - Or the corpus stages partitioned: [`site_map`] and [`dedup_map`] per input,
//!   [`site_reduce`] and [`dedup_reduce`] per key range (each run once: [`StepDone`] records),
//!   then [`finish_partitioned`] clusters the edges and writes in one pass, deciding with both
//!   indexes: the same bytes again.
//!
//! The work folder holds one spool per input (the records after the record stages, zstd JSON
//! lines, as the one-machine run's spool between passes) and is removed by [`clean`].

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use ghirbal_clean::{SiteBoilerplate, SiteIndex, SiteSummary};
use ghirbal_core::{Config, CorpusStage, StageCounts, Verdict};
use ghirbal_dedup::{Dedup, DedupIndex, DedupSummary, KeyKind, ReduceCounts};
use ghirbal_io::{Input, ReadOptions};
use serde::{Deserialize, Serialize};

use crate::manifest::Manifest;
use crate::out::{Out, output_error};
use crate::progress::Progress;
use crate::run::{
    Chunking, Ctx, RunError, RunOptions, Source, Sources, SpoolTo, Summary, expand_inputs,
    fingerprint,
};
use crate::spool::SpoolReader;
use crate::stages::{AnyIndex, Stages};
use crate::work::{Item, Plan, Sink};

/// One input file of a distributed run, as a task receives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskInput {
    /// A local path or a URL, as [`ghirbal_io::Input::path`].
    pub path: String,
    /// The key in `stats.json`, as [`ghirbal_io::Input::name`].
    pub name: String,
    /// The prefix of generated ids, as [`ghirbal_io::Input::relative`].
    pub relative: String,
    /// Size in bytes.
    pub size: u64,
}

impl TaskInput {
    fn input(&self) -> Input {
        Input {
            path: PathBuf::from(&self.path),
            name: self.name.clone(),
            relative: self.relative.clone(),
            size: self.size,
        }
    }
}

/// The inputs of a run in order, and the fingerprint of what decides its output.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RunPlan {
    /// Hash of the config (less threads) and the inputs as found; names the work folder.
    pub fingerprint: String,
    /// The readable inputs, in the order the run reads them.
    pub inputs: Vec<TaskInput>,
}

/// Expands `inputs` and fingerprints the run, with the errors [`run`](crate::run) gives.
pub fn plan(config: &Config, inputs: &[PathBuf]) -> Result<RunPlan, RunError> {
    let expanded = expand_inputs(inputs)?;
    let fingerprint = fingerprint(
        config,
        &expanded.inputs,
        &expanded.versions,
        &expanded.problems,
    );
    Ok(RunPlan {
        fingerprint,
        inputs: expanded
            .inputs
            .iter()
            .map(|i| TaskInput {
                path: i.path.to_string_lossy().into_owned(),
                name: i.name.clone(),
                relative: i.relative.clone(),
                size: i.size,
            })
            .collect(),
    })
}

/// Records are dealt to the parts of a split input in blocks of this many consecutive records
/// (by their index in the file) by default, so each part's stages see long runs.
pub const SPLIT_BLOCK: u64 = 1024;

/// The part (of `parts`) that the record at `index` of its file belongs to, in blocks of
/// `block` records.
pub fn part_of(index: u64, parts: u64, block: u64) -> u64 {
    (index / block.max(1)) % parts.max(1)
}

/// How a task reads its part of an input file.
#[derive(Debug, Clone)]
pub(crate) enum Split {
    /// The whole file, keeping its blocks of `block` records dealt to `part` of `parts`.
    Blocks { part: u64, parts: u64, block: u64 },
    /// Only this byte range or these row groups ([`ghirbal_io::split`]).
    Part(ghirbal_io::split::Part),
}

/// One input file (or one part of it) through the record stages: its spool and what the stages
/// counted.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct InputDone {
    /// The input's number in the plan.
    pub file: usize,
    /// Which part of the input this is, from 0.
    #[serde(default)]
    pub part: u64,
    /// How many parts the input was cut into.
    #[serde(default = "one")]
    pub parts: u64,
    /// What this part read of the input: a byte range or row groups, its records numbered
    /// from 0 (made the file's when the parts are merged); `None`: the whole file, keeping
    /// its blocks of records (of [`SPLIT_BLOCK`], dealt round-robin) when `parts` > 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub read: Option<ghirbal_io::split::Part>,
    /// Why a part of a split input read the whole file ([`ghirbal_io::split::find_part`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub whole: Option<String>,
    /// What the part spanned in the unit of its records' offsets
    /// ([`ghirbal_io::split::PartReader::decoded`]), when `read` is set.
    #[serde(default)]
    pub decoded: u64,
    /// On-disk bytes of the input the task read (Parquet: its row groups' column chunks).
    #[serde(default)]
    pub input_bytes: u64,
    /// The part met damage that ends the file (a corrupt gzip member, a Parquet page that does
    /// not decode) before its end: as the one-machine reader stops there, the parts after it
    /// are left out of the run ([`live`]).
    #[serde(default)]
    pub ended_early: bool,
    /// The input's name (its key in `stats.json`).
    pub name: String,
    /// The spool's file name in the work folder.
    pub spool: String,
    /// Records in the spool (every record read, kept or dropped).
    pub records: u64,
    /// Compressed bytes of the spool: what the next step reads over the network.
    pub spool_bytes: u64,
    /// Records in and out and worker seconds, per record stage.
    pub stages: BTreeMap<String, StageCounts>,
    /// Streams re-opened while reading (remote input).
    pub retries: u64,
    /// Wall seconds of the task.
    pub seconds: f64,
}

/// The folder of a run's spools: `work/<fingerprint>/`.
pub fn work_folder(work: &Path, plan: &RunPlan) -> PathBuf {
    work.join(&plan.fingerprint)
}

fn one() -> u64 {
    1
}

fn stem(file: usize, part: u64, parts: u64) -> String {
    format!("input-{file:06}-{part:04}-of-{parts:04}")
}

fn record_path(folder: &Path, file: usize, part: u64, parts: u64) -> PathBuf {
    folder.join(format!("{}.json", stem(file, part, parts)))
}

/// Runs the record stages of `config` over part `part` of `parts` of input `file` of `plan`
/// on `config.run.threads` threads, into its spool in the run's work folder under `work`;
/// then records its completion. Rerunning it overwrites both with the same content.
///
/// One part is the whole file. A part of several reads only its byte range or row groups
/// ([`ghirbal_io::split::find_part`]) when the file can be cut so and `cut` is true;
/// otherwise it reads the whole file and keeps its blocks of `block` records, dealt
/// round-robin.
pub fn run_input(
    config: &Config,
    stages: &Stages,
    plan: &RunPlan,
    (file, part, parts): (usize, u64, u64),
    (block, cut): (u64, bool),
    work: &Path,
) -> Result<InputDone, RunError> {
    let parts = parts.max(1);
    let started = std::time::Instant::now();
    let task = plan.inputs.get(file).ok_or_else(|| RunError::Output {
        path: work.to_owned(),
        message: format!("the plan has no input {file}"),
    })?;
    let folder = work_folder(work, plan);
    fs::create_dir_all(&folder).map_err(|e| output_error(&folder, e))?;
    let read_options = ReadOptions {
        fields: ghirbal_io::FieldMap::new(&config.input).map_err(RunError::Input)?,
        ..ReadOptions::from_run(&config.run)
    };
    let columns =
        ghirbal_io::schema::Fields::from_config(&config.output).map_err(RunError::Config)?;
    let input = task.input();
    let (split, whole) = if parts > 1 {
        let found =
            match cut {
                true => ghirbal_io::split::find_part(&input, &read_options, part, parts).map_err(
                    |e| RunError::Output {
                        path: input.path.clone(),
                        message: format!("cutting the input into parts: {e}"),
                    },
                )?,
                false => Err("not cut (asked to read it whole)".to_owned()),
            };
        match found {
            Ok(read) => (Some(Split::Part(read)), None),
            Err(why) => (Some(Split::Blocks { part, parts, block }), Some(why)),
        }
    } else {
        (None, None)
    };
    let read = match &split {
        Some(Split::Part(read)) => Some(read.clone()),
        _ => None,
    };
    let sources = Sources {
        names: vec![input.name.clone()],
        sizes: vec![input.size],
        inputs: vec![input],
        versions: BTreeMap::new(),
        problems: Vec::new(),
    };
    let ctx = Ctx::new(
        config,
        columns,
        &sources,
        &read_options,
        &crate::progress::NoProgress,
        split,
    );
    let pass_plan = Plan {
        record: &stages.record,
        decide: Vec::new(),
        observe: None,
        sink: Sink::Spool,
        zstd_level: config.run.zstd_level,
        output: &config.output,
        columns: &columns,
        names: &sources.names,
        sizes: &sources.sizes,
        spool_read_sizes: true,
        save_observed: false,
    };
    let spool = format!("{}.jsonl.zst", stem(file, part, parts));
    let path = folder.join(&spool);
    // Unique per attempt, so two attempts of one task (a retry beside a straggler) never write
    // into one file; the rename makes whichever finishes last the spool, with equal content.
    let tmp = folder.join(format!(
        ".{spool}.{}-{}.tmp",
        std::process::id(),
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos())
    ));
    let out = Out::Local(folder.clone());
    let mut manifest = Manifest::default();
    let result = ctx.pass(
        "record stages",
        &pass_plan,
        Source::Inputs,
        &BTreeSet::new(),
        &Chunking::none(),
        SpoolTo::File(&tmp),
        &out,
        &mut manifest,
    );
    let result = match result {
        Ok(r) => r,
        Err(e) => {
            let _ = fs::remove_file(&tmp);
            return Err(e);
        }
    };
    fs::rename(&tmp, &path).map_err(|e| output_error(&path, e))?;
    let retries = ctx
        .retries
        .lock()
        .map(|r| r.values().sum())
        .unwrap_or_default();
    let (decoded, input_bytes, ended_early) = ctx.part_read.lock().map(|r| *r).unwrap_or_default();
    let done = InputDone {
        file,
        part,
        parts,
        read,
        whole,
        decoded,
        input_bytes,
        ended_early,
        name: task.name.clone(),
        spool,
        records: result.items,
        spool_bytes: fs::metadata(&path).map_or(0, |m| m.len()),
        stages: result.stage_counts,
        retries,
        seconds: started.elapsed().as_secs_f64(),
    };
    let record = record_path(&folder, file, part, parts);
    let tmp = record.with_extension(format!("{}.tmp", std::process::id()));
    let text = serde_json::to_vec(&done).map_err(|e| output_error(&record, e))?;
    fs::write(&tmp, text)
        .and_then(|()| fs::rename(&tmp, &record))
        .map_err(|e| output_error(&record, e))?;
    Ok(done)
}

/// The parts (of `parts` per input) of `plan` whose record stages completed in an earlier
/// attempt, by (input, part): those whose completion record and spool are both in the work
/// folder.
pub fn completed(plan: &RunPlan, parts: u64, work: &Path) -> BTreeMap<(usize, u64), InputDone> {
    let folder = work_folder(work, plan);
    let parts = parts.max(1);
    let mut done = BTreeMap::new();
    for (file, input) in plan.inputs.iter().enumerate() {
        for part in 0..parts {
            let Ok(bytes) = fs::read(record_path(&folder, file, part, parts)) else {
                continue;
            };
            let Ok(d) = serde_json::from_slice::<InputDone>(&bytes) else {
                continue;
            };
            let same = d.file == file && d.part == part && d.parts == parts;
            if same && d.name == input.name && folder.join(&d.spool).is_file() {
                done.insert((file, part), d);
            }
        }
    }
    done
}

/// Every input's record stages done, in plan order: what [`finish`] reads.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// The run's work folder (`work/<fingerprint>/`).
    pub folder: PathBuf,
    /// The plan's fingerprint; [`finish`] refuses input that changed since.
    pub fingerprint: String,
    /// One entry per part of each input of the plan, in order of input then part.
    pub inputs: Vec<InputDone>,
    /// When the distributed run started (seconds since the Unix epoch), so `stats.json`'s
    /// wall time covers the tasks too.
    pub started_unix: f64,
}

impl Prepared {
    /// The spools of each input, in input order, each input's parts in order.
    pub(crate) fn by_file(&self) -> Vec<Vec<&InputDone>> {
        let mut files: Vec<Vec<&InputDone>> = Vec::new();
        for d in &self.inputs {
            if files.len() <= d.file {
                files.resize_with(d.file + 1, Vec::new);
            }
            files[d.file].push(d);
        }
        files
    }

    /// Checks that the spools are every part of every input of `inputs`, in order.
    pub(crate) fn check(&self, inputs: &[Input]) -> Result<(), RunError> {
        let files = self.by_file();
        let same = files.len() == inputs.len()
            && files
                .iter()
                .zip(inputs)
                .enumerate()
                .all(|(i, (parts, input))| {
                    !parts.is_empty()
                        && parts.iter().enumerate().all(|(p, d)| {
                            d.file == i
                                && d.part == p as u64
                                && d.parts == parts.len() as u64
                                && d.name == input.name
                        })
                });
        if same {
            Ok(())
        } else {
            Err(RunError::Output {
                path: self.folder.clone(),
                message: "the spools do not match the inputs (an input was added, removed or \
                          changed during the run): run again"
                    .into(),
            })
        }
    }

    /// Records in all spools read into the run ([`live`]).
    pub(crate) fn records(&self) -> u64 {
        self.live().map(|d| d.records).sum()
    }

    /// The parts read into the run, in order: of each input, its parts up to the first that
    /// ended early at damage ([`live`]).
    pub(crate) fn live(&self) -> impl Iterator<Item = &InputDone> {
        self.by_file()
            .into_iter()
            .flat_map(|parts| live(&parts).to_vec())
    }

    /// Seconds since the distributed run started.
    pub(crate) fn seconds_since_start(&self) -> f64 {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0.0, |d| d.as_secs_f64())
            - self.started_unix
    }
}

/// The corpus stages and the ordered write over the spools of `prepared`, as
/// [`run`](crate::run) does them after its record stages; with `options.resume`, shards the
/// output's manifest lists as complete are kept.
pub fn finish(
    config: &Config,
    stages: &Stages,
    options: &RunOptions,
    prepared: &Prepared,
    progress: &dyn Progress,
) -> Result<Summary, RunError> {
    crate::run::run_inner(config, stages, options, progress, Some(prepared), None)
}

/// The finished index of every corpus stage of `stages` from the work folder's partitioned
/// steps ([`site_map`], [`site_reduce`], [`dedup_map`], [`dedup_reduce`]), then the write as
/// [`finish`] does it, deciding with those indexes in one pass over the spools: the same
/// records in the same order as [`run`](crate::run), byte for byte.
pub fn finish_partitioned(
    config: &Config,
    stages: &Stages,
    options: &RunOptions,
    prepared: &Prepared,
    partitions: u32,
    progress: &dyn Progress,
) -> Result<Summary, RunError> {
    let corpus = CorpusStages::build(config)?;
    let files = prepared.by_file().len();
    let folder = &prepared.folder;
    let mut indexes: Vec<AnyIndex> = Vec::new();
    for (label, _) in &stages.corpus {
        match label.as_str() {
            SITE => {
                let site = corpus.site()?;
                let mut summary = SiteSummary::default();
                for f in 0..files {
                    let done = need(folder, &site_map_name(f, partitions))?;
                    let s = done.site.unwrap_or_default();
                    summary.pages += s.pages;
                    summary.pairs += s.pairs;
                    summary.spilled_runs += s.spilled_runs;
                    summary.spilled_bytes += s.spilled_bytes;
                    summary.io_errors += s.io_errors;
                }
                let index = site
                    .finished_from(&site_reduced(folder, partitions), summary)
                    .map_err(|e| output_error(folder, e))?;
                indexes.push(Box::new(index));
            }
            DEDUP => {
                let dedup = corpus.dedup()?;
                let mut summary = DedupSummary::default();
                let (mut ords, mut ids) = (Vec::new(), Vec::new());
                for f in 0..files {
                    let done = need(folder, &dedup_map_name(f, partitions))?;
                    summary.add_observed(&done.dedup.unwrap_or_default());
                    ords.push(folder.join(format!("{}.ords", dedup_map_name(f, partitions))));
                    ids.push(folder.join(format!("{}.ids", dedup_map_name(f, partitions))));
                }
                let mut edges: [Vec<PathBuf>; 3] = Default::default();
                let mut entries = [0u64; 3];
                for p in 0..partitions {
                    let done = need(folder, &dedup_reduce_name(p, partitions))?;
                    let counts = done.reduce.unwrap_or_default();
                    for (k, kind) in KeyKind::ALL.into_iter().enumerate() {
                        entries[k] += counts[k].entries;
                        edges[k].push(folder.join(dedup_edges_name(p, partitions, kind)));
                    }
                }
                let index = dedup
                    .finished_from(
                        &ords,
                        [&edges[0], &edges[1], &edges[2]],
                        entries,
                        &ids,
                        summary,
                    )
                    .map_err(|e| output_error(folder, e))?;
                indexes.push(Box::new(index));
            }
            other => {
                return Err(RunError::Output {
                    path: folder.clone(),
                    message: format!("the corpus stage {other} cannot run partitioned"),
                });
            }
        }
    }
    crate::run::run_inner(
        config,
        stages,
        options,
        progress,
        Some(prepared),
        Some(indexes),
    )
}

/// The label of the site-boilerplate corpus stage in [`Stages::corpus`].
const SITE: &str = "clean.site";
/// The label of the dedup corpus stage in [`Stages::corpus`].
const DEDUP: &str = "dedup";

/// The corpus stages of a config, built with their own types (a partitioned step needs more
/// than [`DynCorpusStage`](crate::DynCorpusStage) gives).
struct CorpusStages {
    site: Option<SiteBoilerplate>,
    dedup: Option<Dedup>,
}

impl CorpusStages {
    fn build(config: &Config) -> Result<CorpusStages, RunError> {
        let bad = |e: ghirbal_core::ConfigError| RunError::Config(e.to_string());
        let site = ghirbal_clean::build(config).map_err(bad)?.site;
        let dedup = if config.enabled(ghirbal_core::StageName::Dedup) {
            Some(ghirbal_dedup::build(config).map_err(bad)?)
        } else {
            None
        };
        Ok(CorpusStages { site, dedup })
    }

    fn site(&self) -> Result<&SiteBoilerplate, RunError> {
        self.site
            .as_ref()
            .ok_or_else(|| RunError::Config("site boilerplate is off in this config".into()))
    }

    fn dedup(&self) -> Result<&Dedup, RunError> {
        self.dedup
            .as_ref()
            .ok_or_else(|| RunError::Config("dedup is off in this config".into()))
    }
}

/// Why `config`'s corpus stages cannot run partitioned ([`finish_partitioned`]), if they
/// cannot: then [`finish`] runs them in one task.
pub fn partitioned_unsupported(config: &Config) -> Result<Option<String>, RunError> {
    let corpus = CorpusStages::build(config)?;
    Ok(corpus
        .dedup
        .as_ref()
        .and_then(Dedup::partitioned_unsupported)
        .map(str::to_owned))
}

/// One partitioned step of a distributed run done: what it counted and wrote. Its record
/// (`<step>.json` in the work folder) is written last, so a step whose record is there has
/// all its files in place.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct StepDone {
    /// The step's name: its record's and files' stem.
    pub name: String,
    /// What a site map task observed, or the sites and lines a site reduce task kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub site: Option<SiteSummary>,
    /// What a dedup map task observed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dedup: Option<DedupSummary>,
    /// What a dedup reduce task read and wrote, per kind of key ([`KeyKind::ALL`] order).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reduce: Option<[ReduceCounts; 3]>,
    /// Records the step read (map tasks).
    pub records: u64,
    /// Bytes of the files the step wrote: what the next step reads.
    pub bytes: u64,
    /// Wall seconds of the step.
    pub seconds: f64,
    /// True when an earlier attempt had done the step (its record was there): nothing ran.
    #[serde(default)]
    pub reused: bool,
}

fn site_map_name(file: usize, partitions: u32) -> String {
    format!("site-map-{file:06}-of-{partitions:04}")
}

fn site_reduce_name(partition: u32, partitions: u32) -> String {
    format!("site-reduce-{partition:04}-of-{partitions:04}")
}

fn dedup_map_name(file: usize, partitions: u32) -> String {
    format!("dedup-map-{file:06}-of-{partitions:04}")
}

fn dedup_reduce_name(partition: u32, partitions: u32) -> String {
    format!("dedup-reduce-{partition:04}-of-{partitions:04}")
}

fn dedup_edges_name(partition: u32, partitions: u32, kind: KeyKind) -> String {
    format!(
        "{}.{}.edges",
        dedup_reduce_name(partition, partitions),
        kind.as_str()
    )
}

fn site_reduced(folder: &Path, partitions: u32) -> Vec<PathBuf> {
    (0..partitions)
        .map(|p| folder.join(format!("{}.run", site_reduce_name(p, partitions))))
        .collect()
}

/// The record of step `name`, when an earlier attempt completed it.
fn step_done(folder: &Path, name: &str) -> Option<StepDone> {
    let bytes = fs::read(folder.join(format!("{name}.json"))).ok()?;
    serde_json::from_slice::<StepDone>(&bytes)
        .ok()
        .filter(|d| d.name == name)
}

/// The record of step `name`, which must be there.
/// The names of every input's map step (`name` of the input's number), each checked complete:
/// what a reduce task merges.
fn maps(
    folder: &Path,
    plan: &RunPlan,
    partitions: u32,
    name: fn(usize, u32) -> String,
) -> Result<Vec<String>, RunError> {
    (0..plan.inputs.len())
        .map(|f| {
            let map = name(f, partitions);
            need(folder, &map)?;
            Ok(map)
        })
        .collect()
}

fn need(folder: &Path, name: &str) -> Result<StepDone, RunError> {
    step_done(folder, name).ok_or_else(|| RunError::Output {
        path: folder.join(format!("{name}.json")),
        message: "a partitioned step did not complete: run again".into(),
    })
}

/// Runs step `name` once: an earlier attempt's record is returned as it is; otherwise `work`
/// writes the step's files into a folder of this attempt's own, they are renamed into the
/// work folder, and then the record is written (temporary name, then renamed). So a step
/// killed at any moment leaves its record only once its files are all in place, and two
/// attempts side by side never write into one file.
fn step(
    folder: &Path,
    name: &str,
    work: impl FnOnce(&Path) -> Result<StepDone, RunError>,
) -> Result<StepDone, RunError> {
    if let Some(mut done) = step_done(folder, name) {
        done.reused = true;
        return Ok(done);
    }
    let started = std::time::Instant::now();
    fs::create_dir_all(folder).map_err(|e| output_error(folder, e))?;
    let tmp = folder.join(format!(".{name}.{}-{}.tmp", std::process::id(), nanos()));
    fs::create_dir_all(&tmp).map_err(|e| output_error(&tmp, e))?;
    let result = work(&tmp).and_then(|mut done| {
        let mut bytes = 0;
        for entry in fs::read_dir(&tmp).map_err(|e| output_error(&tmp, e))? {
            let entry = entry.map_err(|e| output_error(&tmp, e))?;
            bytes += entry.metadata().map_or(0, |m| m.len());
            let to = folder.join(entry.file_name());
            fs::rename(entry.path(), &to).map_err(|e| output_error(&to, e))?;
        }
        done.name = name.to_owned();
        done.bytes = bytes;
        done.seconds = started.elapsed().as_secs_f64();
        let record = folder.join(format!("{name}.json"));
        let part = tmp.with_extension("json.tmp");
        let text = serde_json::to_vec(&done).map_err(|e| output_error(&record, e))?;
        fs::write(&part, text)
            .and_then(|()| fs::rename(&part, &record))
            .map_err(|e| output_error(&record, e))?;
        Ok(done)
    });
    let _ = fs::remove_dir_all(&tmp);
    result
}

fn nanos() -> u128 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos())
}

/// The parts of one input (in order) that are read into the run: all of them, unless one
/// ended early at damage that ends the file; then the parts up to it, as the one-machine
/// reader stops at the damage.
pub fn live<'a, 'b>(parts: &'a [&'b InputDone]) -> &'a [&'b InputDone] {
    match parts.iter().position(|d| d.ended_early) {
        Some(p) => &parts[..=p],
        None => parts,
    }
}

/// The spools of one input's parts, read as one stream in the input's reading order.
pub(crate) struct FileSpools {
    spools: Vec<crate::run::Peeked>,
    /// For parts that read their own byte range or row groups (in order, one per spool):
    /// the records of the parts before, and how far their offsets move.
    ranges: Option<Vec<(u64, u64)>>,
    /// The input's id prefix ([`ghirbal_io::Input::relative`]), for the ids made again.
    prefix: String,
}

impl FileSpools {
    /// Opens the spools of `parts` (the parts of one input, whose ids are made with
    /// `prefix`) in `folder`.
    pub(crate) fn open(
        folder: &Path,
        parts: &[&InputDone],
        prefix: &str,
    ) -> Result<FileSpools, RunError> {
        let ranged = parts.iter().all(|d| d.read.is_some());
        let parts = live(parts);
        let mut spools = Vec::new();
        let mut ranges = Vec::new();
        let (mut before, mut decoded) = (0u64, 0u64);
        for done in parts {
            let shift = match &done.read {
                Some(read) if !read.offsets_are_the_files() => decoded,
                _ => 0,
            };
            let at = (before, shift);
            before += done.records;
            decoded += done.decoded;
            if done.records == 0 {
                // A part with no record wrote no zstd frame: nothing to open.
                continue;
            }
            let path = folder.join(&done.spool);
            let spool = SpoolReader::open(&path).map_err(|e| output_error(&path, e))?;
            spools.push((path, spool, None));
            ranges.push(at);
        }
        Ok(FileSpools {
            spools,
            ranges: ranged.then_some(ranges),
            prefix: prefix.to_owned(),
        })
    }

    /// The next item and its size as read. Parts that read their own range hold the file's
    /// records in order, numbered from 0 in each part: read one after the other and
    /// renumbered ([`ghirbal_io::split::renumber`]). Parts that each read the whole file hold
    /// its records dealt by blocks of their index: merged back by index. Either way, the
    /// file's records in reading order.
    pub(crate) fn next_item(&mut self) -> Result<Option<(Item, Option<u64>)>, RunError> {
        let Some(ranges) = &self.ranges else {
            return crate::run::next_by_index(&mut self.spools);
        };
        while let Some((path, spool, _)) = self.spools.first_mut() {
            let Some(next) = spool.next_sized() else {
                self.spools.remove(0);
                continue;
            };
            let (mut item, size) = next.map_err(|e| output_error(path, e))?;
            let (before, shift) = ranges[ranges.len() - self.spools.len()];
            match &mut item {
                Item::Live(rec) => ghirbal_io::split::renumber(rec, &self.prefix, before, shift),
                Item::Dropped(rec, reject) => {
                    ghirbal_io::split::renumber(rec, &self.prefix, before, shift);
                    if let Some(message) = reject.detail.get_mut("message")
                        && let Some(moved) = message
                            .as_str()
                            .and_then(|m| ghirbal_io::split::renumber_detail(m, shift))
                    {
                        *message = moved.into();
                    }
                }
            }
            return Ok(Some((item, size)));
        }
        Ok(None)
    }
}

/// The parts of input `parts[0].file`, checked to be one input's, in part order.
fn one_input<'a>(plan: &RunPlan, parts: &'a [InputDone]) -> Result<Vec<&'a InputDone>, RunError> {
    let file = parts.first().map_or(usize::MAX, |d| d.file);
    let mut mine: Vec<&InputDone> = parts.iter().collect();
    mine.sort_by_key(|d| d.part);
    let whole = file < plan.inputs.len()
        && mine
            .iter()
            .enumerate()
            .all(|(p, d)| d.file == file && d.part == p as u64 && d.parts == mine.len() as u64);
    if whole {
        Ok(mine)
    } else {
        Err(RunError::Output {
            path: PathBuf::from(&plan.fingerprint),
            message: "a partitioned step was given the parts of no one input".into(),
        })
    }
}

/// The site-boilerplate map task of one input: observes the live records of its spools (the
/// input's `parts`) and writes their `(site, line)` counts in `partitions` files by site
/// range ([`SiteBoilerplate::write_partitions`]).
pub fn site_map(
    config: &Config,
    plan: &RunPlan,
    parts: &[InputDone],
    partitions: u32,
    work: &Path,
) -> Result<StepDone, RunError> {
    let parts = one_input(plan, parts)?;
    let file = parts[0].file;
    let folder = work_folder(work, plan);
    let name = site_map_name(file, partitions);
    step(&folder, &name, |tmp| {
        let corpus = CorpusStages::build(config)?;
        let site = corpus.site()?;
        let mut index = SiteIndex::default();
        let mut spools = FileSpools::open(&folder, &parts, &plan.inputs[file].relative)?;
        let mut records = 0;
        while let Some((item, _)) = spools.next_item()? {
            records += 1;
            if let Item::Live(rec) = &item {
                site.observe(rec, &mut index);
            }
        }
        let summary = site
            .write_partitions(index, partitions, &|p| {
                tmp.join(format!("{name}.p{p:04}.run"))
            })
            .map_err(|e| output_error(tmp, e))?;
        Ok(StepDone {
            site: Some(summary),
            records,
            ..StepDone::default()
        })
    })
}

/// The site-boilerplate reduce task of one partition: sums its counts over the map tasks of
/// the `files` inputs and keeps the lines over the thresholds
/// ([`SiteBoilerplate::reduce_partition`]).
pub fn site_reduce(
    config: &Config,
    plan: &RunPlan,
    partition: u32,
    partitions: u32,
    work: &Path,
) -> Result<StepDone, RunError> {
    let folder = work_folder(work, plan);
    let name = site_reduce_name(partition, partitions);
    step(&folder, &name, |tmp| {
        let corpus = CorpusStages::build(config)?;
        let site = corpus.site()?;
        let inputs: Vec<PathBuf> = maps(&folder, plan, partitions, site_map_name)?
            .iter()
            .map(|map| folder.join(format!("{map}.p{partition:04}.run")))
            .collect();
        let summary = site
            .reduce_partition(&inputs, &tmp.join(format!("{name}.run")))
            .map_err(|e| output_error(&folder, e))?;
        Ok(StepDone {
            site: Some(summary),
            ..StepDone::default()
        })
    })
}

/// The dedup map task of one input: gives its records the run ordinals from
/// `ordinal_start` on (as the one-machine reader numbers them), lets the site stage decide
/// with the reduce tasks' boilerplate lines (when it is on), observes what it keeps, and
/// writes the keys in `partitions` files by key range ([`Dedup::write_partitions`]).
pub fn dedup_map(
    config: &Config,
    plan: &RunPlan,
    parts: &[InputDone],
    ordinal_start: u64,
    partitions: u32,
    work: &Path,
) -> Result<StepDone, RunError> {
    let parts = one_input(plan, parts)?;
    let file = parts[0].file;
    let folder = work_folder(work, plan);
    let name = dedup_map_name(file, partitions);
    step(&folder, &name, |tmp| {
        let corpus = CorpusStages::build(config)?;
        let dedup = corpus.dedup()?;
        let site = match &corpus.site {
            Some(site) => {
                for p in 0..partitions {
                    need(&folder, &site_reduce_name(p, partitions))?;
                }
                let index = site
                    .finished_from(&site_reduced(&folder, partitions), SiteSummary::default())
                    .map_err(|e| output_error(&folder, e))?;
                Some((site, index))
            }
            None => None,
        };
        let mut index = DedupIndex::default();
        let mut spools = FileSpools::open(&folder, &parts, &plan.inputs[file].relative)?;
        let mut ordinal = ordinal_start;
        let mut records = 0;
        while let Some((item, _)) = spools.next_item()? {
            if let Item::Live(mut rec) = item {
                rec.position.ordinal = ordinal;
                let keep = site
                    .as_ref()
                    .is_none_or(|(s, ix)| s.decide(&mut rec, ix) == Verdict::Keep);
                if keep {
                    dedup.observe(&rec, &mut index);
                }
            }
            ordinal += 1;
            records += 1;
        }
        let summary = dedup
            .write_partitions(
                index,
                partitions,
                &|kind, p| tmp.join(format!("{name}.{}.p{p:04}.run", kind.as_str())),
                &tmp.join(format!("{name}.ords")),
                &tmp.join(format!("{name}.ids")),
            )
            .map_err(|e| output_error(tmp, e))?;
        Ok(StepDone {
            dedup: Some(summary),
            records,
            ..StepDone::default()
        })
    })
}

/// The dedup reduce task of one partition: for each kind of key, merges the partition's keys
/// of every input's map task and writes the edges of its groups
/// ([`Dedup::reduce_partition`]).
pub fn dedup_reduce(
    config: &Config,
    plan: &RunPlan,
    partition: u32,
    partitions: u32,
    work: &Path,
) -> Result<StepDone, RunError> {
    let folder = work_folder(work, plan);
    let name = dedup_reduce_name(partition, partitions);
    step(&folder, &name, |tmp| {
        let corpus = CorpusStages::build(config)?;
        let dedup = corpus.dedup()?;
        let maps = maps(&folder, plan, partitions, dedup_map_name)?;
        let mut counts = [ReduceCounts::default(); 3];
        for (k, kind) in KeyKind::ALL.into_iter().enumerate() {
            let inputs: Vec<PathBuf> = maps
                .iter()
                .map(|m| folder.join(format!("{m}.{}.p{partition:04}.run", kind.as_str())))
                .collect();
            counts[k] = dedup
                .reduce_partition(
                    kind,
                    &inputs,
                    &tmp.join(dedup_edges_name(partition, partitions, kind)),
                )
                .map_err(|e| output_error(&folder, e))?;
        }
        Ok(StepDone {
            reduce: Some(counts),
            ..StepDone::default()
        })
    })
}

/// Removes the run's work folder: completion records first, so a clean-up cut short leaves
/// spools without records (redone), never records without spools.
pub fn clean(plan: &RunPlan, work: &Path) {
    let folder = work_folder(work, plan);
    if let Ok(entries) = fs::read_dir(&folder) {
        for e in entries.flatten() {
            if e.path().extension().is_some_and(|x| x == "json") {
                let _ = fs::remove_file(e.path());
            }
        }
    }
    let _ = fs::remove_dir_all(&folder);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::NoProgress;

    /// Four JSONL files of articles made of the sample's words, one site's pages ending in the
    /// same line in every file, and across files an exact copy, a second page at one URL and
    /// a near copy (as `crates/ghirbal-py/tests/test_ray.py` makes them).
    fn corpus(dir: &Path) -> Vec<PathBuf> {
        let sample = include_str!("../../../examples/articles.jsonl");
        let mut vocab: Vec<String> = Vec::new();
        for line in sample.lines() {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            vocab.extend(
                v["text"]
                    .as_str()
                    .unwrap()
                    .split_whitespace()
                    .map(|w| w.trim_matches(|c| c == '.' || c == '،').to_owned())
                    .filter(|w| !w.is_empty()),
            );
        }
        let mut state = 22u64;
        let mut rnd = move |n: usize| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((state >> 33) % n as u64) as usize
        };
        let sites = [
            "news-a.example.sa",
            "news-b.example.sa",
            "news-c.example.sa",
        ];
        let boilerplate = "تابعوا آخر الأخبار على موقعنا وحساباتنا في مواقع التواصل الاجتماعي";
        let mut files: Vec<Vec<serde_json::Value>> = Vec::new();
        for f in 0..4 {
            let mut rows = Vec::new();
            for i in 0..30 {
                let site = sites[(f * 30 + i) % 3];
                let mut text = (0..6 + rnd(4))
                    .map(|_| {
                        let words: Vec<&str> = (0..12 + rnd(9))
                            .map(|_| vocab[rnd(vocab.len())].as_str())
                            .collect();
                        format!("{}.", words.join(" "))
                    })
                    .collect::<Vec<_>>()
                    .join("\n");
                if site == sites[0] {
                    text = format!("{text}\n{boilerplate}");
                }
                rows.push(serde_json::json!({
                    "id": format!("f{f}-{i}"), "url": format!("https://{site}/{f}/{i}"),
                    "text": text,
                }));
            }
            files.push(rows);
        }
        // The duplicates are of the sample's articles, which every stage keeps.
        let real: Vec<serde_json::Value> = sample
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        let original = |n: usize, id: &str| serde_json::json!({"id": id, "url": real[n]["url"], "text": real[n]["text"]});
        files[0].insert(4, original(0, "original"));
        files[0].insert(7, original(2, "near-original"));
        files[2].push(serde_json::json!({
            "id": "exact-copy", "url": "https://news-b.example.sa/copy", "text": real[0]["text"],
        }));
        files[3].insert(
            5,
            serde_json::json!({"id": "url-copy", "url": real[0]["url"], "text": real[1]["text"]}),
        );
        let near = real[2]["text"]
            .as_str()
            .unwrap()
            .replacen(' ', " وأضاف ", 1);
        files[3].push(serde_json::json!({
            "id": "near-copy", "url": "https://news-c.example.sa/near", "text": near,
        }));
        fs::create_dir_all(dir).unwrap();
        files
            .iter()
            .enumerate()
            .map(|(f, rows)| {
                let path = dir.join(format!("part-{f}.jsonl"));
                let text: String = rows.iter().map(|r| format!("{r}\n")).collect();
                fs::write(&path, text).unwrap();
                path
            })
            .collect()
    }

    /// The arabic-news preset on 2 threads, and what `ghirbal run` writes into `out` with it.
    fn one_machine(inputs: &[PathBuf], out: &Path) -> (Config, Stages, Summary) {
        let mut config = Config::preset("arabic-news").unwrap();
        config.run.threads = 2;
        let stages = Stages::build(&config).unwrap();
        let options = RunOptions {
            inputs: inputs.to_vec(),
            out: out.to_owned(),
            resume: false,
        };
        let one = crate::run(&config, &stages, &options, &NoProgress).unwrap();
        (config, stages, one)
    }

    fn outputs(out: &Path) -> BTreeMap<String, Vec<u8>> {
        let mut files = BTreeMap::new();
        for sub in ["kept", "rejects"] {
            for e in fs::read_dir(out.join(sub)).unwrap() {
                let e = e.unwrap();
                let name = format!("{sub}/{}", e.file_name().to_string_lossy());
                files.insert(name, fs::read(e.path()).unwrap());
            }
        }
        files
    }

    /// Every step of a partitioned run, in the order `ghirbal.ray` runs them, on one machine.
    fn run_partitioned(
        config: &Config,
        stages: &Stages,
        inputs: &[PathBuf],
        out: &Path,
        (parts, block, partitions): (u64, u64, u32),
    ) -> Summary {
        let work = out.join(".work");
        let plan = plan(config, inputs).unwrap();
        let mut done = Vec::new();
        for f in 0..plan.inputs.len() {
            for p in 0..parts {
                let done_ = run_input(config, stages, &plan, (f, p, parts), (block, true), &work);
                done.push(done_.unwrap());
            }
        }
        let by_file: Vec<Vec<InputDone>> = (0..plan.inputs.len())
            .map(|f| done.iter().filter(|d| d.file == f).cloned().collect())
            .collect();
        for parts in &by_file {
            site_map(config, &plan, parts, partitions, &work).unwrap();
        }
        for p in 0..partitions {
            site_reduce(config, &plan, p, partitions, &work).unwrap();
        }
        let mut start = 0;
        for parts in &by_file {
            dedup_map(config, &plan, parts, start, partitions, &work).unwrap();
            let parts: Vec<&InputDone> = parts.iter().collect();
            start += live(&parts).iter().map(|d| d.records).sum::<u64>();
        }
        for p in 0..partitions {
            dedup_reduce(config, &plan, p, partitions, &work).unwrap();
        }
        // A step run again (a retry, a restarted driver) reuses what its first attempt did.
        assert!(
            site_reduce(config, &plan, 0, partitions, &work)
                .unwrap()
                .reused
        );
        let prepared = Prepared {
            folder: work_folder(&work, &plan),
            fingerprint: plan.fingerprint.clone(),
            inputs: done,
            started_unix: 0.0,
        };
        let options = RunOptions {
            inputs: inputs.to_vec(),
            out: out.to_owned(),
            resume: true,
        };
        finish_partitioned(config, stages, &options, &prepared, partitions, &NoProgress).unwrap()
    }

    #[test]
    fn partitioned_corpus_stages_write_what_one_machine_writes() {
        let dir = tempfile::tempdir().unwrap();
        let inputs = corpus(&dir.path().join("in"));
        let (config, stages, one) = one_machine(&inputs, &dir.path().join("cli"));
        let cli = dir.path().join("cli");
        let rejected = &one.stats.total.rejected;
        for reason in ["dedup:exact", "dedup:url", "dedup:near"] {
            assert!(
                rejected.get(reason).copied().unwrap_or(0) >= 1,
                "{reason}: {rejected:?}"
            );
        }
        assert!(one.stats.stages["clean.site"].index["lines"].as_u64() >= Some(1));
        let want = outputs(&cli);
        for (n, shape) in [(1, 1024, 1), (1, 1024, 3), (2, 7, 5)]
            .into_iter()
            .enumerate()
        {
            let out = dir.path().join(format!("ray-{n}"));
            let got = run_partitioned(&config, &stages, &inputs, &out, shape);
            assert!(outputs(&out) == want, "{shape:?}: output differs");
            assert_eq!(got.stats.total.rejected, one.stats.total.rejected);
            for stage in ["clean.site", "dedup"] {
                let (a, b) = (&got.stats.stages[stage], &one.stats.stages[stage]);
                assert_eq!((a.input, a.output), (b.input, b.output), "{stage}");
            }
            let (a, b) = (
                &got.stats.stages["dedup"].index,
                &one.stats.stages["dedup"].index,
            );
            for key in ["observed", "clusters", "exact", "url", "near"] {
                assert_eq!(a[key], b[key], "dedup {key}");
            }
        }
    }

    /// The corpus again in other shapes, so that split parts cut lines, WARC records, gzip
    /// members and row groups: part-0 as JSONL with CRLF line ends, blank lines, a bad line,
    /// records without ids and no line break at the end; part-1 as WET records, one gzip
    /// member each, some without a record id; part-2 as uncompressed WET; part-3 as Parquet in
    /// row groups of 4 rows without ids; part-0 again in one gzip member (not cut by bytes:
    /// its parts deal blocks of records); and, before the Parquet file, part-2 as gzip WET
    /// with a damaged member.
    fn shapes(dir: &Path) -> Vec<PathBuf> {
        use std::io::Write;
        let jsonl = corpus(&dir.join("jsonl"));
        let rows = |f: usize| -> Vec<serde_json::Value> {
            fs::read_to_string(&jsonl[f])
                .unwrap()
                .lines()
                .map(|l| serde_json::from_str(l).unwrap())
                .collect()
        };
        let mut out = Vec::new();
        let mut text = String::new();
        for (i, mut r) in rows(0).into_iter().enumerate() {
            if i % 4 == 1 {
                r.as_object_mut().unwrap().remove("id");
            }
            text.push_str(&format!("{r}\r\n"));
            if i == 3 {
                text.push_str("\r\n  \n{\"text\": broken}\n");
            }
        }
        let text = text.trim_end().to_owned();
        let path = dir.join("a.jsonl");
        fs::write(&path, &text).unwrap();
        out.push(path);
        let wet = |r: &serde_json::Value, i: usize| -> Vec<u8> {
            let block = r["text"].as_str().unwrap();
            let mut head = format!(
                "WARC/1.0\r\nWARC-Type: conversion\r\nWARC-Target-URI: {}\r\n",
                r["url"].as_str().unwrap()
            );
            if !i.is_multiple_of(3) {
                head.push_str(&format!(
                    "WARC-Record-ID: <urn:uuid:{}>\r\n",
                    r["id"].as_str().unwrap()
                ));
            }
            head.push_str(&format!("Content-Length: {}\r\n\r\n", block.len()));
            let mut bytes = head.into_bytes();
            bytes.extend_from_slice(block.as_bytes());
            bytes.extend_from_slice(b"\r\n\r\n");
            bytes
        };
        let gzip = |bytes: &[u8]| -> Vec<u8> {
            let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
            enc.write_all(bytes).unwrap();
            enc.finish().unwrap()
        };
        let members: Vec<u8> = rows(1)
            .iter()
            .enumerate()
            .flat_map(|(i, r)| gzip(&wet(r, i)))
            .collect();
        let path = dir.join("b.warc.wet.gz");
        fs::write(&path, members).unwrap();
        out.push(path);
        let plain: Vec<u8> = rows(2)
            .iter()
            .enumerate()
            .flat_map(|(i, r)| wet(r, i))
            .collect();
        let path = dir.join("c.warc.wet");
        fs::write(&path, plain).unwrap();
        out.push(path);
        // Part-2's WET records again, one gzip member each, with a member whose deflate data
        // is damaged after the fifth: the one-machine reader stops there.
        let mut damaged = Vec::new();
        for (i, r) in rows(2).iter().enumerate() {
            damaged.extend(gzip(&wet(r, i)));
            if i == 4 {
                damaged.extend_from_slice(b"\x1f\x8b\x08\0\0\0\0\0\0\xff\xff\xff\xff\xff");
            }
        }
        let path = dir.join("c2.warc.wet.gz");
        fs::write(&path, damaged).unwrap();
        out.push(path);
        {
            use arrow_array::{ArrayRef, RecordBatch, StringArray};
            use arrow_schema::{DataType, Field, Schema};
            let rows = rows(3);
            let col = |k: &str| -> ArrayRef {
                std::sync::Arc::new(StringArray::from(
                    rows.iter()
                        .map(|r| r[k].as_str().map(str::to_owned))
                        .collect::<Vec<_>>(),
                ))
            };
            let schema = std::sync::Arc::new(Schema::new(vec![
                Field::new("url", DataType::Utf8, true),
                Field::new("text", DataType::Utf8, true),
            ]));
            let batch =
                RecordBatch::try_new(schema.clone(), vec![col("url"), col("text")]).unwrap();
            let props = parquet::file::properties::WriterProperties::builder()
                .set_max_row_group_row_count(Some(4))
                .build();
            let path = dir.join("d.parquet");
            let mut w = parquet::arrow::ArrowWriter::try_new(
                fs::File::create(&path).unwrap(),
                schema,
                Some(props),
            )
            .unwrap();
            w.write(&batch).unwrap();
            w.close().unwrap();
            out.push(path);
        }
        let path = dir.join("e.jsonl.gz");
        fs::write(&path, gzip(text.as_bytes())).unwrap();
        out.push(path);
        out
    }

    #[test]
    fn parts_read_on_their_own_write_what_one_machine_writes() {
        let dir = tempfile::tempdir().unwrap();
        let inputs = shapes(&dir.path().join("in"));
        let (config, stages, one) = one_machine(&inputs, &dir.path().join("cli"));
        let cli = dir.path().join("cli");
        assert!(one.stats.total.rejected.get("dedup:exact") >= Some(&1));
        assert!(one.stats.total.errors.get("error:bad_json") >= Some(&1));
        assert!(one.stats.total.errors.get("error:bad_gzip") >= Some(&1));
        let want = outputs(&cli);
        for (n, shape) in [(2, 1024, 2), (3, 7, 1), (7, 5, 3)].into_iter().enumerate() {
            let out = dir.path().join(format!("ray-{n}"));
            let got = run_partitioned(&config, &stages, &inputs, &out, shape);
            assert!(outputs(&out) == want, "{shape:?}: output differs");
            assert_eq!(got.stats.total.rejected, one.stats.total.rejected);
            assert_eq!(got.stats.total.errors, one.stats.total.errors);
        }
        // Each part of a cut file read its own bytes: together, the file once.
        let plan = plan(&config, &inputs).unwrap();
        let work = dir.path().join("work");
        for (f, input) in plan.inputs.iter().enumerate() {
            let parts: Vec<InputDone> = (0..3)
                .map(|p| run_input(&config, &stages, &plan, (f, p, 3), (7, true), &work).unwrap())
                .collect();
            let cut = parts.iter().all(|d| d.read.is_some());
            assert_eq!(
                cut,
                !input.name.ends_with(".gz") || input.name.ends_with("wet.gz"),
                "{}",
                input.name
            );
            if input.name.ends_with("c2.warc.wet.gz") {
                // The damage is in the first part: the parts after it are read but left out.
                assert!(parts[0].ended_early && !parts[1].ended_early, "{parts:?}");
            } else if cut && !input.name.ends_with(".parquet") {
                let read: u64 = parts.iter().map(|d| d.input_bytes).sum();
                assert_eq!(read, input.size, "{}", input.name);
                assert!(
                    parts.iter().all(|d| d.input_bytes < input.size),
                    "{}",
                    input.name
                );
            }
            if !cut {
                assert!(parts.iter().all(|d| d.whole.is_some()));
            }
        }
    }
}
