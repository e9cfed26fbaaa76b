//! CloudFront (global, region `global`): the distributions (ListDistributions, whose summaries
//! hold the origins, cache behaviors and viewer certificate), and each distribution's
//! configuration (GetDistributionConfig), keyed by its ARN; and CloudWatch Logs' log delivery
//! (DescribeDeliverySources and DescribeDeliveries, each region), through which CloudFront's
//! standard logging v2 is configured (in us-east-1).

use serde::Deserialize;

use crate::check::Call;

pub const LIST_DISTRIBUTIONS: Call<ListDistributions> = Call::new("CloudFront", "ListDistributions");
/// Per distribution, keyed by its ARN.
pub const GET_DISTRIBUTION_CONFIG: Call<GetDistributionConfig> = Call::new("CloudFront", "GetDistributionConfig");
pub const DESCRIBE_DELIVERY_SOURCES: Call<DescribeDeliverySources> =
    Call::new("CloudWatchLogs", "DescribeDeliverySources");
pub const DESCRIBE_DELIVERIES: Call<DescribeDeliveries> = Call::new("CloudWatchLogs", "DescribeDeliveries");

/// The region where CloudFront's log delivery sources live.
pub const LOG_DELIVERY_REGION: &str = "us-east-1";

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListDistributions {
    pub distribution_list: DistributionList,
}

/// An account without distributions gets a list without `Items`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DistributionList {
    #[serde(default)]
    pub items: Box<[DistributionSummary]>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DistributionSummary {
    pub id: String,
    #[serde(rename = "ARN")]
    pub arn: String,
    #[serde(default)]
    pub origins: Option<Origins>,
    #[serde(default)]
    pub default_cache_behavior: Option<CacheBehavior>,
    #[serde(default)]
    pub cache_behaviors: Option<CacheBehaviors>,
    #[serde(default)]
    pub viewer_certificate: Option<ViewerCertificate>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Origins {
    #[serde(default)]
    pub items: Box<[Origin]>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Origin {
    pub id: String,
    #[serde(default)]
    pub s3_origin_config: Option<S3OriginConfig>,
    #[serde(default)]
    pub custom_origin_config: Option<CustomOriginConfig>,
    /// The origin access control of an S3 (or MediaStore, Lambda URL) origin; empty when none.
    #[serde(default)]
    pub origin_access_control_id: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct S3OriginConfig {
    /// `origin-access-identity/cloudfront/ID`, or empty when the origin uses none.
    #[serde(default)]
    pub origin_access_identity: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CustomOriginConfig {
    /// `http-only`, `match-viewer` or `https-only`.
    pub origin_protocol_policy: String,
    #[serde(default)]
    pub origin_ssl_protocols: Option<SslProtocols>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SslProtocols {
    /// `SSLv3`, `TLSv1`, `TLSv1.1`, `TLSv1.2`.
    #[serde(default)]
    pub items: Box<[String]>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CacheBehaviors {
    #[serde(default)]
    pub items: Box<[CacheBehavior]>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CacheBehavior {
    /// The path pattern of a non-default behavior.
    #[serde(default)]
    pub path_pattern: Option<String>,
    /// `allow-all`, `https-only` or `redirect-to-https`.
    pub viewer_protocol_policy: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ViewerCertificate {
    #[serde(default)]
    pub cloud_front_default_certificate: Option<bool>,
    /// `SSLv3`, `TLSv1`, `TLSv1_2016`, `TLSv1.1_2016`, `TLSv1.2_2018`, `TLSv1.2_2019`,
    /// `TLSv1.2_2021`, `TLSv1.2_2025`, `TLSv1.3_2025`, …
    #[serde(default)]
    pub minimum_protocol_version: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetDistributionConfig {
    pub distribution_config: DistributionConfig,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DistributionConfig {
    /// Standard logging (legacy), to an S3 bucket.
    #[serde(default)]
    pub logging: Option<Logging>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Logging {
    pub enabled: bool,
    #[serde(default)]
    pub bucket: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DescribeDeliverySources {
    #[serde(default)]
    pub delivery_sources: Box<[DeliverySource]>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeliverySource {
    pub name: String,
    #[serde(default)]
    pub resource_arns: Box<[String]>,
    #[serde(default)]
    pub log_type: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DescribeDeliveries {
    #[serde(default)]
    pub deliveries: Box<[Delivery]>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Delivery {
    pub delivery_source_name: String,
    #[serde(default)]
    pub delivery_destination_arn: Option<String>,
}
