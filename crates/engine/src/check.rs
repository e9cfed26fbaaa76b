//! What a check is: its metadata, declared next to its logic, and the function that runs it.

use serde::Serialize;

use crate::context::{Context, Findings};

/// One check. Each lives in its own file under `checks/<service>/` as a `pub(crate) static CHECK`.
#[derive(Debug)]
pub struct Check {
    /// The id users type (`--plugin=rootAccountInUse`); the same as CloudSploit's where one exists.
    pub id: &'static str,
    pub title: &'static str,
    pub category: Category,
    pub severity: Severity,
    /// What the check looks at and why it matters.
    pub description: &'static str,
    /// How to fix a failure.
    pub remediation: &'static str,
    /// The compliance programmes the check belongs to (`--compliance`).
    pub compliance: &'static [Framework],
    /// The CIS AWS Foundations Benchmark v3.0.0 controls the check covers.
    pub cis_controls: &'static [&'static str],
    /// The snapshot calls the check reads; `scan --plugin` collects only these.
    pub reads: &'static [Call],
    /// Tunable thresholds, with their defaults.
    pub settings: &'static [Setting],
    /// Looks at the snapshot and reports one finding per resource.
    pub run: fn(&Context, &mut Findings),
}

/// A snapshot call: service and operation, as keyed in the snapshot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Call {
    pub service: &'static str,
    pub operation: &'static str,
}

impl Call {
    pub const fn new(service: &'static str, operation: &'static str) -> Call {
        Call { service, operation }
    }
}

/// A check's tunable number.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Setting {
    /// Globally unique, e.g. `root_account_in_use_days`; set with `--setting NAME=VALUE`.
    pub name: &'static str,
    pub default: i64,
    pub description: &'static str,
}

/// The service group a check reports under, as CloudSploit users filter on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum Category {
    #[serde(rename = "IAM")]
    Iam,
    /// EC2, VPC networking included.
    #[serde(rename = "EC2")]
    Ec2,
    #[serde(rename = "S3")]
    S3,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Low,
    Medium,
    High,
    Critical,
}

/// A compliance programme a check is mapped to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Framework {
    /// PCI DSS.
    Pci,
    /// HIPAA.
    Hipaa,
    /// CIS AWS Foundations Benchmark, level 1.
    Cis1,
    /// CIS AWS Foundations Benchmark, level 2.
    Cis2,
}

impl Framework {
    pub const ALL: [Framework; 4] = [Framework::Pci, Framework::Hipaa, Framework::Cis1, Framework::Cis2];

    pub fn name(self) -> &'static str {
        match self {
            Framework::Pci => "pci",
            Framework::Hipaa => "hipaa",
            Framework::Cis1 => "cis1",
            Framework::Cis2 => "cis2",
        }
    }

    /// The programmes a `--compliance` value selects: `cis` means both CIS levels.
    pub fn select(name: &str) -> Option<&'static [Framework]> {
        Some(match name {
            "pci" => &[Framework::Pci],
            "hipaa" => &[Framework::Hipaa],
            "cis1" => &[Framework::Cis1],
            "cis2" => &[Framework::Cis2],
            "cis" => &[Framework::Cis1, Framework::Cis2],
            _ => return None,
        })
    }
}
