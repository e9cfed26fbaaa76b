use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::views::ec2::DESCRIBE_VPCS;

declare_check! {
    /// Ensures no region still has its default VPC. AWS creates one in every region, with a
    /// public subnet in each Availability Zone that gives instances public IPv4 addresses, an
    /// internet gateway, and a main route table sending 0.0.0.0/0 to it: whatever is launched
    /// there without a subnet chosen is on the internet. A region fails while its default VPC
    /// exists and passes when it has none.
    ///
    /// ## Remediation
    /// Move what runs in the default VPC to VPCs built for it, then delete the default VPC
    /// (`aws ec2 delete-vpc` after its subnets, internet gateway and network interfaces). AWS can
    /// create a new one later (`aws ec2 create-default-vpc`) if it is needed again.
    pub(crate) CHECK {
        id: "defaultVpcExists",
        title: "Default VPC Exists",
        severity: Low,
        reads: [DESCRIBE_VPCS],
        run,
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    ctx.each_region(DESCRIBE_VPCS, findings, |region, data, findings| {
        match data.vpcs.iter().find(|vpc| vpc.is_default) {
            Some(vpc) => findings.fail(
                ctx.typed_arn("ec2", region, "vpc", &vpc.vpc_id),
                region,
                format!("Default VPC {} exists in {region}", vpc.vpc_id),
            ),
            None => findings.ok(ctx.region_arn("ec2", region), region, format!("No default VPC in {region}")),
        }
    });
}
