use std::cell::OnceCell;

use crate::analysis::ec2_storage::each_region_volumes_with_snapshots;
use crate::check::declare_check;
use crate::context::{Context, Findings, Unknown, plural};
use crate::settings::Setting;
use crate::views::ec2::{DESCRIBE_INSTANCES, DESCRIBE_VOLUMES, Volume};
use crate::views::ec2_storage::DESCRIBE_SNAPSHOTS;

declare_check! {
    /// Ensures every EBS volume has been backed up: a volume passes when at least one snapshot of
    /// it (matched by the snapshots' `VolumeId`) is completed or pending, and fails when none is.
    /// Snapshots in the error state do not count: they cannot be restored.
    ///
    /// With ignore_spot_instance_volumes=true (the default, as in CloudSploit), a volume without
    /// a snapshot that is attached only to Spot Instances (DescribeInstances,
    /// `InstanceLifecycle` spot) is not judged: Spot capacity is meant to be disposable. Prowler
    /// reports every volume, which this check does with the setting false. Regions without
    /// volumes give no result.
    ///
    /// ## Remediation
    /// Snapshot the volume (`aws ec2 create-snapshot --volume-id`), and cover it with an Amazon
    /// Data Lifecycle Manager policy or an AWS Backup plan so that snapshots keep being taken.
    pub(crate) CHECK {
        id: "ebsBackupEnabled",
        title: "EBS Backup Enabled",
        severity: Medium,
        reads: [DESCRIBE_VOLUMES, DESCRIBE_SNAPSHOTS, DESCRIBE_INSTANCES],
        run,
        settings: [IGNORE_SPOT],
        aliases: [
            ("ec2_ebs_volume_snapshots_exists", Differently("Prowler judges every volume and counts snapshots in any state; stance by default leaves out volumes attached only to Spot Instances, as CloudSploit does, and does not count failed snapshots")),
        ],
    }
}

static IGNORE_SPOT: Setting<bool> =
    Setting::new("ignore_spot_instance_volumes", "true", "Volumes attached only to Spot Instances are not judged.");

fn run(ctx: &Context, findings: &mut Findings) {
    let ignore_spot = *ctx.setting(&IGNORE_SPOT);
    each_region_volumes_with_snapshots(ctx, findings, |region, volumes, by_volume, findings| {
        // Read only for volumes that lack a snapshot and are attached.
        let instances = OnceCell::new();
        for volume in volumes {
            let (id, arn) = (&volume.volume_id, ctx.typed_arn("ec2", region, "volume", &volume.volume_id));
            if let Some(list) = by_volume.get(id.as_str()) {
                let newest = &list[0].snapshot_id;
                let count = plural(i64::try_from(list.len()).unwrap_or(i64::MAX), "snapshot");
                findings.ok(arn, region, format!("EBS volume {id} has {count}, the newest {newest}"));
                continue;
            }
            if ignore_spot && !volume.attachments.is_empty() {
                let instances = instances.get_or_init(|| ctx.read_configured(DESCRIBE_INSTANCES, region));
                match instances {
                    Ok(instances) if only_spot(volume, instances) => continue,
                    Ok(_) => {}
                    Err(reason) => {
                        let reason = format!(
                            "EBS volume {id} has no snapshot, and whether it serves only Spot Instances is unknown: {reason}"
                        );
                        findings.unknown(arn, region, &Unknown::new(reason));
                        continue;
                    }
                }
            }
            findings.fail(arn, region, format!("EBS volume {id} has no snapshot"));
        }
    });
}

/// Whether every instance `volume` is attached to is a Spot Instance.
fn only_spot(volume: &Volume, instances: &crate::views::ec2::DescribeInstances) -> bool {
    let lifecycle = |instance_id: &str| {
        instances
            .reservations
            .iter()
            .flat_map(|reservation| &reservation.instances)
            .find(|instance| instance.instance_id == instance_id)
            .and_then(|instance| instance.instance_lifecycle.as_deref())
    };
    volume.attachments.iter().all(|attachment| {
        attachment.instance_id.as_deref().is_some_and(|instance_id| lifecycle(instance_id) == Some("spot"))
    })
}
