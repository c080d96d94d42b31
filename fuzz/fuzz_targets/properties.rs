#![no_main]
//! The Java properties document parser: no panic, no stack overflow, every span valid.

use libfuzzer_sys::fuzz_target;
use oauthlint::document::Syntax;

fuzz_target!(|data: &[u8]| oauthlint_fuzz::parse_and_check(data, Syntax::Properties));
