//! Category A: client-type mismatches.
use super::Check;

pub const RULES: &[(&str, Check)] = &[];
