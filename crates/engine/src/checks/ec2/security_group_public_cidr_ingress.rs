use crate::analysis::network::reach_from;
use crate::check::declare_check;
use crate::context::{Context, Findings, Unknown};
use crate::views::ec2::{self as ec2, DESCRIBE_SECURITY_GROUPS};

declare_check! {
    /// Ensures no security group opens every port to a specific public address range: an inbound
    /// rule for all traffic (protocol -1) or every TCP or UDP port (0-65535) from a CIDR that holds
    /// publicly routable addresses but is not the whole internet (0.0.0.0/0 and ::/0 are
    /// openAllPortsProtocols' and openAnyPort's). A range is public unless it lies wholly inside a
    /// block IANA marks as not globally reachable (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16,
    /// 100.64.0.0/10, link-local, documentation, fc00::/7 and the others). Another company's or a
    /// home address given every port is a standing exposure that a narrower port list would avoid.
    ///
    /// Prowler reads "public" with Python's `is_global` on each CIDR; stance counts any range
    /// holding a public address, so a range straddling private and public space (10.0.0.0/7)
    /// counts. Prowler also judges only groups some network interface uses and skips groups its
    /// all-ports check failed; stance judges every group.
    ///
    /// ## Remediation
    /// Narrow the rule to the ports the remote party needs, or reach the group from that party
    /// through a VPN or PrivateLink instead.
    pub(crate) CHECK {
        id: "securityGroupPublicCidrIngress",
        title: "Security Group Public CIDR Ingress",
        severity: Medium,
        reads: [DESCRIBE_SECURITY_GROUPS],
        run,
        aliases: [
            ("ec2_securitygroup_allow_ingress_from_internet_to_any_port_from_ip", Differently("Prowler judges only groups attached to a network interface and skips groups its all-ports check failed; stance judges every group, and counts a range as public when any of its addresses is")),
        ],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    ec2::each_security_group(ctx, findings, |group, arn, region, findings| {
        let label = group.label();
        let public = |cidr: &crate::analysis::network::Cidr| cidr.is_public() && !cidr.is_internet();
        match reach_from(&group.ip_permissions, |traffic| traffic.opens_every_port(), public) {
            Err(e) => {
                findings.unknown(arn, region, &Unknown::new(format!("Security group {label} cannot be judged: {e}")))
            }
            Ok(reach) if reach.open.is_empty() => findings.ok(
                arn,
                region,
                format!("Security group {label} opens every port to no specific public address range"),
            ),
            Ok(reach) => findings.fail(
                arn,
                region,
                format!("Security group {label} opens every port to public address ranges: {}", reach.describe_open()),
            ),
        }
    });
}
