//! Category E: client authentication and secrets.
use super::Check;

pub const RULES: &[(&str, Check)] = &[];
