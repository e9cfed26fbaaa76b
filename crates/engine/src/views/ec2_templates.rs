//! EC2 launch templates and user data. User data is never in the snapshot: the collector
//! replaced it with what a secret scan found (`stance_snapshot::user_data`).

use serde::Deserialize;
use stance_snapshot::user_data::UserDataScan;

use super::Text;
use crate::check::Call;

pub const DESCRIBE_LAUNCH_TEMPLATES: Call<DescribeLaunchTemplates> = Call::new("EC2", "DescribeLaunchTemplates");
/// Per launch template (keyed by its ARN): the newest versions and the default one.
pub const DESCRIBE_LAUNCH_TEMPLATE_VERSIONS: Call<DescribeLaunchTemplateVersions> =
    Call::new("EC2", "DescribeLaunchTemplateVersions");
/// Per instance not terminated (keyed by its ARN): its user data's scan.
pub const DESCRIBE_INSTANCE_ATTRIBUTE: Call<DescribeInstanceAttribute> = Call::new("EC2", "DescribeInstanceAttribute");

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeLaunchTemplates {
    #[serde(default)]
    pub launch_templates: Box<[LaunchTemplate]>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct LaunchTemplate {
    pub launch_template_id: Text,
    #[serde(default)]
    pub launch_template_name: Option<Text>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeLaunchTemplateVersions {
    #[serde(default)]
    pub launch_template_versions: Box<[LaunchTemplateVersion]>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct LaunchTemplateVersion {
    pub version_number: i64,
    #[serde(default)]
    pub default_version: bool,
    #[serde(default)]
    pub launch_template_data: Option<LaunchTemplateData>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct LaunchTemplateData {
    #[serde(default)]
    pub metadata_options: Option<MetadataOptions>,
    #[serde(default)]
    pub network_interfaces: Box<[TemplateNetworkInterface]>,
    #[serde(default)]
    pub user_data: Option<ScannedUserData>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct MetadataOptions {
    /// `required` (IMDSv2 only) or `optional`; absent: left to the account default and the AMI.
    #[serde(default)]
    pub http_tokens: Option<Text>,
    /// `enabled` or `disabled` (no instance metadata service at all).
    #[serde(default)]
    pub http_endpoint: Option<Text>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TemplateNetworkInterface {
    #[serde(default)]
    pub associate_public_ip_address: Option<bool>,
}

/// Where the CLI would print user data: the collector's scan of it. `{}` (an instance without
/// user data) has none.
#[derive(Debug, Deserialize)]
pub struct ScannedUserData {
    #[serde(rename = "StanceSecretScan", default)]
    pub scan: Option<UserDataScan>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeInstanceAttribute {
    #[serde(default)]
    pub user_data: Option<ScannedUserData>,
}

impl ScannedUserData {
    /// The findings, or why the user data could not be scanned.
    pub fn findings(&self) -> Result<&[stance_snapshot::user_data::SecretFinding], &str> {
        match &self.scan {
            None => Ok(&[]),
            Some(scan) => match &scan.unreadable {
                Some(why) => Err(why),
                None => Ok(&scan.findings),
            },
        }
    }
}

/// `aws-access-key-id on line 2 (AKIA****)` for each finding, joined.
pub fn describe_findings(findings: &[stance_snapshot::user_data::SecretFinding]) -> String {
    findings
        .iter()
        .map(|finding| format!("{} on line {} ({})", finding.rule, finding.line, finding.redacted))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A launch template with its collected versions.
pub struct TemplateRef<'a> {
    pub arn: String,
    /// `name (lt-…)`, or the id alone.
    pub label: String,
    pub versions: &'a [LaunchTemplateVersion],
}

/// Runs `judge` on each launch template of each region with its versions. Reports UNKNOWN for a
/// region whose templates could not be listed and for a template whose versions could not be
/// read; a region without templates has nothing to judge.
pub fn each_template(
    ctx: &crate::context::Context,
    findings: &mut crate::context::Findings,
    mut judge: impl FnMut(&TemplateRef, &str, &mut crate::context::Findings),
) {
    ctx.each_region(DESCRIBE_LAUNCH_TEMPLATES, findings, |region, listed, findings| {
        for template in listed.launch_templates.iter() {
            let arn = ctx.typed_arn("ec2", region, "launch-template", &template.launch_template_id);
            let label = match &template.launch_template_name {
                Some(name) => format!("{name} ({})", template.launch_template_id),
                None => template.launch_template_id.to_string(),
            };
            match ctx.read_resource(DESCRIBE_LAUNCH_TEMPLATE_VERSIONS, &arn).1 {
                Ok(Some(data)) => {
                    judge(&TemplateRef { arn, label, versions: &data.launch_template_versions }, region, findings)
                }
                Ok(None) => {
                    findings.unknown(arn, region, &crate::context::not_configured(DESCRIBE_LAUNCH_TEMPLATE_VERSIONS.id))
                }
                Err(reason) => findings.unknown(arn, region, &reason),
            }
        }
    });
}

/// `3 (default)`, `4 (latest)`: a version for messages.
pub fn version_label(version: &LaunchTemplateVersion) -> String {
    if version.default_version {
        format!("{} (default)", version.version_number)
    } else {
        version.version_number.to_string()
    }
}
