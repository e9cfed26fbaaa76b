//! What the browser tests and the examples share: the whole-account fixture's results and
//! report, and headless Chromium.

#![allow(dead_code)] // Each test and example uses a part.

pub mod chromium;

use std::path::{Path, PathBuf};

use stance_engine::compliance::Selection;
use stance_engine::{CheckResult, ControlReport, REGISTRY, Settings};
use stance_report::Header;

pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The suppression the fixture's results get, so that the report shows one.
pub const SUPPRESSIONS: &str = r#"
[[suppress]]
check = "openSSH"
region = "us-east-1"
resource = "arn:aws:ec2:*:*:security-group/sg-cdd5687429fa0ecad"
reason = "bastion host, reviewed by security"
"#;

pub struct Fixture {
    pub header: Header,
    pub results: Vec<CheckResult>,
    /// The CIS report of the run.
    pub cis: ControlReport,
}

/// `fixtures/moto-account.json` evaluated by every check, with [`SUPPRESSIONS`].
pub fn fixture() -> Fixture {
    let path = root().join("fixtures/moto-account.json");
    let text = std::fs::read_to_string(&path).unwrap();
    let snapshot = stance_snapshot::parse(&text, &path).unwrap();
    let mut runs = stance_engine::run_checks(&snapshot, REGISTRY, &Settings::default());
    let mut suppressions = stance_output::Suppressions::new(jiff::civil::date(2026, 12, 15));
    suppressions.add_toml(SUPPRESSIONS, "suppressions.toml").unwrap();
    let tags = stance_output::Tags::of(&snapshot);
    for run in &mut runs {
        suppressions.apply(&mut run.results, &tags);
    }
    let cis = ControlReport::from_runs(Selection::parse("cis").unwrap(), &runs);
    let mut header = Header::of_snapshot(&snapshot, Some("moto-account.json"));
    // The screenshot should not change with each release.
    header.stance_version = Some("0.0.0-test".to_owned());
    Fixture { header, results: runs.into_iter().flat_map(|run| run.results).collect(), cis }
}

/// Writes the report of `results` to `path`.
pub fn write_report(path: &Path, header: &Header, results: &[CheckResult], compliance: Option<&ControlReport>) {
    let mut file = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    stance_report::write_html(&mut file, header, results, compliance).unwrap();
    std::io::Write::flush(&mut file).unwrap();
}
