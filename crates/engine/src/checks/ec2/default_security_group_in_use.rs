use crate::check::declare_check;
use crate::context::{Context, Findings, Unknown};
use crate::views::ec2::DESCRIBE_INSTANCES;
use crate::views::ec2_network::live_instances;

declare_check! {
    /// Ensures no instance uses its VPC's default security group (the group named `default`), whose
    /// rules every resource launched without a group shares, so that each workload gets a group
    /// with only the access it needs. Every security group of the instance's network interfaces
    /// counts. Terminated and shutting-down instances are not judged.
    ///
    /// ## Remediation
    /// Attach a purpose-built group to the instance's network interfaces and remove the default
    /// group from them.
    pub(crate) CHECK {
        id: "defaultSecurityGroupInUse",
        title: "Default Security Group In Use",
        severity: Medium,
        reads: [DESCRIBE_INSTANCES],
        run,
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    ctx.each_region(DESCRIBE_INSTANCES, findings, |region, data, findings| {
        let mut any = false;
        for instance in live_instances(data) {
            any = true;
            let arn = ctx.typed_arn("ec2", region, "instance", &instance.instance_id);
            let id = &instance.instance_id;
            let unnamed: Vec<&str> = instance
                .security_groups
                .iter()
                .filter(|group| group.group_name.is_none())
                .map(|group| group.group_id.as_str())
                .collect();
            let default = instance.security_groups.iter().find(|group| group.group_name.as_deref() == Some("default"));
            match default {
                Some(group) => findings.fail(
                    arn,
                    region,
                    format!("Instance {id} uses the default security group ({})", group.group_id),
                ),
                None if !unnamed.is_empty() => findings.unknown(
                    arn,
                    region,
                    &Unknown::new(format!("Instance {id} lists security groups without names: {}", unnamed.join(", "))),
                ),
                None => findings.ok(arn, region, format!("Instance {id} does not use a default security group")),
            }
        }
        if !any {
            findings.ok(ctx.region_arn("ec2", region), region, format!("No instances in {region}"));
        }
    });
}
