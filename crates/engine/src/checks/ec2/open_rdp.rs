use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::views::ec2::{self, DESCRIBE_SECURITY_GROUPS};

declare_check! {
    /// Ensures no security group lets the whole internet (0.0.0.0/0 or ::/0) reach TCP port 3389.
    /// Remote Desktop exposed to everyone is a common target for password spraying and exploits.
    ///
    /// ## Remediation
    /// Restrict the inbound rules covering port 3389 to known address ranges, or reach Windows
    /// hosts through Fleet Manager, a VPN or a bastion instead.
    pub(crate) CHECK {
        id: "openRDP",
        title: "Open RDP",
        severity: High,
        reads: [DESCRIBE_SECURITY_GROUPS],
        run,
        aliases: [
            ("ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_3389", Differently("Prowler judges only groups attached to a network interface (unless --scan-unused-services) and passes a group its all-ports check failed; stance fails every group whose rules open TCP 3389 to the internet, all-traffic (-1) rules and port ranges included")),
        ],
        compliance: [Cis1],
        cis: ["6.3", "6.4"],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    ec2::check_world_open_port(ctx, findings, "RDP", 3389);
}
