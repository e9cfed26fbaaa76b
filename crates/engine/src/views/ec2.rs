//! EC2, VPC networking included.

use serde::Deserialize;

use crate::check::Call;

pub const DESCRIBE_VPCS: Call = Call::new("EC2", "DescribeVpcs");
pub const DESCRIBE_FLOW_LOGS: Call = Call::new("EC2", "DescribeFlowLogs");
pub const DESCRIBE_SECURITY_GROUPS: Call = Call::new("EC2", "DescribeSecurityGroups");
pub const DESCRIBE_VOLUMES: Call = Call::new("EC2", "DescribeVolumes");

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeVpcs {
    #[serde(default)]
    pub vpcs: Vec<Vpc>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Vpc {
    pub vpc_id: String,
    #[serde(default)]
    pub is_default: bool,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeFlowLogs {
    #[serde(default)]
    pub flow_logs: Vec<FlowLog>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct FlowLog {
    pub flow_log_id: String,
    /// The VPC, subnet or interface the flow log watches.
    pub resource_id: String,
    /// `ACTIVE` once created.
    #[serde(default)]
    pub flow_log_status: Option<String>,
    /// `SUCCESS` or `FAILED`; absent for some destinations.
    #[serde(default)]
    pub deliver_logs_status: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeSecurityGroups {
    #[serde(default)]
    pub security_groups: Vec<SecurityGroup>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SecurityGroup {
    pub group_id: String,
    pub group_name: String,
    #[serde(default)]
    pub vpc_id: Option<String>,
    #[serde(default)]
    pub ip_permissions: Vec<IpPermission>,
    #[serde(default)]
    pub ip_permissions_egress: Vec<IpPermission>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct IpPermission {
    /// `tcp`, `udp`, `icmp`, a protocol number, or `-1` for all.
    pub ip_protocol: String,
    pub from_port: Option<i64>,
    pub to_port: Option<i64>,
    #[serde(default)]
    pub ip_ranges: Vec<IpRange>,
    #[serde(default)]
    pub ipv6_ranges: Vec<Ipv6Range>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct IpRange {
    pub cidr_ip: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Ipv6Range {
    pub cidr_ipv6: String,
}

impl IpPermission {
    /// Whether the rule lets TCP traffic reach `port`: protocol `tcp` (or its number 6) with a
    /// range covering the port, or every protocol (`-1`).
    pub fn allows_tcp_port(&self, port: i64) -> bool {
        match self.ip_protocol.as_str() {
            "-1" => true,
            "tcp" | "6" => match (self.from_port, self.to_port) {
                (Some(from), Some(to)) => (from == -1 && to == -1) || (from <= port && port <= to),
                _ => true,
            },
            _ => false,
        }
    }

    /// The world-open sources among the rule's: `0.0.0.0/0` and `::/0`.
    pub fn open_to_world(&self) -> Vec<&str> {
        let v4 = self.ip_ranges.iter().map(|range| range.cidr_ip.as_str()).filter(|cidr| *cidr == "0.0.0.0/0");
        let v6 = self.ipv6_ranges.iter().map(|range| range.cidr_ipv6.as_str()).filter(|cidr| *cidr == "::/0");
        v4.chain(v6).collect()
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeVolumes {
    #[serde(default)]
    pub volumes: Vec<Volume>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Volume {
    pub volume_id: String,
    pub encrypted: bool,
    #[serde(default)]
    pub kms_key_id: Option<String>,
}
