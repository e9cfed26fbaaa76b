use crate::analysis::s3_access;
use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::policy::s3::{self as s3_policy, UploadEncryption};
use crate::settings::Setting;
use crate::views::s3::{self, GET_BUCKET_POLICY, LIST_BUCKETS};

declare_check! {
    /// Ensures S3 bucket policies refuse uploads (`s3:PutObject`) that are not encrypted as
    /// required. Since January 2023 S3 encrypts every upload with SSE-S3 when the request names no
    /// other encryption, so under the default settings every bucket passes, and the message says
    /// what its policy requires beyond that. With `s3_enforce_encryption_require_cmk`, a bucket
    /// passes only when its policy denies, to everyone and for every object, uploads whose
    /// `s3:x-amz-server-side-encryption` is not `aws:kms` (or `aws:kms:dsse`), or whose KMS key
    /// is not the one named; a bucket without a policy fails. Buckets matching
    /// `s3_enforce_encryption_allow_pattern` are exempt.
    ///
    /// CloudSploit passes every bucket without reading its policy under the default settings;
    /// stance reads it, so an unreadable policy is UNKNOWN rather than a blind pass.
    ///
    /// ## Remediation
    /// Add a statement denying `s3:PutObject` on `bucket/*` to `"*"` when
    /// `s3:x-amz-server-side-encryption` is not `aws:kms`, or set the bucket's default encryption
    /// to SSE-KMS and deny other keys with `s3:x-amz-server-side-encryption-aws-kms-key-id`.
    pub(crate) CHECK {
        id: "bucketEnforceEncryption",
        title: "S3 Bucket Enforce Object Encryption",
        severity: High,
        reads: [LIST_BUCKETS, GET_BUCKET_POLICY],
        run,
        settings: [REQUIRE_CMK, ALLOW_PATTERN],
    }
}

static REQUIRE_CMK: Setting<bool> = Setting::new(
    "s3_enforce_encryption_require_cmk",
    "false",
    "Require bucket policies to refuse uploads that are not encrypted with SSE-KMS.",
);

static ALLOW_PATTERN: Setting<regex::Regex> = Setting::new(
    "s3_enforce_encryption_allow_pattern",
    "",
    "If set, a regular expression: buckets whose name matches are exempt.",
);

fn run(ctx: &Context, findings: &mut Findings) {
    let (require_cmk, pattern) = (*ctx.setting(&REQUIRE_CMK), ctx.setting(&ALLOW_PATTERN));
    s3::each_bucket(ctx, findings, GET_BUCKET_POLICY, |bucket, region, data, findings| {
        let arn = bucket.arn.clone();
        if !pattern.as_str().is_empty() && pattern.is_match(bucket.name) {
            let message = format!("Bucket {} is exempt by s3_enforce_encryption_allow_pattern", bucket.name);
            return findings.ok(arn, region, message);
        }
        let uploads = match s3_access::parse_bucket_policy(data) {
            Err(reason) => return findings.unknown(arn, region, &reason),
            Ok(None) => None,
            Ok(Some(document)) => Some(s3_policy::upload_encryption(&document, &bucket.arn)),
        };
        let required = describe(uploads.as_ref());
        match uploads {
            Some(uploads) if !uploads.require_kms.is_empty() => {
                findings.ok(arn, region, format!("Bucket {}'s policy {required}", bucket.name));
            }
            _ if require_cmk => findings.fail(
                arn,
                region,
                format!(
                    "Bucket {}'s policy {required}, and s3_enforce_encryption_require_cmk requires SSE-KMS",
                    bucket.name
                ),
            ),
            _ => findings.ok(
                arn,
                region,
                format!("Bucket {}'s policy {required}; S3 encrypts every upload with SSE-S3 by default", bucket.name),
            ),
        }
    });
}

/// What a bucket policy requires of uploads, for messages: "refuses uploads without SSE-KMS
/// (statement 0/1)", "requires an encryption header (…)", "requires nothing".
pub(super) fn describe(uploads: Option<&UploadEncryption>) -> String {
    let Some(uploads) = uploads else { return "is absent (no bucket policy)".to_owned() };
    let statements =
        |refs: &[crate::policy::StatementRef]| refs.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ");
    if !uploads.require_kms.is_empty() {
        let keys = if uploads.required_keys.is_empty() {
            String::new()
        } else {
            format!(" with key {}", uploads.required_keys.join(" or "))
        };
        format!("refuses uploads without SSE-KMS{keys} ({})", statements(&uploads.require_kms))
    } else if !uploads.require_header.is_empty() {
        format!("requires an encryption header on uploads, but not SSE-KMS ({})", statements(&uploads.require_header))
    } else {
        "refuses no unencrypted upload".to_owned()
    }
}
