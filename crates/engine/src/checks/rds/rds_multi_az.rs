use std::cell::OnceCell;

use crate::analysis::rds::{cluster_label, cluster_of, each_db_instance, instance_label};
use crate::check::declare_check;
use crate::context::{Context, Findings, Unknown};
use crate::settings::Setting;
use crate::views::rds::{DESCRIBE_DB_CLUSTERS, DESCRIBE_DB_INSTANCES};

declare_check! {
    /// Ensures every RDS DB instance can fail over to another Availability Zone. An instance
    /// outside any cluster passes when `MultiAZ` is true (a standby, or two readable standbys,
    /// in other zones) and fails when it is false. An instance that is a member of a DB cluster
    /// (Aurora, DocumentDB, Neptune, or a Multi-AZ DB cluster) has no standby of its own: its
    /// failover is the cluster's, so it is judged by its cluster's `MultiAZ`, true when the
    /// cluster has instances in more than one zone. An Aurora cluster whose instances all sit in
    /// one zone fails through each member.
    ///
    /// CloudSploit passes every Aurora and DocumentDB instance without looking, though an
    /// Aurora cluster with a single instance cannot fail over to another zone; Prowler judges
    /// members by their cluster as stance does. Read replicas are judged like any instance
    /// unless rds_multi_az_ignore_replicas is set, which leaves them out. rdsClusterMultiAz
    /// reports the clusters themselves.
    ///
    /// ## Remediation
    /// Convert the instance to a Multi-AZ deployment (`aws rds modify-db-instance
    /// --db-instance-identifier … --multi-az`); for a cluster member, add a reader instance in
    /// another Availability Zone to its cluster.
    pub(crate) CHECK {
        id: "rdsMultiAz",
        title: "RDS Multiple AZ",
        severity: Medium,
        reads: [DESCRIBE_DB_INSTANCES, DESCRIBE_DB_CLUSTERS],
        run,
        settings: [IGNORE_REPLICAS],
        aliases: [("rds_instance_multi_az", Same)],
    }
}

static IGNORE_REPLICAS: Setting<bool> =
    Setting::new("rds_multi_az_ignore_replicas", "false", "Read replicas are not judged.");

fn run(ctx: &Context, findings: &mut Findings) {
    let ignore_replicas = *ctx.setting(&IGNORE_REPLICAS);
    let mut region_clusters = std::collections::HashMap::new();
    each_db_instance(ctx, findings, |region, _, instance, findings| {
        let (arn, label) = (instance.db_instance_arn.as_str(), instance_label(instance));
        if instance.db_cluster_identifier.is_some() {
            // Read only when a member needs its cluster.
            let clusters = region_clusters
                .entry(region.to_owned())
                .or_insert_with(OnceCell::new)
                .get_or_init(|| ctx.read_configured(DESCRIBE_DB_CLUSTERS, region));
            let cluster =
                clusters.as_ref().map_err(ToString::to_string).and_then(|clusters| cluster_of(instance, clusters));
            match cluster {
                Ok(Some(cluster)) => match cluster.multi_az {
                    Some(true) => findings.ok(
                        arn,
                        region,
                        format!(
                            "{label} is a member of {}, which has instances in more than one Availability Zone",
                            cluster_label(cluster)
                        ),
                    ),
                    Some(false) => findings.fail(
                        arn,
                        region,
                        format!(
                            "{label} is a member of {}, whose instances are not in more than one Availability Zone",
                            cluster_label(cluster)
                        ),
                    ),
                    None => findings.unknown(
                        arn,
                        region,
                        &Unknown::new(format!(
                            "{label}: DescribeDBClusters does not say whether its cluster {} is Multi-AZ",
                            cluster.db_cluster_identifier
                        )),
                    ),
                },
                Ok(None) => unreachable!("a member names its cluster"),
                Err(reason) => findings.unknown(
                    arn,
                    region,
                    &Unknown::new(format!(
                        "{label} is a cluster member, and whether its cluster is Multi-AZ is unknown: {reason}"
                    )),
                ),
            }
            return;
        }
        if ignore_replicas && instance.is_read_replica() {
            return;
        }
        let replica = if instance.is_read_replica() { ", a read replica," } else { "" };
        match instance.multi_az {
            Some(true) => findings.ok(arn, region, format!("{label}{replica} is a Multi-AZ deployment")),
            Some(false) => findings.fail(arn, region, format!("{label}{replica} is not a Multi-AZ deployment")),
            None => findings.unknown(
                arn,
                region,
                &Unknown::new(format!("{label}: DescribeDBInstances does not say whether it is Multi-AZ")),
            ),
        }
    });
}
