//! The command line (README "Usage"): clap definitions only.

use crate::finding::Severity;
use crate::report::Format;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "oauthlint",
    version,
    about = "Lint OAuth 2.0 / OpenID Connect client registrations",
    args_conflicts_with_subcommands = true,
    after_help = "Exit codes, the same for every --format and --output:\n  \
                  0  no finding at or above --fail-on (or --exit-zero)\n  \
                  1  findings at or above --fail-on (--min-severity only hides findings)\n  \
                  2  usage error; nothing was linted\n  \
                  3  an input could not be read or an --output could not be written; the rest was still reported"
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
    /// Write `.oauthlint-baseline.json`: accept today's findings, so that `check` fails only on new ones
    Baseline(BaselineArgs),
    /// Explain each client: format, inferred type, confidence, evidence, and the flow it should use
    Inspect {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[command(flatten)]
        input: InputArgs,
    },
    /// Print the shell completion script for SHELL, e.g. `oauthlint completions bash >
    /// ~/.local/share/bash-completion/completions/oauthlint`
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff), e.g. `oauthlint manpage > ~/.local/share/man/man1/oauthlint.1`
    Manpage,
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

/// One `--output FORMAT=PATH`.
#[derive(Debug, Clone)]
pub struct OutputTarget {
    pub format: Format,
    pub path: PathBuf,
}

fn parse_output(s: &str) -> Result<OutputTarget, String> {
    let (format, path) = s
        .split_once('=')
        .ok_or_else(|| format!("expected FORMAT=PATH, e.g. sarif=results.sarif, got `{s}`"))?;
    let format = Format::from_str(format, true).map_err(|_| {
        let names: Vec<String> = Format::value_variants()
            .iter()
            .filter_map(|f| f.to_possible_value().map(|v| v.get_name().to_string()))
            .collect();
        format!("unknown format `{format}`; one of: {}", names.join(", "))
    })?;
    if path.is_empty() {
        return Err(format!("no path after `{format:?}=`").to_lowercase());
    }
    Ok(OutputTarget {
        format,
        path: PathBuf::from(path),
    })
}

/// GitHub reads the part before the last `/` as the category; a bare name gets its slash.
fn parse_category(s: &str) -> Result<String, String> {
    match s.trim() {
        "" => Err("the SARIF category cannot be empty".into()),
        c if c.contains('/') => Ok(c.to_string()),
        c => Ok(format!("{c}/")),
    }
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
    /// Also lint files that .gitignore / .ignore exclude (tracked by git or not: the summary counts
    /// the files they kept out, as a pull request can commit an ignore file)
    #[arg(long, help_heading = "Input")]
    pub no_gitignore: bool,
    /// Also apply --exclude and the configuration's `exclude` to files named on the command line
    /// (for pre-commit and other tools that pass every changed file by name)
    #[arg(long, help_heading = "Input")]
    pub force_exclude: bool,
    /// Files larger than this, counted in bytes read, are skipped with a note when walked, and are an
    /// input error (exit 3) when named on the command line or read from stdin. The default, 64 MiB,
    /// takes a realm export of 50,000 clients; raise it for a larger one
    #[arg(long, value_name = "BYTES", default_value_t = 64 * 1024 * 1024, help_heading = "Input")]
    pub max_file_size: u64,
    /// Threads for walking and linting (0: one per core). The output is the same for any number
    #[arg(
        long,
        value_name = "N",
        env = "OAUTHLINT_THREADS",
        default_value_t = 0,
        help_heading = "Input"
    )]
    pub threads: usize,
    /// Use this configuration for every file instead of each file's nearest `.oauthlint.toml`
    #[arg(long, value_name = "PATH", conflicts_with = "no_config", help_heading = "Input")]
    pub config: Option<PathBuf>,
    /// Read no `.oauthlint.toml`: the defaults and the flags only
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
    #[command(flatten)]
    pub rules: RuleArgs,
    /// Use this baseline instead of the repository root's `.oauthlint-baseline.json`
    #[arg(long, value_name = "FILE", conflicts_with = "no_baseline", help_heading = "Baseline")]
    pub baseline: Option<PathBuf>,
    /// Report every finding, even those in a baseline
    #[arg(long, help_heading = "Baseline")]
    pub no_baseline: bool,
    /// Output format on stdout [default: full on a terminal, concise otherwise]
    #[arg(long, value_enum, help_heading = "Output")]
    pub format: Option<Format>,
    /// Also write FORMAT to PATH in the same run (repeatable), e.g. `sarif=results.sarif`,
    /// `markdown=$GITHUB_STEP_SUMMARY`; parent folders are created, a failed write exits 3. Refused
    /// (exit 2, before linting) when PATH is a symlink or under a symlinked folder of the
    /// repository, or a file the run lints
    #[arg(long, value_name = "FORMAT=PATH", value_parser = parse_output, help_heading = "Output")]
    pub output: Vec<OutputTarget>,
    /// SARIF `automationDetails.id`: tells several analyses of one commit apart in code scanning
    #[arg(long, value_name = "CATEGORY", default_value = crate::report::DEFAULT_CATEGORY, value_parser = parse_category, help_heading = "Output")]
    pub sarif_category: String,
    /// With a baseline, SARIF also lists the findings it holds back (`baselineState: "unchanged"`,
    /// with an external suppression) and its fixed entries (`"absent"`). GitHub code scanning opens
    /// an alert for every uploaded result, so leave this off for uploads
    #[arg(long, help_heading = "Output")]
    pub sarif_baselined: bool,
    /// Print the number of findings per rule on stdout instead of the findings
    #[arg(long, help_heading = "Output")]
    pub statistics: bool,
    /// Exit 1 when a finding is at or above this severity [default: `fail-on` of the configuration,
    /// else warning]
    #[arg(long, value_enum, help_heading = "Output")]
    pub fail_on: Option<FailOn>,
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
    #[command(flatten)]
    pub fixes: FixArgs,
}

/// Autofix (docs/fixes.md).
#[derive(Debug, Clone, Args)]
pub struct FixArgs {
    /// Apply the safe fixes in place, then report what is left (stdin: print the fixed text)
    #[arg(long, help_heading = "Fix")]
    pub fix: bool,
    /// Also apply (with --fix) or show (with --diff) the unsafe fixes, which can change what a
    /// working client must send
    #[arg(long, help_heading = "Fix")]
    pub unsafe_fixes: bool,
    /// Print a unified diff of what --fix would change and write nothing; exit 1 when there is a diff
    #[arg(long, help_heading = "Fix")]
    pub diff: bool,
}

/// Options that decide which rules run and how (shared by `check` and `baseline`).
#[derive(Debug, Clone, Args)]
pub struct RuleArgs {
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
    /// Also warn on client secrets under 160 bits of entropy (RFC 6749 §10.10's SHOULD)
    #[arg(long, help_heading = "Rules")]
    pub strict: bool,
}

#[derive(Debug, Clone, Args)]
pub struct BaselineArgs {
    /// Files or folders to lint; `-` reads stdin
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub rules: RuleArgs,
    /// Only drop the entries whose finding is gone; add none
    #[arg(long)]
    pub prune: bool,
    /// Write (and with --prune, read) this file instead of the repository root's `.oauthlint-baseline.json`
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
}
