use crate::analysis::instances;
use crate::analysis::vpc::{region_data, subnet_is_public};
use crate::check::declare_check;
use crate::context::{Context, Findings, Unknown};
use crate::views::ec2::{DESCRIBE_INSTANCES, Instance};
use crate::views::ec2_vpc::DESCRIBE_ROUTE_TABLES;

declare_check! {
    /// Ensures instances running Nitro Enclaves (confidential workloads) are not reachable from
    /// the internet. Each instance with enclaves enabled (not pending, shutting down or
    /// terminated) fails when it has a public address (a public IPv4 address, or an IPv6
    /// address, which AWS assigns globally unique, on any of its interfaces), warns when it has
    /// none but sits in a public subnet (one whose route table sends 0.0.0.0/0 or ::/0 to an
    /// internet gateway, where one Elastic IP association would expose it), and passes otherwise.
    /// An instance whose DescribeInstances entry does not say whether enclaves are enabled is
    /// UNKNOWN.
    ///
    /// Prowler fails an instance in a public subnet even without a public address; stance warns,
    /// since the internet cannot reach an instance that has no public address.
    ///
    /// ## Remediation
    /// Run enclave hosts in private subnets without public addresses, reaching the internet, if
    /// at all, through a NAT gateway; release their Elastic IPs.
    pub(crate) CHECK {
        id: "enclaveHostPublicIp",
        title: "Enclave Host Public IP",
        severity: Medium,
        reads: [DESCRIBE_INSTANCES, DESCRIBE_ROUTE_TABLES],
        run,
        aliases: [
            ("ec2_confidential_workload_host_public_ip", Differently("Prowler fails an enclave host in a public subnet even without a public address; stance warns, since the internet cannot reach an instance with no public address")),
        ],
    }
}

/// The instance's public addresses, IPv4 and IPv6, on any interface.
fn public_addresses(instance: &Instance) -> Vec<&str> {
    let mut addresses: Vec<&str> =
        instance.public_ip_address.iter().chain(&instance.ipv6_address).map(|address| address.as_str()).collect();
    for interface in &instance.network_interfaces {
        let ipv6 = interface.ipv6_addresses.iter().map(|address| address.ipv6_address.as_str());
        for address in interface.public_ipv4().into_iter().chain(ipv6) {
            if !addresses.contains(&address) {
                addresses.push(address);
            }
        }
    }
    addresses
}

fn run(ctx: &Context, findings: &mut Findings) {
    for region in ctx.regions() {
        let data = ctx
            .read_configured(DESCRIBE_INSTANCES, region)
            .and_then(|instances| Ok((instances, ctx.read_configured(DESCRIBE_ROUTE_TABLES, region)?)));
        let Some((instances, tables)) = region_data(ctx, findings, region, data) else { continue };
        let hosts = instances.reservations.iter().flat_map(|reservation| &reservation.instances).filter(|instance| {
            instances::may_host_enclaves(instance)
                && instance
                    .state
                    .as_ref()
                    .is_none_or(|state| !matches!(state.name.as_str(), "pending" | "shutting-down" | "terminated"))
        });
        for instance in hosts {
            let id = &instance.instance_id;
            let arn = ctx.typed_arn("ec2", region, "instance", id);
            if let Some(reason) = instances::enclave_unknown(instance) {
                findings.unknown(arn, region, &reason);
                continue;
            }
            let addresses = public_addresses(instance);
            if !addresses.is_empty() {
                findings.fail(
                    arn,
                    region,
                    format!("Enclave host {id} has public addresses ({})", addresses.join(", ")),
                );
                continue;
            }
            let (Some(subnet), Some(vpc)) = (instance.subnet_id.as_deref(), instance.vpc_id.as_deref()) else {
                findings.unknown(arn, region, &Unknown::new(format!("Enclave host {id} reports no subnet or VPC")));
                continue;
            };
            match subnet_is_public(&tables.route_tables, subnet, vpc) {
                Ok((true, table)) => findings.warn(
                    arn,
                    region,
                    format!("Enclave host {id} has no public address but is in public subnet {subnet} ({} routes to an internet gateway)", table.route_table_id),
                ),
                Ok((false, _)) => findings.ok(arn, region, format!("Enclave host {id} has no public address and is in private subnet {subnet}")),
                Err(reason) => findings.unknown(arn, region, &Unknown::new(reason)),
            }
        }
    }
}
