use crate::analysis::instances;
use crate::check::declare_check;
use crate::context::{Context, Findings, Unknown};
use crate::views::ec2::DESCRIBE_INSTANCES;

declare_check! {
    /// Ensures instances send detailed (1-minute) metrics to CloudWatch: each instance that is not
    /// terminated passes when its monitoring state is `enabled` and fails otherwise (`disabled`,
    /// or `pending` and `disabling` while a change is applied), so that alarms and scaling see
    /// changes within a minute rather than five. An instance without monitoring data is UNKNOWN.
    ///
    /// ## Remediation
    /// Run `aws ec2 monitor-instances --instance-ids ID`, and turn detailed monitoring on in launch
    /// templates (`Monitoring.Enabled`).
    pub(crate) CHECK {
        id: "enableDetailedMonitoring",
        title: "Instance Detailed Monitoring",
        severity: Low,
        reads: [DESCRIBE_INSTANCES],
        run,
        aliases: [("ec2_instance_detailed_monitoring_enabled", Same)],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    instances::each_instance(ctx, findings, "instances", instances::is_live, |region, instance, findings| {
        let arn = instances::arn(ctx, region, instance);
        let id = &instance.instance_id;
        match instance.monitoring.as_ref().map(|monitoring| monitoring.state.as_str()) {
            Some("enabled") => findings.ok(arn, region, format!("Instance {id} has detailed monitoring enabled")),
            Some(state) => findings.fail(
                arn,
                region,
                format!("Instance {id} does not have detailed monitoring enabled (state {state})"),
            ),
            None => findings.unknown(
                arn,
                region,
                &Unknown::new(format!("Instance {id} cannot be judged: DescribeInstances gives no Monitoring for it")),
            ),
        }
    });
}
