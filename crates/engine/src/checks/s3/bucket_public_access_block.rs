use crate::check::{Category, Check, Severity};
use crate::context::{Context, Findings};
use crate::views::s3::{self, GET_PUBLIC_ACCESS_BLOCK, GetPublicAccessBlock, LIST_BUCKETS};

pub(crate) static CHECK: Check = Check {
    id: "bucketPublicAccessBlock",
    title: "S3 Bucket Public Access Block",
    category: Category::S3,
    severity: Severity::High,
    description: "Ensures every S3 bucket has all four Block Public Access settings on, which stops ACLs and \
                  bucket policies from making the bucket or its objects public. Account-level settings are \
                  not considered.",
    remediation: "Turn on all four Block Public Access settings for each bucket (\"Block all public access\"), \
                  after moving any content that must stay public behind CloudFront.",
    compliance: &[],
    cis_controls: &["2.1.4"],
    reads: &[LIST_BUCKETS, GET_PUBLIC_ACCESS_BLOCK],
    settings: &[],
    run,
};

fn run(ctx: &Context, findings: &mut Findings) {
    s3::each_bucket(
        ctx,
        findings,
        GET_PUBLIC_ACCESS_BLOCK,
        |bucket, region, data: Option<GetPublicAccessBlock>, findings| {
            let Some(data) = data else {
                return findings.fail(
                    bucket.arn.clone(),
                    region,
                    format!("Bucket {} has no Block Public Access configuration", bucket.name),
                );
            };
            let off = data.public_access_block_configuration.settings_off();
            if off.is_empty() {
                findings.ok(bucket.arn.clone(), region, format!("Bucket {} blocks all public access", bucket.name));
            } else {
                findings.fail(
                    bucket.arn.clone(),
                    region,
                    format!("Bucket {} has Block Public Access settings off: {}", bucket.name, off.join(", ")),
                );
            }
        },
    );
}
