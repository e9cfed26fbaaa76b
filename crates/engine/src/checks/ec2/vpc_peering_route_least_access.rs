use crate::analysis::network::Cidr;
use crate::analysis::vpc::{peering_report_region, peering_routes, peering_sides, region_data};
use crate::check::declare_check;
use crate::context::{Context, Findings, Unknown, plural};
use crate::views::ec2_vpc::{DESCRIBE_ROUTE_TABLES, DESCRIBE_VPC_PEERING_CONNECTIONS, Route};

declare_check! {
    /// Ensures routes through VPC peering connections are "least access": each route table
    /// sends through a peering only the subnets that need to talk to the other VPC, not the
    /// whole peer VPC or everything. Each active peering connection fails when a route through
    /// it (in a route table of either VPC that this account owns) has destination 0.0.0.0/0 or
    /// ::/0, or a CIDR that takes in a whole CIDR block of the peer VPC (IPv4 or IPv6, primary
    /// or secondary), and passes when every such route is narrower, or none uses it. It is
    /// UNKNOWN when neither VPC's route tables are in the snapshot (both in other accounts or
    /// uncollected regions), or a side's route tables could not be read.
    ///
    /// Prowler compares destinations as strings with 0.0.0.0/0 and the requester VPC's primary
    /// CIDR only (its collector leaves the accepter's CIDR out), so a route to the whole
    /// accepter VPC, to a secondary CIDR, or to a wider block that contains the peer passes.
    /// stance compares address ranges, on both sides.
    ///
    /// ## Remediation
    /// Replace the broad routes with routes to the specific peer subnets that need access, in
    /// the route tables of only the subnets that need it.
    pub(crate) CHECK {
        id: "vpcPeeringRouteLeastAccess",
        title: "VPC Peering Routes Least Access",
        severity: Medium,
        reads: [DESCRIBE_VPC_PEERING_CONNECTIONS, DESCRIBE_ROUTE_TABLES],
        run,
        aliases: [
            ("vpc_peering_routing_tables_with_least_privilege", Differently("Prowler catches only 0.0.0.0/0 and the requester VPC's primary CIDR as exact strings; stance also fails routes covering the accepter VPC, a secondary or IPv6 CIDR, or a wider block containing the peer")),
        ],
    }
}

/// Why a route through a peering is too broad, if it is: it is the internet, or covers one of
/// `peer_cidrs` whole.
fn too_broad(route: &Route, peer_cidrs: &[&str]) -> Option<String> {
    let destination = route.destination()?;
    let cidr = Cidr::parse(destination).ok()?;
    if cidr.is_internet() {
        return Some(format!("{destination} (everything)"));
    }
    let covered: Vec<&str> =
        peer_cidrs.iter().copied().filter(|peer| Cidr::parse(peer).is_ok_and(|peer| cidr.contains(&peer))).collect();
    (!covered.is_empty()).then(|| format!("{destination} (all of the peer's {})", covered.join(", ")))
}

fn run(ctx: &Context, findings: &mut Findings) {
    for region in ctx.regions() {
        let Some(peerings) =
            region_data(ctx, findings, region, ctx.read_configured(DESCRIBE_VPC_PEERING_CONNECTIONS, region))
        else {
            continue;
        };
        'connections: for connection in
            peerings.vpc_peering_connections.iter().filter(|connection| connection.status.code == "active")
        {
            let Some(report) = peering_report_region(ctx, connection, region) else { continue };
            let pcx = connection.vpc_peering_connection_id.as_str();
            let arn = ctx.typed_arn("ec2", report, "vpc-peering-connection", pcx);
            let sides = peering_sides(ctx, connection, region);
            let mut broad = Vec::new();
            let (mut judged, mut routes) = (0, 0i64);
            for (index, side) in sides.iter().enumerate() {
                if !side.in_snapshot {
                    continue;
                }
                let tables = match ctx.read_configured(DESCRIBE_ROUTE_TABLES, side.region) {
                    Ok(tables) => tables,
                    Err(reason) => {
                        findings.unknown(arn, report, &reason);
                        continue 'connections;
                    }
                };
                judged += 1;
                let peer_cidrs = sides[1 - index].info.cidrs();
                for (table, route) in
                    peering_routes(&tables.route_tables, pcx).filter(|(table, _)| table.vpc_id == side.vpc_id)
                {
                    routes += 1;
                    if let Some(why) = too_broad(route, &peer_cidrs) {
                        broad.push(format!("{} routes {why}", table.route_table_id));
                    }
                }
            }
            let partial = match sides.iter().find(|side| !side.in_snapshot) {
                Some(other) if judged == 1 => format!(" (VPC {}'s route tables are not in the snapshot)", other.vpc_id),
                _ => String::new(),
            };
            if judged == 0 {
                let reason = format!(
                    "Neither VPC of peering connection {pcx} has its route tables in the snapshot (other accounts or uncollected regions)"
                );
                findings.unknown(arn, report, &Unknown::new(reason));
            } else if !broad.is_empty() {
                findings.fail(
                    arn,
                    report,
                    format!("Peering connection {pcx} has routes wider than needed: {}", broad.join("; ")),
                );
            } else if routes == 0 {
                findings.ok(arn, report, format!("Peering connection {pcx} is used by no route{partial}"));
            } else {
                findings.ok(
                    arn,
                    report,
                    format!(
                        "Peering connection {pcx} has {}, none covering a whole peer VPC CIDR{partial}",
                        plural(routes, "route")
                    ),
                );
            }
        }
    }
}
