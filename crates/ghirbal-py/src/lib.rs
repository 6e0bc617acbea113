//! The `ghirbal._native` extension module behind the `ghirbal` Python package.
//!
//! # Brief overview
//! - [`run`](run::run): the command line's job (`ghirbal run`) with keyword arguments, the GIL
//!   released and Ctrl-C honoured; returns `stats.json` as text.
//! - [`Pipeline`](pipeline::Pipeline): the record stages on Arrow data (`__arrow_c_stream__`
//!   in, [`ArrowTable`](arrow::ArrowTable)s out), batches split over Rust threads without the
//!   GIL.
//! - `ray_plan`, `ray_input`, the partitioned corpus-stage steps (`ray_site_map`, ...) and
//!   `ray_finish` ([`ray`]): a run cut into tasks for `ghirbal.ray`.
//! - [`cli_main`]: the `ghirbal` console command of the wheel, the Rust CLI's own `main`.
//! - The exceptions `GhirbalError` and its subclasses `ConfigError`, `InputError`,
//!   `OutputError`, carrying the command line's messages.
//!
//! The Python layer (`python/ghirbal/`) adds docstrings, argument checks and type stubs.

use std::ffi::OsString;

use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;

mod arrow;
mod config;
mod pipeline;
mod ray;
mod run;

create_exception!(
    ghirbal,
    GhirbalError,
    PyException,
    "Base class of every error ghirbal raises; a bad record is a reject, never an error."
);
create_exception!(
    ghirbal,
    ConfigError,
    GhirbalError,
    "The configuration cannot be used: unknown preset, stage or key, a value of the wrong type."
);
create_exception!(
    ghirbal,
    InputError,
    GhirbalError,
    "No input could be found in the paths given."
);
create_exception!(
    ghirbal,
    OutputError,
    GhirbalError,
    "The output folder or a file in it cannot be written."
);

/// Runs the `ghirbal` command line on `argv` (the program name first) with the GIL released,
/// and returns its exit code.
#[pyfunction]
fn cli_main(py: Python<'_>, argv: Vec<OsString>) -> u8 {
    py.detach(|| ghirbal_cli::main(argv))
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("GhirbalError", py.get_type::<GhirbalError>())?;
    m.add("ConfigError", py.get_type::<ConfigError>())?;
    m.add("InputError", py.get_type::<InputError>())?;
    m.add("OutputError", py.get_type::<OutputError>())?;
    m.add_function(wrap_pyfunction!(cli_main, m)?)?;
    m.add_function(wrap_pyfunction!(run::run, m)?)?;
    m.add_function(wrap_pyfunction!(ray::ray_plan, m)?)?;
    m.add_function(wrap_pyfunction!(ray::ray_completed, m)?)?;
    m.add_function(wrap_pyfunction!(ray::ray_input, m)?)?;
    m.add_function(wrap_pyfunction!(ray::ray_finish, m)?)?;
    m.add_function(wrap_pyfunction!(ray::ray_site_map, m)?)?;
    m.add_function(wrap_pyfunction!(ray::ray_site_reduce, m)?)?;
    m.add_function(wrap_pyfunction!(ray::ray_dedup_map, m)?)?;
    m.add_function(wrap_pyfunction!(ray::ray_dedup_reduce, m)?)?;
    m.add_function(wrap_pyfunction!(ray::ray_clean, m)?)?;
    m.add_class::<pipeline::Pipeline>()?;
    m.add_class::<pipeline::ProcessResult>()?;
    m.add_class::<pipeline::ResultStream>()?;
    m.add_class::<arrow::ArrowTable>()?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
