//! Results as OCSF Detection Findings (class 2004), one JSON array of events.
//!
//! No maintained Rust crate models OCSF, so the events are typed here, member for member as
//! the OCSF schema names them; the consumer test validates every file against the PyPI
//! `py-ocsf-models` package (the models Prowler writes OCSF with) and requires that the
//! models keep every member, so a misspelt one fails.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::Serialize;
use stance_engine::{CIS_VERSION, CheckResult, Severity, Status};

use crate::controls;

use crate::RunInfo;

/// The OCSF schema version the events follow.
pub const OCSF_VERSION: &str = "1.5.0";

#[derive(Serialize)]
struct Event<'a> {
    metadata: Metadata<'a>,
    activity_id: u8,
    activity_name: &'static str,
    category_uid: u8,
    category_name: &'static str,
    class_uid: u16,
    class_name: &'static str,
    type_uid: u32,
    type_name: &'static str,
    severity_id: u8,
    severity: &'static str,
    /// The finding's workflow state: New, or Suppressed.
    status_id: u8,
    status: &'static str,
    /// The verdict: PASS, FAIL, WARN or UNKNOWN.
    status_code: &'static str,
    status_detail: &'a str,
    message: &'a str,
    time: i64,
    finding_info: FindingInfo<'a>,
    resources: Vec<Resource<'a>>,
    cloud: Cloud<'a>,
    remediation: Remediation<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    comment: Option<String>,
    unmapped: Unmapped<'a>,
}

#[derive(Serialize)]
struct Metadata<'a> {
    version: &'static str,
    product: Product<'a>,
    event_code: &'static str,
    profiles: [&'static str; 1],
}

#[derive(Serialize)]
struct Product<'a> {
    name: &'static str,
    uid: &'static str,
    vendor_name: &'static str,
    version: &'a str,
}

#[derive(Serialize)]
struct FindingInfo<'a> {
    uid: String,
    title: &'static str,
    desc: &'static str,
    types: Vec<String>,
    created_time: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    src_url: Option<&'a str>,
}

#[derive(Serialize)]
struct Resource<'a> {
    uid: &'a str,
    name: String,
    #[serde(rename = "type")]
    kind: &'static str,
    region: &'a str,
    cloud_partition: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    labels: Option<Vec<String>>,
}

#[derive(Serialize)]
struct Cloud<'a> {
    provider: &'static str,
    region: &'a str,
    account: Account<'a>,
}

#[derive(Serialize)]
struct Account<'a> {
    uid: &'a str,
    name: &'a str,
    type_id: u8,
    #[serde(rename = "type")]
    kind: &'static str,
}

#[derive(Serialize)]
struct Remediation<'a> {
    desc: &'a str,
}

/// What OCSF's Detection Finding has no member for: the compliance mappings (OCSF's
/// `compliance` object belongs to the Compliance Finding class, 2003), as Prowler files them.
#[derive(Serialize)]
struct Unmapped<'a> {
    compliance: BTreeMap<String, Vec<&'a str>>,
    aliases: Vec<&'static str>,
}

/// Writes every result as an OCSF Detection Finding (Create activity), in one JSON array.
/// `status_code` is the verdict; `status_id` is 1 (New), or 3 (Suppressed) with the rule and
/// reason in `comment`.
pub fn write_ocsf(out: &mut dyn Write, info: &RunInfo, results: &[CheckResult]) -> io::Result<()> {
    let time = info.collected_at.as_millisecond();
    let events: Vec<Event> = results
        .iter()
        .map(|result| {
            let check = result.check;
            let (severity_id, severity) = match check.severity {
                Severity::Low => (2, "Low"),
                Severity::Medium => (3, "Medium"),
                Severity::High => (4, "High"),
                Severity::Critical => (5, "Critical"),
            };
            let (status_id, status) = if result.suppressed.is_some() { (3, "Suppressed") } else { (1, "New") };
            let status_code = match result.status {
                Status::Ok => "PASS",
                Status::Fail => "FAIL",
                Status::Warn => "WARN",
                Status::Unknown => "UNKNOWN",
            };
            let mut compliance = BTreeMap::new();
            let frameworks: Vec<&str> = stance_engine::compliance::programmes_of(check).to_vec();
            for (name, ids) in [
                (format!("CIS-{CIS_VERSION}"), controls(check, "cis")),
                ("PCI-DSS-4.0".to_owned(), controls(check, "pci")),
                ("HIPAA".to_owned(), controls(check, "hipaa")),
                ("AWS-FSBP".to_owned(), controls(check, "fsbp")),
            ] {
                if !ids.is_empty() {
                    compliance.insert(name, ids.to_vec());
                }
            }
            if !frameworks.is_empty() {
                compliance.insert("cloudsploit".to_owned(), frameworks);
            }
            Event {
                metadata: Metadata {
                    version: OCSF_VERSION,
                    product: Product {
                        name: "stance",
                        uid: "stance",
                        vendor_name: "stance",
                        version: &info.tool_version,
                    },
                    event_code: check.id,
                    profiles: ["cloud"],
                },
                activity_id: 1,
                activity_name: "Create",
                category_uid: 2,
                category_name: "Findings",
                class_uid: 2004,
                class_name: "Detection Finding",
                type_uid: 200401,
                type_name: "Detection Finding: Create",
                severity_id,
                severity,
                status_id,
                status,
                status_code,
                status_detail: &result.message,
                message: &result.message,
                time,
                finding_info: FindingInfo {
                    uid: result.id(),
                    title: check.title,
                    desc: check.description(),
                    types: vec![crate::label(&check.category)],
                    created_time: time,
                    src_url: None,
                },
                resources: vec![Resource {
                    uid: &result.resource,
                    name: crate::resource_name(&result.resource),
                    kind: crate::resource_type(&result.resource),
                    region: &result.region,
                    cloud_partition: &info.partition,
                    labels: None,
                }],
                cloud: Cloud {
                    provider: "AWS",
                    region: &result.region,
                    account: Account { uid: &result.account, name: &result.account, type_id: 10, kind: "AWS Account" },
                },
                remediation: Remediation { desc: check.remediation() },
                comment: result.suppressed.as_ref().map(|s| format!("suppressed by {}: {}", s.rule, s.reason)),
                unmapped: Unmapped { compliance, aliases: check.aliases.iter().map(|alias| alias.id).collect() },
            }
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &events)?;
    writeln!(out)
}
