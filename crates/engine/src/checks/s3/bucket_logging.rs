use crate::check::{Category, Check, Framework, Severity};
use crate::context::{Context, Findings};
use crate::views::s3::{self, GET_BUCKET_LOGGING, GetBucketLogging, LIST_BUCKETS};

pub(crate) static CHECK: Check = Check {
    id: "bucketLogging",
    title: "S3 Bucket Logging",
    category: Category::S3,
    severity: Severity::Medium,
    description: "Ensures every S3 bucket has server access logging turned on, so that requests made to the \
                  bucket can be reviewed during audits and investigations.",
    remediation: "Turn on server access logging for each bucket, delivering to a dedicated log bucket that is \
                  not itself logged to avoid loops.",
    compliance: &[Framework::Hipaa, Framework::Pci],
    cis_controls: &[],
    reads: &[LIST_BUCKETS, GET_BUCKET_LOGGING],
    settings: &[],
    run,
};

fn run(ctx: &Context, findings: &mut Findings) {
    s3::each_bucket(ctx, findings, GET_BUCKET_LOGGING, |bucket, region, data: Option<GetBucketLogging>, findings| {
        match data.and_then(|data| data.logging_enabled) {
            Some(logging) => findings.ok(
                bucket.arn.clone(),
                region,
                format!("Bucket {} logs access to bucket {}", bucket.name, logging.target_bucket),
            ),
            None => findings.fail(bucket.arn.clone(), region, format!("Bucket {} has access logging off", bucket.name)),
        }
    });
}
