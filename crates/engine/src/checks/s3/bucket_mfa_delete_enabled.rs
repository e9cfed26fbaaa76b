use crate::check::declare_check;
use crate::context::{Context, Findings, not_configured};
use crate::settings::{Setting, StringList};
use crate::views::s3::{self, LIST_BUCKETS};
use crate::views::s3_config::GET_BUCKET_VERSIONING;

declare_check! {
    /// Ensures S3 buckets have MFA Delete enabled, so that deleting an object version or changing
    /// the bucket's versioning state takes the root user's MFA code as well as its credentials.
    /// A bucket passes when its versioning configuration has `MFADelete` `Enabled`, and fails
    /// otherwise (MFA Delete off, or versioning never configured).
    ///
    /// Buckets named in `whitelist_buckets_for_mfa_deletion` (exact names, comma-separated) are
    /// exempt and pass with a message saying so. CloudSploit reports a listed bucket as FAIL ("is
    /// whitelisted"), which defeats the setting, and matches the list as a substring (so `logs`
    /// would exempt a bucket named `log`); stance exempts exactly the names listed.
    ///
    /// ## Remediation
    /// As the root user with an MFA device, enable MFA Delete with PutBucketVersioning (the AWS
    /// CLI's `s3api put-bucket-versioning --mfa`); the console cannot set it.
    pub(crate) CHECK {
        id: "bucketMFADeleteEnabled",
        title: "S3 Bucket MFA Delete Status",
        severity: Low,
        reads: [LIST_BUCKETS, GET_BUCKET_VERSIONING],
        run,
        settings: [WHITELIST],
        aliases: [
            ("s3_bucket_no_mfa_delete", Differently("Prowler fails a bucket whose GetBucketVersioning call failed, and has no exemption list; stance says UNKNOWN for the first and passes buckets named in whitelist_buckets_for_mfa_deletion")),
        ],
    }
}

static WHITELIST: Setting<StringList> = Setting::new(
    "whitelist_buckets_for_mfa_deletion",
    "",
    "Buckets exempt from MFA Delete, by exact name, comma-separated.",
);

fn run(ctx: &Context, findings: &mut Findings) {
    let exempt = ctx.setting(&WHITELIST);
    s3::each_bucket(ctx, findings, GET_BUCKET_VERSIONING, |bucket, region, data, findings| {
        if exempt.items().iter().any(|name| name == bucket.name) {
            return findings.ok(
                bucket.arn.clone(),
                region,
                format!("Bucket {} is exempt by whitelist_buckets_for_mfa_deletion", bucket.name),
            );
        }
        let Some(versioning) = data else {
            return findings.unknown(bucket.arn.clone(), region, &not_configured(GET_BUCKET_VERSIONING.id));
        };
        if versioning.mfa_delete_enabled() {
            findings.ok(bucket.arn.clone(), region, format!("Bucket {} has MFA Delete enabled", bucket.name));
        } else {
            findings.fail(
                bucket.arn.clone(),
                region,
                format!("Bucket {} has MFA Delete disabled (versioning {})", bucket.name, versioning.describe()),
            );
        }
    });
}
