//! Results: a finding with its check's metadata, as written to `--json` files.

use serde::Serialize;
use stance_snapshot::Snapshot;

use crate::check::{Category, Check, Severity};
use crate::context::{Context, Findings};
use crate::settings::Settings;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Status {
    Ok,
    Warn,
    Fail,
    Unknown,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Ok => "OK",
            Status::Warn => "WARN",
            Status::Fail => "FAIL",
            Status::Unknown => "UNKNOWN",
        }
    }
}

/// One result record. Field names are CloudSploit's, so existing `jq` filters keep working.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckResult {
    /// The check's id.
    pub plugin: &'static str,
    pub category: Category,
    pub title: &'static str,
    pub description: &'static str,
    /// The resource's ARN.
    pub resource: String,
    /// The resource's region, `global` for IAM.
    pub region: String,
    pub status: Status,
    pub message: String,
    pub severity: Severity,
    /// The programmes the check belongs to: `pci`, `hipaa`, `cis1`, `cis2`.
    pub compliance: Vec<&'static str>,
    /// CIS AWS Foundations Benchmark v3.0.0 control numbers.
    pub cis_controls: &'static [&'static str],
}

/// Runs `checks` over `snapshot`, in the given order.
pub fn evaluate(snapshot: &Snapshot, checks: &[&'static Check], settings: &Settings) -> Vec<CheckResult> {
    let context = Context::new(snapshot, settings);
    let mut results = Vec::new();
    for check in checks {
        let mut findings = Findings::default();
        (check.run)(&context, &mut findings);
        results.extend(findings.0.into_iter().map(|finding| CheckResult {
            plugin: check.id,
            category: check.category,
            title: check.title,
            description: check.description,
            resource: finding.resource,
            region: finding.region,
            status: finding.status,
            message: finding.message,
            severity: check.severity,
            compliance: check.compliance.iter().map(|framework| framework.name()).collect(),
            cis_controls: check.cis_controls,
        }));
    }
    results
}
