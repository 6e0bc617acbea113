//! `ghirbal.run`: the command line's job from Python.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use ghirbal_cli::{Bar, Switches};
use ghirbal_pipeline::{Progress, RunError, RunOptions, Stages};
use pyo3::exceptions::PyKeyboardInterrupt;
use pyo3::prelude::*;

use crate::config::{Overlay, load};
use crate::{ConfigError, InputError, OutputError};

/// How often the waiting caller looks for Ctrl-C while the run works without the GIL.
const SIGNAL_POLL: Duration = Duration::from_millis(100);

/// The command line's progress bar (hidden without `progress`), with the flag Ctrl-C sets.
struct Watched {
    bar: Bar,
    stop: Arc<AtomicBool>,
}

impl Progress for Watched {
    fn begin(&self, label: &str, total_bytes: u64, total_records: u64) {
        self.bar.begin(label, total_bytes, total_records);
    }
    fn advance(&self, bytes: u64, records: u64) {
        self.bar.advance(bytes, records);
    }
    fn end(&self) {
        self.bar.end();
    }
    fn notice(&self, line: &str) {
        self.bar.notice(line);
    }
    fn cancelled(&self) -> bool {
        self.stop.load(Ordering::Relaxed)
    }
}

/// Runs the pipeline as `ghirbal run` does and returns `stats.json` as text. The work runs on
/// its own threads without the GIL; this thread wakes every [`SIGNAL_POLL`] to look for
/// Ctrl-C, which stops the run with its completed shards kept (resumable) and raises
/// `KeyboardInterrupt`.
#[pyfunction]
#[pyo3(signature = (inputs, out, preset, config_file, config_json, threads, skip, only, format, resume, progress, explain, overwrite=false))]
#[allow(clippy::too_many_arguments)]
pub fn run(
    py: Python<'_>,
    inputs: Vec<PathBuf>,
    out: PathBuf,
    preset: String,
    config_file: Option<PathBuf>,
    config_json: Option<String>,
    threads: Option<usize>,
    skip: Vec<String>,
    only: Vec<String>,
    format: Option<String>,
    resume: bool,
    progress: bool,
    explain: bool,
    overwrite: bool,
) -> PyResult<String> {
    let overlay = match (config_file, config_json) {
        (Some(f), _) => Overlay::File(f),
        (None, Some(j)) => Overlay::Json(j),
        (None, None) => Overlay::None,
    };
    let mut config = load(&preset, overlay)?;
    let switches = Switches {
        threads,
        format,
        skip,
        only,
        explain,
        ..Switches::default()
    };
    switches
        .apply(&mut config)
        .map_err(|e| ConfigError::new_err(e.to_string()))?;
    let stages = Stages::build(&config)
        .map_err(|e| ConfigError::new_err(format!("cannot build stages: {e}")))?;
    // URLs are read through object_store, as by the command line; nothing is set up until one
    // is used.
    ghirbal_remote::install();
    let inputs = if inputs.is_empty() {
        vec![ghirbal_cli::sample_dir().map_err(|e| InputError::new_err(e.to_string()))?]
    } else {
        inputs
    };
    // A folder that holds files is refused unless resume or overwrite, as on the command line.
    ghirbal_cli::ready_output(&inputs, &out, resume, overwrite)
        .map_err(|e| OutputError::new_err(e.to_string()))?;
    let options = RunOptions {
        inputs,
        out,
        resume,
    };
    let stop = Arc::new(AtomicBool::new(false));
    let watched = Watched {
        bar: Bar::new(!progress),
        stop: stop.clone(),
    };
    let (tx, rx) = crossbeam_channel::bounded::<()>(1);
    let worker = std::thread::spawn(move || {
        let result = ghirbal_pipeline::run(&config, &stages, &options, &watched);
        watched.bar.clear();
        let _ = tx.send(());
        result
    });
    let mut interrupted = None;
    loop {
        let finished = py.detach(|| rx.recv_timeout(SIGNAL_POLL).is_ok());
        if finished {
            break;
        }
        if interrupted.is_none()
            && let Err(e) = py.check_signals()
        {
            stop.store(true, Ordering::Relaxed);
            interrupted = Some(e);
        }
        if worker.is_finished() {
            break;
        }
    }
    let result = py
        .detach(|| worker.join())
        .map_err(|_| OutputError::new_err("the run stopped on an internal error"))?;
    match result {
        Ok(summary) => {
            if let Some(e) = interrupted {
                // The run ended on its own before it saw the flag: its output is complete, but
                // the caller asked to stop, so the interrupt still stands.
                return Err(e);
            }
            serde_json::to_string(&summary.stats)
                .map_err(|e| OutputError::new_err(format!("cannot encode stats: {e}")))
        }
        Err(RunError::Interrupted) => {
            Err(interrupted.unwrap_or_else(|| PyKeyboardInterrupt::new_err("interrupted")))
        }
        Err(e @ RunError::Input(_)) => Err(ConfigError::new_err(e.to_string())),
        Err(e @ RunError::Output { .. }) => Err(OutputError::new_err(e.to_string())),
        // Every other reason a run cannot start is about its input (none found, a path that
        // does not exist).
        Err(e) => Err(InputError::new_err(e.to_string())),
    }
}
