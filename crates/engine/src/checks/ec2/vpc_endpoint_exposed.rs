use crate::analysis::vpc::{region_data, subnet_is_public};
use crate::check::declare_check;
use crate::context::{Context, Findings, Unknown};
use crate::policy::{Document, public_statements};
use crate::views::ec2_vpc::{DESCRIBE_ROUTE_TABLES, DESCRIBE_VPC_ENDPOINTS};

declare_check! {
    /// Ensures interface VPC endpoints in public subnets do not let everyone use them. An
    /// interface endpoint's network interfaces take addresses in its subnets; in a subnet whose
    /// route table sends 0.0.0.0/0 or ::/0 to an internet gateway, they sit next to
    /// internet-facing hosts, and a policy open to everyone lets any principal that reaches them
    /// use the service through them. Each live interface endpoint fails when one of its subnets
    /// is public and its policy has an Allow to everyone that no condition or Deny confines (or
    /// it has no policy, which leaves the service fully open), and passes when its subnets are
    /// all private or its policy confines who may use it. Gateway endpoints, which take no
    /// addresses in subnets, pass.
    ///
    /// The endpoint's interfaces have private addresses only: "exposed" here means reachable
    /// from the public tier, as CloudSploit means it, not from the internet itself.
    ///
    /// ## Remediation
    /// Move the endpoint's network interfaces to private subnets
    /// (`aws ec2 modify-vpc-endpoint --add-subnet-ids … --remove-subnet-ids …`), or give it a
    /// policy that names the principals that may use it.
    pub(crate) CHECK {
        id: "vpcEndpointExposed",
        title: "VPC Endpoint Exposed",
        severity: Medium,
        reads: [DESCRIBE_VPC_ENDPOINTS, DESCRIBE_ROUTE_TABLES],
        run,
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    for region in ctx.regions() {
        let data = ctx
            .read_configured(DESCRIBE_VPC_ENDPOINTS, region)
            .and_then(|endpoints| Ok((endpoints, ctx.read_configured(DESCRIBE_ROUTE_TABLES, region)?)));
        let Some((endpoints, tables)) = region_data(ctx, findings, region, data) else { continue };
        for endpoint in endpoints.vpc_endpoints.iter().filter(|endpoint| endpoint.is_live()) {
            let id = &endpoint.vpc_endpoint_id;
            let arn = ctx.typed_arn("ec2", region, "vpc-endpoint", id);
            let label =
                format!("VPC endpoint {id} ({})", endpoint.service_name.as_deref().unwrap_or("no service name"));
            if endpoint.vpc_endpoint_type.eq_ignore_ascii_case("Gateway") {
                findings.ok(arn, region, format!("{label} is a gateway endpoint, with no interfaces in subnets"));
                continue;
            }
            if !endpoint.is_interface() {
                continue;
            }
            let tiers: Result<Vec<(&str, bool)>, String> = endpoint
                .subnet_ids
                .iter()
                .map(|subnet| {
                    Ok((subnet.as_str(), subnet_is_public(&tables.route_tables, subnet, &endpoint.vpc_id)?.0))
                })
                .collect();
            let public: Vec<&str> = match tiers {
                Ok(tiers) => tiers.into_iter().filter(|(_, public)| *public).map(|(subnet, _)| subnet).collect(),
                Err(reason) => {
                    findings.unknown(arn, region, &Unknown::new(reason));
                    continue;
                }
            };
            if public.is_empty() {
                findings.ok(arn, region, format!("{label} is in private subnets only"));
                continue;
            }
            let open: Vec<String> = match endpoint.policy_document.as_deref().map(Document::parse) {
                None => {
                    let message = format!(
                        "{label} is in public subnets ({}) and has no policy, which leaves the service open to everyone",
                        public.join(", ")
                    );
                    findings.fail(arn, region, message);
                    continue;
                }
                Some(Ok(document)) => {
                    public_statements(&document).iter().map(|open| format!("everyone ({})", open.statement)).collect()
                }
                Some(Err(error)) => {
                    findings.unknown(
                        arn,
                        region,
                        &Unknown::new(format!("{label} has a policy stance cannot read: {error}")),
                    );
                    continue;
                }
            };
            let subnets = public.join(", ");
            if open.is_empty() {
                findings.ok(
                    arn,
                    region,
                    format!("{label} is in public subnets ({subnets}) but its policy confines who may use it"),
                );
            } else {
                findings.fail(
                    arn,
                    region,
                    format!("{label} is in public subnets ({subnets}) and lets in {}", open.join(", ")),
                );
            }
        }
    }
}
