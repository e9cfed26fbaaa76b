use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::views::s3::{self, LIST_BUCKETS};
use crate::views::s3_config::{GET_BUCKET_LIFECYCLE_CONFIGURATION, LifecycleRule};

declare_check! {
    /// Ensures S3 buckets have a lifecycle configuration in force, so that objects are expired or
    /// moved to cheaper storage classes on a schedule. A bucket passes when at least one of its
    /// lifecycle rules has status `Enabled`; it fails when it has no lifecycle configuration
    /// (NoSuchLifecycleConfiguration) or only disabled rules, which S3 does not apply.
    ///
    /// ## Remediation
    /// Add a lifecycle rule with status Enabled that expires or transitions the bucket's objects
    /// as its retention policy requires.
    pub(crate) CHECK {
        id: "bucketLifecycleConfiguration",
        title: "S3 Bucket Lifecycle Configuration",
        severity: Low,
        reads: [LIST_BUCKETS, GET_BUCKET_LIFECYCLE_CONFIGURATION],
        run,
        aliases: [
            ("s3_bucket_lifecycle_enabled", Differently("Prowler fails a bucket whose GetBucketLifecycleConfiguration call failed; stance says UNKNOWN")),
        ],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    s3::each_bucket(ctx, findings, GET_BUCKET_LIFECYCLE_CONFIGURATION, |bucket, region, data, findings| {
        let Some(lifecycle) = data else {
            return findings.fail(
                bucket.arn.clone(),
                region,
                format!("Bucket {} has no lifecycle configuration", bucket.name),
            );
        };
        let enabled: Vec<&str> = lifecycle.enabled_rules().map(LifecycleRule::name).collect();
        if enabled.is_empty() {
            findings.fail(
                bucket.arn.clone(),
                region,
                format!(
                    "Bucket {} has no enabled lifecycle rule ({} disabled)",
                    bucket.name,
                    crate::context::plural(lifecycle.rules.len() as i64, "rule")
                ),
            );
        } else {
            findings.ok(
                bucket.arn.clone(),
                region,
                format!("Bucket {} has enabled lifecycle rules: {}", bucket.name, enabled.join(", ")),
            );
        }
    });
}
