use crate::analysis::s3_access::{self, BlockSetting, EffectiveBlock};
use crate::check::declare_check;
use crate::context::{Context, Findings, Unknown, plural};
use crate::views::s3::{
    self, BucketRef, GET_ACCOUNT_PUBLIC_ACCESS_BLOCK, GET_BUCKET_OWNERSHIP_CONTROLS, GET_PUBLIC_ACCESS_BLOCK,
    LIST_BUCKETS,
};
use crate::views::s3_config::{GET_OBJECT_ACL, LIST_OBJECTS_V2};

declare_check! {
    /// Ensures no sampled object of an S3 bucket is public through its ACL: a grant to AllUsers
    /// (anyone) or AuthenticatedUsers (anyone with an AWS account), of any permission but a lone
    /// READ_ACP. The sample is the first objects in S3's key order (`stance collect
    /// --s3-object-sample N`, default 3), so two runs read the same objects; a clean sample
    /// never proves the bucket has no public object, and the message says how many were read.
    ///
    /// Object ACLs grant nothing when Object Ownership is BucketOwnerEnforced (ACLs disabled),
    /// such buckets pass without a sample; and a public grant S3 ignores, because
    /// IgnorePublicAcls is on for the bucket or the account, passes with the grant named.
    /// Prowler samples objects at random (opt-in), so its verdicts change from run to run, and
    /// fails a bucket whose ACLs S3 ignores.
    ///
    /// ## Remediation
    /// Remove the AllUsers and AuthenticatedUsers grants from the objects' ACLs, and disable ACLs
    /// for the bucket (Object Ownership: bucket owner enforced) or turn on IgnorePublicAcls.
    pub(crate) CHECK {
        id: "bucketPublicObjects",
        title: "S3 Bucket Public Objects",
        severity: Low,
        reads: [
            LIST_BUCKETS,
            GET_BUCKET_OWNERSHIP_CONTROLS,
            LIST_OBJECTS_V2,
            GET_OBJECT_ACL,
            GET_PUBLIC_ACCESS_BLOCK,
            GET_ACCOUNT_PUBLIC_ACCESS_BLOCK,
        ],
        run,
        aliases: [
            ("s3_bucket_object_public", Differently("Prowler samples objects at random and only when enabled, and fails public grants S3 ignores under IgnorePublicAcls; stance reads the first objects in key order, deterministically, and passes grants S3 ignores or buckets whose ACLs are disabled")),
        ],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    let account = s3_access::account_block(ctx);
    s3::each_bucket(ctx, findings, GET_BUCKET_OWNERSHIP_CONTROLS, |bucket, region, ownership, findings| {
        let verdict = s3_access::bucket_block(ctx, bucket, &account).and_then(|block| {
            if s3_access::acls_apply(ownership) {
                judge(ctx, bucket, &block)
            } else {
                Ok(Verdict::Ok(format!(
                    "Bucket {} has ACLs disabled (Object Ownership BucketOwnerEnforced): object ACLs grant nothing ({})",
                    bucket.name,
                    block.state(BlockSetting::IgnorePublicAcls)
                )))
            }
        });
        match verdict {
            Ok(Verdict::Ok(message)) => findings.ok(bucket.arn.clone(), region, message),
            Ok(Verdict::Fail(message)) => findings.fail(bucket.arn.clone(), region, message),
            Err(reason) => findings.unknown(bucket.arn.clone(), region, &reason),
        }
    });
}

enum Verdict {
    Ok(String),
    Fail(String),
}

fn judge(ctx: &Context, bucket: &BucketRef, block: &EffectiveBlock) -> Result<Verdict, Unknown> {
    let Some(listing) = s3::bucket_read(ctx, LIST_OBJECTS_V2, bucket)? else {
        return Err(Unknown::new("S3 ListObjectsV2 answered \"not configured\", which leaves nothing to check"));
    };
    if listing.contents.is_empty() {
        let state = block.state(BlockSetting::IgnorePublicAcls);
        return Ok(Verdict::Ok(format!("Bucket {} holds no object ({state})", bucket.name)));
    }
    let mut public = Vec::new();
    let mut unread = Vec::new();
    for object in listing.contents.iter() {
        let arn = format!("{}/{}", bucket.arn, object.key);
        match ctx.read_resource(GET_OBJECT_ACL, &arn).1 {
            Ok(Some(acl)) => {
                let grants: Vec<_> =
                    s3_access::public_acl_grants(&acl).into_iter().filter(|grant| grant.exposes_data()).collect();
                if !grants.is_empty() {
                    public.push(format!("{} ({})", object.key, s3_access::describe_acl_grants(&grants)));
                }
            }
            Ok(None) => unread.push(format!("S3 GetObjectAcl gave no ACL for {}", object.key)),
            Err(reason) => unread.push(reason.to_string()),
        }
    }
    let sampled = plural(listing.contents.len() as i64, "object");
    if public.is_empty() && !unread.is_empty() {
        return Err(Unknown::new(unread.join("; ")));
    }
    if public.is_empty() {
        return Ok(Verdict::Ok(format!(
            "None of the first {sampled} of bucket {} (a sample, in key order) has a public ACL ({})",
            bucket.name,
            block.state(BlockSetting::IgnorePublicAcls)
        )));
    }
    let listed = public.join(", ");
    if block.enforces(BlockSetting::IgnorePublicAcls)? {
        return Ok(Verdict::Ok(format!(
            "Bucket {}'s sampled objects {listed} have public ACLs that S3 ignores ({})",
            bucket.name,
            block.state(BlockSetting::IgnorePublicAcls)
        )));
    }
    Ok(Verdict::Fail(format!(
        "Of the first {sampled} of bucket {}, {listed} {} public through its ACL ({})",
        bucket.name,
        if public.len() == 1 { "is" } else { "are" },
        block.state(BlockSetting::IgnorePublicAcls)
    )))
}
