#![no_main]
//! The URI analyser on any string: no panic, and the display form never panics either.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(raw) = std::str::from_utf8(data) {
        let facts = oauthlint::uri::analyze(raw);
        let _ = format!("{facts:?}");
        let _ = oauthlint::uri::display(raw);
        let _ = oauthlint::uri::is_placeholder(raw);
    }
});
