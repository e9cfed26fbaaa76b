use std::collections::BTreeSet;

use crate::analysis::vpc::region_data;
use crate::check::declare_check;
use crate::context::{Context, Findings, Unknown};
use crate::views::ec2_vpc::{DESCRIBE_SUBNETS, DESCRIBE_VPC_ENDPOINTS};

declare_check! {
    /// Ensures interface VPC endpoints have network interfaces in at least two Availability
    /// Zones, so that the service stays reachable when one zone fails. Each live interface
    /// endpoint passes when its subnets are in two or more zones and fails when they are all in
    /// one (or it has no subnet). Gateway endpoints are regional and not judged.
    ///
    /// Prowler counts subnets; stance counts the zones of those subnets, since two subnets of
    /// one zone fail together.
    ///
    /// ## Remediation
    /// Add a subnet in another Availability Zone to the endpoint
    /// (`aws ec2 modify-vpc-endpoint --vpc-endpoint-id … --add-subnet-ids …`).
    pub(crate) CHECK {
        id: "vpcEndpointMultiAz",
        title: "VPC Endpoint Multi-AZ",
        severity: Medium,
        reads: [DESCRIBE_VPC_ENDPOINTS, DESCRIBE_SUBNETS],
        run,
        aliases: [
            ("vpc_endpoint_multi_az_enabled", Differently("Prowler counts subnets, so two subnets of one Availability Zone pass; stance counts the zones of the subnets")),
        ],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    for region in ctx.regions() {
        let data = ctx
            .read_configured(DESCRIBE_VPC_ENDPOINTS, region)
            .and_then(|endpoints| Ok((endpoints, ctx.read_configured(DESCRIBE_SUBNETS, region)?)));
        let Some((endpoints, subnets)) = region_data(ctx, findings, region, data) else { continue };
        for endpoint in endpoints.vpc_endpoints.iter().filter(|endpoint| endpoint.is_interface() && endpoint.is_live())
        {
            let id = &endpoint.vpc_endpoint_id;
            let arn = ctx.typed_arn("ec2", region, "vpc-endpoint", id);
            let zones: Result<BTreeSet<&str>, String> = endpoint
                .subnet_ids
                .iter()
                .map(|subnet_id| {
                    let subnet = subnets.subnets.iter().find(|subnet| subnet.subnet_id == *subnet_id);
                    subnet.map(|subnet| subnet.availability_zone.as_str()).ok_or_else(|| {
                        format!("VPC endpoint {id} is in subnet {subnet_id}, which DescribeSubnets does not list")
                    })
                })
                .collect();
            let zones = match zones {
                Ok(zones) => zones,
                Err(reason) => {
                    findings.unknown(arn, region, &Unknown::new(reason));
                    continue;
                }
            };
            let zone_list = zones.iter().copied().collect::<Vec<_>>().join(", ");
            match zones.len() {
                0 => findings.fail(arn, region, format!("VPC endpoint {id} has no subnets")),
                1 => findings.fail(
                    arn,
                    region,
                    format!("VPC endpoint {id} is in one Availability Zone only ({zone_list})"),
                ),
                n => findings.ok(arn, region, format!("VPC endpoint {id} is in {n} Availability Zones ({zone_list})")),
            }
        }
    }
}
