use super::super::s3::bucket_cross_account_access::TRUSTED;
use crate::analysis::resource_policy::cross_account;
use crate::check::declare_check;
use crate::context::{Context, Findings, Unknown};
use crate::policy::{Document, principal_account};
use crate::settings::{Setting, StringList};
use crate::views::ec2_vpc::{DESCRIBE_VPC_ENDPOINTS, VpcEndpoint};

declare_check! {
    /// Ensures VPC endpoint policies let in no principals of accounts other than this one and
    /// the trusted ones. An endpoint policy decides which principals may use the endpoint, and
    /// for what: one open to other accounts lets credentials from outside be used from inside
    /// the VPC, and data leave through the endpoint to those accounts' resources. Each endpoint
    /// with a policy fails when an Allow names a principal of another account, or grants to
    /// everyone (`"Principal": "*"`) with no condition confining it, or confines such a grant to
    /// named accounts outside the trusted ones (`aws:PrincipalAccount`, …); it warns when a
    /// grant to everyone is confined by keys that do not name accounts (`aws:PrincipalOrgID`,
    /// an IP range), which can take in other accounts; and it passes otherwise. Trusted accounts
    /// are those of `trusted_account_ids` and of the ARNs in `vpc_trusted_cross_account_arns`.
    /// Endpoints without a policy (Gateway Load Balancer, resource and service-network
    /// endpoints) and endpoints to endpoint services (`com.amazonaws.vpce.…`), whose access
    /// the service's allowed principals decide, are not judged.
    ///
    /// The default endpoint policy allows everything to everyone. CloudSploit passes it, since
    /// it names no foreign ARN; Prowler fails it, and so does stance: `*` takes in every
    /// account's principals, which is what the check is about (AWS's data-perimeter guidance
    /// confines endpoint policies with `aws:PrincipalOrgID` or `aws:PrincipalAccount`).
    ///
    /// ## Remediation
    /// Replace the default policy with one that names the principals or accounts that may use
    /// the endpoint, or confines `"Principal": "*"` with a condition on `aws:PrincipalAccount`
    /// or `aws:PrincipalOrgID` (`aws ec2 modify-vpc-endpoint --policy-document …`).
    pub(crate) CHECK {
        id: "vpcEndpointCrossAccount",
        title: "VPC Endpoint Cross Account Access",
        severity: Medium,
        reads: [DESCRIBE_VPC_ENDPOINTS],
        run,
        settings: [TRUSTED, TRUSTED_ARNS],
        aliases: [
            ("vpc_endpoint_connections_trust_boundaries", Differently("Prowler reports one finding per offending statement and principal; stance reports each endpoint once, and warns rather than fails on grants to everyone confined by keys that do not name accounts, such as aws:PrincipalOrgID")),
        ],
    }
}

static TRUSTED_ARNS: Setting<StringList> = Setting::new(
    "vpc_trusted_cross_account_arns",
    "",
    "ARNs (comma-separated) whose accounts VPC endpoint policies may grant access to (CloudSploit's setting).",
);

/// Whether stance judges the endpoint's policy: it has one, and its service is not an endpoint
/// service of some account (`com.amazonaws.vpce.<region>.vpce-svc-…`).
fn judged(endpoint: &VpcEndpoint) -> Option<&str> {
    let is_endpoint_service =
        endpoint.service_name.as_deref().is_some_and(|name| name.starts_with("com.amazonaws.vpce."));
    endpoint.policy_document.as_deref().filter(|_| endpoint.is_live() && !is_endpoint_service)
}

fn run(ctx: &Context, findings: &mut Findings) {
    let own = ctx.account_id();
    let mut trusted: Vec<&str> = ctx.setting(&TRUSTED).items().iter().map(String::as_str).collect();
    trusted.extend(ctx.setting(&TRUSTED_ARNS).items().iter().filter_map(|arn| principal_account(arn)));
    ctx.each_region(DESCRIBE_VPC_ENDPOINTS, findings, |region, data, findings| {
        for endpoint in &data.vpc_endpoints {
            let Some(policy) = judged(endpoint) else { continue };
            let id = &endpoint.vpc_endpoint_id;
            let arn = ctx.typed_arn("ec2", region, "vpc-endpoint", id);
            let label =
                format!("VPC endpoint {id} ({})", endpoint.service_name.as_deref().unwrap_or("no service name"));
            let document = match Document::parse(policy) {
                Ok(document) => document,
                Err(error) => {
                    findings.unknown(
                        arn,
                        region,
                        &Unknown::new(format!("{label} has a policy stance cannot read: {error}")),
                    );
                    continue;
                }
            };
            let found = cross_account(&document, own, &trusted, &[]);
            let (failures, warnings) = (found.failures, found.warnings);
            if !failures.is_empty() {
                findings.fail(arn, region, format!("{label}'s policy lets in {}", failures.join(", ")));
            } else if !warnings.is_empty() {
                findings.warn(
                    arn,
                    region,
                    format!("{label}'s policy lets in {}, which can include other accounts", warnings.join(", ")),
                );
            } else {
                findings.ok(
                    arn,
                    region,
                    format!("{label}'s policy lets in no account outside this one and the trusted ones"),
                );
            }
        }
    });
}
