//! Fixture tests: each JSON snapshot under `fixtures/` is evaluated and its verdicts are
//! compared with the `.snap` file beside it (`cargo insta review` to accept changes).
//!
//! - `fixtures/checks/<checkId>/<case>.json` runs that one check. The case's name is an
//!   expectation that a wrong snapshot accept cannot bless: `ok*` cases give only OK results,
//!   `fail*` at least one FAIL, `warn*` at least one WARN and no FAIL, `unknown*` at least one
//!   UNKNOWN.
//! - `fixtures/families/<family>/<case>.json` runs every member of that family (the checks
//!   declared together in `checks/<service>/<family>.rs`), with one snapshot per member:
//!   `<family>/<case>/<checkId>.snap`. The case's name is the expectation of every member, but
//!   those a `<case>.expect` file beside it names: lines `ok: openHTTP openHTTPS` give those
//!   members another expectation.
//! - Any other fixture runs every check, but those under `fixtures/compliance/`, which
//!   `tests/compliance.rs` judges by control, and the snapshot pairs under `fixtures/diff/`,
//!   which are stance-diff's.
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
use stance_engine::{Check, CheckResult, REGISTRY, Settings, Status, check_by_id, run_checks};
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
    let kind = parent.parent().and_then(Path::file_name).and_then(|name| name.to_str());
    let dir = parent.file_name().unwrap().to_str().unwrap();
    let checks = match kind {
        Some("checks") => {
            vec![check_by_id(dir).unwrap_or_else(|| panic!("{}: no check is named {dir:?}", path.display()))]
        }
        Some("families") => {
            let members = family_members(dir);
            assert!(!members.is_empty(), "{}: no family is named {dir:?}", path.display());
            members
        }
        _ => REGISTRY.to_vec(),
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
    let case = path.file_stem().unwrap().to_str().unwrap();
    let mut insta = insta::Settings::clone_current();
    insta.set_prepend_module_to_snapshot(false);
    insta.set_omit_expression(true);
    insta.set_input_file(Path::new("fixtures").join(relative));
    match kind {
        Some("families") => {
            let expectations = Expectations::beside(path);
            let snaps = parent.join(case);
            std::fs::create_dir_all(&snaps).unwrap();
            insta.set_snapshot_path(snaps.canonicalize().unwrap());
            for run in &runs {
                let results: Vec<&CheckResult> = run.results.iter().collect();
                assert_case_expectation(expectations.of(case, run.check.id), &results, run.check.id);
                let verdicts = verdicts(&results, false);
                insta.bind(|| insta::assert_json_snapshot!(run.check.id, verdicts));
            }
        }
        _ => {
            let single = kind == Some("checks");
            let results: Vec<&CheckResult> = runs.iter().flat_map(|run| &run.results).collect();
            if single {
                assert_case_expectation(case, &results, dir);
            }
            let verdicts = verdicts(&results, !single);
            insta.set_snapshot_path(parent.canonicalize().unwrap());
            insta.bind(|| insta::assert_json_snapshot!(case, verdicts));
        }
    }
}

/// What a snapshot holds of `results`; with `plugin`, each result's check id too.
fn verdicts<'a>(results: &[&'a CheckResult], plugin: bool) -> Vec<Verdict<'a>> {
    results
        .iter()
        .map(|result| Verdict {
            plugin: plugin.then_some(result.check.id),
            status: result.status,
            resource: &result.resource,
            region: &result.region,
            message: &result.message,
        })
        .collect()
}

/// The members of the family named `name`.
fn family_members(name: &str) -> Vec<&'static Check> {
    REGISTRY.iter().copied().filter(|check| check.family.is_some_and(|family| family.name == name)).collect()
}

/// A family case's `<case>.expect` file: the members whose expectation is not the case name's.
#[derive(Default)]
struct Expectations(Vec<(String, String)>);

impl Expectations {
    fn beside(fixture: &Path) -> Expectations {
        let path = fixture.with_extension("expect");
        let Ok(text) = std::fs::read_to_string(&path) else { return Expectations::default() };
        let mut members = Vec::new();
        for line in text.lines().map(str::trim).filter(|line| !line.is_empty() && !line.starts_with('#')) {
            let (expectation, ids) =
                line.split_once(':').unwrap_or_else(|| panic!("{}: {line:?} is not `ok: id id …`", path.display()));
            for id in ids.split_whitespace() {
                assert!(check_by_id(id).is_some(), "{}: no check is named {id:?}", path.display());
                members.push((id.to_owned(), expectation.trim().to_owned()));
            }
        }
        Expectations(members)
    }

    /// The expectation of member `id` in `case`: its own, or the case's name.
    fn of<'a>(&'a self, case: &'a str, id: &str) -> &'a str {
        self.0.iter().find(|(member, _)| member == id).map_or(case, |(_, expectation)| expectation.as_str())
    }
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

/// The expectation a case's name (`ok`, `fail-…`) states, held of `who`'s results.
fn assert_case_expectation(expectation: &str, results: &[&CheckResult], who: &str) {
    let has = |status| results.iter().any(|result| result.status == status);
    let statuses: Vec<Status> = results.iter().map(|result| result.status).collect();
    let all_ok = !results.is_empty() && statuses.iter().all(|&s| s == Status::Ok);
    if expectation.starts_with("ok") {
        assert!(all_ok, "{who}: {expectation}: not all OK: {statuses:?}");
    } else if expectation.starts_with("fail") {
        assert!(has(Status::Fail), "{who}: {expectation}: no FAIL: {statuses:?}");
    } else if expectation.starts_with("warn") {
        assert!(has(Status::Warn) && !has(Status::Fail), "{who}: {expectation}: no WARN, or a FAIL: {statuses:?}");
    } else if expectation.starts_with("unknown") {
        assert!(has(Status::Unknown), "{who}: {expectation}: no UNKNOWN: {statuses:?}");
    } else {
        panic!("{who}: {expectation}: a case's name starts with ok, fail, warn or unknown");
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

/// Every check has an `ok`, a `fail` (or, for a check whose worst verdict is WARN, `warn`), an
/// `unknown-missing` and an `unknown-denied` case: fixtures of its own, or its family's cases
/// whose expectation for it is that (the family's `ok` case must expect OK of every member
/// but those its `.expect` names, and so on).
#[test]
fn every_check_has_the_required_fixtures() {
    // Relative to the package directory, where cargo runs tests.
    let fixtures = Path::new("../../fixtures");
    for check in REGISTRY {
        let own = fixtures.join("checks").join(check.id);
        let family = check.family.map(|family| fixtures.join("families").join(family.name));
        for case in ["ok", "fail", "unknown-missing", "unknown-denied"] {
            let alternatives: &[&str] = if case == "fail" { &["fail", "warn"] } else { &[case] };
            let covered = alternatives.iter().any(|name| {
                own.join(format!("{name}.json")).is_file()
                    || family.as_ref().is_some_and(|family| {
                        let path = family.join(format!("{name}.json"));
                        let expected = Expectations::beside(&path);
                        path.is_file() && expected.of(name, check.id).starts_with(case.split('-').next().unwrap())
                    })
            });
            assert!(covered, "{} has no {case} fixture (in {} or its family's)", check.id, own.display());
        }
    }
}

include!(concat!(env!("OUT_DIR"), "/fixture_tests.rs"));
