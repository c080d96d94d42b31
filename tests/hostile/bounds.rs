//! Hostile inputs: bounds.

#[allow(unused_imports)]
use super::*;
