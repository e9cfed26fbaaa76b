use crate::analysis::instances;
use crate::check::declare_check;
use crate::context::{Context, Findings, Unknown, plural};
use crate::settings::Setting;
use crate::views::ec2::{DESCRIBE_INSTANCES, Instance};

static MAX_DAYS: Setting<i64> =
    Setting::new("max_ec2_instance_stopped_days", "30", "An instance stopped more than this many days ago fails.");

declare_check! {
    /// Ensures stopped instances are not left for long: each stopped instance fails when the stop
    /// time in its StateTransitionReason (`User initiated (2026-01-01 12:00:00 GMT)`) is more than
    /// `max_ec2_instance_stopped_days` whole days before the snapshot was collected, and passes
    /// otherwise. A stopped instance keeps its volumes, and missing patches and old credentials
    /// come back with it when it is started. Instances in other states are not judged.
    ///
    /// A stopped instance whose StateTransitionReason holds no time is UNKNOWN. This is the
    /// control FSBP EC2.4 describes (stopped instances removed after 30 days), which Prowler's
    /// compliance file maps to the age of running instances instead.
    ///
    /// ## Remediation
    /// Terminate instances that are no longer needed (snapshot their volumes or create an AMI
    /// first if their data must be kept), or start and patch those still in use.
    pub(crate) CHECK {
        id: "oldStoppedInstances",
        title: "Instance Stopped Longer Than Threshold",
        severity: Low,
        reads: [DESCRIBE_INSTANCES],
        run,
        settings: [MAX_DAYS],
        aliases: [("ec2_instance_stopped_older_than_specific_days", Same)],
    }
}

fn is_stopped(instance: &Instance) -> bool {
    instances::state(instance) == Some("stopped")
}

fn run(ctx: &Context, findings: &mut Findings) {
    let max = *ctx.setting(&MAX_DAYS);
    instances::each_instance(ctx, findings, "stopped instances", is_stopped, |region, instance, findings| {
        let arn = instances::arn(ctx, region, instance);
        let id = &instance.instance_id;
        let Some(stopped) = instance.state_transition_reason.as_deref().and_then(instances::stopped_at) else {
            let reason = format!("Instance {id} cannot be judged: its StateTransitionReason gives no stop time");
            return findings.unknown(arn, region, &Unknown::new(reason));
        };
        let days = ctx.days_since(stopped);
        let message =
            format!("Instance {id} was stopped {} ago (threshold: {})", plural(days, "day"), plural(max, "day"));
        if days > max {
            findings.fail(arn, region, message);
        } else {
            findings.ok(arn, region, message);
        }
    });
}
