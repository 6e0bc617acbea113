//! The `ghirbal` command line as a library: the binary's `main`, and the pieces the Python
//! package shares with it (the switches over a config, the progress bar), so that `pip install
//! ghirbal` puts the very same command on PATH and `ghirbal.run` reads its arguments the same
//! way.
#![deny(missing_docs)]

mod cli;
mod progress;
mod report;
mod search;
mod serve;
mod summary;

use std::ffi::OsString;

pub use cli::{SwitchError, Switches, ready_output, sample_dir};
pub use progress::Bar;
pub use summary::table as summary_table;

/// Runs the command line on `args` (the program name first) and returns the exit code: 0 when
/// the run did its job, 2 with one line on stderr when it could not run at all.
pub fn main(args: Vec<OsString>) -> u8 {
    match cli::run(args) {
        Ok(code) => code,
        Err(err) => {
            // One clear line: the error and its causes.
            eprintln!("ghirbal: error: {}", error_line(&err));
            2
        }
    }
}

/// The error and its causes on one line, as the command line prints them.
pub fn error_line(err: &anyhow::Error) -> String {
    err.chain()
        .map(|e| e.to_string())
        .collect::<Vec<_>>()
        .join(": ")
}
