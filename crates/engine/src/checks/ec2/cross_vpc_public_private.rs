use crate::analysis::network::Cidr;
use crate::analysis::vpc::{
    peering_report_region, peering_routes, peering_sides, region_data, subnet_is_public, subnets_using,
};
use crate::check::declare_check;
use crate::context::{Context, Findings, Unknown};
use crate::views::ec2_vpc::{DESCRIBE_ROUTE_TABLES, DESCRIBE_SUBNETS, DESCRIBE_VPC_PEERING_CONNECTIONS, Subnet};

declare_check! {
    /// Ensures VPC peering does not join the public tier of one VPC to the private tier of the
    /// other: a compromised internet-facing host could then reach private subnets the peering
    /// was never meant to open. A subnet is public when its route table (its explicit
    /// association, else the VPC's main table) routes 0.0.0.0/0 or ::/0 to an internet gateway.
    /// For each active peering connection, each route through it is followed from the subnets
    /// whose route table holds it to the peer subnets whose CIDR its destination overlaps; the
    /// connection fails when such a route joins a public subnet to a private one (either way
    /// round), and passes when every joined pair is of one tier, or no route uses it. It is
    /// UNKNOWN when the other VPC's subnets are not in the snapshot (another account or an
    /// uncollected region), since their tier cannot be told.
    ///
    /// CloudSploit counts as public a route table with 0.0.0.0/0 to any gateway other than
    /// `local`, so NAT gateways and virtual private gateways make subnets "public"; stance uses
    /// the VPC User Guide's definition (an internet gateway), shared with every check that needs
    /// it.
    ///
    /// ## Remediation
    /// Narrow the peering routes so that public subnets reach only the peer's public subnets
    /// and private subnets only private ones, or put the workloads that must talk across the
    /// peering in subnets of the same tier.
    pub(crate) CHECK {
        id: "crossVpcPublicPrivate",
        title: "Cross VPC Public Private Communication",
        severity: High,
        reads: [DESCRIBE_VPC_PEERING_CONNECTIONS, DESCRIBE_SUBNETS, DESCRIBE_ROUTE_TABLES],
        run,
    }
}

/// `public`/`private`.
fn tier(public: bool) -> &'static str {
    if public { "public" } else { "private" }
}

fn overlaps(destination: &str, subnet: &Subnet) -> bool {
    let Ok(destination) = Cidr::parse(destination) else { return false };
    let ipv4 = subnet.cidr_block.iter().map(|cidr| cidr.as_str());
    let ipv6 = subnet.ipv6_cidr_block_association_set.iter().map(|set| set.ipv6_cidr_block.as_str());
    ipv4.chain(ipv6).any(|cidr| Cidr::parse(cidr).is_ok_and(|cidr| destination.overlaps(&cidr)))
}

fn run(ctx: &Context, findings: &mut Findings) {
    for region in ctx.regions() {
        let Some(peerings) =
            region_data(ctx, findings, region, ctx.read_configured(DESCRIBE_VPC_PEERING_CONNECTIONS, region))
        else {
            continue;
        };
        for connection in
            peerings.vpc_peering_connections.iter().filter(|connection| connection.status.code == "active")
        {
            let Some(report) = peering_report_region(ctx, connection, region) else { continue };
            let pcx = connection.vpc_peering_connection_id.as_str();
            let arn = ctx.typed_arn("ec2", report, "vpc-peering-connection", pcx);
            let sides = peering_sides(ctx, connection, region);
            if let Some(outside) = sides.iter().find(|side| !side.in_snapshot) {
                let reason = format!(
                    "Peering connection {pcx} joins VPC {}, whose subnets are not in the snapshot (another account or an uncollected region)",
                    outside.vpc_id
                );
                findings.unknown(arn, report, &Unknown::new(reason));
                continue;
            }
            let read = |region: &str| {
                ctx.read_configured(DESCRIBE_SUBNETS, region)
                    .and_then(|subnets| Ok((subnets, ctx.read_configured(DESCRIBE_ROUTE_TABLES, region)?)))
            };
            let data = read(sides[0].region).and_then(|first| Ok((first, read(sides[1].region)?)));
            let ((subnets_a, tables_a), (subnets_b, tables_b)) = match data {
                Ok(data) => data,
                Err(reason) => {
                    findings.unknown(arn, report, &reason);
                    continue;
                }
            };
            let data = [(&subnets_a, &tables_a), (&subnets_b, &tables_b)];
            let mut links = Vec::new();
            let mut routes = 0;
            let mut failure = None;
            'sides: for index in 0..2 {
                let (side, peer) = (&sides[index], &sides[1 - index]);
                let (subnets, tables) = data[index];
                let (peer_subnets, peer_tables) = data[1 - index];
                let own: Vec<&str> = subnets
                    .subnets
                    .iter()
                    .filter(|subnet| subnet.vpc_id == side.vpc_id)
                    .map(|subnet| subnet.subnet_id.as_str())
                    .collect();
                for (table, route) in peering_routes(&tables.route_tables, pcx) {
                    if table.vpc_id != side.vpc_id {
                        continue;
                    }
                    let Some(destination) = route.destination() else { continue };
                    routes += 1;
                    for source in subnets_using(&tables.route_tables, table, &own) {
                        let targets = peer_subnets
                            .subnets
                            .iter()
                            .filter(|subnet| subnet.vpc_id == peer.vpc_id && overlaps(destination, subnet));
                        for target in targets {
                            let tiers =
                                subnet_is_public(&tables.route_tables, source, side.vpc_id).and_then(|(from, _)| {
                                    Ok((
                                        from,
                                        subnet_is_public(&peer_tables.route_tables, &target.subnet_id, peer.vpc_id)?.0,
                                    ))
                                });
                            match tiers {
                                Ok((from, to)) if from != to => links.push(format!(
                                    "{} subnet {source} to {} subnet {} ({} via {})",
                                    tier(from),
                                    tier(to),
                                    target.subnet_id,
                                    destination,
                                    table.route_table_id
                                )),
                                Ok(_) => {}
                                Err(reason) => {
                                    failure = Some(reason);
                                    break 'sides;
                                }
                            }
                        }
                    }
                }
            }
            if let Some(reason) = failure {
                findings.unknown(arn, report, &Unknown::new(reason));
            } else if !links.is_empty() {
                findings.fail(arn, report, format!("Peering connection {pcx} joins {}", links.join("; ")));
            } else if routes == 0 {
                findings.ok(arn, report, format!("Peering connection {pcx} is used by no route"));
            } else {
                findings.ok(arn, report, format!("Peering connection {pcx} joins only subnets of the same tier"));
            }
        }
    }
}
