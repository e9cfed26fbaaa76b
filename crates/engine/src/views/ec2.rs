//! EC2, VPC networking included.

use serde::Deserialize;

use super::Text;
use super::ec2_instances::{IamInstanceProfile, MetadataOptions, Monitoring};
use serde::de::IgnoredAny;

use crate::check::Call;
use crate::context::Context;

pub const DESCRIBE_VPCS: Call<DescribeVpcs> = Call::new("EC2", "DescribeVpcs");
pub const DESCRIBE_FLOW_LOGS: Call<DescribeFlowLogs> = Call::new("EC2", "DescribeFlowLogs");
pub const DESCRIBE_SECURITY_GROUPS: Call<DescribeSecurityGroups> = Call::new("EC2", "DescribeSecurityGroups");
pub const DESCRIBE_VOLUMES: Call<DescribeVolumes> = Call::new("EC2", "DescribeVolumes");
pub const DESCRIBE_NETWORK_INTERFACES: Call<DescribeNetworkInterfaces> = Call::new("EC2", "DescribeNetworkInterfaces");
pub const DESCRIBE_NETWORK_ACLS: Call<DescribeNetworkAcls> = Call::new("EC2", "DescribeNetworkAcls");
pub const DESCRIBE_INSTANCES: Call<DescribeInstances> = Call::new("EC2", "DescribeInstances");

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeVpcs {
    #[serde(default)]
    pub vpcs: Box<[Vpc]>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Vpc {
    pub vpc_id: Text,
    #[serde(default)]
    pub is_default: bool,
    /// Absent when the resource has none.
    #[serde(default)]
    pub tags: Box<[super::ec2_vpc::Tag]>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeFlowLogs {
    #[serde(default)]
    pub flow_logs: Box<[FlowLog]>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct FlowLog {
    pub flow_log_id: Text,
    /// The VPC, subnet or interface the flow log watches.
    pub resource_id: Text,
    /// `ACTIVE` once created.
    #[serde(default)]
    pub flow_log_status: Option<Text>,
    /// `SUCCESS` or `FAILED`; absent for some destinations.
    #[serde(default)]
    pub deliver_logs_status: Option<Text>,
}

impl FlowLog {
    pub fn is_active(&self) -> bool {
        self.flow_log_status.as_deref() == Some("ACTIVE")
    }

    /// Whether AWS reports that the flow log cannot deliver its records.
    pub fn delivery_failed(&self) -> bool {
        self.deliver_logs_status.as_deref() == Some("FAILED")
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeSecurityGroups {
    #[serde(default)]
    pub security_groups: Box<[SecurityGroup]>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SecurityGroup {
    pub group_id: Text,
    pub group_name: Text,
    #[serde(default)]
    pub vpc_id: Option<Text>,
    #[serde(default)]
    pub ip_permissions: Box<[IpPermission]>,
    #[serde(default)]
    pub ip_permissions_egress: Box<[IpPermission]>,
    /// Absent when the resource has none.
    #[serde(default)]
    pub tags: Box<[super::ec2_vpc::Tag]>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct IpPermission {
    /// `tcp`, `udp`, `icmp`, a protocol number, or `-1` for all.
    pub ip_protocol: Text,
    pub from_port: Option<i64>,
    pub to_port: Option<i64>,
    #[serde(default)]
    pub ip_ranges: Box<[IpRange]>,
    #[serde(default)]
    pub ipv6_ranges: Box<[Ipv6Range]>,
    /// Prefix-list sources.
    #[serde(default)]
    pub prefix_list_ids: Box<[PrefixListId]>,
    /// Security-group sources; only counted.
    #[serde(default)]
    pub user_id_group_pairs: Vec<IgnoredAny>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PrefixListId {
    pub prefix_list_id: Text,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct IpRange {
    pub cidr_ip: Text,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Ipv6Range {
    pub cidr_ipv6: Text,
}

impl IpPermission {
    /// How many rules the console shows for this permission: one per source (CIDR, prefix
    /// list or security group).
    pub fn rule_count(&self) -> usize {
        let sources =
            self.ip_ranges.len() + self.ipv6_ranges.len() + self.prefix_list_ids.len() + self.user_id_group_pairs.len();
        sources.max(1)
    }
}

/// Runs `judge` on each security group of each region, with its ARN. A region whose groups
/// could not be listed is UNKNOWN; one without groups gets one OK.
pub fn each_security_group(
    ctx: &Context,
    findings: &mut crate::context::Findings,
    mut judge: impl FnMut(&SecurityGroup, String, &str, &mut crate::context::Findings),
) {
    ctx.each_region(DESCRIBE_SECURITY_GROUPS, findings, |region, data, findings| {
        if data.security_groups.is_empty() {
            return findings.ok(ctx.region_arn("ec2", region), region, format!("No security groups in {region}"));
        }
        for group in &data.security_groups {
            judge(group, security_group_arn(ctx, region, group), region, findings);
        }
    });
}

/// A security group's ARN.
pub fn security_group_arn(ctx: &Context, region: &str, group: &SecurityGroup) -> String {
    ctx.typed_arn("ec2", region, "security-group", &group.group_id)
}

impl SecurityGroup {
    /// `web (sg-0123)`.
    pub fn label(&self) -> impl std::fmt::Display + '_ {
        Label(self)
    }
}

/// A security group as people name it, written straight into the message being formatted.
struct Label<'a>(&'a SecurityGroup);

impl std::fmt::Display for Label<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.0.group_name, self.0.group_id)
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeNetworkInterfaces {
    #[serde(default)]
    pub network_interfaces: Box<[NetworkInterface]>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct NetworkInterface {
    pub network_interface_id: Text,
    /// The interface's subnet.
    #[serde(default)]
    pub subnet_id: Option<Text>,
    /// The security groups the interface is in.
    #[serde(default)]
    pub groups: Box<[GroupIdentifier]>,
    /// The public IPv4 address (an Elastic IP or one assigned at launch), if any.
    #[serde(default)]
    pub association: Option<PublicAssociation>,
    #[serde(default)]
    pub ipv6_addresses: Box<[Ipv6Address]>,
    /// `interface`, `efa`, `efa-only`, `trunk`, or the kind of a managed interface
    /// (`nat_gateway`, `vpc_endpoint`, `api_gateway_managed`, `lambda`, …).
    #[serde(default)]
    pub interface_type: Option<Text>,
    /// `available` (attached to nothing), `associated`, `attaching`, `in-use`, `detaching`.
    #[serde(default)]
    pub status: Option<Text>,
    #[serde(default)]
    pub attachment: Option<super::ec2_network::InterfaceAttachment>,
}

impl NetworkInterface {
    /// Whether the interface has an address the internet can address: a public IPv4 address
    /// or an IPv6 address (every IPv6 address AWS assigns is globally unique).
    pub fn is_public(&self) -> bool {
        self.public_ipv4().is_some() || !self.ipv6_addresses.is_empty()
    }

    pub fn public_ipv4(&self) -> Option<&str> {
        self.association.as_ref().and_then(|association| association.public_ip.as_deref())
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GroupIdentifier {
    pub group_id: Text,
    #[serde(default)]
    pub group_name: Option<Text>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PublicAssociation {
    #[serde(default)]
    pub public_ip: Option<Text>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Ipv6Address {
    pub ipv6_address: Text,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeNetworkAcls {
    #[serde(default)]
    pub network_acls: Box<[NetworkAcl]>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct NetworkAcl {
    pub network_acl_id: Text,
    #[serde(default)]
    pub vpc_id: Option<Text>,
    #[serde(default)]
    pub is_default: bool,
    #[serde(default)]
    pub entries: Box<[NetworkAclEntry]>,
    /// The subnets the ACL applies to.
    #[serde(default)]
    pub associations: Vec<IgnoredAny>,
    /// Absent when the resource has none.
    #[serde(default)]
    pub tags: Box<[super::ec2_vpc::Tag]>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct NetworkAclEntry {
    /// 1 to 32766, and 32767 for the `*` entry that denies what no other entry matched.
    pub rule_number: i64,
    /// `-1` or a protocol number (`6` TCP, `17` UDP).
    pub protocol: Text,
    /// `allow` or `deny`.
    pub rule_action: Text,
    pub egress: bool,
    #[serde(default)]
    pub cidr_block: Option<Text>,
    #[serde(default)]
    pub ipv6_cidr_block: Option<Text>,
    /// For TCP and UDP entries.
    #[serde(default)]
    pub port_range: Option<PortRange>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PortRange {
    #[serde(default)]
    pub from: Option<i64>,
    #[serde(default)]
    pub to: Option<i64>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeInstances {
    #[serde(default)]
    pub reservations: Box<[Reservation]>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Reservation {
    #[serde(default)]
    pub instances: Box<[Instance]>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Instance {
    pub instance_id: Text,
    /// The primary interface's public IPv4 address, if any.
    #[serde(default)]
    pub public_ip_address: Option<Text>,
    /// The primary interface's IPv6 address, if any.
    #[serde(default)]
    pub ipv6_address: Option<Text>,
    #[serde(default)]
    pub state: Option<InstanceState>,
    /// The groups of every interface of the instance.
    #[serde(default)]
    pub security_groups: Box<[GroupIdentifier]>,
    #[serde(default)]
    pub network_interfaces: Box<[NetworkInterface]>,
    #[serde(default)]
    pub enclave_options: Option<super::ec2_network::EnclaveOptions>,
    /// The primary interface's subnet and VPC (no VPC only for an EC2-Classic instance).
    #[serde(default)]
    pub subnet_id: Option<Text>,
    #[serde(default)]
    pub vpc_id: Option<Text>,
    /// Absent when the resource has none.
    #[serde(default)]
    pub tags: Box<[super::ec2_vpc::Tag]>,
    #[serde(default)]
    pub metadata_options: Option<MetadataOptions>,
    #[serde(default)]
    pub monitoring: Option<Monitoring>,
    #[serde(default)]
    pub iam_instance_profile: Option<IamInstanceProfile>,
    /// The key pair the instance was launched with.
    #[serde(default)]
    pub key_name: Option<Text>,
    /// When the instance was last started (a stop and start resets it), as the API gives it.
    #[serde(default)]
    pub launch_time: Option<Text>,
    /// `hvm` or `paravirtual`.
    #[serde(default)]
    pub virtualization_type: Option<Text>,
    /// Why the state last changed: `User initiated (2026-01-01 12:00:00 GMT)` for a stop.
    #[serde(default)]
    pub state_transition_reason: Option<Text>,
    /// `spot` or `capacity-block`; absent for On-Demand instances.
    #[serde(default)]
    pub instance_lifecycle: Option<Text>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct InstanceState {
    /// `pending`, `running`, `shutting-down`, `terminated`, `stopping`, `stopped`.
    pub name: Text,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeVolumes {
    #[serde(default)]
    pub volumes: Box<[Volume]>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Volume {
    pub volume_id: Text,
    pub encrypted: bool,
    #[serde(default)]
    pub kms_key_id: Option<Text>,
    /// Absent when the resource has none.
    #[serde(default)]
    pub tags: Box<[super::ec2_vpc::Tag]>,
    /// `creating`, `available` (attached to nothing), `in-use`, `deleting`, `deleted`, `error`.
    #[serde(default)]
    pub state: Option<Text>,
    #[serde(default)]
    pub attachments: Box<[super::ec2_storage::VolumeAttachment]>,
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn rule(value: serde_json::Value) -> IpPermission {
        serde_json::from_value(value).unwrap()
    }

    #[test]
    fn each_source_is_one_rule() {
        let permission = rule(json!({
            "IpProtocol": "-1",
            "IpRanges": [{"CidrIp": "10.0.0.0/8"}, {"CidrIp": "0.0.0.0/0"}],
            "Ipv6Ranges": [{"CidrIpv6": "::/0"}],
            "PrefixListIds": [{"PrefixListId": "pl-1"}],
            "UserIdGroupPairs": [{"GroupId": "sg-1", "UserId": "123456789012"}]
        }));
        assert_eq!(permission.rule_count(), 5);
        assert_eq!(rule(json!({"IpProtocol": "-1"})).rule_count(), 1);
    }

    #[test]
    fn flow_log_states() {
        let log = |status: &str, delivery: &str| -> FlowLog {
            serde_json::from_value(json!({
                "FlowLogId": "fl-1", "ResourceId": "vpc-1", "FlowLogStatus": status, "DeliverLogsStatus": delivery
            }))
            .unwrap()
        };
        assert!(log("ACTIVE", "SUCCESS").is_active() && !log("ACTIVE", "SUCCESS").delivery_failed());
        assert!(log("ACTIVE", "FAILED").delivery_failed());
        assert!(!log("DELETING", "SUCCESS").is_active());
    }
}
