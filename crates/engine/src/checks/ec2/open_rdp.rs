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
        compliance: [Cis1],
        cis_controls: ["5.2", "5.3"],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    ec2::check_world_open_port(ctx, findings, "RDP", 3389);
}
