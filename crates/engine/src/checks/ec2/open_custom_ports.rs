use super::open_ports::{CHECK_NETWORK_INTERFACE, Direction, Gating, SKIP_UNUSED_GROUPS, judge_groups};
use crate::analysis::network::{ProtocolPortList, reaches_any};
use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::settings::Setting;
use crate::views::ec2::{DESCRIBE_NETWORK_INTERFACES, DESCRIBE_SECURITY_GROUPS};

declare_check! {
    /// Ensures no security group lets the internet (0.0.0.0/0 or ::/0) reach the ports listed in
    /// restricted_open_ports (`tcp:80,udp:53,tcp:8000-8080`, CloudSploit's format). The list is
    /// empty by default, and then the check reports nothing. A rule counts as in the per-port
    /// checks (openSSH and the others): the port's protocol with a range overlapping the listed
    /// port or range, or all traffic (protocol -1), which AWS applies to every port. CloudSploit
    /// passes all-traffic rules, and on IPv6 (::/0) never matches a listed range (it reads
    /// `80-443` as a number): stance counts both, since AWS lets that traffic in.
    ///
    /// Every group is judged and the message says how many network interfaces use it;
    /// check_network_interface and ec2_skip_unused_groups work as for the per-port checks (an
    /// open group whose interfaces have no public address passes; an unused open group warns).
    ///
    /// ## Remediation
    /// Remove the inbound rules that open the listed ports to 0.0.0.0/0 or ::/0, or narrow their
    /// sources to the address ranges or security groups that need them.
    pub(crate) CHECK {
        id: "openCustomPorts",
        title: "Open Custom Ports",
        severity: High,
        reads: [DESCRIBE_SECURITY_GROUPS, DESCRIBE_NETWORK_INTERFACES],
        run,
        settings: [RESTRICTED_OPEN_PORTS, CHECK_NETWORK_INTERFACE, SKIP_UNUSED_GROUPS],
    }
}

static RESTRICTED_OPEN_PORTS: Setting<ProtocolPortList> = Setting::new(
    "restricted_open_ports",
    "",
    "Ports no security group may open to the internet, as protocol:port or protocol:from-to (tcp:80,udp:53,tcp:8000-8080); empty turns openCustomPorts off.",
);

fn run(ctx: &Context, findings: &mut Findings) {
    let listed = ctx.setting(&RESTRICTED_OPEN_PORTS);
    if listed.is_empty() {
        return;
    }
    let what = format!("restricted ports ({})", listed.describe());
    judge_groups(ctx, findings, &what, Direction::Inbound, Gating::of(ctx), |traffic| {
        reaches_any(traffic, listed.ports())
    });
}
