//! Thin: parse the command line, run, map the outcome to an exit code.

use clap::Parser;
use oauthlint::app;
use oauthlint::cli::Cli;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    ExitCode::from(app::main(cli))
}
