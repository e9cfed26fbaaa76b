//! The per-control report on snapshots: golden reports of the whole-account fixture for each
//! selection, and the status rules on small fixtures under `fixtures/compliance/` (accept
//! changes with `INSTA_UPDATE=always cargo test -p stance-engine --test compliance`, then review
//! the diff).

use std::path::Path;

use stance_engine::compliance::{ControlStatus, Selection};
use stance_engine::{ControlReport, ReportFormat, Settings, Status, run_checks};

/// The snapshot at `relative` (to `fixtures/`), evaluated with the checks of `selection`.
fn report(relative: &str, selection: &'static Selection) -> ControlReport {
    // Relative to the package directory, where cargo runs tests.
    let path = &Path::new("../../fixtures").join(relative);
    let text = stance_snapshot::read_text(path).unwrap_or_else(|e| panic!("{e}"));
    let snapshot = stance_snapshot::parse(&text, path).unwrap_or_else(|e| panic!("{e}"));
    let runs = run_checks(&snapshot, &selection.checks(), &Settings::default());
    ControlReport::from_runs(selection, &runs)
}

fn insta_settings(input: &str) -> insta::Settings {
    let mut insta = insta::Settings::clone_current();
    insta.set_prepend_module_to_snapshot(false);
    insta.set_omit_expression(true);
    insta.set_input_file(Path::new("fixtures").join(input));
    insta.set_snapshot_path(Path::new("../../fixtures/compliance").canonicalize().unwrap());
    insta
}

#[test]
fn golden_reports_of_the_whole_account_fixture() {
    for name in ["cis", "cis1", "cis2", "fsbp", "pci", "hipaa"] {
        let report = report("moto-account.json", Selection::parse(name).unwrap());
        let evaluated = report.controls.iter().filter(|control| {
            matches!(control.status, ControlStatus::Pass | ControlStatus::Fail | ControlStatus::Unknown)
        });
        assert_eq!(evaluated.count(), report.coverage.evaluated);
        // Every mapped check was run: UNKNOWN comes from data only.
        assert!(report.controls.iter().all(|control| control.checks.iter().all(|check| check.run)));
        insta_settings("moto-account.json")
            .bind(|| insta::assert_json_snapshot!(format!("moto-account-{name}"), report));
    }
    let cis = report("moto-account.json", Selection::parse("cis").unwrap());
    let mut csv = Vec::new();
    cis.write(&mut csv, ReportFormat::Csv).unwrap();
    insta_settings("moto-account.json")
        .bind(|| insta::assert_snapshot!("moto-account-cis-csv", String::from_utf8(csv).unwrap()));
    insta_settings("moto-account.json")
        .bind(|| insta::assert_snapshot!("moto-account-cis-console", cis.console(false)));
}

/// A mapped check and the statuses of its results.
type CheckStatuses = (&'static str, &'static [Status]);

/// A fixture, the control it is about, the status it must give, and the statuses of its
/// checks' results.
const CASES: &[(&str, &str, ControlStatus, &[CheckStatuses])] = &[
    // CIS 2.11: an access key unused for 200 days fails accessKeysLastUsed, while every
    // password is in use: one check of two fails, and so does the control.
    (
        "fail-one-of-two-checks",
        "2.11",
        ControlStatus::Fail,
        &[("accessKeysLastUsed", &[Status::Fail, Status::Ok]), ("usersPasswordLastUsed", &[Status::Ok, Status::Ok])],
    ),
    // CIS 3.2.4: DescribeDBInstances is denied, so rdsMultiAz cannot judge the instances, while
    // rdsClusterMultiAz passes the cluster: the control is UNKNOWN, not PASS.
    (
        "unknown-one-check-denied",
        "3.2.4",
        ControlStatus::Unknown,
        &[("rdsClusterMultiAz", &[Status::Ok]), ("rdsMultiAz", &[Status::Unknown])],
    ),
];

#[test]
fn a_control_is_as_bad_as_its_worst_check() {
    for &(case, id, status, checks) in CASES {
        let report = report(&format!("compliance/{case}.json"), Selection::parse("cis").unwrap());
        let control = report.controls.iter().find(|control| control.id == id).unwrap();
        assert_eq!(control.status, status, "{case}");
        for (check, statuses) in checks {
            let line = control.checks.iter().find(|line| line.id == *check).unwrap();
            let count = |wanted| statuses.iter().filter(|&&s| s == wanted).count();
            let counts = line.counts;
            assert_eq!(
                (counts.ok, counts.warn, counts.fail, counts.unknown),
                (count(Status::Ok), count(Status::Warn), count(Status::Fail), count(Status::Unknown)),
                "{case}: {check}"
            );
        }
        insta_settings(&format!("compliance/{case}.json")).bind(|| insta::assert_json_snapshot!(case, control));
    }
}
