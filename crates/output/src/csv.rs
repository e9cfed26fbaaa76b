//! Results as CSV: a header, then one row per result (RFC 4180, by the `csv` crate).

use std::io::{self, Write};

use serde::Serialize;
use stance_engine::CheckResult;

/// One row: the JSON results' fields, lists joined with spaces, and the suppression's rule
/// and reason (empty when the result is not suppressed).
#[derive(Serialize)]
struct Row<'a> {
    id: String,
    account: &'a str,
    plugin: &'static str,
    category: String,
    title: &'static str,
    resource: &'a str,
    region: &'a str,
    status: &'static str,
    severity: String,
    message: &'a str,
    compliance: String,
    cis_controls: String,
    suppressed: bool,
    suppression_rule: &'a str,
    suppression_reason: &'a str,
}

/// Writes `results` as CSV, CRLF-terminated as RFC 4180 says.
pub fn write_csv(out: &mut dyn Write, results: &[CheckResult]) -> io::Result<()> {
    let mut writer = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(out);
    for result in results {
        let check = result.check;
        let suppression = result.suppressed.as_deref();
        writer.serialize(Row {
            id: result.id(),
            account: &result.account,
            plugin: check.id,
            category: crate::label(&check.category),
            title: check.title,
            resource: &result.resource,
            region: &result.region,
            status: result.status.as_str(),
            severity: crate::label(&check.severity),
            message: &result.message,
            compliance: stance_engine::compliance::programmes_of(check).join(" "),
            cis_controls: stance_engine::compliance::cis_controls(check).join(" "),
            suppressed: suppression.is_some(),
            suppression_rule: suppression.map_or("", |s| s.rule.as_str()),
            suppression_reason: suppression.map_or("", |s| s.reason.as_str()),
        })?;
    }
    if results.is_empty() {
        // A header even without rows, so that readers see the columns.
        writer.write_record([
            "id",
            "account",
            "plugin",
            "category",
            "title",
            "resource",
            "region",
            "status",
            "severity",
            "message",
            "compliance",
            "cis_controls",
            "suppressed",
            "suppression_rule",
            "suppression_reason",
        ])?;
    }
    writer.flush()
}
