use crate::analysis::rds::cluster_label;
use crate::check::declare_check;
use crate::context::{Context, Findings, Unknown};
use crate::views::rds::DESCRIBE_DB_CLUSTERS;

declare_check! {
    /// Ensures every RDS DB cluster can fail over to another Availability Zone: a cluster passes
    /// when `MultiAZ` is true and fails when it is false. For Aurora (and DocumentDB and
    /// Neptune) `MultiAZ` is true when the cluster has instances in more than one zone, so a
    /// cluster with a single instance, or with all its instances in one zone, fails although
    /// its storage is replicated across zones: a failover would wait for a new instance. A
    /// Multi-AZ DB cluster (`DBClusterInstanceClass` set) reports true by construction. The
    /// message gives the cluster's member count.
    ///
    /// Prowler skips DocumentDB clusters; stance judges them, since their `MultiAZ` means the
    /// same.
    ///
    /// ## Remediation
    /// Add a reader instance in another Availability Zone (`aws rds create-db-instance
    /// --db-cluster-identifier … --availability-zone …`).
    pub(crate) CHECK {
        id: "rdsClusterMultiAz",
        title: "RDS Cluster Multiple AZ",
        severity: Medium,
        reads: [DESCRIBE_DB_CLUSTERS],
        run,
        aliases: [
            ("rds_cluster_multi_az", Differently("Prowler skips DocumentDB clusters; stance judges them, since DescribeDBClusters reports their MultiAZ with the same meaning")),
        ],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    ctx.each_region(DESCRIBE_DB_CLUSTERS, findings, |region, data, findings| {
        if data.db_clusters.is_empty() {
            return findings.ok(ctx.region_arn("rds", region), region, format!("No RDS DB clusters in {region}"));
        }
        for cluster in &data.db_clusters {
            let (arn, label) = (cluster.db_cluster_arn.as_str(), cluster_label(cluster));
            let members =
                crate::context::plural(i64::try_from(cluster.db_cluster_members.len()).unwrap_or(i64::MAX), "instance");
            match cluster.multi_az {
                Some(true) => findings.ok(arn, region, format!("{label} is Multi-AZ ({members})")),
                Some(false) => {
                    let why = match cluster.db_cluster_members.len() {
                        0 => "it has no instances".to_owned(),
                        1 => "its only instance is in one Availability Zone".to_owned(),
                        count => format!("its {count} instances are all in one Availability Zone"),
                    };
                    findings.fail(arn, region, format!("{label} is not Multi-AZ: {why}"));
                }
                None => findings.unknown(
                    arn,
                    region,
                    &Unknown::new(format!("{label}: DescribeDBClusters does not say whether it is Multi-AZ")),
                ),
            }
        }
    });
}
