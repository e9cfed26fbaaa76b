//! EC2 instances: the parts of DescribeInstances' instances the instance checks read (metadata
//! options, enclaves, monitoring, instance profile, key pair, launch and stop times), and the
//! account-level instance metadata defaults (GetInstanceMetadataDefaults). The instance and
//! interface structs themselves are in [`super::ec2`], which holds these as members.

use serde::Deserialize;

use super::Text;
use crate::check::Call;
use crate::settings::Setting;

pub const GET_INSTANCE_METADATA_DEFAULTS: Call<GetInstanceMetadataDefaults> =
    Call::new("EC2", "GetInstanceMetadataDefaults");

/// CloudSploit's `instance_limit_percentage_fail`: shared by the checks comparing a count with a
/// limit in percent (instanceLimit, and instanceVcpusLimit where it is written).
pub static INSTANCE_LIMIT_PERCENTAGE_FAIL: Setting<i64> = Setting::new(
    "instance_limit_percentage_fail",
    "90",
    "A region using this percentage of the instance limit or more fails.",
);

/// CloudSploit's `instance_limit_percentage_warn`, shared as the fail percentage is.
pub static INSTANCE_LIMIT_PERCENTAGE_WARN: Setting<i64> = Setting::new(
    "instance_limit_percentage_warn",
    "75",
    "A region using this percentage of the instance limit or more, below the fail percentage, warns.",
);

/// An instance's `MetadataOptions`: how its Instance Metadata Service (IMDS) answers. These are
/// the instance's effective values, whatever set them at launch (the launch request or
/// template, the account-level defaults, the AMI) or later (ModifyInstanceMetadataOptions).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct MetadataOptions {
    /// `pending` while a change is being applied, then `applied`.
    #[serde(default)]
    pub state: Option<Text>,
    /// `required` (IMDSv2 only) or `optional` (IMDSv1 accepted too).
    #[serde(default)]
    pub http_tokens: Option<Text>,
    /// `enabled` or `disabled` (no IMDS at all).
    #[serde(default)]
    pub http_endpoint: Option<Text>,
}

/// `Monitoring`: the instance's CloudWatch monitoring.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Monitoring {
    /// `disabled`, `disabling`, `enabled` or `pending`; `enabled` is detailed (1-minute) monitoring.
    pub state: Text,
}

/// `IamInstanceProfile`: the instance profile associated with the instance.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct IamInstanceProfile {
    pub arn: String,
}

/// GetInstanceMetadataDefaults.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetInstanceMetadataDefaults {
    /// The region's account-level defaults; `{}` when none is set.
    #[serde(default)]
    pub account_level: Option<InstanceMetadataDefaults>,
}

/// The account-level instance metadata defaults of one region. A member AWS leaves out has no
/// account-level default.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct InstanceMetadataDefaults {
    /// `optional` or `required`.
    #[serde(default)]
    pub http_tokens: Option<Text>,
    /// `enabled` or `disabled`.
    #[serde(default)]
    pub http_endpoint: Option<Text>,
    /// `enabled`: no instance launches unless HttpTokens is `required`.
    #[serde(default)]
    pub http_tokens_enforced: Option<Text>,
    /// `account`, or `declarative-policy` when an organization's declarative policy sets them.
    #[serde(default)]
    pub managed_by: Option<Text>,
}
