use crate::analysis::instances;
use crate::check::declare_check;
use crate::context::{Context, Findings, Unknown};
use crate::settings::Setting;
use crate::views::ec2::DESCRIBE_INSTANCES;
use crate::views::ec2_instances::{INSTANCE_LIMIT_PERCENTAGE_FAIL, INSTANCE_LIMIT_PERCENTAGE_WARN};

static MAX_INSTANCE_COUNT: Setting<i64> = Setting::new(
    "max_instance_count",
    "100",
    "The number of running instances a region may hold, against which its use is measured.",
);

declare_check! {
    /// Ensures no region is close to its instance limit, so that launches (scaling, recovery) do
    /// not fail: in each region, the running instances are counted against `max_instance_count`,
    /// and the percentage used, rounded up, fails at `instance_limit_percentage_fail` (90) or
    /// more, warns at `instance_limit_percentage_warn` (75) or more, and passes below.
    ///
    /// EC2 limits On-Demand instances by vCPUs per instance family, not by a count AWS reports
    /// here, so the limit is the setting's; instanceVcpusLimit compares vCPUs with the Service
    /// Quotas. A `max_instance_count` below 1 leaves nothing to measure against: UNKNOWN.
    ///
    /// ## Remediation
    /// Terminate instances that are no longer needed, or request a higher On-Demand vCPU quota in
    /// Service Quotas and raise `max_instance_count` to match.
    pub(crate) CHECK {
        id: "instanceLimit",
        title: "Instance Limit",
        severity: Medium,
        reads: [DESCRIBE_INSTANCES],
        run,
        settings: [INSTANCE_LIMIT_PERCENTAGE_FAIL, INSTANCE_LIMIT_PERCENTAGE_WARN, MAX_INSTANCE_COUNT],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    let limit = *ctx.setting(&MAX_INSTANCE_COUNT);
    let fail = *ctx.setting(&INSTANCE_LIMIT_PERCENTAGE_FAIL);
    let warn = *ctx.setting(&INSTANCE_LIMIT_PERCENTAGE_WARN);
    ctx.each_region(DESCRIBE_INSTANCES, findings, |region, data, findings| {
        let resource = ctx.region_arn("ec2", region);
        let running = instances::running(data);
        if limit < 1 {
            let reason = format!("{region} cannot be judged: max_instance_count is {limit}, not a number of instances");
            return findings.unknown(resource, region, &Unknown::new(reason));
        }
        let percentage =
            i64::try_from((i128::from(running) * 100 + i128::from(limit) - 1) / i128::from(limit)).unwrap_or(i64::MAX);
        let message = format!(
            "{running} of {limit} instances ({percentage}%) are running in {region} (warn: {warn}%, fail: {fail}%)"
        );
        if percentage >= fail {
            findings.fail(resource, region, message);
        } else if percentage >= warn {
            findings.warn(resource, region, message);
        } else {
            findings.ok(resource, region, message);
        }
    });
}
