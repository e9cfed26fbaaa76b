use aws_config::SdkConfig;
use aws_sdk_ec2::Client;
use aws_sdk_ec2::types::{ImageAttributeName, SnapshotAttributeName};
use stance_snapshot::GLOBAL_REGION;

use crate::call::{Calls, Key, one};
use crate::generated::ec2;

const SERVICE: &str = "EC2";

/// The regions to collect: those asked for, or else every region enabled for the account
/// (DescribeRegions, without `not-opted-in` ones). If the regions cannot be listed, the
/// configured region alone is collected, and the failure is in the snapshot.
pub async fn regions(config: &SdkConfig, calls: &Calls, asked: &[String]) -> Vec<String> {
    let mut regions: Vec<String> = asked.iter().filter(|region| *region != "all").cloned().collect();
    if regions.is_empty() {
        let home = config.region().map_or(crate::config::BOOTSTRAP_REGION.to_owned(), |r| r.to_string());
        let client = crate::config::ec2(config, Some(&home));
        let described = calls
            .make(Key::new(SERVICE, "DescribeRegions", GLOBAL_REGION), ec2::describe_regions, move || {
                one(client.describe_regions().send())
            })
            .await;
        regions = described
            .iter()
            .flatten()
            .flat_map(|output| output.regions())
            .filter(|region| region.opt_in_status() != Some("not-opted-in"))
            .filter_map(|region| region.region_name().map(str::to_owned))
            .collect();
        if regions.is_empty() {
            regions.push(home);
        }
    }
    regions.sort();
    regions.dedup();
    regions
}

/// A paginated EC2 call of one region, all pages.
macro_rules! pages {
    ($calls:expr, $client:expr, $region:expr, $operation:literal, $method:ident $(, $arg:ident($value:expr))*) => {
        $calls.make(
            Key::new(SERVICE, $operation, $region),
            ec2::$method,
            move || $client.$method()$(.$arg($value))*.into_paginator().send().try_collect(),
        )
    };
}

/// A single-response EC2 call of one region.
macro_rules! single {
    ($calls:expr, $client:expr, $region:expr, $operation:literal, $method:ident) => {
        $calls.make(Key::new(SERVICE, $operation, $region), ec2::$method, move || one($client.$method().send()))
    };
}

/// Every EC2 call of one region; per-resource calls start as soon as their listing is done.
pub async fn collect(config: &SdkConfig, calls: &Calls, region: &str, account: &str, partition: &str) {
    let client = crate::config::ec2(config, Some(region));
    let (c, r) = (&client, region);
    tokio::join!(
        pages!(calls, c, r, "DescribeVpcs", describe_vpcs),
        pages!(calls, c, r, "DescribeSubnets", describe_subnets),
        pages!(calls, c, r, "DescribeRouteTables", describe_route_tables),
        pages!(calls, c, r, "DescribeInternetGateways", describe_internet_gateways),
        pages!(calls, c, r, "DescribeEgressOnlyInternetGateways", describe_egress_only_internet_gateways),
        pages!(calls, c, r, "DescribeNatGateways", describe_nat_gateways),
        pages!(calls, c, r, "DescribeFlowLogs", describe_flow_logs),
        pages!(calls, c, r, "DescribeSecurityGroups", describe_security_groups),
        pages!(calls, c, r, "DescribeNetworkAcls", describe_network_acls),
        pages!(calls, c, r, "DescribeNetworkInterfaces", describe_network_interfaces),
        pages!(calls, c, r, "DescribeInstances", describe_instances),
        pages!(calls, c, r, "DescribeVolumes", describe_volumes),
        snapshots(calls, c, r, partition),
        images(calls, c, r, partition),
        single!(calls, c, r, "GetEbsEncryptionByDefault", get_ebs_encryption_by_default),
        single!(calls, c, r, "GetEbsDefaultKmsKeyId", get_ebs_default_kms_key_id),
        single!(calls, c, r, "DescribeAddresses", describe_addresses),
        pages!(calls, c, r, "DescribeVpcEndpoints", describe_vpc_endpoints),
        pages!(calls, c, r, "DescribeVpcPeeringConnections", describe_vpc_peering_connections),
        single!(calls, c, r, "DescribeKeyPairs", describe_key_pairs),
        launch_templates(calls, c, r, account, partition),
        single!(calls, c, r, "DescribeVpnGateways", describe_vpn_gateways),
        single!(calls, c, r, "DescribeVpnConnections", describe_vpn_connections),
        pages!(calls, c, r, "DescribeTransitGateways", describe_transit_gateways),
        single!(calls, c, r, "DescribeAccountAttributes", describe_account_attributes),
        single!(calls, c, r, "GetInstanceMetadataDefaults", get_instance_metadata_defaults),
        single!(calls, c, r, "GetSerialConsoleAccessStatus", get_serial_console_access_status),
        single!(calls, c, r, "GetSnapshotBlockPublicAccessState", get_snapshot_block_public_access_state),
        single!(calls, c, r, "GetImageBlockPublicAccessState", get_image_block_public_access_state),
    );
}

/// The account's own snapshots, then who may create volumes from each.
async fn snapshots(calls: &Calls, client: &Client, region: &str, partition: &str) {
    let Some(pages) = pages!(calls, client, region, "DescribeSnapshots", describe_snapshots, owner_ids("self")).await
    else {
        return;
    };
    let ids = pages.iter().flat_map(|page| page.snapshots()).filter_map(|snapshot| snapshot.snapshot_id());
    futures::future::join_all(ids.map(|id| {
        calls.make(
            Key::resource(
                SERVICE,
                "DescribeSnapshotAttribute",
                region,
                &format!("arn:{partition}:ec2:{region}::snapshot/{id}"),
            ),
            ec2::describe_snapshot_attribute,
            move || {
                one(client
                    .describe_snapshot_attribute()
                    .snapshot_id(id)
                    .attribute(SnapshotAttributeName::CreateVolumePermission)
                    .send())
            },
        )
    }))
    .await;
}

/// The account's own images, then who may launch each.
async fn images(calls: &Calls, client: &Client, region: &str, partition: &str) {
    let Some(pages) = pages!(calls, client, region, "DescribeImages", describe_images, owners("self")).await else {
        return;
    };
    let ids = pages.iter().flat_map(|page| page.images()).filter_map(|image| image.image_id());
    futures::future::join_all(ids.map(|id| {
        calls.make(
            Key::resource(
                SERVICE,
                "DescribeImageAttribute",
                region,
                &format!("arn:{partition}:ec2:{region}::image/{id}"),
            ),
            ec2::describe_image_attribute,
            move || {
                one(client
                    .describe_image_attribute()
                    .image_id(id)
                    .attribute(ImageAttributeName::LaunchPermission)
                    .send())
            },
        )
    }))
    .await;
}

/// The launch templates, then each one's default and latest versions.
async fn launch_templates(calls: &Calls, client: &Client, region: &str, account: &str, partition: &str) {
    let Some(pages) = pages!(calls, client, region, "DescribeLaunchTemplates", describe_launch_templates).await else {
        return;
    };
    let ids =
        pages.iter().flat_map(|page| page.launch_templates()).filter_map(|template| template.launch_template_id());
    futures::future::join_all(ids.map(|id| {
        calls.make(
            Key::resource(
                SERVICE,
                "DescribeLaunchTemplateVersions",
                region,
                &format!("arn:{partition}:ec2:{region}:{account}:launch-template/{id}"),
            ),
            ec2::describe_launch_template_versions,
            move || {
                client
                    .describe_launch_template_versions()
                    .launch_template_id(id)
                    .versions("$Default")
                    .versions("$Latest")
                    .into_paginator()
                    .send()
                    .try_collect()
            },
        )
    }))
    .await;
}
