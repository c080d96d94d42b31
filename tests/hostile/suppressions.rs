//! Hostile inputs: suppressions.

#[allow(unused_imports)]
use super::*;
