use crate::analysis::trails;
use crate::check::declare_check;
use crate::context::{Context, Findings, not_configured};
use crate::settings::{Setting, StringList};
use crate::views::cloudtrail::DESCRIBE_TRAILS;
use crate::views::s3::LIST_BUCKETS;
use crate::views::s3_config::GET_BUCKET_VERSIONING;

declare_check! {
    /// Ensures the S3 buckets CloudTrail delivers log files to have MFA Delete enabled, so that
    /// deleting a log file version, or suspending versioning, takes the root user's MFA code. Each
    /// bucket a trail delivers to is judged once, naming the trails, whether or not they are still
    /// logging (a stopped trail's logs are still there to delete): it passes when its versioning
    /// configuration has `MFADelete` `Enabled` and fails otherwise. A bucket that is not in this
    /// account's S3 ListBuckets (another account's, or gone) is UNKNOWN and not judged here.
    /// Buckets named in `whitelist_ct_deleted_buckets` (exact names, comma-separated) pass as
    /// exempt.
    ///
    /// CloudSploit only warns; Prowler fails, but looks only at the buckets of trails that are
    /// logging, fails a bucket whose versioning it could not read, and reports a bucket outside the
    /// account for manual review.
    ///
    /// ## Remediation
    /// As the root user with an MFA device, enable versioning with MFA Delete on the bucket
    /// (`aws s3api put-bucket-versioning --mfa`); the console cannot set it. Object Lock is an
    /// alternative that also protects the log files.
    pub(crate) CHECK {
        id: "cloudtrailBucketDelete",
        title: "CloudTrail Bucket Delete Policy",
        severity: Medium,
        reads: [DESCRIBE_TRAILS, LIST_BUCKETS, GET_BUCKET_VERSIONING],
        run,
        settings: [WHITELIST],
        aliases: [
            ("cloudtrail_bucket_requires_mfa_delete", Differently("Prowler judges only the buckets of trails that are logging and fails a bucket whose versioning it could not read; stance judges the bucket of every trail, stopped ones too, and says UNKNOWN for an unread configuration")),
        ],
    }
}

static WHITELIST: Setting<StringList> = Setting::new(
    "whitelist_ct_deleted_buckets",
    "",
    "CloudTrail buckets exempt from MFA Delete, by exact name, comma-separated.",
);

fn run(ctx: &Context, findings: &mut Findings) {
    let exempt = ctx.setting(&WHITELIST);
    let whitelist = (WHITELIST.info.name, exempt);
    trails::each_trail_bucket(
        ctx,
        findings,
        GET_BUCKET_VERSIONING,
        whitelist,
        |bucket, used, region, data, findings| {
            let by = used.trail_names();
            let Some(versioning) = data else {
                return findings.unknown(bucket.arn.clone(), region, &not_configured(GET_BUCKET_VERSIONING.id));
            };
            if versioning.mfa_delete_enabled() {
                findings.ok(
                    bucket.arn.clone(),
                    region,
                    format!("Bucket {}, which {by} delivers to, has MFA Delete enabled", bucket.name),
                );
            } else {
                findings.fail(
                    bucket.arn.clone(),
                    region,
                    format!(
                        "Bucket {}, which {by} delivers to, has MFA Delete disabled (versioning {})",
                        bucket.name,
                        versioning.describe()
                    ),
                );
            }
        },
    );
}
