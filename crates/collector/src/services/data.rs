//! Data stores: RDS databases and their snapshots, EFS file systems.

use aws_config::SdkConfig;
use aws_sdk_rds::Client;

use super::{all_pages, one_page};
use crate::call::{Calls, Key};
use crate::generated::{efs, rds};

pub async fn collect(config: &SdkConfig, calls: &Calls, region: &str) {
    let databases = crate::config::rds(config, Some(region));
    let files = crate::config::efs(config, Some(region));
    let (d, f) = (&databases, &files);
    tokio::join!(
        all_pages!(
            calls,
            Key::new("RDS", "DescribeDBInstances", region),
            rds::describe_db_instances,
            d,
            describe_db_instances
        ),
        all_pages!(
            calls,
            Key::new("RDS", "DescribeDBClusters", region),
            rds::describe_db_clusters,
            d,
            describe_db_clusters
        ),
        db_snapshots(calls, d, region),
        cluster_snapshots(calls, d, region),
        all_pages!(
            calls,
            Key::new("EFS", "DescribeFileSystems", region),
            efs::describe_file_systems,
            f,
            describe_file_systems
        ),
    );
}

/// The account's DB snapshots, then who may restore each manual one (automated snapshots
/// cannot be shared).
async fn db_snapshots(calls: &Calls, client: &Client, region: &str) {
    let listed = all_pages!(
        calls,
        Key::new("RDS", "DescribeDBSnapshots", region),
        rds::describe_db_snapshots,
        client,
        describe_db_snapshots
    );
    let Some(pages) = listed.await else { return };
    let manual = pages
        .iter()
        .flat_map(|page| page.db_snapshots())
        .filter(|snapshot| snapshot.snapshot_type() == Some("manual"))
        .filter_map(|snapshot| Some((snapshot.db_snapshot_arn()?, snapshot.db_snapshot_identifier()?)));
    futures::future::join_all(manual.map(|(arn, id)| {
        one_page!(
            calls,
            Key::resource("RDS", "DescribeDBSnapshotAttributes", region, arn),
            rds::describe_db_snapshot_attributes,
            client,
            describe_db_snapshot_attributes,
            db_snapshot_identifier(id)
        )
    }))
    .await;
}

/// The account's DB cluster snapshots, then who may restore each manual one.
async fn cluster_snapshots(calls: &Calls, client: &Client, region: &str) {
    let listed = all_pages!(
        calls,
        Key::new("RDS", "DescribeDBClusterSnapshots", region),
        rds::describe_db_cluster_snapshots,
        client,
        describe_db_cluster_snapshots
    );
    let Some(pages) = listed.await else { return };
    let manual = pages
        .iter()
        .flat_map(|page| page.db_cluster_snapshots())
        .filter(|snapshot| snapshot.snapshot_type() == Some("manual"))
        .filter_map(|snapshot| Some((snapshot.db_cluster_snapshot_arn()?, snapshot.db_cluster_snapshot_identifier()?)));
    futures::future::join_all(manual.map(|(arn, id)| {
        one_page!(
            calls,
            Key::resource("RDS", "DescribeDBClusterSnapshotAttributes", region, arn),
            rds::describe_db_cluster_snapshot_attributes,
            client,
            describe_db_cluster_snapshot_attributes,
            db_cluster_snapshot_identifier(id)
        )
    }))
    .await;
}
