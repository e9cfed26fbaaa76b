//! Fixture tests: each JSON snapshot under `fixtures/` is evaluated and its verdicts are
//! compared with the `.snap` file beside it (`cargo insta review` to accept changes).
//!
//! - `fixtures/checks/<checkId>/<case>.json` runs that one check. The case's name is an
//!   expectation that a wrong snapshot accept cannot bless: `ok*` cases give only OK results,
//!   `fail*` at least one FAIL, `warn*` at least one WARN and no FAIL, `unknown*` at least one
//!   UNKNOWN.
//! - Any other fixture runs every check.
//! - `<case>.settings.json` beside a fixture, an object of setting names to values, runs it
//!   with those settings instead of the defaults.
//!
//! The snapshots hold verdicts only (status, resource, region, message); the checks' metadata
//! is pinned once, by `docs/checks.md` (`cargo xtask docs --check`). Every run also holds the
//! house rules: no check panics or reads a call it does not declare, no two results of one
//! check name the same resource, and every result's region is `global`, one of the snapshot's, or
//! one a call was made in.

use std::collections::BTreeSet;
use std::path::Path;

use serde::Serialize;
use stance_engine::{CheckResult, REGISTRY, Settings, Status, check_by_id, run_checks};
use stance_snapshot::GLOBAL_REGION;

/// What a fixture's snapshot holds of each result.
#[derive(Serialize)]
struct Verdict<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    plugin: Option<&'a str>,
    status: Status,
    resource: &'a str,
    region: &'a str,
    message: &'a str,
}

/// Runs the fixture at `relative` (to `fixtures/`).
fn run_fixture(relative: &str) {
    // Relative to the package directory, where cargo runs tests.
    let path = &Path::new("../../fixtures").join(relative);
    let text = stance_snapshot::read_text(path).unwrap_or_else(|e| panic!("{e}"));
    let snapshot = stance_snapshot::parse(&text, path).unwrap_or_else(|e| panic!("{e}"));
    let parent = path.parent().unwrap();
    let single = parent.parent().and_then(Path::file_name).is_some_and(|name| name == "checks");
    let checks = if single {
        let id = parent.file_name().unwrap().to_str().unwrap();
        vec![check_by_id(id).unwrap_or_else(|| panic!("{}: no check is named {id:?}", path.display()))]
    } else {
        REGISTRY.to_vec()
    };
    let settings = settings_beside(path);
    let runs = run_checks(&snapshot, &checks, &settings);
    // The snapshot's regions, and those calls were made in (a bucket's, which may be another).
    let calls = snapshot.calls.values().flat_map(|operations| operations.values()).flat_map(|regions| regions.keys());
    let regions: BTreeSet<&str> = snapshot.regions.iter().chain(calls).map(String::as_str).collect();
    for run in &runs {
        assert_eq!(run.panic, None, "{} panicked", run.check.id);
        let undeclared: Vec<_> = run.undeclared().collect();
        assert!(undeclared.is_empty(), "{} reads calls it does not declare: {undeclared:?}", run.check.id);
        assert_house_rules(&run.results, &regions);
    }
    let results: Vec<&CheckResult> = runs.iter().flat_map(|run| &run.results).collect();
    let case = path.file_stem().unwrap().to_str().unwrap();
    if single {
        assert_case_expectation(case, &results);
    }
    let verdicts: Vec<Verdict> = results
        .iter()
        .map(|result| Verdict {
            plugin: (!single).then_some(result.check.id),
            status: result.status,
            resource: &result.resource,
            region: &result.region,
            message: &result.message,
        })
        .collect();
    let mut insta = insta::Settings::clone_current();
    insta.set_snapshot_path(parent.canonicalize().unwrap());
    insta.set_prepend_module_to_snapshot(false);
    insta.set_omit_expression(true);
    insta.set_input_file(Path::new("fixtures").join(relative));
    insta.bind(|| insta::assert_json_snapshot!(case, verdicts));
}

/// The settings of `<case>.settings.json` beside the fixture, or the defaults.
fn settings_beside(fixture: &Path) -> Settings {
    let sidecar = fixture.with_extension("settings.json");
    let mut settings = Settings::default();
    let Ok(text) = std::fs::read_to_string(&sidecar) else { return settings };
    let values: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", sidecar.display()));
    for (name, value) in values {
        let text = match value {
            serde_json::Value::String(text) => text,
            serde_json::Value::Array(items) => items.iter().map(|item| item.to_string()).collect::<Vec<_>>().join(","),
            other => other.to_string(),
        };
        settings.set(&name, &text).unwrap_or_else(|e| panic!("{}: {e}", sidecar.display()));
    }
    settings
}

/// The expectation a per-check case's name states.
fn assert_case_expectation(case: &str, results: &[&CheckResult]) {
    let has = |status| results.iter().any(|result| result.status == status);
    let statuses: Vec<Status> = results.iter().map(|result| result.status).collect();
    if case.starts_with("ok") {
        assert!(!results.is_empty() && statuses.iter().all(|&s| s == Status::Ok), "{case}: not all OK: {statuses:?}");
    } else if case.starts_with("fail") {
        assert!(has(Status::Fail), "{case}: no FAIL: {statuses:?}");
    } else if case.starts_with("warn") {
        assert!(has(Status::Warn) && !has(Status::Fail), "{case}: no WARN, or a FAIL: {statuses:?}");
    } else if case.starts_with("unknown") {
        assert!(has(Status::Unknown), "{case}: no UNKNOWN: {statuses:?}");
    } else {
        panic!("{case}: a case's name starts with ok, fail, warn or unknown");
    }
}

/// One check's results name each resource once, in one of `regions` or `global`.
fn assert_house_rules(results: &[CheckResult], regions: &BTreeSet<&str>) {
    let mut resources = BTreeSet::new();
    for result in results {
        assert!(resources.insert(&result.resource), "{} reports {} twice", result.check.id, result.resource);
        assert!(
            result.region == GLOBAL_REGION || regions.contains(result.region.as_str()),
            "{} reports region {:?}, which the snapshot does not cover",
            result.check.id,
            result.region
        );
    }
}

include!(concat!(env!("OUT_DIR"), "/fixture_tests.rs"));
