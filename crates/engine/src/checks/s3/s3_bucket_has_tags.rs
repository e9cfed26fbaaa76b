use crate::check::declare_check;
use crate::context::{Context, Findings, plural};
use crate::views::s3::{self, LIST_BUCKETS};
use crate::views::s3_config::GET_BUCKET_TAGGING;

declare_check! {
    /// Ensures S3 buckets carry at least one tag, so that they can be attributed to an owner,
    /// a cost centre or an environment. A bucket passes when GetBucketTagging returns a tag, and
    /// fails when it has no tag set (NoSuchTagSet) or an empty one.
    ///
    /// CloudSploit reads the tags through the Resource Groups Tagging API; stance reads the
    /// bucket's own GetBucketTagging, which returns the same tags.
    ///
    /// ## Remediation
    /// Add tags to the bucket (PutBucketTagging), following the organization's tagging policy.
    pub(crate) CHECK {
        id: "s3BucketHasTags",
        title: "S3 Bucket Has Tags",
        severity: Low,
        reads: [LIST_BUCKETS, GET_BUCKET_TAGGING],
        run,
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    s3::each_bucket(ctx, findings, GET_BUCKET_TAGGING, |bucket, region, data, findings| {
        let keys: Vec<&str> =
            data.iter().flat_map(|tagging| tagging.tag_set.iter()).map(|tag| tag.key.as_str()).collect();
        if keys.is_empty() {
            findings.fail(bucket.arn.clone(), region, format!("Bucket {} has no tags", bucket.name));
        } else {
            let count = plural(keys.len() as i64, "tag");
            findings.ok(bucket.arn.clone(), region, format!("Bucket {} has {count}: {}", bucket.name, keys.join(", ")));
        }
    });
}
