//! Rules about the file itself, reported while it is read.
use super::Check;

pub const RULES: &[(&str, Check)] = &[
    ("parse-error", Check::Engine),
    ("duplicate-key", Check::Engine),
    // Reported by the suppress step: see `suppress.rs`.
    ("unused-suppression", Check::Engine),
];
