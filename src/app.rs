//! The commands behind the command line: check, rule, rules, inspect. Returns exit codes.

use crate::cli::{CheckArgs, Cli, Color, Command, FailOn, InputArgs, OutputTarget, Profile, RulesFormat};
use crate::config::{Configs, Flags};
use crate::discover::DiscoverOptions;
use crate::finding::Severity;
use crate::infer::ClientType;
use crate::lint::ClientReport;
use crate::registry::{self, Default};
use crate::report::{self, Format, View};
use crate::{Input, Run};
use clap::ValueEnum;
use std::collections::BTreeSet;
use std::io::{self, IsTerminal, Write};
use std::time::{SystemTime, UNIX_EPOCH};

/// Exit codes (DESIGN.md): the same for every output format.
pub const EXIT_CLEAN: u8 = 0;
pub const EXIT_FINDINGS: u8 = 1;
pub const EXIT_USAGE: u8 = 2;
pub const EXIT_INPUT: u8 = 3;

pub fn main(cli: Cli) -> u8 {
    let result = match cli.command {
        None => check(&cli.check),
        Some(Command::Check(args)) => check(&args),
        Some(Command::Rule { name }) => rule(&name),
        Some(Command::Rules { format }) => rules(format),
        Some(Command::Inspect { paths, input }) => inspect(paths, &input),
    };
    match result {
        Ok(code) => code,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => EXIT_CLEAN,
        Err(e) => {
            eprintln!("oauthlint: {e}");
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
        outputs: Vec::new(),
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
    eprintln!("oauthlint: error: {message}");
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

fn check(args: &CheckArgs) -> io::Result<u8> {
    let flags = Flags {
        pedantic: args.pedantic,
        profile: args.profile.map(|p| match p {
            Profile::Oauth21 => "oauth21".to_string(),
            Profile::Fapi2 => "fapi2".to_string(),
        }),
        allow_dev_loopback: args.allow_dev_loopback,
        strict: args.strict,
        now: SystemTime::now().duration_since(UNIX_EPOCH).ok().map(|d| d.as_secs()),
        select: args.select.clone(),
        ignore: args.ignore.clone(),
    };
    let input = match input_of(args.paths.clone(), &args.input) {
        Ok(i) => i,
        Err(e) => return usage_error(&e),
    };
    if let Err(e) = check_outputs(args) {
        return usage_error(&e);
    }
    let discover = DiscoverOptions {
        outputs: args.output.iter().map(|o| o.path.clone()).collect(),
        ..discover_options(&args.input)
    };
    let run = configs(&args.input, flags).and_then(|mut configs| {
        let run = crate::run_with(input, &mut configs, &discover)?;
        let fail_on = match args.fail_on {
            Some(f) => f,
            None => configs.fail_on().map_err(|e| e.to_string())?.unwrap_or(FailOn::Warning),
        };
        let here = configs.for_cwd().map_err(|e| e.to_string())?;
        Ok((run, fail_on, here))
    });
    let (run, fail_on, here) = match run {
        Ok(run) => run,
        Err(e) => return usage_error(&e),
    };
    // SARIF lists the rules that ran on any file.
    let enabled: BTreeSet<&str> = std::iter::once(&here)
        .chain(run.files.iter().map(|f| &f.settings))
        .flat_map(|s| s.enabled())
        .collect();
    let mut view = View {
        min_severity: args.min_severity,
        rules: registry::all().iter().filter(|r| enabled.contains(r.name)).collect(),
        sarif_category: args.sarif_category.clone(),
        ..View::plain(&run, report::SourceRoot::discover())
    };
    let mut code = exit_code(&run, fail_on.threshold().filter(|_| !args.exit_zero));
    // Files first: a closed stdout (`| head`) must not cost the SARIF upload its file.
    for target in &args.output {
        if let Err(e) = write_output(target, &view) {
            eprintln!(
                "oauthlint: error: cannot write {} output to {}: {e}",
                format_name(target.format),
                target.path.display()
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
            eprintln!("oauthlint: error: {}: {}", e.path, e.message);
        }
    }
    if args.statistics || !format.reports_skipped_files() {
        for path in &run.too_large {
            eprintln!("oauthlint: note: {path}: skipped, larger than --max-file-size");
        }
    }
    if let Some(kept_out) = report::kept_out(&run) {
        // "0 files, all clean" after a pull request ignored everything must not look like a pass.
        if run.files_scanned == 0 {
            eprintln!("oauthlint: warning: no file was linted: {kept_out}");
        } else if args.statistics || !format.reports_skipped_files() {
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
    Ok(code)
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
                report::one_line(&target.path.display().to_string())
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

/// Renders one `--output` in memory, then writes it (see [`crate::output::write`]).
fn write_output(target: &OutputTarget, view: &View) -> io::Result<()> {
    let mut buf = Vec::new();
    report::emit(target.format, view, &mut buf)?;
    crate::output::write(&target.path, &buf)
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

fn rules(format: RulesFormat) -> io::Result<u8> {
    let mut out = io::stdout().lock();
    let all = registry::all();
    match format {
        RulesFormat::Json => {
            let list: Vec<_> = all
                .iter()
                .map(|r| {
                    let options: Vec<_> = r.options.iter().map(|o| serde_json::json!({ "name": o.name, "default": o.written })).collect();
                    serde_json::json!({ "name": r.name, "category": r.category, "severity": r.severity, "default": default_name(&r.default), "profiles": r.profiles, "options": options, "references": r.references, "summary": r.summary })
                })
                .collect();
            serde_json::to_writer_pretty(&mut out, &list)?;
            writeln!(out)?;
        }
        RulesFormat::Markdown => {
            writeln!(
                out,
                "| rule | category | severity | default | profiles | what it does |\n| --- | --- | --- | --- | --- | --- |"
            )?;
            for r in all {
                writeln!(
                    out,
                    "| `{}` | {} | {} | {} | {} | {} |",
                    r.name,
                    r.category,
                    r.severity,
                    default_name(&r.default),
                    profiles_of(r),
                    r.summary.replace('|', "\\|")
                )?;
            }
        }
        RulesFormat::Text => {
            let width = all.iter().map(|r| r.name.len()).max().unwrap_or(0);
            writeln!(
                out,
                "{:width$}  {:10}  {:8}  {:14}  profiles",
                "rule", "category", "severity", "default"
            )?;
            for r in all {
                writeln!(
                    out,
                    "{:width$}  {:10}  {:8}  {:14}  {}",
                    r.name,
                    r.category,
                    r.severity.as_str(),
                    default_name(&r.default),
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

/// The flow each type of client should use (DESIGN.md's table, with RFC 9700's corrections).
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
fn current_flows(cr: &ClientReport) -> String {
    let c = &cr.client;
    let mut parts = Vec::new();
    match &c.grants {
        Some(g) => {
            let names: Vec<String> = g.iter().map(|f| f.value.to_string()).collect();
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
        let names: Vec<String> = r.iter().map(|f| f.value.to_string()).collect();
        parts.push(format!("response types: {}", names.join(", ")));
    }
    parts.push(format!(
        "auth: {}",
        c.auth_method
            .as_ref()
            .map_or("not stated".to_string(), |m| if m.origin.is_default() {
                format!("{} (default)", m.value)
            } else {
                m.value.clone()
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
    parts.push(match cr.inference.public {
        Some(true) => "public".into(),
        Some(false) => "confidential".into(),
        None => "confidentiality unknown".into(),
    });
    parts.join("; ")
}

/// The values the rules needed for this client and the file does not give.
fn write_undecided(out: &mut impl Write, cr: &ClientReport, settings: &crate::config::Settings) -> io::Result<()> {
    let redirects = crate::uri::redirects(&cr.client);
    let cx = crate::rules::Ctx {
        client: &cr.client,
        redirects: &redirects,
        inference: &cr.inference,
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
    let run = configs(input, Flags::default())
        .and_then(|mut configs| crate::run_with(input_kind, &mut configs, &discover_options(input)));
    let run = match run {
        Ok(run) => run,
        Err(e) => return usage_error(&e),
    };
    let mut out = io::stdout().lock();
    for file in &run.files {
        for cr in &file.clients {
            let c = &cr.client;
            let i = &cr.inference;
            writeln!(
                out,
                "{}#{} — client `{}`{}",
                file.path,
                c.pointer,
                c.display_id(),
                if c.builtin { " (built in)" } else { "" }
            )?;
            writeln!(out, "  format:     {}", c.format)?;
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
                writeln!(out, "    - {e}")?;
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
            writeln!(out, "  uses now:   {}", current_flows(cr))?;
            write_undecided(&mut out, cr, &file.settings)?;
            writeln!(out)?;
        }
        if file.clients.is_empty() {
            writeln!(
                out,
                "{}: no clients found{}\n",
                file.path,
                file.format.map(|f| format!(" (format {f})")).unwrap_or_default()
            )?;
        }
    }
    for e in &run.errors {
        writeln!(out, "error: {}: {}", e.path, e.message)?;
    }
    Ok(if run.errors.is_empty() { EXIT_CLEAN } else { EXIT_INPUT })
}
