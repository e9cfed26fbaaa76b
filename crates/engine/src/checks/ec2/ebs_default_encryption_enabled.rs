use crate::analysis::ec2_storage::{EBS_ENCRYPTION_LEVEL, EncryptionLevel, KeyGrade, grade_key};
use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::views::ec2_storage::{GET_EBS_DEFAULT_KMS_KEY_ID, GET_EBS_ENCRYPTION_BY_DEFAULT};

declare_check! {
    /// Ensures EBS encryption by default is on in every region, so that every new volume, and
    /// every snapshot and copy made from it, is encrypted without anyone having to ask. Each
    /// region fails when encryption by default is off (GetEbsEncryptionByDefault) and passes
    /// when it is on; the message names the default key (GetEbsDefaultKmsKeyId).
    ///
    /// With ebs_encryption_level above awskms (the default, which any KMS key meets), the default
    /// key is graded too: the AWS managed key `alias/aws/ebs` fails a higher level, and any other
    /// key is UNKNOWN, because telling a customer managed key, imported key material or a
    /// CloudHSM key store apart needs KMS DescribeKey, which stance does not collect.
    ///
    /// Every region is judged, as CloudSploit does: the setting decides how the next volume there
    /// is created, whether or not the region has volumes today. Prowler reports only regions that
    /// already have volumes (unless run with --scan-unused-services) and does not grade the key.
    ///
    /// ## Remediation
    /// In each region, turn on EBS encryption by default (EC2 console > Settings > EBS encryption,
    /// or `aws ec2 enable-ebs-encryption-by-default`), and choose a customer managed default key
    /// (`aws ec2 modify-ebs-default-kms-key-id`) where a higher level is required.
    pub(crate) CHECK {
        id: "ebsDefaultEncryptionEnabled",
        title: "EBS Encryption By Default",
        severity: High,
        reads: [GET_EBS_ENCRYPTION_BY_DEFAULT, GET_EBS_DEFAULT_KMS_KEY_ID],
        run,
        settings: [EBS_ENCRYPTION_LEVEL],
        aliases: [
            ("ec2_ebs_default_encryption", Differently("Prowler reports only regions that have EBS volumes unless --scan-unused-services, and ignores the default key; stance judges every region, since the default applies to the volumes created there later, and grades the key under ebs_encryption_level")),
        ],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    let target = *ctx.setting(&EBS_ENCRYPTION_LEVEL);
    ctx.each_region(GET_EBS_ENCRYPTION_BY_DEFAULT, findings, |region, data, findings| {
        let arn = ctx.region_arn("ec2", region);
        if !data.ebs_encryption_by_default {
            return findings.fail(arn, region, format!("EBS encryption by default is off in {region}"));
        }
        let key = ctx.read_configured(GET_EBS_DEFAULT_KMS_KEY_ID, region);
        let key = match (&key, target) {
            (Ok(key), _) => key.kms_key_id.as_deref(),
            // Any KMS key meets these levels: the key only names itself in the message.
            (Err(_), level) if level <= EncryptionLevel::AwsKms => {
                let message = format!("EBS encryption by default is on in {region} (its default KMS key could not be read; any KMS key meets ebs_encryption_level {target})");
                return findings.ok(arn, region, message);
            }
            (Err(reason), _) => return findings.unknown(arn, region, reason),
        };
        let named = key.map(|key| format!(" with default KMS key {key}")).unwrap_or_default();
        match grade_key(key, target) {
            KeyGrade::Meets => {
                findings.ok(arn, region, format!("EBS encryption by default is on in {region}{named}"))
            }
            KeyGrade::Below(level) => findings.fail(
                arn,
                region,
                format!("EBS encryption by default is on in {region}{named}, an AWS managed ({level}) key, below ebs_encryption_level {target}"),
            ),
            KeyGrade::Unknown(reason) => findings.unknown(arn, region, &reason),
        }
    });
}
