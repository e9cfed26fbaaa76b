use crate::analysis::s3_access::{self, BlockSetting};
use crate::check::declare_check;
use crate::context::{Context, Findings, Unknown};
use crate::policy::s3 as s3_policy;
use crate::views::s3::{
    self, GET_ACCOUNT_PUBLIC_ACCESS_BLOCK, GET_BUCKET_POLICY, GET_PUBLIC_ACCESS_BLOCK, LIST_BUCKETS,
};

declare_check! {
    /// Ensures no S3 bucket policy lets everyone write: a statement S3 counts as public (see
    /// bucketAllUsersPolicy) that grants putting, deleting or restoring objects, rewriting their
    /// ACLs, or changing the bucket's policy, ACL or configuration (`s3:PutObject`, `s3:Delete*`,
    /// `s3:Put*`, `s3:*`, `*`, or a NotAction that leaves one of them). Such a bucket fails unless
    /// Block Public Access RestrictPublicBuckets applies to it (on the bucket or the account),
    /// which limits a public policy to AWS services and the bucket owner's account; it then
    /// passes, and the message names the grant the setting neutralises.
    ///
    /// Prowler passes a bucket when the policy's write statement has any Condition, whatever it
    /// tests; stance counts only the conditions S3 counts, so a grant conditioned on
    /// `aws:SecureTransport` or a wildcard value still fails.
    ///
    /// ## Remediation
    /// Remove the write actions from the public statement, or name the principals that need them;
    /// turn on RestrictPublicBuckets and BlockPublicPolicy for the account.
    pub(crate) CHECK {
        id: "bucketPolicyPublicWrite",
        title: "S3 Bucket Policy Public Write Access",
        severity: Critical,
        reads: [LIST_BUCKETS, GET_BUCKET_POLICY, GET_PUBLIC_ACCESS_BLOCK, GET_ACCOUNT_PUBLIC_ACCESS_BLOCK],
        run,
        aliases: [
            ("s3_bucket_policy_public_write_access", Differently("Prowler passes a write grant to everyone that has any Condition; stance passes it only when the condition confines it by S3's definition of public (fixed source VPC, endpoint, IP range, organization or account)")),
        ],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    let account = s3_access::account_block(ctx);
    s3::each_bucket(ctx, findings, GET_BUCKET_POLICY, |bucket, region, data, findings| {
        let arn = bucket.arn.clone();
        let (document, block) =
            match (s3_access::parse_bucket_policy(data), s3_access::bucket_block(ctx, bucket, &account)) {
                (Ok(document), Ok(block)) => (document, block),
                (Err(reason), _) | (_, Err(reason)) => return findings.unknown(arn, region, &reason),
            };
        let restrict = block.state(BlockSetting::RestrictPublicBuckets);
        let Some(document) = document else {
            return findings.ok(arn, region, format!("Bucket {} has no bucket policy ({restrict})", bucket.name));
        };
        let analysis = s3_policy::public_analysis(&document, &bucket.arn);
        let writes: Vec<String> = analysis.writes().map(|grant| grant.statement.to_string()).collect();
        if writes.is_empty() {
            return findings.ok(
                arn,
                region,
                format!("Bucket {}'s policy does not let everyone write ({restrict})", bucket.name),
            );
        }
        let writes = writes.join(" and ");
        match block.enforces(BlockSetting::RestrictPublicBuckets) {
            Err(reason) => findings.unknown(
                arn,
                region,
                &Unknown::new(format!(
                    "Bucket {}'s policy lets everyone write in {writes}, and whether S3 restricts it depends on the account's Block Public Access: {reason}",
                    bucket.name
                )),
            ),
            Ok(true) => findings.ok(
                arn,
                region,
                format!(
                    "Bucket {}'s policy lets everyone write in {writes}, which S3 limits to AWS services and this account ({restrict})",
                    bucket.name
                ),
            ),
            Ok(false) => findings.fail(
                arn,
                region,
                format!("Bucket {}'s policy lets everyone write in {writes} ({restrict})", bucket.name),
            ),
        }
    });
}
