use super::open_ports::{Direction, Gating, SKIP_UNUSED_GROUPS, judge_groups};
use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::views::ec2::{DESCRIBE_NETWORK_INTERFACES, DESCRIBE_SECURITY_GROUPS};

declare_check! {
    /// Ensures no security group lets every port out to the internet: an outbound rule to
    /// 0.0.0.0/0 or ::/0 for all traffic (protocol -1), or for every TCP or UDP port (0-65535).
    /// AWS gives every new group an outbound rule for all traffic to 0.0.0.0/0, so a group whose
    /// egress was never narrowed fails. CloudSploit passes a TCP or UDP rule for ports 0 to
    /// 65535, because its ports are set; stance fails it, since it lets every port of that
    /// protocol out, as openAllPortsProtocols counts it inbound.
    ///
    /// Every group is judged and the message says how many network interfaces use it; with
    /// ec2_skip_unused_groups=true an unused group warns. check_network_interface is not
    /// honoured here: an interface without a public address still reaches the internet through a
    /// NAT gateway, so it does not make outbound rules safe.
    ///
    /// ## Remediation
    /// Replace the allow-all outbound rule with rules for the destinations and ports the workload
    /// needs, for instance HTTPS to the internet and its databases' ports to their groups.
    pub(crate) CHECK {
        id: "openAllPortsProtocolsEgress",
        title: "Open All Ports Protocols Egress",
        severity: High,
        reads: [DESCRIBE_SECURITY_GROUPS, DESCRIBE_NETWORK_INTERFACES],
        run,
        settings: [SKIP_UNUSED_GROUPS],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    judge_groups(ctx, findings, "every port", Direction::Outbound, Gating::skip_unused_only(ctx), |traffic| {
        traffic.opens_every_port()
    });
}
