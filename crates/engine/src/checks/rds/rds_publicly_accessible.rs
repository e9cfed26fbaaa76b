use std::cell::OnceCell;
use std::collections::HashMap;
use std::sync::Arc;

use crate::analysis::rds::{Exposure, each_db_instance, instance_label, network_exposure};
use crate::check::declare_check;
use crate::context::{Context, Findings, Unknown};
use crate::views::ec2::{DESCRIBE_SECURITY_GROUPS, DescribeSecurityGroups, SecurityGroup};
use crate::views::ec2_vpc::{DESCRIBE_ROUTE_TABLES, DescribeRouteTables};
use crate::views::rds::{DESCRIBE_DB_INSTANCES, DbInstance};

declare_check! {
    /// Ensures no RDS DB instance can be reached from the internet. `PubliclyAccessible` makes
    /// the instance's endpoint resolve to a public address; the internet then reaches it only
    /// when a subnet of its DB subnet group routes the internet to an internet gateway and one
    /// of its security groups opens the endpoint's port to `0.0.0.0/0` (or, for a dual-stack
    /// instance, `::/0` with an IPv6 route). An instance with all three fails, and the message
    /// names the route and the rule. An instance with the flag set that its network keeps out
    /// warns: its endpoint is public and one route or rule away from exposure, and the message
    /// says which evidence is missing. An instance without the flag passes, its message saying
    /// what its network would allow were the flag set.
    ///
    /// The peers decide on different evidence. CloudSploit and FSBP RDS.2 fail on the flag
    /// alone; the CIS 3.2.3 audit reads the flag and the subnets' routes to an internet
    /// gateway; Prowler fails a flagged instance with a public subnet (its security-group test
    /// only shapes the message). A route with no open rule, or an open rule in private subnets,
    /// does not let a packet in, so stance fails only a real path and warns on the flag.
    /// Network ACLs are not read, so a "reachable" verdict may be too strong where an ACL drops
    /// the port, never too weak.
    ///
    /// ## Remediation
    /// Turn the flag off (`aws rds modify-db-instance --db-instance-identifier …
    /// --no-publicly-accessible --apply-immediately`); if the instance must be reached from
    /// outside, restrict its security groups to known addresses.
    pub(crate) CHECK {
        id: "rdsPubliclyAccessible",
        title: "RDS Publicly Accessible",
        severity: Critical,
        reads: [DESCRIBE_DB_INSTANCES, DESCRIBE_SECURITY_GROUPS, DESCRIBE_ROUTE_TABLES],
        run,
        aliases: [
            ("rds_instance_no_public_access", Differently("Prowler fails a flagged instance in a public subnet whatever its security groups allow, and skips DocumentDB; stance fails only when a security group also opens the port to the internet, warns on a flagged instance the network keeps out, and judges DocumentDB instances too")),
        ],
    }
}

type Network = Result<(Arc<DescribeSecurityGroups>, Arc<DescribeRouteTables>), Unknown>;

fn run(ctx: &Context, findings: &mut Findings) {
    let mut region_network: HashMap<String, OnceCell<Network>> = HashMap::new();
    each_db_instance(ctx, findings, |region, _, instance, findings| {
        let network = region_network.entry(region.to_owned()).or_default().get_or_init(|| {
            Ok((
                ctx.read_configured(DESCRIBE_SECURITY_GROUPS, region)?,
                ctx.read_configured(DESCRIBE_ROUTE_TABLES, region)?,
            ))
        });
        let exposure = network.as_ref().map_err(Unknown::to_string).and_then(|(groups, tables)| {
            let groups: HashMap<&str, &SecurityGroup> =
                groups.security_groups.iter().map(|group| (group.group_id.as_str(), group)).collect();
            network_exposure(instance, &groups, &tables.route_tables)
        });
        judge(region, instance, exposure, findings);
    });
}

fn judge(region: &str, instance: &DbInstance, exposure: Result<Exposure, String>, findings: &mut Findings) {
    let (arn, label) = (instance.db_instance_arn.as_str(), instance_label(instance));
    match (instance.publicly_accessible, exposure) {
        (None, _) => findings.unknown(
            arn,
            region,
            &Unknown::new(format!("{label}: DescribeDBInstances does not say whether it is publicly accessible")),
        ),
        (Some(false), exposure) => {
            let network = match exposure {
                Ok(exposure) if !exposure.paths().is_empty() => {
                    format!("; were it set, the internet would reach it: {}", exposure.describe(&exposure.paths()))
                }
                Ok(exposure) => format!("; its network keeps the internet out too: {}", exposure.describe_closed()),
                Err(reason) => format!("; its network was not judged: {reason}"),
            };
            findings.ok(
                arn,
                region,
                format!("{label} is not publicly accessible: PubliclyAccessible is false, so its endpoint has private addresses only{network}"),
            );
        }
        (Some(true), Err(reason)) => findings.unknown(
            arn,
            region,
            &Unknown::new(format!(
                "{label} has PubliclyAccessible set, and whether the internet reaches it is unknown: {reason}"
            )),
        ),
        (Some(true), Ok(exposure)) => {
            let paths = exposure.paths();
            if paths.is_empty() {
                findings.warn(
                    arn,
                    region,
                    format!(
                        "{label} has PubliclyAccessible set, so its endpoint has a public address, but the internet cannot reach it: {}",
                        exposure.describe_closed()
                    ),
                );
            } else {
                findings.fail(
                    arn,
                    region,
                    format!(
                        "{label} is reachable from the internet on TCP {}: PubliclyAccessible is set, {}",
                        exposure.port,
                        exposure.describe(&paths)
                    ),
                );
            }
        }
    }
}
