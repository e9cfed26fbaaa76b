//! The whole-account fixture evaluated once, with suppressions, for the format tests.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use stance_engine::{Check, CheckResult, REGISTRY, Settings};
use stance_output::{RunInfo, SuppressionReport, Suppressions, Tags};

/// The suppression file of the tests: one rule that mutes a finding, one that matches
/// nothing (stale) and one past its date (expired), on 2026-12-15.
pub const SUPPRESSIONS: &str = r#"
[[suppress]]
check = "openSSH"
region = "us-east-1"
resource = "arn:aws:ec2:*:*:security-group/sg-cdd5687429fa0ecad"
reason = "bastion host, reviewed by security"
expires = 2027-06-30

[[suppress]]
check = "openTelnet"
resource = "arn:aws:ec2:*:*:security-group/sg-does-not-exist"
reason = "stale: nothing matches it"

[[suppress]]
check = "rootAccountInUse"
reason = "old exception"
expires = 2026-01-31
"#;

pub struct Evaluated {
    pub info: RunInfo,
    pub checks: Vec<&'static Check>,
    pub results: Vec<CheckResult>,
    pub report: SuppressionReport,
}

pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `fixtures/moto-account.json`, every check, with [`SUPPRESSIONS`] applied.
pub fn evaluated() -> Evaluated {
    let path = root().join("fixtures/moto-account.json");
    let text = std::fs::read_to_string(&path).unwrap();
    let snapshot = stance_snapshot::parse(&text, &path).unwrap();
    let checks: Vec<&'static Check> = REGISTRY.to_vec();
    let mut results: Vec<CheckResult> = stance_engine::run_checks(&snapshot, &checks, &Settings::default())
        .into_iter()
        .flat_map(|run| run.results)
        .collect();
    let mut suppressions = Suppressions::new(jiff::civil::date(2026, 12, 15));
    suppressions.add_toml(SUPPRESSIONS, "suppressions.toml").unwrap();
    suppressions.apply(&mut results, &Tags::of(&snapshot));
    let mut info = RunInfo::of(&snapshot);
    // Golden files should not change with each release.
    info.tool_version = "0.0.0-test".to_owned();
    Evaluated { info, checks, results, report: suppressions.report() }
}

/// What each format writes for `evaluated`.
pub fn render(evaluated: &Evaluated, format: &str) -> String {
    let mut out = Vec::new();
    let Evaluated { info, checks, results, .. } = evaluated;
    match format {
        "csv" => stance_output::write_csv(&mut out, results),
        "junit" => stance_output::write_junit(&mut out, results),
        "sarif" => stance_output::write_sarif(&mut out, info, checks, results, "fixtures/moto-account.json"),
        "ocsf" => stance_output::write_ocsf(&mut out, info, results),
        "asff" => stance_output::write_asff(&mut out, info, results),
        "json" => {
            let mut json = stance_engine::ResultsJson::new(&mut out);
            json.write(results).and_then(|()| json.finish())
        }
        other => panic!("no format {other}"),
    }
    .unwrap();
    String::from_utf8(out).unwrap()
}
