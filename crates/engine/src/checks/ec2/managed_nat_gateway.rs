use crate::analysis::vpc::{region_data, vpc_label};
use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::views::ec2::DESCRIBE_VPCS;
use crate::views::ec2_vpc::DESCRIBE_NAT_GATEWAYS;

declare_check! {
    /// Ensures VPCs use AWS-managed NAT gateways rather than NAT instances, which the account
    /// has to patch, scale and make redundant itself. Each VPC passes when it has a NAT gateway
    /// in state `available` and fails when it has none (NAT gateways pending, failed or deleted
    /// do not count).
    ///
    /// A VPC whose private subnets need no outbound internet access needs no NAT at all, and
    /// fails too: read a failure as "no managed NAT gateway", and ignore it for such VPCs.
    ///
    /// ## Remediation
    /// Create a NAT gateway in a public subnet of each Availability Zone
    /// (`aws ec2 create-nat-gateway`), route the private subnets' 0.0.0.0/0 to it, and retire
    /// NAT instances.
    pub(crate) CHECK {
        id: "managedNatGateway",
        title: "Managed NAT Gateway In Use",
        severity: Medium,
        reads: [DESCRIBE_VPCS, DESCRIBE_NAT_GATEWAYS],
        run,
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    for region in ctx.regions() {
        let data = ctx
            .read_configured(DESCRIBE_VPCS, region)
            .and_then(|vpcs| Ok((vpcs, ctx.read_configured(DESCRIBE_NAT_GATEWAYS, region)?)));
        let Some((vpcs, nats)) = region_data(ctx, findings, region, data) else { continue };
        for vpc in &vpcs.vpcs {
            let arn = ctx.typed_arn("ec2", region, "vpc", &vpc.vpc_id);
            let available: Vec<&str> = nats
                .nat_gateways
                .iter()
                .filter(|nat| nat.vpc_id == vpc.vpc_id && nat.state == "available")
                .map(|nat| nat.nat_gateway_id.as_str())
                .collect();
            if available.is_empty() {
                findings.fail(arn, region, format!("{} has no available managed NAT gateway", vpc_label(vpc)));
            } else {
                findings.ok(
                    arn,
                    region,
                    format!("{} has managed NAT gateways ({})", vpc_label(vpc), available.join(", ")),
                );
            }
        }
    }
}
