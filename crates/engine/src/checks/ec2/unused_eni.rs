use crate::check::declare_check;
use crate::context::{Context, Findings, Unknown};
use crate::views::ec2::DESCRIBE_NETWORK_INTERFACES;

declare_check! {
    /// Ensures no network interface sits unattached: one whose status is `available` is attached to
    /// nothing, yet keeps its addresses (an Elastic IP included) and its security groups, and fails.
    /// Interfaces `in-use`, `associated` (a trunk's branch interface), `attaching` or `detaching`
    /// pass. CloudSploit passes only `in-use`, so it also fails branch interfaces, which are in use.
    ///
    /// ## Remediation
    /// Delete the network interfaces nothing uses, after releasing or moving their Elastic IPs.
    pub(crate) CHECK {
        id: "unusedEni",
        title: "Unused Elastic Network Interfaces",
        severity: Low,
        reads: [DESCRIBE_NETWORK_INTERFACES],
        run,
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    ctx.each_region(DESCRIBE_NETWORK_INTERFACES, findings, |region, data, findings| {
        if data.network_interfaces.is_empty() {
            return findings.ok(ctx.region_arn("ec2", region), region, format!("No network interfaces in {region}"));
        }
        for interface in &data.network_interfaces {
            let id = &interface.network_interface_id;
            let arn = ctx.typed_arn("ec2", region, "network-interface", id);
            match interface.status.as_deref() {
                Some("available") => {
                    findings.fail(arn, region, format!("Network interface {id} is attached to nothing"))
                }
                Some(status @ ("in-use" | "associated" | "attaching" | "detaching")) => {
                    findings.ok(arn, region, format!("Network interface {id} is {status}"))
                }
                Some(other) => findings.unknown(
                    arn,
                    region,
                    &Unknown::new(format!(
                        "Network interface {id} has status {other:?}, which is not one AWS documents"
                    )),
                ),
                None => findings.unknown(arn, region, &Unknown::new(format!("Network interface {id} has no status"))),
            }
        }
    });
}
