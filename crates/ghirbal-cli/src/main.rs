//! The `ghirbal` binary: parses arguments, runs a command, maps the outcome to an exit code.

mod cli;
mod progress;
mod report;
mod summary;

use std::process::ExitCode;

fn main() -> ExitCode {
    match cli::run() {
        Ok(code) => code,
        Err(err) => {
            // One clear line: the error and its causes.
            let chain: Vec<String> = err.chain().map(|e| e.to_string()).collect();
            eprintln!("ghirbal: error: {}", chain.join(": "));
            ExitCode::from(2)
        }
    }
}
