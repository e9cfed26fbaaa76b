use crate::analysis::trails;
use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::settings::{Setting, StringList};
use crate::views::cloudtrail::DESCRIBE_TRAILS;
use crate::views::s3::{GET_BUCKET_LOGGING, LIST_BUCKETS};

declare_check! {
    /// Ensures the S3 buckets CloudTrail delivers log files to have server access logging on, so
    /// that every request to the logs (reads, deletions) is itself recorded (CIS 4.4). Each bucket
    /// a trail delivers to is judged once, naming the trails: it passes when GetBucketLogging has
    /// a `LoggingEnabled` target and fails when it has none. A bucket that is not in this
    /// account's S3 ListBuckets (an organization trail's central bucket in a log archive account,
    /// or a bucket that is gone) is UNKNOWN and not judged here: its account is the one to check.
    /// Buckets named in `whitelist_ct_access_logging_buckets` (exact names, comma-separated) pass
    /// as exempt.
    ///
    /// CloudSploit only warns when logging is off and fails a bucket missing from the account;
    /// Prowler fails when logging is off and reports a bucket outside the account for manual
    /// review. stance fails an unlogged bucket, as CIS 4.4 asks, and says UNKNOWN for one it cannot
    /// see, or whose logging configuration it could not read.
    ///
    /// ## Remediation
    /// Turn on server access logging for the CloudTrail bucket, delivering to another bucket
    /// (`aws s3api put-bucket-logging`).
    pub(crate) CHECK {
        id: "cloudtrailBucketAccessLogging",
        title: "CloudTrail Bucket Access Logging",
        severity: Medium,
        reads: [DESCRIBE_TRAILS, LIST_BUCKETS, GET_BUCKET_LOGGING],
        run,
        settings: [WHITELIST],
        aliases: [
            ("cloudtrail_logs_s3_bucket_access_logging_enabled", Differently("Prowler reports each trail and fails it when GetBucketLogging failed; stance reports each bucket once for the trails delivering to it and says UNKNOWN for an unread logging configuration")),
        ],
    }
}

static WHITELIST: Setting<StringList> = Setting::new(
    "whitelist_ct_access_logging_buckets",
    "",
    "CloudTrail buckets exempt from server access logging, by exact name, comma-separated.",
);

fn run(ctx: &Context, findings: &mut Findings) {
    let exempt = ctx.setting(&WHITELIST);
    let whitelist = (WHITELIST.info.name, exempt);
    trails::each_trail_bucket(ctx, findings, GET_BUCKET_LOGGING, whitelist, |bucket, used, region, data, findings| {
        let by = used.trail_names();
        match data.and_then(|data| data.logging_enabled.as_ref()) {
            Some(logging) => findings.ok(
                bucket.arn.clone(),
                region,
                format!(
                    "Bucket {}, which {by} delivers to, logs access to bucket {}",
                    bucket.name, logging.target_bucket
                ),
            ),
            None => findings.fail(
                bucket.arn.clone(),
                region,
                format!("Bucket {}, which {by} delivers to, has access logging off", bucket.name),
            ),
        }
    });
}
