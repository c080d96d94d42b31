//! Embeds every `lints/<rule>.md` in the binary, so adding a rule never means editing a list.
use std::{env, fs, path::Path};

fn main() {
    println!("cargo:rerun-if-changed=lints");
    let mut docs: Vec<_> = fs::read_dir("lints")
        .expect("lints/ folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    docs.sort();
    let mut out = String::from("&[\n");
    for path in docs {
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let abs = fs::canonicalize(&path).unwrap();
        out.push_str(&format!(
            "    ({name:?}, include_str!({:?})),\n",
            abs.display().to_string()
        ));
    }
    out.push(']');
    fs::write(Path::new(&env::var("OUT_DIR").unwrap()).join("lint_docs.rs"), out).unwrap();
}
