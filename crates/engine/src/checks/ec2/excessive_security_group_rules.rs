use crate::check::declare_check;
use crate::context::{Context, Findings, plural};
use crate::settings::Setting;
use crate::views::ec2::{self as ec2, DESCRIBE_SECURITY_GROUPS, IpPermission};

declare_check! {
    /// Ensures no security group has more than max_security_group_rules (50) inbound or outbound
    /// rules: a group that large is hard to review and near AWS's quota (60 rules per direction by
    /// default). Rules are counted as AWS counts them against that quota: one per source (each
    /// IPv4 or IPv6 CIDR, prefix list and referenced group) of each permission. Prowler counts
    /// permission entries instead, one entry holding any number of sources, so a group of one
    /// entry with 80 CIDRs passes there and fails here.
    ///
    /// ## Remediation
    /// Split the group by purpose, reference other security groups instead of listing their
    /// members' addresses, or gather the CIDRs into a managed prefix list.
    pub(crate) CHECK {
        id: "excessiveSecurityGroupRules",
        title: "Excessive Security Group Rules",
        severity: Medium,
        reads: [DESCRIBE_SECURITY_GROUPS],
        run,
        settings: [MAX_RULES],
        aliases: [
            ("ec2_securitygroup_with_many_ingress_egress_rules", Differently("Prowler counts permission entries, each of which may hold many sources; stance counts one rule per source, as AWS's rules-per-group quota does")),
        ],
    }
}

static MAX_RULES: Setting<i64> = Setting::new(
    "max_security_group_rules",
    "50",
    "Fail a security group with more inbound, or more outbound, rules than this (one rule per source).",
);

fn count(permissions: &[IpPermission]) -> i64 {
    permissions.iter().map(IpPermission::rule_count).sum::<usize>() as i64
}

fn run(ctx: &Context, findings: &mut Findings) {
    let max = *ctx.setting(&MAX_RULES);
    ec2::each_security_group(ctx, findings, |group, arn, region, findings| {
        let (inbound, outbound) = (count(&group.ip_permissions), count(&group.ip_permissions_egress));
        let message = format!(
            "Security group {} has {} and {}",
            group.label(),
            plural(inbound, "inbound rule"),
            plural(outbound, "outbound rule")
        );
        if inbound > max || outbound > max {
            findings.fail(arn, region, format!("{message}, more than {max} in one direction"));
        } else {
            findings.ok(arn, region, format!("{message}, no more than {max} in either direction"));
        }
    });
}
