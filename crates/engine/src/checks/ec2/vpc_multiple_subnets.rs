use crate::analysis::vpc::{region_data, vpc_label};
use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::views::ec2::DESCRIBE_VPCS;
use crate::views::ec2_vpc::DESCRIBE_SUBNETS;

declare_check! {
    /// Ensures VPCs in use have more than one subnet. A subnet lives in one Availability Zone,
    /// so a VPC with a single subnet puts everything in it in one zone, and leaves no room to
    /// separate tiers. Each VPC with subnets passes with two or more and fails with exactly one;
    /// a VPC without subnets holds nothing that could run and passes.
    ///
    /// CloudSploit passes a whole region as soon as it has more than one VPC, and judges the
    /// subnets only of a region's single VPC; stance judges every VPC, since a second VPC does
    /// nothing for the resilience of the first.
    ///
    /// ## Remediation
    /// Create subnets in at least two Availability Zones and spread the VPC's resources over
    /// them (vpcSubnetsMultiAz checks the zones).
    pub(crate) CHECK {
        id: "vpcMultipleSubnets",
        title: "VPC Multiple Subnets",
        severity: Medium,
        reads: [DESCRIBE_VPCS, DESCRIBE_SUBNETS],
        run,
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
            let own: Vec<&str> = subnets
                .subnets
                .iter()
                .filter(|subnet| subnet.vpc_id == vpc.vpc_id)
                .map(|subnet| subnet.subnet_id.as_str())
                .collect();
            match own.as_slice() {
                [] => findings.ok(arn, region, format!("{} has no subnets", vpc_label(vpc))),
                [only] => findings.fail(arn, region, format!("{} has only one subnet ({only})", vpc_label(vpc))),
                many => findings.ok(arn, region, format!("{} has {} subnets", vpc_label(vpc), many.len())),
            }
        }
    }
}
