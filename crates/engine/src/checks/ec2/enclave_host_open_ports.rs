use std::collections::HashMap;

use crate::analysis::instances::{enclave_unknown, may_host_enclaves};
use crate::analysis::network::{Cidr, Protocol, ProtocolPortList, Traffic, reach_from};
use crate::check::declare_check;
use crate::context::{Context, Findings, Unknown};
use crate::settings::{PortList, Setting};
use crate::views::ec2::{DESCRIBE_INSTANCES, DESCRIBE_SECURITY_GROUPS, Instance, SecurityGroup};
use crate::views::ec2_network::live_instances;

declare_check! {
    /// Ensures no instance enabled for AWS Nitro Enclaves (a host of confidential workloads) is in
    /// a security group that lets any public address reach a port other than enclave_sg_allow_ports
    /// (22, 80 and 443 by default): an inbound TCP or UDP rule whose ports are not all on the list,
    /// or a rule for all traffic (protocol -1), from a CIDR holding publicly routable addresses
    /// (0.0.0.0/0, ::/0, or any range not wholly inside the blocks IANA marks as not globally
    /// reachable). Every group of every network interface of the instance counts. Instances not
    /// enabled for enclaves are not judged (one that does not say is UNKNOWN), nor terminated and shutting-down ones; Prowler also
    /// skips pending ones, which stance judges, since they start with the same groups.
    ///
    /// ## Remediation
    /// Narrow the enclave host's inbound rules to the allowed ports, or their sources to private
    /// ranges and security groups; the enclave itself is reached through the host's vsock proxy.
    pub(crate) CHECK {
        id: "enclaveHostOpenPorts",
        title: "Enclave Host Open Ports",
        severity: High,
        reads: [DESCRIBE_INSTANCES, DESCRIBE_SECURITY_GROUPS],
        run,
        settings: [ALLOWED_PORTS],
        aliases: [
            ("ec2_confidential_workload_host_unrestricted_ingress", Differently("Prowler skips pending instances; stance judges them, since they start with the same groups")),
        ],
    }
}

static ALLOWED_PORTS: Setting<PortList> = Setting::new(
    "enclave_sg_allow_ports",
    "22,80,443",
    "The TCP and UDP ports an enclave host's security groups may open to public addresses.",
);

fn run(ctx: &Context, findings: &mut Findings) {
    let allowed = ProtocolPortList::tcp_and_udp(ctx.setting(&ALLOWED_PORTS).ranges());
    let what = format!("ports other than {}", allowed_description(ctx.setting(&ALLOWED_PORTS)));
    judge_enclave_hosts(ctx, findings, &what, |traffic| {
        matches!(traffic.protocol, Protocol::All | Protocol::Tcp | Protocol::Udp) && !allowed.covers(traffic)
    });
}

/// `22, 80 and 443`.
fn allowed_description(ports: &PortList) -> String {
    let items: Vec<String> = ports
        .ranges()
        .iter()
        .map(|&(from, to)| if from == to { from.to_string() } else { format!("{from}-{to}") })
        .collect();
    match items.split_last() {
        None => "none".to_owned(),
        Some((last, [])) => last.clone(),
        Some((last, first)) => format!("{} and {last}", first.join(", ")),
    }
}

/// Judges every live instance enabled for Nitro Enclaves, in every region, on whether its
/// groups let public addresses reach the traffic `matches` accepts (`what` in the messages).
pub(crate) fn judge_enclave_hosts(
    ctx: &Context,
    findings: &mut Findings,
    what: &str,
    matches: impl Fn(&Traffic) -> bool,
) {
    ctx.each_region(DESCRIBE_INSTANCES, findings, |region, data, findings| {
        let hosts: Vec<&Instance> = live_instances(data).filter(|instance| may_host_enclaves(instance)).collect();
        if hosts.is_empty() {
            let message = format!("No instances enabled for Nitro Enclaves in {region}");
            return findings.ok(ctx.region_arn("ec2", region), region, message);
        }
        let groups = match ctx.read_configured(DESCRIBE_SECURITY_GROUPS, region) {
            Ok(groups) => groups,
            Err(reason) => {
                for host in hosts {
                    findings.unknown(ctx.typed_arn("ec2", region, "instance", &host.instance_id), region, &reason);
                }
                return;
            }
        };
        let by_id: HashMap<&str, &SecurityGroup> =
            groups.security_groups.iter().map(|group| (group.group_id.as_str(), group)).collect();
        for host in hosts {
            let id = &host.instance_id;
            let arn = ctx.typed_arn("ec2", region, "instance", id);
            if let Some(reason) = enclave_unknown(host) {
                findings.unknown(arn, region, &reason);
                continue;
            }
            match exposure(host, &by_id, &matches) {
                Err(e) => {
                    findings.unknown(arn, region, &Unknown::new(format!("Enclave host {id} cannot be judged: {e}")))
                }
                Ok(open) if open.is_empty() => {
                    findings.ok(arn, region, format!("Enclave host {id} opens no {what} to public addresses"))
                }
                Ok(open) => findings.fail(
                    arn,
                    region,
                    format!("Enclave host {id} opens {what} to public addresses: {}", open.join("; ")),
                ),
            }
        }
    });
}

/// The host's groups' rules that let public addresses reach what `matches` accepts:
/// `web (sg-1): tcp 0-65535 from 0.0.0.0/0`.
fn exposure(
    host: &Instance,
    groups: &HashMap<&str, &SecurityGroup>,
    matches: &impl Fn(&Traffic) -> bool,
) -> Result<Vec<String>, String> {
    let mut ids: Vec<&str> = host.security_groups.iter().map(|group| group.group_id.as_str()).collect();
    ids.extend(
        host.network_interfaces
            .iter()
            .flat_map(|interface| interface.groups.iter())
            .map(|group| group.group_id.as_str()),
    );
    ids.sort_unstable();
    ids.dedup();
    let mut open = Vec::new();
    for id in ids {
        let group =
            groups.get(id).ok_or_else(|| format!("its group {id} is not among DescribeSecurityGroups' groups"))?;
        let reach = reach_from(&group.ip_permissions, matches, Cidr::is_public)
            .map_err(|e| format!("its group {} has {e}", group.label()))?;
        if !reach.open.is_empty() {
            open.push(format!("{}: {}", group.label(), reach.describe_open()));
        }
    }
    Ok(open)
}
