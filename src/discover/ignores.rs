//! The ignore files a walk honours (`.ignore`, `.gitignore`, git's `info/exclude` and global
//! excludes), matched as the `ignore` crate matches them with `require_git(false)` and `parents`,
//! but in the walk's `filter_entry`: the walk then sees each entry they keep out and counts it,
//! instead of listing every folder a second time to find what is missing.

use ignore::gitignore::{Gitignore, GitignoreBuilder};
use ignore::Match;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// The ignore files of one folder that has any; `parent` is the nearest such folder above it.
struct Level {
    dot_ignore: Gitignore,
    git_ignore: Gitignore,
    exclude: Gitignore,
    parent: Option<Arc<Level>>,
}

/// Which of a folder's own ignore files exist (regular files, checked safe to read).
#[derive(Debug, Clone, Copy, Default)]
pub struct Present {
    pub git_ignore: bool,
    pub dot_ignore: bool,
}

/// A match per kind of ignore file, the nearest folder's first: `.ignore` overrides `.gitignore`,
/// which overrides git's excludes, whatever folders they are in.
struct Matches<'a> {
    dot_ignore: Match<&'a ignore::gitignore::Glob>,
    git_ignore: Match<&'a ignore::gitignore::Glob>,
    exclude: Match<&'a ignore::gitignore::Glob>,
}

impl<'a> Matches<'a> {
    fn add(&mut self, level: &'a Level, path: &Path, is_dir: bool) {
        if self.dot_ignore.is_none() {
            self.dot_ignore = level.dot_ignore.matched(path, is_dir);
        }
        if self.git_ignore.is_none() {
            self.git_ignore = level.git_ignore.matched(path, is_dir);
        }
        if self.exclude.is_none() {
            self.exclude = level.exclude.matched(path, is_dir);
        }
    }
}

/// The rules of one walk.
pub struct IgnoreRules {
    /// The folder walked, as named.
    root: PathBuf,
    /// Each folder entered, as walked, with the nearest folder with ignore files at or above it.
    folders: Mutex<HashMap<PathBuf, Option<Arc<Level>>>>,
    /// The folders above the walked one that have ignore files, nearest first, matched against
    /// absolute paths from the walked folder's canonical path, as the crate matches them.
    above: Option<(PathBuf, Vec<Level>)>,
    global: Gitignore,
}

impl IgnoreRules {
    /// The rules for walking `root`: those of the folders above it, of git's global excludes, and
    /// of `root` itself.
    pub fn new(root: &Path) -> Self {
        let global = match std::env::current_dir() {
            Ok(cwd) => GitignoreBuilder::new(cwd).build_global().0,
            Err(_) => Gitignore::empty(),
        };
        let above = root
            .canonicalize()
            .ok()
            .map(|base| {
                let levels: Vec<Level> = base
                    .ancestors()
                    .skip(1)
                    .filter_map(|dir| level(dir, probe(dir), None))
                    .collect();
                (base, levels)
            })
            .filter(|(_, levels)| !levels.is_empty());
        let rules = IgnoreRules {
            root: root.to_path_buf(),
            folders: Mutex::new(HashMap::new()),
            above,
            global,
        };
        rules.enter(root, probe(root));
        rules
    }

    /// Records a folder the walk enters, with its own ignore files, before any of its entries is
    /// matched.
    pub fn enter(&self, dir: &Path, present: Present) {
        let parent = dir.parent().and_then(|p| self.level_of(p));
        let own = level(dir, present, parent.clone()).map(Arc::new);
        self.lock().insert(dir.to_path_buf(), own.or(parent));
    }

    /// Whether the ignore files keep out the entry at `path` (as walked).
    pub fn ignores(&self, path: &Path, is_dir: bool) -> bool {
        let nearest = path.parent().and_then(|p| self.level_of(p));
        let mut matches = Matches {
            dot_ignore: Match::None,
            git_ignore: Match::None,
            exclude: Match::None,
        };
        let mut level = nearest.as_deref();
        while let Some(l) = level {
            matches.add(l, path, is_dir);
            level = l.parent.as_deref();
        }
        let absolute;
        if let Some((base, levels)) = &self.above {
            let rel = path.strip_prefix(&self.root).unwrap_or(path);
            absolute = base.join(rel);
            for l in levels {
                matches.add(l, &absolute, is_dir);
            }
        }
        matches
            .dot_ignore
            .or(matches.git_ignore)
            .or(matches.exclude)
            .or(self.global.matched(path, is_dir))
            .is_ignore()
    }

    fn level_of(&self, dir: &Path) -> Option<Arc<Level>> {
        self.lock().get(dir).cloned().flatten()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<PathBuf, Option<Arc<Level>>>> {
        self.folders.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Which ignore files a folder outside the walk has (the walk checks its own folders' files).
fn probe(dir: &Path) -> Present {
    Present {
        git_ignore: dir.join(".gitignore").exists(),
        dot_ignore: dir.join(".ignore").exists(),
    }
}

/// The ignore files of `dir`, or `None` when it has none.
fn level(dir: &Path, present: Present, parent: Option<Arc<Level>>) -> Option<Level> {
    let file = |yes: bool, name: &str| yes.then(|| matcher(dir, &dir.join(name))).flatten();
    let dot_ignore = file(present.dot_ignore, ".ignore");
    let git_ignore = file(present.git_ignore, ".gitignore");
    let exclude = git_dir(dir).and_then(|git| matcher(dir, &git.join("info/exclude")));
    if dot_ignore.is_none() && git_ignore.is_none() && exclude.is_none() {
        return None;
    }
    Some(Level {
        dot_ignore: dot_ignore.unwrap_or_else(Gitignore::empty),
        git_ignore: git_ignore.unwrap_or_else(Gitignore::empty),
        exclude: exclude.unwrap_or_else(Gitignore::empty),
        parent,
    })
}

/// The rules of the ignore file at `path`, relative to `dir`; a line in error is left out, as the
/// crate leaves it out.
fn matcher(dir: &Path, path: &Path) -> Option<Gitignore> {
    if !path.exists() {
        return None;
    }
    let mut builder = GitignoreBuilder::new(dir);
    let _ = builder.add(path);
    builder.build().ok().filter(|g| !g.is_empty())
}

/// The git folder holding `info/exclude` for a repository whose top is `dir`: `.git`, or for a
/// worktree (a `.git` file saying `gitdir: PATH`) the folder `PATH/commondir` names.
fn git_dir(dir: &Path) -> Option<PathBuf> {
    let dot_git = dir.join(".git");
    let meta = std::fs::metadata(&dot_git).ok()?;
    if !meta.is_file() {
        return Some(dot_git);
    }
    let real = PathBuf::from(first_line(&dot_git)?.strip_prefix("gitdir: ")?);
    let common = first_line(&real.join("commondir"))?;
    Some(if common.starts_with('.') {
        real.join(common)
    } else {
        PathBuf::from(common)
    })
}

/// The first line of a small file: `.git` and `commondir` hold one path.
fn first_line(path: &Path) -> Option<String> {
    const MAX: u64 = 64 * 1024;
    let bytes = super::read_file_bounded(path, MAX).ok()?;
    let text = String::from_utf8(bytes).ok()?;
    text.lines().next().map(str::to_string)
}
