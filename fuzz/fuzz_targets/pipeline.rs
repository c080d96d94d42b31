#![no_main]
//! Bytes → every output format (see `oauthlint_fuzz::lint_every_format`).

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| oauthlint_fuzz::lint_every_format(data));
