//! Hostile inputs: filesystem.

#[allow(unused_imports)]
use super::*;
