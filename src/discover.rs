//! Finding the files to lint: a gitignore-aware walk, include/exclude globs, and a cheap scan for
//! tells before anything is parsed.

use crate::document::Syntax;
use globset::{Glob, GlobSet, GlobSetBuilder};
use ignore::WalkBuilder;
use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::HashSet;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

mod ignores;
use ignores::{IgnoreRules, Present};

#[derive(Debug, Clone, Default)]
pub struct DiscoverOptions {
    pub include: Vec<String>,
    pub exclude: Vec<String>,
    pub no_gitignore: bool,
    pub max_file_size: u64,
    /// Apply the excludes to files named on the command line too (`--force-exclude`), as hooks
    /// that pass every changed file by name need.
    pub force_exclude: bool,
    /// The files this run writes (`--output`): finding one among the files to lint is an error.
    pub outputs: Vec<PathBuf>,
    /// Threads for the walk; 0 lets the walk choose (one per core, at most 12).
    pub threads: usize,
}

/// A file to lint.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub path: PathBuf,
    /// Named on the command line or a known client file name: parsed whatever its content.
    pub explicit: bool,
    /// The folder named on the command line whose walk found the file; `None` for a named file.
    pub walked_from: Option<PathBuf>,
    /// The size the walk saw (it saw a regular file): reading it needs no second `stat`.
    pub len: Option<u64>,
}

impl Candidate {
    pub fn named(&self) -> bool {
        self.walked_from.is_none()
    }
}

/// Something that could not be walked or read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    pub path: String,
    pub message: String,
}

#[derive(Debug, Default)]
pub struct Discovered {
    pub candidates: Vec<Candidate>,
    pub errors: Vec<InputError>,
    /// Files over `--max-file-size`, left out.
    pub too_large: Vec<String>,
    /// Files with a name the walk reads that only an ignore file (`.gitignore`, `.ignore`, git's
    /// excludes) kept out: a pull request can commit an ignore file, so the summary counts them.
    pub ignored: usize,
    /// Folders an ignore file kept out, counted whole (their files are not counted).
    pub ignored_folders: usize,
    /// Files with such a name that `--exclude` or `--include` left out.
    pub excluded: usize,
    /// Symbolic links with such a name: the walk never follows one.
    pub symlinks: usize,
}

/// Names that mark a client file even without a tell in its first bytes.
const NAME_PATTERNS: [&str; 6] = [
    "*realm*.json",
    "client_secret*.json",
    "client_secrets*.json",
    "*client-metadata*.json",
    "aad.manifest.json",
    "aad.template.json",
];

/// Strings that occur in every format we read; a file without any is not opened by the parser.
const TELLS: &[&[u8]] = &[
    b"redirect_uris",
    b"redirectUris",
    b"clientId",
    b"client_id",
    b"grant_types",
    b"grantTypes",
    b"token_endpoint_auth_method",
    b"staticClients",
    b"response_types",
    b"replyUrlsWithType",
    b"callbacks",
    b"identity_providers",
    // YAML dialects: Dex, Spring, Cognito CloudFormation.
    b"redirectURIs",
    b"redirect-uri",
    b"client-id",
    b"CallbackURLs",
    b"AllowedOAuthFlows",
    // Vendor bodies that may carry none of the above: Auth0, Okta, Entra, Zitadel.
    b"app_type",
    b"oauthClient",
    b"requiredResourceAccess",
    b"OIDC_APP_TYPE",
    b"OIDC_AUTH_METHOD_TYPE",
    // `clientId` and `client_id` in base64, at each of the three byte alignments: a client file
    // kept in a Kubernetes Secret's `data` (see `document::embed`).
    b"Y2xpZW50SW",
    b"NsaWVudElk",
    b"jbGllbnRJZ",
    b"Y2xpZW50X2lk",
    b"NsaWVudF9pZ",
    b"jbGllbnRfaW",
    // Spring Authorization Server (kebab or camel case), Cognito clients without OAuth settings.
    b"authorizationserver",
    b"AWS::Cognito::UserPoolClient",
    // Terraform and OpenTofu client resources (`.tf`, `.tf.json`, plan JSON), which may set none of
    // the keys above (`resource "okta_app_oauth" "x" { type = "browser" }`).
    b"keycloak_openid_client",
    b"okta_app_oauth",
    b"auth0_client",
    b"aws_cognito_user_pool_client",
    b"azuread_application",
    b"zitadel_application_oidc",
];

/// A path as findings name it: `/` separators; on Unix, where a name is bytes, undecodable bytes as
/// `\xNN` (and `\` doubled), so that two files never share a name or a fingerprint.
pub fn display_path(path: &Path) -> String {
    let rel = path.strip_prefix("./").unwrap_or(path);
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        crate::escape::undecodable(rel.as_os_str().as_bytes())
    }
    #[cfg(not(unix))]
    {
        rel.to_string_lossy().replace('\\', "/")
    }
}

/// The absolute form of `path`, without touching the file system (so missing files and symlinks
/// are left as they are).
pub fn absolute(path: &Path) -> PathBuf {
    let path = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    // `a/./b` and `a/../b` as written; `..` is resolved lexically, as globs and prefixes need.
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// The syntax a file name implies; `.tpl` templates are read as what they render to.
pub fn syntax_for(path: &Path) -> Option<Syntax> {
    // Bytes, not a lowered copy: the walk asks this of every file it sees.
    let name = path.file_name()?.as_encoded_bytes();
    let ends_with = |name: &[u8], suffix: &[u8]| {
        name.len() >= suffix.len() && name[name.len() - suffix.len()..].eq_ignore_ascii_case(suffix)
    };
    let name = [&b".tpl"[..], b".tmpl"]
        .into_iter()
        .find(|t| ends_with(name, t))
        .map_or(name, |t| &name[..name.len() - t.len()]);
    let ext = &name[name.iter().rposition(|&b| b == b'.')? + 1..];
    [
        ("json", Syntax::Json),
        ("jsonld", Syntax::Json),
        // `terraform.tfstate` is JSON.
        ("tfstate", Syntax::Json),
        ("jsonc", Syntax::Jsonc),
        ("toml", Syntax::Toml),
        ("yaml", Syntax::Yaml),
        ("yml", Syntax::Yaml),
        ("properties", Syntax::Properties),
        // `.tf.json` and `.tofu.json` end in `json`: Terraform's JSON syntax.
        ("tf", Syntax::Hcl),
        ("tofu", Syntax::Hcl),
    ]
    .into_iter()
    .find(|(e, _)| ext.eq_ignore_ascii_case(e.as_bytes()))
    .map(|(_, syntax)| syntax)
}

/// A walk reads a `.properties` file only when Spring Boot would: `application*.properties`.
/// Other files pass; a file named on the command line is read whatever its name.
fn walked_properties_name(path: &Path) -> bool {
    let Some(name) = path.file_name().map(|n| n.to_string_lossy().to_ascii_lowercase()) else {
        return true;
    };
    !name.ends_with(".properties") || name.starts_with("application")
}

/// For an explicitly named file of unknown extension: JSON if it looks like JSON, TOML when the
/// first line that says anything is `key = …` or a `[table]`, else YAML.
pub fn sniff_syntax(text: &str) -> Syntax {
    let text = text.trim_start_matches('\u{feff}');
    if let Some('{' | '[') = text.trim_start().chars().next() {
        return Syntax::Json;
    }
    let first = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'))
        .unwrap_or("");
    let (eq, colon) = (first.find('='), first.find(':'));
    match (eq, colon) {
        _ if first.starts_with("---") || first.starts_with("- ") => Syntax::Yaml,
        (Some(e), Some(c)) if c < e => Syntax::Yaml,
        (None, Some(_)) => Syntax::Yaml,
        _ => Syntax::Toml,
    }
}

fn globs(patterns: &[String]) -> Result<GlobSet, String> {
    let mut b = GlobSetBuilder::new();
    for p in patterns {
        b.add(Glob::new(p).map_err(|e| format!("invalid glob `{p}`: {e}"))?);
    }
    b.build().map_err(|e| e.to_string())
}

/// Walks `paths` and returns the files worth parsing, sorted.
pub fn discover(paths: &[PathBuf], opts: &DiscoverOptions) -> Result<Discovered, String> {
    let selection = Arc::new(Selection {
        include: globs(&opts.include)?,
        exclude: globs(&opts.exclude)?,
        any_include: !opts.include.is_empty(),
    });
    let mut out = Discovered::default();
    for root in paths {
        let meta = match std::fs::metadata(root) {
            Ok(m) => m,
            Err(e) => {
                out.errors.push(InputError {
                    path: display_path(root),
                    message: e.to_string(),
                });
                continue;
            }
        };
        if escapes_through_symlink(root) {
            out.errors.push(InputError {
                path: display_path(root),
                message: "a symbolic link out of the repository; not read".into(),
            });
            continue;
        }
        if meta.is_file() {
            if opts.force_exclude && excluded(&selection.exclude, &display_path(root)) {
                continue;
            }
            out.candidates.push(Candidate {
                path: root.clone(),
                explicit: true,
                walked_from: None,
                len: None,
            });
            continue;
        }
        if !meta.is_dir() {
            out.errors.push(InputError {
                path: display_path(root),
                message: "not a regular file or directory".into(),
            });
            continue;
        }
        // The ignore files of the folders above the root are read too (`parents`).
        let above = absolute(root);
        if let Some(error) = (!opts.no_gitignore)
            .then(|| above.ancestors().find_map(|dir| ignore_files(dir).err()))
            .flatten()
        {
            out.errors.push(error);
            continue;
        }
        let filter = Arc::new(Filter {
            root: root.clone(),
            selection: selection.clone(),
            rules: (!opts.no_gitignore).then(|| IgnoreRules::new(root)),
            hazards: Mutex::new(Vec::new()),
            ignored_files: AtomicUsize::new(0),
            ignored_folders: AtomicUsize::new(0),
        });
        let tallies = Arc::new(Mutex::new(Vec::new()));
        walk(root, opts, &filter).visit(&mut Collectors {
            into: tallies.clone(),
            root,
            opts,
            selection: &selection,
        });
        let tallies = std::mem::take(&mut *tallies.lock().unwrap_or_else(|e| e.into_inner()));
        for tally in tallies {
            out.candidates.extend(tally.candidates);
            out.errors.extend(tally.errors);
            out.too_large.extend(tally.too_large);
            out.excluded += tally.excluded;
            out.symlinks += tally.symlinks;
        }
        out.errors.extend(std::mem::take(
            &mut *filter.hazards.lock().unwrap_or_else(|e| e.into_inner()),
        ));
        out.ignored += filter.ignored_files.load(Ordering::Relaxed);
        out.ignored_folders += filter.ignored_folders.load(Ordering::Relaxed);
    }
    // The walk is parallel: its order is not the output's.
    out.errors
        .sort_by(|a, b| (&a.path, &a.message).cmp(&(&b.path, &b.message)));
    out.too_large.sort();
    out.candidates.par_sort_by(|a, b| a.path.cmp(&b.path));
    out.candidates.dedup_by(|a, b| a.path == b.path);
    if let Some(output) = overwritten_input(&out.candidates, &opts.outputs) {
        return Err(format!(
            "`--output` would overwrite {}, a file this run lints; write reports outside the linted \
             folders, or leave the file out with --exclude or an ignore file",
            display_path(output)
        ));
    }
    Ok(out)
}

/// What one walking thread found; merged once the walk is done.
#[derive(Default)]
struct Tally {
    candidates: Vec<Candidate>,
    errors: Vec<InputError>,
    too_large: Vec<String>,
    excluded: usize,
    symlinks: usize,
}

/// Which walked files are read: by name, then by `--include` and `--exclude`.
struct Selection {
    include: GlobSet,
    exclude: GlobSet,
    any_include: bool,
}

impl Selection {
    /// A walked file is read when its name says it is JSON, TOML, YAML or Spring properties.
    fn readable(path: &Path) -> bool {
        syntax_for(path).is_some()
            // A configuration names rules and pointers (`/redirect_uris`), which look like tells.
            && path.file_name().is_some_and(|n| n != crate::config::FILE_NAME)
            && walked_properties_name(path)
    }

    /// A readable file of the walk of `root` that `--include`/`--exclude` keep.
    fn kept(&self, root: &Path, path: &Path) -> bool {
        if !Selection::readable(path) {
            return false;
        }
        let rel = display_path(path.strip_prefix(root).unwrap_or(path));
        !excluded(&self.exclude, &rel) && (!self.any_include || self.include.is_match(&rel))
    }
}

/// What the walk enters and yields. The walk's own handling of ignore files is off: they are
/// matched here instead, so that what they keep out is seen, and counted, without listing a folder
/// twice.
struct Filter {
    root: PathBuf,
    selection: Arc<Selection>,
    /// `None` with `--no-gitignore`.
    rules: Option<IgnoreRules>,
    /// Folders whose ignore file is unsafe to read, not entered.
    hazards: Mutex<Vec<InputError>>,
    /// Readable files and folders the ignore files kept out of the folders the walk entered.
    ignored_files: AtomicUsize,
    ignored_folders: AtomicUsize,
}

impl Filter {
    fn admits(&self, e: &ignore::DirEntry) -> bool {
        if e.file_name() == ".git" {
            return false;
        }
        let kind = e.file_type();
        let is_dir = kind.is_some_and(|t| t.is_dir());
        // `.terraform/` is Terraform's cache: provider binaries and copies of third-party modules,
        // not the repository's own clients.
        let cache = is_dir && e.file_name() == ".terraform";
        let Some(rules) = &self.rules else {
            return !cache;
        };
        if rules.ignores(e.path(), is_dir) {
            if is_dir {
                self.ignored_folders.fetch_add(1, Ordering::Relaxed);
            } else if kind.is_some_and(|t| t.is_file()) && self.selection.kept(&self.root, e.path()) {
                self.ignored_files.fetch_add(1, Ordering::Relaxed);
            }
            return false;
        }
        if cache {
            // Counted with the folders ignore files keep out, as the summary always counted it.
            self.ignored_folders.fetch_add(1, Ordering::Relaxed);
            return false;
        }
        if is_dir {
            match ignore_files(e.path()) {
                Ok(present) => rules.enter(e.path(), present),
                Err(error) => {
                    self.hazards.lock().unwrap_or_else(|e| e.into_inner()).push(error);
                    return false;
                }
            }
        }
        true
    }
}

/// Makes one [`Collector`] per walking thread.
struct Collectors<'s> {
    into: Arc<Mutex<Vec<Tally>>>,
    root: &'s Path,
    opts: &'s DiscoverOptions,
    selection: &'s Selection,
}

impl<'s> ignore::ParallelVisitorBuilder<'s> for Collectors<'s> {
    fn build(&mut self) -> Box<dyn ignore::ParallelVisitor + 's> {
        Box::new(Collector {
            tally: Tally::default(),
            into: self.into.clone(),
            root: self.root,
            opts: self.opts,
            selection: self.selection,
        })
    }
}

/// One walking thread's visitor: it keeps its findings to itself and hands them over when dropped,
/// so threads never wait on each other per file.
struct Collector<'s> {
    tally: Tally,
    into: Arc<Mutex<Vec<Tally>>>,
    root: &'s Path,
    opts: &'s DiscoverOptions,
    selection: &'s Selection,
}

impl Drop for Collector<'_> {
    fn drop(&mut self) {
        let tally = std::mem::take(&mut self.tally);
        self.into.lock().unwrap_or_else(|e| e.into_inner()).push(tally);
    }
}

impl ignore::ParallelVisitor for Collector<'_> {
    fn visit(&mut self, entry: Result<ignore::DirEntry, ignore::Error>) -> ignore::WalkState {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                self.tally.errors.push(walk_error(self.root, e));
                return ignore::WalkState::Continue;
            }
        };
        let path = entry.path();
        let Some(kind) = entry.file_type() else {
            return ignore::WalkState::Continue;
        };
        if kind.is_dir() || !Selection::readable(path) {
            return ignore::WalkState::Continue;
        }
        if kind.is_symlink() {
            self.tally.symlinks += 1;
            return ignore::WalkState::Continue;
        }
        // Pipes, sockets and devices are never opened.
        if !kind.is_file() {
            return ignore::WalkState::Continue;
        }
        if !self.selection.kept(self.root, path) {
            self.tally.excluded += 1;
            return ignore::WalkState::Continue;
        }
        // Cheap when the size is told; the read is bounded by itself for sizes that lie.
        match entry.metadata() {
            Ok(m) if m.len() > self.opts.max_file_size => self.tally.too_large.push(display_path(path)),
            Ok(m) => self.tally.candidates.push(Candidate {
                path: path.to_path_buf(),
                explicit: has_client_file_name(path),
                walked_from: Some(self.root.to_path_buf()),
                len: Some(m.len()),
            }),
            Err(e) => self.tally.errors.push(InputError {
                path: display_path(path),
                message: e.to_string(),
            }),
        }
        ignore::WalkState::Continue
    }
}

/// Why a file's bytes could not be had.
#[derive(Debug)]
pub enum ReadError {
    /// More than the limit: a skip, not a failure.
    TooLarge,
    Io(std::io::Error),
}

/// Reads at most `limit` bytes. The size the file system reports is never trusted: a `/proc` file
/// says 0 and does not end, a file may grow while it is read, and stdin has no size at all.
pub fn read_bounded(source: impl Read, limit: u64) -> Result<Vec<u8>, ReadError> {
    read_sized(source, 0, limit)
}

/// Reads the regular file at `path` (a symlink is followed) within `limit` bytes. Anything else
/// is refused before it is opened: a pipe or a device could block or never end.
pub fn read_file_bounded(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let meta = std::fs::metadata(path).map_err(ReadError::Io)?;
    if !meta.is_file() {
        return Err(ReadError::Io(std::io::Error::other("not a regular file")));
    }
    if meta.len() > limit {
        return Err(ReadError::TooLarge);
    }
    read_sized(std::fs::File::open(path).map_err(ReadError::Io)?, meta.len(), limit)
}

/// Reads a file to lint within `limit` bytes: a walked file, whose size the walk's `lstat` told,
/// with one `open` and one `read` when it still has that size; a named file as
/// [`read_file_bounded`] does.
pub fn read_candidate(c: &Candidate, limit: u64) -> Result<Vec<u8>, ReadError> {
    match c.len {
        Some(len) if len > limit => Err(ReadError::TooLarge),
        Some(len) => read_sized(std::fs::File::open(&c.path).map_err(ReadError::Io)?, len, limit),
        None => read_file_bounded(&c.path, limit),
    }
}

/// Reads a source expected to hold `len` bytes (at most `limit`) into a buffer of that size, asking
/// for one byte more: a read that stops at exactly `len` reached the end, so no second read is
/// needed to see it, and a file is never held in a buffer grown to twice its size. A source that
/// grew (or of unknown size, `len` 0) is read on, within `limit`.
fn read_sized(mut source: impl Read, len: u64, limit: u64) -> Result<Vec<u8>, ReadError> {
    let want = usize::try_from(len.saturating_add(1)).map_err(|_| ReadError::TooLarge)?;
    let mut bytes = vec![0; want];
    let mut filled = 0;
    while filled < want {
        match source.read(&mut bytes[filled..]) {
            Ok(0) => break,
            Ok(n) if (filled + n) as u64 == len => {
                filled += n;
                break;
            }
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(ReadError::Io(e)),
        }
    }
    bytes.truncate(filled);
    if filled == want {
        source
            .take(limit.saturating_add(1).saturating_sub(filled as u64))
            .read_to_end(&mut bytes)
            .map_err(ReadError::Io)?;
        if bytes.len() as u64 > limit {
            return Err(ReadError::TooLarge);
        }
    }
    Ok(bytes)
}

/// A file's bytes as UTF-8. A UTF-16 or UTF-32 file that starts with a byte-order mark is decoded
/// (Go's YAML and Jackson read those), without the mark; offsets in it are then those of the UTF-8
/// text. A unit that is no character (a lone surrogate) becomes U+FFFD. Anything else is left as
/// it is, to be read as UTF-8.
pub fn decode(bytes: &[u8]) -> Cow<'_, [u8]> {
    // UTF-32 first: its little-endian mark starts with UTF-16's.
    let (units, width, little): (&[u8], usize, bool) = match bytes {
        [0xFF, 0xFE, 0, 0, rest @ ..] => (rest, 4, true),
        [0, 0, 0xFE, 0xFF, rest @ ..] => (rest, 4, false),
        [0xFF, 0xFE, rest @ ..] => (rest, 2, true),
        [0xFE, 0xFF, rest @ ..] => (rest, 2, false),
        _ => return Cow::Borrowed(bytes),
    };
    let chunks = units.chunks(width);
    let text: String = if width == 2 {
        let code_units = chunks.map(|c| match (c, little) {
            ([a, b], true) => u16::from_le_bytes([*a, *b]),
            ([a, b], false) => u16::from_be_bytes([*a, *b]),
            _ => 0xFFFD,
        });
        char::decode_utf16(code_units)
            .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect()
    } else {
        chunks
            .map(|c| {
                let unit = match (<[u8; 4]>::try_from(c), little) {
                    (Ok(c), true) => u32::from_le_bytes(c),
                    (Ok(c), false) => u32::from_be_bytes(c),
                    (Err(_), _) => 0xFFFD,
                };
                char::from_u32(unit).unwrap_or(char::REPLACEMENT_CHARACTER)
            })
            .collect()
    };
    Cow::Owned(text.into_bytes())
}

/// Whether `--exclude` leaves out the file at `rel` (relative to the folder walked, or as named):
/// the file itself or one of the folders in `rel` matches, so `--exclude vendor` skips a folder.
fn excluded(exclude: &GlobSet, rel: &str) -> bool {
    Path::new(rel)
        .ancestors()
        .filter(|p| !p.as_os_str().is_empty())
        .any(|p| exclude.is_match(p))
}

/// The most files of one folder read as a Terraform module; a larger folder is read in part.
pub const MAX_MODULE_FILES: usize = 4096;

/// The Terraform module files in `dir` (see [`crate::document::module::is_terraform`]): regular
/// files only, never a symbolic link, so nothing outside the folder is read; sorted, at most
/// [`MAX_MODULE_FILES`]. OpenTofu reads `NAME.tofu` instead of `NAME.tf` (and `NAME.tofu.json`
/// instead of `NAME.tf.json`) when both are there, so the shadowed file is left out.
pub fn module_files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    }) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .map(|e| dir.join(e.file_name()))
        .filter(|p| crate::document::module::is_terraform(p))
        .take(MAX_MODULE_FILES)
        .collect();
    files.sort();
    let names: HashSet<String> = files
        .iter()
        .filter_map(|p| Some(p.file_name()?.to_string_lossy().into_owned()))
        .collect();
    files.retain(|p| !tofu_twin(p).is_some_and(|t| names.contains(&t)));
    files
}

/// The name of the OpenTofu file read instead of `path` when both exist: `NAME.tofu` for
/// `NAME.tf`, `NAME.tofu.json` for `NAME.tf.json`.
pub fn tofu_twin(path: &Path) -> Option<String> {
    let name = path.file_name()?.to_string_lossy();
    name.strip_suffix(".tf")
        .map(|stem| format!("{stem}.tofu"))
        .or_else(|| name.strip_suffix(".tf.json").map(|stem| format!("{stem}.tofu.json")))
}

/// Whether a file's name marks it as a client file (`*realm*.json`, `client_secret*.json`, …).
pub fn has_client_file_name(path: &Path) -> bool {
    // Compiled once: the patterns are constants, and every walked file is asked.
    static NAMES: std::sync::LazyLock<GlobSet> = std::sync::LazyLock::new(|| {
        globs(&NAME_PATTERNS.map(String::from)).expect("the name patterns are valid globs")
    });
    path.file_name()
        .is_some_and(|n| NAMES.is_match(n.to_string_lossy().to_ascii_lowercase().as_str()))
}

/// The walk over a folder, in parallel: hidden files included, `.git` and symlinked folders never
/// entered; `.gitignore`, `.ignore` and git's excludes honoured unless `--no-gitignore`, in a git
/// repository or not, by `filter` (see [`Filter`]).
fn walk(root: &Path, opts: &DiscoverOptions, filter: &Arc<Filter>) -> ignore::WalkParallel {
    let filter = filter.clone();
    WalkBuilder::new(root)
        .threads(opts.threads)
        .hidden(false)
        .git_ignore(false)
        .git_exclude(false)
        .git_global(false)
        .ignore(false)
        .parents(false)
        .filter_entry(move |e| filter.admits(e))
        .build_parallel()
}

/// Ignore files are a few hundred lines; anything this big is not one.
const MAX_IGNORE_FILE: u64 = 1 << 20;

/// The walk reads each folder's `.gitignore` and `.ignore` to its end. A committed symlink named
/// `.gitignore` pointing at `/dev/zero` would never end (git itself no longer follows a symlinked
/// `.gitignore`), nor would a pipe, and a huge file costs as much: such a file is an error, and its
/// folder is not walked. Otherwise, which of the two `dir` has.
fn ignore_files(dir: &Path) -> Result<Present, InputError> {
    let mut present = Present::default();
    for (name, found) in [
        (".gitignore", &mut present.git_ignore),
        (".ignore", &mut present.dot_ignore),
    ] {
        let path = dir.join(name);
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        let why = if !meta.is_file() {
            "an ignore file that is not a regular file (a symlink, a pipe, a device)"
        } else if meta.len() > MAX_IGNORE_FILE {
            "an ignore file larger than 1 MiB"
        } else {
            *found = true;
            continue;
        };
        let here = absolute(Path::new("."));
        return Err(InputError {
            path: display_path(path.strip_prefix(&here).unwrap_or(&path)),
            message: format!("{why}; its folder is not walked"),
        });
    }
    Ok(present)
}

/// A walk error as the path it is about and what went wrong, the path said once: a folder 4,000
/// bytes deep has a long enough name as it is.
fn walk_error(root: &Path, e: ignore::Error) -> InputError {
    match e {
        ignore::Error::WithPath { path, err } => InputError {
            path: display_path(&path),
            ..walk_error(root, *err)
        },
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => walk_error(root, *err),
        ignore::Error::Loop { child, .. } => InputError {
            path: display_path(&child),
            message: "a symbolic link loop".into(),
        },
        // walkdir's I/O errors say their path again; the innermost cause says only what happened.
        ignore::Error::Io(e) => {
            let mut cause: &dyn std::error::Error = &e;
            while let Some(inner) = cause.source() {
                cause = inner;
            }
            InputError {
                path: display_path(root),
                message: cause.to_string(),
            }
        }
        other => InputError {
            path: display_path(root),
            message: other.to_string(),
        },
    }
}

/// The tree a pull request controls: the repository holding the working directory (its nearest
/// ancestor with `.git`), else the working directory itself.
pub fn tree_root() -> PathBuf {
    let here = absolute(Path::new("."));
    here.ancestors()
        .find(|dir| dir.join(".git").exists())
        .unwrap_or(&here)
        .to_path_buf()
}

/// A path that, as written, lies inside the [`tree_root`] but resolves outside it: a symlink a pull
/// request committed, pointing at `/etc` or `~/.ssh`. A path written outside it is the user's own
/// choice.
pub fn escapes_through_symlink(path: &Path) -> bool {
    let tree = tree_root();
    if !absolute(path).starts_with(&tree) {
        return false;
    }
    match (std::fs::canonicalize(path), std::fs::canonicalize(&tree)) {
        (Ok(target), Ok(tree)) => !target.starts_with(tree),
        _ => false,
    }
}

/// The first output that is one of the files to lint (compared by what they resolve to).
fn overwritten_input<'a>(candidates: &[Candidate], outputs: &'a [PathBuf]) -> Option<&'a Path> {
    outputs.iter().map(PathBuf::as_path).find(|output| {
        let Ok(resolved) = std::fs::canonicalize(output) else {
            return false;
        };
        candidates
            .iter()
            .filter(|c| c.path.file_name() == output.file_name())
            .any(|c| std::fs::canonicalize(&c.path).is_ok_and(|p| p == resolved))
    })
}

/// The cheap pre-filter: does the text mention anything a client file would?
pub fn has_tell(bytes: &[u8]) -> bool {
    // One pass over the bytes for every tell, as `rg` searches for many patterns.
    static TELL_SEARCH: std::sync::LazyLock<aho_corasick::AhoCorasick> =
        std::sync::LazyLock::new(|| aho_corasick::AhoCorasick::new(TELLS).expect("the tells are plain strings"));
    TELL_SEARCH.is_match(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_client_files_have_a_tell_at_every_alignment() {
        // `{"clientId": "a"}`, ` {"clientId": "a"}` and `  {"clientId": "a"}` in base64.
        for encoded in [
            "eyJjbGllbnRJZCI6ICJhIn0=",
            "IHsiY2xpZW50SWQiOiAiYSJ9",
            "ICB7ImNsaWVudElkIjogImEifQ==",
        ] {
            assert!(has_tell(encoded.as_bytes()), "{encoded}");
        }
        assert!(!has_tell(b"kind: Secret\ndata:\n  password: aHVudGVyMg==\n"));
    }

    #[test]
    fn a_walked_file_that_changed_size_since_the_walk_is_read_whole_within_the_limit() {
        let read = |text: &[u8], len: u64, limit: u64| read_sized(std::io::Cursor::new(text.to_vec()), len, limit);
        // As the walk saw it, shrunk, and grown: every byte there is now.
        assert_eq!(read(b"abc", 3, 10).unwrap(), b"abc");
        assert_eq!(read(b"ab", 3, 10).unwrap(), b"ab");
        assert_eq!(read(b"abcdef", 3, 10).unwrap(), b"abcdef");
        assert_eq!(read(b"", 0, 10).unwrap(), b"");
        // Grown past the limit: too large, as a file that size is when the walk sees it.
        assert!(matches!(read(b"abcdef", 3, 5), Err(ReadError::TooLarge)));
        assert_eq!(read(b"abcde", 3, 5).unwrap(), b"abcde");
    }

    #[test]
    fn utf16_and_utf32_with_a_byte_order_mark_are_decoded() {
        let text = "{\"client_id\": \"caf\u{e9} \u{1f600}\"}";
        let utf16 = |be: bool| -> Vec<u8> {
            std::iter::once(0xFEFF)
                .chain(text.encode_utf16())
                .flat_map(|u| if be { u.to_be_bytes() } else { u.to_le_bytes() })
                .collect()
        };
        let utf32 = |be: bool| -> Vec<u8> {
            std::iter::once('\u{feff}')
                .chain(text.chars())
                .flat_map(|c| {
                    if be {
                        (c as u32).to_be_bytes()
                    } else {
                        (c as u32).to_le_bytes()
                    }
                })
                .collect()
        };
        for bytes in [utf16(false), utf16(true), utf32(false), utf32(true)] {
            assert_eq!(decode(&bytes).as_ref(), text.as_bytes());
        }
        // A lone surrogate and a cut-off last unit are replaced, not dropped.
        assert_eq!(
            decode(&[0xFF, 0xFE, 0x00, 0xD8, b'a', 0, 7]).as_ref(),
            "\u{fffd}a\u{fffd}".as_bytes()
        );
        // UTF-8, with or without its mark, is left alone.
        assert!(matches!(decode(b"\xef\xbb\xbf{}"), Cow::Borrowed(_)));
    }

    #[test]
    fn terraform_client_resources_have_a_tell_and_hcl_names_a_syntax() {
        assert!(has_tell(
            b"resource \"okta_app_oauth\" \"portal\" {\n  type = \"browser\"\n}\n"
        ));
        assert!(!has_tell(b"variable \"host\" {\n  default = \"example.com\"\n}\n"));
        for (name, syntax) in [
            ("main.tf", Some(Syntax::Hcl)),
            ("main.tofu", Some(Syntax::Hcl)),
            ("main.tf.json", Some(Syntax::Json)),
            ("main.tofu.json", Some(Syntax::Json)),
            ("terraform.tfstate", Some(Syntax::Json)),
            ("prod.tfvars", None),
        ] {
            assert_eq!(syntax_for(Path::new(name)), syntax, "{name}");
        }
    }

    #[test]
    fn spring_client_registrations_have_a_tell() {
        // Spring Security client registrations, in kebab or camel case.
        assert!(has_tell(
            b"spring.security.oauth2.client.registration.google.client-id=x\n"
        ));
        assert!(has_tell(b"registration:\n  google:\n    clientId: x\n"));
    }
}
