//! Category D: redirect URIs and origins.
use super::Check;

pub const RULES: &[(&str, Check)] = &[];
