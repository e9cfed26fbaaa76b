use crate::analysis::instances;
use crate::check::declare_check;
use crate::context::{Context, Findings, Unknown, plural};
use crate::settings::Setting;
use crate::views::ec2::{DESCRIBE_INSTANCES, Instance};

static MAX_DAYS: Setting<i64> = Setting::new(
    "max_ec2_instance_age_in_days",
    "180",
    "A running instance launched more than this many days ago fails.",
);

declare_check! {
    /// Ensures running instances are replaced regularly, so that they do not drift from their
    /// image or miss the patches newer images carry: each running instance fails when its
    /// LaunchTime is more than `max_ec2_instance_age_in_days` whole days before the snapshot was
    /// collected, and passes otherwise. Instances in other states are not judged.
    ///
    /// LaunchTime is when the instance last started: a stop and start resets it, so the age is the
    /// time since the last start, not since the instance was created. An instance whose LaunchTime
    /// is missing or not a time is UNKNOWN. Prowler's compliance file maps this check to FSBP
    /// EC2.4, whose control is about stopped instances (oldStoppedInstances); stance does not.
    ///
    /// ## Remediation
    /// Replace the instance with one launched from a current image (or recycle it through its
    /// Auto Scaling group), or raise the threshold for long-lived instances that are patched in
    /// place.
    pub(crate) CHECK {
        id: "oldInstance",
        title: "Instance Older Than Threshold",
        severity: Medium,
        reads: [DESCRIBE_INSTANCES],
        run,
        settings: [MAX_DAYS],
        aliases: [("ec2_instance_older_than_specific_days", Same)],
    }
}

fn is_running(instance: &Instance) -> bool {
    instances::state(instance) == Some("running")
}

fn run(ctx: &Context, findings: &mut Findings) {
    let max = *ctx.setting(&MAX_DAYS);
    instances::each_instance(ctx, findings, "running instances", is_running, |region, instance, findings| {
        let arn = instances::arn(ctx, region, instance);
        let id = &instance.instance_id;
        let Some(launched) = instances::launched_at(instance) else {
            let reason =
                format!("Instance {id} cannot be judged: DescribeInstances gives no readable LaunchTime for it");
            return findings.unknown(arn, region, &Unknown::new(reason));
        };
        let days = ctx.days_since(launched);
        let message =
            format!("Instance {id} was launched {} ago (threshold: {})", plural(days, "day"), plural(max, "day"));
        if days > max {
            findings.fail(arn, region, message);
        } else {
            findings.ok(arn, region, message);
        }
    });
}
