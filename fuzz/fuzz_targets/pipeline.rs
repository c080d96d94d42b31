#![no_main]
//! A file with a fuzzed name and `.oauthlint.toml`, linted from disk into every output format (see
//! `oauthlint_fuzz::lint_tree`).

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| oauthlint_fuzz::lint_tree(data));
