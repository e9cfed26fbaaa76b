use crate::check::declare_check;
use crate::context::{Context, Findings, plural};
use crate::views::ec2::{DESCRIBE_SECURITY_GROUPS, IpPermission, security_group_arn};

declare_check! {
    /// Ensures the default security group of every VPC has no inbound or outbound rules. Resources
    /// launched without an explicit group land in it, and should not silently get network access.
    ///
    /// ## Remediation
    /// Move resources to purpose-built security groups, then delete every inbound and outbound rule
    /// of each VPC's default security group.
    pub(crate) CHECK {
        id: "defaultSecurityGroup",
        title: "Default Security Group",
        severity: Medium,
        reads: [DESCRIBE_SECURITY_GROUPS],
        run,
        aliases: [
            ("ec2_securitygroup_default_restrict_traffic", Differently("Prowler judges only default groups attached to a network interface (unless --scan-unused-services); stance judges every VPC's default group, since anything launched without a group lands in it")),
        ],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    ctx.each_region(DESCRIBE_SECURITY_GROUPS, findings, |region, data, findings| {
        let mut defaults = data.security_groups.iter().filter(|group| group.group_name == "default").peekable();
        if defaults.peek().is_none() {
            return findings.ok(
                ctx.region_arn("ec2", region),
                region,
                format!("No default security groups in {region}"),
            );
        }
        for group in defaults {
            let name = match &group.vpc_id {
                Some(vpc) => format!("Default security group {} of {vpc}", group.group_id),
                None => format!("Default security group {}", group.group_id),
            };
            let inbound = rules(&group.ip_permissions);
            let outbound = rules(&group.ip_permissions_egress);
            let arn = security_group_arn(ctx, region, group);
            if inbound == 0 && outbound == 0 {
                findings.ok(arn, region, format!("{name} has no rules"));
            } else {
                findings.fail(
                    arn,
                    region,
                    format!("{name} has {} and {}", plural(inbound, "inbound rule"), plural(outbound, "outbound rule")),
                );
            }
        }
    });
}

fn rules(permissions: &[IpPermission]) -> i64 {
    permissions.iter().map(IpPermission::rule_count).sum::<usize>() as i64
}
