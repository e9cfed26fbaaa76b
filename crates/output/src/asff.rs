//! Results as AWS Security Finding Format findings, the `Findings` of Security Hub's
//! BatchImportFindings (`aws securityhub batch-import-findings --findings file://FILE`, at
//! most 100 a call).
//!
//! The findings are typed here member for member as the API names them (the AWS SDK's types
//! do not serialize, and the SDK is no dependency of this crate); the consumer test validates
//! every file with botocore's own parameter validation of `batch_import_findings`.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::Serialize;
use stance_engine::{CIS_VERSION, CheckResult, Severity, Status};

use crate::controls;
use stance_snapshot::GLOBAL_REGION;

use crate::{RunInfo, cut};

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct Finding<'a> {
    schema_version: &'static str,
    id: String,
    product_arn: String,
    generator_id: &'static str,
    aws_account_id: &'a str,
    types: Vec<String>,
    created_at: &'a str,
    updated_at: &'a str,
    severity: FindingSeverity,
    title: String,
    description: String,
    remediation: Remediation,
    product_fields: BTreeMap<&'static str, String>,
    resources: Vec<Resource<'a>>,
    compliance: Compliance,
    workflow: Workflow,
    record_state: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct FindingSeverity {
    label: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct Remediation {
    recommendation: Recommendation,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct Recommendation {
    text: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct Resource<'a> {
    #[serde(rename = "Type")]
    kind: &'static str,
    id: &'a str,
    partition: &'a str,
    region: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct Compliance {
    status: &'static str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_requirements: Vec<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct Workflow {
    status: &'static str,
}

/// Writes every result as an ASFF finding, in one JSON array.
///
/// - `Id` is `stance/` and the finding id; `GeneratorId` the check's id; `ProductArn` the
///   account's own default product, `arn:PARTITION:securityhub:REGION:ACCOUNT:product/ACCOUNT/default`,
///   in the result's region, or for a global result (`global`: IAM, account settings) in
///   `info.home_region`, which is also its resource's `Region`.
/// - `Compliance.Status`: OK is PASSED, FAIL FAILED, WARN WARNING, UNKNOWN NOT_AVAILABLE;
///   `RelatedRequirements` the CIS, PCI DSS 4.0 and FSBP controls (at most 32, ASFF's limit).
/// - `Severity.Label`: the check's severity, and INFORMATIONAL for OK, as Security Hub's own
///   controls label passed findings.
/// - `Workflow.Status`: SUPPRESSED for suppressed results (rule and reason in
///   `ProductFields`), NEW otherwise.
/// - `CreatedAt`/`UpdatedAt`: when the snapshot was collected. Title, description and
///   remediation are cut to ASFF's limits (256, 1024 and 512 characters).
pub fn write_asff(out: &mut dyn Write, info: &RunInfo, results: &[CheckResult]) -> io::Result<()> {
    let time = info.collected_at.strftime("%Y-%m-%dT%H:%M:%S%.3fZ").to_string();
    let findings: Vec<Finding> = results
        .iter()
        .map(|result| {
            let check = result.check;
            let region = if result.region == GLOBAL_REGION { &info.home_region } else { &result.region };
            let account: &str = &result.account;
            let (status, label) = match result.status {
                Status::Ok => ("PASSED", "INFORMATIONAL"),
                Status::Fail => ("FAILED", severity_label(check.severity)),
                Status::Warn => ("WARNING", severity_label(check.severity)),
                Status::Unknown => ("NOT_AVAILABLE", severity_label(check.severity)),
            };
            let mut types = vec!["Software and Configuration Checks/AWS Security Best Practices".to_owned()];
            let (cis, pci, fsbp) = (controls(check, "cis"), controls(check, "pci"), controls(check, "fsbp"));
            if !cis.is_empty() {
                types.push(
                    "Software and Configuration Checks/Industry and Regulatory Standards/CIS AWS Foundations Benchmark"
                        .to_owned(),
                );
            }
            if !pci.is_empty() {
                types.push("Software and Configuration Checks/Industry and Regulatory Standards/PCI-DSS".to_owned());
            }
            let requirements: Vec<String> = cis
                .iter()
                .map(|control| format!("CIS AWS Foundations Benchmark {CIS_VERSION}/{control}"))
                .chain(pci.iter().map(|requirement| format!("PCI DSS v4.0/{requirement}")))
                .chain(fsbp.iter().map(|control| format!("AWS Foundational Security Best Practices/{control}")))
                .take(32)
                .collect();
            let mut product_fields = BTreeMap::from([
                ("ProviderName", "stance".to_owned()),
                ("ProviderVersion", info.tool_version.clone()),
                ("stance/plugin", check.id.to_owned()),
                ("stance/status", result.status.as_str().to_owned()),
                ("stance/message", cut(&result.message, 2048)),
            ]);
            if let Some(suppression) = &result.suppressed {
                product_fields.insert("stance/suppression_rule", cut(&suppression.rule, 2048));
                product_fields.insert("stance/suppression_reason", cut(&suppression.reason, 2048));
            }
            Finding {
                schema_version: "2018-10-08",
                id: format!("stance/{}", result.id()),
                product_arn: format!("arn:{}:securityhub:{region}:{account}:product/{account}/default", info.partition),
                generator_id: check.id,
                aws_account_id: account,
                types,
                created_at: &time,
                updated_at: &time,
                severity: FindingSeverity { label },
                title: cut(check.title, 256),
                description: cut(&format!("{}: {}", result.message, check.description()), 1024),
                remediation: Remediation { recommendation: Recommendation { text: cut(check.remediation(), 512) } },
                product_fields,
                resources: vec![Resource {
                    kind: crate::resource_type(&result.resource),
                    id: &result.resource,
                    partition: &info.partition,
                    region,
                }],
                compliance: Compliance { status, related_requirements: requirements },
                workflow: Workflow { status: if result.suppressed.is_some() { "SUPPRESSED" } else { "NEW" } },
                record_state: "ACTIVE",
            }
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &findings)?;
    writeln!(out)
}

fn severity_label(severity: Severity) -> &'static str {
    match severity {
        Severity::Low => "LOW",
        Severity::Medium => "MEDIUM",
        Severity::High => "HIGH",
        Severity::Critical => "CRITICAL",
    }
}
