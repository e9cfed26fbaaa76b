use crate::analysis::vpc::{region_data, vpc_label};
use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::views::ec2::DESCRIBE_VPCS;
use crate::views::ec2_vpc::{DESCRIBE_VPC_ENDPOINTS, VpcEndpoint};

declare_check! {
    /// Ensures each VPC reaches the Amazon EC2 API through an interface VPC endpoint, so that
    /// EC2 API calls from the VPC stay on the AWS network instead of going over the internet.
    /// Each VPC passes when it has a live endpoint (not deleted, rejected, failed or expired)
    /// for the EC2 service, `com.amazonaws.<region>.ec2` or its FIPS variant `ec2-fips`, and
    /// fails otherwise.
    ///
    /// Prowler judges only VPCs with network interfaces (unless `--scan-unused-services`), and
    /// accepts any endpoint whose service name contains `ec2`, so that an `ec2messages`
    /// endpoint (Systems Manager's) passes a VPC without an EC2 endpoint. stance judges every
    /// VPC and requires the EC2 service itself, as the Security Hub control (EC2.10) does.
    ///
    /// ## Remediation
    /// Create an interface endpoint for `com.amazonaws.<region>.ec2` in the VPC
    /// (`aws ec2 create-vpc-endpoint --vpc-endpoint-type Interface --service-name …`), with
    /// private DNS enabled, in a subnet of each Availability Zone used.
    pub(crate) CHECK {
        id: "vpcEndpointForEc2",
        title: "VPC Endpoint For EC2",
        severity: Medium,
        reads: [DESCRIBE_VPCS, DESCRIBE_VPC_ENDPOINTS],
        run,
        aliases: [
            ("vpc_endpoint_for_ec2_enabled", Differently("Prowler judges only VPCs with network interfaces by default and accepts any service name containing ec2, ec2messages included; stance judges every VPC and requires an endpoint for the EC2 service itself")),
        ],
    }
}

/// Whether the endpoint is for the EC2 API: `com.amazonaws.<region>.ec2` or `….ec2-fips`.
fn is_ec2(endpoint: &VpcEndpoint) -> bool {
    endpoint.service_name.as_deref().is_some_and(|name| {
        name.starts_with("com.amazonaws.")
            && name.rsplit_once('.').is_some_and(|(_, service)| matches!(service, "ec2" | "ec2-fips"))
    })
}

fn run(ctx: &Context, findings: &mut Findings) {
    for region in ctx.regions() {
        let data = ctx
            .read_configured(DESCRIBE_VPCS, region)
            .and_then(|vpcs| Ok((vpcs, ctx.read_configured(DESCRIBE_VPC_ENDPOINTS, region)?)));
        let Some((vpcs, endpoints)) = region_data(ctx, findings, region, data) else { continue };
        for vpc in &vpcs.vpcs {
            let arn = ctx.typed_arn("ec2", region, "vpc", &vpc.vpc_id);
            let found = endpoints
                .vpc_endpoints
                .iter()
                .find(|endpoint| endpoint.vpc_id == vpc.vpc_id && endpoint.is_live() && is_ec2(endpoint));
            match found {
                Some(endpoint) => findings.ok(
                    arn,
                    region,
                    format!("{} has an EC2 endpoint ({})", vpc_label(vpc), endpoint.vpc_endpoint_id),
                ),
                None => {
                    findings.fail(arn, region, format!("{} has no VPC endpoint for the EC2 service", vpc_label(vpc)))
                }
            }
        }
    }
}
