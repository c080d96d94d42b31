//! Repository-relative paths for CI outputs. Code scanning, annotations and GitLab place a finding by
//! its path from the repository root; a path from wherever oauthlint ran would point nowhere, and a
//! path that changes between runs changes every fingerprint (duplicate alerts).

use std::path::{Component, Path, PathBuf};

#[derive(Debug, Clone)]
pub struct SourceRoot {
    cwd: PathBuf,
    root: PathBuf,
}

impl SourceRoot {
    /// The repository holding the working directory (nearest ancestor with `.git`), else the
    /// working directory itself.
    pub fn discover() -> Self {
        let cwd = std::env::current_dir().unwrap_or_default();
        SourceRoot {
            cwd,
            root: crate::discover::tree_root(),
        }
    }

    pub fn new(cwd: PathBuf, root: PathBuf) -> Self {
        SourceRoot { cwd, root }
    }

    /// `path` (as reported, relative to the working directory or absolute) from the root, with `/`
    /// separators; a file outside the repository gets `../` segments, so the path still resolves
    /// against the root without naming this machine's folders. `None` only when no relative path
    /// exists (another drive).
    pub fn relative(&self, path: &str) -> Option<String> {
        let target = normalise(&self.cwd.join(path));
        let root = normalise(&self.root);
        let common = target
            .components()
            .zip(root.components())
            .take_while(|(a, b)| a == b)
            .count();
        if common == 0 {
            return None;
        }
        let ups = root.components().count() - common;
        let parts: Vec<String> = std::iter::repeat_n("..".to_string(), ups)
            .chain(
                target
                    .components()
                    .skip(common)
                    .map(|c| c.as_os_str().to_string_lossy().into_owned()),
            )
            .collect();
        (!parts.is_empty()).then(|| parts.join("/"))
    }

    /// The path for formats that need one: from the root when possible, else as reported.
    pub fn display(&self, path: &str) -> String {
        self.relative(path).unwrap_or_else(|| path.to_string())
    }

    /// The repository root (the working directory outside a repository).
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The root as an absolute `file://` URI ending in `/`, for SARIF's `originalUriBaseIds`.
    pub fn root_uri(&self) -> String {
        let uri = self.file_uri(&self.root.to_string_lossy());
        if uri.ends_with('/') {
            uri
        } else {
            format!("{uri}/")
        }
    }

    /// An absolute `file://` URI, for a path with no relative form.
    pub fn file_uri(&self, path: &str) -> String {
        let absolute = normalise(&self.cwd.join(path)).to_string_lossy().replace('\\', "/");
        let absolute = if absolute.starts_with('/') {
            absolute
        } else {
            format!("/{absolute}")
        };
        format!("file://{}", encode_uri_path(&absolute))
    }
}

/// Resolves `.` and `..` without touching the file system (the file may be stdin's name).
fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// Percent-encodes everything but unreserved characters, `/` and a few safe sub-delimiters, so the
/// result is a valid URI reference (SARIF `uri`), whatever the file name holds; a name that is not
/// UTF-8 (shown with `\xNN` escapes) is encoded as the bytes it has on disk.
pub fn encode_uri_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for &b in crate::escape::path_bytes(path).iter() {
        if b.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=@".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root() -> SourceRoot {
        SourceRoot::new(PathBuf::from("/repo/sub"), PathBuf::from("/repo"))
    }

    #[test]
    fn paths_are_made_relative_to_the_repository_root() {
        assert_eq!(root().relative("clients/a.json").as_deref(), Some("sub/clients/a.json"));
        assert_eq!(root().relative("./a.json").as_deref(), Some("sub/a.json"));
        assert_eq!(root().relative("../other/b.json").as_deref(), Some("other/b.json"));
        assert_eq!(root().relative("/repo/c.json").as_deref(), Some("c.json"));
    }

    #[test]
    fn a_path_outside_the_root_climbs_out_of_it() {
        assert_eq!(root().relative("../../etc/x.json").as_deref(), Some("../etc/x.json"));
        assert_eq!(root().display("/elsewhere/x.json"), "../elsewhere/x.json");
        assert_eq!(root().relative("/repo"), None, "the root itself is no file");
        assert_eq!(root().file_uri("/elsewhere/my x.json"), "file:///elsewhere/my%20x.json");
        assert_eq!(root().root_uri(), "file:///repo/");
    }

    #[test]
    fn uris_encode_spaces_percent_and_non_ascii() {
        assert_eq!(encode_uri_path("a b/ü%#?.json"), "a%20b/%C3%BC%25%23%3F.json");
        assert_eq!(encode_uri_path(r"caf\xe9\\.json"), "caf%E9%5C.json");
    }
}
