#![no_main]
//! The HCL parser and Terraform module resolution: no panic, no stack overflow, every span valid,
//! then the whole pipeline on the file as `main.tf` (see `oauthlint_fuzz::hcl_module`).

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| oauthlint_fuzz::hcl_module(data));
