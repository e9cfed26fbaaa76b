use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::views::ec2_storage::{DESCRIBE_SNAPSHOTS, snapshot_arn};

declare_check! {
    /// Ensures every EBS snapshot the account owns is encrypted, so that its data, and every
    /// volume restored from it, is protected by a KMS key. An unencrypted snapshot fails and an
    /// encrypted one passes.
    ///
    /// ## Remediation
    /// Copy each unencrypted snapshot with encryption on (`aws ec2 copy-snapshot --encrypted`),
    /// then delete the unencrypted original; turn on EBS encryption by default so that new
    /// snapshots are encrypted.
    pub(crate) CHECK {
        id: "ebsEncryptedSnapshots",
        title: "EBS Encrypted Snapshots",
        severity: High,
        reads: [DESCRIBE_SNAPSHOTS],
        run,
        aliases: [("ec2_ebs_snapshots_encrypted", Same)],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    ctx.each_region(DESCRIBE_SNAPSHOTS, findings, |region, data, findings| {
        if data.snapshots.is_empty() {
            return findings.ok(ctx.region_arn("ec2", region), region, format!("No EBS snapshots in {region}"));
        }
        for snapshot in &data.snapshots {
            let arn = snapshot_arn(ctx, region, &snapshot.snapshot_id);
            if snapshot.encrypted {
                let key = snapshot.kms_key_id.as_deref().map(|key| format!(" with KMS key {key}")).unwrap_or_default();
                findings.ok(arn, region, format!("EBS snapshot {} is encrypted{key}", snapshot.snapshot_id));
            } else {
                findings.fail(arn, region, format!("EBS snapshot {} is not encrypted", snapshot.snapshot_id));
            }
        }
    });
}
