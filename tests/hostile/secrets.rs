//! Hostile inputs: secrets.

#[allow(unused_imports)]
use super::*;
