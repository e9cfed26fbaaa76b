use crate::analysis::vpc::{region_data, subnet_is_public, vpc_label};
use crate::check::declare_check;
use crate::context::{Context, Findings, Unknown};
use crate::views::ec2::DESCRIBE_VPCS;
use crate::views::ec2_vpc::{DESCRIBE_ROUTE_TABLES, DESCRIBE_SUBNETS};

declare_check! {
    /// Ensures each VPC separates public and private subnets: at least one public subnet for
    /// what must face the internet (load balancers, NAT gateways) and one private subnet for
    /// the rest. A subnet is public when its route table (its explicit association, else the
    /// VPC's main table) routes 0.0.0.0/0 or ::/0 to an internet gateway. Each VPC with subnets
    /// passes with both kinds and fails with only one kind; a VPC without subnets holds nothing
    /// and passes.
    ///
    /// Prowler judges only VPCs with network interfaces (unless `--scan-unused-services`);
    /// stance judges every VPC, since the next resource launched in an untiered VPC has no
    /// private (or no public) subnet to go to. A ::/0 route to an internet gateway makes a
    /// subnet public as 0.0.0.0/0 does: it puts the subnet's IPv6 addresses on the internet.
    ///
    /// ## Remediation
    /// Put internet-facing resources in public subnets and the rest in private subnets, whose
    /// route tables send internet-bound traffic to a NAT gateway (or nowhere) instead of an
    /// internet gateway.
    pub(crate) CHECK {
        id: "vpcPublicPrivateSubnets",
        title: "VPC Public And Private Subnets",
        severity: Medium,
        reads: [DESCRIBE_VPCS, DESCRIBE_SUBNETS, DESCRIBE_ROUTE_TABLES],
        run,
        aliases: [
            ("vpc_subnet_separate_private_public", Differently("Prowler judges only VPCs with network interfaces by default; stance judges every VPC, and passes one without subnets")),
        ],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    for region in ctx.regions() {
        let data = ctx.read_configured(DESCRIBE_VPCS, region).and_then(|vpcs| {
            Ok((
                vpcs,
                ctx.read_configured(DESCRIBE_SUBNETS, region)?,
                ctx.read_configured(DESCRIBE_ROUTE_TABLES, region)?,
            ))
        });
        let Some((vpcs, subnets, tables)) = region_data(ctx, findings, region, data) else { continue };
        'vpcs: for vpc in &vpcs.vpcs {
            let arn = ctx.typed_arn("ec2", region, "vpc", &vpc.vpc_id);
            let (mut public, mut private) = (Vec::new(), Vec::new());
            for subnet in subnets.subnets.iter().filter(|subnet| subnet.vpc_id == vpc.vpc_id) {
                match subnet_is_public(&tables.route_tables, &subnet.subnet_id, &vpc.vpc_id) {
                    Ok((true, _)) => public.push(subnet.subnet_id.as_str()),
                    Ok((false, _)) => private.push(subnet.subnet_id.as_str()),
                    Err(reason) => {
                        findings.unknown(arn, region, &Unknown::new(reason));
                        continue 'vpcs;
                    }
                }
            }
            let label = vpc_label(vpc);
            match (public.len(), private.len()) {
                (0, 0) => findings.ok(arn, region, format!("{label} has no subnets")),
                (0, n) => findings.fail(arn, region, format!("{label} has only private subnets ({n}), none public")),
                (n, 0) => findings.fail(
                    arn,
                    region,
                    format!("{label} has only public subnets ({n}: {}), none private", public.join(", ")),
                ),
                (p, q) => findings.ok(arn, region, format!("{label} has public and private subnets ({p} and {q})")),
            }
        }
    }
}
