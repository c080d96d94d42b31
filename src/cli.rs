//! The command line (DESIGN.md "Command line"): clap definitions only.

use crate::finding::Severity;
use crate::report::Format;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "oauthlint",
    version,
    about = "Lint OAuth 2.0 / OpenID Connect client registrations",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub check: CheckArgs,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Lint files and folders (the default command)
    Check(CheckArgs),
    /// Print one rule's documentation
    Rule { name: String },
    /// List every rule with its category, severity and default
    Rules {
        #[arg(long, value_enum, default_value = "text")]
        format: RulesFormat,
    },
    /// Explain each client: format, inferred type, confidence, evidence, and the flow it should use
    Inspect {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[command(flatten)]
        input: InputArgs,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RulesFormat {
    Text,
    Markdown,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Note,
    Never,
}

impl FailOn {
    pub fn threshold(self) -> Option<Severity> {
        match self {
            FailOn::Error => Some(Severity::Error),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Note => Some(Severity::Note),
            FailOn::Never => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Color {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Profile {
    Oauth21,
    Fapi2,
}

/// Options that decide which files are read.
#[derive(Debug, Clone, Args)]
pub struct InputArgs {
    /// Name (and so syntax) for what is read from stdin with `-`
    #[arg(long, value_name = "NAME", help_heading = "Input")]
    pub stdin_filename: Option<String>,
    /// Only lint files matching this glob (repeatable)
    #[arg(long, value_name = "GLOB", help_heading = "Input")]
    pub include: Vec<String>,
    /// Skip files matching this glob (repeatable)
    #[arg(long, value_name = "GLOB", help_heading = "Input")]
    pub exclude: Vec<String>,
    /// Also lint files that .gitignore / .ignore exclude
    #[arg(long, help_heading = "Input")]
    pub no_gitignore: bool,
    /// Skip walked files larger than this
    #[arg(long, value_name = "BYTES", default_value_t = 10 * 1024 * 1024, help_heading = "Input")]
    pub max_file_size: u64,
    /// Ignore configuration files (none are read yet)
    #[arg(long, help_heading = "Input")]
    pub no_config: bool,
}

#[derive(Debug, Clone, Args)]
pub struct CheckArgs {
    /// Files or folders to lint; `-` reads stdin
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub input: InputArgs,
    /// Only run these rules or categories (repeatable)
    #[arg(long, value_name = "RULE", help_heading = "Rules")]
    pub select: Vec<String>,
    /// Do not run these rules or categories (repeatable)
    #[arg(long, value_name = "RULE", help_heading = "Rules")]
    pub ignore: Vec<String>,
    /// Also run the pedantic rules, and report on built-in clients
    #[arg(long, help_heading = "Rules")]
    pub pedantic: bool,
    /// Apply a profile's stricter rules
    #[arg(long, value_enum, help_heading = "Rules")]
    pub profile: Option<Profile>,
    /// Report http loopback redirects of web and browser apps as warnings (not with --profile oauth21)
    #[arg(long, help_heading = "Rules")]
    pub allow_dev_loopback: bool,
    /// Output format [default: full on a terminal, concise otherwise]
    #[arg(long, value_enum, help_heading = "Output")]
    pub format: Option<Format>,
    /// Exit 1 when a finding is at or above this severity
    #[arg(long, value_enum, default_value = "warning", help_heading = "Output")]
    pub fail_on: FailOn,
    /// Only show findings at or above this severity (never changes the exit code)
    #[arg(long, value_enum, default_value = "note", help_heading = "Output")]
    pub min_severity: Severity,
    /// Exit 0 even when findings are at or above --fail-on
    #[arg(long, help_heading = "Output")]
    pub exit_zero: bool,
    /// When to use colour (NO_COLOR and FORCE_COLOR are honoured with auto)
    #[arg(long, value_enum, default_value = "auto", help_heading = "Output")]
    pub color: Color,
    /// Print nothing; only the exit code tells
    #[arg(long, short, help_heading = "Output")]
    pub quiet: bool,
}
