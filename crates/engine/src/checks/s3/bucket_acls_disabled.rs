use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::views::s3::{self, GET_BUCKET_OWNERSHIP_CONTROLS, LIST_BUCKETS};

declare_check! {
    /// Ensures every S3 bucket has ACLs disabled: Object Ownership set to BucketOwnerEnforced, so
    /// that the bucket owner owns every object and access is decided by policies alone. A bucket
    /// with BucketOwnerPreferred or ObjectWriter, or without ownership controls (buckets made
    /// before April 2023 and never changed, where ACLs apply as ObjectWriter), fails.
    ///
    /// ## Remediation
    /// Move any access that ACLs grant into the bucket policy, then set Object Ownership to "Bucket
    /// owner enforced".
    pub(crate) CHECK {
        id: "bucketAclsDisabled",
        title: "S3 Bucket ACLs Disabled",
        severity: Medium,
        reads: [LIST_BUCKETS, GET_BUCKET_OWNERSHIP_CONTROLS],
        run,
        aliases: [("s3_bucket_acl_prohibited", Same)],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    s3::each_bucket(ctx, findings, GET_BUCKET_OWNERSHIP_CONTROLS, |bucket, region, data, findings| {
        let arn = bucket.arn.clone();
        match data {
            None => findings.fail(
                arn,
                region,
                format!("Bucket {} has no ownership controls, so its ACLs apply (ObjectWriter)", bucket.name),
            ),
            Some(ownership) if ownership.bucket_owner_enforced() => findings.ok(
                arn,
                region,
                format!("Bucket {} has ACLs disabled (Object Ownership BucketOwnerEnforced)", bucket.name),
            ),
            Some(ownership) => {
                let settings: Vec<&str> =
                    ownership.ownership_controls.rules.iter().map(|rule| rule.object_ownership.as_str()).collect();
                let setting = if settings.is_empty() { "no rule".to_owned() } else { settings.join(", ") };
                findings.fail(
                    arn,
                    region,
                    format!("Bucket {} has Object Ownership {setting}, so its ACLs apply", bucket.name),
                )
            }
        }
    });
}
