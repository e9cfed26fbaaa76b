use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::settings::Setting;
use crate::views::ec2_vpc::{self, DESCRIBE_VPC_ENDPOINT_SERVICE_PERMISSIONS, DESCRIBE_VPC_ENDPOINT_SERVICES};

declare_check! {
    /// Ensures each VPC endpoint service the account owns requires its acceptance of every
    /// connection request (AcceptanceRequired), so that no allowed principal's endpoint connects
    /// unreviewed. A service that accepts automatically fails; with
    /// `allow_blank_whitelisted_principals`, it passes when it allows no principal at all (no
    /// one can request a connection). AWS's own services are not judged.
    ///
    /// ## Remediation
    /// Turn on acceptance (`aws ec2 modify-vpc-endpoint-service-configuration --acceptance-required`),
    /// and review pending connection requests.
    pub(crate) CHECK {
        id: "vpcEndpointAcceptance",
        title: "VPC PrivateLink Endpoint Acceptance",
        severity: Medium,
        reads: [DESCRIBE_VPC_ENDPOINT_SERVICES, DESCRIBE_VPC_ENDPOINT_SERVICE_PERMISSIONS],
        run,
        settings: [ALLOW_BLANK],
    }
}

static ALLOW_BLANK: Setting<bool> = Setting::new(
    "allow_blank_whitelisted_principals",
    "false",
    "Pass an endpoint service that accepts automatically when it allows no principal.",
);

fn run(ctx: &Context, findings: &mut Findings) {
    let allow_blank = *ctx.setting(&ALLOW_BLANK);
    ec2_vpc::each_own_endpoint_service(ctx, findings, |service, arn, region, findings| {
        let id = &service.service_id;
        match service.acceptance_required {
            Some(true) => findings.ok(arn, region, format!("Endpoint service {id} requires acceptance of connections")),
            Some(false) if allow_blank => match ctx.read_resource(DESCRIBE_VPC_ENDPOINT_SERVICE_PERMISSIONS, &arn).1 {
                Ok(Some(permissions)) if permissions.allowed_principals.is_empty() => findings.ok(
                    arn,
                    region,
                    format!("Endpoint service {id} accepts connections automatically but allows no principal"),
                ),
                Ok(_) => findings.fail(arn, region, format!("Endpoint service {id} accepts connections automatically")),
                Err(reason) => findings.unknown(arn, region, &reason),
            },
            Some(false) => {
                findings.fail(arn, region, format!("Endpoint service {id} accepts connections automatically"))
            }
            None => findings.unknown(
                arn,
                region,
                &crate::context::Unknown::new(format!(
                    "EC2 DescribeVpcEndpointServices gave no AcceptanceRequired for {id}"
                )),
            ),
        }
    });
}
