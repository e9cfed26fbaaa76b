//! CloudTrail: the trails each region lists, and, per trail (keyed by its TrailARN, made once in
//! the trail's HomeRegion), its status and its event selectors. What they mean together (which
//! trails cover a region, which events they record) is `analysis::trails`.

use jiff::Timestamp;
use serde::Deserialize;

use super::Text;
use crate::check::Call;

/// Per region, with shadow trails: a multi-region trail is listed in every region, an
/// organization trail in every member account.
pub const DESCRIBE_TRAILS: Call<DescribeTrails> = Call::new("CloudTrail", "DescribeTrails");
/// Per trail, keyed by TrailARN, under the trail's HomeRegion.
pub const GET_TRAIL_STATUS: Call<GetTrailStatus> = Call::new("CloudTrail", "GetTrailStatus");
/// Per trail, keyed by TrailARN, under the trail's HomeRegion.
pub const GET_EVENT_SELECTORS: Call<GetEventSelectors> = Call::new("CloudTrail", "GetEventSelectors");

#[derive(Debug, Deserialize)]
pub struct DescribeTrails {
    #[serde(rename = "trailList", default)]
    pub trail_list: Box<[Trail]>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Trail {
    pub name: Text,
    #[serde(rename = "TrailARN")]
    pub trail_arn: String,
    /// The region the trail was created in, where its status and selectors are asked.
    pub home_region: Text,
    #[serde(default)]
    pub is_multi_region_trail: bool,
    #[serde(default)]
    pub is_organization_trail: bool,
    #[serde(default)]
    pub log_file_validation_enabled: bool,
    /// Absent when log files are encrypted with SSE-S3 only. CloudTrail returns the key's ARN.
    pub kms_key_id: Option<String>,
    /// The bucket log files are delivered to (it may be in another account).
    pub s3_bucket_name: Option<Text>,
    /// The log group the trail delivers to, as `arn:aws:logs:REGION:ACCOUNT:log-group:NAME:*`.
    pub cloud_watch_logs_log_group_arn: Option<String>,
}

impl Trail {
    /// The account that owns the trail: the management account for an organization trail seen
    /// from a member account.
    pub fn owner_account(&self) -> &str {
        self.trail_arn.split(':').nth(4).unwrap_or("")
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetTrailStatus {
    /// Absent in no answer AWS documents; a view without it decides nothing.
    pub is_logging: Option<bool>,
    pub latest_cloud_watch_logs_delivery_time: Option<Timestamp>,
    pub latest_cloud_watch_logs_delivery_error: Option<String>,
}

/// A trail has basic or advanced event selectors, never both; the other member is absent.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetEventSelectors {
    pub event_selectors: Option<Box<[EventSelector]>>,
    pub advanced_event_selectors: Option<Box<[AdvancedEventSelector]>>,
}

/// A basic event selector. The API's defaults apply to members left out: `ReadWriteType`
/// `All`, `IncludeManagementEvents` true.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct EventSelector {
    /// `ReadOnly`, `WriteOnly` or `All`.
    pub read_write_type: Option<Text>,
    pub include_management_events: Option<bool>,
    #[serde(default)]
    pub data_resources: Box<[DataResource]>,
    /// Management event sources left out (`kms.amazonaws.com`, `rdsdata.amazonaws.com`).
    #[serde(default)]
    pub exclude_management_event_sources: Box<[String]>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DataResource {
    /// `AWS::S3::Object`, `AWS::Lambda::Function`, …
    #[serde(rename = "Type")]
    pub kind: Text,
    /// ARN prefixes: `arn:aws:s3` (every bucket), `arn:aws:s3:::bucket/` or
    /// `arn:aws:s3:::bucket/prefix`.
    #[serde(default)]
    pub values: Box<[String]>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AdvancedEventSelector {
    #[serde(default)]
    pub field_selectors: Box<[FieldSelector]>,
}

/// One field's conditions; a selector's field selectors must all match (AND), and within one
/// field selector every operator given must hold.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct FieldSelector {
    /// `eventCategory`, `readOnly`, `eventSource`, `eventName`, `resources.type`,
    /// `resources.ARN`, …
    pub field: Text,
    pub equals: Option<Box<[String]>>,
    pub starts_with: Option<Box<[String]>>,
    pub ends_with: Option<Box<[String]>>,
    pub not_equals: Option<Box<[String]>>,
    pub not_starts_with: Option<Box<[String]>>,
    pub not_ends_with: Option<Box<[String]>>,
}
