use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::views::s3::{self, GET_BUCKET_LOGGING, LIST_BUCKETS};

declare_check! {
    /// Ensures every S3 bucket has server access logging turned on, so that requests made to the
    /// bucket can be reviewed during audits and investigations.
    ///
    /// ## Remediation
    /// Turn on server access logging for each bucket, delivering to a dedicated log bucket that is
    /// not itself logged to avoid loops.
    pub(crate) CHECK {
        id: "bucketLogging",
        title: "S3 Bucket Logging",
        severity: Medium,
        reads: [LIST_BUCKETS, GET_BUCKET_LOGGING],
        run,
        aliases: [
            ("s3_bucket_server_access_logging_enabled", Differently("When GetBucketLogging fails, Prowler keeps its default of off and fails the bucket; stance says UNKNOWN")),
        ],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    s3::each_bucket(ctx, findings, GET_BUCKET_LOGGING, |bucket, region, data, findings| {
        match data.and_then(|data| data.logging_enabled.as_ref()) {
            Some(logging) => findings.ok(
                bucket.arn.clone(),
                region,
                format!("Bucket {} logs access to bucket {}", bucket.name, logging.target_bucket),
            ),
            None => findings.fail(bucket.arn.clone(), region, format!("Bucket {} has access logging off", bucket.name)),
        }
    });
}
