use crate::check::declare_check;
use crate::context::{Context, Findings};
use stance_snapshot::GLOBAL_REGION;

use crate::views::s3::{
    self, GET_ACCOUNT_PUBLIC_ACCESS_BLOCK, GET_PUBLIC_ACCESS_BLOCK, GetPublicAccessBlock, LIST_BUCKETS,
};

declare_check! {
    /// Ensures all four Block Public Access settings apply to every S3 bucket, which stops ACLs and
    /// bucket policies from making the bucket or its objects public. A setting applies when it is
    /// on for the bucket or for the whole account (S3 Control).
    ///
    /// ## Remediation
    /// Turn on all four Block Public Access settings for the account, or for each bucket ("Block
    /// all public access"), after moving any content that must stay public behind CloudFront.
    pub(crate) CHECK {
        id: "bucketPublicAccessBlock",
        title: "S3 Bucket Public Access Block",
        severity: High,
        reads: [LIST_BUCKETS, GET_PUBLIC_ACCESS_BLOCK, GET_ACCOUNT_PUBLIC_ACCESS_BLOCK],
        run,
        aliases: [
            ("s3_bucket_level_public_access_block", Differently("Prowler requires only IgnorePublicAcls and RestrictPublicBuckets; stance requires all four settings, each on for the bucket or the account")),
        ],
        cis: ["3.1.4"],
        fsbp: ["S3.8"],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    // "Not configured" for the account means every account-wide setting is off.
    let account = ctx
        .read::<GetPublicAccessBlock>(GET_ACCOUNT_PUBLIC_ACCESS_BLOCK, GLOBAL_REGION)
        .map(|data| data.map(|data| data.public_access_block_configuration.clone()).unwrap_or_default());
    s3::each_bucket(ctx, findings, GET_PUBLIC_ACCESS_BLOCK, |bucket, region, data, findings| {
        let own = data.map(|data| data.public_access_block_configuration.clone()).unwrap_or_default();
        let (off, scope) = match &account {
            Ok(account) => (own.settings_off_in_both(account), "for the bucket or the account"),
            // Without the account's settings, only a bucket that blocks everything itself is known to be safe.
            Err(reason) if !own.settings_off().is_empty() => {
                return findings.unknown(bucket.arn.clone(), region, reason);
            }
            Err(_) => (vec![], "for the bucket"),
        };
        if off.is_empty() {
            findings.ok(
                bucket.arn.clone(),
                region,
                format!("Bucket {} blocks all public access ({scope})", bucket.name),
            );
        } else {
            findings.fail(
                bucket.arn.clone(),
                region,
                format!("Bucket {} has Block Public Access settings off {scope}: {}", bucket.name, off.join(", ")),
            );
        }
    });
}
