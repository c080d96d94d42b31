//! What each fuzz target checks, as plain functions: the targets call them on libFuzzer's inputs,
//! and `tests/fuzz_regressions.rs` in the main crate calls them on every input that once failed.

use clap::ValueEnum;
use oauthlint::config::{Configs, Flags, FILE_NAME};
use oauthlint::discover::DiscoverOptions;
use oauthlint::document::{parse_all, Node, Syntax, Value};
use oauthlint::report::{emit, Format, SourceRoot, View};
use oauthlint::Input;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

/// Parses `data` (when it is UTF-8) and asserts every span of every node lies inside the text and
/// on character boundaries. A parse error is a fine outcome; a panic or a bad span is not.
pub fn parse_and_check(data: &[u8], syntax: Syntax) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let text: Arc<str> = Arc::from(text);
    let Ok(docs) = parse_all(&text, syntax) else {
        return;
    };
    for doc in &docs {
        check_node(&text, &doc.root);
    }
}

/// A Terraform file: parsed (spans checked), resolved as a module of one file (every resolved span
/// still inside the text: it is the span of the expression it replaced), then linted as `main.tf`.
pub fn hcl_module(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let text: Arc<str> = Arc::from(text);
    let Ok(mut docs) = parse_all(&text, Syntax::Hcl) else {
        return;
    };
    for doc in &docs {
        check_node(&text, &doc.root);
    }
    oauthlint::document::module::resolve(&mut docs.iter_mut().map(|d| &mut d.root).collect::<Vec<_>>());
    for doc in &docs {
        check_node(&text, &doc.root);
    }
    let settings = oauthlint::config::Settings::default();
    let _ = oauthlint::lint_bytes("main.tf", data, &settings);
}

/// The URI analyser on any string: no panic, in the analysis or in its display form.
pub fn analyse_uri(data: &[u8]) {
    if let Ok(raw) = std::str::from_utf8(data) {
        let placeholders = oauthlint::placeholder::Placeholders::default();
        let facts = oauthlint::uri::analyze(raw, &placeholders);
        let _ = format!("{facts:?}");
        let _ = oauthlint::uri::display(raw);
        for hole in placeholders.find(raw) {
            assert!(
                raw.is_char_boundary(hole.start) && raw.is_char_boundary(hole.end),
                "{hole:?} in {raw:?}"
            );
        }
    }
}

/// A `.oauthlint.toml` from any bytes: accepted or refused with a place inside the text, never a
/// panic.
pub fn read_config(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Err(e) = oauthlint::config::parse(std::path::Path::new(".oauthlint.toml"), text) {
        let lines = text.split_inclusive('\n').count().max(1);
        assert!(
            e.line >= 1 && e.line <= lines + 1,
            "error line {} of {lines}: {e}",
            e.line
        );
        assert!(e.column >= 1, "{e}");
    }
}

const NAMES: [&str; 6] = [
    "a.json",
    "a.jsonc",
    "a.toml",
    "a.yaml",
    "realm.json",
    "client_secret.json",
];

/// What a fuzzed file name ends with, so that most names are read as one of the syntaxes.
const EXTENSIONS: [&str; 8] = [
    "",
    ".json",
    ".jsonc",
    ".toml",
    ".yaml",
    ".yml",
    ".properties",
    ".json.tpl",
];

/// A tree a pull request could commit, from bytes: `[pick][name length][name][config length, 2
/// bytes big-endian][.oauthlint.toml][file]`. With no name, `pick` chooses one of [`NAMES`]; with
/// one, its odd bytes (any but `/` and NUL on Unix, `/` making folders) get an extension `pick`
/// chooses. The file and the configuration are written to a fresh folder and linted from disk:
/// discovery, configuration, every rule and every output format. `pick & 0x40` names the file on
/// the command line instead of walking the folder.
pub fn lint_tree(data: &[u8]) {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let Some((name, rest)) = take(rest, rest.first().map_or(0, |&n| usize::from(n)), 1) else {
        return;
    };
    let config_len = match rest {
        [hi, lo, ..] => usize::from(u16::from_be_bytes([*hi, *lo])),
        _ => return,
    };
    let Some((config, file)) = take(rest, config_len, 2) else {
        return;
    };
    let Some(name) = file_name(name, pick) else {
        return;
    };
    let dir = std::env::temp_dir().join(format!("oauthlint-fuzz-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let path = dir.join(&name);
    let written = std::fs::create_dir_all(path.parent().unwrap_or(&dir))
        .and_then(|()| match config {
            [] => Ok(()),
            _ => std::fs::write(dir.join(FILE_NAME), config),
        })
        .and_then(|()| std::fs::write(&path, file));
    // A name the file system refuses (too long, say) is not the linter's to handle.
    if written.is_ok() {
        lint_folder(&dir, if pick & 0x40 == 0 { &dir } else { &path });
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// `len` bytes after a `skip`-byte length field, and what follows them.
fn take(data: &[u8], len: usize, skip: usize) -> Option<(&[u8], &[u8])> {
    let data = data.get(skip..)?;
    (data.len() >= len).then(|| data.split_at(len))
}

#[cfg(unix)]
fn file_name(bytes: &[u8], pick: u8) -> Option<PathBuf> {
    use std::os::unix::ffi::OsStrExt;
    if bytes.is_empty() {
        return Some(PathBuf::from(NAMES[usize::from(pick) % NAMES.len()]));
    }
    let mut name: Vec<u8> = bytes.iter().map(|&b| if b == 0 { b'_' } else { b }).collect();
    name.extend_from_slice(EXTENSIONS[usize::from(pick) % EXTENSIONS.len()].as_bytes());
    let path = Path::new(std::ffi::OsStr::from_bytes(&name));
    // Only plain names and folders: nothing may land outside the fuzzing folder.
    let parts: Vec<_> = path.components().collect();
    let plain = parts.iter().all(|c| matches!(c, Component::Normal(_)));
    (plain && !parts.is_empty()).then(|| path.to_path_buf())
}

#[cfg(not(unix))]
fn file_name(_: &[u8], pick: u8) -> Option<PathBuf> {
    Some(PathBuf::from(NAMES[usize::from(pick) % NAMES.len()]))
}

/// Lints `target` inside `dir` with each file's nearest configuration, as `oauthlint check` does,
/// and renders every format. A configuration error is a fine outcome; a panic, a span outside its
/// file, or JSON output that does not parse is not.
fn lint_folder(dir: &Path, target: &Path) {
    let opts = DiscoverOptions {
        max_file_size: 1 << 20,
        ..DiscoverOptions::default()
    };
    let Ok(run) = oauthlint::run_with(
        Input::Paths(vec![target.to_path_buf()]),
        &mut Configs::nearest(Flags::default()),
        &opts,
    ) else {
        return;
    };
    for file in &run.files {
        for f in &file.findings {
            check_span(&file.text, f.span.start, f.span.end);
        }
    }
    let view = View::plain(&run, SourceRoot::new(dir.into(), dir.into()));
    for format in Format::value_variants() {
        let mut out = Vec::new();
        emit(*format, &view, &mut out).unwrap();
        if matches!(format, Format::Json | Format::Sarif | Format::Gitlab) {
            if let Err(e) = serde_json::from_slice::<serde_json::Value>(&out) {
                panic!("{format:?} output is not JSON: {e}");
            }
        }
    }
}

fn check_span(text: &str, start: usize, end: usize) {
    assert!(
        start <= end && end <= text.len(),
        "span {start}..{end} outside {} bytes",
        text.len()
    );
    assert!(
        text.is_char_boundary(start) && text.is_char_boundary(end),
        "span {start}..{end} splits a character"
    );
}

/// Recursion is bounded by the parsers' depth limit.
fn check_node(text: &str, node: &Node) {
    check_span(text, node.span().start, node.span().end);
    match &node.value {
        Value::Array(items) => items.iter().for_each(|n| check_node(text, n)),
        Value::Object(entries) => entries.iter().for_each(|e| {
            check_span(text, e.key_span().start, e.key_span().end);
            check_node(text, &e.value);
        }),
        _ => {}
    }
}
