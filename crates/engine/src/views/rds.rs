//! RDS: DB instances, DB clusters, and the account's DB and DB cluster snapshots with their
//! sharing attributes. DescribeDBInstances and DescribeDBClusters also list DocumentDB and
//! Neptune resources, which the RDS API manages with the same members.

use jiff::Timestamp;
use serde::Deserialize;
use serde::de::IgnoredAny;

use super::Text;
use crate::check::Call;

pub const DESCRIBE_DB_INSTANCES: Call<DescribeDbInstances> = Call::new("RDS", "DescribeDBInstances");
pub const DESCRIBE_DB_CLUSTERS: Call<DescribeDbClusters> = Call::new("RDS", "DescribeDBClusters");
pub const DESCRIBE_DB_SNAPSHOTS: Call<DescribeDbSnapshots> = Call::new("RDS", "DescribeDBSnapshots");
/// Per DB snapshot, keyed by its `DBSnapshotArn`.
pub const DESCRIBE_DB_SNAPSHOT_ATTRIBUTES: Call<DescribeDbSnapshotAttributes> =
    Call::new("RDS", "DescribeDBSnapshotAttributes");
pub const DESCRIBE_DB_CLUSTER_SNAPSHOTS: Call<DescribeDbClusterSnapshots> =
    Call::new("RDS", "DescribeDBClusterSnapshots");
/// Per DB cluster snapshot, keyed by its `DBClusterSnapshotArn`.
pub const DESCRIBE_DB_CLUSTER_SNAPSHOT_ATTRIBUTES: Call<DescribeDbClusterSnapshotAttributes> =
    Call::new("RDS", "DescribeDBClusterSnapshotAttributes");

#[derive(Debug, Deserialize)]
pub struct DescribeDbInstances {
    #[serde(rename = "DBInstances", default)]
    pub db_instances: Box<[DbInstance]>,
}

#[derive(Debug, Deserialize)]
pub struct DbInstance {
    #[serde(rename = "DBInstanceIdentifier")]
    pub db_instance_identifier: Text,
    #[serde(rename = "DBInstanceArn")]
    pub db_instance_arn: String,
    /// `mysql`, `postgres`, `aurora-mysql`, `docdb`, `neptune`, …
    #[serde(rename = "Engine", default)]
    pub engine: Option<Text>,
    /// `available`, `creating`, `deleting`, `stopped`, …
    #[serde(rename = "DBInstanceStatus", default)]
    pub db_instance_status: Option<Text>,
    #[serde(rename = "StorageEncrypted", default)]
    pub storage_encrypted: Option<bool>,
    #[serde(rename = "KmsKeyId", default)]
    pub kms_key_id: Option<String>,
    #[serde(rename = "AutoMinorVersionUpgrade", default)]
    pub auto_minor_version_upgrade: Option<bool>,
    #[serde(rename = "PubliclyAccessible", default)]
    pub publicly_accessible: Option<bool>,
    #[serde(rename = "MultiAZ", default)]
    pub multi_az: Option<bool>,
    /// Set on a read replica: the instance it replicates.
    #[serde(rename = "ReadReplicaSourceDBInstanceIdentifier", default)]
    pub read_replica_source_db_instance_identifier: Option<Text>,
    /// Set on a read replica of a DB cluster.
    #[serde(rename = "ReadReplicaSourceDBClusterIdentifier", default)]
    pub read_replica_source_db_cluster_identifier: Option<Text>,
    /// Set on a member of a DB cluster (Aurora, or a Multi-AZ DB cluster).
    #[serde(rename = "DBClusterIdentifier", default)]
    pub db_cluster_identifier: Option<Text>,
    #[serde(rename = "VpcSecurityGroups", default)]
    pub vpc_security_groups: Box<[VpcSecurityGroupMembership]>,
    #[serde(rename = "DBSubnetGroup", default)]
    pub db_subnet_group: Option<DbSubnetGroup>,
    #[serde(rename = "Endpoint", default)]
    pub endpoint: Option<Endpoint>,
    /// `IPV4` or `DUAL` (IPv4 and IPv6).
    #[serde(rename = "NetworkType", default)]
    pub network_type: Option<Text>,
    #[serde(rename = "LatestRestorableTime", default)]
    pub latest_restorable_time: Option<Timestamp>,
    #[serde(rename = "BackupRetentionPeriod", default)]
    pub backup_retention_period: Option<i64>,
}

impl DbInstance {
    /// Whether the instance is a read replica, of an instance or of a cluster.
    pub fn is_read_replica(&self) -> bool {
        self.read_replica_source_db_instance_identifier.is_some()
            || self.read_replica_source_db_cluster_identifier.is_some()
    }

    pub fn engine(&self) -> &str {
        self.engine.as_deref().unwrap_or("unknown engine")
    }
}

#[derive(Debug, Deserialize)]
pub struct VpcSecurityGroupMembership {
    #[serde(rename = "VpcSecurityGroupId")]
    pub vpc_security_group_id: Text,
}

#[derive(Debug, Deserialize)]
pub struct DbSubnetGroup {
    #[serde(rename = "VpcId", default)]
    pub vpc_id: Option<Text>,
    #[serde(rename = "Subnets", default)]
    pub subnets: Box<[DbSubnet]>,
}

#[derive(Debug, Deserialize)]
pub struct DbSubnet {
    #[serde(rename = "SubnetIdentifier")]
    pub subnet_identifier: Text,
}

#[derive(Debug, Deserialize)]
pub struct Endpoint {
    #[serde(rename = "Port", default)]
    pub port: Option<i64>,
}

#[derive(Debug, Deserialize)]
pub struct DescribeDbClusters {
    #[serde(rename = "DBClusters", default)]
    pub db_clusters: Box<[DbCluster]>,
}

#[derive(Debug, Deserialize)]
pub struct DbCluster {
    #[serde(rename = "DBClusterIdentifier")]
    pub db_cluster_identifier: Text,
    #[serde(rename = "DBClusterArn")]
    pub db_cluster_arn: String,
    #[serde(rename = "Engine", default)]
    pub engine: Option<Text>,
    /// Whether the cluster has instances in more than one Availability Zone (Aurora), or is a
    /// Multi-AZ DB cluster.
    #[serde(rename = "MultiAZ", default)]
    pub multi_az: Option<bool>,
    /// The cluster's instances.
    #[serde(rename = "DBClusterMembers", default)]
    pub db_cluster_members: Box<[IgnoredAny]>,
    #[serde(rename = "LatestRestorableTime", default)]
    pub latest_restorable_time: Option<Timestamp>,
    #[serde(rename = "Status", default)]
    pub status: Option<Text>,
}

impl DbCluster {
    pub fn engine(&self) -> &str {
        self.engine.as_deref().unwrap_or("unknown engine")
    }
}

#[derive(Debug, Deserialize)]
pub struct DescribeDbSnapshots {
    #[serde(rename = "DBSnapshots", default)]
    pub db_snapshots: Box<[DbSnapshot]>,
}

#[derive(Debug, Deserialize)]
pub struct DbSnapshot {
    #[serde(rename = "DBSnapshotIdentifier")]
    pub db_snapshot_identifier: Text,
    #[serde(rename = "DBSnapshotArn")]
    pub db_snapshot_arn: String,
    /// `manual`, `automated`, `shared`, `public` or `awsbackup`.
    #[serde(rename = "SnapshotType", default)]
    pub snapshot_type: Option<Text>,
}

#[derive(Debug, Deserialize)]
pub struct DescribeDbClusterSnapshots {
    #[serde(rename = "DBClusterSnapshots", default)]
    pub db_cluster_snapshots: Box<[DbClusterSnapshot]>,
}

#[derive(Debug, Deserialize)]
pub struct DbClusterSnapshot {
    #[serde(rename = "DBClusterSnapshotIdentifier")]
    pub db_cluster_snapshot_identifier: Text,
    #[serde(rename = "DBClusterSnapshotArn")]
    pub db_cluster_snapshot_arn: String,
    /// `manual`, `automated`, `shared`, `public` or `awsbackup`.
    #[serde(rename = "SnapshotType", default)]
    pub snapshot_type: Option<Text>,
}

#[derive(Debug, Deserialize)]
pub struct DescribeDbSnapshotAttributes {
    #[serde(rename = "DBSnapshotAttributesResult")]
    pub result: DbSnapshotAttributesResult,
}

#[derive(Debug, Deserialize)]
pub struct DbSnapshotAttributesResult {
    #[serde(rename = "DBSnapshotAttributes", default)]
    pub attributes: Box<[SnapshotAttribute]>,
}

#[derive(Debug, Deserialize)]
pub struct DescribeDbClusterSnapshotAttributes {
    #[serde(rename = "DBClusterSnapshotAttributesResult")]
    pub result: DbClusterSnapshotAttributesResult,
}

#[derive(Debug, Deserialize)]
pub struct DbClusterSnapshotAttributesResult {
    #[serde(rename = "DBClusterSnapshotAttributes", default)]
    pub attributes: Box<[SnapshotAttribute]>,
}

/// A manual snapshot's attribute: `restore`, whose values are the accounts that may copy or
/// restore it, or `all` for every AWS account.
#[derive(Debug, Deserialize)]
pub struct SnapshotAttribute {
    #[serde(rename = "AttributeName")]
    pub attribute_name: Text,
    #[serde(rename = "AttributeValues", default)]
    pub attribute_values: Box<[Text]>,
}

/// What a snapshot's `restore` attribute grants.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Restore<'a> {
    /// `all` is among the values: every AWS account may copy or restore the snapshot.
    pub public: bool,
    /// The accounts it is shared with by id.
    pub accounts: Vec<&'a str>,
}

/// The `restore` grants of a snapshot's attributes (other attributes grant nothing).
pub fn restore_grants(attributes: &[SnapshotAttribute]) -> Restore<'_> {
    let mut restore = Restore::default();
    for attribute in attributes.iter().filter(|attribute| attribute.attribute_name == "restore") {
        for value in &attribute.attribute_values {
            if value == "all" {
                restore.public = true;
            } else {
                restore.accounts.push(value);
            }
        }
    }
    restore
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn restore_all_is_public_and_accounts_are_shares() {
        let attributes: DescribeDbSnapshotAttributes = serde_json::from_value(json!({
            "DBSnapshotAttributesResult": {"DBSnapshotIdentifier": "s", "DBSnapshotAttributes": [
                {"AttributeName": "restore", "AttributeValues": ["210987654321", "all"]},
                {"AttributeName": "other", "AttributeValues": ["all"]}
            ]}
        }))
        .unwrap();
        let grants = restore_grants(&attributes.result.attributes);
        assert!(grants.public);
        assert_eq!(grants.accounts, ["210987654321"], "the other attribute grants nothing");
        let none: DescribeDbSnapshotAttributes = serde_json::from_value(json!({
            "DBSnapshotAttributesResult": {"DBSnapshotAttributes": [{"AttributeName": "restore", "AttributeValues": []}]}
        }))
        .unwrap();
        assert_eq!(restore_grants(&none.result.attributes), Restore::default());
    }
}
