use std::collections::BTreeSet;

use crate::analysis::vpc::{region_data, vpc_label};
use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::views::ec2::DESCRIBE_VPCS;
use crate::views::ec2_vpc::DESCRIBE_SUBNETS;

declare_check! {
    /// Ensures each VPC's subnets span at least two Availability Zones, so that its resources
    /// can survive the loss of one zone. Each VPC with subnets passes when they are in two or
    /// more zones and fails when they are all in one; a VPC without subnets holds nothing that
    /// could run and passes.
    ///
    /// Prowler judges only VPCs with network interfaces (unless `--scan-unused-services`), and
    /// then fails a VPC without subnets; stance judges every VPC, and passes one without subnets,
    /// which has nothing to spread.
    ///
    /// ## Remediation
    /// Create subnets in a second Availability Zone (`aws ec2 create-subnet --availability-zone …`)
    /// and spread the VPC's resources over the zones.
    pub(crate) CHECK {
        id: "vpcSubnetsMultiAz",
        title: "VPC Subnets In Multiple Availability Zones",
        severity: Medium,
        reads: [DESCRIBE_VPCS, DESCRIBE_SUBNETS],
        run,
        aliases: [
            ("vpc_subnet_different_az", Differently("Prowler judges only VPCs with network interfaces by default, and fails a VPC without subnets; stance judges every VPC and passes one without subnets, which has nothing to spread")),
        ],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    for region in ctx.regions() {
        let data = ctx
            .read_configured(DESCRIBE_VPCS, region)
            .and_then(|vpcs| Ok((vpcs, ctx.read_configured(DESCRIBE_SUBNETS, region)?)));
        let Some((vpcs, subnets)) = region_data(ctx, findings, region, data) else { continue };
        for vpc in &vpcs.vpcs {
            let arn = ctx.typed_arn("ec2", region, "vpc", &vpc.vpc_id);
            let own = subnets.subnets.iter().filter(|subnet| subnet.vpc_id == vpc.vpc_id);
            let zones: BTreeSet<&str> = own.clone().map(|subnet| subnet.availability_zone.as_str()).collect();
            let count = own.count();
            let zone_list = zones.iter().copied().collect::<Vec<_>>().join(", ");
            match zones.len() {
                0 => findings.ok(arn, region, format!("{} has no subnets", vpc_label(vpc))),
                1 => {
                    let subnets =
                        if count == 1 { "its only subnet".to_owned() } else { format!("all its {count} subnets") };
                    findings.fail(arn, region, format!("{} has {subnets} in {zone_list}", vpc_label(vpc)))
                }
                n => findings.ok(
                    arn,
                    region,
                    format!("{} has subnets in {n} Availability Zones ({zone_list})", vpc_label(vpc)),
                ),
            }
        }
    }
}
