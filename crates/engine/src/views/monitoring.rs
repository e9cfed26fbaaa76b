//! CloudWatch Logs metric filters and CloudWatch alarms, per region: what the CIS 5.1–5.15
//! chain (`analysis::alarm_chain`) reads between a trail's log group and an SNS topic.

use serde::Deserialize;

use super::Text;
use crate::check::Call;

/// Every metric filter of the region, of every log group.
pub const DESCRIBE_METRIC_FILTERS: Call<DescribeMetricFilters> = Call::new("CloudWatchLogs", "DescribeMetricFilters");
/// Every alarm of the region.
pub const DESCRIBE_ALARMS: Call<DescribeAlarms> = Call::new("CloudWatch", "DescribeAlarms");

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DescribeMetricFilters {
    #[serde(default)]
    pub metric_filters: Box<[MetricFilter]>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MetricFilter {
    pub filter_name: Text,
    /// Empty: every event. AWS always returns it, so its absence is damage, not "every event".
    pub filter_pattern: String,
    pub log_group_name: String,
    #[serde(default)]
    pub metric_transformations: Box<[MetricTransformation]>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MetricTransformation {
    pub metric_name: String,
    pub metric_namespace: String,
    /// Dimensions the filter publishes the metric with (name to `$.selector`); with any, the
    /// metric has no series without dimensions.
    #[serde(default)]
    pub dimensions: Option<serde_json::Map<String, serde_json::Value>>,
}

impl MetricTransformation {
    pub fn has_dimensions(&self) -> bool {
        self.dimensions.as_ref().is_some_and(|dimensions| !dimensions.is_empty())
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeAlarms {
    #[serde(default)]
    pub metric_alarms: Box<[MetricAlarm]>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct MetricAlarm {
    pub alarm_name: String,
    /// Whether the alarm's actions run on a state change; always returned.
    pub actions_enabled: bool,
    #[serde(default)]
    pub alarm_actions: Box<[String]>,
    /// Absent on metric-math alarms (which have `Metrics`).
    #[serde(default)]
    pub metric_name: Option<String>,
    #[serde(default)]
    pub namespace: Option<String>,
    /// Only whether there are any matters.
    #[serde(default)]
    pub dimensions: Box<[serde::de::IgnoredAny]>,
}
