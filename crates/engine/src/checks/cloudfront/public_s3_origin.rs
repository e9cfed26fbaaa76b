use stance_snapshot::GLOBAL_REGION;

use crate::analysis::cloudfront::{each_distribution_origins, is_s3_origin, s3_origin_access};
use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::views::cloudfront::LIST_DISTRIBUTIONS;

declare_check! {
    /// Ensures CloudFront reaches its S3 bucket origins as CloudFront only, so that the buckets
    /// need not be public. A distribution fails when an S3 origin (one with an `S3OriginConfig`,
    /// a bucket's REST endpoint) uses neither an origin access control (`OriginAccessControlId`)
    /// nor an origin access identity (`S3OriginConfig.OriginAccessIdentity`); it passes when all
    /// its S3 origins use one, and when it has none. A bucket's website endpoint is a custom
    /// origin, which can only be reached publicly, and is not judged here.
    ///
    /// An origin access identity passes, as in CloudSploit: it keeps the bucket private, though
    /// AWS now recommends origin access control (Prowler's separate
    /// `cloudfront_distributions_s3_origin_access_control`, FSBP CloudFront.13, fails it).
    /// CloudSploit also requires the origin's domain to look like an S3 endpoint; the
    /// `S3OriginConfig` alone is what makes CloudFront treat an origin as S3.
    ///
    /// ## Remediation
    /// Create an origin access control (`aws cloudfront create-origin-access-control`), set it on
    /// each S3 origin, and allow `cloudfront.amazonaws.com` with `aws:SourceArn` the distribution
    /// in the bucket policy.
    pub(crate) CHECK {
        id: "publicS3Origin",
        title: "Public S3 CloudFront Origin",
        severity: High,
        reads: [LIST_DISTRIBUTIONS],
        run,
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    each_distribution_origins(ctx, findings, |distribution, origins, findings| {
        let (arn, id) = (distribution.arn.as_str(), &distribution.id);
        let s3: Vec<_> = origins.iter().filter(|origin| is_s3_origin(origin)).collect();
        let open: Vec<&str> =
            s3.iter().filter(|origin| s3_origin_access(origin).is_none()).map(|origin| origin.id.as_str()).collect();
        if s3.is_empty() {
            findings.ok(arn, GLOBAL_REGION, format!("CloudFront distribution {id} has no S3 origins"));
        } else if open.is_empty() {
            findings.ok(
                arn,
                GLOBAL_REGION,
                format!(
                    "CloudFront distribution {id} reaches every S3 origin through an origin access control or identity"
                ),
            );
        } else {
            findings.fail(
                arn,
                GLOBAL_REGION,
                format!(
                    "CloudFront distribution {id} has S3 origins without an origin access control or identity: {}",
                    open.join(", ")
                ),
            );
        }
    });
}
