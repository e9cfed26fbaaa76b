use std::collections::BTreeSet;

use crate::analysis::vpc::{region_data, vpc_label};
use crate::check::declare_check;
use crate::context::{Context, Findings, Unknown, plural};
use crate::views::ec2::DESCRIBE_VPCS;
use crate::views::ec2_vpc::{DESCRIBE_NAT_GATEWAYS, DESCRIBE_SUBNETS};

declare_check! {
    /// Ensures the NAT gateways of each VPC span at least two Availability Zones. A NAT gateway
    /// is redundant within its zone only; AWS advises one per zone, so that private subnets
    /// keep their outbound access when a zone fails. Each VPC with available NAT gateways
    /// passes when they sit in subnets of two or more zones and warns when they are all in one
    /// zone; VPCs without available NAT gateways are not judged (managedNatGateway reports
    /// them).
    ///
    /// CloudSploit counts distinct subnets; stance counts the zones of those subnets, since two
    /// NAT gateways in two subnets of one zone fail together. Like CloudSploit, it warns rather
    /// than fails.
    ///
    /// ## Remediation
    /// Create a NAT gateway in a public subnet of each Availability Zone the VPC uses, and route
    /// each zone's private subnets to the NAT gateway of their own zone.
    pub(crate) CHECK {
        id: "natMultiAz",
        title: "NAT Multiple AZ",
        severity: Medium,
        reads: [DESCRIBE_VPCS, DESCRIBE_NAT_GATEWAYS, DESCRIBE_SUBNETS],
        run,
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    for region in ctx.regions() {
        let data = ctx.read_configured(DESCRIBE_VPCS, region).and_then(|vpcs| {
            Ok((
                vpcs,
                ctx.read_configured(DESCRIBE_NAT_GATEWAYS, region)?,
                ctx.read_configured(DESCRIBE_SUBNETS, region)?,
            ))
        });
        let Some((vpcs, nats, subnets)) = region_data(ctx, findings, region, data) else { continue };
        for vpc in &vpcs.vpcs {
            let arn = ctx.typed_arn("ec2", region, "vpc", &vpc.vpc_id);
            let own: Vec<_> =
                nats.nat_gateways.iter().filter(|nat| nat.vpc_id == vpc.vpc_id && nat.state == "available").collect();
            if own.is_empty() {
                continue;
            }
            let zones: Result<BTreeSet<&str>, String> = own
                .iter()
                .map(|nat| {
                    let subnet = subnets.subnets.iter().find(|subnet| subnet.subnet_id == nat.subnet_id);
                    subnet.map(|subnet| subnet.availability_zone.as_str()).ok_or_else(|| {
                        format!(
                            "NAT gateway {} is in subnet {}, which DescribeSubnets does not list",
                            nat.nat_gateway_id, nat.subnet_id
                        )
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
            let count = own.len();
            if zones.len() >= 2 {
                findings.ok(
                    arn,
                    region,
                    format!(
                        "{} has {count} NAT gateways in {} Availability Zones ({zone_list})",
                        vpc_label(vpc),
                        zones.len()
                    ),
                );
            } else {
                findings.warn(
                    arn,
                    region,
                    format!(
                        "{} has {} in one Availability Zone only ({zone_list})",
                        vpc_label(vpc),
                        plural(i64::try_from(count).unwrap_or(i64::MAX), "NAT gateway")
                    ),
                );
            }
        }
    }
}
