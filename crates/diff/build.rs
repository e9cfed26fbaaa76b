//! Generates one test per case directory under `fixtures/diff/` (see `tests/fixtures.rs`).

use std::fmt::Write;
use std::path::Path;
use std::{env, fs};

fn main() {
    let cases = Path::new(&env::var("CARGO_MANIFEST_DIR").unwrap()).join("../../fixtures/diff");
    println!("cargo::rerun-if-changed=../../fixtures/diff");
    let mut names: Vec<String> = fs::read_dir(&cases)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|entry| entry.path().is_dir())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut tests = String::new();
    for case in names {
        let name: String =
            case.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' }).collect();
        writeln!(tests, "#[test]\nfn {name}() {{\n    run_case({case:?});\n}}").unwrap();
    }
    fs::write(Path::new(&env::var("OUT_DIR").unwrap()).join("case_tests.rs"), tests).unwrap();
}
