//! EC2, VPC networking included.

use serde::Deserialize;

use super::Text;
use serde::de::IgnoredAny;

use crate::check::Call;
use crate::context::{Context, Findings};

pub const DESCRIBE_VPCS: Call<DescribeVpcs> = Call::new("EC2", "DescribeVpcs");
pub const DESCRIBE_FLOW_LOGS: Call<DescribeFlowLogs> = Call::new("EC2", "DescribeFlowLogs");
pub const DESCRIBE_SECURITY_GROUPS: Call<DescribeSecurityGroups> = Call::new("EC2", "DescribeSecurityGroups");
pub const DESCRIBE_VOLUMES: Call<DescribeVolumes> = Call::new("EC2", "DescribeVolumes");

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
    /// Prefix-list sources; only counted.
    #[serde(default)]
    pub prefix_list_ids: Vec<IgnoredAny>,
    /// Security-group sources; only counted.
    #[serde(default)]
    pub user_id_group_pairs: Vec<IgnoredAny>,
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

    /// How many rules the console shows for this permission: one per source (CIDR, prefix
    /// list or security group).
    pub fn rule_count(&self) -> usize {
        let sources =
            self.ip_ranges.len() + self.ipv6_ranges.len() + self.prefix_list_ids.len() + self.user_id_group_pairs.len();
        sources.max(1)
    }

    /// The protocol and ports, as people say them: `tcp 22`, `tcp 0-65535`, `all traffic`.
    pub fn describe(&self) -> String {
        let protocol = match self.ip_protocol.as_str() {
            "-1" => return "all traffic".to_owned(),
            "6" => "tcp",
            "17" => "udp",
            "1" => "icmp",
            other => other,
        };
        match (self.from_port, self.to_port) {
            (Some(-1), Some(-1)) | (None, None) => format!("{protocol} all ports"),
            (Some(from), Some(to)) if from == to => format!("{protocol} {from}"),
            (Some(from), Some(to)) => format!("{protocol} {from}-{to}"),
            (Some(port), None) | (None, Some(port)) => format!("{protocol} {port}"),
        }
    }
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

    /// The inbound rules that let anyone on the internet (`0.0.0.0/0`, `::/0`) reach TCP
    /// `port`, each described with its open sources: `tcp 0-65535 from 0.0.0.0/0`.
    pub fn world_open_tcp_port(&self, port: i64) -> Vec<String> {
        self.ip_permissions
            .iter()
            .filter(|rule| rule.allows_tcp_port(port))
            .filter_map(|rule| {
                let open = rule.open_to_world();
                (!open.is_empty()).then(|| format!("{} from {}", rule.describe(), open.join(", ")))
            })
            .collect()
    }
}

/// Reports, for every security group in every region, whether an inbound rule opens TCP
/// `port` (the port of `service`, e.g. SSH) to the whole internet. Shared by openSSH and openRDP.
pub fn check_world_open_port(ctx: &Context, findings: &mut Findings, service: &str, port: i64) {
    ctx.each_region(DESCRIBE_SECURITY_GROUPS, findings, |region, data, findings| {
        if data.security_groups.is_empty() {
            return findings.ok(ctx.region_arn("ec2", region), region, format!("No security groups in {region}"));
        }
        for group in &data.security_groups {
            let arn = security_group_arn(ctx, region, group);
            let open = group.world_open_tcp_port(port);
            if open.is_empty() {
                findings.ok(
                    arn,
                    region,
                    format!("Security group {} does not open {service} (TCP {port}) to the internet", group.label()),
                );
            } else {
                findings.fail(
                    arn,
                    region,
                    format!(
                        "Security group {} opens {service} (TCP {port}) to the internet: {}",
                        group.label(),
                        open.join("; ")
                    ),
                );
            }
        }
    });
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
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn rule(value: serde_json::Value) -> IpPermission {
        serde_json::from_value(value).unwrap()
    }

    fn tcp(from: i64, to: i64) -> IpPermission {
        rule(json!({"IpProtocol": "tcp", "FromPort": from, "ToPort": to, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}))
    }

    #[test]
    fn tcp_port_ranges_cover_their_bounds_only() {
        assert!(tcp(22, 22).allows_tcp_port(22));
        assert!(tcp(0, 65535).allows_tcp_port(22));
        assert!(tcp(22, 23).allows_tcp_port(22));
        assert!(tcp(21, 22).allows_tcp_port(22));
        assert!(!tcp(23, 1024).allows_tcp_port(22));
        assert!(!tcp(0, 21).allows_tcp_port(22));
        assert!(!tcp(22, 22).allows_tcp_port(3389));
        assert!(tcp(3000, 4000).allows_tcp_port(3389));
        assert!(tcp(-1, -1).allows_tcp_port(3389), "tcp -1/-1 means every port");
    }

    #[test]
    fn protocols_all_and_tcp_by_number_count_but_udp_and_icmp_do_not() {
        assert!(rule(json!({"IpProtocol": "-1"})).allows_tcp_port(22));
        assert!(rule(json!({"IpProtocol": "6", "FromPort": 22, "ToPort": 22})).allows_tcp_port(22));
        assert!(!rule(json!({"IpProtocol": "udp", "FromPort": 22, "ToPort": 22})).allows_tcp_port(22));
        assert!(!rule(json!({"IpProtocol": "17", "FromPort": 0, "ToPort": 65535})).allows_tcp_port(22));
        assert!(!rule(json!({"IpProtocol": "icmp", "FromPort": -1, "ToPort": -1})).allows_tcp_port(22));
    }

    #[test]
    fn only_the_whole_address_space_is_the_world() {
        let permission = rule(json!({
            "IpProtocol": "tcp", "FromPort": 22, "ToPort": 22,
            "IpRanges": [{"CidrIp": "10.0.0.0/8"}, {"CidrIp": "0.0.0.0/0"}, {"CidrIp": "0.0.0.0/1"}],
            "Ipv6Ranges": [{"CidrIpv6": "2001:db8::/32"}, {"CidrIpv6": "::/0"}]
        }));
        assert_eq!(permission.open_to_world(), ["0.0.0.0/0", "::/0"]);
        assert!(tcp(22, 22).open_to_world() == ["0.0.0.0/0"]);
        let private =
            rule(json!({"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "10.0.0.0/8"}]}));
        assert!(private.open_to_world().is_empty());
    }

    #[test]
    fn rules_are_described_as_people_say_them() {
        assert_eq!(tcp(22, 22).describe(), "tcp 22");
        assert_eq!(tcp(0, 65535).describe(), "tcp 0-65535");
        assert_eq!(tcp(-1, -1).describe(), "tcp all ports");
        assert_eq!(rule(json!({"IpProtocol": "-1"})).describe(), "all traffic");
        assert_eq!(rule(json!({"IpProtocol": "6", "FromPort": 3389, "ToPort": 3389})).describe(), "tcp 3389");
    }

    #[test]
    fn a_group_lists_only_world_open_rules_covering_the_port() {
        let group: SecurityGroup = serde_json::from_value(json!({
            "GroupId": "sg-1", "GroupName": "web",
            "IpPermissions": [
                {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "10.0.0.0/8"}]},
                {"IpProtocol": "udp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]},
                {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]},
                {"IpProtocol": "tcp", "FromPort": 0, "ToPort": 65535, "IpRanges": [{"CidrIp": "0.0.0.0/0"}],
                 "Ipv6Ranges": [{"CidrIpv6": "::/0"}]},
                {"IpProtocol": "-1", "Ipv6Ranges": [{"CidrIpv6": "::/0"}]}
            ],
            "IpPermissionsEgress": [{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]
        }))
        .unwrap();
        assert_eq!(group.world_open_tcp_port(22), ["tcp 0-65535 from 0.0.0.0/0, ::/0", "all traffic from ::/0"]);
        assert_eq!(group.label().to_string(), "web (sg-1)");
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
