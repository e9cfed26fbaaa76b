use crate::analysis::s3_access::{self, BlockSetting};
use crate::check::declare_check;
use crate::context::{Context, Findings, not_configured};
use crate::views::s3::{
    self, GET_ACCOUNT_PUBLIC_ACCESS_BLOCK, GET_BUCKET_ACL, GET_BUCKET_OWNERSHIP_CONTROLS, GET_PUBLIC_ACCESS_BLOCK,
    LIST_BUCKETS,
};

declare_check! {
    /// Ensures no S3 bucket ACL gives access to the AllUsers group (anyone on the internet) or the
    /// AuthenticatedUsers group (anyone with any AWS account), which S3 treats alike as public.
    ///
    /// A bucket fails when its ACL grants READ (anyone can list every key), WRITE (anyone can
    /// create, overwrite and delete objects), WRITE_ACP (anyone can rewrite the ACL and so grant
    /// themselves anything) or FULL_CONTROL to either group; it warns when the only public grant is
    /// READ_ACP, which shows who has access but no data. A bucket passes when its ACL has no such
    /// grant, when its Object Ownership is BucketOwnerEnforced (S3 disables ACLs: they grant
    /// nothing), or when Block Public Access IgnorePublicAcls applies to it, on the bucket or the
    /// account (S3 then ignores every public ACL on the bucket and its objects); the message
    /// names the grant it neutralises, which returns the moment the setting is lifted.
    ///
    /// CloudSploit warns on READ grants and fails the others, ignoring Block Public Access and
    /// Object Ownership; stance fails READ, since listing every key is public read access (FSBP
    /// S3.2), and honours what S3 enforces. Prowler splits the grants into a list check (READ,
    /// READ_ACP, FULL_CONTROL) and a write check (WRITE, WRITE_ACP, FULL_CONTROL) and passes a
    /// bucket only when IgnorePublicAcls and RestrictPublicBuckets are both on at one level;
    /// RestrictPublicBuckets concerns policies, not ACLs, so stance asks for IgnorePublicAcls
    /// alone, at either level.
    ///
    /// ## Remediation
    /// Set Object Ownership to "Bucket owner enforced", which disables ACLs, or remove the grants to
    /// AllUsers and AuthenticatedUsers from the bucket ACL; turn on IgnorePublicAcls for the account.
    pub(crate) CHECK {
        id: "bucketAllUsersAcl",
        title: "S3 Bucket All Users ACL",
        severity: Critical,
        reads: [LIST_BUCKETS, GET_BUCKET_ACL, GET_BUCKET_OWNERSHIP_CONTROLS, GET_PUBLIC_ACCESS_BLOCK, GET_ACCOUNT_PUBLIC_ACCESS_BLOCK],
        run,
        aliases: [
            ("s3_bucket_public_list_acl", Differently("Prowler counts only READ, READ_ACP and FULL_CONTROL here, needs both IgnorePublicAcls and RestrictPublicBuckets at one level to pass, and ignores Object Ownership; stance counts every permission, passes on IgnorePublicAcls at the bucket or account, and passes buckets whose ACLs are disabled")),
            ("s3_bucket_public_write_acl", Differently("Prowler counts only WRITE, WRITE_ACP and FULL_CONTROL here, needs both IgnorePublicAcls and RestrictPublicBuckets at one level to pass, and ignores Object Ownership; stance counts every permission, passes on IgnorePublicAcls at the bucket or account, and passes buckets whose ACLs are disabled")),
        ],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    let account = s3_access::account_block(ctx);
    s3::each_bucket(ctx, findings, GET_BUCKET_ACL, |bucket, region, data, findings| {
        let arn = bucket.arn.clone();
        let Some(acl) = data else {
            return findings.unknown(arn, region, &not_configured(GET_BUCKET_ACL.id));
        };
        let (ownership, block) =
            match (s3_access::ownership(ctx, bucket), s3_access::bucket_block(ctx, bucket, &account)) {
                (Ok(ownership), Ok(block)) => (ownership, block),
                (Err(reason), _) | (_, Err(reason)) => return findings.unknown(arn, region, &reason),
            };
        let ignore = block.state(BlockSetting::IgnorePublicAcls);
        if !s3_access::acls_apply(ownership.as_deref()) {
            return findings.ok(
                arn,
                region,
                format!("Bucket {} has ACLs disabled (Object Ownership BucketOwnerEnforced; {ignore})", bucket.name),
            );
        }
        let grants = s3_access::public_acl_grants(acl);
        if grants.is_empty() {
            return findings.ok(
                arn,
                region,
                format!("Bucket {}'s ACL grants nothing to AllUsers or AuthenticatedUsers ({ignore})", bucket.name),
            );
        }
        let granted = s3_access::describe_acl_grants(&grants);
        match block.enforces(BlockSetting::IgnorePublicAcls) {
            Err(reason) => findings.unknown(
                arn,
                region,
                &crate::context::Unknown::new(format!(
                    "Bucket {}'s ACL grants {granted}, and whether S3 ignores it depends on the account's Block Public Access: {reason}",
                    bucket.name
                )),
            ),
            Ok(true) => findings.ok(
                arn,
                region,
                format!("Bucket {}'s ACL grants {granted}, which S3 ignores ({ignore})", bucket.name),
            ),
            Ok(false) if grants.iter().any(s3_access::PublicAclGrant::exposes_data) => {
                findings.fail(arn, region, format!("Bucket {}'s ACL grants {granted} ({ignore})", bucket.name))
            }
            Ok(false) => findings.warn(
                arn,
                region,
                format!("Bucket {}'s ACL grants {granted}, which shows who has access ({ignore})", bucket.name),
            ),
        }
    });
}
