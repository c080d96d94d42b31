//! Category H: metadata consistency.
use super::Check;

pub const RULES: &[(&str, Check)] = &[];
