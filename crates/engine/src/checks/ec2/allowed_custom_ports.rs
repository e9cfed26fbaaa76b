use super::open_ports::{Direction, Gating, judge_groups};
use crate::analysis::network::ProtocolPortList;
use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::settings::Setting;
use crate::views::ec2::{DESCRIBE_NETWORK_INTERFACES, DESCRIBE_SECURITY_GROUPS};

declare_check! {
    /// Ensures security groups let the internet (0.0.0.0/0 or ::/0) reach only the ports listed in
    /// whitelisted_open_ports (`tcp:80,tcp:443,tcp:8000-8080`, CloudSploit's format). A group
    /// fails when an inbound rule from the internet lets through anything the list does not
    /// cover: a TCP or UDP port range not wholly inside the list's entries of that protocol, all
    /// traffic (protocol -1), or a protocol without ports (ICMP, ESP), which a port list cannot
    /// allow. The list is empty by default, and then the check reports nothing.
    ///
    /// CloudSploit passes all-traffic rules, since they carry no ports to compare, though AWS
    /// applies them to every port: stance fails them. FSBP's EC2.18 works the same way with its
    /// own list (authorizedTcpPorts, 80 and 443 by default); set whitelisted_open_ports to
    /// `tcp:80,tcp:443` to follow it. Every group is judged, and the message says how many network
    /// interfaces use it.
    ///
    /// ## Remediation
    /// Remove the inbound rules that open other ports to 0.0.0.0/0 or ::/0, narrow their sources,
    /// or add the ports the workload must serve publicly to whitelisted_open_ports.
    pub(crate) CHECK {
        id: "allowedCustomPorts",
        title: "Allowed Custom Ports",
        severity: High,
        reads: [DESCRIBE_SECURITY_GROUPS, DESCRIBE_NETWORK_INTERFACES],
        run,
        settings: [WHITELISTED_OPEN_PORTS],
    }
}

static WHITELISTED_OPEN_PORTS: Setting<ProtocolPortList> = Setting::new(
    "whitelisted_open_ports",
    "",
    "The only ports security groups may open to the internet, as protocol:port or protocol:from-to (tcp:80,tcp:443); empty turns allowedCustomPorts off.",
);

fn run(ctx: &Context, findings: &mut Findings) {
    let allowed = ctx.setting(&WHITELISTED_OPEN_PORTS);
    if allowed.is_empty() {
        return;
    }
    let what = format!("traffic other than the allowed ports ({})", allowed.describe());
    judge_groups(ctx, findings, &what, Direction::Inbound, Gating::default(), |traffic| !allowed.covers(traffic));
}
