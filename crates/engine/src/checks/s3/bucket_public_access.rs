use crate::analysis::s3_access::{self, BlockSetting};
use crate::check::declare_check;
use crate::context::{Context, Findings, Unknown, not_configured};
use crate::policy::s3 as s3_policy;
use crate::results::Status;
use crate::views::s3::{
    self, BucketRef, GET_ACCOUNT_PUBLIC_ACCESS_BLOCK, GET_BUCKET_ACL, GET_BUCKET_OWNERSHIP_CONTROLS, GET_BUCKET_POLICY,
    GET_BUCKET_POLICY_STATUS, GET_PUBLIC_ACCESS_BLOCK, GetBucketAcl, LIST_BUCKETS, PublicAccessBlockConfiguration,
};

use super::bucket_all_users_policy::public_text;

declare_check! {
    /// Ensures no S3 bucket is public through its ACL or its bucket policy, given what Block
    /// Public Access makes S3 enforce. The ACL is public when it grants anything to AllUsers or
    /// AuthenticatedUsers, unless Object Ownership is BucketOwnerEnforced (ACLs disabled) or
    /// IgnorePublicAcls applies (bucket or account). The policy is public by S3's own verdict,
    /// GetBucketPolicyStatus, unless RestrictPublicBuckets applies (bucket or account), which
    /// limits a public policy to AWS services and the owner's account. stance also reads the
    /// policy itself by S3's definition of public and names the statements; where its reading and
    /// AWS's verdict disagree the message says so, and AWS's verdict decides, except that a bucket
    /// AWS calls private while stance finds a grant to everyone warns. A bucket fails when some
    /// path is public; it warns when the only public grant is READ_ACP in the ACL, or on such a
    /// disagreement; it passes otherwise, naming any public grant the settings neutralise.
    /// BlockPublicAcls and BlockPublicPolicy refuse new public grants but leave existing ones in
    /// force, so they do not count here.
    ///
    /// Prowler passes a bucket only when IgnorePublicAcls and RestrictPublicBuckets are both on at
    /// one level, and emits one account-level PASS when the account has both; it reads the policy
    /// for `"*"` principals without S3's conditions. stance weighs each setting against the grant
    /// it neutralises and reports every bucket.
    ///
    /// ## Remediation
    /// Remove public grants from the bucket ACL (or disable ACLs with "Bucket owner enforced") and
    /// from the bucket policy; turn on all four Block Public Access settings for the account.
    pub(crate) CHECK {
        id: "bucketPublicAccess",
        title: "S3 Bucket Public Access",
        severity: Critical,
        reads: [
            LIST_BUCKETS,
            GET_BUCKET_ACL,
            GET_BUCKET_OWNERSHIP_CONTROLS,
            GET_BUCKET_POLICY,
            GET_BUCKET_POLICY_STATUS,
            GET_PUBLIC_ACCESS_BLOCK,
            GET_ACCOUNT_PUBLIC_ACCESS_BLOCK,
        ],
        run,
        aliases: [
            ("s3_bucket_public_access", Differently("Prowler needs IgnorePublicAcls and RestrictPublicBuckets both on at one level to pass and reports one account-level result when the account has both; stance weighs IgnorePublicAcls against ACL grants and RestrictPublicBuckets against the policy, uses S3's policy status, and passes buckets whose ACLs are disabled")),
        ],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    let account = s3_access::account_block(ctx);
    s3::each_bucket(ctx, findings, GET_BUCKET_ACL, |bucket, region, acl, findings| {
        let (status, message) = exposure(ctx, bucket, acl, &account);
        findings.add(status, bucket.arn.clone(), region, message);
    });
}

/// Whether `bucket` is public through its ACL (`acl`, its GetBucketAcl answer) or its policy,
/// given what Block Public Access (`account`: the account's settings) makes S3 enforce: the
/// verdict and message of this check, shared with cloudtrailBucketPrivate.
pub(crate) fn exposure(
    ctx: &Context,
    bucket: &BucketRef,
    acl: Option<&GetBucketAcl>,
    account: &Result<PublicAccessBlockConfiguration, Unknown>,
) -> (Status, String) {
    {
        let Some(acl) = acl else {
            return (Status::Unknown, not_configured(GET_BUCKET_ACL.id).to_string());
        };
        let read = || -> Result<_, Unknown> {
            let ownership = s3_access::ownership(ctx, bucket)?;
            let block = s3_access::bucket_block(ctx, bucket, account)?;
            let policy = s3_access::bucket_policy(ctx, bucket)?;
            Ok((ownership, block, policy))
        };
        let (ownership, block, policy) = match read() {
            Ok(read) => read,
            Err(reason) => return (Status::Unknown, reason.to_string()),
        };
        let status = s3::bucket_read(ctx, GET_BUCKET_POLICY_STATUS, bucket);
        let mut live = Vec::new(); // public paths S3 enforces
        let mut neutralised = Vec::new();
        let mut notes = Vec::new();
        let mut warn = false;
        let mut fail = false;
        let mut status_unread = None;

        // The ACL.
        let acl_grants = s3_access::public_acl_grants(acl);
        if !s3_access::acls_apply(ownership.as_deref()) {
            if !acl_grants.is_empty() {
                neutralised.push("its ACL (disabled by BucketOwnerEnforced)".to_owned());
            }
        } else if !acl_grants.is_empty() {
            let granted = format!("its ACL grants {}", s3_access::describe_acl_grants(&acl_grants));
            match block.enforces(BlockSetting::IgnorePublicAcls) {
                Err(reason) => return (Status::Unknown, reason.to_string()),
                Ok(true) => {
                    neutralised.push(format!("{granted}, ignored ({})", block.state(BlockSetting::IgnorePublicAcls)))
                }
                Ok(false) if acl_grants.iter().any(s3_access::PublicAclGrant::exposes_data) => {
                    fail = true;
                    live.push(granted);
                }
                Ok(false) => {
                    warn = true;
                    live.push(granted);
                }
            }
        }

        // The policy: AWS's verdict, and stance's reading.
        let analysis = policy.as_ref().map(|document| s3_policy::public_analysis(document, &bucket.arn));
        let stance_public = analysis.as_ref().is_some_and(|analysis| analysis.is_public());
        let aws_public = status.map(|status| status.is_some_and(|status| status.policy_status.is_public));
        let policy_public = match aws_public {
            Ok(aws) => {
                if aws && !stance_public {
                    notes.push("S3's policy status calls the policy public though stance finds every grant to everyone confined".to_owned());
                } else if !aws && stance_public {
                    warn = true;
                    notes.push(format!(
                        "S3's policy status calls the policy private though it {}",
                        public_text(analysis.as_ref().expect("a public analysis has a policy"))
                    ));
                }
                aws
            }
            Err(reason) => {
                // Without AWS's verdict the policy decides nothing: it is AWS's word that would
                // make a grant stance reads as public a FAIL or a WARN.
                if stance_public {
                    notes.push(format!(
                        "stance finds its policy {}",
                        public_text(analysis.as_ref().expect("a public analysis has a policy"))
                    ));
                }
                status_unread = Some(reason);
                false
            }
        };
        if policy_public {
            let what = match analysis.as_ref().filter(|analysis| analysis.is_public()) {
                Some(analysis) => format!("its policy {}", public_text(analysis)),
                None => "its policy is public".to_owned(),
            };
            match block.enforces(BlockSetting::RestrictPublicBuckets) {
                Err(reason) => return (Status::Unknown, reason.to_string()),
                Ok(true) => neutralised.push(format!(
                    "{what}, limited to AWS services and this account ({})",
                    block.state(BlockSetting::RestrictPublicBuckets)
                )),
                Ok(false) => {
                    fail = true;
                    live.push(what);
                }
            }
        }

        let settings = format!(
            "{}; {}",
            block.state(BlockSetting::IgnorePublicAcls),
            block.state(BlockSetting::RestrictPublicBuckets)
        );
        let mut message = if live.is_empty() {
            format!("Bucket {} is not public ({settings})", bucket.name)
        } else {
            format!("Bucket {} is public: {} ({settings})", bucket.name, live.join("; "))
        };
        if !neutralised.is_empty() {
            message.push_str(&format!("; neutralised: {}", neutralised.join("; ")));
        }
        if !notes.is_empty() {
            message.push_str(&format!("; {}", notes.join("; ")));
        }
        if fail {
            (Status::Fail, message)
        } else if let Some(reason) = status_unread {
            // Not public as far as stance can see, but without AWS's verdict.
            (Status::Unknown, format!("{message}; without S3's policy status: {reason}"))
        } else if warn {
            (Status::Warn, message)
        } else {
            (Status::Ok, message)
        }
    }
}
