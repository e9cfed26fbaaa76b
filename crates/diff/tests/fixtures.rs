//! Fixture tests: each directory `fixtures/diff/<case>/` holds two snapshots, `old.json` and
//! `new.json`, and the snapshots of their diff beside them: `console.snap` (the console text),
//! `markdown.snap` and `json.snap` (the JSON, but for the noise patterns in effect), or
//! `error.snap` when the diff is refused. `cargo insta review` accepts changes.
//!
//! `options.json` beside them sets options: `{"all": true}` (no noise pattern), `{"ignore":
//! ["PATTERN"]}`, `{"allow_other_account": true}`.
//!
//! A case's name is an expectation that a wrong snapshot accept cannot bless: `no-change-*`
//! cases diff to nothing, `refused-*` cases are refused, and every other case has changes.

use std::path::Path;

use serde::Deserialize;
use stance_diff::{Diff, Noise, Options};
use stance_engine::Settings;

#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct CaseOptions {
    #[serde(default)]
    all: bool,
    #[serde(default)]
    ignore: Vec<String>,
    #[serde(default)]
    allow_other_account: bool,
}

fn run_case(case: &str) {
    // Relative to the package directory, where cargo runs tests.
    let dir = Path::new("../../fixtures/diff").join(case);
    let read = |name: &str| stance_snapshot::read_text(&dir.join(name)).unwrap_or_else(|e| panic!("{e}"));
    let (old_text, new_text) = (read("old.json"), read("new.json"));
    let old = stance_snapshot::parse(&old_text, &dir.join("old.json")).unwrap_or_else(|e| panic!("{e}"));
    let new = stance_snapshot::parse(&new_text, &dir.join("new.json")).unwrap_or_else(|e| panic!("{e}"));
    let case_options: CaseOptions = match std::fs::read_to_string(dir.join("options.json")) {
        Ok(text) => serde_json::from_str(&text).unwrap_or_else(|e| panic!("{case}/options.json: {e}")),
        Err(_) => CaseOptions::default(),
    };
    let mut noise = if case_options.all { Noise::none() } else { Noise::default() };
    for pattern in &case_options.ignore {
        noise.ignore(pattern).unwrap_or_else(|e| panic!("{case}/options.json: {e}"));
    }
    let options = Options { allow_other_account: case_options.allow_other_account, noise };

    let mut insta = insta::Settings::clone_current();
    insta.set_prepend_module_to_snapshot(false);
    insta.set_omit_expression(true);
    insta.set_input_file(Path::new("fixtures/diff").join(case));
    insta.set_snapshot_path(dir.canonicalize().unwrap());
    let _bound = insta.bind_to_scope();

    match Diff::between(&old, &new, &options, &Settings::default()) {
        Err(error) => {
            assert!(case.starts_with("refused-"), "{case}: refused: {error}");
            insta::assert_snapshot!("error", error.to_string());
        }
        Ok(diff) => {
            assert!(!case.starts_with("refused-"), "{case}: not refused");
            assert_eq!(
                diff.is_empty(),
                case.starts_with("no-change-"),
                "{case}:\n{}",
                stance_diff::console(&diff, false)
            );
            insta::assert_snapshot!("console", stance_diff::console(&diff, false));
            insta::assert_snapshot!("markdown", stance_diff::markdown(&diff));
            let mut json = serde_json::to_value(&diff).unwrap();
            // The default patterns are the same in every case, and listed in docs/diff.md.
            if !case_options.all && case_options.ignore.is_empty() {
                json.as_object_mut().unwrap().remove("ignored");
            }
            insta::assert_json_snapshot!("json", json);
        }
    }
}

include!(concat!(env!("OUT_DIR"), "/case_tests.rs"));
