//! Hostile inputs: forged_output.

#[allow(unused_imports)]
use super::*;
