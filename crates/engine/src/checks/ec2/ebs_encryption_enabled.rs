use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::views::ec2::DESCRIBE_VOLUMES;

declare_check! {
    /// Ensures every EBS volume is encrypted at rest, so that its data and the snapshots taken from
    /// it are protected by a KMS key.
    ///
    /// ## Remediation
    /// Snapshot each unencrypted volume, copy the snapshot with encryption on, create a volume from
    /// the copy and swap it in; turn on EBS encryption by default in every region.
    pub(crate) CHECK {
        id: "ebsEncryptionEnabled",
        title: "EBS Encryption Enabled",
        severity: Medium,
        reads: [DESCRIBE_VOLUMES],
        run,
        aliases: [("ec2_ebs_volume_encryption", Same)],
        compliance: [Hipaa, Pci],
        fsbp: ["EC2.3"],
        pci4: ["3.5.1", "8.3.2"],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    ctx.each_region(DESCRIBE_VOLUMES, findings, |region, data, findings| {
        if data.volumes.is_empty() {
            return findings.ok(ctx.region_arn("ec2", region), region, format!("No EBS volumes in {region}"));
        }
        for volume in &data.volumes {
            let arn = ctx.typed_arn("ec2", region, "volume", &volume.volume_id);
            if volume.encrypted {
                let key = volume.kms_key_id.as_deref().map(|key| format!(" with KMS key {key}")).unwrap_or_default();
                findings.ok(arn, region, format!("EBS volume {} is encrypted{key}", volume.volume_id));
            } else {
                findings.fail(arn, region, format!("EBS volume {} is not encrypted", volume.volume_id));
            }
        }
    });
}
