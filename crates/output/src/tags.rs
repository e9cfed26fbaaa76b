//! Resource tags, as the snapshot holds them, by resource ARN: what suppression rules'
//! `tags` match.

use std::collections::{BTreeMap, HashMap};

use serde_json::Value;
use stance_snapshot::{Outcome, RegionCalls, Snapshot};

/// EC2 listings whose items carry `Tags` (network interfaces: `TagSet`): the item's id member,
/// and the resource type in its ARN, as the checks name resources.
const EC2: &[(&str, &str, &str)] = &[
    ("DescribeInstances", "InstanceId", "instance"),
    ("DescribeVolumes", "VolumeId", "volume"),
    ("DescribeSecurityGroups", "GroupId", "security-group"),
    ("DescribeVpcs", "VpcId", "vpc"),
    ("DescribeSubnets", "SubnetId", "subnet"),
    ("DescribeSnapshots", "SnapshotId", "snapshot"),
    ("DescribeImages", "ImageId", "image"),
    ("DescribeNetworkInterfaces", "NetworkInterfaceId", "network-interface"),
    ("DescribeInternetGateways", "InternetGatewayId", "internet-gateway"),
    ("DescribeEgressOnlyInternetGateways", "EgressOnlyInternetGatewayId", "egress-only-internet-gateway"),
    ("DescribeNatGateways", "NatGatewayId", "natgateway"),
    ("DescribeRouteTables", "RouteTableId", "route-table"),
    ("DescribeNetworkAcls", "NetworkAclId", "network-acl"),
    ("DescribeKeyPairs", "KeyPairId", "key-pair"),
    ("DescribeLaunchTemplates", "LaunchTemplateId", "launch-template"),
    ("DescribeVpcEndpoints", "VpcEndpointId", "vpc-endpoint"),
    ("DescribeVpcPeeringConnections", "VpcPeeringConnectionId", "vpc-peering-connection"),
    ("DescribeTransitGateways", "TransitGatewayId", "transit-gateway"),
    ("DescribeVpnConnections", "VpnConnectionId", "vpn-connection"),
    ("DescribeVpnGateways", "VpnGatewayId", "vpn-gateway"),
    ("DescribeAddresses", "AllocationId", "elastic-ip"),
    ("DescribeClientVpnEndpoints", "ClientVpnEndpointId", "client-vpn-endpoint"),
];

/// Other listings whose items carry their own ARN and their tags.
const WITH_ARN: &[(&str, &str, &str)] = &[
    ("IAM", "GetAccountAuthorizationDetails", "Arn"),
    ("RDS", "DescribeDBInstances", "DBInstanceArn"),
    ("RDS", "DescribeDBClusters", "DBClusterArn"),
    ("RDS", "DescribeDBSnapshots", "DBSnapshotArn"),
    ("RDS", "DescribeDBClusterSnapshots", "DBClusterSnapshotArn"),
    ("EFS", "DescribeFileSystems", "FileSystemArn"),
];

/// Every tag the snapshot holds, by resource ARN: EC2's resources (instances, volumes,
/// security groups, VPCs, … from their listings' `Tags`), S3 buckets (GetBucketTagging), IAM
/// users and roles (GetAccountAuthorizationDetails), RDS instances, clusters and snapshots,
/// and EFS file systems.
#[derive(Debug, Default, Clone)]
pub struct Tags {
    by_arn: HashMap<String, BTreeMap<String, String>>,
}

impl Tags {
    pub fn of(snapshot: &Snapshot) -> Tags {
        let mut tags = Tags::default();
        let account = &snapshot.account;
        for &(operation, id_member, kind) in EC2 {
            for (region, data) in region_data(snapshot, "EC2", operation) {
                walk(&data, &mut |item| {
                    if let (Some(Value::String(id)), Some(list)) = (item.get(id_member), tag_list(item)) {
                        let arn = format!("arn:{}:ec2:{region}:{}:{kind}/{id}", account.partition, account.id);
                        tags.by_arn.insert(arn, list);
                    }
                });
            }
        }
        for &(service, operation, arn_member) in WITH_ARN {
            for (_, data) in region_data(snapshot, service, operation) {
                walk(&data, &mut |item| {
                    if let (Some(Value::String(arn)), Some(list)) = (item.get(arn_member), tag_list(item)) {
                        tags.by_arn.insert(arn.clone(), list);
                    }
                });
            }
        }
        for (_, calls) in snapshot.call_regions("S3", "GetBucketTagging") {
            if let RegionCalls::PerResource(buckets) = calls {
                for (arn, outcome) in buckets {
                    if let Outcome::Data(data) = outcome
                        && let Ok(value) = serde_json::from_str::<Value>(data.text())
                        && let Some(list) = tag_list(&value)
                    {
                        tags.by_arn.insert(arn.to_string(), list);
                    }
                }
            }
        }
        tags
    }

    /// The tags of the resource `arn`, if the snapshot holds them.
    pub fn get(&self, arn: &str) -> Option<&BTreeMap<String, String>> {
        self.by_arn.get(arn)
    }

    /// Records `tags` for `arn` (for tests, and callers with tags of their own).
    pub fn insert(&mut self, arn: impl Into<String>, tags: BTreeMap<String, String>) {
        self.by_arn.insert(arn.into(), tags);
    }
}

/// The data of each region's call, parsed; failed calls have none.
fn region_data(snapshot: &Snapshot, service: &str, operation: &str) -> Vec<(String, Value)> {
    snapshot
        .call_regions(service, operation)
        .filter_map(|(region, calls)| match calls {
            RegionCalls::Call(Outcome::Data(data)) => {
                serde_json::from_str(data.text()).ok().map(|value| (region.to_owned(), value))
            }
            _ => None,
        })
        .collect()
}

/// Calls `visit` with every object in `value`, at any depth.
fn walk(value: &Value, visit: &mut impl FnMut(&serde_json::Map<String, Value>)) {
    match value {
        Value::Object(object) => {
            visit(object);
            object.values().for_each(|member| walk(member, visit));
        }
        Value::Array(items) => items.iter().for_each(|item| walk(item, visit)),
        _ => {}
    }
}

/// An object's `Tags`, `TagSet` or `TagList`: `[{"Key": …, "Value": …}]`.
fn tag_list(object: &impl TagHolder) -> Option<BTreeMap<String, String>> {
    let list = ["Tags", "TagSet", "TagList"].iter().find_map(|name| object.member(name)?.as_array())?;
    Some(
        list.iter()
            .filter_map(|tag| Some((tag.get("Key")?.as_str()?.to_owned(), tag.get("Value")?.as_str()?.to_owned())))
            .collect(),
    )
}

trait TagHolder {
    fn member(&self, name: &str) -> Option<&Value>;
}

impl TagHolder for serde_json::Map<String, Value> {
    fn member(&self, name: &str) -> Option<&Value> {
        self.get(name)
    }
}

impl TagHolder for Value {
    fn member(&self, name: &str) -> Option<&Value> {
        self.get(name)
    }
}

#[cfg(test)]
mod tests {
    use stance_snapshot::{Account, Data};

    use super::*;

    #[test]
    fn tags_of_ec2_s3_and_iam_resources() {
        let account = Account { id: "123456789012".into(), arn: "a".into(), partition: "aws".into() };
        let mut snapshot =
            Snapshot::new("0", "2026-01-01T00:00:00Z".parse().unwrap(), account, vec!["us-east-1".into()]);
        let data = |value: serde_json::Value| Outcome::Data(Data::from_value(&value));
        snapshot.insert(
            "EC2",
            "DescribeInstances",
            "us-east-1",
            data(serde_json::json!({"Reservations": [{"Instances": [
                {"InstanceId": "i-1", "Tags": [{"Key": "Environment", "Value": "sandbox"}],
                 "NetworkInterfaces": [{"NetworkInterfaceId": "eni-1", "Attachment": {"InstanceId": "i-1"}}]},
                {"InstanceId": "i-2"}
            ]}]})),
        );
        snapshot.insert_resource(
            "S3",
            "GetBucketTagging",
            "us-east-1",
            "arn:aws:s3:::b",
            data(serde_json::json!({"TagSet": [{"Key": "team", "Value": "data"}]})),
        );
        snapshot.insert(
            "IAM",
            "GetAccountAuthorizationDetails",
            "global",
            data(serde_json::json!({"UserDetailList": [
                {"Arn": "arn:aws:iam::123456789012:user/u", "Tags": [{"Key": "k", "Value": "v"}]}
            ]})),
        );
        let tags = Tags::of(&snapshot);
        let one = |key: &str, value: &str| BTreeMap::from([(key.to_owned(), value.to_owned())]);
        assert_eq!(tags.get("arn:aws:ec2:us-east-1:123456789012:instance/i-1"), Some(&one("Environment", "sandbox")));
        assert_eq!(tags.get("arn:aws:ec2:us-east-1:123456789012:instance/i-2"), None);
        assert_eq!(tags.get("arn:aws:s3:::b"), Some(&one("team", "data")));
        assert_eq!(tags.get("arn:aws:iam::123456789012:user/u"), Some(&one("k", "v")));
    }
}
