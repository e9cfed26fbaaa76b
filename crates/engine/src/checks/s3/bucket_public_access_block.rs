use crate::analysis::s3_access::{self, BlockSetting, EffectiveBlock};
use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::views::s3::{
    self, GET_ACCOUNT_PUBLIC_ACCESS_BLOCK, GET_PUBLIC_ACCESS_BLOCK, LIST_BUCKETS, PublicAccessBlockConfiguration,
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
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    let account = s3_access::account_block(ctx);
    s3::each_bucket(ctx, findings, GET_PUBLIC_ACCESS_BLOCK, |bucket, region, data, findings| {
        let own = data.map(|data| data.public_access_block_configuration.clone()).unwrap_or_default();
        let block = EffectiveBlock { bucket: own, account: &account };
        match block.not_enforced(&BlockSetting::ALL) {
            Err(reason) => findings.unknown(bucket.arn.clone(), region, &reason),
            Ok(off) if off.is_empty() => findings.ok(
                bucket.arn.clone(),
                region,
                format!("Bucket {} blocks all public access ({})", bucket.name, scope(&block)),
            ),
            Ok(off) => findings.fail(
                bucket.arn.clone(),
                region,
                format!(
                    "Bucket {} has Block Public Access settings off for the bucket and the account: {}",
                    bucket.name,
                    s3_access::names(&off)
                ),
            ),
        }
    });
}

/// Where the four settings come from, by level, for the OK message.
fn scope(block: &EffectiveBlock) -> String {
    let count = |config: &PublicAccessBlockConfiguration| BlockSetting::ALL.iter().filter(|s| s.is_on(config)).count();
    let account = match block.account {
        Ok(account) => format!("{} of 4 for the account", count(account)),
        Err(_) => "the account's settings unread".to_owned(),
    };
    format!("{} of 4 on for the bucket, {account}", count(&block.bucket))
}
