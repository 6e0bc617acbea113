//! The `ghirbal` binary: the command line of [`ghirbal_cli::main`].

use std::process::ExitCode;

fn main() -> ExitCode {
    ExitCode::from(ghirbal_cli::main(std::env::args_os().collect()))
}
