//! Subnet tiers and peering routes, by VPC routing semantics.
//!
//! **Which route table a subnet uses.** A subnet uses the route table explicitly associated
//! with it (an association naming its `SubnetId`, in state `associated`), and otherwise its
//! VPC's main route table (the association with `Main: true`). Edge associations (naming a
//! `GatewayId`) route traffic entering the VPC and apply to no subnet. A subnet for which the
//! data holds neither is an error, never a guess: the route tables were listed incompletely.
//!
//! **Public subnet.** A subnet is public when its route table sends `0.0.0.0/0` or `::/0` to an
//! internet gateway (`igw-…`), the definition of the Amazon VPC User Guide ("Subnet types").
//! A route in state `blackhole` carries nothing and does not count. An egress-only internet
//! gateway (`eigw-…`) lets IPv6 traffic out only, and a NAT gateway or a route to another
//! network does not make the subnet reachable from the internet: such subnets are private.

use crate::analysis::network::{Cidr, Family};
use crate::context::{Context, Findings, Unknown};
use crate::views::ec2_vpc::{GatewayAttachment, PeeringVpcInfo, Route, RouteTable, VpcPeeringConnection};

/// The data a check needs in `region`, or `None` after reporting the region UNKNOWN with the
/// reason it could not be read.
pub fn region_data<T>(ctx: &Context, findings: &mut Findings, region: &str, data: Result<T, Unknown>) -> Option<T> {
    match data {
        Ok(data) => Some(data),
        Err(reason) => {
            findings.unknown(ctx.region_arn("ec2", region), region, &reason);
            None
        }
    }
}

/// `VPC vpc-1`, `Default VPC vpc-1`: how messages name a VPC.
pub fn vpc_label(vpc: &crate::views::ec2::Vpc) -> String {
    let kind = if vpc.is_default { "Default VPC" } else { "VPC" };
    format!("{kind} {}", vpc.vpc_id)
}

/// Reports a gateway (internet, egress-only or virtual private): OK when one of its
/// attachments is in effect ([`GatewayAttachment::is_attached`]), naming the VPC, and FAIL when
/// none is. `kind` names the gateway in messages (`Internet gateway`).
pub fn report_attachment(
    findings: &mut Findings,
    arn: String,
    region: &str,
    kind: &str,
    id: &str,
    attachments: &[GatewayAttachment],
) {
    match attachments.iter().find(|attachment| attachment.is_attached()) {
        Some(attachment) => findings.ok(
            arn,
            region,
            format!("{kind} {id} is attached to VPC {}", attachment.vpc_id.as_deref().unwrap_or("(unnamed)")),
        ),
        None => match attachments
            .iter()
            .find_map(|attachment| Some((attachment.state.as_str(), attachment.vpc_id.as_deref()?)))
        {
            Some((state, vpc)) => {
                findings.fail(arn, region, format!("{kind} {id} is not attached to any VPC (VPC {vpc}: {state})"))
            }
            None => findings.fail(arn, region, format!("{kind} {id} is not attached to any VPC")),
        },
    }
}

/// The route table `subnet_id` (in `vpc_id`) uses: its explicit association, else the VPC's
/// main table; an error when the data holds neither.
pub fn subnet_route_table<'a>(
    tables: &'a [RouteTable],
    subnet_id: &str,
    vpc_id: &str,
) -> Result<&'a RouteTable, String> {
    let explicit = tables.iter().find(|table| {
        table
            .associations
            .iter()
            .any(|association| association.in_effect() && association.subnet_id.as_deref() == Some(subnet_id))
    });
    let main = || {
        tables.iter().find(|table| {
            table.vpc_id == vpc_id
                && table.associations.iter().any(|association| association.main && association.in_effect())
        })
    };
    explicit.or_else(main).ok_or_else(|| {
        format!("no route table of VPC {vpc_id} applies to subnet {subnet_id} (neither an explicit association nor a main table)")
    })
}

/// The route of `table` that makes its subnets public (`0.0.0.0/0` or `::/0` to an internet
/// gateway), if any.
pub fn internet_route(table: &RouteTable) -> Option<&Route> {
    internet_route_where(table, |_| true)
}

/// The route of `table` that sends the whole of `family`'s internet (`0.0.0.0/0` for IPv4,
/// `::/0` for IPv6) to an internet gateway, if any: a host reached over that family needs it.
pub fn internet_route_for(table: &RouteTable, family: Family) -> Option<&Route> {
    internet_route_where(table, |cidr| cidr.family == family)
}

fn internet_route_where(table: &RouteTable, family: impl Fn(&Cidr) -> bool) -> Option<&Route> {
    table.routes.iter().find(|route| {
        route.is_active()
            && route.gateway_id.as_deref().is_some_and(|gateway| gateway.starts_with("igw-"))
            && route
                .destination()
                .and_then(|cidr| Cidr::parse(cidr).ok())
                .is_some_and(|cidr| cidr.is_internet() && family(&cidr))
    })
}

/// Whether `subnet_id` is public: its route table (see [`subnet_route_table`]) routes the
/// internet to an internet gateway. The table is returned with the answer, for messages.
pub fn subnet_is_public<'a>(
    tables: &'a [RouteTable],
    subnet_id: &str,
    vpc_id: &str,
) -> Result<(bool, &'a RouteTable), String> {
    let table = subnet_route_table(tables, subnet_id, vpc_id)?;
    Ok((internet_route(table).is_some(), table))
}

/// The active routes of `tables` that send traffic through the peering connection `pcx`.
pub fn peering_routes<'a>(tables: &'a [RouteTable], pcx: &'a str) -> impl Iterator<Item = (&'a RouteTable, &'a Route)> {
    tables.iter().flat_map(move |table| {
        table
            .routes
            .iter()
            .filter(move |route| route.is_active() && route.vpc_peering_connection_id.as_deref() == Some(pcx))
            .map(move |route| (table, route))
    })
}

/// The subnets of `vpc_subnets` (subnets of `table`'s VPC) that use `table`: those explicitly
/// associated with it, and, when it is the main table, those with no explicit association.
pub fn subnets_using<'a>(tables: &[RouteTable], table: &RouteTable, vpc_subnets: &[&'a str]) -> Vec<&'a str> {
    vpc_subnets
        .iter()
        .copied()
        .filter(|subnet| subnet_route_table(tables, subnet, &table.vpc_id).is_ok_and(|used| std::ptr::eq(used, table)))
        .collect()
}

/// One VPC of a peering connection, and whether the snapshot can hold its route tables and
/// subnets: the VPC is in this account (peerings can join accounts) and in a collected region.
pub struct PeeringSide<'a> {
    pub info: &'a PeeringVpcInfo,
    /// The VPC's region: the one the connection names, else the one it was listed in.
    pub region: &'a str,
    pub vpc_id: &'a str,
    pub in_snapshot: bool,
}

/// The requester and accepter sides of `connection`, listed in `listed_region`.
pub fn peering_sides<'a>(
    ctx: &'a Context,
    connection: &'a VpcPeeringConnection,
    listed_region: &'a str,
) -> [PeeringSide<'a>; 2] {
    let side = |info: &'a PeeringVpcInfo| {
        let region = info.region.as_deref().unwrap_or(listed_region);
        let ours = info.owner_id.as_deref().is_none_or(|owner| owner == ctx.account_id());
        PeeringSide {
            info,
            region,
            vpc_id: info.vpc_id.as_deref().unwrap_or(""),
            in_snapshot: ours && info.vpc_id.is_some() && ctx.regions().iter().any(|collected| collected == region),
        }
    };
    [side(&connection.requester_vpc_info), side(&connection.accepter_vpc_info)]
}

/// The region a peering connection listed in `listed_region` is reported in: its requester's,
/// when the snapshot covers it, else the one it was listed in; so that a connection both
/// regions list is reported once, always under the same ARN. `None` when another region
/// reports it.
pub fn peering_report_region<'a>(
    ctx: &Context,
    connection: &'a VpcPeeringConnection,
    listed_region: &'a str,
) -> Option<&'a str> {
    let requester = connection.requester_vpc_info.region.as_deref().unwrap_or(listed_region);
    let covered = ctx.regions().iter().any(|region| region == requester);
    let report = if covered { requester } else { listed_region };
    (report == listed_region).then_some(report)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::views::ec2_vpc::DescribeRouteTables;

    fn tables(value: serde_json::Value) -> DescribeRouteTables {
        serde_json::from_value(json!({"RouteTables": value})).unwrap()
    }

    fn main_table(id: &str, routes: serde_json::Value) -> serde_json::Value {
        json!({"RouteTableId": id, "VpcId": "vpc-1", "Routes": routes,
               "Associations": [{"Main": true, "RouteTableAssociationId": "a-1", "RouteTableId": id, "AssociationState": {"State": "associated"}}]})
    }

    fn subnet_table(id: &str, subnet: &str, routes: serde_json::Value) -> serde_json::Value {
        json!({"RouteTableId": id, "VpcId": "vpc-1", "Routes": routes,
               "Associations": [{"Main": false, "SubnetId": subnet, "RouteTableId": id, "AssociationState": {"State": "associated"}}]})
    }

    const LOCAL: &str = "10.0.0.0/16";

    #[test]
    fn a_subnet_uses_its_explicit_table_else_the_main_one() {
        let data = tables(json!([
            main_table("rtb-main", json!([{"DestinationCidrBlock": LOCAL, "GatewayId": "local"}])),
            subnet_table(
                "rtb-pub",
                "subnet-a",
                json!([{"DestinationCidrBlock": "0.0.0.0/0", "GatewayId": "igw-1", "State": "active"}])
            ),
        ]));
        let t = &data.route_tables;
        assert_eq!(subnet_route_table(t, "subnet-a", "vpc-1").unwrap().route_table_id, "rtb-pub");
        assert_eq!(subnet_route_table(t, "subnet-b", "vpc-1").unwrap().route_table_id, "rtb-main");
        assert!(subnet_route_table(t, "subnet-c", "vpc-2").is_err(), "no main table of vpc-2 in the data");
        assert!(subnet_is_public(t, "subnet-a", "vpc-1").unwrap().0);
        assert!(!subnet_is_public(t, "subnet-b", "vpc-1").unwrap().0);
        assert_eq!(subnets_using(t, &t[0], &["subnet-a", "subnet-b"]), ["subnet-b"]);
        assert_eq!(subnets_using(t, &t[1], &["subnet-a", "subnet-b"]), ["subnet-a"]);
    }

    #[test]
    fn a_main_table_to_an_internet_gateway_makes_unassociated_subnets_public() {
        let data = tables(json!([main_table(
            "rtb-main",
            json!([{"DestinationIpv6CidrBlock": "::/0", "GatewayId": "igw-1"}])
        )]));
        assert!(subnet_is_public(&data.route_tables, "subnet-x", "vpc-1").unwrap().0, "IPv6 default route counts");
        let table = &data.route_tables[0];
        assert!(internet_route_for(table, Family::V6).is_some());
        assert!(internet_route_for(table, Family::V4).is_none(), "an IPv6 route does not carry IPv4");
    }

    #[test]
    fn only_the_internet_to_an_internet_gateway_is_public() {
        let private = [
            json!([{"DestinationCidrBlock": "0.0.0.0/0", "NatGatewayId": "nat-1"}]),
            json!([{"DestinationIpv6CidrBlock": "::/0", "EgressOnlyInternetGatewayId": "eigw-1"}]),
            json!([{"DestinationCidrBlock": "0.0.0.0/0", "GatewayId": "igw-1", "State": "blackhole"}]),
            json!([{"DestinationCidrBlock": "0.0.0.0/1", "GatewayId": "igw-1"}]),
            json!([{"DestinationCidrBlock": "0.0.0.0/0", "GatewayId": "vgw-1"}]),
            json!([{"DestinationPrefixListId": "pl-1", "GatewayId": "igw-1"}]),
        ];
        for routes in private {
            let data = tables(json!([main_table("rtb", routes.clone())]));
            assert!(!subnet_is_public(&data.route_tables, "subnet-x", "vpc-1").unwrap().0, "{routes}");
        }
    }

    #[test]
    fn a_disassociated_table_does_not_apply() {
        let data = tables(json!([
            main_table("rtb-main", json!([])),
            {"RouteTableId": "rtb-old", "VpcId": "vpc-1", "Routes": [{"DestinationCidrBlock": "0.0.0.0/0", "GatewayId": "igw-1"}],
             "Associations": [{"SubnetId": "subnet-a", "AssociationState": {"State": "disassociated"}}]},
            {"RouteTableId": "rtb-edge", "VpcId": "vpc-1", "Routes": [],
             "Associations": [{"GatewayId": "igw-1", "AssociationState": {"State": "associated"}}]},
        ]));
        assert_eq!(subnet_route_table(&data.route_tables, "subnet-a", "vpc-1").unwrap().route_table_id, "rtb-main");
    }

    #[test]
    fn peering_routes_are_the_active_routes_through_the_connection() {
        let data = tables(json!([main_table(
            "rtb",
            json!([
                {"DestinationCidrBlock": "10.1.0.0/16", "VpcPeeringConnectionId": "pcx-1", "State": "active"},
                {"DestinationCidrBlock": "10.2.0.0/16", "VpcPeeringConnectionId": "pcx-1", "State": "blackhole"},
                {"DestinationCidrBlock": "10.3.0.0/16", "VpcPeeringConnectionId": "pcx-2"},
            ])
        )]));
        let routes: Vec<_> =
            peering_routes(&data.route_tables, "pcx-1").map(|(_, route)| route.destination()).collect();
        assert_eq!(routes, [Some("10.1.0.0/16")]);
    }
}
