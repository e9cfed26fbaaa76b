use super::super::s3::bucket_cross_account_access::TRUSTED;
use crate::check::declare_check;
use crate::context::{Context, Findings, not_configured};
use crate::views::ec2_vpc::{self, DESCRIBE_VPC_ENDPOINT_SERVICE_PERMISSIONS, DESCRIBE_VPC_ENDPOINT_SERVICES};

declare_check! {
    /// Ensures each VPC endpoint service the account owns lets only this account and the trusted
    /// ones (`trusted_account_ids`) connect: an allowed principal `*` (everyone) or of another
    /// account fails, with the principals named; a service allowing no principal passes. One
    /// result per service (Prowler gives one per principal).
    ///
    /// ## Remediation
    /// Remove the principals outside the trust boundary (`aws ec2
    /// modify-vpc-endpoint-service-permissions --remove-allowed-principals …`), and keep
    /// acceptance required.
    pub(crate) CHECK {
        id: "vpcEndpointServicePrincipals",
        title: "VPC Endpoint Service Allowed Principals",
        severity: High,
        reads: [DESCRIBE_VPC_ENDPOINT_SERVICES, DESCRIBE_VPC_ENDPOINT_SERVICE_PERMISSIONS],
        run,
        settings: [TRUSTED],
        aliases: [
            ("vpc_endpoint_services_allowed_principals_trust_boundaries", Differently("Prowler reports one result per allowed principal; stance one per service, naming every principal outside the trust boundary")),
        ],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    let trusted = ctx.setting(&TRUSTED);
    ec2_vpc::each_own_endpoint_service(ctx, findings, |service, arn, region, findings| {
        let id = &service.service_id;
        let permissions = match ctx.read_resource(DESCRIBE_VPC_ENDPOINT_SERVICE_PERMISSIONS, &arn).1 {
            Ok(Some(permissions)) => permissions,
            Ok(None) => {
                return findings.unknown(arn, region, &not_configured(DESCRIBE_VPC_ENDPOINT_SERVICE_PERMISSIONS.id));
            }
            Err(reason) => return findings.unknown(arn, region, &reason),
        };
        let outside: Vec<&str> = permissions
            .allowed_principals
            .iter()
            .map(|allowed| allowed.principal.as_str())
            .filter(|principal| {
                let account = principal.split(':').nth(4).unwrap_or("");
                *principal == "*" || (account != ctx.account_id() && !trusted.contains(account))
            })
            .collect();
        if outside.is_empty() {
            let count = permissions.allowed_principals.len();
            findings.ok(
                arn,
                region,
                format!("Endpoint service {id} allows {count} principals, all of this account or trusted ones"),
            );
        } else {
            findings.fail(
                arn,
                region,
                format!(
                    "Endpoint service {id} lets principals outside the trust boundary connect: {}",
                    outside.join(", ")
                ),
            );
        }
    });
}
