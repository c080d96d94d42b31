//! Writing `--output FORMAT=PATH` files in a tree a pull request controls: a committed symlink must
//! not turn a report into a write over `~/.bashrc`, and a report must not replace a file being
//! linted.

use crate::discover::{absolute, tree_root};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Why `path` cannot receive a report, checked before anything is linted: a symbolic link as the
/// file itself or as any folder on the way to it inside the repository (a symlinked folder outside
/// it, such as macOS's `/tmp`, was not put there by a pull request), or an existing folder.
pub fn refusal(path: &Path) -> Option<String> {
    let tree = tree_root();
    let mut prefix = PathBuf::new();
    let parts: Vec<_> = path.components().collect();
    for (i, part) in parts.iter().enumerate() {
        prefix.push(part);
        let last = i + 1 == parts.len();
        if !last && !absolute(&prefix).starts_with(&tree) {
            continue;
        }
        match std::fs::symlink_metadata(&prefix) {
            Ok(m) if m.file_type().is_symlink() => {
                return Some(format!(
                    "`{}` is a symbolic link, and reports are never written through one",
                    crate::discover::display_path(&prefix)
                ))
            }
            Ok(m) if last && m.is_dir() => return Some("it is a folder".into()),
            Ok(_) => {}
            // The rest does not exist yet: the folders are created, the file written fresh.
            Err(_) => return None,
        }
    }
    None
}

/// Writes to `path` what `render` writes, creating its parent folders. A regular file (or a new one)
/// is replaced atomically: the report is written, as it is rendered, to a new file beside it, which
/// is then renamed over it, so readers never see half a report and a symlink put there since
/// [`refusal`] is replaced, not followed. Anything else that exists (`/dev/null`, a named pipe the
/// user made) is written in place.
pub fn write(path: &Path, render: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> io::Result<()> {
    let parent = path.parent().filter(|p| !p.as_os_str().is_empty());
    if let Some(parent) = parent {
        std::fs::create_dir_all(parent)?;
    }
    if std::fs::symlink_metadata(path).is_ok_and(|m| !m.is_file() && !m.file_type().is_symlink()) {
        let file = std::fs::OpenOptions::new().write(true).truncate(true).open(path)?;
        return render_to(file, render);
    }
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "no file name"))?;
    let mut temp_name = std::ffi::OsString::from(".");
    temp_name.push(name);
    temp_name.push(format!(".oauthlint-{}.tmp", std::process::id()));
    let temp = parent.unwrap_or(Path::new("")).join(temp_name);
    // `create_new` fails on anything already there, a symlink included: nothing is followed.
    let file = std::fs::OpenOptions::new().write(true).create_new(true).open(&temp)?;
    let written = render_to(file, render).and_then(|()| std::fs::rename(&temp, path));
    if written.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    written
}

fn render_to(file: std::fs::File, render: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> io::Result<()> {
    let mut out = io::BufWriter::new(file);
    render(&mut out)?;
    out.into_inner().map_err(io::IntoInnerError::into_error)?;
    Ok(())
}
