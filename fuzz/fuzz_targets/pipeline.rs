#![no_main]
//! Bytes → every output format. The first byte picks the file name (and so the syntax); the rest is
//! the file. Every finding's span must lie inside the file on character boundaries.

use clap::ValueEnum;
use libfuzzer_sys::fuzz_target;
use oauthlint::config::Settings;
use oauthlint::finding::Severity;
use oauthlint::report::{emit, Format, SourceRoot, Style, View};
use oauthlint::Run;

const NAMES: [&str; 6] = [
    "a.json",
    "a.jsonc",
    "a.toml",
    "a.yaml",
    "realm.json",
    "client_secret.json",
];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, bytes)) = data.split_first() else {
        return;
    };
    let name = NAMES[usize::from(pick) % NAMES.len()];
    let file = oauthlint::lint_bytes(name, bytes, &Settings::default());
    for f in &file.findings {
        assert!(f.span.start <= f.span.end && f.span.end <= file.text.len());
        assert!(file.text.is_char_boundary(f.span.start) && file.text.is_char_boundary(f.span.end));
    }
    let run = Run {
        files: vec![file],
        files_scanned: 1,
        ..Run::default()
    };
    let view = View {
        run: &run,
        min_severity: Severity::Note,
        style: Style {
            color: false,
            width: 100,
        },
        rules: oauthlint::registry::all().iter().collect(),
        sarif_category: "oauthlint/".into(),
        root: SourceRoot::new("/repo".into(), "/repo".into()),
    };
    for format in Format::value_variants() {
        let mut out = Vec::new();
        emit(*format, &view, &mut out).unwrap();
    }
});
