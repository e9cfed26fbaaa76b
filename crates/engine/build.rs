//! Generates one test per fixture snapshot under `fixtures/` (see `tests/fixtures.rs`).

use std::fmt::Write;
use std::path::Path;
use std::{env, fs};

fn main() {
    // Paths relative to the package, resolved by the tests at run time: a target directory
    // shared by two checkouts must not run one checkout's tests on the other's fixtures.
    let fixtures = Path::new(&env::var("CARGO_MANIFEST_DIR").unwrap()).join("../../fixtures");
    println!("cargo::rerun-if-changed=../../fixtures");
    let mut tests = String::new();
    let mut paths = Vec::new();
    collect_json(&fixtures, &mut paths);
    paths.sort();
    for path in paths {
        let relative = path.strip_prefix(&fixtures).unwrap();
        let name: String = relative
            .with_extension("")
            .to_string_lossy()
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' })
            .collect();
        writeln!(tests, "#[test]\nfn {name}() {{\n    run_fixture({:?});\n}}", relative.display()).unwrap();
    }
    fs::write(Path::new(&env::var("OUT_DIR").unwrap()).join("fixture_tests.rs"), tests).unwrap();
}

/// A fixture's settings sidecar (`<case>.settings.json`), which is not a fixture itself.
const SETTINGS_SUFFIX: &str = ".settings.json";

fn collect_json(dir: &Path, paths: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        // The compliance fixtures are `tests/compliance.rs`'s, judged by control; the diff
        // fixtures (pairs of snapshots) are stance-diff's.
        if path.is_dir() && path.file_name().is_some_and(|name| name == "compliance" || name == "diff") {
            continue;
        }
        if path.is_dir() {
            collect_json(&path, paths);
        } else if path.extension().is_some_and(|ext| ext == "json")
            && !path.to_string_lossy().ends_with(SETTINGS_SUFFIX)
        {
            paths.push(path);
        }
    }
}
