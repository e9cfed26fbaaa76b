use crate::check::declare_check;
use crate::context::{Context, Findings, not_configured};
use crate::views::s3::{self, LIST_BUCKETS};
use crate::views::s3_config::GET_BUCKET_ACCELERATE_CONFIGURATION;

declare_check! {
    /// Ensures S3 buckets have Transfer Acceleration enabled, which routes uploads and downloads
    /// through CloudFront's edge locations. A bucket passes when its accelerate configuration's
    /// status is `Enabled`, and fails when it is `Suspended` or was never configured (an answer
    /// without a status). This is a performance setting rather than a protection; Transfer
    /// Acceleration costs extra per transferred gigabyte and needs a bucket name without periods.
    ///
    /// ## Remediation
    /// Enable Transfer Acceleration on buckets that take large transfers from far away
    /// (PutBucketAccelerateConfiguration with status Enabled), or leave it off where that is not
    /// needed.
    pub(crate) CHECK {
        id: "bucketTransferAcceleration",
        title: "S3 Transfer Acceleration Enabled",
        severity: Medium,
        reads: [LIST_BUCKETS, GET_BUCKET_ACCELERATE_CONFIGURATION],
        run,
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    s3::each_bucket(ctx, findings, GET_BUCKET_ACCELERATE_CONFIGURATION, |bucket, region, data, findings| {
        let Some(accelerate) = data else {
            return findings.unknown(
                bucket.arn.clone(),
                region,
                &not_configured(GET_BUCKET_ACCELERATE_CONFIGURATION.id),
            );
        };
        match accelerate.status.as_deref() {
            Some("Enabled") => findings.ok(
                bucket.arn.clone(),
                region,
                format!("Bucket {} has Transfer Acceleration enabled", bucket.name),
            ),
            Some(status) => findings.fail(
                bucket.arn.clone(),
                region,
                format!("Bucket {} has Transfer Acceleration {}", bucket.name, status.to_lowercase()),
            ),
            None => findings.fail(
                bucket.arn.clone(),
                region,
                format!("Bucket {} has never had Transfer Acceleration configured", bucket.name),
            ),
        }
    });
}
