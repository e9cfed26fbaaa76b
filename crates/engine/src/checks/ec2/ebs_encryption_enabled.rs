use crate::analysis::ec2_storage::{EBS_ENCRYPTION_LEVEL, KeyGrade, grade_key};
use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::views::ec2::DESCRIBE_VOLUMES;

declare_check! {
    /// Ensures every EBS volume is encrypted at rest, so that its data and the snapshots taken from
    /// it are protected by a KMS key. An unencrypted volume fails and an encrypted one passes,
    /// attached or not: FSBP EC2.3 speaks of attached volumes, but a detached volume holds the
    /// same data and can be attached again at any time.
    ///
    /// With ebs_encryption_level above awskms (the default, which any KMS key meets), an encrypted
    /// volume is UNKNOWN: a volume names its key by ARN, and telling a customer managed key from
    /// the AWS managed one needs KMS DescribeKey, which stance does not collect. CloudSploit warns
    /// on keys below the level; Prowler reads only `Encrypted`.
    ///
    /// ## Remediation
    /// Snapshot each unencrypted volume, copy the snapshot with encryption on, create a volume from
    /// the copy and swap it in; turn on EBS encryption by default in every region.
    pub(crate) CHECK {
        id: "ebsEncryptionEnabled",
        title: "EBS Encryption Enabled",
        severity: High,
        reads: [DESCRIBE_VOLUMES],
        run,
        settings: [EBS_ENCRYPTION_LEVEL],
        aliases: [("ec2_ebs_volume_encryption", Same)],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    let target = *ctx.setting(&EBS_ENCRYPTION_LEVEL);
    ctx.each_region(DESCRIBE_VOLUMES, findings, |region, data, findings| {
        if data.volumes.is_empty() {
            return findings.ok(ctx.region_arn("ec2", region), region, format!("No EBS volumes in {region}"));
        }
        for volume in &data.volumes {
            let arn = ctx.typed_arn("ec2", region, "volume", &volume.volume_id);
            if !volume.encrypted {
                findings.fail(arn, region, format!("EBS volume {} is not encrypted", volume.volume_id));
                continue;
            }
            let key = volume.kms_key_id.as_deref();
            let named = key.map(|key| format!(" with KMS key {key}")).unwrap_or_default();
            match grade_key(key, target) {
                KeyGrade::Meets => findings.ok(arn, region, format!("EBS volume {} is encrypted{named}", volume.volume_id)),
                KeyGrade::Below(level) => findings.warn(
                    arn,
                    region,
                    format!("EBS volume {} is encrypted{named}, an AWS managed ({level}) key, below ebs_encryption_level {target}", volume.volume_id),
                ),
                KeyGrade::Unknown(reason) => findings.unknown(arn, region, &reason),
            }
        }
    });
}
