#![no_main]
//! The URI analyser on any string (see `oauthlint_fuzz::analyse_uri`).

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| oauthlint_fuzz::analyse_uri(data));
