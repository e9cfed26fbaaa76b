use crate::analysis::kms_keys::{EncryptionLevel, encryption_level};
use crate::analysis::s3_access;
use crate::check::declare_check;
use crate::context::{Context, Findings, Unknown};
use crate::policy::s3 as s3_policy;
use crate::settings::Setting;
use crate::views::kms::{DESCRIBE_KEY, LIST_ALIASES};
use crate::views::s3::{self, BucketRef, GET_BUCKET_POLICY, LIST_BUCKETS};
use crate::views::s3_config::{GET_BUCKET_WEBSITE, S3_ALLOW_UNENCRYPTED_STATIC_WEBSITES};

use super::bucket_enforce_encryption::describe;

declare_check! {
    /// Ensures S3 bucket policies refuse uploads below the encryption level
    /// `s3_required_encryption_level` names, CloudSploit's levels from weakest to strongest:
    /// `none`, `sse`, `awskms` (the default), `awscmk`, `externalcmk`, `cloudhsm`.
    ///
    /// - `none` and `sse` pass every bucket whose policy stance can read: since January 2023 S3
    ///   encrypts every upload with at least SSE-S3, so no policy is needed for them.
    /// - `awskms` passes a bucket whose policy denies, to everyone and for every object, uploads
    ///   whose `s3:x-amz-server-side-encryption` is not `aws:kms` (or `aws:kms:dsse`), or whose
    ///   KMS key is not the one named; a bucket without such a Deny, or without a policy, fails.
    /// - `awscmk`, `externalcmk` and `cloudhsm` also need the key to be customer managed, of
    ///   external origin, or in a CloudHSM key store. A policy that allows any KMS key fails (the
    ///   AWS managed key is below those levels). One that names its keys passes when every key
    ///   named meets the level and fails when one does not, each key graded from KMS DescribeKey
    ///   (`analysis::kms_keys`; aliases through the bucket region's ListAliases); a key stance
    ///   cannot describe (another account's, a failed call) is UNKNOWN.
    ///
    /// With `s3_allow_unencrypted_static_websites`, a bucket that would not pass but hosts a
    /// static website passes.
    ///
    /// ## Remediation
    /// Deny `s3:PutObject` on `bucket/*` to `"*"` when `s3:x-amz-server-side-encryption` is not
    /// `aws:kms`, and, for the customer-key levels, when
    /// `s3:x-amz-server-side-encryption-aws-kms-key-id` is not a key of the required kind.
    pub(crate) CHECK {
        id: "s3Encryption",
        title: "S3 Encryption",
        severity: High,
        reads: [LIST_BUCKETS, GET_BUCKET_POLICY, GET_BUCKET_WEBSITE, LIST_ALIASES, DESCRIBE_KEY],
        run,
        settings: [REQUIRED_LEVEL, S3_ALLOW_UNENCRYPTED_STATIC_WEBSITES],
    }
}

static REQUIRED_LEVEL: Setting<EncryptionLevel> = Setting::new(
    "s3_required_encryption_level",
    "awskms",
    "The encryption bucket policies must require of uploads: none, sse, awskms, awscmk, externalcmk or cloudhsm.",
);

enum Verdict {
    Pass(String),
    Fail(String),
    Unknown(Unknown),
}

fn run(ctx: &Context, findings: &mut Findings) {
    let level = *ctx.setting(&REQUIRED_LEVEL);
    s3::each_bucket(ctx, findings, GET_BUCKET_POLICY, |bucket, region, data, findings| {
        let mut verdict = judge(ctx, bucket, region, data, level);
        if matches!(verdict, Verdict::Fail(_)) && *ctx.setting(&S3_ALLOW_UNENCRYPTED_STATIC_WEBSITES) {
            verdict = match website(ctx, bucket) {
                Err(reason) => Verdict::Unknown(reason),
                Ok(true) => Verdict::Pass(format!(
                    "Bucket {} hosts a static website (exempt by s3_allow_unencrypted_static_websites)",
                    bucket.name
                )),
                Ok(false) => verdict,
            };
        }
        match verdict {
            Verdict::Pass(message) => findings.ok(bucket.arn.clone(), region, message),
            Verdict::Fail(message) => findings.fail(bucket.arn.clone(), region, message),
            Verdict::Unknown(reason) => findings.unknown(bucket.arn.clone(), region, &reason),
        }
    });
}

fn judge(
    ctx: &Context,
    bucket: &BucketRef,
    region: &str,
    data: Option<&crate::views::s3::GetBucketPolicy>,
    level: EncryptionLevel,
) -> Verdict {
    let uploads = match s3_access::parse_bucket_policy(data) {
        Err(reason) => return Verdict::Unknown(reason),
        Ok(None) => None,
        Ok(Some(document)) => Some(s3_policy::upload_encryption(&document, &bucket.arn)),
    };
    let required = describe(uploads.as_ref());
    let name = bucket.name;
    if level <= EncryptionLevel::Sse {
        return Verdict::Pass(format!(
            "Bucket {name}'s policy {required}; S3 encrypts every upload with SSE-S3, which meets level {level}"
        ));
    }
    let Some(uploads) = uploads.filter(|uploads| !uploads.require_kms.is_empty()) else {
        return Verdict::Fail(format!("Bucket {name}'s policy {required}, below level {level}"));
    };
    if level == EncryptionLevel::AwsKms {
        return Verdict::Pass(format!("Bucket {name}'s policy {required}, which meets level {level}"));
    }
    if uploads.required_keys.is_empty() {
        return Verdict::Fail(format!(
            "Bucket {name}'s policy {required} but allows any key, the AWS managed one included, below level {level}"
        ));
    }
    let mut below = Vec::new();
    for key in &uploads.required_keys {
        match encryption_level(ctx, key, region) {
            Ok(found) if found >= level => {}
            Ok(found) => below.push(format!("{key} ({found})")),
            Err(reason) => {
                return Verdict::Unknown(Unknown::new(format!(
                    "Bucket {name}'s policy {required}; whether key {key} meets level {level} is unknown: {reason}"
                )));
            }
        }
    }
    if below.is_empty() {
        Verdict::Pass(format!("Bucket {name}'s policy {required}; every key it allows meets level {level}"))
    } else {
        Verdict::Fail(format!("Bucket {name}'s policy {required}; it allows {}, below level {level}", below.join(", ")))
    }
}

/// Whether the bucket hosts a static website ("not configured": no).
fn website(ctx: &Context, bucket: &BucketRef) -> Result<bool, Unknown> {
    Ok(s3::bucket_read(ctx, GET_BUCKET_WEBSITE, bucket)?.is_some())
}
