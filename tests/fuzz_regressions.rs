//! Every input that once made a fuzz target fail, kept in `tests/fuzz_regressions/<target>/` and run
//! through the same check the target makes (`fuzz/src/lib.rs`, compiled here as a module).

#[path = "../fuzz/src/lib.rs"]
mod fuzz_checks;

use oauthlint::document::Syntax;
use std::path::Path;

fn check(target: &str) -> fn(&[u8]) {
    match target {
        "json" => |d| fuzz_checks::parse_and_check(d, Syntax::Json),
        "jsonc" => |d| fuzz_checks::parse_and_check(d, Syntax::Jsonc),
        "toml" => |d| fuzz_checks::parse_and_check(d, Syntax::Toml),
        "yaml" => |d| fuzz_checks::parse_and_check(d, Syntax::Yaml),
        "properties" => |d| fuzz_checks::parse_and_check(d, Syntax::Properties),
        "uri" => fuzz_checks::analyse_uri,
        "config" => fuzz_checks::read_config,
        "pipeline" => fuzz_checks::lint_tree,
        "hcl" => fuzz_checks::hcl_module,
        other => panic!("tests/fuzz_regressions/{other}: no fuzz target of that name"),
    }
}

#[test]
fn every_input_that_once_failed_a_fuzz_target_passes_it_now() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz_regressions");
    let mut ran = 0;
    for target in std::fs::read_dir(&root).unwrap() {
        let target = target.unwrap().path();
        let run = check(target.file_name().unwrap().to_str().unwrap());
        for input in std::fs::read_dir(&target).unwrap() {
            run(&std::fs::read(input.unwrap().path()).unwrap());
            ran += 1;
        }
    }
    assert!(ran > 0, "no regression inputs found under {}", root.display());
}
