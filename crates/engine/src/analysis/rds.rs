//! What RDS data means for the RDS checks: walking a region's DB instances, the cluster an
//! instance belongs to, how old a restorable time is, and whether the internet can reach an
//! instance's endpoint.
//!
//! ## Reaching a DB instance from the internet
//!
//! `PubliclyAccessible` only decides what the instance's DNS endpoint resolves to: with it set,
//! the endpoint resolves to a public IPv4 address from outside the VPC (and, for a dual-stack
//! instance, `NetworkType` `DUAL`, its IPv6 address is reachable too); without it, to private
//! addresses only, which the internet cannot reach whatever the network allows (Amazon RDS User
//! Guide, "Working with a DB instance in a VPC"). A packet from the internet then needs two
//! things more:
//!
//! - a route back: the instance's subnet must send that family's internet (`0.0.0.0/0`, `::/0`)
//!   to an internet gateway ([`crate::analysis::vpc::internet_route_for`]). The instance sits in
//!   one subnet of its DB subnet group, and RDS may move it to another (a Multi-AZ failover, a
//!   host replacement), so every subnet of the group counts;
//! - a security group of the instance that admits the internet on the endpoint's TCP port
//!   ([`crate::analysis::network::internet_reach`]): a rule from `0.0.0.0/0` (for the IPv4
//!   address) or `::/0` (for the IPv6 one) whose traffic covers the port. Sources that are
//!   groups or prefix lists are not the internet. Every group the instance lists counts, in
//!   whatever membership status (`active`, `adding`, `removing`): one being added or removed
//!   may apply until RDS is done.
//!
//! Network ACLs are not read (as neither peer reads them): an ACL that drops the port makes a
//! "reachable" verdict too strong, never a "not reachable" one too weak.

use std::collections::HashMap;

use jiff::Timestamp;

use crate::analysis::network::{Family, OpenRule, Ports, internet_reach};
use crate::analysis::vpc::{internet_route_for, subnet_route_table};
use crate::check::Call;
use crate::context::{Context, Findings, Unknown, View};
use crate::views::ec2::SecurityGroup;
use crate::views::ec2_vpc::RouteTable;
use crate::views::rds::{DESCRIBE_DB_INSTANCES, DbCluster, DbInstance, DescribeDbClusters, DescribeDbInstances};

/// Runs `judge` on every DB instance of every region, with the region's listing. A region
/// without instances passes with one result saying so; one whose listing is missing or failed
/// is UNKNOWN.
pub fn each_db_instance(
    ctx: &Context,
    findings: &mut Findings,
    mut judge: impl FnMut(&str, &DescribeDbInstances, &DbInstance, &mut Findings),
) {
    ctx.each_region(DESCRIBE_DB_INSTANCES, findings, |region, data, findings| {
        if data.db_instances.is_empty() {
            return findings.ok(ctx.region_arn("rds", region), region, format!("No RDS DB instances in {region}"));
        }
        for instance in &data.db_instances {
            judge(region, data, instance, findings);
        }
    });
}

/// Runs `judge` on each region's answers to two listings (`None` for one that is missing or
/// failed), for checks that judge the resources of both. A region where either failed gets one
/// UNKNOWN naming the failures (the other's resources are still judged); one where both
/// answered and `judge` found nothing (it returns whether there was anything) passes with one
/// result, `No {what} in {region}`.
pub fn each_region_pair<A: View, B: View>(
    ctx: &Context,
    findings: &mut Findings,
    (first, second): (Call<A>, Call<B>),
    what: &str,
    mut judge: impl FnMut(&str, Option<&A>, Option<&B>, &mut Findings) -> bool,
) {
    for region in ctx.regions() {
        let (a, b) = (ctx.read_configured(first, region), ctx.read_configured(second, region));
        let failed: Vec<String> =
            [a.as_ref().err(), b.as_ref().err()].into_iter().flatten().map(ToString::to_string).collect();
        if !failed.is_empty() {
            findings.unknown(ctx.region_arn("rds", region), region, &Unknown::new(failed.join("; ")));
        }
        let any = judge(region, a.as_deref().ok(), b.as_deref().ok(), findings);
        if failed.is_empty() && !any {
            findings.ok(ctx.region_arn("rds", region), region, format!("No {what} in {region}"));
        }
    }
}

/// `RDS DB instance db-1 (mysql)`: how messages name an instance.
pub fn instance_label(instance: &DbInstance) -> String {
    format!("RDS DB instance {} ({})", instance.db_instance_identifier, instance.engine())
}

/// `RDS DB cluster c-1 (aurora-mysql)`: how messages name a cluster.
pub fn cluster_label(cluster: &DbCluster) -> String {
    format!("RDS DB cluster {} ({})", cluster.db_cluster_identifier, cluster.engine())
}

/// The cluster `instance` is a member of, from the region's cluster listing: `Ok(None)` for an
/// instance in no cluster, an error when the listing does not hold its cluster.
pub fn cluster_of<'a>(
    instance: &DbInstance,
    clusters: &'a DescribeDbClusters,
) -> Result<Option<&'a DbCluster>, String> {
    let Some(id) = instance.db_cluster_identifier.as_deref() else { return Ok(None) };
    clusters
        .db_clusters
        .iter()
        .find(|cluster| cluster.db_cluster_identifier == id)
        .map(Some)
        .ok_or_else(|| format!("its cluster {id} is not among DescribeDBClusters' clusters"))
}

/// Whole hours from `then` to `now` (the snapshot's collection time), 0 for a time after it.
pub fn hours_since(then: Timestamp, now: Timestamp) -> i64 {
    ((now.as_second() - then.as_second()).div_euclid(3600)).max(0)
}

/// How the internet could reach an instance's endpoint, were its endpoint public: the public
/// subnets of its subnet group and its groups' rules open to the internet on its port.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Exposure {
    /// The endpoint's TCP port.
    pub port: u16,
    /// The address families the instance has: IPv4, and IPv6 when it is dual-stack.
    pub families: Vec<Family>,
    /// Subnets of the group routing a family's internet to an internet gateway:
    /// (subnet, family, gateway).
    pub public_subnets: Vec<(String, Family, String)>,
    /// The rules open to the internet on the port: (group label, rule).
    pub open_rules: Vec<(String, OpenRule)>,
}

impl Exposure {
    /// The families over which the internet reaches the instance (given a public endpoint): a
    /// subnet routes the family's internet to a gateway and a rule admits it.
    pub fn paths(&self) -> Vec<Family> {
        self.families
            .iter()
            .copied()
            .filter(|family| {
                self.public_subnets.iter().any(|(_, routed, _)| routed == family)
                    && self.open_rules.iter().any(|(_, rule)| rule.admits_family(*family))
            })
            .collect()
    }

    /// `subnet-1 routes 0.0.0.0/0 to igw-1; web (sg-1) opens tcp 5432 from 0.0.0.0/0`, for the
    /// families in `families`.
    pub fn describe(&self, families: &[Family]) -> String {
        let subnets = self
            .public_subnets
            .iter()
            .filter(|(_, family, _)| families.contains(family))
            .map(|(subnet, family, gateway)| format!("{subnet} routes {} to {gateway}", internet_of(*family)));
        let rules = self
            .open_rules
            .iter()
            .filter(|(_, rule)| families.iter().any(|family| rule.admits_family(*family)))
            .map(|(group, rule)| format!("{group} opens {}", rule.describe()));
        subnets.chain(rules).collect::<Vec<_>>().join("; ")
    }

    /// Why the internet cannot reach the instance: what is missing for each of its families.
    pub fn describe_closed(&self) -> String {
        let routed = self.families.iter().any(|family| self.public_subnets.iter().any(|(_, f, _)| f == family));
        let open =
            self.families.iter().any(|family| self.open_rules.iter().any(|(_, rule)| rule.admits_family(*family)));
        match (routed, open) {
            (false, false) => format!(
                "no subnet of its DB subnet group routes to an internet gateway, and no security group opens TCP {} to the internet",
                self.port
            ),
            (false, true) => format!(
                "no subnet of its DB subnet group routes to an internet gateway, though {}",
                self.describe(&self.families)
            ),
            (true, false) => format!(
                "no security group opens TCP {} to the internet over its addresses, though {}{}",
                self.port,
                self.describe(&self.families),
                self.other_family_note()
            ),
            // Routed over one family and open over the other only.
            (true, true) => format!(
                "its public routes and open rules are of different address families ({})",
                self.describe(&self.families)
            ),
        }
    }

    /// `; db (sg-1) opens tcp 5432 from ::/0, but the instance has no IPv6 address`, for the
    /// open rules of families the instance has no address in, or nothing.
    fn other_family_note(&self) -> String {
        let unused: Vec<String> = self
            .open_rules
            .iter()
            .filter(|(_, rule)| !self.families.iter().any(|family| rule.admits_family(*family)))
            .map(|(group, rule)| format!("{group} opens {}", rule.describe()))
            .collect();
        if unused.is_empty() {
            String::new()
        } else {
            format!("; {}, but the instance has no IPv6 address", unused.join("; "))
        }
    }
}

/// `0.0.0.0/0` or `::/0`.
fn internet_of(family: Family) -> &'static str {
    match family {
        Family::V4 => "0.0.0.0/0",
        Family::V6 => "::/0",
    }
}

/// What the network lets the internet reach of `instance` (see the module's doc), from its
/// region's security groups (by id) and route tables; an error naming what the data lacks.
pub fn network_exposure(
    instance: &DbInstance,
    groups: &HashMap<&str, &SecurityGroup>,
    tables: &[RouteTable],
) -> Result<Exposure, String> {
    let port = instance
        .endpoint
        .as_ref()
        .and_then(|endpoint| endpoint.port)
        .ok_or("DescribeDBInstances gives no endpoint port for it")?;
    let port = u16::try_from(port).map_err(|_| format!("its endpoint port {port} is not a TCP port"))?;
    let subnet_group =
        instance.db_subnet_group.as_ref().ok_or("DescribeDBInstances gives no DB subnet group for it")?;
    let vpc = subnet_group.vpc_id.as_deref().ok_or("its DB subnet group names no VPC")?;
    if subnet_group.subnets.is_empty() {
        return Err("its DB subnet group lists no subnets".to_owned());
    }
    let mut families = vec![Family::V4];
    if instance.network_type.as_deref().is_some_and(|kind| kind.eq_ignore_ascii_case("DUAL")) {
        families.push(Family::V6);
    }
    let mut exposure = Exposure { port, families, ..Exposure::default() };
    for subnet in &subnet_group.subnets {
        let table = subnet_route_table(tables, &subnet.subnet_identifier, vpc)?;
        for family in [Family::V4, Family::V6] {
            if let Some(route) = internet_route_for(table, family) {
                let gateway = route.gateway_id.as_deref().unwrap_or_default().to_owned();
                exposure.public_subnets.push((subnet.subnet_identifier.to_string(), family, gateway));
            }
        }
    }
    let wanted = Ports::tcp(port, port);
    for membership in &instance.vpc_security_groups {
        let id = membership.vpc_security_group_id.as_str();
        let group = groups
            .get(id)
            .ok_or_else(|| format!("its security group {id} is not among DescribeSecurityGroups' groups"))?;
        let reach = internet_reach(&group.ip_permissions, |traffic| traffic.reaches(&wanted))
            .map_err(|e| format!("its security group {} has {e}", group.label()))?;
        for rule in reach.open {
            exposure.open_rules.push((group.label().to_string(), rule));
        }
    }
    Ok(exposure)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::views::ec2::DescribeSecurityGroups;
    use crate::views::ec2_vpc::DescribeRouteTables;

    fn instance(value: serde_json::Value) -> DbInstance {
        let mut base = json!({
            "DBInstanceIdentifier": "db-1", "DBInstanceArn": "arn:aws:rds:us-east-1:123456789012:db:db-1",
            "Engine": "postgres", "PubliclyAccessible": true,
            "Endpoint": {"Address": "db-1.x.us-east-1.rds.amazonaws.com", "Port": 5432},
            "VpcSecurityGroups": [{"VpcSecurityGroupId": "sg-1", "Status": "active"}],
            "DBSubnetGroup": {"VpcId": "vpc-1", "Subnets": [{"SubnetIdentifier": "subnet-a"}, {"SubnetIdentifier": "subnet-b"}]}
        });
        base.as_object_mut().unwrap().extend(value.as_object().unwrap().clone());
        serde_json::from_value(base).unwrap()
    }

    fn groups(rules: serde_json::Value) -> DescribeSecurityGroups {
        serde_json::from_value(json!({"SecurityGroups": [
            {"GroupId": "sg-1", "GroupName": "db", "VpcId": "vpc-1", "IpPermissions": rules}
        ]}))
        .unwrap()
    }

    fn tables(public_route: serde_json::Value) -> DescribeRouteTables {
        serde_json::from_value(json!({"RouteTables": [
            {"RouteTableId": "rtb-main", "VpcId": "vpc-1", "Routes": [{"DestinationCidrBlock": "10.0.0.0/16", "GatewayId": "local"}],
             "Associations": [{"Main": true, "AssociationState": {"State": "associated"}}]},
            {"RouteTableId": "rtb-pub", "VpcId": "vpc-1", "Routes": public_route,
             "Associations": [{"Main": false, "SubnetId": "subnet-b", "AssociationState": {"State": "associated"}}]}
        ]}))
        .unwrap()
    }

    fn exposure(instance: &DbInstance, groups: &DescribeSecurityGroups, tables: &DescribeRouteTables) -> Exposure {
        let by_id = groups.security_groups.iter().map(|group| (group.group_id.as_str(), group)).collect();
        network_exposure(instance, &by_id, &tables.route_tables).unwrap()
    }

    const OPEN_V4: &str =
        r#"[{"IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]"#;
    const IGW_V4: &str = r#"[{"DestinationCidrBlock": "0.0.0.0/0", "GatewayId": "igw-1", "State": "active"}]"#;

    fn value(text: &str) -> serde_json::Value {
        serde_json::from_str(text).unwrap()
    }

    #[test]
    fn a_public_subnet_and_an_open_rule_make_a_path() {
        let found = exposure(&instance(json!({})), &groups(value(OPEN_V4)), &tables(value(IGW_V4)));
        assert_eq!(found.paths(), [Family::V4]);
        assert_eq!(
            found.describe(&found.paths()),
            "subnet-b routes 0.0.0.0/0 to igw-1; db (sg-1) opens tcp 5432 from 0.0.0.0/0"
        );
    }

    #[test]
    fn a_missing_route_or_rule_closes_the_path() {
        let private = exposure(&instance(json!({})), &groups(value(OPEN_V4)), &tables(json!([])));
        assert!(private.paths().is_empty());
        assert!(
            private.describe_closed().starts_with("no subnet of its DB subnet group routes"),
            "{}",
            private.describe_closed()
        );
        let other_port =
            json!([{"IpProtocol": "tcp", "FromPort": 3306, "ToPort": 3306, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]);
        let closed = exposure(&instance(json!({})), &groups(other_port), &tables(value(IGW_V4)));
        assert!(closed.paths().is_empty());
        assert!(closed.describe_closed().starts_with("no security group opens TCP 5432"));
        let v6_only =
            json!([{"IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432, "Ipv6Ranges": [{"CidrIpv6": "::/0"}]}]);
        let ipv4_instance = exposure(&instance(json!({})), &groups(v6_only), &tables(value(IGW_V4)));
        assert!(
            ipv4_instance.describe_closed().ends_with("opens tcp 5432 from ::/0, but the instance has no IPv6 address")
        );
        let all_traffic = json!([{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]);
        assert_eq!(exposure(&instance(json!({})), &groups(all_traffic), &tables(value(IGW_V4))).paths(), [Family::V4]);
    }

    #[test]
    fn ipv6_counts_only_for_a_dual_stack_instance_routed_over_ipv6() {
        let open_v6 =
            json!([{"IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432, "Ipv6Ranges": [{"CidrIpv6": "::/0"}]}]);
        let igw_v6 = json!([{"DestinationIpv6CidrBlock": "::/0", "GatewayId": "igw-1"}]);
        let ipv4_only = exposure(&instance(json!({})), &groups(open_v6.clone()), &tables(igw_v6.clone()));
        assert!(ipv4_only.paths().is_empty(), "an IPv4-only instance has no IPv6 address");
        let dual = instance(json!({"NetworkType": "DUAL"}));
        assert_eq!(exposure(&dual, &groups(open_v6.clone()), &tables(igw_v6)).paths(), [Family::V6]);
        let crossed = exposure(&dual, &groups(open_v6), &tables(value(IGW_V4)));
        assert!(crossed.paths().is_empty(), "routed over IPv4, open over IPv6 only");
        assert!(crossed.describe_closed().contains("different address families"));
    }

    #[test]
    fn missing_data_is_an_error() {
        let data = groups(value(OPEN_V4));
        let by_id: HashMap<&str, &SecurityGroup> =
            data.security_groups.iter().map(|g| (g.group_id.as_str(), g)).collect();
        let routes = tables(value(IGW_V4));
        let other_group = instance(json!({"VpcSecurityGroups": [{"VpcSecurityGroupId": "sg-9"}]}));
        assert!(network_exposure(&other_group, &by_id, &routes.route_tables).unwrap_err().contains("sg-9"));
        let no_port = instance(json!({"Endpoint": {"Address": "x"}}));
        assert!(network_exposure(&no_port, &by_id, &routes.route_tables).is_err());
        let no_table =
            instance(json!({"DBSubnetGroup": {"VpcId": "vpc-2", "Subnets": [{"SubnetIdentifier": "subnet-z"}]}}));
        assert!(network_exposure(&no_table, &by_id, &routes.route_tables).is_err());
    }

    #[test]
    fn hours_round_down_and_never_go_negative() {
        let at = |text: &str| text.parse::<Timestamp>().unwrap();
        assert_eq!(hours_since(at("2026-06-30T05:00:01Z"), at("2026-06-30T12:00:00Z")), 6);
        assert_eq!(hours_since(at("2026-06-30T13:00:00Z"), at("2026-06-30T12:00:00Z")), 0);
    }
}
