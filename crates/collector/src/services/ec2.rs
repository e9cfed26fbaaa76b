use aws_config::SdkConfig;
use aws_sdk_ec2::Client;
use aws_sdk_ec2::operation::describe_vpc_endpoint_services::DescribeVpcEndpointServicesOutput;
use aws_sdk_ec2::types::{ImageAttributeName, InstanceAttributeName, InstanceStateName, SnapshotAttributeName};
use serde_json::Value;
use stance_snapshot::user_data::{self, UserDataScan};
use stance_snapshot::{Data, GLOBAL_REGION, Outcome};

use super::token_pages;
use crate::CollectError;
use crate::call::{Calls, Key, one};
use crate::generated::ec2;

const SERVICE: &str = "EC2";

/// The regions to collect: those asked for, or else every region enabled for the account
/// (DescribeRegions, without `not-opted-in` ones). If the regions cannot be listed, the
/// configured region alone is collected, and the failure is in the snapshot. A region asked for
/// that DescribeRegions does not list as enabled is refused.
pub async fn regions(config: &SdkConfig, calls: &Calls, asked: &[String]) -> Result<Vec<String>, CollectError> {
    let asked: Vec<String> = asked.iter().filter(|region| *region != "all").cloned().collect();
    let home = config.region().map_or(crate::config::BOOTSTRAP_REGION.to_owned(), |r| r.to_string());
    let client = crate::config::ec2(config, Some(&home));
    let described = calls
        .make(Key::new(SERVICE, "DescribeRegions", GLOBAL_REGION), ec2::describe_regions, move || {
            one(client.describe_regions().send())
        })
        .await;
    // AWS lists the enabled regions; moto lists the others too, as `not-opted-in`.
    let enabled: Option<Vec<String>> = described.map(|outputs| {
        outputs
            .iter()
            .flat_map(|output| output.regions())
            .filter(|region| region.opt_in_status() != Some("not-opted-in"))
            .filter_map(|region| region.region_name().map(str::to_owned))
            .collect()
    });
    let mut regions = match (asked.is_empty(), enabled) {
        (true, Some(enabled)) if !enabled.is_empty() => enabled,
        (true, _) => vec![home],
        (false, Some(mut enabled)) => {
            let not_enabled: Vec<String> = asked.iter().filter(|region| !enabled.contains(region)).cloned().collect();
            if !not_enabled.is_empty() {
                enabled.sort();
                return Err(CollectError::RegionsNotEnabled { asked: not_enabled, enabled });
            }
            asked
        }
        // Without the list (denied, or not asked for with --plugin), the named regions are taken
        // as they are; their calls say if one is not enabled.
        (false, None) => asked,
    };
    regions.sort();
    regions.dedup();
    Ok(regions)
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
pub async fn collect(config: &SdkConfig, calls: &Calls, scope: &Ec2Scope<'_>, region: &str) {
    let client = crate::config::ec2(config, Some(region));
    let (c, r) = (&client, region);
    let (account, partition) = (scope.account, scope.partition);
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
        instances(calls, c, r, account, partition),
        pages!(calls, c, r, "DescribeVolumes", describe_volumes),
        snapshots(calls, c, r, partition),
        images(calls, c, r, partition),
        single!(calls, c, r, "GetEbsEncryptionByDefault", get_ebs_encryption_by_default),
        single!(calls, c, r, "GetEbsDefaultKmsKeyId", get_ebs_default_kms_key_id),
        single!(calls, c, r, "DescribeAddresses", describe_addresses),
        pages!(calls, c, r, "DescribeVpcEndpoints", describe_vpc_endpoints),
        endpoint_services(calls, c, r, account, partition),
        pages!(calls, c, r, "DescribeClientVpnEndpoints", describe_client_vpn_endpoints),
        pages!(calls, c, r, "DescribeVpcPeeringConnections", describe_vpc_peering_connections),
        single!(calls, c, r, "DescribeKeyPairs", describe_key_pairs),
        launch_templates(calls, c, r, scope, scope.launch_template_versions),
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

/// The endpoint services of the region, then who may connect to each the account owns.
async fn endpoint_services(calls: &Calls, client: &Client, region: &str, account: &str, partition: &str) {
    let listed = calls
        .make(Key::new(SERVICE, "DescribeVpcEndpointServices", region), ec2::describe_vpc_endpoint_services, || {
            // The SDK has no paginator for it.
            token_pages(
                |token| client.describe_vpc_endpoint_services().set_next_token(token).send(),
                DescribeVpcEndpointServicesOutput::next_token,
            )
        })
        .await;
    let Some(pages) = listed else { return };
    let own = pages
        .iter()
        .flat_map(|page| page.service_details())
        .filter(|service| service.owner() == Some(account))
        .filter_map(|service| service.service_id());
    futures::future::join_all(own.map(|id| {
        calls.make(
            Key::resource(
                SERVICE,
                "DescribeVpcEndpointServicePermissions",
                region,
                &format!("arn:{partition}:ec2:{region}:{account}:vpc-endpoint-service/{id}"),
            ),
            ec2::describe_vpc_endpoint_service_permissions,
            move || {
                client.describe_vpc_endpoint_service_permissions().service_id(id).into_paginator().send().try_collect()
            },
        )
    }))
    .await;
}

/// What EC2 collection needs to know of the account.
pub struct Ec2Scope<'a> {
    pub account: &'a str,
    pub partition: &'a str,
    /// How many of each launch template's newest versions to read (its default version too).
    pub launch_template_versions: usize,
}

/// The instances, then the user data of each one not terminated, scanned for secrets.
async fn instances(calls: &Calls, client: &Client, region: &str, account: &str, partition: &str) {
    let Some(pages) = pages!(calls, client, region, "DescribeInstances", describe_instances).await else {
        return;
    };
    let ids = pages
        .iter()
        .flat_map(|page| page.reservations())
        .flat_map(|reservation| reservation.instances())
        .filter(|instance| instance.state().and_then(|state| state.name()) != Some(&InstanceStateName::Terminated))
        .filter_map(|instance| instance.instance_id());
    futures::future::join_all(ids.map(|id| {
        calls.make_with(
            Key::resource(
                SERVICE,
                "DescribeInstanceAttribute",
                region,
                &format!("arn:{partition}:ec2:{region}:{account}:instance/{id}"),
            ),
            |pages| with_user_data_scanned(ec2::describe_instance_attribute(pages)),
            move || {
                one(client
                    .describe_instance_attribute()
                    .instance_id(id)
                    .attribute(InstanceAttributeName::UserData)
                    .send())
            },
        )
    }))
    .await;
}

/// The launch templates, then each one's newest `newest` versions and its default version,
/// their user data scanned for secrets.
async fn launch_templates(calls: &Calls, client: &Client, region: &str, scope: &Ec2Scope<'_>, newest: usize) {
    let Some(pages) = pages!(calls, client, region, "DescribeLaunchTemplates", describe_launch_templates).await else {
        return;
    };
    let templates = pages.iter().flat_map(|page| page.launch_templates()).filter_map(|template| {
        let versions = versions_to_read(template.latest_version_number()?, template.default_version_number()?, newest);
        Some((template.launch_template_id()?, versions))
    });
    futures::future::join_all(templates.map(|(id, versions)| {
        calls.make_with(
            Key::resource(
                SERVICE,
                "DescribeLaunchTemplateVersions",
                region,
                &format!("arn:{}:ec2:{region}:{}:launch-template/{id}", scope.partition, scope.account),
            ),
            |pages| with_user_data_scanned(ec2::describe_launch_template_versions(pages)),
            move || {
                client
                    .describe_launch_template_versions()
                    .launch_template_id(id)
                    .set_versions(Some(versions.clone()))
                    .into_paginator()
                    .send()
                    .try_collect()
            },
        )
    }))
    .await;
}

/// The version numbers to read of a template: the newest `newest` (at least one), and the
/// default one when it is older.
fn versions_to_read(latest: i64, default: i64, newest: usize) -> Vec<String> {
    let oldest = (latest - newest.max(1) as i64 + 1).max(1);
    let mut versions: Vec<i64> = (oldest..=latest).collect();
    if default < oldest {
        versions.insert(0, default);
    }
    versions.into_iter().map(|version| version.to_string()).collect()
}

/// `data` with every `UserData` member (a base64 string, or `{"Value": base64}`) replaced by
/// `{"StanceSecretScan": …}`: what a secret scan found in it, never the text.
fn with_user_data_scanned(mut data: Value) -> Outcome<'static> {
    scan_user_data(&mut data);
    Outcome::Data(Data::from_value(&data))
}

fn scan_user_data(value: &mut Value) {
    match value {
        Value::Object(members) => {
            for (name, member) in members.iter_mut() {
                let encoded = match member {
                    Value::String(text) if name == "UserData" => Some(text.clone()),
                    Value::Object(inner) if name == "UserData" => {
                        inner.get("Value").and_then(Value::as_str).map(str::to_owned)
                    }
                    _ => None,
                };
                match encoded {
                    Some(encoded) => {
                        let scan = serde_json::to_value(user_data::scan(&encoded)).expect("a scan serializes");
                        *member = serde_json::json!({ UserDataScan::KEY: scan });
                    }
                    None => scan_user_data(member),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(scan_user_data),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn the_newest_versions_and_an_older_default_are_read() {
        assert_eq!(versions_to_read(3, 1, 20), ["1", "2", "3"]);
        assert_eq!(versions_to_read(300, 7, 3), ["7", "298", "299", "300"]);
        assert_eq!(versions_to_read(300, 299, 3), ["298", "299", "300"]);
        assert_eq!(versions_to_read(5, 5, 0), ["5"]);
    }

    #[test]
    fn user_data_is_replaced_by_its_scan_wherever_it_is() {
        let secret = "AKIAIOSFODNN7EXAMPLE";
        let encoded =
            base64::Engine::encode(&base64::engine::general_purpose::STANDARD, format!("export KEY={secret}\n"));
        let mut attribute = json!({"InstanceId": "i-1", "UserData": {"Value": encoded}});
        let mut versions =
            json!({"LaunchTemplateVersions": [{"LaunchTemplateData": {"UserData": encoded, "ImageId": "ami-1"}}]});
        scan_user_data(&mut attribute);
        scan_user_data(&mut versions);
        for data in [&attribute, &versions] {
            assert!(!data.to_string().contains(secret), "{data}");
        }
        assert_eq!(attribute["UserData"]["StanceSecretScan"]["Findings"][0]["Rule"], "aws-access-key-id");
        assert_eq!(versions["LaunchTemplateVersions"][0]["LaunchTemplateData"]["ImageId"], "ami-1");
        assert_eq!(
            versions["LaunchTemplateVersions"][0]["LaunchTemplateData"]["UserData"]["StanceSecretScan"]["Findings"][0]
                ["Line"],
            1
        );
        // An instance without user data answers `{}` for it: nothing to scan.
        let mut none = json!({"InstanceId": "i-2", "UserData": {}});
        scan_user_data(&mut none);
        assert_eq!(none, json!({"InstanceId": "i-2", "UserData": {}}));
    }
}
