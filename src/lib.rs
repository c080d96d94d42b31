//! oauthlint: lint OAuth 2.0 / OpenID Connect client registrations.
//!
//! The pipeline runs one way: discover → parse → detect format → extract clients → infer type →
//! rules → suppress → report. [`run`] does it for paths, [`lint::lint_text`] for one text.

pub mod app;
pub mod base64;
pub mod baseline;
pub mod cli;
pub mod config;
pub mod cross;
pub mod date;
pub mod discover;
pub mod document;
pub mod entropy;
pub mod escape;
pub mod finding;
pub mod fingerprint;
pub mod fix;
pub mod formats;
pub mod infer;
pub mod lint;
pub mod mask;
pub mod model;
pub mod output;
pub mod placeholder;
pub mod registry;
pub mod report;
pub mod rules;
pub mod spelling;
pub mod suppress;
pub mod uri;

use config::{Configs, Reach, Settings};
use discover::{Candidate, DiscoverOptions, InputError, ReadError};
use lint::FileReport;
use rayon::prelude::*;
use std::path::PathBuf;
use std::sync::Arc;

/// The result of one run over many files.
#[derive(Debug, Default)]
pub struct Run {
    /// Files that were linted, sorted by path.
    pub files: Vec<FileReport>,
    pub errors: Vec<InputError>,
    /// Files over `--max-file-size`, left out.
    pub too_large: Vec<String>,
    /// Files looked at (read and checked for tells).
    pub files_scanned: usize,
    /// Files and folders an ignore file kept out (see [`discover::Discovered::ignored`]).
    pub ignored: usize,
    pub ignored_folders: usize,
    /// Files `--exclude`, `--include` or a configuration's `exclude`/`include` left out.
    pub excluded: usize,
    /// Symbolic links the walk did not follow.
    pub symlinks: usize,
}

/// Where input comes from.
pub enum Input {
    Paths(Vec<PathBuf>),
    /// Standard input, linted as if it were the named file.
    Stdin {
        name: String,
    },
}

/// Lints `input` with the same settings for every file and no configuration files.
pub fn run(input: Input, settings: &Settings, opts: &DiscoverOptions) -> Result<Run, String> {
    run_with(input, &mut Configs::fixed(settings.clone()), opts)
}

/// Lints `input`, each file with the settings its configuration gives it.
pub fn run_with(input: Input, configs: &mut Configs, opts: &DiscoverOptions) -> Result<Run, String> {
    let paths = match input {
        Input::Stdin { name } => {
            let settings = configs.for_cwd().map_err(|e| e.to_string())?;
            settings.validate().map_err(|e| e.to_string())?;
            return Ok(run_stdin(&name, settings, opts.max_file_size));
        }
        Input::Paths(p) => p,
    };
    configs
        .for_cwd()
        .map_err(|e| e.to_string())?
        .validate()
        .map_err(|e| e.to_string())?;
    let found = discover::discover(&paths, opts)?;
    let mut jobs = Vec::with_capacity(found.candidates.len());
    let mut excluded = found.excluded;
    for c in found.candidates {
        let reach = match &c.walked_from {
            Some(root) => Reach::Walked(root),
            None if opts.force_exclude => Reach::Forced,
            None => Reach::Named,
        };
        match configs.for_file(&c.path, reach).map_err(|e| e.to_string())? {
            Some(settings) => jobs.push((c, settings)),
            None => excluded += 1,
        }
    }
    let results = lint_jobs(&jobs, opts);
    let mut run = Run {
        errors: found.errors,
        too_large: found.too_large,
        files_scanned: jobs.len(),
        ignored: found.ignored,
        ignored_folders: found.ignored_folders,
        excluded,
        symlinks: found.symlinks,
        ..Run::default()
    };
    for ((c, _), r) in jobs.iter().zip(results) {
        match r {
            Ok(Some(file)) => run.files.push(*file),
            Ok(None) => {}
            Err(e) => run.skip_or_fail(&discover::display_path(&c.path), e, c.named(), opts.max_file_size),
        }
    }
    run.too_large.sort();
    run.errors.sort_by(|a, b| a.path.cmp(&b.path));
    finish_run(&mut run.files);
    Ok(run)
}

fn run_stdin(name: &str, settings: Arc<Settings>, limit: u64) -> Run {
    let mut run = Run {
        files_scanned: 1,
        ..Run::default()
    };
    match discover::read_bounded(std::io::stdin().lock(), limit) {
        Ok(bytes) => {
            let mut files = [lint_one(name, &bytes, settings)];
            finish_run(&mut files);
            run.files.extend(files);
        }
        Err(e) => run.skip_or_fail("-", e, true, limit),
    }
    run
}

impl Run {
    /// Records a file that could not be read. One over the size limit is a skip, counted; named on
    /// the command line (or stdin) it is also an input error, since the user asked for it.
    fn skip_or_fail(&mut self, path: &str, error: ReadError, named: bool, limit: u64) {
        let message = match error {
            ReadError::TooLarge if !named => return self.too_large.push(path.to_string()),
            ReadError::TooLarge => {
                self.too_large.push(path.to_string());
                format!("larger than --max-file-size ({limit} bytes)")
            }
            ReadError::Io(e) => e.to_string(),
        };
        self.errors.push(InputError {
            path: path.to_string(),
            message,
        });
    }
}

/// What is left once every file is linted on its own: the checks across clients, then suppression,
/// then the places and numbering that keep fingerprints stable and apart, then masking secrets in
/// what is shown.
fn finish_run(files: &mut [FileReport]) {
    cross::check(files);
    // Each file on its own from here, so in parallel.
    files.par_iter_mut().for_each(|file| {
        suppress::suppress(file);
        fingerprint::place_late_findings(file);
        lint::number_repeats(&mut file.findings);
        // Last, once every text the file shows is final.
        mask::scrub_report(file);
    });
}

/// A report is boxed: most candidates of a walk hold no client, and the outcomes of all of them are
/// collected before the reports are taken out.
type Outcome = Result<Option<Box<FileReport>>, ReadError>;

/// Lints every job, in parallel, and gives the outcomes in the jobs' order. The Terraform files of
/// one folder are one module: read, parsed and resolved together, then linted each (see
/// [`lint_module`]).
fn lint_jobs(jobs: &[(Candidate, Arc<Settings>)], opts: &DiscoverOptions) -> Vec<Outcome> {
    let mut modules: std::collections::BTreeMap<PathBuf, Vec<usize>> = Default::default();
    let mut units = Vec::new();
    for (i, (c, _)) in jobs.iter().enumerate() {
        if document::module::is_terraform(&c.path) {
            let dir = c.path.parent().map(PathBuf::from).unwrap_or_default();
            modules.entry(dir).or_default().push(i);
        } else {
            units.push(vec![i]);
        }
    }
    units.extend(modules.into_values());
    let mut outcomes: Vec<(usize, Outcome)> = units
        .par_iter()
        .flat_map_iter(|unit| match unit.as_slice() {
            [i] if !document::module::is_terraform(&jobs[*i].0.path) => {
                let (c, settings) = &jobs[*i];
                vec![(*i, lint_file(c, settings, opts))]
            }
            members => lint_module(members, jobs, opts),
        })
        .collect();
    outcomes.sort_by_key(|(i, _)| *i);
    outcomes.into_iter().map(|(_, o)| o).collect()
}

/// A file of a module, read.
struct ModuleSource {
    path: PathBuf,
    text: Arc<str>,
    docs: Result<Vec<document::Document>, document::ParseFailure>,
    /// The job that lints it; `None` for a file read only for its variables, locals and
    /// resources (a sibling of a named file, `variables.tf` without a tell).
    job: Option<usize>,
}

/// Lints the Terraform files `members` (indexes into `jobs`) of one folder as one module: every
/// module file of the folder is read once (those not to be linted too, for their variables,
/// locals and resources), parsed, resolved together, then each member is linted with
/// `Document.module` set to the module's other files.
fn lint_module(
    members: &[usize],
    jobs: &[(Candidate, Arc<Settings>)],
    opts: &DiscoverOptions,
) -> Vec<(usize, Outcome)> {
    let mut outcomes = Vec::new();
    let dir = jobs[members[0]].0.path.parent().map(PathBuf::from).unwrap_or_default();
    let mut read: Vec<(PathBuf, Arc<str>, Option<usize>)> = Vec::new();
    for &i in members {
        let c = &jobs[i].0;
        let bytes = match discover::read_candidate(c, opts.max_file_size) {
            Ok(bytes) => bytes,
            Err(e) => {
                outcomes.push((i, Err(e)));
                continue;
            }
        };
        let bytes = discover::decode(&bytes);
        // A walked file OpenTofu leaves out for its `.tofu` twin is not part of the module.
        let linted = c.explicit || (discover::has_tell(&bytes) && !shadowed(&c.path));
        if !linted {
            outcomes.push((i, Ok(None)));
        }
        match std::str::from_utf8(&bytes) {
            Ok(text) => read.push((c.path.clone(), Arc::from(text), linted.then_some(i))),
            // Not a module file OpenTofu could read; linted alone, it reports why.
            Err(_) if linted => outcomes.push((
                i,
                Ok(keep(
                    c,
                    true,
                    lint_one(&discover::display_path(&c.path), &bytes, jobs[i].1.clone()),
                )),
            )),
            Err(_) => {}
        }
    }
    let named: std::collections::HashSet<PathBuf> = members.iter().map(|&i| jobs[i].0.path.clone()).collect();
    for path in discover::module_files(&dir).into_iter().filter(|p| !named.contains(p)) {
        let Ok(bytes) = discover::read_file_bounded(&path, opts.max_file_size) else {
            continue;
        };
        if let Ok(text) = std::str::from_utf8(&discover::decode(&bytes)) {
            read.push((path, Arc::from(text), None));
        }
    }
    let mut sources: Vec<ModuleSource> = read
        .into_par_iter()
        .map(|(path, text, job)| {
            let syntax = discover::syntax_for(&path).unwrap_or(document::Syntax::Hcl);
            let docs = document::parse_all(&text, syntax);
            ModuleSource { path, text, docs, job }
        })
        .collect();
    // A file OpenTofu leaves out for its `.tofu` twin gives no variables or locals.
    let (mut overrides, mut bases): (Vec<_>, Vec<_>) = sources
        .iter_mut()
        .enumerate()
        .filter(|(_, s)| !shadowed(&s.path))
        .filter_map(|(i, s)| Some((i, document::module::is_override(&s.path), s.docs.as_mut().ok()?)))
        .flat_map(|(i, overriding, docs)| docs.iter_mut().map(move |d| (i, overriding, &mut d.root)))
        .partition(|(_, overriding, _)| *overriding);
    // The source each root comes from.
    let owners: Vec<usize> = bases.iter().chain(&overrides).map(|(i, _, _)| *i).collect();
    let mut bases: Vec<&mut document::Node> = bases.iter_mut().map(|(_, _, root)| &mut **root).collect();
    for (_, _, root) in &mut overrides {
        document::module::apply_override(root, &mut bases);
    }
    bases.extend(overrides.into_iter().map(|(_, _, root)| root));
    let found = document::module::resolve(&mut bases);
    let mut defaults: Vec<Vec<(document::Span, String)>> = vec![Vec::new(); sources.len()];
    for (&owner, found) in owners.iter().zip(found) {
        let file = |root: usize| {
            let s = &sources[owners[root]];
            (s.path.to_str().unwrap_or_default(), &*s.text)
        };
        defaults[owner].extend(document::module::default_notes(found, file));
    }
    let files: Vec<(String, document::Node)> = sources
        .iter()
        .filter_map(|s| {
            Some((
                discover::display_path(&s.path),
                s.docs.as_ref().ok()?.first()?.root.clone(),
            ))
        })
        .collect();
    let linted: Vec<(usize, Outcome)> = sources
        .into_par_iter()
        .zip(defaults)
        .filter_map(|(s, defaults)| Some((s.job?, s, defaults)))
        .map(|(i, s, defaults)| {
            let (c, settings) = &jobs[i];
            let path = discover::display_path(&s.path);
            let module = module_of(&path, &files, defaults);
            let syntax = discover::syntax_for(&s.path).unwrap_or(document::Syntax::Hcl);
            let docs = s.docs.map(|mut docs| {
                for d in &mut docs {
                    d.module = Some(module.clone());
                }
                docs
            });
            let report = lint::lint_parsed(&path, s.text.clone(), syntax, docs, settings.clone());
            (i, Ok(keep(c, true, report)))
        })
        .collect();
    outcomes.extend(linted);
    outcomes
}

/// The most other files of its module a file's `Document.module` carries: each is a copy per
/// file, so a folder of thousands of files joins across the first ones only.
const MAX_JOINED_FILES: usize = 256;

/// The module's files other than `path`, for joins across files, and what `path`'s resources took
/// from variables' defaults.
fn module_of(
    path: &str,
    files: &[(String, document::Node)],
    defaults: Vec<(document::Span, String)>,
) -> Arc<document::Module> {
    Arc::new(document::Module {
        defaults,
        files: files
            .iter()
            // Joins are between resources: files of variables and locals only are left out.
            .filter(|(p, root)| p != path && root.get("resource").is_some())
            .take(MAX_JOINED_FILES)
            .map(|(p, root)| document::ModuleFile {
                path: p.clone(),
                root: root.clone(),
            })
            .collect(),
    })
}

/// Whether OpenTofu reads a `.tofu` twin instead of this file.
fn shadowed(path: &std::path::Path) -> bool {
    discover::tofu_twin(path).is_some_and(|twin| path.with_file_name(twin).is_file())
}

/// Reads and lints one file; `None` when it turned out not to be a client file.
fn lint_file(c: &Candidate, settings: &Arc<Settings>, opts: &DiscoverOptions) -> Outcome {
    let bytes = discover::read_candidate(c, opts.max_file_size)?;
    let tell = discover::has_tell(&discover::decode(&bytes));
    if !c.explicit && !tell {
        return Ok(None);
    }
    // The bytes become the text without a copy: a large file is held once while it is linted.
    let report = lint_owned(&discover::display_path(&c.path), bytes, settings.clone());
    Ok(keep(c, tell, report))
}

/// The report of a linted file, unless it turned out not to be a client file; `tell` is whether
/// its bytes show anything of a client file.
fn keep(c: &Candidate, tell: bool, report: FileReport) -> Option<Box<FileReport>> {
    // A named file that does not parse cleanly and shows nothing of a client file (a Helm
    // template, a `tsconfig.json` with comments, as a hook passes them along) is not one; a walk
    // would not have opened it.
    if c.named()
        && report.clients.is_empty()
        && report.findings.iter().any(|f| f.rule == "parse-error")
        && !tell
        && !discover::has_client_file_name(&c.path)
    {
        return None;
    }
    // A walked file that holds no client and parses is not a client file; stay quiet about it.
    if !c.explicit
        && report.clients.is_empty()
        && !report
            .findings
            .iter()
            .any(|f| f.rule == "parse-error" && f.severity == Some(finding::Severity::Error))
    {
        return None;
    }
    Some(Box::new(report))
}

/// Lints bytes that claim to be the file `path`, as a run of that one file (cross-client checks
/// included).
pub fn lint_bytes(path: &str, bytes: &[u8], settings: &Settings) -> FileReport {
    let mut files = [lint_one(path, bytes, Arc::new(settings.clone()))];
    finish_run(&mut files);
    let [file] = files;
    file
}

/// [`lint_one`] for bytes it may keep: UTF-8 with no byte-order mark to decode is moved into the
/// text instead of copied beside it.
fn lint_owned(path: &str, bytes: Vec<u8>, settings: Arc<Settings>) -> FileReport {
    if matches!(discover::decode(&bytes), std::borrow::Cow::Owned(_)) {
        return lint_one(path, &bytes, settings);
    }
    match String::from_utf8(bytes) {
        Ok(text) => {
            let syntax =
                discover::syntax_for(std::path::Path::new(path)).unwrap_or_else(|| discover::sniff_syntax(&text));
            lint::lint_text(path, Arc::from(text), syntax, settings)
        }
        Err(e) => lint_one(path, e.as_bytes(), settings),
    }
}

/// Lints one file on its own; [`run`] adds the cross-client checks once all files are done.
fn lint_one(path: &str, bytes: &[u8], settings: Arc<Settings>) -> FileReport {
    let syntax = discover::syntax_for(std::path::Path::new(path));
    let bytes = discover::decode(bytes);
    match std::str::from_utf8(&bytes) {
        Ok(text) => {
            let syntax = syntax.unwrap_or_else(|| discover::sniff_syntax(text));
            lint::lint_text(path, Arc::from(text), syntax, settings)
        }
        Err(e) => lint::invalid_utf8(path, &bytes, e.valid_up_to(), settings),
    }
}
