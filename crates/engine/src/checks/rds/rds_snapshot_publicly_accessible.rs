use crate::analysis::rds::each_region_pair;
use crate::check::{Call, declare_check};
use crate::context::{Context, Findings, Unknown, not_configured};
use crate::views::rds::{
    DESCRIBE_DB_CLUSTER_SNAPSHOT_ATTRIBUTES, DESCRIBE_DB_CLUSTER_SNAPSHOTS, DESCRIBE_DB_SNAPSHOT_ATTRIBUTES,
    DESCRIBE_DB_SNAPSHOTS, SnapshotAttribute, restore_grants,
};

declare_check! {
    /// Ensures no RDS DB snapshot or DB cluster snapshot of the account can be copied or
    /// restored by anyone: a snapshot whose `restore` attribute holds `all` fails, since every
    /// AWS account can then create a database from its data; others pass. A snapshot shared
    /// with named accounts passes, and the message lists them so that unexpected ones stand
    /// out. Automated snapshots cannot be shared at all (AWS shares only manual ones), so they
    /// pass without their attributes, which stance does not collect for them; encrypted manual
    /// snapshots cannot be made public, but their attributes are read and judged like any other.
    ///
    /// CloudSploit looks at DB snapshots only; stance, as Prowler and FSBP RDS.1, also judges
    /// DB cluster snapshots (Aurora and Multi-AZ DB clusters), which are shared the same way.
    ///
    /// ## Remediation
    /// Remove the public grant: `aws rds modify-db-snapshot-attribute --db-snapshot-identifier …
    /// --attribute-name restore --values-to-remove all` (or `modify-db-cluster-snapshot-attribute`).
    pub(crate) CHECK {
        id: "rdsSnapshotPubliclyAccessible",
        title: "RDS Snapshot Publicly Accessible",
        severity: High,
        reads: [DESCRIBE_DB_SNAPSHOTS, DESCRIBE_DB_SNAPSHOT_ATTRIBUTES, DESCRIBE_DB_CLUSTER_SNAPSHOTS, DESCRIBE_DB_CLUSTER_SNAPSHOT_ATTRIBUTES],
        run,
        aliases: [("rds_snapshots_public_access", Same)],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    let calls = (DESCRIBE_DB_SNAPSHOTS, DESCRIBE_DB_CLUSTER_SNAPSHOTS);
    each_region_pair(
        ctx,
        findings,
        calls,
        "RDS DB snapshots or DB cluster snapshots",
        |region, db, cluster, findings| {
            let db = db.map_or(&[][..], |data| &data.db_snapshots);
            let cluster = cluster.map_or(&[][..], |data| &data.db_cluster_snapshots);
            for snapshot in db {
                let (id, arn) = (&snapshot.db_snapshot_identifier, snapshot.db_snapshot_arn.as_str());
                if is_automated(&snapshot.snapshot_type) {
                    findings.ok(
                        arn,
                        region,
                        format!("RDS DB snapshot {id} is automated, and AWS does not share automated snapshots"),
                    );
                    continue;
                }
                let attributes = attributes(ctx, DESCRIBE_DB_SNAPSHOT_ATTRIBUTES, arn, |data| &data.result.attributes);
                judge(findings, region, arn, &format!("RDS DB snapshot {id}"), attributes);
            }
            for snapshot in cluster {
                let (id, arn) = (&snapshot.db_cluster_snapshot_identifier, snapshot.db_cluster_snapshot_arn.as_str());
                if is_automated(&snapshot.snapshot_type) {
                    let message = format!(
                        "RDS DB cluster snapshot {id} is automated, and AWS does not share automated snapshots"
                    );
                    findings.ok(arn, region, message);
                    continue;
                }
                let attributes =
                    attributes(ctx, DESCRIBE_DB_CLUSTER_SNAPSHOT_ATTRIBUTES, arn, |data| &data.result.attributes);
                judge(findings, region, arn, &format!("RDS DB cluster snapshot {id}"), attributes);
            }
            !db.is_empty() || !cluster.is_empty()
        },
    );
}

fn is_automated(snapshot_type: &Option<crate::views::Text>) -> bool {
    snapshot_type.as_deref() == Some("automated")
}

/// The `restore` grants of a snapshot, from its per-snapshot attributes call.
fn attributes<T: crate::context::View>(
    ctx: &Context,
    call: Call<T>,
    arn: &str,
    of: impl Fn(&T) -> &[SnapshotAttribute],
) -> Result<(bool, Vec<String>), Unknown> {
    match ctx.read_resource(call, arn).1? {
        Some(data) => {
            let grants = restore_grants(of(&data));
            Ok((grants.public, grants.accounts.iter().map(|account| (*account).to_owned()).collect()))
        }
        None => Err(not_configured(call.id)),
    }
}

fn judge(findings: &mut Findings, region: &str, arn: &str, label: &str, grants: Result<(bool, Vec<String>), Unknown>) {
    match grants {
        Err(reason) => findings.unknown(arn, region, &reason),
        Ok((public, accounts)) => {
            let shares =
                if accounts.is_empty() { String::new() } else { format!("; shared with {}", accounts.join(", ")) };
            if public {
                findings.fail(arn, region, format!("{label} is public: its restore attribute grants all{shares}"));
            } else {
                findings.ok(arn, region, format!("{label} is not public{shares}"));
            }
        }
    }
}
