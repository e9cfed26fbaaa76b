use crate::check::declare_check;
use crate::context::{Context, Findings, Unknown, plural};
use crate::settings::Setting;
use crate::views::ec2_storage::{DESCRIBE_SNAPSHOTS, snapshot_arn};

declare_check! {
    /// Ensures EBS snapshots do not pile up past their use: a snapshot the account owns fails
    /// when it was started more than ebs_snapshot_life days (default 30) before the snapshot of
    /// the account was collected, and passes otherwise. Old snapshots cost money and keep data
    /// that retention rules may require to be gone.
    ///
    /// Ages are measured against the collection time, not the time of evaluation, so evaluating
    /// a snapshot again gives the same results. CloudSploit also declares ebs_result_limit, which
    /// its code never reads; stance has no such setting.
    ///
    /// ## Remediation
    /// Delete snapshots that are no longer needed, and let Amazon Data Lifecycle Manager or AWS
    /// Backup expire snapshots on a retention schedule.
    pub(crate) CHECK {
        id: "ebsOldSnapshots",
        title: "Amazon EBS Old Snapshots",
        severity: Low,
        reads: [DESCRIBE_SNAPSHOTS],
        run,
        settings: [LIFE_DAYS],
    }
}

static LIFE_DAYS: Setting<i64> =
    Setting::new("ebs_snapshot_life", "30", "An EBS snapshot older than this many days fails.");

fn run(ctx: &Context, findings: &mut Findings) {
    let life = *ctx.setting(&LIFE_DAYS);
    ctx.each_region(DESCRIBE_SNAPSHOTS, findings, |region, data, findings| {
        if data.snapshots.is_empty() {
            return findings.ok(ctx.region_arn("ec2", region), region, format!("No EBS snapshots in {region}"));
        }
        for snapshot in &data.snapshots {
            let (id, arn) = (&snapshot.snapshot_id, snapshot_arn(ctx, region, &snapshot.snapshot_id));
            let Some(started) = snapshot.start_time else {
                findings.unknown(arn, region, &Unknown::new(format!("EBS snapshot {id} has no StartTime")));
                continue;
            };
            let age = plural(ctx.days_since(started), "day");
            if ctx.days_since(started) > life {
                findings.fail(arn, region, format!("EBS snapshot {id} is {age} old (more than {life} days)"));
            } else {
                findings.ok(arn, region, format!("EBS snapshot {id} is {age} old (at most {life} days)"));
            }
        }
    });
}
