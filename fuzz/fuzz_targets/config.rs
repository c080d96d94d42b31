#![no_main]
//! `.oauthlint.toml` files: no panic, and every refusal points inside the file.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| oauthlint_fuzz::read_config(data));
