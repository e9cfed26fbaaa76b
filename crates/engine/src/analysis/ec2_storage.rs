//! What EBS, snapshot and Elastic IP data mean for the storage checks: how strong a KMS key's
//! protection is against the `ebs_encryption_level` users ask for, which snapshots back up which
//! volume, and how much of an Elastic IP limit a region uses.

use std::collections::HashMap;

use crate::context::{Context, Findings, Unknown};
use crate::settings::Setting;
use crate::views::ec2::{DESCRIBE_VOLUMES, Volume};
use crate::views::ec2_storage::{
    DESCRIBE_ACCOUNT_ATTRIBUTES, DESCRIBE_ADDRESSES, DESCRIBE_SNAPSHOTS, DescribeSnapshots, Snapshot,
};

/// The protection levels keys are graded on, shared by every service: EBS encrypts only with
/// KMS keys, so an encrypted volume or snapshot is at least [`EncryptionLevel::AwsKms`].
pub use super::kms_keys::EncryptionLevel;

pub static EBS_ENCRYPTION_LEVEL: Setting<EncryptionLevel> = Setting::new(
    "ebs_encryption_level",
    "awskms",
    "The weakest key EBS may encrypt with: awskms (any KMS key, AWS managed included), awscmk (a customer managed key), externalcmk (imported key material) or cloudhsm (a CloudHSM key store); none and sse accept any encryption.",
);

/// How a KMS key measures up to the level asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyGrade {
    /// The key meets the level (any KMS key meets awskms and below).
    Meets,
    /// The key is known to be of a weaker level.
    Below(EncryptionLevel),
    /// Telling needs the key's details (KMS DescribeKey: its manager, origin and key store),
    /// which the snapshot does not hold.
    Unknown(Unknown),
}

/// The AWS managed EBS key, as `GetEbsDefaultKmsKeyId` names it when no other key was chosen.
fn is_aws_managed_ebs_key(key: &str) -> bool {
    key == "alias/aws/ebs" || (key.starts_with("arn:") && key.ends_with(":alias/aws/ebs"))
}

/// Grades `key` (an id, ARN or alias; `None` when the data names none) against `target`.
pub fn grade_key(key: Option<&str>, target: EncryptionLevel) -> KeyGrade {
    if target <= EncryptionLevel::AwsKms {
        return KeyGrade::Meets;
    }
    match key {
        Some(key) if is_aws_managed_ebs_key(key) => KeyGrade::Below(EncryptionLevel::AwsKms),
        Some(key) => KeyGrade::Unknown(Unknown::new(format!(
            "Telling whether KMS key {key} meets ebs_encryption_level {target} needs KMS DescribeKey, which is not collected"
        ))),
        None => KeyGrade::Unknown(Unknown::new(format!(
            "The data names no KMS key to grade against ebs_encryption_level {target}"
        ))),
    }
}

/// A region's snapshots by the volume they were taken from, each volume's newest first; only
/// snapshots that are or will be restorable ([`Snapshot::is_usable`]) count.
pub fn snapshots_by_volume(snapshots: &DescribeSnapshots) -> HashMap<&str, Vec<&Snapshot>> {
    let mut by_volume: HashMap<&str, Vec<&Snapshot>> = HashMap::new();
    for snapshot in snapshots.snapshots.iter().filter(|snapshot| snapshot.is_usable()) {
        if let Some(volume) = snapshot.volume_id.as_deref() {
            by_volume.entry(volume).or_default().push(snapshot);
        }
    }
    for list in by_volume.values_mut() {
        // Newest first; a snapshot without a start time sorts last.
        list.sort_by_key(|snapshot| std::cmp::Reverse(snapshot.start_time));
    }
    by_volume
}

/// Runs `judge` on each region's volumes with the region's snapshots by volume
/// ([`snapshots_by_volume`]). A region without volumes gives no result; one whose volumes or
/// snapshots are missing or failed is UNKNOWN.
pub fn each_region_volumes_with_snapshots(
    ctx: &Context,
    findings: &mut Findings,
    mut judge: impl FnMut(&str, &[Volume], &HashMap<&str, Vec<&Snapshot>>, &mut Findings),
) {
    ctx.each_region(DESCRIBE_VOLUMES, findings, |region, volumes, findings| {
        if volumes.volumes.is_empty() {
            return;
        }
        match ctx.read_configured(DESCRIBE_SNAPSHOTS, region) {
            Ok(snapshots) => judge(region, &volumes.volumes, &snapshots_by_volume(&snapshots), findings),
            Err(reason) => findings.unknown(ctx.region_arn("ec2", region), region, &reason),
        }
    });
}

/// The Elastic IP limit a region's usage is measured against.
pub struct AddressLimit {
    /// The `DescribeAccountAttributes` attribute holding the limit.
    pub attribute: &'static str,
    /// Which addresses count, by their `Domain`.
    pub counts: fn(Option<&str>) -> bool,
    /// What the counted addresses are called in messages.
    pub noun: &'static str,
    pub fail_percent: &'static Setting<i64>,
    pub warn_percent: &'static Setting<i64>,
}

/// Per region, the share of `limit` that the region's addresses use: FAIL at or above the fail
/// percentage, WARN at or above the warn percentage, OK below.
pub fn judge_address_limit(ctx: &Context, findings: &mut Findings, limit: &AddressLimit) {
    let (fail, warn) = (*ctx.setting(limit.fail_percent), *ctx.setting(limit.warn_percent));
    for region in ctx.regions() {
        let arn = ctx.region_arn("ec2", region);
        let judged = ctx.read_configured(DESCRIBE_ACCOUNT_ATTRIBUTES, region).and_then(|attributes| {
            let text = attributes.value(limit.attribute).ok_or_else(|| {
                Unknown::new(format!(
                    "EC2 DescribeAccountAttributes holds no single {} value in {region}",
                    limit.attribute
                ))
            })?;
            let maximum = text.parse::<i64>().map_err(|_| {
                Unknown::new(format!(
                    "EC2 DescribeAccountAttributes gives {} as {text:?}, not a number",
                    limit.attribute
                ))
            })?;
            let addresses = ctx.read_configured(DESCRIBE_ADDRESSES, region)?;
            let used = addresses.addresses.iter().filter(|address| (limit.counts)(address.domain.as_deref())).count();
            Ok((i64::try_from(used).unwrap_or(i64::MAX), maximum))
        });
        let (used, maximum) = match judged {
            Ok(usage) => usage,
            Err(reason) => {
                findings.unknown(arn, region, &reason);
                continue;
            }
        };
        let percent = if maximum > 0 { used.saturating_mul(100) / maximum } else { i64::from(used > 0) * 100 };
        let message = format!(
            "{region} uses {used} of its {maximum} {} ({percent}%; warn at {warn}%, fail at {fail}%)",
            limit.noun
        );
        if percent >= fail {
            findings.fail(arn, region, message);
        } else if percent >= warn {
            findings.warn(arn, region, message);
        } else {
            findings.ok(arn, region, message);
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn any_key_meets_awskms_and_only_the_aws_managed_key_is_known_to_be_below_more() {
        let key = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        assert_eq!(grade_key(Some(key), EncryptionLevel::AwsKms), KeyGrade::Meets);
        assert_eq!(grade_key(None, EncryptionLevel::Sse), KeyGrade::Meets);
        assert_eq!(grade_key(Some("alias/aws/ebs"), EncryptionLevel::AwsCmk), KeyGrade::Below(EncryptionLevel::AwsKms));
        assert_eq!(
            grade_key(Some("arn:aws:kms:us-east-1:123456789012:alias/aws/ebs"), EncryptionLevel::CloudHsm),
            KeyGrade::Below(EncryptionLevel::AwsKms)
        );
        assert!(matches!(grade_key(Some(key), EncryptionLevel::AwsCmk), KeyGrade::Unknown(_)));
        assert!(matches!(grade_key(Some("alias/aws/ebs-copy"), EncryptionLevel::AwsCmk), KeyGrade::Unknown(_)));
        assert!(matches!(grade_key(None, EncryptionLevel::AwsCmk), KeyGrade::Unknown(_)));
    }

    #[test]
    fn snapshots_group_by_volume_newest_first_without_failed_ones() {
        let snapshots: DescribeSnapshots = serde_json::from_value(json!({"Snapshots": [
            {"SnapshotId": "snap-old", "VolumeId": "vol-1", "Encrypted": true, "State": "completed", "StartTime": "2026-01-01T00:00:00Z"},
            {"SnapshotId": "snap-new", "VolumeId": "vol-1", "Encrypted": true, "State": "pending", "StartTime": "2026-03-01T00:00:00Z"},
            {"SnapshotId": "snap-error", "VolumeId": "vol-1", "Encrypted": true, "State": "error", "StartTime": "2026-04-01T00:00:00Z"},
            {"SnapshotId": "snap-2", "VolumeId": "vol-2", "Encrypted": false, "State": "error"},
            {"SnapshotId": "snap-copy", "Encrypted": false, "State": "completed"}
        ]}))
        .unwrap();
        let by_volume = snapshots_by_volume(&snapshots);
        let ids: Vec<&str> = by_volume["vol-1"].iter().map(|snapshot| snapshot.snapshot_id.as_str()).collect();
        assert_eq!(ids, ["snap-new", "snap-old"]);
        assert!(!by_volume.contains_key("vol-2"), "a failed snapshot backs up nothing");
        assert_eq!(by_volume.len(), 1);
    }
}
