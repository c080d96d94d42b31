//! Which configuration each file gets: the nearest `.oauthlint.toml` walking up from the file to
//! the repository root (nearest wins, `extend` inherits), or the one file `--config` names; then
//! the command line's flags on top.

use super::file::{self, ConfigError, ConfigFile, IgnoreEntry, FILE_NAME};
use super::{Ignore, Settings};
use crate::cli::FailOn;
use crate::discover::absolute;
use crate::placeholder::Placeholders;
use globset::{Glob, GlobSet, GlobSetBuilder};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The rule flags of the command line; they win over every configuration file.
#[derive(Debug, Clone, Default)]
pub struct Flags {
    pub pedantic: bool,
    pub profile: Option<String>,
    pub allow_dev_loopback: bool,
    pub strict: bool,
    /// The time of the run, in seconds since the Unix epoch (`RuleOptions::now`); also the day
    /// against which `expires` of `[[ignore]]` is read. `None`: nothing expires.
    pub now: Option<u64>,
    pub select: Vec<String>,
    pub ignore: Vec<String>,
    /// [`Settings::keep_clients`].
    pub keep_clients: bool,
}

impl Flags {
    fn apply(&self, s: &mut Settings) {
        s.rule_options.pedantic |= self.pedantic;
        s.rule_options.allow_dev_loopback |= self.allow_dev_loopback;
        s.rule_options.strict |= self.strict;
        s.rule_options.now = s.rule_options.now.or(self.now);
        if self.profile.is_some() {
            s.rule_options.profile.clone_from(&self.profile);
        }
        s.select.clone_from(&self.select);
        s.ignore.clone_from(&self.ignore);
        s.keep_clients |= self.keep_clients;
    }
}

/// How a file came to be linted, which decides whether `include` and `exclude` apply to it.
#[derive(Debug, Clone, Copy)]
pub enum Reach<'a> {
    /// Named on the command line: always linted.
    Named,
    /// Named with `--force-exclude`: left out when it, or a folder above it inside the
    /// configuration's folder, is excluded.
    Forced,
    /// Found by walking this folder: left out when it, or a folder between it and the walked one,
    /// is excluded; so naming an excluded folder still lints it.
    Walked(&'a Path),
}

/// How deep `extend` may chain, so that a long or circular chain is an error, not a hang.
const MAX_EXTENDS: usize = 16;

/// A configuration file with the folder its globs are relative to, globs compiled.
struct Layer {
    file: ConfigFile,
    dir: PathBuf,
    include: Option<GlobSet>,
    exclude: Option<GlobSet>,
    /// The `files` of every `[[overrides]]` table, and of every `[[ignore]]` entry.
    overrides: Tables,
    ignores: Tables,
}

/// The `files` globs of a list of tables, compiled into one set: a file is matched once against
/// all of them, not once per table.
struct Tables {
    globs: GlobSet,
    /// The table each glob belongs to.
    table_of: Vec<usize>,
}

impl Tables {
    fn new<'f>(files: impl Iterator<Item = &'f [String]>) -> Result<Self, String> {
        let (mut globs, mut table_of) = (GlobSetBuilder::new(), Vec::new());
        for (table, patterns) in files.enumerate() {
            for p in patterns {
                globs.add(Glob::new(p).map_err(|e| e.to_string())?);
                table_of.push(table);
            }
        }
        Ok(Tables {
            globs: globs.build().map_err(|e| e.to_string())?,
            table_of,
        })
    }

    /// The tables, in order, with a glob that matches `path`.
    fn matching(&self, path: &str) -> Vec<usize> {
        let mut tables: Vec<usize> = self.globs.matches(path).into_iter().map(|g| self.table_of[g]).collect();
        tables.dedup();
        tables
    }
}

/// A configuration and the files it extends, base first, with its settings before overrides.
struct Chain {
    layers: Vec<Arc<Layer>>,
    base: Arc<Settings>,
}

enum Source {
    /// The same settings for every file; no configuration files (the library's `run`).
    Fixed(Arc<Settings>),
    /// `--no-config`: the defaults and the flags.
    Flags,
    /// `--config PATH`: one configuration for every file.
    One(Arc<Chain>),
    /// Each file's nearest configuration.
    Nearest,
}

/// Resolves and caches configurations for the files of one run.
pub struct Configs {
    flags: Flags,
    source: Source,
    /// The nearest configuration of each folder looked at, by absolute path.
    folders: HashMap<PathBuf, Option<Arc<Chain>>>,
    /// Chains already loaded, by the absolute path of their nearest file.
    chains: HashMap<PathBuf, Arc<Chain>>,
    /// Configuration files already loaded, by absolute path.
    layers: HashMap<PathBuf, Arc<Layer>>,
    /// Today (`YYYY-MM-DD`, UTC), for `expires` of `[[ignore]]`.
    today: Option<String>,
    /// The settings of a file no configuration covers: the defaults and the flags.
    defaults: Arc<Settings>,
}

impl Configs {
    pub fn fixed(settings: Settings) -> Self {
        Configs::with(Flags::default(), Source::Fixed(Arc::new(settings)))
    }

    /// `--no-config`.
    pub fn flags_only(flags: Flags) -> Self {
        Configs::with(flags, Source::Flags)
    }

    /// `--config PATH`.
    pub fn file(path: &Path, flags: Flags) -> Result<Self, ConfigError> {
        let chain = load_chain(path, &flags, &mut HashMap::new())?;
        Ok(Configs::with(flags, Source::One(Arc::new(chain))))
    }

    /// Each file's nearest `.oauthlint.toml`.
    pub fn nearest(flags: Flags) -> Self {
        Configs::with(flags, Source::Nearest)
    }

    fn with(flags: Flags, source: Source) -> Self {
        let mut defaults = Settings::default();
        flags.apply(&mut defaults);
        Configs {
            source,
            folders: HashMap::new(),
            chains: HashMap::new(),
            layers: HashMap::new(),
            today: flags.now.map(crate::date::utc_date),
            defaults: Arc::new(defaults),
            flags,
        }
    }

    /// The settings for `path`, or `None` when its configuration's `include`/`exclude` leave it out.
    pub fn for_file(&mut self, path: &Path, reach: Reach) -> Result<Option<Arc<Settings>>, ConfigError> {
        match &self.source {
            Source::Fixed(s) => return Ok(Some(s.clone())),
            // Nothing to resolve, so no absolute path to make (a `getcwd` per file).
            Source::Flags => return Ok(Some(self.defaults.clone())),
            Source::One(_) | Source::Nearest => {}
        }
        let path = absolute(path);
        let chain = match &self.source {
            Source::One(chain) => Some(chain.clone()),
            Source::Nearest => self.nearest_of(path.parent().unwrap_or(&path))?,
            Source::Fixed(_) | Source::Flags => None,
        };
        let Some(chain) = chain else {
            return Ok(Some(self.defaults.clone()));
        };
        let left_out = match reach {
            Reach::Named => false,
            Reach::Forced => excluded(&chain, &path, None),
            Reach::Walked(root) => !included(&chain, &path) || excluded(&chain, &path, Some(&absolute(root))),
        };
        if left_out {
            return Ok(None);
        }
        // What each layer says about this file, with its globs relative to the layer's folder.
        let (mut overrides, mut ignores, mut pinned) = (Vec::new(), Vec::new(), Vec::new());
        for l in &chain.layers {
            let rel = relative(&path, &l.dir);
            overrides.extend(l.overrides.matching(&rel).into_iter().map(|o| &l.file.overrides[o]));
            ignores.extend(
                l.ignores
                    .matching(&rel)
                    .into_iter()
                    .map(|i| &l.file.ignores[i])
                    .filter(|i| !self.expired(i))
                    .map(|i| Ignore {
                        pointer: i.pointer.clone(),
                        rules: i.rules.clone(),
                    }),
            );
            // A nearer file's pin comes last, and the last pin wins.
            pinned.extend(
                l.file
                    .clients
                    .iter()
                    .filter(|c| c.file == rel)
                    .map(|c| (c.pointer.clone(), c.client_type)),
            );
        }
        if overrides.is_empty() && ignores.is_empty() && pinned.is_empty() {
            return Ok(Some(chain.base.clone()));
        }
        let mut settings = (*chain.base).clone();
        overrides.iter().flat_map(|o| &o.rules).for_each(|r| settings.apply(r));
        settings.ignores = ignores;
        settings.pinned = pinned;
        // The flags win over overrides too.
        self.flags.apply(&mut settings);
        Ok(Some(Arc::new(settings)))
    }

    /// The settings of the current folder: for what is read from stdin, and for the rule list of
    /// outputs when no file was linted.
    pub fn for_cwd(&mut self) -> Result<Arc<Settings>, ConfigError> {
        let here = absolute(Path::new(".")).join("-");
        Ok(self
            .for_file(&here, Reach::Named)?
            .unwrap_or_else(|| self.defaults.clone()))
    }

    /// `fail-on` of the current folder's configuration (the run's exit code is one for all files).
    pub fn fail_on(&mut self) -> Result<Option<FailOn>, ConfigError> {
        let chain = match &self.source {
            Source::Fixed(_) | Source::Flags => return Ok(None),
            Source::One(chain) => Some(chain.clone()),
            Source::Nearest => self.nearest_of(&absolute(Path::new(".")))?,
        };
        Ok(chain.and_then(|c| c.layers.iter().rev().find_map(|l| l.file.fail_on)))
    }

    /// Whether an `[[ignore]]` entry's last day has passed (never, without a clock).
    fn expired(&self, entry: &IgnoreEntry) -> bool {
        matches!((&entry.expires, &self.today), (Some(last), Some(today)) if last < today)
    }

    /// The configuration of the nearest folder at or above `folder` that has one, stopping at the
    /// repository root (a folder with `.git`).
    fn nearest_of(&mut self, folder: &Path) -> Result<Option<Arc<Chain>>, ConfigError> {
        let mut walked = Vec::new();
        let mut found = None;
        for dir in folder.ancestors() {
            if let Some(known) = self.folders.get(dir) {
                found = known.clone();
                break;
            }
            walked.push(dir.to_path_buf());
            let candidate = dir.join(FILE_NAME);
            if candidate.is_file() {
                found = Some(self.chain(&candidate)?);
                break;
            }
            if dir.join(".git").exists() {
                break;
            }
        }
        for dir in walked {
            self.folders.insert(dir, found.clone());
        }
        Ok(found)
    }

    fn chain(&mut self, path: &Path) -> Result<Arc<Chain>, ConfigError> {
        if let Some(chain) = self.chains.get(path) {
            return Ok(chain.clone());
        }
        let chain = Arc::new(load_chain(path, &self.flags, &mut self.layers)?);
        self.chains.insert(path.to_path_buf(), chain.clone());
        Ok(chain)
    }
}

/// Loads a configuration and everything it extends, and works out its settings. `loaded` keeps every
/// file read so far, so that the configurations of many folders extending one base read and
/// compile it once.
fn load_chain(path: &Path, flags: &Flags, loaded: &mut HashMap<PathBuf, Arc<Layer>>) -> Result<Chain, ConfigError> {
    let mut layers: Vec<Arc<Layer>> = Vec::new();
    let mut next = Some(path.to_path_buf());
    while let Some(path) = next {
        let path = absolute(&path);
        if layers.iter().any(|l| l.file.path == path) || layers.len() == MAX_EXTENDS {
            return Err(ConfigError {
                path: shown(&path),
                line: 0,
                column: 0,
                message: format!("`extend` goes round in a circle or more than {MAX_EXTENDS} files deep"),
            });
        }
        let layer = match loaded.get(&path) {
            Some(layer) => layer.clone(),
            None => {
                let mut file = file::load(&path).map_err(|e| ConfigError {
                    path: shown(&path),
                    ..e
                })?;
                file.path = path.clone();
                let layer = Arc::new(layer(file)?);
                loaded.insert(path, layer.clone());
                layer
            }
        };
        next = layer.file.extend.clone();
        layers.push(layer);
    }
    layers.reverse();
    let mut base = Settings::default();
    // A file's placeholders add to those of the files it extends.
    base.rule_options.placeholders =
        Placeholders::with(layers.iter().flat_map(|l| l.file.placeholders.clone()).collect());
    for l in &layers {
        let f = &l.file;
        let o = &mut base.rule_options;
        o.pedantic = f.pedantic.unwrap_or(o.pedantic);
        o.allow_dev_loopback = f.allow_dev_loopback.unwrap_or(o.allow_dev_loopback);
        o.strict = f.strict.unwrap_or(o.strict);
        if f.profile.is_some() {
            o.profile.clone_from(&f.profile);
        }
        f.rules.iter().for_each(|r| base.apply(r));
    }
    flags.apply(&mut base);
    Ok(Chain {
        layers,
        base: Arc::new(base),
    })
}

fn layer(file: ConfigFile) -> Result<Layer, ConfigError> {
    let globs = |patterns: &[String]| {
        let mut b = GlobSetBuilder::new();
        for p in patterns {
            b.add(Glob::new(p).map_err(|e| e.to_string())?);
        }
        b.build().map_err(|e| e.to_string())
    };
    let compiled = (|| {
        Ok::<_, String>(Layer {
            dir: file.path.parent().map(Path::to_path_buf).unwrap_or_default(),
            include: file.include.as_deref().map(globs).transpose()?,
            exclude: file.exclude.as_deref().map(globs).transpose()?,
            overrides: Tables::new(file.overrides.iter().map(|o| o.files.as_slice()))?,
            ignores: Tables::new(file.ignores.iter().map(|i| i.files.as_slice()))?,
            file: file.clone(),
        })
    })();
    compiled.map_err(|message| ConfigError {
        path: shown(&file.path),
        line: 0,
        column: 0,
        message,
    })
}

/// `include` of the nearest layer that sets it, relative to that layer's folder.
fn included(chain: &Chain, path: &Path) -> bool {
    chain
        .layers
        .iter()
        .rev()
        .find_map(|l| l.include.as_ref().map(|g| g.is_match(relative(path, &l.dir))))
        .unwrap_or(true)
}

/// `exclude` of the nearest layer that sets it, relative to that layer's folder: the file matches,
/// or one of its folders inside the layer's folder and below `walked` (when given) does.
fn excluded(chain: &Chain, path: &Path, walked: Option<&Path>) -> bool {
    let Some((dir, exclude)) = chain
        .layers
        .iter()
        .rev()
        .find_map(|l| l.exclude.as_ref().map(|g| (&l.dir, g)))
    else {
        return false;
    };
    let folders = path
        .ancestors()
        .skip(1)
        .take_while(|f| f.starts_with(dir) && f != dir && Some(*f) != walked);
    std::iter::once(path)
        .chain(folders)
        .any(|p| exclude.is_match(relative(p, dir)))
}

/// A configuration's path as the user would write it: relative to the current folder when inside it.
fn shown(path: &Path) -> String {
    let here = absolute(Path::new("."));
    crate::discover::display_path(path.strip_prefix(&here).unwrap_or(path))
}

fn relative(path: &Path, dir: &Path) -> String {
    crate::discover::display_path(path.strip_prefix(dir).unwrap_or(path))
}
