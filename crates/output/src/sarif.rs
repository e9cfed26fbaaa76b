//! Results as SARIF 2.1.0 (by `serde-sarif`), for GitHub code scanning and other SARIF
//! viewers.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Write};

use serde_json::json;
use serde_sarif::sarif::{
    ArtifactLocation, Location, LogicalLocation, Message, MultiformatMessageString, PhysicalLocation, PropertyBag,
    Region, ReportingConfiguration, ReportingDescriptor, Result as SarifResult, ResultLevel, Run, RunAutomationDetails,
    SCHEMA_URL, Sarif, Suppression, Tool, ToolComponent,
};
use stance_engine::{CIS_VERSION, Check, CheckResult, Severity, Status};

use crate::RunInfo;

/// GitHub's `security-severity` of a check's severity. GitHub reads a score over 9.0 as
/// critical, 7.0 to 8.9 as high, 4.0 to 6.9 as medium and 0.1 to 3.9 as low; each value sits
/// well inside its band, so that GitHub shows the check's own severity word.
pub fn security_severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical => "9.5",
        Severity::High => "8.0",
        Severity::Medium => "5.5",
        Severity::Low => "3.0",
    }
}

/// The key of a result's `partialFingerprints`: the finding id, versioned as SARIF asks.
const FINGERPRINT: &str = "stanceFindingId/v1";

/// Writes a SARIF log of one run: a rule for each of `checks` (id, name, short and full
/// descriptions, help with the remediation, default level, `security-severity` and tags),
/// and a result for each FAIL (level `error`) and WARN (`warning`) of `results`, with the
/// resource's ARN as its logical location, `artifact_uri` (the snapshot file the results were
/// evaluated from) as its physical location, since GitHub requires one, and the finding id as
/// its partial fingerprint. A suppressed result carries a `suppressions` entry (kind
/// `external`, status `accepted`, with the rule and reason), which GitHub shows as dismissed.
pub fn write_sarif(
    out: &mut dyn Write,
    info: &RunInfo,
    checks: &[&'static Check],
    results: &[CheckResult],
    artifact_uri: &str,
) -> io::Result<()> {
    let mut rule_ids: Vec<&'static str> = checks.iter().map(|check| check.id).collect();
    // Results of a check left out of `checks` still need their rule.
    let listed: BTreeSet<&str> = rule_ids.iter().copied().collect();
    let mut extra: Vec<&'static Check> = Vec::new();
    for result in results {
        if !listed.contains(result.check.id) && !extra.iter().any(|check| check.id == result.check.id) {
            extra.push(result.check);
        }
    }
    rule_ids.extend(extra.iter().map(|check| check.id));
    let rules: Vec<ReportingDescriptor> = checks.iter().chain(&extra).map(|check| rule(check)).collect();
    let index: BTreeMap<&str, i64> = rule_ids.iter().enumerate().map(|(i, id)| (*id, i as i64)).collect();
    let sarif_results: Vec<SarifResult> = results
        .iter()
        .filter(|result| matches!(result.status, Status::Fail | Status::Warn))
        .map(|result| sarif_result(result, index[result.check.id], artifact_uri))
        .collect();
    let driver = ToolComponent::builder()
        .name("stance")
        .full_name("stance cloud security posture management")
        .version(info.tool_version.clone())
        .semantic_version(info.tool_version.clone())
        .information_uri("https://github.com/stance-cspm/stance")
        .rules(rules)
        .build();
    let run = Run::builder()
        .tool(Tool::builder().driver(driver).build())
        .automation_details(RunAutomationDetails::builder().id(format!("stance/{}/", info.account)).build())
        .results(sarif_results)
        .build();
    let log = Sarif::builder().schema(SCHEMA_URL).version(json!("2.1.0")).runs(vec![run]).build();
    serde_json::to_writer_pretty(&mut *out, &log)?;
    writeln!(out)
}

fn text(text: impl Into<String>) -> MultiformatMessageString {
    MultiformatMessageString::builder().text(text.into()).build()
}

fn rule(check: &'static Check) -> ReportingDescriptor {
    let level = match check.severity {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low => "note",
    };
    let mut tags = vec!["security".to_owned(), crate::label(&check.category)];
    tags.extend(stance_engine::compliance::programmes_of(check).iter().map(|&programme| programme.to_owned()));
    tags.extend(
        stance_engine::compliance::cis_controls(check).iter().map(|control| format!("CIS-{CIS_VERSION}-{control}")),
    );
    let properties = PropertyBag::builder()
        .tags(tags)
        .additional_properties(BTreeMap::from([
            ("security-severity".to_owned(), json!(security_severity(check.severity))),
            ("precision".to_owned(), json!("high")),
            ("problem.severity".to_owned(), json!(level)),
            ("aliases".to_owned(), json!(check.aliases.iter().map(|alias| alias.id).collect::<Vec<_>>())),
        ]))
        .build();
    let remediation = check.remediation();
    let help = MultiformatMessageString::builder()
        .text(format!("{}\n\nRemediation: {remediation}", check.description()))
        .markdown(format!("{}\n\n## Remediation\n\n{remediation}", check.description()))
        .build();
    ReportingDescriptor::builder()
        .id(check.id)
        .name(check.id)
        .short_description(text(check.title))
        .full_description(text(check.description()))
        .help(help)
        .default_configuration(ReportingConfiguration::builder().level(json!(level)).build())
        .properties(properties)
        .build()
}

fn sarif_result(result: &CheckResult, rule_index: i64, artifact_uri: &str) -> SarifResult {
    let id = result.id();
    let logical = LogicalLocation::builder()
        .fully_qualified_name(result.resource.clone())
        .name(crate::resource_name(&result.resource))
        .kind("resource")
        .build();
    let physical = PhysicalLocation::builder()
        .artifact_location(ArtifactLocation::builder().uri(artifact_uri).build())
        .region(Region::builder().start_line(1).build())
        .build();
    let location = Location::builder().physical_location(physical).logical_locations(vec![logical]).build();
    let level = if result.status == Status::Fail { ResultLevel::Error } else { ResultLevel::Warning };
    let properties = PropertyBag::builder()
        .additional_properties(BTreeMap::from([
            ("status".to_owned(), json!(result.status.as_str())),
            ("region".to_owned(), json!(result.region)),
            ("account".to_owned(), json!(&*result.account)),
            ("findingId".to_owned(), json!(id)),
        ]))
        .build();
    let message = Message::builder().text(format!("{} ({})", result.message, result.resource)).build();
    let mut sarif = SarifResult::builder()
        .rule_id(result.check.id)
        .rule_index(rule_index)
        .level(level)
        .message(message)
        .locations(vec![location])
        .partial_fingerprints(BTreeMap::from([(FINGERPRINT.to_owned(), id)]))
        .properties(properties)
        .build();
    if let Some(suppression) = &result.suppressed {
        sarif.suppressions = Some(vec![
            Suppression::builder()
                .kind(json!("external"))
                .status(json!("accepted"))
                .justification(format!("{}: {}", suppression.rule, suppression.reason))
                .build(),
        ]);
    }
    sarif
}
