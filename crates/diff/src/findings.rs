//! The findings delta: both snapshots evaluated, their results matched by check, account,
//! region and resource.

use std::collections::{BTreeMap, BTreeSet};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use stance_engine::{CheckResult, REGISTRY, Settings, Status, run_checks};
use stance_snapshot::Snapshot;

/// One result, as far as the delta needs it. It reads from a results JSON file too
/// (`stance evaluate --json`): its other members are ignored.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Finding {
    pub plugin: String,
    pub account: String,
    pub region: String,
    pub resource: String,
    pub status: Status,
    pub message: String,
}

impl From<&CheckResult> for Finding {
    fn from(result: &CheckResult) -> Finding {
        Finding {
            plugin: result.check.id.to_owned(),
            account: result.account.to_string(),
            region: result.region.clone(),
            resource: result.resource.clone(),
            status: result.status,
            message: result.message.clone(),
        }
    }
}

/// The results of every check of the registry on `snapshot`.
pub fn evaluate(snapshot: &Snapshot, settings: &Settings) -> Vec<Finding> {
    run_checks(snapshot, REGISTRY, settings).iter().flat_map(|run| &run.results).map(Finding::from).collect()
}

/// How the findings changed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, JsonSchema)]
pub struct FindingsDelta {
    /// FAIL in NEW, and not in OLD (another status, or no result).
    pub new_fails: Vec<FindingChange>,
    /// FAIL in OLD, OK in NEW.
    pub fixed: Vec<FindingChange>,
    /// Every other change of status between two results, and FAILs whose result is gone (the
    /// resource removed, or the check not run). A result that appears or goes with a status other
    /// than FAIL is left out: it follows a resource's change, which is reported as such.
    pub changed: Vec<FindingChange>,
}

/// One finding's change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct FindingChange {
    /// The check id.
    pub plugin: String,
    pub account: String,
    pub region: String,
    pub resource: String,
    /// `null` where there is no result.
    #[schemars(schema_with = "status_schema")]
    pub old: Option<Status>,
    #[schemars(schema_with = "status_schema")]
    pub new: Option<Status>,
    /// NEW's message, or OLD's when the result is gone.
    pub message: String,
}

/// A result's status, or `null`.
fn status_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    let statuses = [Status::Ok, Status::Warn, Status::Fail, Status::Unknown].map(Status::as_str);
    schemars::json_schema!({"enum": [statuses[0], statuses[1], statuses[2], statuses[3], null]})
}

/// What matches a result across snapshots.
type FindingKey<'f> = (&'f str, &'f str, &'f str, &'f str);

fn by_key(findings: &[Finding]) -> BTreeMap<FindingKey<'_>, &Finding> {
    let mut keyed = BTreeMap::new();
    for finding in findings {
        let key = (&*finding.plugin, &*finding.account, &*finding.region, &*finding.resource);
        // A check names each resource once; should one not, its first result stands.
        keyed.entry(key).or_insert(finding);
    }
    keyed
}

impl FindingsDelta {
    /// The delta from the `old` results to the `new`.
    pub fn between(old: &[Finding], new: &[Finding]) -> FindingsDelta {
        let (old, new) = (by_key(old), by_key(new));
        let keys: BTreeSet<&FindingKey> = old.keys().chain(new.keys()).collect();
        let mut delta = FindingsDelta::default();
        for key in keys {
            let (before, after) = (old.get(key), new.get(key));
            let (old_status, new_status) = (before.map(|f| f.status), after.map(|f| f.status));
            if old_status == new_status {
                continue;
            }
            let list = match (old_status, new_status) {
                (_, Some(Status::Fail)) => &mut delta.new_fails,
                (Some(Status::Fail), Some(Status::Ok)) => &mut delta.fixed,
                (Some(_), Some(_)) | (Some(Status::Fail), None) => &mut delta.changed,
                (None, _) | (Some(_), None) => continue,
            };
            let &(plugin, account, region, resource) = key;
            list.push(FindingChange {
                plugin: plugin.to_owned(),
                account: account.to_owned(),
                region: region.to_owned(),
                resource: resource.to_owned(),
                old: old_status,
                new: new_status,
                message: after.or(before).map(|finding| finding.message.clone()).unwrap_or_default(),
            });
        }
        delta
    }

    pub fn is_empty(&self) -> bool {
        self.new_fails.is_empty() && self.fixed.is_empty() && self.changed.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(plugin: &str, resource: &str, status: Status) -> Finding {
        Finding {
            plugin: plugin.into(),
            account: "123456789012".into(),
            region: "us-east-1".into(),
            resource: resource.into(),
            status,
            message: format!("{plugin} {resource} {status:?}"),
        }
    }

    fn summary(changes: &[FindingChange]) -> Vec<(String, Option<Status>, Option<Status>)> {
        changes
            .iter()
            .map(|change| (format!("{}:{}", change.plugin, change.resource), change.old, change.new))
            .collect()
    }

    #[test]
    fn results_are_matched_by_check_and_resource_and_sorted_into_kinds() {
        let old = [
            finding("openSSH", "sg-1", Status::Ok),
            finding("bucketVersioning", "b1", Status::Fail),
            finding("bucketVersioning", "b2", Status::Fail),
            finding("rootMfa", "root", Status::Warn),
            finding("userMfa", "gone-ok", Status::Ok),
            finding("userMfa", "gone-fail", Status::Fail),
            finding("same", "x", Status::Fail),
        ];
        let new = [
            finding("openSSH", "sg-1", Status::Fail),
            finding("openSSH", "sg-2", Status::Fail),
            finding("openSSH", "sg-3", Status::Ok),
            finding("bucketVersioning", "b1", Status::Ok),
            finding("bucketVersioning", "b2", Status::Unknown),
            finding("rootMfa", "root", Status::Ok),
            finding("same", "x", Status::Fail),
        ];
        let delta = FindingsDelta::between(&old, &new);
        assert_eq!(
            summary(&delta.new_fails),
            [
                ("openSSH:sg-1".into(), Some(Status::Ok), Some(Status::Fail)),
                ("openSSH:sg-2".into(), None, Some(Status::Fail))
            ]
        );
        assert_eq!(summary(&delta.fixed), [("bucketVersioning:b1".into(), Some(Status::Fail), Some(Status::Ok))]);
        assert_eq!(
            summary(&delta.changed),
            [
                ("bucketVersioning:b2".into(), Some(Status::Fail), Some(Status::Unknown)),
                ("rootMfa:root".into(), Some(Status::Warn), Some(Status::Ok)),
                ("userMfa:gone-fail".into(), Some(Status::Fail), None),
            ]
        );
        assert_eq!(delta.changed[2].message, "userMfa gone-fail Fail");
        assert!(FindingsDelta::between(&new, &new).is_empty());
    }

    #[test]
    fn findings_read_from_a_results_file() {
        let text = r#"[{"plugin": "openSSH", "title": "Open SSH", "id": "ab", "account": "123456789012",
            "resource": "sg-1", "region": "us-east-1", "status": "FAIL", "message": "open", "suppressed": null}]"#;
        let findings: Vec<Finding> = serde_json::from_str(text).unwrap();
        assert_eq!(findings, [Finding { message: "open".into(), ..finding("openSSH", "sg-1", Status::Fail) }]);
    }
}
