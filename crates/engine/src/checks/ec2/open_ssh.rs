use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::views::ec2::{self, DESCRIBE_SECURITY_GROUPS};

declare_check! {
    /// Ensures no security group lets the whole internet (0.0.0.0/0 or ::/0) reach TCP port 22. SSH
    /// exposed to everyone invites brute-force attempts and exploitation of the SSH server.
    ///
    /// ## Remediation
    /// Restrict the inbound rules covering port 22 to known address ranges, or replace direct SSH
    /// with Session Manager or a bastion reachable only through a VPN.
    pub(crate) CHECK {
        id: "openSSH",
        title: "Open SSH",
        severity: High,
        reads: [DESCRIBE_SECURITY_GROUPS],
        run,
        aliases: [
            ("ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_22", Differently("Prowler judges only groups attached to a network interface (unless --scan-unused-services) and passes a group its all-ports check failed; stance fails every group whose rules open TCP 22 to the internet, all-traffic (-1) rules and port ranges included")),
        ],
        compliance: [Cis1],
        cis: ["6.3", "6.4"],
        pci4: ["1.2.8", "1.3.1", "1.3.2"],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    ec2::check_world_open_port(ctx, findings, "SSH", 22);
}
