use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::views::s3::{self, LIST_BUCKETS};
use crate::views::s3_config::GET_OBJECT_LOCK_CONFIGURATION;

declare_check! {
    /// Ensures S3 buckets have Object Lock enabled, so that object versions can be protected from
    /// deletion and overwrite for a retention period (write once, read many). A bucket passes when
    /// its Object Lock configuration has `ObjectLockEnabled` `Enabled` (the message names the
    /// default retention, if any); it fails when it has none (ObjectLockConfigurationNotFoundError).
    ///
    /// Prowler passes any successful GetObjectLockConfiguration answer and fails a bucket whose
    /// call failed; stance reads ObjectLockEnabled, and says UNKNOWN when the call failed.
    ///
    /// ## Remediation
    /// Enable Object Lock on the bucket (PutObjectLockConfiguration; versioning must be enabled),
    /// and set a default retention mode and period that fits the data.
    pub(crate) CHECK {
        id: "bucketObjectLock",
        title: "S3 Bucket Object Lock",
        severity: Low,
        reads: [LIST_BUCKETS, GET_OBJECT_LOCK_CONFIGURATION],
        run,
        aliases: [
            ("s3_bucket_object_lock", Differently("Prowler fails a bucket whose GetObjectLockConfiguration call failed; stance says UNKNOWN")),
        ],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    s3::each_bucket(ctx, findings, GET_OBJECT_LOCK_CONFIGURATION, |bucket, region, data, findings| {
        let config = data.map(|data| &data.object_lock_configuration);
        match config.filter(|config| config.object_lock_enabled.as_deref() == Some("Enabled")) {
            Some(config) => {
                let retention = config.rule.as_ref().and_then(|rule| rule.default_retention.as_ref());
                let retention = match retention {
                    Some(retention) => {
                        let period = match (retention.days, retention.years) {
                            (Some(days), _) => crate::context::plural(days, "day"),
                            (None, Some(years)) => crate::context::plural(years, "year"),
                            (None, None) => "no period".to_owned(),
                        };
                        format!("default retention {} for {period}", retention.mode.as_deref().unwrap_or("(no mode)"))
                    }
                    None => "no default retention".to_owned(),
                };
                findings.ok(
                    bucket.arn.clone(),
                    region,
                    format!("Bucket {} has Object Lock enabled ({retention})", bucket.name),
                );
            }
            None => findings.fail(
                bucket.arn.clone(),
                region,
                format!("Bucket {} does not have Object Lock enabled", bucket.name),
            ),
        }
    });
}
