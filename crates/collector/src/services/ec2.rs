use aws_config::SdkConfig;
use aws_sdk_ec2::Client;
use aws_sdk_ec2::config::Region;
use stance_snapshot::GLOBAL_REGION;

use crate::call::{Calls, Key};
use crate::generated::ec2;

const SERVICE: &str = "EC2";

fn client(config: &SdkConfig, region: &str) -> Client {
    Client::from_conf(aws_sdk_ec2::config::Builder::from(config).region(Region::new(region.to_owned())).build())
}

/// The regions to collect: those asked for, or else every region enabled for the account
/// (DescribeRegions, without `not-opted-in` ones). If the regions cannot be listed, the
/// configured region alone is collected, and the failure is in the snapshot.
pub async fn regions(config: &SdkConfig, calls: &Calls, asked: &[String]) -> Vec<String> {
    let mut regions: Vec<String> = asked.iter().filter(|region| *region != "all").cloned().collect();
    if regions.is_empty() {
        let home = config.region().map_or(crate::config::BOOTSTRAP_REGION.to_owned(), |r| r.to_string());
        let client = client(config, &home);
        let described = calls
            .make(
                Key::new(SERVICE, "DescribeRegions", GLOBAL_REGION),
                ec2::describe_regions,
                crate::call::one(client.describe_regions().send()),
            )
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

/// Every EC2 call of one region.
pub async fn collect(config: &SdkConfig, calls: &Calls, region: &str) {
    let client = client(config, region);
    tokio::join!(
        calls.make(
            Key::new(SERVICE, "DescribeVpcs", region),
            ec2::describe_vpcs,
            client.describe_vpcs().into_paginator().send().try_collect(),
        ),
        calls.make(
            Key::new(SERVICE, "DescribeFlowLogs", region),
            ec2::describe_flow_logs,
            client.describe_flow_logs().into_paginator().send().try_collect(),
        ),
        calls.make(
            Key::new(SERVICE, "DescribeSecurityGroups", region),
            ec2::describe_security_groups,
            client.describe_security_groups().into_paginator().send().try_collect(),
        ),
        calls.make(
            Key::new(SERVICE, "DescribeVolumes", region),
            ec2::describe_volumes,
            client.describe_volumes().into_paginator().send().try_collect(),
        ),
    );
}
