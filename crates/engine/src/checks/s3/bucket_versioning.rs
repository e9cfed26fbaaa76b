use crate::check::declare_check;
use crate::context::{Context, Findings, not_configured};
use crate::views::s3::{self, LIST_BUCKETS};
use crate::views::s3_config::GET_BUCKET_VERSIONING;

declare_check! {
    /// Ensures S3 buckets have versioning enabled, so that overwritten and deleted objects can be
    /// recovered. A bucket passes when its versioning status is `Enabled`; it fails when
    /// versioning was never turned on (GetBucketVersioning answers with no status) or is
    /// `Suspended` (earlier versions are kept, but new writes no longer create versions).
    ///
    /// ## Remediation
    /// Enable versioning on the bucket, and add a lifecycle rule that expires noncurrent versions
    /// to bound what they cost.
    pub(crate) CHECK {
        id: "bucketVersioning",
        title: "S3 Bucket Versioning",
        severity: Low,
        reads: [LIST_BUCKETS, GET_BUCKET_VERSIONING],
        run,
        aliases: [("s3_bucket_object_versioning", Same)],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    s3::each_bucket(ctx, findings, GET_BUCKET_VERSIONING, |bucket, region, data, findings| {
        let Some(versioning) = data else {
            return findings.unknown(bucket.arn.clone(), region, &not_configured(GET_BUCKET_VERSIONING.id));
        };
        if versioning.enabled() {
            findings.ok(bucket.arn.clone(), region, format!("Bucket {} has versioning enabled", bucket.name));
        } else {
            findings.fail(
                bucket.arn.clone(),
                region,
                format!("Bucket {} does not have versioning enabled ({})", bucket.name, versioning.describe()),
            );
        }
    });
}
