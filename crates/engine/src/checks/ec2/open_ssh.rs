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
        compliance: [Cis1],
        cis_controls: ["5.2", "5.3"],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    ec2::check_world_open_port(ctx, findings, "SSH", 22);
}
