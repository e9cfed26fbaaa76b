use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::views::s3::{self, LIST_BUCKETS};
use crate::views::s3_config::{DefaultEncryption, GET_BUCKET_ENCRYPTION};

declare_check! {
    /// Ensures S3 buckets encrypt new objects with AWS KMS keys by default, which puts the use of
    /// every object under a key policy and in CloudTrail. A bucket passes when its default
    /// encryption is SSE-KMS (`aws:kms`) or DSSE-KMS (`aws:kms:dsse`), with any key, the AWS
    /// managed `aws/s3` included; it fails when it uses SSE-S3 (`AES256`), which is also what S3
    /// applies to a bucket with no encryption rule of its own since January 2023.
    ///
    /// The related bucketEncryption with `s3_encryption_require_cmk` is stricter: it also fails
    /// the AWS managed key.
    ///
    /// ## Remediation
    /// Set the bucket's default encryption to SSE-KMS with a customer managed key
    /// (PutBucketEncryption), with an S3 Bucket Key to limit the cost of KMS requests.
    pub(crate) CHECK {
        id: "bucketKmsEncryption",
        title: "S3 Bucket KMS Encryption",
        severity: Medium,
        reads: [LIST_BUCKETS, GET_BUCKET_ENCRYPTION],
        run,
        aliases: [
            ("s3_bucket_kms_encryption", Differently("Prowler fails a bucket whose GetBucketEncryption call failed; stance says UNKNOWN")),
        ],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    s3::each_bucket(ctx, findings, GET_BUCKET_ENCRYPTION, |bucket, region, data, findings| {
        let encryption = DefaultEncryption::of(data);
        let message = format!("Bucket {} encrypts new objects with {}", bucket.name, encryption.describe());
        match encryption {
            DefaultEncryption::Kms { .. } => findings.ok(bucket.arn.clone(), region, message),
            _ => findings.fail(bucket.arn.clone(), region, format!("{message}, not an AWS KMS key")),
        }
    });
}
