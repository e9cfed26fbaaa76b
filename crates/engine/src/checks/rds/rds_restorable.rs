use jiff::Timestamp;

use crate::analysis::rds::{cluster_label, hours_since, instance_label};
use crate::check::declare_check;
use crate::context::{Context, Findings, Unknown, plural};
use crate::results::Status;
use crate::settings::Setting;
use crate::views::rds::{DESCRIBE_DB_CLUSTERS, DESCRIBE_DB_INSTANCES, DbInstance};

declare_check! {
    /// Ensures every RDS DB instance and DB cluster can be restored to a recent point in time:
    /// its `LatestRestorableTime`, measured against when the snapshot was collected, fails when
    /// more than rds_restorable_fail hours old (24 by default), warns when more than
    /// rds_restorable_warn hours old (6), and passes otherwise. An instance or cluster with
    /// automated backups but no restorable time fails, and the message gives its
    /// `BackupRetentionPeriod` (0 turns automated backups, and point-in-time restore, off).
    ///
    /// A member of a cluster (Aurora, DocumentDB, Neptune, a Multi-AZ DB cluster) is restored
    /// through its cluster, which is judged in its place. Clusters are read in regions where an
    /// instance is a member, or that have no instances; a cluster without instances in a region
    /// whose instances are all standalone is not judged. A read replica without a restorable
    /// time of its own is left out: it has no automated backups by default, and its data is its
    /// source's. A stopped instance or cluster passes whatever its age: nothing is written while
    /// it is stopped, so its restorable time loses no data.
    ///
    /// CloudSploit applies the two settings to clusters only (instances always use 24 and 6
    /// hours), skips Aurora instances by engine name, passes DocumentDB instances without a
    /// restorable time, and measures from the time of the scan; stance applies the settings to
    /// both, skips members by their cluster, and measures from collection, so that evaluating a
    /// snapshot again gives the same results.
    ///
    /// ## Remediation
    /// Turn automated backups on (`aws rds modify-db-instance --backup-retention-period 7`, or
    /// `modify-db-cluster`); if the restorable time lags although backups are on, check the
    /// instance's events and open a support case.
    pub(crate) CHECK {
        id: "rdsRestorable",
        title: "RDS Restorable",
        severity: Medium,
        reads: [DESCRIBE_DB_INSTANCES, DESCRIBE_DB_CLUSTERS],
        run,
        settings: [FAIL_HOURS, WARN_HOURS],
    }
}

static FAIL_HOURS: Setting<i64> = Setting::new(
    "rds_restorable_fail",
    "24",
    "Fail an RDS DB instance or cluster whose latest restorable time is more than this many hours old.",
);

static WARN_HOURS: Setting<i64> = Setting::new(
    "rds_restorable_warn",
    "6",
    "Warn on an RDS DB instance or cluster whose latest restorable time is more than this many hours old.",
);

/// The verdict on a restorable time, and its message's end.
fn grade(ctx: &Context, latest: Timestamp, stopped: bool) -> (Status, String) {
    let (fail, warn) = (*ctx.setting(&FAIL_HOURS), *ctx.setting(&WARN_HOURS));
    let age = hours_since(latest, ctx.now());
    let ago = if age == 0 { "less than an hour".to_owned() } else { plural(age, "hour") };
    let said = format!("can be restored to {latest}, {ago} before collection");
    if stopped {
        return (Status::Ok, format!("is stopped and {said}; nothing has been written since it stopped"));
    }
    if age > fail {
        (Status::Fail, format!("{said}, more than rds_restorable_fail {fail}"))
    } else if age > warn {
        (Status::Warn, format!("{said}, more than rds_restorable_warn {warn}"))
    } else {
        (Status::Ok, said)
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    for region in ctx.regions() {
        let instances = match ctx.read_configured(DESCRIBE_DB_INSTANCES, region) {
            Ok(data) => data,
            Err(reason) => {
                findings.unknown(ctx.region_arn("rds", region), region, &reason);
                continue;
            }
        };
        let instances = &instances.db_instances;
        for instance in instances.iter().filter(|instance| instance.db_cluster_identifier.is_none()) {
            judge_instance(ctx, region, instance, findings);
        }
        // Every cluster with instances has them listed as members; clusters are read where an
        // instance is a member, or where there are no instances (a cluster may have none).
        if !instances.is_empty() && instances.iter().all(|instance| instance.db_cluster_identifier.is_none()) {
            continue;
        }
        let clusters = match ctx.read_configured(DESCRIBE_DB_CLUSTERS, region) {
            Ok(data) => data,
            Err(reason) => {
                findings.unknown(ctx.region_arn("rds", region), region, &reason);
                continue;
            }
        };
        if instances.is_empty() && clusters.db_clusters.is_empty() {
            findings.ok(ctx.region_arn("rds", region), region, format!("No RDS DB instances or clusters in {region}"));
        }
        for cluster in &clusters.db_clusters {
            let (arn, label) = (cluster.db_cluster_arn.as_str(), cluster_label(cluster));
            let stopped = cluster.status.as_deref() == Some("stopped");
            match cluster.latest_restorable_time {
                Some(latest) => {
                    let (status, said) = grade(ctx, latest, stopped);
                    findings.add(status, arn, region, format!("{label} {said}"));
                }
                None => findings.fail(arn, region, format!("{label} has no restorable time")),
            }
        }
    }
}

fn judge_instance(ctx: &Context, region: &str, instance: &DbInstance, findings: &mut Findings) {
    let (arn, label) = (instance.db_instance_arn.as_str(), instance_label(instance));
    let stopped = instance.db_instance_status.as_deref() == Some("stopped");
    match (instance.latest_restorable_time, instance.backup_retention_period) {
        (Some(latest), _) => {
            let (status, said) = grade(ctx, latest, stopped);
            findings.add(status, arn, region, format!("{label} {said}"));
        }
        (None, _) if instance.is_read_replica() => {}
        (None, Some(days)) => {
            findings.fail(arn, region, format!("{label} has no restorable time (BackupRetentionPeriod {days})"))
        }
        (None, None) => findings.unknown(
            arn,
            region,
            &Unknown::new(format!(
                "{label}: DescribeDBInstances gives neither its latest restorable time nor its backup retention"
            )),
        ),
    }
}
