//! Category C: PKCE.
use super::Check;

pub const RULES: &[(&str, Check)] = &[];
