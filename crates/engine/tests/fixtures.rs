//! Fixture tests: each JSON snapshot under `fixtures/` is evaluated and its results are
//! compared with the `.snap` file beside it (`cargo insta review` to accept changes).
//!
//! - `fixtures/checks/<checkId>/<case>.json` runs that one check;
//! - any other fixture runs every check.

use std::path::Path;

use stance_engine::{REGISTRY, Settings, check_by_id, evaluate};

/// Runs the fixture at `relative` (to `fixtures/`).
fn run_fixture(relative: &str) {
    // Relative to the package directory, where cargo runs tests.
    let path = &Path::new("../../fixtures").join(relative);
    let snapshot = stance_snapshot::read(path).unwrap_or_else(|e| panic!("{e}"));
    let parent = path.parent().unwrap();
    let checks = if parent.parent().and_then(Path::file_name).is_some_and(|name| name == "checks") {
        let id = parent.file_name().unwrap().to_str().unwrap();
        vec![check_by_id(id).unwrap_or_else(|| panic!("{}: no check is named {id:?}", path.display()))]
    } else {
        REGISTRY.to_vec()
    };
    let results = evaluate(&snapshot, &checks, &Settings::default());
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(parent.canonicalize().unwrap());
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.set_input_file(Path::new("fixtures").join(relative));
    settings.bind(|| insta::assert_json_snapshot!(path.file_stem().unwrap().to_str().unwrap(), results));
}

include!(concat!(env!("OUT_DIR"), "/fixture_tests.rs"));
