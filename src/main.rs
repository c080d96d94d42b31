//! Thin: parse the command line, run, map the outcome to an exit code.

use clap::Parser;
use oauthlint::app;
use oauthlint::cli::Cli;
use std::process::ExitCode;

// The linter allocates many small nodes, strings and findings; mimalloc is markedly faster at that
// than the system allocator (see the README's performance figures).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    ExitCode::from(app::main(cli))
}
