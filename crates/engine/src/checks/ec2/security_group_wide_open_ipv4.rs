use crate::analysis::network::{Family, reach_from};
use crate::check::declare_check;
use crate::context::{Context, Findings, Unknown};
use crate::views::ec2::{self as ec2, DESCRIBE_SECURITY_GROUPS};

declare_check! {
    /// Ensures no security group rule, inbound or outbound, admits a wide public IPv4 range: a CIDR
    /// with a prefix length from /1 to /23 (more than 256 addresses) that holds publicly routable
    /// addresses, whatever its protocol and ports. Such a range (`52.0.0.0/8`, `0.0.0.0/1`) is
    /// usually a typo or a shortcut for "the internet"; the whole internet (0.0.0.0/0) is left to
    /// the open-port checks. A range is public unless it lies wholly inside a block IANA marks as
    /// not globally reachable, so 10.0.0.0/8 and 172.16.0.0/12 pass.
    ///
    /// Prowler judges only groups some network interface uses and reads "public" with Python's
    /// `is_global`; stance judges every group, and counts a range as public when any of its
    /// addresses is.
    ///
    /// ## Remediation
    /// Replace the wide range with the /24 or narrower ranges, or the security groups, the rule is
    /// meant for.
    pub(crate) CHECK {
        id: "securityGroupWideOpenIpv4",
        title: "Security Group Wide Open IPv4",
        severity: High,
        reads: [DESCRIBE_SECURITY_GROUPS],
        run,
        aliases: [
            ("ec2_securitygroup_allow_wide_open_public_ipv4", Differently("Prowler judges only groups attached to a network interface; stance judges every group, and counts a range as public when any of its addresses is")),
        ],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    let wide = |cidr: &crate::analysis::network::Cidr| {
        cidr.family == Family::V4 && (1..24).contains(&cidr.prefix) && cidr.is_public()
    };
    ec2::each_security_group(ctx, findings, |group, arn, region, findings| {
        let label = group.label();
        let inbound = reach_from(&group.ip_permissions, |_| true, wide);
        let outbound = reach_from(&group.ip_permissions_egress, |_| true, wide);
        match (inbound, outbound) {
            (Err(e), _) | (_, Err(e)) => {
                findings.unknown(arn, region, &Unknown::new(format!("Security group {label} cannot be judged: {e}")))
            }
            (Ok(inbound), Ok(outbound)) => {
                let mut found = Vec::new();
                if !inbound.open.is_empty() {
                    found.push(format!("inbound {}", inbound.describe_open()));
                }
                if !outbound.open.is_empty() {
                    found.push(format!("outbound {}", outbound.describe_open_with("to")));
                }
                if found.is_empty() {
                    findings.ok(
                        arn,
                        region,
                        format!("Security group {label} has no rule for a public IPv4 range wider than /24"),
                    );
                } else {
                    findings.fail(
                        arn,
                        region,
                        format!(
                            "Security group {label} has rules for public IPv4 ranges wider than /24: {}",
                            found.join("; ")
                        ),
                    );
                }
            }
        }
    });
}
