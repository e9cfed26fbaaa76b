use crate::analysis::{s3_access, trails};
use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::settings::{Setting, StringList};
use crate::views::cloudtrail::DESCRIBE_TRAILS;
use crate::views::s3::{
    GET_ACCOUNT_PUBLIC_ACCESS_BLOCK, GET_BUCKET_ACL, GET_BUCKET_OWNERSHIP_CONTROLS, GET_BUCKET_POLICY,
    GET_BUCKET_POLICY_STATUS, GET_PUBLIC_ACCESS_BLOCK, LIST_BUCKETS,
};

use super::bucket_public_access::exposure;

declare_check! {
    /// Ensures the S3 buckets CloudTrail delivers log files to are not public, since the logs
    /// show every API call made in the account. Each bucket a trail delivers to is judged once,
    /// naming the trails, exactly as bucketPublicAccess judges a bucket: public through an ACL
    /// grant to AllUsers or AuthenticatedUsers (unless Object Ownership BucketOwnerEnforced
    /// disables ACLs or IgnorePublicAcls applies, on the bucket or the account), or through a
    /// bucket policy S3 calls public (GetBucketPolicyStatus, unless RestrictPublicBuckets
    /// applies). It fails when some path is public, warns when the only public grant is
    /// READ_ACP or S3's verdict and stance's reading of the policy disagree, and passes
    /// otherwise. A bucket that is not in this account's S3 ListBuckets (another account's, or
    /// gone) is UNKNOWN and not judged here. Buckets named in `whitelist_ct_private_buckets`
    /// (exact names, comma-separated) pass as exempt.
    ///
    /// CloudSploit and Prowler fail only an ACL grant to AllUsers: they miss AuthenticatedUsers
    /// grants (anyone with an AWS account) and public bucket policies, and ignore what Block
    /// Public Access and Object Ownership make S3 enforce. CloudSploit fails a bucket missing
    /// from the account, Prowler asks for manual review.
    ///
    /// ## Remediation
    /// Remove public grants from the bucket ACL (or disable ACLs with "Bucket owner enforced") and
    /// from the bucket policy, and turn on Block Public Access for the bucket and the account.
    pub(crate) CHECK {
        id: "cloudtrailBucketPrivate",
        title: "CloudTrail Bucket Private",
        severity: High,
        reads: [
            DESCRIBE_TRAILS,
            LIST_BUCKETS,
            GET_BUCKET_ACL,
            GET_BUCKET_OWNERSHIP_CONTROLS,
            GET_BUCKET_POLICY,
            GET_BUCKET_POLICY_STATUS,
            GET_PUBLIC_ACCESS_BLOCK,
            GET_ACCOUNT_PUBLIC_ACCESS_BLOCK,
        ],
        run,
        settings: [WHITELIST],
        aliases: [
            ("cloudtrail_logs_s3_bucket_is_not_publicly_accessible", Differently("Prowler fails only an ACL grant to AllUsers and ignores AuthenticatedUsers grants, bucket policies, Block Public Access and Object Ownership; stance judges the bucket as S3 enforces access to it, as bucketPublicAccess does")),
        ],
    }
}

static WHITELIST: Setting<StringList> = Setting::new(
    "whitelist_ct_private_buckets",
    "",
    "CloudTrail buckets exempt from the public access test, by exact name, comma-separated.",
);

fn run(ctx: &Context, findings: &mut Findings) {
    let exempt = ctx.setting(&WHITELIST);
    let whitelist = (WHITELIST.info.name, exempt);
    let account = s3_access::account_block(ctx);
    trails::each_trail_bucket(ctx, findings, GET_BUCKET_ACL, whitelist, |bucket, used, region, acl, findings| {
        let (status, message) = exposure(ctx, bucket, acl, &account);
        findings.add(status, bucket.arn.clone(), region, format!("{message}; {} delivers to it", used.trail_names()));
    });
}
