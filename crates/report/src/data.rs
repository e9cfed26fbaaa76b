//! The results as the page's one inline JSON value: each check's metadata once, and each
//! result as a compact row of indexes into the tables beside it.
//!
//! ```json
//! {"statuses": ["FAIL", "WARN", "UNKNOWN", "OK"],
//!  "severities": ["critical", "high", "medium", "low"],
//!  "checks": [{"id": "openSSH", "title": …, "category": "EC2", "severity": 1,
//!              "description": …, "remediation": …, "controls": [["cis", ["5.2"]]]}],
//!  "regions": ["eu-west-1", "global", "us-east-1"],
//!  "suppressions": [{"rule": "suppressions.toml:2", "reason": …}],
//!  "results": [[CHECK, STATUS, REGION, "RESOURCE ARN", "MESSAGE"],
//!              [CHECK, STATUS, REGION, "RESOURCE ARN", "MESSAGE", SUPPRESSION]]}
//! ```
//!
//! `CHECK`, `STATUS`, `REGION` and `SUPPRESSION` index `checks`, `statuses`, `regions` and
//! `suppressions`; a row has its sixth member only when its result is suppressed. Statuses
//! and severities are listed worst first, so that their indexes sort worst first; regions are
//! sorted.

use std::collections::HashMap;

use serde::Serialize;
use serde::ser::{SerializeSeq as _, Serializer};
use stance_engine::{Check, CheckResult, Severity, Status, Suppression, compliance};

/// Result statuses, worst first: the order of the page's filters, columns and sort.
pub(crate) const STATUSES: [Status; 4] = [Status::Fail, Status::Warn, Status::Unknown, Status::Ok];

/// Severities, worst first.
pub(crate) const SEVERITIES: [Severity; 4] = [Severity::Critical, Severity::High, Severity::Medium, Severity::Low];

pub(crate) fn status_index(status: Status) -> usize {
    STATUSES.iter().position(|known| *known == status).expect("every status is listed")
}

pub(crate) fn severity_index(severity: Severity) -> usize {
    SEVERITIES.iter().position(|known| *known == severity).expect("every severity is listed")
}

/// The regions of `results`, sorted, each once.
pub(crate) fn regions_of(results: &[CheckResult]) -> Vec<&str> {
    let mut regions: Vec<&str> = results.iter().map(|result| result.region.as_str()).collect();
    regions.sort_unstable();
    regions.dedup();
    regions
}

/// The name a value has in the JSON results: `EC2`, `high`.
pub(crate) fn name_of(value: &impl Serialize) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(name)) => name,
        other => unreachable!("names serialize as strings, not {other:?}"),
    }
}

#[derive(Serialize)]
pub(crate) struct Data<'r> {
    statuses: [&'static str; 4],
    severities: [String; 4],
    checks: Vec<CheckEntry>,
    regions: Vec<&'r str>,
    suppressions: Vec<&'r Suppression>,
    results: Vec<Row<'r>>,
}

#[derive(Serialize)]
struct CheckEntry {
    id: &'static str,
    title: &'static str,
    category: String,
    /// An index of `severities`.
    severity: usize,
    description: &'static str,
    remediation: &'static str,
    /// Per programme, the controls the check evaluates: `[["cis", ["2.4"]], ["fsbp", ["IAM.4"]]]`.
    controls: &'static [(&'static str, Vec<&'static str>)],
}

impl CheckEntry {
    fn of(check: &'static Check) -> CheckEntry {
        CheckEntry {
            id: check.id,
            title: check.title,
            category: name_of(&check.category),
            severity: severity_index(check.severity),
            description: check.description(),
            remediation: check.remediation(),
            controls: compliance::controls_of(check),
        }
    }
}

struct Row<'r> {
    check: usize,
    status: usize,
    region: usize,
    resource: &'r str,
    message: &'r str,
    suppression: Option<usize>,
}

impl Serialize for Row<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut row = serializer.serialize_seq(Some(5 + usize::from(self.suppression.is_some())))?;
        row.serialize_element(&self.check)?;
        row.serialize_element(&self.status)?;
        row.serialize_element(&self.region)?;
        row.serialize_element(self.resource)?;
        row.serialize_element(self.message)?;
        if let Some(suppression) = self.suppression {
            row.serialize_element(&suppression)?;
        }
        row.end()
    }
}

impl<'r> Data<'r> {
    pub(crate) fn of(results: &'r [CheckResult]) -> Data<'r> {
        let mut checks: Vec<CheckEntry> = Vec::new();
        let mut check_index: HashMap<&'static str, usize> = HashMap::new();
        let regions = regions_of(results);
        let mut suppressions: Vec<&Suppression> = Vec::new();
        let rows = results
            .iter()
            .map(|result| {
                let check = *check_index.entry(result.check.id).or_insert_with(|| {
                    checks.push(CheckEntry::of(result.check));
                    checks.len() - 1
                });
                let suppression = result.suppressed.as_deref().map(|suppression| {
                    match suppressions.iter().position(|known| *known == suppression) {
                        Some(index) => index,
                        None => {
                            suppressions.push(suppression);
                            suppressions.len() - 1
                        }
                    }
                });
                Row {
                    check,
                    status: status_index(result.status),
                    region: regions.binary_search(&result.region.as_str()).expect("every region is listed"),
                    resource: &result.resource,
                    message: &result.message,
                    suppression,
                }
            })
            .collect();
        Data {
            statuses: STATUSES.map(Status::as_str),
            severities: SEVERITIES.map(|severity| name_of(&severity)),
            checks,
            regions,
            suppressions,
            results: rows,
        }
    }

    /// The data as JSON that can stand inside a `<script>` element: every `<` is written
    /// `\u003c` (it can only be inside a string), so no `</script>` or `<!--` in a message
    /// ends or changes the element.
    pub(crate) fn to_script_json(&self) -> String {
        let json = serde_json::to_string(self).expect("the data serializes");
        json.replace('<', "\\u003c")
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use serde_json::{Value, json};

    use super::*;

    fn result(id: &str, status: Status, region: &str, message: &str) -> CheckResult {
        CheckResult {
            check: stance_engine::check_by_id(id).unwrap(),
            resource: format!("arn:aws:ec2:{region}:123456789012:security-group/sg-{id}"),
            region: region.to_owned(),
            status,
            message: message.to_owned(),
            account: "123456789012".into(),
            suppressed: None,
            baseline: None,
        }
    }

    #[test]
    fn each_check_is_listed_once_and_rows_refer_to_it() {
        let mut results = vec![
            result("openSSH", Status::Fail, "us-east-1", "open to 0.0.0.0/0"),
            result("rootAccessKeys", Status::Ok, "global", "no keys"),
            result("openSSH", Status::Ok, "eu-west-1", "closed"),
        ];
        let suppression =
            Arc::new(Suppression { rule: "suppressions.toml:2".to_owned(), reason: "bastion".to_owned() });
        results[0].suppressed = Some(suppression.clone());
        results[2].suppressed = Some(suppression);
        let data: Value = serde_json::from_str(&Data::of(&results).to_script_json()).unwrap();
        let ids: Vec<&str> =
            data["checks"].as_array().unwrap().iter().map(|check| check["id"].as_str().unwrap()).collect();
        assert_eq!(ids, ["openSSH", "rootAccessKeys"]);
        assert_eq!(data["checks"][1]["controls"][0], json!(["cis", ["2.4"]]));
        assert_eq!(data["checks"][0]["severity"], json!(1), "openSSH is high, the second severity");
        assert_eq!(data["regions"], json!(["eu-west-1", "global", "us-east-1"]));
        assert_eq!(data["suppressions"], json!([{"rule": "suppressions.toml:2", "reason": "bastion"}]));
        assert_eq!(
            data["results"],
            json!([
                [0, 0, 2, "arn:aws:ec2:us-east-1:123456789012:security-group/sg-openSSH", "open to 0.0.0.0/0", 0],
                [1, 3, 1, "arn:aws:ec2:global:123456789012:security-group/sg-rootAccessKeys", "no keys"],
                [0, 3, 0, "arn:aws:ec2:eu-west-1:123456789012:security-group/sg-openSSH", "closed", 0],
            ])
        );
    }

    #[test]
    fn no_text_can_close_the_script_element() {
        let results = [result("openSSH", Status::Fail, "us-east-1", "</script><script>alert(1)</script><!--")];
        let json = Data::of(&results).to_script_json();
        assert!(!json.contains('<'), "{json}");
        let data: Value = serde_json::from_str(&json).unwrap();
        assert_eq!(data["results"][0][4], json!("</script><script>alert(1)</script><!--"));
    }
}
