//! stance's results where users need them, beside the JSON array the engine writes
//! ([`stance_engine::ResultsJson`]): CSV, JUnit XML, SARIF 2.1.0, OCSF Detection Findings and
//! AWS Security Hub's ASFF, each a function writing to any [`std::io::Write`]; suppressions
//! (CloudSploit's `--suppress` form and a TOML file); and the exit decision.
//!
//! Every format is made from the same results ([`CheckResult`]), which carry their finding id
//! ([`CheckResult::id`], stable across runs), their account and their suppression. The shapes
//! are described in `docs/outputs.md`.

mod asff;
mod baseline;
mod csv;
mod destination;
mod gate;
mod junit;
mod ocsf;
mod sarif;
mod suppress;
mod tags;

pub use asff::write_asff;
pub use baseline::BaselineResults;
pub use csv::write_csv;
pub use junit::write_junit;
pub use ocsf::{OCSF_VERSION, write_ocsf};
pub use sarif::{security_severity, write_sarif};

pub use destination::{Destination, WriteError, write_to};
pub use gate::{Gate, severity_named};

pub use stance_engine::{CheckResult, Suppression};
pub use suppress::{ExpiredRule, SuppressionError, SuppressionReport, Suppressions};
pub use tags::Tags;

/// The controls of programme `programme` (`cis`, `fsbp`, `pci`, `hipaa`) that `check` evaluates.
fn controls(check: &stance_engine::Check, programme: &str) -> &'static [&'static str] {
    stance_engine::compliance::controls_of(check)
        .iter()
        .find(|(id, _)| *id == programme)
        .map_or(&[], |(_, controls)| controls.as_slice())
}

use stance_snapshot::Snapshot;

/// What every format says about the run beside its results: taken from the snapshot.
#[derive(Debug, Clone)]
pub struct RunInfo {
    /// The 12-digit account id.
    pub account: String,
    /// `aws`, `aws-cn` or `aws-us-gov`.
    pub partition: String,
    /// When the snapshot was collected: the time every format gives its findings, so that the
    /// same snapshot always gives the same files.
    pub collected_at: jiff::Timestamp,
    /// stance's version.
    pub tool_version: String,
    /// The region ASFF files the account's global findings (IAM, S3 account settings) under,
    /// since Security Hub keeps findings per region: `us-east-1` unless the caller says.
    pub home_region: String,
}

impl RunInfo {
    /// The run of `snapshot`, by this version of stance.
    pub fn of(snapshot: &Snapshot) -> RunInfo {
        RunInfo {
            account: snapshot.account.id.clone(),
            partition: snapshot.account.partition.clone(),
            collected_at: snapshot.collected_at,
            tool_version: env!("CARGO_PKG_VERSION").to_owned(),
            home_region: "us-east-1".to_owned(),
        }
    }
}

/// The part of an ARN after its fifth colon (`security-group/sg-1`, `user/alice`, the bucket
/// name of an S3 ARN), and the ARN's service.
fn arn_parts(arn: &str) -> (&str, &str) {
    let mut parts = arn.splitn(6, ':');
    let service = parts.nth(2).unwrap_or("");
    let resource = parts.nth(2).unwrap_or("");
    (service, resource)
}

/// The last part of an ARN's resource: `sg-1` of `…:security-group/sg-1`, a bucket's name.
fn resource_name(arn: &str) -> String {
    let (_, resource) = arn_parts(arn);
    let resource = if resource.is_empty() { arn } else { resource };
    resource.rsplit(['/', ':']).next().unwrap_or(resource).to_owned()
}

/// The ASFF resource type of an ARN (Security Hub's `AwsEc2SecurityGroup`, `AwsS3Bucket`, …),
/// `Other` where ASFF has none; OCSF's resources carry the same.
fn resource_type(arn: &str) -> &'static str {
    let (service, resource) = arn_parts(arn);
    let kind = resource.split(['/', ':']).next().unwrap_or("");
    match (service, kind) {
        ("s3", _) if !resource.is_empty() && !resource.contains('/') => "AwsS3Bucket",
        ("s3", _) => "AwsS3Object",
        ("iam", "user") => "AwsIamUser",
        ("iam", "role") => "AwsIamRole",
        ("iam", "group") => "AwsIamGroup",
        ("iam", "policy") => "AwsIamPolicy",
        ("iam", "root") | (_, "account") => "AwsAccount",
        ("ec2", "instance") => "AwsEc2Instance",
        ("ec2", "security-group") => "AwsEc2SecurityGroup",
        ("ec2", "volume") => "AwsEc2Volume",
        ("ec2", "vpc") => "AwsEc2Vpc",
        ("ec2", "subnet") => "AwsEc2Subnet",
        ("ec2", "network-acl") => "AwsEc2NetworkAcl",
        ("ec2", "network-interface") => "AwsEc2NetworkInterface",
        ("ec2", "elastic-ip") => "AwsEc2Eip",
        ("ec2", "launch-template") => "AwsEc2LaunchTemplate",
        ("ec2", "transit-gateway") => "AwsEc2TransitGateway",
        ("ec2", "vpc-endpoint-service") => "AwsEc2VpcEndpointService",
        ("ec2", "vpc-peering-connection") => "AwsEc2VpcPeeringConnection",
        ("ec2", "vpn-connection") => "AwsEc2VpnConnection",
        ("ec2", "route-table") => "AwsEc2RouteTable",
        ("ec2", "client-vpn-endpoint") => "AwsEc2ClientVpnEndpoint",
        ("kms", "key") => "AwsKmsKey",
        ("cloudtrail", "trail") => "AwsCloudTrailTrail",
        ("sns", _) => "AwsSnsTopic",
        ("rds", "db") => "AwsRdsDbInstance",
        ("rds", "cluster") => "AwsRdsDbCluster",
        ("rds", "snapshot") => "AwsRdsDbSnapshot",
        ("rds", "cluster-snapshot") => "AwsRdsDbClusterSnapshot",
        _ => "Other",
    }
}

/// The name a value has in the JSON results (`EC2`, `high`).
fn label(value: &impl serde::Serialize) -> String {
    serde_json::to_value(value).ok().and_then(|value| value.as_str().map(str::to_owned)).unwrap_or_default()
}

/// `text` cut to at most `max` characters (not bytes), for fields with a length limit.
fn cut(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((end, _)) => text[..end].to_owned(),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resource_types_of_arns() {
        assert_eq!(resource_type("arn:aws:s3:::bucket"), "AwsS3Bucket");
        assert_eq!(resource_type("arn:aws:s3:::bucket/key"), "AwsS3Object");
        assert_eq!(resource_type("arn:aws:ec2:us-east-1:1:security-group/sg-1"), "AwsEc2SecurityGroup");
        assert_eq!(resource_type("arn:aws:iam::1:root"), "AwsAccount");
        assert_eq!(resource_type("arn:aws:iam::1:user/a/b"), "AwsIamUser");
        assert_eq!(resource_type("arn:aws:ec2:us-east-1:1:account"), "AwsAccount");
        assert_eq!(resource_type("arn:aws:rds:us-east-1:1:db:prod"), "AwsRdsDbInstance");
        assert_eq!(resource_type("not an arn"), "Other");
    }

    #[test]
    fn cut_counts_characters() {
        assert_eq!(cut("héllo", 2), "hé");
        assert_eq!(cut("hi", 5), "hi");
    }
}
