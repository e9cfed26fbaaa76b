//! S3. Per-bucket calls are keyed by the bucket's ARN and made in the bucket's region.

use serde::Deserialize;

use super::Text;

use crate::check::Call;
use stance_snapshot::GLOBAL_REGION;

use crate::context::{Context, Findings, View};

pub const LIST_BUCKETS: Call<ListBuckets> = Call::new("S3", "ListBuckets");
pub const GET_BUCKET_ACL: Call<GetBucketAcl> = Call::new("S3", "GetBucketAcl");
pub const GET_BUCKET_LOGGING: Call<GetBucketLogging> = Call::new("S3", "GetBucketLogging");
pub const GET_PUBLIC_ACCESS_BLOCK: Call<GetPublicAccessBlock> = Call::new("S3", "GetPublicAccessBlock");
pub const GET_BUCKET_OWNERSHIP_CONTROLS: Call<GetBucketOwnershipControls> =
    Call::new("S3", "GetBucketOwnershipControls");
pub const GET_BUCKET_POLICY: Call<GetBucketPolicy> = Call::new("S3", "GetBucketPolicy");
/// S3's own verdict on whether the bucket policy is public.
pub const GET_BUCKET_POLICY_STATUS: Call<GetBucketPolicyStatus> = Call::new("S3", "GetBucketPolicyStatus");
/// The account-wide Block Public Access settings, which apply to every bucket.
pub const GET_ACCOUNT_PUBLIC_ACCESS_BLOCK: Call<GetPublicAccessBlock> = Call::new("S3Control", "GetPublicAccessBlock");

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListBuckets {
    #[serde(default)]
    pub buckets: Box<[Bucket]>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Bucket {
    pub name: Text,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetBucketAcl {
    #[serde(default)]
    pub grants: Box<[Grant]>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Grant {
    pub grantee: Grantee,
    pub permission: Text,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Grantee {
    #[serde(rename = "URI", default)]
    pub uri: Option<Text>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetBucketLogging {
    pub logging_enabled: Option<LoggingEnabled>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct LoggingEnabled {
    pub target_bucket: Text,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetPublicAccessBlock {
    pub public_access_block_configuration: PublicAccessBlockConfiguration,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PublicAccessBlockConfiguration {
    #[serde(default)]
    pub block_public_acls: bool,
    #[serde(default)]
    pub ignore_public_acls: bool,
    #[serde(default)]
    pub block_public_policy: bool,
    #[serde(default)]
    pub restrict_public_buckets: bool,
}

impl Default for PublicAccessBlockConfiguration {
    /// No Block Public Access configuration: every setting off.
    fn default() -> Self {
        PublicAccessBlockConfiguration {
            block_public_acls: false,
            ignore_public_acls: false,
            block_public_policy: false,
            restrict_public_buckets: false,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetBucketOwnershipControls {
    pub ownership_controls: OwnershipControls,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct OwnershipControls {
    #[serde(default)]
    pub rules: Box<[OwnershipControlsRule]>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct OwnershipControlsRule {
    /// `BucketOwnerEnforced`, `BucketOwnerPreferred` or `ObjectWriter`.
    pub object_ownership: Text,
}

impl GetBucketOwnershipControls {
    /// Whether Object Ownership is BucketOwnerEnforced, which disables ACLs.
    pub fn bucket_owner_enforced(&self) -> bool {
        self.ownership_controls.rules.iter().any(|rule| rule.object_ownership == "BucketOwnerEnforced")
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetBucketPolicy {
    /// The policy document's JSON text.
    pub policy: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetBucketPolicyStatus {
    pub policy_status: PolicyStatus,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PolicyStatus {
    #[serde(default)]
    pub is_public: bool,
}

/// A bucket from ListBuckets.
pub struct BucketRef<'a> {
    pub name: &'a str,
    pub arn: String,
}

/// Runs `judge` on each bucket with the data of its per-bucket `call`.
///
/// Reports UNKNOWN for the account when ListBuckets is missing or failed, OK when there are
/// no buckets, and UNKNOWN for each bucket whose `call` is missing or failed. The region
/// passed to `judge` is the bucket's (the region its call was made in).
pub fn each_bucket<T: View>(
    ctx: &Context,
    findings: &mut Findings,
    call: Call<T>,
    mut judge: impl FnMut(&BucketRef, &str, Option<&T>, &mut Findings),
) {
    let list = match ctx.read_configured(LIST_BUCKETS, GLOBAL_REGION) {
        Ok(list) => list,
        Err(reason) => return findings.unknown(ctx.region_arn("s3", ""), GLOBAL_REGION, &reason),
    };
    if list.buckets.is_empty() {
        return findings.ok(ctx.region_arn("s3", ""), GLOBAL_REGION, "No S3 buckets found");
    }
    for bucket in &list.buckets {
        let bucket = BucketRef { name: &bucket.name, arn: bucket_arn(ctx, &bucket.name) };
        let (region, data) = ctx.read_resource(call, &bucket.arn);
        let region = region.unwrap_or(GLOBAL_REGION);
        match data {
            Ok(data) => judge(&bucket, region, data.as_deref(), findings),
            Err(reason) => findings.unknown(bucket.arn.clone(), region, &reason),
        }
    }
}

/// The data of a per-bucket `call` for `bucket`, wherever it was made.
pub fn bucket_read<T: View>(ctx: &Context, call: Call<T>, bucket: &BucketRef) -> crate::context::Read<T> {
    ctx.read_resource(call, &bucket.arn).1
}

/// A bucket's ARN: `arn:PARTITION:s3:::NAME`.
pub fn bucket_arn(ctx: &Context, name: &str) -> String {
    format!("arn:{}:s3:::{name}", ctx.partition())
}

// S3 Control: access points and Multi-Region Access Points.

/// Per region: the account's access points there.
pub const LIST_ACCESS_POINTS: Call<ListAccessPoints> = Call::new("S3Control", "ListAccessPoints");
/// Per access point, keyed by its ARN.
pub const GET_ACCESS_POINT: Call<GetAccessPoint> = Call::new("S3Control", "GetAccessPoint");
/// Once (`global`; the MRAP control plane is in us-west-2).
pub const LIST_MULTI_REGION_ACCESS_POINTS: Call<ListMultiRegionAccessPoints> =
    Call::new("S3Control", "ListMultiRegionAccessPoints");

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListAccessPoints {
    #[serde(default)]
    pub access_point_list: Box<[AccessPointSummary]>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AccessPointSummary {
    pub name: Text,
    pub access_point_arn: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetAccessPoint {
    pub bucket: Text,
    /// `Internet` or `VPC`.
    pub network_origin: Text,
    /// Absent in old answers: no setting on.
    #[serde(default)]
    pub public_access_block_configuration: PublicAccessBlockConfiguration,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListMultiRegionAccessPoints {
    #[serde(default)]
    pub access_points: Box<[MultiRegionAccessPoint]>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct MultiRegionAccessPoint {
    pub name: Text,
    pub alias: Text,
    #[serde(default)]
    pub public_access_block: PublicAccessBlockConfiguration,
}
