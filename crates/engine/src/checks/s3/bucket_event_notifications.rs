use crate::check::declare_check;
use crate::context::{Context, Findings, not_configured};
use crate::views::s3::{self, LIST_BUCKETS};
use crate::views::s3_config::GET_BUCKET_NOTIFICATION_CONFIGURATION;

declare_check! {
    /// Ensures S3 buckets send event notifications, so that object creation, deletion and other
    /// changes can be acted on or monitored. A bucket passes when its notification configuration
    /// has at least one SNS topic, SQS queue or Lambda function configuration, or sends its
    /// events to EventBridge; it fails when the configuration is empty.
    ///
    /// ## Remediation
    /// Configure event notifications for the events that matter (for example
    /// `s3:ObjectRemoved:*`) to an SNS topic, SQS queue or Lambda function, or turn on delivery to
    /// Amazon EventBridge.
    pub(crate) CHECK {
        id: "bucketEventNotifications",
        title: "S3 Bucket Event Notifications",
        severity: Low,
        reads: [LIST_BUCKETS, GET_BUCKET_NOTIFICATION_CONFIGURATION],
        run,
        aliases: [
            ("s3_bucket_event_notifications_enabled", Differently("Prowler fails a bucket whose GetBucketNotificationConfiguration call failed; stance says UNKNOWN")),
        ],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    s3::each_bucket(ctx, findings, GET_BUCKET_NOTIFICATION_CONFIGURATION, |bucket, region, data, findings| {
        let Some(config) = data else {
            return findings.unknown(
                bucket.arn.clone(),
                region,
                &not_configured(GET_BUCKET_NOTIFICATION_CONFIGURATION.id),
            );
        };
        let destinations = config.destinations();
        if destinations.is_empty() {
            findings.fail(bucket.arn.clone(), region, format!("Bucket {} has no event notifications", bucket.name));
        } else {
            findings.ok(
                bucket.arn.clone(),
                region,
                format!("Bucket {} sends event notifications to {}", bucket.name, destinations.join(", ")),
            );
        }
    });
}
