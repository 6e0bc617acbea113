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
//!
//! The work folder holds one spool per input (the records after the record stages, zstd JSON
//! lines, as the one-machine run's spool between passes) and is removed by [`clean`].

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use ghirbal_core::{Config, StageCounts};
use ghirbal_io::{Input, ReadOptions};
use serde::{Deserialize, Serialize};

use crate::manifest::Manifest;
use crate::out::{Out, output_error};
use crate::progress::Progress;
use crate::run::{
    Chunking, Ctx, RunError, RunOptions, Source, Sources, SpoolTo, Summary, expand_inputs,
    fingerprint,
};
use crate::stages::Stages;
use crate::work::{Plan, Sink};

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

/// One input file (or one part of it) through the record stages: its spool and what the stages
/// counted.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct InputDone {
    /// The input's number in the plan.
    pub file: usize,
    /// Which part of the input this is, from 0.
    #[serde(default)]
    pub part: u64,
    /// How many parts the input was cut into (each reads the whole file and runs the record
    /// stages on its blocks of records only).
    #[serde(default = "one")]
    pub parts: u64,
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
/// (the whole file for 1 part; records dealt in blocks of `block`), on `config.run.threads` threads, into its spool in the run's
/// work folder under `work`; then records its completion. Rerunning it overwrites both with
/// the same content.
pub fn run_input(
    config: &Config,
    stages: &Stages,
    plan: &RunPlan,
    (file, part, parts): (usize, u64, u64),
    block: u64,
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
        (parts > 1).then_some((part, parts, block)),
    );
    let pass_plan = Plan {
        record: &stages.record,
        decide: None,
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
    let done = InputDone {
        file,
        part,
        parts,
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

    /// Records in all spools.
    pub(crate) fn records(&self) -> u64 {
        self.inputs.iter().map(|d| d.records).sum()
    }

    /// The spool of one input.
    pub(crate) fn spool_path(&self, done: &InputDone) -> PathBuf {
        self.folder.join(&done.spool)
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
    crate::run::run_inner(config, stages, options, progress, Some(prepared))
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
