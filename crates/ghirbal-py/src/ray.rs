//! The Rust side of `ghirbal.ray`: a run cut into tasks ([`ghirbal_pipeline::dist`]), each
//! call taking and returning JSON text so Ray moves nothing but small strings between the
//! driver and its tasks. The tasks rebuild the config from its TOML, which the plan carries.

use std::path::PathBuf;

use ghirbal_cli::Switches;
use ghirbal_core::Config;
use ghirbal_pipeline::dist::{self, InputDone, Prepared, RunPlan};
use ghirbal_pipeline::{NoProgress, RunError, RunOptions, Stages};
use pyo3::prelude::*;

use crate::config::{Overlay, load};
use crate::{ConfigError, InputError, OutputError};

fn py_error(e: RunError) -> PyErr {
    match e {
        e @ RunError::Input(_) | e @ RunError::Config(_) => ConfigError::new_err(e.to_string()),
        e @ RunError::Output { .. } => OutputError::new_err(e.to_string()),
        e => InputError::new_err(e.to_string()),
    }
}

fn json_error(e: serde_json::Error) -> PyErr {
    OutputError::new_err(format!("bad task message: {e}"))
}

/// The config a task runs with: the plan's TOML over the preset, checked to come back whole.
fn step_config(preset: &str, config_toml: &str) -> PyResult<Config> {
    let config = Config::with_overlay(preset, config_toml)
        .map_err(|e| ConfigError::new_err(e.to_string()))?;
    if config.to_toml() != config_toml {
        return Err(ConfigError::new_err(
            "the config does not survive its TOML form: the tasks would run another config",
        ));
    }
    Ok(config)
}

/// [`step_config`] on `threads` threads (the CPUs the task holds; threads do not change the
/// output), with its stages built.
fn task_config(preset: &str, config_toml: &str, threads: usize) -> PyResult<(Config, Stages)> {
    let mut config = step_config(preset, config_toml)?;
    config.run.threads = threads;
    let stages = Stages::build(&config)
        .map_err(|e| ConfigError::new_err(format!("cannot build stages: {e}")))?;
    Ok((config, stages))
}

/// Builds the effective config as `ghirbal run` does (preset, config, switches), expands the
/// inputs (with those a `--paths` file lists) and returns `{"config": TOML, "preset": name,
/// "inputs": [...], "plan": {...}}` as JSON text.
#[pyfunction]
#[pyo3(signature = (inputs, preset, config_file, config_json, threads, skip, only, format, explain, fields, input_shape, dedup_scope, paths, base_url))]
#[allow(clippy::too_many_arguments)]
pub fn ray_plan(
    py: Python<'_>,
    inputs: Vec<PathBuf>,
    preset: String,
    config_file: Option<PathBuf>,
    config_json: Option<String>,
    threads: Option<usize>,
    skip: Vec<String>,
    only: Vec<String>,
    format: Option<String>,
    explain: bool,
    fields: Vec<String>,
    input_shape: Option<String>,
    dedup_scope: Option<String>,
    paths: Option<String>,
    base_url: Option<String>,
) -> PyResult<String> {
    let overlay = match (config_file, config_json) {
        (Some(f), _) => Overlay::File(f),
        (None, Some(j)) => Overlay::Json(j),
        (None, None) => Overlay::None,
    };
    let mut config = load(&preset, overlay)?;
    Switches {
        threads,
        format,
        fields,
        skip,
        only,
        input_shape,
        dedup_scope,
        explain,
    }
    .apply(&mut config)
    .map_err(|e| ConfigError::new_err(e.to_string()))?;
    // Built once here so a config that cannot build fails on the driver, before any task.
    Stages::build(&config)
        .map_err(|e| ConfigError::new_err(format!("cannot build stages: {e}")))?;
    ghirbal_remote::install();
    let mut inputs = inputs;
    if let Some(paths) = &paths {
        let listed = py
            .detach(|| ghirbal_io::read_paths(paths, base_url.as_deref()))
            .map_err(InputError::new_err)?;
        if listed.is_empty() {
            return Err(InputError::new_err(format!(
                "the paths file {} lists no input",
                ghirbal_io::storage::display_url(paths)
            )));
        }
        inputs.extend(listed);
    }
    if inputs.is_empty() {
        inputs.push(ghirbal_cli::sample_dir().map_err(|e| InputError::new_err(e.to_string()))?);
    }
    let plan = py
        .detach(|| dist::plan(&config, &inputs))
        .map_err(py_error)?;
    let config_toml = config.to_toml();
    let (_, stages) = task_config(&preset, &config_toml, 1)?;
    let corpus: Vec<&str> = stages
        .corpus
        .iter()
        .map(|(label, _)| label.as_str())
        .collect();
    serde_json::to_string(&serde_json::json!({
        "config": config_toml,
        "preset": preset,
        "inputs": inputs,
        "plan": plan,
        "corpus": corpus,
        "partitioned_unsupported": dist::partitioned_unsupported(&config).map_err(py_error)?,
    }))
    .map_err(json_error)
}

/// The inputs of the plan whose record stages an earlier attempt completed: a JSON list of
/// their completion records.
#[pyfunction]
pub fn ray_completed(plan_json: &str, parts: u64, work: PathBuf) -> PyResult<String> {
    let plan: RunPlan = serde_json::from_str(plan_json).map_err(json_error)?;
    let done: Vec<InputDone> = dist::completed(&plan, parts, &work).into_values().collect();
    serde_json::to_string(&done).map_err(json_error)
}

/// One input's (or one part of an input's) record stages into its spool (a Ray task calls it,
/// without the GIL); returns the completion record as JSON text. `cut` false makes every part
/// read the whole file (for measuring what reading only its share saves).
#[pyfunction]
#[pyo3(signature = (preset, config_toml, plan_json, file, part, parts, block, work, threads, cut=true))]
#[allow(clippy::too_many_arguments)]
pub fn ray_input(
    py: Python<'_>,
    preset: &str,
    config_toml: &str,
    plan_json: &str,
    file: usize,
    part: u64,
    parts: u64,
    block: u64,
    work: PathBuf,
    threads: usize,
    cut: bool,
) -> PyResult<String> {
    let (config, stages) = task_config(preset, config_toml, threads)?;
    let plan: RunPlan = serde_json::from_str(plan_json).map_err(json_error)?;
    ghirbal_remote::install();
    let done = py
        .detach(|| {
            dist::run_input(
                &config,
                &stages,
                &plan,
                (file, part, parts),
                (block, cut),
                &work,
            )
        })
        .map_err(py_error)?;
    serde_json::to_string(&done).map_err(json_error)
}

/// The config and the plan every partitioned step task is given, checked as the driver sent them.
fn step_inputs(preset: &str, config_toml: &str, plan_json: &str) -> PyResult<(Config, RunPlan)> {
    let config = step_config(preset, config_toml)?;
    let plan = serde_json::from_str(plan_json).map_err(json_error)?;
    Ok((config, plan))
}

fn step_json(done: Result<dist::StepDone, RunError>) -> PyResult<String> {
    serde_json::to_string(&done.map_err(py_error)?).map_err(json_error)
}

/// The site-boilerplate map task of one input (`parts_json`: its parts' completion records);
/// returns the step's record as JSON text.
#[pyfunction]
#[pyo3(signature = (preset, config_toml, plan_json, parts_json, partitions, work))]
pub fn ray_site_map(
    py: Python<'_>,
    preset: &str,
    config_toml: &str,
    plan_json: &str,
    parts_json: &str,
    partitions: u32,
    work: PathBuf,
) -> PyResult<String> {
    let (config, plan) = step_inputs(preset, config_toml, plan_json)?;
    let parts: Vec<InputDone> = serde_json::from_str(parts_json).map_err(json_error)?;
    step_json(py.detach(|| dist::site_map(&config, &plan, &parts, partitions, &work)))
}

/// The site-boilerplate reduce task of one partition; returns the step's record as JSON text.
#[pyfunction]
#[pyo3(signature = (preset, config_toml, plan_json, partition, partitions, work))]
pub fn ray_site_reduce(
    py: Python<'_>,
    preset: &str,
    config_toml: &str,
    plan_json: &str,
    partition: u32,
    partitions: u32,
    work: PathBuf,
) -> PyResult<String> {
    let (config, plan) = step_inputs(preset, config_toml, plan_json)?;
    step_json(py.detach(|| dist::site_reduce(&config, &plan, partition, partitions, &work)))
}

/// The dedup map task of one input, its records numbered from `ordinal_start`; returns the
/// step's record as JSON text.
#[pyfunction]
#[pyo3(signature = (preset, config_toml, plan_json, parts_json, ordinal_start, partitions, work))]
#[allow(clippy::too_many_arguments)]
pub fn ray_dedup_map(
    py: Python<'_>,
    preset: &str,
    config_toml: &str,
    plan_json: &str,
    parts_json: &str,
    ordinal_start: u64,
    partitions: u32,
    work: PathBuf,
) -> PyResult<String> {
    let (config, plan) = step_inputs(preset, config_toml, plan_json)?;
    let parts: Vec<InputDone> = serde_json::from_str(parts_json).map_err(json_error)?;
    step_json(
        py.detach(|| dist::dedup_map(&config, &plan, &parts, ordinal_start, partitions, &work)),
    )
}

/// The dedup reduce task of one partition; returns the step's record as JSON text.
#[pyfunction]
#[pyo3(signature = (preset, config_toml, plan_json, partition, partitions, work))]
pub fn ray_dedup_reduce(
    py: Python<'_>,
    preset: &str,
    config_toml: &str,
    plan_json: &str,
    partition: u32,
    partitions: u32,
    work: PathBuf,
) -> PyResult<String> {
    let (config, plan) = step_inputs(preset, config_toml, plan_json)?;
    step_json(py.detach(|| dist::dedup_reduce(&config, &plan, partition, partitions, &work)))
}

/// The corpus stages and the write over every input's spool (with `partitions` > 0, deciding
/// with the indexes of the partitioned steps, which must have run); returns
/// `{"stats": ..., "table": the command line's summary table}` as JSON text.
#[pyfunction]
#[pyo3(signature = (preset, config_toml, plan_json, inputs, out, work, done_json, started_unix, resume, threads, partitions=0))]
#[allow(clippy::too_many_arguments)]
pub fn ray_finish(
    py: Python<'_>,
    preset: &str,
    config_toml: &str,
    plan_json: &str,
    inputs: Vec<PathBuf>,
    out: PathBuf,
    work: PathBuf,
    done_json: &str,
    started_unix: f64,
    resume: bool,
    threads: usize,
    partitions: u32,
) -> PyResult<String> {
    let (config, stages) = task_config(preset, config_toml, threads)?;
    let plan: RunPlan = serde_json::from_str(plan_json).map_err(json_error)?;
    let mut done: Vec<InputDone> = serde_json::from_str(done_json).map_err(json_error)?;
    done.sort_by_key(|d| (d.file, d.part));
    ghirbal_remote::install();
    let prepared = Prepared {
        folder: dist::work_folder(&work, &plan),
        fingerprint: plan.fingerprint.clone(),
        inputs: done,
        started_unix,
    };
    let options = RunOptions {
        inputs,
        out,
        resume,
    };
    let summary = py
        .detach(|| match partitions {
            0 => dist::finish(&config, &stages, &options, &prepared, &NoProgress),
            n => dist::finish_partitioned(&config, &stages, &options, &prepared, n, &NoProgress),
        })
        .map_err(py_error)?;
    serde_json::to_string(&serde_json::json!({
        "stats": summary.stats,
        "table": ghirbal_cli::summary_table(&summary),
    }))
    .map_err(json_error)
}

/// Removes the run's work folder once its output is complete.
#[pyfunction]
pub fn ray_clean(plan_json: &str, work: PathBuf) -> PyResult<()> {
    let plan: RunPlan = serde_json::from_str(plan_json).map_err(json_error)?;
    dist::clean(&plan, &work);
    Ok(())
}
