use crate::analysis::ec2_storage::each_region_volumes_with_snapshots;
use crate::check::declare_check;
use crate::context::{Context, Findings, Unknown, plural};
use crate::settings::Setting;
use crate::views::ec2::DESCRIBE_VOLUMES;
use crate::views::ec2_storage::DESCRIBE_SNAPSHOTS;

declare_check! {
    /// Ensures every EBS volume has a recent snapshot to restore from: a volume passes when its
    /// newest snapshot (completed, or pending while EBS copies it) was started at most
    /// ebs_recent_snapshot_days days (default 7) before the account was collected, and fails when
    /// it is older or the volume has no snapshot. Snapshots in the error state do not count.
    ///
    /// CloudSploit describes this check as being about volumes, but its code fails every snapshot
    /// older than the limit, so an account that keeps 30 days of daily snapshots fails 23 of them
    /// every day although each volume has one from yesterday. stance judges what the check says
    /// it ensures, each volume by its newest snapshot (matched by the snapshots' `VolumeId`);
    /// snapshot age itself is ebsOldSnapshots' concern. Regions without volumes give no result.
    ///
    /// ## Remediation
    /// Schedule snapshots of every volume that holds data worth keeping, with an Amazon Data
    /// Lifecycle Manager policy or an AWS Backup plan that runs at least as often as the setting
    /// requires.
    pub(crate) CHECK {
        id: "ebsRecentSnapshots",
        title: "EBS Recent Snapshots",
        severity: Medium,
        reads: [DESCRIBE_VOLUMES, DESCRIBE_SNAPSHOTS],
        run,
        settings: [RECENT_DAYS],
    }
}

static RECENT_DAYS: Setting<i64> = Setting::new(
    "ebs_recent_snapshot_days",
    "7",
    "An EBS volume whose newest snapshot is older than this many days fails.",
);

fn run(ctx: &Context, findings: &mut Findings) {
    let recent = *ctx.setting(&RECENT_DAYS);
    each_region_volumes_with_snapshots(ctx, findings, |region, volumes, by_volume, findings| {
        for volume in volumes {
            let (id, arn) = (&volume.volume_id, ctx.typed_arn("ec2", region, "volume", &volume.volume_id));
            let Some(newest) = by_volume.get(id.as_str()).and_then(|list| list.first()) else {
                findings.fail(
                    arn,
                    region,
                    format!("EBS volume {id} has no snapshot (wanted one within {recent} days)"),
                );
                continue;
            };
            let Some(started) = newest.start_time else {
                let reason = format!("EBS snapshot {} of volume {id} has no StartTime", newest.snapshot_id);
                findings.unknown(arn, region, &Unknown::new(reason));
                continue;
            };
            let days = ctx.days_since(started);
            let message =
                format!("EBS volume {id}'s newest snapshot, {}, is {} old", newest.snapshot_id, plural(days, "day"));
            if days > recent {
                findings.fail(arn, region, format!("{message} (more than {recent} days)"));
            } else {
                findings.ok(arn, region, format!("{message} (at most {recent} days)"));
            }
        }
    });
}
