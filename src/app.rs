//! The commands behind the command line: check, baseline, rule, rules, inspect. Returns exit codes.

use crate::baseline;
use crate::cli::{
    BaselineArgs, CheckArgs, Cli, Color, Command, FailOn, InputArgs, OutputTarget, Profile, RuleArgs, RulesFormat,
};
use crate::config::{Configs, Flags, Settings};
use crate::discover::DiscoverOptions;
use crate::escape;
use crate::finding::{Finding, Severity};
use crate::fix::{self, apply::FileFix, apply::Mode};
use crate::infer::{ClientType, Inference};
use crate::model::Client;
use crate::registry::{self, Default};
use crate::report::{self, Format, View};
use crate::{Input, Run};
use clap::{CommandFactory, ValueEnum};
use std::collections::BTreeSet;
use std::io::{self, IsTerminal, Write};
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

/// Exit codes (README, docs/compatibility.md): the same for every output format.
pub const EXIT_CLEAN: u8 = 0;
pub const EXIT_FINDINGS: u8 = 1;
pub const EXIT_USAGE: u8 = 2;
pub const EXIT_INPUT: u8 = 3;

pub fn main(cli: Cli) -> u8 {
    let result = match cli.command {
        None => check(&cli.check),
        Some(Command::Check(args)) => check(&args),
        Some(Command::Baseline(args)) => write_baseline(&args),
        Some(Command::Rule { name }) => rule(&name),
        Some(Command::Rules { format }) => rules(format),
        Some(Command::Inspect { paths, input }) => inspect(paths, &input),
        Some(Command::Completions { shell }) => completions(shell),
        Some(Command::Manpage) => manpage(),
    };
    match result {
        Ok(code) => code,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => EXIT_CLEAN,
        Err(e) => {
            eprintln!("oauthlint: {}", escape::text(&e.to_string()));
            EXIT_INPUT
        }
    }
}

fn discover_options(input: &InputArgs) -> DiscoverOptions {
    DiscoverOptions {
        include: input.include.clone(),
        exclude: input.exclude.clone(),
        no_gitignore: input.no_gitignore,
        max_file_size: input.max_file_size,
        force_exclude: input.force_exclude,
        outputs: Vec::new(),
        threads: input.threads,
    }
}

fn input_of(paths: Vec<std::path::PathBuf>, input: &InputArgs) -> Result<Input, String> {
    if paths.iter().any(|p| p.as_os_str() == "-") {
        if paths.len() > 1 {
            return Err("`-` (stdin) cannot be combined with other paths".into());
        }
        return Ok(Input::Stdin {
            name: input.stdin_filename.clone().unwrap_or_else(|| "stdin.json".into()),
        });
    }
    Ok(Input::Paths(paths))
}

fn usage_error(message: &str) -> io::Result<u8> {
    // Configuration errors quote the configuration's keys and values: hostile in a pull request.
    eprintln!("oauthlint: error: {}", escape::text(message));
    Ok(EXIT_USAGE)
}

fn use_color(choice: Color) -> bool {
    match choice {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => {
            std::env::var_os("FORCE_COLOR").is_some_and(|v| !v.is_empty() && v != "0")
                || (std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && io::stdout().is_terminal())
        }
    }
}

/// Where each file's settings come from: `--config`, `--no-config`, or its nearest `.oauthlint.toml`.
fn configs(input: &InputArgs, flags: Flags) -> Result<Configs, String> {
    match (&input.config, input.no_config) {
        (Some(path), _) => Configs::file(path, flags).map_err(|e| e.to_string()),
        (None, true) => Ok(Configs::flags_only(flags)),
        (None, false) => Ok(Configs::nearest(flags)),
    }
}

fn flags(rules: &RuleArgs) -> Flags {
    Flags {
        pedantic: rules.pedantic,
        profile: rules.profile.map(|p| match p {
            Profile::Oauth21 => "oauth21".to_string(),
            Profile::Fapi2 => "fapi2".to_string(),
        }),
        allow_dev_loopback: rules.allow_dev_loopback,
        strict: rules.strict,
        now: SystemTime::now().duration_since(UNIX_EPOCH).ok().map(|d| d.as_secs()),
        select: rules.select.clone(),
        ignore: rules.ignore.clone(),
        keep_clients: false,
    }
}

/// Lints as `check` and `baseline` do; also gives the configuration's `fail-on` and the settings of
/// the current folder. An error is a usage error.
fn lint(
    paths: &[std::path::PathBuf],
    input: &InputArgs,
    rules: &RuleArgs,
    outputs: &[std::path::PathBuf],
) -> Result<(Run, Option<FailOn>, Arc<Settings>), String> {
    let kind = input_of(paths.to_vec(), input)?;
    let mut configs = configs(input, flags(rules))?;
    // The reports' own files are never linted (and never written over a linted file).
    let discover = DiscoverOptions {
        outputs: outputs.to_vec(),
        ..discover_options(input)
    };
    if input.threads > 0 {
        // The linting's pool; built once per process, so a second call keeps the first pool.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(input.threads)
            .build_global();
    }
    let run = crate::run_with(kind, &mut configs, &discover)?;
    let fail_on = configs.fail_on().map_err(|e| e.to_string())?;
    let here = configs.for_cwd().map_err(|e| e.to_string())?;
    Ok((run, fail_on, here))
}

fn check(args: &CheckArgs) -> io::Result<u8> {
    let root = report::SourceRoot::discover();
    // A broken baseline is found before any file is read.
    let baseline = match baseline::locate(args.baseline.as_deref(), args.no_baseline, &root) {
        Ok(b) => b,
        Err(e) => return usage_error(&e),
    };
    if let Err(e) = check_outputs(args) {
        return usage_error(&e);
    }
    let outputs: Vec<_> = args.output.iter().map(|o| o.path.clone()).collect();
    let (mut run, configured_fail_on, here) = match lint(&args.paths, &args.input, &args.rules, &outputs) {
        Ok(linted) => linted,
        Err(e) => return usage_error(&e),
    };
    let fail_on = args.fail_on.or(configured_fail_on).unwrap_or(FailOn::Warning);
    let mut fixes = report::Fixes {
        applied: None,
        unsafe_fixes: args.fixes.unsafe_fixes,
    };
    let mut fix_failed = false;
    if args.fixes.fix || args.fixes.diff {
        let mode = Mode {
            unsafe_fixes: args.fixes.unsafe_fixes,
        };
        let held = |path: &str, f: &Finding| baseline.as_ref().is_some_and(|b| b.holds(path, f, &root));
        let fixed = fix::apply::fix_run(&run, mode, &held);
        for ff in &fixed {
            if let Some(e) = &ff.fixed.error {
                eprintln!(
                    "oauthlint: error: {}: not fixed: {}",
                    escape::path(&ff.path),
                    escape::text(e)
                );
                fix_failed = true;
            }
        }
        let count: usize = fixed.iter().map(|ff| ff.fixed.fixed).sum();
        if args.fixes.diff {
            return show_diff(&run, &fixed, count, fix_failed);
        }
        if args.paths.iter().any(|p| p.as_os_str() == "-") {
            return fix_stdin(&mut run, &fixed, count, fail_on, args);
        }
        let mut written = 0;
        for ff in fixed.iter().filter(|ff| ff.changed()) {
            let path = std::path::Path::new(&ff.path);
            match fix::apply::write(path, &ff.original, &ff.fixed.text, args.input.max_file_size) {
                Ok(()) => written += ff.fixed.fixed,
                Err(e) => {
                    eprintln!(
                        "oauthlint: error: {}: not fixed: {}",
                        escape::path(&ff.path),
                        escape::text(&e.to_string())
                    );
                    fix_failed = true;
                }
            }
        }
        // What is left is what a run over the fixed files finds.
        if fixed.iter().any(FileFix::changed) {
            run = match lint(&args.paths, &args.input, &args.rules, &outputs) {
                Ok((run, _, _)) => run,
                Err(e) => return usage_error(&e),
            };
        }
        fixes.applied = Some(written);
    }
    let baseline = baseline.map(|b| b.apply(&mut run, &root));
    // SARIF lists the rules that ran on any file.
    let enabled: BTreeSet<&str> = std::iter::once(&here)
        .chain(run.files.iter().map(|f| &f.settings))
        .flat_map(|s| s.enabled())
        .collect();
    let mut view = View {
        min_severity: args.min_severity,
        rules: registry::all().iter().filter(|r| enabled.contains(r.name)).collect(),
        sarif_category: args.sarif_category.clone(),
        baseline,
        sarif_baselined: args.sarif_baselined,
        fixes,
        ..View::plain(&run, root)
    };
    let mut code = exit_code(&run, fail_on.threshold().filter(|_| !args.exit_zero));
    if fix_failed {
        code = EXIT_INPUT;
    }
    // Files first: a closed stdout (`| head`) must not cost the SARIF upload its file.
    for target in &args.output {
        if let Err(e) = write_output(target, &view) {
            eprintln!(
                "oauthlint: error: cannot write {} output to {}: {}",
                format_name(target.format),
                escape::text(&target.path.display().to_string()),
                escape::text(&e.to_string())
            );
            code = EXIT_INPUT;
        }
    }
    if args.quiet {
        return Ok(code);
    }
    let format = args.format.unwrap_or(if io::stdout().is_terminal() {
        Format::Full
    } else {
        Format::Concise
    });
    if args.statistics || !format.reports_input_errors() {
        for e in &run.errors {
            eprintln!(
                "oauthlint: error: {}: {}",
                escape::text(&e.path),
                escape::text(&e.message)
            );
        }
    }
    if args.statistics || !format.reports_skipped_files() {
        for path in &run.too_large {
            eprintln!(
                "oauthlint: note: {}: skipped, larger than --max-file-size",
                escape::text(path)
            );
        }
    }
    if let (Some(outcome), true) = (&view.baseline, args.statistics || format != Format::Json) {
        baseline_notes(outcome);
    }
    if let Some(kept_out) = report::kept_out(&run) {
        // "0 files, all clean" after a pull request ignored everything must not look like a pass.
        if run.files_scanned == 0 {
            eprintln!("oauthlint: warning: no file was linted: {kept_out}");
        } else if args.statistics || !(format.reports_skipped_files() || format == Format::Concise) {
            // `full` and `concise` say it in their summary line.
            eprintln!("oauthlint: note: not linted: {kept_out}");
        }
    }
    view.style.color = use_color(args.color);
    // Stdout is line-buffered; SARIF and JSON are many short lines.
    let mut out = io::BufWriter::new(io::stdout().lock());
    if args.statistics {
        report::statistics(&view, &mut out)?;
    } else {
        report::emit(format, &view, &mut out)?;
    }
    out.flush()?;
    // `concise` is one line a finding, for tools; people reading it in a terminal or a log still
    // get the totals, on stderr where tools do not read them.
    if format == Format::Concise && !args.statistics {
        eprintln!("{}", report::summary(&view));
    }
    Ok(code)
}

/// `--diff`: the diff of every file `--fix` would change, secrets masked, on stdout; exit 1 when
/// there is one.
fn show_diff(run: &Run, fixed: &[FileFix], count: usize, failed: bool) -> io::Result<u8> {
    let mut out = io::BufWriter::new(io::stdout().lock());
    // By path, the first of a path named twice winning; a scan per fixed file was quadratic.
    let files: std::collections::HashMap<&str, _> = run.files.iter().rev().map(|f| (f.path.as_str(), f)).collect();
    for ff in fixed.iter().filter(|ff| ff.changed()) {
        let Some(file) = files.get(ff.path.as_str()) else {
            continue;
        };
        // The fixed text holds the secrets it had, at moved offsets: mask it as its own lint does.
        let after = crate::lint_bytes(&ff.path, ff.fixed.text.as_bytes(), &file.settings);
        let diff = fix::diff::unified(
            &ff.path,
            &file.secrets.masked_source(&file.text),
            &after.secrets.masked_source(&ff.fixed.text),
            &ff.fixed.rewrites,
        );
        out.write_all(diff.as_bytes())?;
    }
    out.flush()?;
    let files = fixed.iter().filter(|ff| ff.changed()).count();
    eprintln!(
        "oauthlint: would fix {count} finding{} in {files} file{}",
        if count == 1 { "" } else { "s" },
        if files == 1 { "" } else { "s" }
    );
    Ok(if failed {
        EXIT_INPUT
    } else if files > 0 {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    })
}

/// `--fix` on stdin: the fixed text on stdout (the text as read when nothing applies), the summary
/// on stderr, and the exit code of what is left.
fn fix_stdin(run: &mut Run, fixed: &[FileFix], count: usize, fail_on: FailOn, args: &CheckArgs) -> io::Result<u8> {
    if let (Some(ff), Some(file)) = (fixed.iter().find(|ff| ff.changed()), run.files.first_mut()) {
        *file = crate::lint_bytes(&ff.path, ff.fixed.text.as_bytes(), &file.settings);
    }
    let Some(file) = run.files.first() else {
        return Ok(exit_code(run, None));
    };
    let mut out = io::stdout().lock();
    out.write_all(file.text.as_bytes())?;
    out.flush()?;
    let left = file.findings.len();
    if !args.quiet {
        eprintln!(
            "oauthlint: fixed {count} finding{} ({left} left)",
            if count == 1 { "" } else { "s" }
        );
    }
    let failed = fixed.iter().any(|ff| ff.fixed.error.is_some());
    Ok(if failed {
        EXIT_INPUT
    } else {
        exit_code(run, fail_on.threshold().filter(|_| !args.exit_zero))
    })
}

/// The baseline on stderr, for formats that do not carry it: how many findings it holds back, and
/// its entries whose finding is gone.
fn baseline_notes(outcome: &baseline::Outcome) {
    let file = escape::path(&outcome.path);
    if outcome.baselined > 0 {
        eprintln!(
            "oauthlint: note: {} finding(s) in the baseline {file} not reported",
            outcome.baselined
        );
    }
    if outcome.fixed.is_empty() {
        return;
    }
    eprintln!(
        "oauthlint: note: fixed since the baseline: {}, no finding has their fingerprint; `oauthlint baseline --prune` drops them:",
        baseline::entries_counted(outcome.fixed.len())
    );
    for fixed in &outcome.fixed {
        let e = &fixed.entry;
        let client = e
            .client
            .as_deref()
            .map(|c| format!(" (client `{}`)", escape::text(c)))
            .unwrap_or_default();
        let moved = fixed
            .moved_to
            .as_deref()
            .map(|p| {
                format!(
                    "; a finding like it is new in {}: if the file moved, run `oauthlint baseline` again",
                    escape::path(p)
                )
            })
            .unwrap_or_default();
        eprintln!(
            "  {} in {}{client}: {}{moved}",
            escape::path(&e.rule),
            escape::path(&e.path),
            escape::text(&e.message)
        );
    }
}

/// `oauthlint baseline`: records every finding, or with `--prune` drops the entries whose finding is
/// gone. Nothing is written when an input could not be read: its entries would be lost.
fn write_baseline(args: &BaselineArgs) -> io::Result<u8> {
    let root = report::SourceRoot::discover();
    let path = args
        .baseline
        .clone()
        .unwrap_or_else(|| root.root().join(baseline::FILE_NAME));
    let shown = escape::path(&root.display(&path.to_string_lossy())).into_owned();
    let existing = if args.prune {
        match baseline::read(&path) {
            Ok(b) => Some(b),
            Err(e) => return usage_error(&e),
        }
    } else {
        None
    };
    let (mut run, _, _) = match lint(&args.paths, &args.input, &args.rules, &[]) {
        Ok(linted) => linted,
        Err(e) => return usage_error(&e),
    };
    if !run.errors.is_empty() {
        for e in &run.errors {
            eprintln!("oauthlint: error: {}: {}", e.path, e.message);
        }
        eprintln!("oauthlint: error: {shown} not written: some input could not be read");
        return Ok(EXIT_INPUT);
    }
    let (entries, said) = match &existing {
        Some(b) => {
            let outcome = b.apply(&mut run, &root);
            let kept = b.pruned(&outcome);
            let said = format!(
                "dropped {} (fixed), kept {}",
                baseline::entries_counted(outcome.fixed.len()),
                kept.len()
            );
            (kept, said)
        }
        None => {
            let entries = baseline::entries(&run, &root);
            let said = format!("recorded {} finding(s)", entries.len());
            (entries, said)
        }
    };
    baseline::write(&path, entries)?;
    eprintln!("oauthlint: {shown}: {said}");
    Ok(EXIT_CLEAN)
}

fn format_name(format: Format) -> String {
    format
        .to_possible_value()
        .map_or_else(|| format!("{format:?}"), |v| v.get_name().to_string())
}

/// Refuses, before anything is read, an `--output` that a symlink would redirect, that is a folder,
/// that is given twice, or that is the `--config` file; one that is a file to lint is refused by
/// the walk (`DiscoverOptions::outputs`).
fn check_outputs(args: &CheckArgs) -> Result<(), String> {
    let config = args.input.config.as_deref().and_then(|c| std::fs::canonicalize(c).ok());
    for (i, target) in args.output.iter().enumerate() {
        let refuse = |why: &str| {
            Err(format!(
                "cannot write {} output to {}: {why}",
                format_name(target.format),
                escape::path(&target.path.display().to_string())
            ))
        };
        if let Some(why) = crate::output::refusal(&target.path) {
            return refuse(&why);
        }
        let path = crate::discover::absolute(&target.path);
        if args.output[..i]
            .iter()
            .any(|o| crate::discover::absolute(&o.path) == path)
        {
            return refuse("another --output writes there too");
        }
        if config.is_some() && std::fs::canonicalize(&target.path).ok() == config {
            return refuse("it is the --config file");
        }
    }
    Ok(())
}

/// Writes one `--output` as it is rendered (see [`crate::output::write`]).
fn write_output(target: &OutputTarget, view: &View) -> io::Result<()> {
    crate::output::write(&target.path, |out| report::emit(target.format, view, out))
}

/// 3 when any input failed, else 1 when a finding reaches the threshold, else 0.
pub fn exit_code(run: &Run, fail_on: Option<Severity>) -> u8 {
    if !run.errors.is_empty() {
        return EXIT_INPUT;
    }
    let failing = fail_on.is_some_and(|t| {
        run.files
            .iter()
            .flat_map(|f| &f.findings)
            .any(|f| report::severity(f) >= t)
    });
    if failing {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}

/// Rendered in memory first: clap_complete panics when its writer fails (`| head`).
fn completions(shell: clap_complete::Shell) -> io::Result<u8> {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "oauthlint", &mut script);
    io::stdout().lock().write_all(&script)?;
    Ok(EXIT_CLEAN)
}

fn manpage() -> io::Result<u8> {
    let mut page = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut page)?;
    io::stdout().lock().write_all(&page)?;
    Ok(EXIT_CLEAN)
}

fn rule(name: &str) -> io::Result<u8> {
    let Some(rule) = registry::get(name) else {
        return usage_error(&format!("no rule named `{name}`; `oauthlint rules` lists them"));
    };
    let mut out = io::stdout().lock();
    writeln!(out, "# {}\n", rule.name)?;
    writeln!(
        out,
        "category: {} · severity: {} · default: {}",
        rule.category,
        rule.severity,
        default_name(&rule.default)
    )?;
    if let Some(fix) = &rule.fix {
        writeln!(out, "fix: {fix} (see `## Fix`)")?;
    }
    if !rule.references.is_empty() {
        writeln!(out, "references: {}", rule.references.join(", "))?;
    }
    writeln!(out, "\n{}", rule.doc.trim_end())?;
    Ok(EXIT_CLEAN)
}

fn default_name(d: &Default) -> String {
    match d {
        Default::On => "on".into(),
        Default::Pedantic => "pedantic".into(),
        Default::Profile(p) => format!("profile:{p}"),
    }
}

/// How the profiles change a rule, or `-` when none does.
fn profiles_of(r: &registry::Rule) -> String {
    if r.profiles.is_empty() {
        "-".into()
    } else {
        r.profiles.join("; ")
    }
}

/// The fixes a rule's findings may carry, or `-`.
fn fix_of(r: &registry::Rule) -> &str {
    r.fix.as_deref().unwrap_or("-")
}

fn rules(format: RulesFormat) -> io::Result<u8> {
    let mut out = io::stdout().lock();
    let all = registry::all();
    match format {
        RulesFormat::Json => {
            let list: Vec<_> = all
                .iter()
                .map(|r| {
                    let options: Vec<_> = r.options.iter().map(|o| serde_json::json!({ "name": o.name, "default": o.written })).collect();
                    serde_json::json!({ "name": r.name, "category": r.category, "severity": r.severity, "default": default_name(&r.default), "profiles": r.profiles, "options": options, "fix": r.fix, "references": r.references, "summary": r.summary })
                })
                .collect();
            serde_json::to_writer_pretty(&mut out, &list)?;
            writeln!(out)?;
        }
        RulesFormat::Markdown => {
            writeln!(
                out,
                "| rule | category | severity | default | profiles | fix | what it does |\n| --- | --- | --- | --- | --- | --- | --- |"
            )?;
            for r in all {
                writeln!(
                    out,
                    "| `{}` | {} | {} | {} | {} | {} | {} |",
                    r.name,
                    r.category,
                    r.severity,
                    default_name(&r.default),
                    profiles_of(r),
                    fix_of(r),
                    r.summary.replace('|', "\\|")
                )?;
            }
        }
        RulesFormat::Text => {
            let width = all.iter().map(|r| r.name.len()).max().unwrap_or(0);
            writeln!(
                out,
                "{:width$}  {:10}  {:8}  {:14}  {:12}  profiles",
                "rule", "category", "severity", "default", "fix"
            )?;
            for r in all {
                writeln!(
                    out,
                    "{:width$}  {:10}  {:8}  {:14}  {:12}  {}",
                    r.name,
                    r.category,
                    r.severity.as_str(),
                    default_name(&r.default),
                    fix_of(r),
                    profiles_of(r)
                )?;
            }
            writeln!(
                out,
                "\n{} rules; `oauthlint rule NAME` prints one rule's documentation",
                all.len()
            )?;
        }
    }
    Ok(EXIT_CLEAN)
}

/// The flow each type of client should use (docs/rules-background.md, with RFC 9700's corrections).
pub fn recommended_flow(t: ClientType) -> &'static str {
    match t {
        ClientType::M2m => "client credentials, confidential; `private_key_jwt` or mTLS preferred (RFC 9700 §2.5); no redirect URIs",
        ClientType::Web => "authorization code with PKCE, confidential; exact https redirect URIs (RFC 9700 §2.1.1, §2.6)",
        ClientType::Spa => "authorization code with PKCE (S256), public; no implicit; refresh tokens rotated or DPoP-bound (RFC 9700 §2.1.2, §2.2.2) — or a backend-for-frontend registered as `web`",
        ClientType::Native => "authorization code with PKCE, public; claimed https, reverse-domain scheme or loopback IP literal redirects (RFC 8252)",
        ClientType::Ropc => "not the password grant: RFC 9700 §2.4 says MUST NOT; use authorization code with PKCE and a first-party login page (the device grant for input-constrained devices)",
        ClientType::JwtBearer => "the JWT bearer grant (RFC 7523) with the issuer's keys registered, and `private_key_jwt` or mTLS client authentication; a third party acting for users should use authorization code with PKCE and consent",
        ClientType::Device => "the device authorization grant (RFC 8628), public, with no secret",
        ClientType::Unknown => "cannot say until the client's type is known: add `application_type`, a type field, or its auth method",
    }
}

/// What the client is configured to do now, in one line.
fn current_flows(c: &Client, inference: &Inference) -> String {
    let mut parts = Vec::new();
    match &c.grants {
        Some(g) => {
            let names: Vec<String> = g
                .iter()
                .map(|f| escape::text(&f.value.to_string()).into_owned())
                .collect();
            let default = if g.origin.is_default() { " (default)" } else { "" };
            parts.push(format!(
                "grants: {}{default}",
                if names.is_empty() {
                    "none".into()
                } else {
                    names.join(", ")
                }
            ));
        }
        None => parts.push("grants: not stated".into()),
    }
    if let Some(r) = &c.response_types {
        let names: Vec<String> = r
            .iter()
            .map(|f| escape::text(&f.value.to_string()).into_owned())
            .collect();
        parts.push(format!("response types: {}", names.join(", ")));
    }
    parts.push(format!(
        "auth: {}",
        c.auth_method
            .as_ref()
            .map_or("not stated".to_string(), |m| match m.origin.elsewhere() {
                _ if m.origin.is_default() => format!("{} (default)", escape::text(&m.value)),
                Some(elsewhere) => format!("{} ({})", escape::text(&m.value), escape::text(&elsewhere)),
                None => escape::text(&m.value).into_owned(),
            })
    ));
    parts.push(format!(
        "PKCE: {}",
        match &c.pkce.required {
            Some(r) if r.value => "required",
            Some(_) => "not required",
            None => "not stated (server policy)",
        }
    ));
    parts.push(match inference.public {
        Some(true) => "public".into(),
        Some(false) => "confidential".into(),
        None => "confidentiality unknown".into(),
    });
    parts.join("; ")
}

/// The values the rules needed for this client and the file does not give.
fn write_undecided(
    out: &mut impl Write,
    client: &Client,
    inference: &Inference,
    settings: &crate::config::Settings,
) -> io::Result<()> {
    let redirects = crate::uri::redirects(client, &settings.rule_options.placeholders);
    let cx = crate::rules::Ctx {
        client,
        redirects: &redirects,
        inference,
        options: &settings.rule_options,
    };
    let undecided = crate::rules::undecided(&cx);
    if undecided.is_empty() {
        return writeln!(out, "  undecided:  nothing: every value the checks need is in the file");
    }
    writeln!(
        out,
        "  undecided:  not in the file, so not checked (confirm at the server):"
    )?;
    for u in undecided {
        writeln!(out, "    - {} (for {})", u.value, u.rules.join(", "))?;
    }
    Ok(())
}

fn inspect(paths: Vec<std::path::PathBuf>, input: &InputArgs) -> io::Result<u8> {
    let input_kind = match input_of(paths, input) {
        Ok(i) => i,
        Err(e) => return usage_error(&e),
    };
    let flags = Flags {
        keep_clients: true,
        ..Flags::default()
    };
    let run = configs(input, flags)
        .and_then(|mut configs| crate::run_with(input_kind, &mut configs, &discover_options(input)));
    let run = match run {
        Ok(run) => run,
        Err(e) => return usage_error(&e),
    };
    let mut stdout = io::stdout().lock();
    for file in &run.files {
        // Each file's text is scrubbed of its secrets as a whole, whatever part of it quotes them.
        let mut out = Vec::new();
        // The flags keep every whole client.
        for (cr, c) in file.clients.iter().filter_map(|cr| Some((cr, cr.client.as_deref()?))) {
            let i = &cr.inference;
            writeln!(
                out,
                "{}#{} — client `{}`{}",
                escape::path(&file.path),
                escape::text(cr.pointer.as_str()),
                escape::text(cr.display_id()),
                if cr.builtin { " (built in)" } else { "" }
            )?;
            writeln!(out, "  format:     {}", cr.format)?;
            if let Some(n) = cr.document {
                writeln!(
                    out,
                    "  document:   {n} of the YAML stream (counting from 0, as in the JSON output)"
                )?;
            }
            let roles: Vec<&str> = i.roles.iter().map(|r| r.as_str()).collect();
            writeln!(
                out,
                "  type:       {} ({} confidence){}",
                i.client_type,
                i.confidence.as_str(),
                if roles.is_empty() {
                    String::new()
                } else {
                    format!(", also {}", roles.join(", "))
                }
            )?;
            writeln!(out, "  evidence:")?;
            for e in &i.evidence {
                writeln!(out, "    - {}", escape::text(e))?;
            }
            let resource_server = c
                .declared
                .as_ref()
                .is_some_and(|d| d.value == crate::model::Declared::ResourceServer);
            let should = if resource_server {
                "no flow: a resource server only accepts tokens, so every flow switch should be off"
            } else if i.client_type == ClientType::Web && i.is_public() {
                // A server-side app its provider keeps public (Zitadel's PKCE web app).
                "authorization code with PKCE (S256), public as its provider registers it; exact https redirect URIs (RFC 9700 §2.1.1, §2.6), or a secret or key if the provider allows one"
            } else {
                recommended_flow(i.client_type)
            };
            writeln!(out, "  should use: {should}")?;
            writeln!(out, "  uses now:   {}", current_flows(c, i))?;
            write_undecided(&mut out, c, i, &file.settings)?;
            writeln!(out)?;
        }
        if file.clients.is_empty() {
            writeln!(
                out,
                "{}: no clients found{}\n",
                escape::path(&file.path),
                file.format.map(|f| format!(" (format {f})")).unwrap_or_default()
            )?;
        }
        stdout.write_all(file.secrets.scrub(&String::from_utf8_lossy(&out)).as_bytes())?;
    }
    let mut out = stdout;
    for e in &run.errors {
        writeln!(out, "error: {}: {}", escape::text(&e.path), escape::text(&e.message))?;
    }
    Ok(if run.errors.is_empty() { EXIT_CLEAN } else { EXIT_INPUT })
}
