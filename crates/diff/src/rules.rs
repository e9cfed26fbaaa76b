//! How nested lists are compared: every list is unordered; some have items with an identity,
//! so that a change inside an item shows as that item's change.

use serde_json::{Map, Value};
use stance_snapshot::identity::{Items, List};

/// How the items of one list are matched between the two snapshots.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ListRule {
    /// By the values of the `key` members an item has; items without one, or whose key
    /// another item shares, are compared as values.
    Keyed(&'static [&'static str]),
    /// Security group permissions, one item per source: `tcp 22 from 0.0.0.0/0`.
    Permissions,
    /// As a multiset of values.
    Unkeyed,
}

/// Lists with the same member name wherever they are, and how their items are matched.
const NESTED: &[(&str, ListRule)] = &[
    ("IpPermissions", ListRule::Permissions),
    ("IpPermissionsEgress", ListRule::Permissions),
    ("Tags", ListRule::Keyed(&["Key"])),
    ("TagSet", ListRule::Keyed(&["Key"])),
    ("TagList", ListRule::Keyed(&["Key"])),
    // Policy statements by `Sid` where they have one.
    ("Statement", ListRule::Keyed(&["Sid"])),
    ("Instances", ListRule::Keyed(&["InstanceId"])),
    ("NetworkInterfaces", ListRule::Keyed(&["NetworkInterfaceId"])),
    ("BlockDeviceMappings", ListRule::Keyed(&["DeviceName"])),
    // Network ACL entries: a rule number is unique in each direction.
    ("Entries", ListRule::Keyed(&["Egress", "RuleNumber"])),
    // A route has one destination, of one of three kinds.
    ("Routes", ListRule::Keyed(&["DestinationCidrBlock", "DestinationIpv6CidrBlock", "DestinationPrefixListId"])),
    ("AttachedManagedPolicies", ListRule::Keyed(&["PolicyArn"])),
    ("UserPolicyList", ListRule::Keyed(&["PolicyName"])),
    ("GroupPolicyList", ListRule::Keyed(&["PolicyName"])),
    ("RolePolicyList", ListRule::Keyed(&["PolicyName"])),
    ("PolicyVersionList", ListRule::Keyed(&["VersionId"])),
    ("InstanceProfileList", ListRule::Keyed(&["InstanceProfileName"])),
    // S3 lifecycle and replication rules by their `ID`.
    ("Rules", ListRule::Keyed(&["ID"])),
];

/// The rule of the list at `members` (names from the compared value's root), where the root is
/// a call's answer whose own lists are `lists` (none for a resource item).
pub(crate) fn list_rule(lists: &[List], members: &[&str]) -> ListRule {
    let own = lists.iter().find(|list| {
        let mut path = list.path.split('.');
        members.iter().all(|member| path.next() == Some(member)) && path.next().is_none()
    });
    match own.map(|list| list.items) {
        Some(Items::Keyed { key } | Items::Resources { key, .. }) => ListRule::Keyed(key),
        Some(Items::Names { .. } | Items::Unkeyed) => ListRule::Unkeyed,
        None => members
            .last()
            .and_then(|member| NESTED.iter().find(|(name, _)| name == member))
            .map_or(ListRule::Unkeyed, |&(_, rule)| rule),
    }
}

/// A value as a key or id: a string as it is, anything else as JSON.
pub(crate) fn key_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// The key of `item` by the `key` members it has: one member's value as it is, several as
/// `Member=value,Member=value`. `None` when it has none of them.
pub(crate) fn item_key(item: &Value, key: &[&str]) -> Option<String> {
    let present: Vec<(&str, &Value)> = key.iter().filter_map(|&member| Some((member, item.get(member)?))).collect();
    match present.as_slice() {
        [] => None,
        [(_, value)] => Some(key_text(value)),
        several => Some(
            several.iter().map(|(member, value)| format!("{member}={}", key_text(value))).collect::<Vec<_>>().join(","),
        ),
    }
}

/// The sources a permission's members list, with the member naming each source.
const SOURCES: &[(&str, &[&str])] = &[
    ("IpRanges", &["CidrIp"]),
    ("Ipv6Ranges", &["CidrIpv6"]),
    ("PrefixListIds", &["PrefixListId"]),
    ("UserIdGroupPairs", &["GroupId", "GroupName"]),
];

/// Security group permissions as one item per source, each keyed by what it allows
/// (`tcp 22 from 0.0.0.0/0`) and holding the permission's protocol and ports and the source's
/// members (its `Description`, a group pair's account and VPC).
pub(crate) fn permission_rules(permissions: &[Value]) -> Vec<(String, Value)> {
    let mut rules = Vec::new();
    for permission in permissions {
        let Value::Object(members) = permission else {
            rules.push((permission.to_string(), permission.clone()));
            continue;
        };
        let traffic = traffic(members);
        let base: Map<String, Value> = members
            .iter()
            .filter(|(name, _)| !SOURCES.iter().any(|(list, _)| list == name))
            .map(|(name, value)| (name.clone(), value.clone()))
            .collect();
        let mut sources = 0;
        for (list, naming) in SOURCES {
            for source in members.get(*list).and_then(Value::as_array).into_iter().flatten() {
                sources += 1;
                let who = item_key(source, naming).unwrap_or_else(|| source.to_string());
                let mut rule = base.clone();
                if let Value::Object(source) = source {
                    rule.extend(source.iter().map(|(name, value)| (name.clone(), value.clone())));
                }
                rules.push((format!("{traffic} from {who}"), Value::Object(rule)));
            }
        }
        if sources == 0 {
            rules.push((format!("{traffic} from no source"), Value::Object(base)));
        }
    }
    rules
}

/// What a permission allows: `all`, `tcp 22`, `udp 1024-2047`, `icmp type 8`.
fn traffic(permission: &Map<String, Value>) -> String {
    let protocol = permission.get("IpProtocol").map(key_text).unwrap_or_default();
    let protocol = match protocol.as_str() {
        "-1" => return "all".to_owned(),
        "6" => "tcp".to_owned(),
        "17" => "udp".to_owned(),
        "1" => "icmp".to_owned(),
        "58" => "icmpv6".to_owned(),
        _ => protocol,
    };
    let port = |name| permission.get(name).and_then(Value::as_i64);
    match (port("FromPort"), port("ToPort")) {
        (None | Some(-1), _) => protocol,
        (Some(from), to) if protocol.starts_with("icmp") => match to {
            None | Some(-1) => format!("{protocol} type {from}"),
            Some(code) => format!("{protocol} type {from} code {code}"),
        },
        (Some(from), Some(to)) if from != to => format!("{protocol} {from}-{to}"),
        (Some(from), _) => format!("{protocol} {from}"),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use stance_snapshot::identity::identity;

    use super::*;

    #[test]
    fn an_operations_own_lists_come_before_the_nested_rules() {
        let attributes = identity("RDS", "DescribeDBSnapshotAttributes").unwrap().lists;
        let path = ["DBSnapshotAttributesResult", "DBSnapshotAttributes"];
        assert_eq!(list_rule(attributes, &path), ListRule::Keyed(&["AttributeName"]));
        assert_eq!(list_rule(&[], &path), ListRule::Unkeyed);
        assert_eq!(list_rule(&[], &["Policy", "Statement"]), ListRule::Keyed(&["Sid"]));
        assert_eq!(list_rule(&[], &["SecurityGroups", "IpPermissions"]), ListRule::Permissions);
        let grants = identity("S3", "GetBucketAcl").unwrap().lists;
        assert_eq!(list_rule(grants, &["Grants"]), ListRule::Unkeyed);
    }

    #[test]
    fn keys_use_the_members_an_item_has() {
        let route = json!({"DestinationIpv6CidrBlock": "::/0", "GatewayId": "igw-1"});
        assert_eq!(item_key(&route, &["DestinationCidrBlock", "DestinationIpv6CidrBlock"]).as_deref(), Some("::/0"));
        let entry = json!({"Egress": true, "RuleNumber": 100});
        assert_eq!(item_key(&entry, &["Egress", "RuleNumber"]).as_deref(), Some("Egress=true,RuleNumber=100"));
        assert_eq!(item_key(&json!({"Effect": "Allow"}), &["Sid"]), None);
    }

    #[test]
    fn each_source_of_a_permission_is_one_rule() {
        let permissions = [
            json!({"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22,
                   "IpRanges": [{"CidrIp": "0.0.0.0/0", "Description": "anyone"}, {"CidrIp": "10.0.0.0/8"}],
                   "Ipv6Ranges": [{"CidrIpv6": "::/0"}], "PrefixListIds": [],
                   "UserIdGroupPairs": [{"GroupId": "sg-1", "UserId": "123456789012"}]}),
            json!({"IpProtocol": "-1", "IpRanges": [{"CidrIp": "10.0.0.0/8"}]}),
            json!({"IpProtocol": "udp", "FromPort": 1024, "ToPort": 2047, "PrefixListIds": [{"PrefixListId": "pl-1"}]}),
            json!({"IpProtocol": "icmp", "FromPort": 8, "ToPort": -1, "IpRanges": [{"CidrIp": "10.0.0.0/8"}]}),
            json!({"IpProtocol": "58", "FromPort": -1, "ToPort": -1, "Ipv6Ranges": [{"CidrIpv6": "::/0"}]}),
        ];
        let rules = permission_rules(&permissions);
        let keys: Vec<&str> = rules.iter().map(|(key, _)| key.as_str()).collect();
        assert_eq!(
            keys,
            [
                "tcp 22 from 0.0.0.0/0",
                "tcp 22 from 10.0.0.0/8",
                "tcp 22 from ::/0",
                "tcp 22 from sg-1",
                "all from 10.0.0.0/8",
                "udp 1024-2047 from pl-1",
                "icmp type 8 from 10.0.0.0/8",
                "icmpv6 from ::/0",
            ]
        );
        assert_eq!(
            rules[0].1,
            json!({"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "CidrIp": "0.0.0.0/0", "Description": "anyone"})
        );
        assert_eq!(rules[3].1["UserId"], "123456789012");
    }
}
