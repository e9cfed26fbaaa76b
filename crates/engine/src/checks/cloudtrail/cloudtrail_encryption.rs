use crate::analysis::trails::{self, AccountTrails};
use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::views::cloudtrail::DESCRIBE_TRAILS;

declare_check! {
    /// Ensures CloudTrail log files are encrypted with a KMS key (SSE-KMS), so that reading them
    /// takes permission on the key as well as on the bucket (CIS 4.5). Each trail is judged once,
    /// in its home region: it passes when it has a `KmsKeyId` and fails when it has none (log
    /// files then have only the bucket's default encryption). CloudTrail accepts only a
    /// symmetric customer managed key there, so a `KmsKeyId` is what CIS 4.5's audit tests;
    /// whether the key is still enabled, and its policy, are KMS checks' business, not this
    /// one's. Organization trails seen from a member account are judged too.
    ///
    /// CloudSploit reports a multi-region trail again in every region and fails regions without
    /// a trail; stance, like Prowler, reports each trail once.
    ///
    /// ## Remediation
    /// Create a symmetric customer managed KMS key whose policy lets CloudTrail encrypt and your
    /// log readers decrypt, and set it on the trail (`aws cloudtrail update-trail --name TRAIL
    /// --kms-key-id KEY`).
    pub(crate) CHECK {
        id: "cloudtrailEncryption",
        title: "CloudTrail Encryption",
        severity: High,
        reads: [DESCRIBE_TRAILS],
        run,
        aliases: [("cloudtrail_kms_encryption_enabled", Same)],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    let all = AccountTrails::load(ctx);
    trails::each_trail(ctx, findings, &all, |trail, region, label, findings| {
        match trail.kms_key_id.as_deref().filter(|key| !key.is_empty()) {
            Some(key) => findings.ok(
                trail.trail_arn.clone(),
                region,
                format!("{label} encrypts its log files with KMS key {key}"),
            ),
            None => findings.fail(
                trail.trail_arn.clone(),
                region,
                format!("{label} does not encrypt its log files with a KMS key"),
            ),
        }
    });
}
