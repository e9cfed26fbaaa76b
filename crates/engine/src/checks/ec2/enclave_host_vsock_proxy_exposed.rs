use super::enclave_host_open_ports::judge_enclave_hosts;
use crate::analysis::network::{ProtocolPortList, reaches_any};
use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::settings::{PortList, Setting};
use crate::views::ec2::{DESCRIBE_INSTANCES, DESCRIBE_SECURITY_GROUPS};

declare_check! {
    /// Ensures no instance enabled for AWS Nitro Enclaves lets public addresses reach the TCP ports
    /// its vsock proxy commonly listens on, enclave_vsock_ports (5000, 8000-8090 and 9000 by
    /// default): the proxy forwards that traffic into the enclave, so it should be reached only
    /// from the host or private ranges. A rule counts when its TCP ports overlap the list or it
    /// allows all traffic (protocol -1), from a CIDR holding publicly routable addresses
    /// (0.0.0.0/0, ::/0, or any range not wholly inside the blocks IANA marks as not globally
    /// reachable). The ports are a heuristic: the proxy's port is whatever the host configures.
    /// Terminated and shutting-down instances are not judged; Prowler also skips pending ones.
    ///
    /// ## Remediation
    /// Remove the public sources from the rules covering the proxy's ports, and keep the proxy
    /// bound to the host's loopback or private address.
    pub(crate) CHECK {
        id: "enclaveHostVsockProxyExposed",
        title: "Enclave Host Vsock Proxy Exposed",
        severity: Medium,
        reads: [DESCRIBE_INSTANCES, DESCRIBE_SECURITY_GROUPS],
        run,
        settings: [VSOCK_PORTS],
        aliases: [
            ("ec2_confidential_workload_host_vsock_proxy_exposed", Differently("Prowler skips pending instances; stance judges them, since they start with the same groups")),
        ],
    }
}

static VSOCK_PORTS: Setting<PortList> = Setting::new(
    "enclave_vsock_ports",
    "5000,8000-8090,9000",
    "TCP ports an enclave host's vsock proxy may listen on, which its security groups must not open to public addresses.",
);

fn run(ctx: &Context, findings: &mut Findings) {
    let ports = ProtocolPortList::tcp(ctx.setting(&VSOCK_PORTS).ranges());
    let what = format!("vsock proxy ports ({})", ports.describe());
    judge_enclave_hosts(ctx, findings, &what, |traffic| reaches_any(traffic, ports.ports()));
}
