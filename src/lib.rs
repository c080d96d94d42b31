//! oauthlint: lint OAuth 2.0 / OpenID Connect client registrations.
//!
//! The pipeline runs one way: discover → parse → detect format → extract clients → infer type →
//! rules → suppress → report. [`run`] does it for paths, [`lint::lint_text`] for one text.

pub mod app;
pub mod base64;
pub mod cli;
pub mod config;
pub mod cross;
pub mod date;
pub mod discover;
pub mod document;
pub mod entropy;
pub mod finding;
pub mod formats;
pub mod infer;
pub mod lint;
pub mod model;
pub mod output;
pub mod registry;
pub mod report;
pub mod rules;
pub mod spelling;
pub mod suppress;
pub mod uri;

use config::{Configs, Settings};
use discover::{Candidate, DiscoverOptions, InputError};
use lint::FileReport;
use rayon::prelude::*;
use std::io::Read;
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
            return Ok(run_stdin(&name, settings));
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
        match configs.for_file(&c.path, c.explicit).map_err(|e| e.to_string())? {
            Some(settings) => jobs.push((c, settings)),
            None => excluded += 1,
        }
    }
    let results: Vec<Result<Option<FileReport>, InputError>> = jobs
        .par_iter()
        .map(|(c, settings)| lint_file(c, settings, opts))
        .collect();
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
    for r in results {
        match r {
            Ok(Some(file)) => run.files.push(file),
            Ok(None) => {}
            Err(e) => run.errors.push(e),
        }
    }
    run.errors.sort_by(|a, b| a.path.cmp(&b.path));
    finish_run(&mut run.files);
    Ok(run)
}

fn run_stdin(name: &str, settings: Arc<Settings>) -> Run {
    let mut bytes = Vec::new();
    let mut run = Run {
        files_scanned: 1,
        ..Run::default()
    };
    match std::io::stdin().read_to_end(&mut bytes) {
        Ok(_) => {
            let mut files = [lint_one(name, &bytes, settings)];
            finish_run(&mut files);
            run.files.extend(files);
        }
        Err(e) => run.errors.push(InputError {
            path: "-".into(),
            message: e.to_string(),
        }),
    }
    run
}

/// What is left once every file is linted on its own: the checks across clients, then suppression,
/// then the numbering that keeps fingerprints apart.
fn finish_run(files: &mut [FileReport]) {
    cross::check(files);
    for file in files {
        suppress::suppress(file);
        lint::number_repeats(&mut file.findings);
    }
}

/// Reads and lints one file; `None` when it turned out not to be a client file.
fn lint_file(
    c: &Candidate,
    settings: &Arc<Settings>,
    opts: &DiscoverOptions,
) -> Result<Option<FileReport>, InputError> {
    let path = discover::display_path(&c.path);
    let err = |message: String| InputError {
        path: path.clone(),
        message,
    };
    let meta = std::fs::metadata(&c.path).map_err(|e| err(e.to_string()))?;
    if !meta.is_file() {
        return Err(err("not a regular file".into()));
    }
    if c.explicit && meta.len() > opts.max_file_size {
        return Err(err(format!(
            "larger than --max-file-size ({} bytes)",
            opts.max_file_size
        )));
    }
    let bytes = std::fs::read(&c.path).map_err(|e| err(e.to_string()))?;
    if !c.explicit && !discover::has_tell(&bytes) {
        return Ok(None);
    }
    let report = lint_one(&path, &bytes, settings.clone());
    // A walked file that holds no client and parses is not a client file; stay quiet about it.
    if !c.explicit
        && report.clients.is_empty()
        && !report
            .findings
            .iter()
            .any(|f| f.rule == "parse-error" && f.severity == Some(finding::Severity::Error))
    {
        return Ok(None);
    }
    Ok(Some(report))
}

/// Lints bytes that claim to be the file `path`, as a run of that one file (cross-client checks
/// included).
pub fn lint_bytes(path: &str, bytes: &[u8], settings: &Settings) -> FileReport {
    let mut files = [lint_one(path, bytes, Arc::new(settings.clone()))];
    finish_run(&mut files);
    let [file] = files;
    file
}

/// Lints one file on its own; [`run`] adds the cross-client checks once all files are done.
fn lint_one(path: &str, bytes: &[u8], settings: Arc<Settings>) -> FileReport {
    let syntax = discover::syntax_for(std::path::Path::new(path));
    match std::str::from_utf8(bytes) {
        Ok(text) => {
            let syntax = syntax.unwrap_or_else(|| discover::sniff_syntax(text));
            lint::lint_text(path, Arc::from(text), syntax, settings)
        }
        Err(e) => lint::invalid_utf8(path, bytes, e.valid_up_to(), settings),
    }
}
