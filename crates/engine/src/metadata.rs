//! A check's metadata as one serialisable value, for every output that lists checks
//! (`stance checks --json`, the docs).

use serde::{Serialize, Serializer};

use crate::check::{Alias, CallId, Category, Check, Severity};
use crate::compliance::{self, CIS_VERSION, ControlsJson};
use crate::settings::SettingInfo;

/// A check's metadata, with the compliance controls the programme files map to it. As JSON its
/// field names are those `stance checks --json` has always printed (`compliance`,
/// `cis_controls`), with `controls` added.
#[derive(Debug, Clone, Serialize)]
pub struct CheckInfo {
    pub id: &'static str,
    pub title: &'static str,
    pub category: Category,
    pub severity: Severity,
    pub description: &'static str,
    pub remediation: &'static str,
    /// Other tools' ids, each with whether stance decides as that tool does.
    pub aliases: &'static [Alias],
    /// The selections (`--compliance` values) whose controls the check evaluates.
    pub compliance: &'static [&'static str],
    /// CIS AWS Foundations Benchmark controls, of `cis_version`.
    pub cis_controls: &'static [&'static str],
    pub cis_version: &'static str,
    /// Per programme, the controls the check evaluates (`{"cis": ["2.4"], "fsbp": ["IAM.4"]}`).
    #[serde(serialize_with = "controls_json")]
    pub controls: &'static [(&'static str, Vec<&'static str>)],
    pub reads: &'static [CallId],
    pub settings: &'static [&'static SettingInfo],
}

impl From<&'static Check> for CheckInfo {
    fn from(check: &'static Check) -> Self {
        CheckInfo {
            id: check.id,
            title: check.title,
            category: check.category,
            severity: check.severity,
            description: check.description(),
            remediation: check.remediation(),
            aliases: check.aliases,
            compliance: compliance::programmes_of(check),
            cis_controls: compliance::cis_controls(check),
            cis_version: CIS_VERSION,
            controls: compliance::controls_of(check),
            reads: check.reads,
            settings: check.settings,
        }
    }
}

fn controls_json<S: Serializer>(
    controls: &&'static [(&'static str, Vec<&'static str>)],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    ControlsJson(controls).serialize(serializer)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::check_by_id;

    #[test]
    fn metadata_keeps_its_json_names_and_adds_controls() {
        let info = serde_json::to_value(CheckInfo::from(check_by_id("rootAccessKeys").unwrap())).unwrap();
        assert_eq!(info["cis_controls"], json!(["2.4"]));
        assert_eq!(info["cis_version"], json!("v7.0.0"));
        assert_eq!(info["controls"]["cis"], json!(["2.4"]));
        assert!(info["compliance"].as_array().unwrap().contains(&json!("cis1")));
        assert_eq!(info["id"], json!("rootAccessKeys"));
    }
}
