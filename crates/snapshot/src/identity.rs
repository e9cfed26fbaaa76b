//! How the items of every operation's response are identified, so that `stance diff` matches
//! resources by identity rather than by position: one [`Identity`] for each operation of
//! [`OPERATIONS`](crate::operations::OPERATIONS), in the same order.
//!
//! A call made once per region (or once per account) holds its resources in top-level lists
//! ([`Items::Resources`]: `SecurityGroups` by `GroupId`); whatever is not in such a list is the
//! call's own object (ListBuckets' `Owner`, all of GetAccountPasswordPolicy). A per-resource
//! call's answer describes the resource its key names (a bucket's policy), and its lists are
//! lists of that resource's parts ([`Items::Keyed`]: ListAccessKeys' keys by `AccessKeyId`).

/// How one operation's response is identified.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Identity {
    pub service: &'static str,
    pub operation: &'static str,
    /// For a per-resource call, what its resource key names (`bucket`, `user`), for display;
    /// `None` for a call made once per region.
    pub resource: Option<&'static str>,
    /// The response's top-level lists, and how their items are identified.
    pub lists: &'static [List],
}

/// A list in a response and how its items are identified.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct List {
    /// The member holding the list, from the top of the response; dots lead through objects
    /// (`DistributionList.Items`).
    pub path: &'static str,
    pub items: Items,
}

/// How a list's items are identified.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Items {
    /// Each item is a resource, identified by the values of the `key` members it has (at least
    /// one), shown as `kind`, with the `label` member's value beside its id (`sg-0abc (web)`).
    Resources { key: &'static [&'static str], kind: &'static str, label: Option<&'static str> },
    /// Each item is a string naming a resource of `kind` (SQS ListQueues' queue URLs).
    Names { kind: &'static str },
    /// Each item is a part of the call's object, identified by the values of the `key` members
    /// it has.
    Keyed { key: &'static [&'static str] },
    /// Items with no identity of their own (ACL grants, launch permissions): compared as a
    /// multiset of values.
    Unkeyed,
}

const fn call(service: &'static str, operation: &'static str, lists: &'static [List]) -> Identity {
    Identity { service, operation, resource: None, lists }
}

const fn per(
    service: &'static str,
    operation: &'static str,
    resource: &'static str,
    lists: &'static [List],
) -> Identity {
    Identity { service, operation, resource: Some(resource), lists }
}

const fn resources(path: &'static str, key: &'static [&'static str], kind: &'static str) -> List {
    List { path, items: Items::Resources { key, kind, label: None } }
}

const fn labelled(path: &'static str, key: &'static [&'static str], kind: &'static str, label: &'static str) -> List {
    List { path, items: Items::Resources { key, kind, label: Some(label) } }
}

const fn names(path: &'static str, kind: &'static str) -> List {
    List { path, items: Items::Names { kind } }
}

const fn keyed(path: &'static str, key: &'static [&'static str]) -> List {
    List { path, items: Items::Keyed { key } }
}

const fn unkeyed(path: &'static str) -> List {
    List { path, items: Items::Unkeyed }
}

/// The identity of `service`/`operation`'s response, if the collector makes that call.
pub fn identity(service: &str, operation: &str) -> Option<&'static Identity> {
    IDENTITIES.iter().find(|identity| identity.service == service && identity.operation == operation)
}

/// One identity for each operation of `OPERATIONS`, in its order.
pub const IDENTITIES: &[Identity] = &[
    call("STS", "GetCallerIdentity", &[]),
    // IAM
    call("IAM", "GenerateCredentialReport", &[]),
    call("IAM", "GetCredentialReport", &[resources("Content", &["user"], "user")]),
    call("IAM", "GetAccountPasswordPolicy", &[]),
    call("IAM", "GetAccountSummary", &[]),
    call(
        "IAM",
        "GetAccountAuthorizationDetails",
        &[
            resources("UserDetailList", &["UserName"], "user"),
            resources("GroupDetailList", &["GroupName"], "group"),
            resources("RoleDetailList", &["RoleName"], "role"),
            labelled("Policies", &["Arn"], "policy", "PolicyName"),
        ],
    ),
    per("IAM", "GenerateServiceLastAccessedDetails", "principal", &[]),
    per("IAM", "GetServiceLastAccessedDetails", "principal", &[keyed("ServicesLastAccessed", &["ServiceNamespace"])]),
    call("IAM", "ListUsers", &[resources("Users", &["UserName"], "user")]),
    per("IAM", "ListAccessKeys", "user", &[keyed("AccessKeyMetadata", &["AccessKeyId"])]),
    per("IAM", "GetAccessKeyLastUsed", "access-key", &[]),
    per("IAM", "ListMFADevices", "user", &[keyed("MFADevices", &["SerialNumber"])]),
    call("IAM", "ListVirtualMFADevices", &[resources("VirtualMFADevices", &["SerialNumber"], "mfa-device")]),
    call(
        "IAM",
        "ListServerCertificates",
        &[resources("ServerCertificateMetadataList", &["ServerCertificateName"], "server-certificate")],
    ),
    per("IAM", "ListSSHPublicKeys", "user", &[keyed("SSHPublicKeys", &["SSHPublicKeyId"])]),
    per("IAM", "ListSigningCertificates", "user", &[keyed("Certificates", &["CertificateId"])]),
    call("IAM", "ListSAMLProviders", &[resources("SAMLProviderList", &["Arn"], "saml-provider")]),
    call("IAM", "ListOpenIDConnectProviders", &[resources("OpenIDConnectProviderList", &["Arn"], "oidc-provider")]),
    call("IAM", "ListOrganizationsFeatures", &[unkeyed("EnabledFeatures")]),
    // EC2
    call("EC2", "DescribeRegions", &[resources("Regions", &["RegionName"], "region")]),
    call("EC2", "DescribeVpcs", &[resources("Vpcs", &["VpcId"], "vpc")]),
    call("EC2", "DescribeSubnets", &[resources("Subnets", &["SubnetId"], "subnet")]),
    call("EC2", "DescribeRouteTables", &[resources("RouteTables", &["RouteTableId"], "route-table")]),
    call(
        "EC2",
        "DescribeInternetGateways",
        &[resources("InternetGateways", &["InternetGatewayId"], "internet-gateway")],
    ),
    call(
        "EC2",
        "DescribeEgressOnlyInternetGateways",
        &[resources("EgressOnlyInternetGateways", &["EgressOnlyInternetGatewayId"], "egress-only-internet-gateway")],
    ),
    call("EC2", "DescribeNatGateways", &[resources("NatGateways", &["NatGatewayId"], "nat-gateway")]),
    call("EC2", "DescribeFlowLogs", &[resources("FlowLogs", &["FlowLogId"], "flow-log")]),
    call("EC2", "DescribeSecurityGroups", &[labelled("SecurityGroups", &["GroupId"], "security-group", "GroupName")]),
    call("EC2", "DescribeNetworkAcls", &[resources("NetworkAcls", &["NetworkAclId"], "network-acl")]),
    call(
        "EC2",
        "DescribeNetworkInterfaces",
        &[resources("NetworkInterfaces", &["NetworkInterfaceId"], "network-interface")],
    ),
    // A reservation's instances are a keyed list of its own (see stance-diff's nested rules).
    call("EC2", "DescribeInstances", &[resources("Reservations", &["ReservationId"], "reservation")]),
    per("EC2", "DescribeInstanceAttribute", "instance", &[]),
    call("EC2", "DescribeVolumes", &[resources("Volumes", &["VolumeId"], "volume")]),
    call("EC2", "DescribeSnapshots", &[resources("Snapshots", &["SnapshotId"], "snapshot")]),
    per("EC2", "DescribeSnapshotAttribute", "snapshot", &[unkeyed("CreateVolumePermissions")]),
    call("EC2", "DescribeImages", &[labelled("Images", &["ImageId"], "image", "Name")]),
    per("EC2", "DescribeImageAttribute", "image", &[unkeyed("LaunchPermissions")]),
    call("EC2", "GetEbsEncryptionByDefault", &[]),
    call("EC2", "GetEbsDefaultKmsKeyId", &[]),
    call("EC2", "DescribeAddresses", &[labelled("Addresses", &["AllocationId"], "address", "PublicIp")]),
    call("EC2", "DescribeVpcEndpoints", &[resources("VpcEndpoints", &["VpcEndpointId"], "vpc-endpoint")]),
    call(
        "EC2",
        "DescribeVpcEndpointServices",
        &[labelled("ServiceDetails", &["ServiceId"], "endpoint-service", "ServiceName"), unkeyed("ServiceNames")],
    ),
    per(
        "EC2",
        "DescribeVpcEndpointServicePermissions",
        "endpoint-service",
        &[keyed("AllowedPrincipals", &["Principal"])],
    ),
    call(
        "EC2",
        "DescribeClientVpnEndpoints",
        &[resources("ClientVpnEndpoints", &["ClientVpnEndpointId"], "client-vpn-endpoint")],
    ),
    call(
        "EC2",
        "DescribeVpcPeeringConnections",
        &[resources("VpcPeeringConnections", &["VpcPeeringConnectionId"], "vpc-peering-connection")],
    ),
    call("EC2", "DescribeKeyPairs", &[labelled("KeyPairs", &["KeyPairId"], "key-pair", "KeyName")]),
    call(
        "EC2",
        "DescribeLaunchTemplates",
        &[labelled("LaunchTemplates", &["LaunchTemplateId"], "launch-template", "LaunchTemplateName")],
    ),
    per(
        "EC2",
        "DescribeLaunchTemplateVersions",
        "launch-template",
        &[keyed("LaunchTemplateVersions", &["VersionNumber"])],
    ),
    call("EC2", "DescribeVpnGateways", &[resources("VpnGateways", &["VpnGatewayId"], "vpn-gateway")]),
    call("EC2", "DescribeVpnConnections", &[resources("VpnConnections", &["VpnConnectionId"], "vpn-connection")]),
    call("EC2", "DescribeTransitGateways", &[resources("TransitGateways", &["TransitGatewayId"], "transit-gateway")]),
    call(
        "EC2",
        "DescribeAccountAttributes",
        &[resources("AccountAttributes", &["AttributeName"], "account-attribute")],
    ),
    call("EC2", "GetInstanceMetadataDefaults", &[]),
    call("EC2", "GetSerialConsoleAccessStatus", &[]),
    call("EC2", "GetSnapshotBlockPublicAccessState", &[]),
    call("EC2", "GetImageBlockPublicAccessState", &[]),
    // S3
    call("S3", "ListBuckets", &[resources("Buckets", &["Name"], "bucket")]),
    per("S3", "GetBucketLocation", "bucket", &[]),
    per("S3", "GetBucketAcl", "bucket", &[unkeyed("Grants")]),
    per("S3", "GetBucketPolicy", "bucket", &[]),
    per("S3", "GetBucketPolicyStatus", "bucket", &[]),
    per("S3", "GetPublicAccessBlock", "bucket", &[]),
    per("S3", "GetBucketLogging", "bucket", &[]),
    per("S3", "GetBucketEncryption", "bucket", &[]),
    per("S3", "GetBucketVersioning", "bucket", &[]),
    per("S3", "GetBucketLifecycleConfiguration", "bucket", &[keyed("Rules", &["ID"])]),
    per("S3", "GetObjectLockConfiguration", "bucket", &[]),
    per("S3", "GetBucketOwnershipControls", "bucket", &[]),
    per("S3", "GetBucketWebsite", "bucket", &[unkeyed("RoutingRules")]),
    per("S3", "GetBucketTagging", "bucket", &[keyed("TagSet", &["Key"])]),
    per("S3", "GetBucketReplication", "bucket", &[]),
    per("S3", "GetBucketAccelerateConfiguration", "bucket", &[]),
    per(
        "S3",
        "GetBucketNotificationConfiguration",
        "bucket",
        &[
            keyed("TopicConfigurations", &["Id"]),
            keyed("QueueConfigurations", &["Id"]),
            keyed("LambdaFunctionConfigurations", &["Id"]),
        ],
    ),
    per("S3", "ListObjectsV2", "bucket", &[keyed("Contents", &["Key"]), unkeyed("CommonPrefixes")]),
    per("S3", "GetObjectAcl", "object", &[unkeyed("Grants")]),
    per("S3", "HeadBucket", "bucket", &[]),
    // S3Control
    call("S3Control", "GetPublicAccessBlock", &[]),
    call("S3Control", "ListAccessPoints", &[resources("AccessPointList", &["Name"], "access-point")]),
    per("S3Control", "GetAccessPoint", "access-point", &[]),
    call(
        "S3Control",
        "ListMultiRegionAccessPoints",
        &[resources("AccessPoints", &["Name"], "multi-region-access-point")],
    ),
    // CloudTrail
    call("CloudTrail", "DescribeTrails", &[labelled("trailList", &["TrailARN"], "trail", "Name")]),
    per("CloudTrail", "GetTrailStatus", "trail", &[]),
    per("CloudTrail", "GetEventSelectors", "trail", &[unkeyed("EventSelectors"), unkeyed("AdvancedEventSelectors")]),
    // CloudWatch Logs, CloudWatch, SNS
    call("CloudWatchLogs", "DescribeLogGroups", &[resources("logGroups", &["logGroupName"], "log-group")]),
    call(
        "CloudWatchLogs",
        "DescribeMetricFilters",
        &[resources("metricFilters", &["logGroupName", "filterName"], "metric-filter")],
    ),
    call(
        "CloudWatch",
        "DescribeAlarms",
        &[
            resources("MetricAlarms", &["AlarmName"], "alarm"),
            resources("CompositeAlarms", &["AlarmName"], "composite-alarm"),
        ],
    ),
    call("SNS", "ListTopics", &[resources("Topics", &["TopicArn"], "topic")]),
    per("SNS", "GetTopicAttributes", "topic", &[]),
    // Pending subscriptions share the ARN `PendingConfirmation`: those are compared as values.
    call("SNS", "ListSubscriptions", &[resources("Subscriptions", &["SubscriptionArn"], "subscription")]),
    // AWS Config
    call(
        "ConfigService",
        "DescribeConfigurationRecorders",
        &[resources("ConfigurationRecorders", &["name"], "configuration-recorder")],
    ),
    call(
        "ConfigService",
        "DescribeConfigurationRecorderStatus",
        &[resources("ConfigurationRecordersStatus", &["name"], "configuration-recorder")],
    ),
    call("ConfigService", "DescribeDeliveryChannels", &[resources("DeliveryChannels", &["name"], "delivery-channel")]),
    // KMS
    call("KMS", "ListKeys", &[resources("Keys", &["KeyId"], "key")]),
    call("KMS", "ListAliases", &[resources("Aliases", &["AliasName"], "alias")]),
    per("KMS", "DescribeKey", "key", &[]),
    per("KMS", "GetKeyRotationStatus", "key", &[]),
    per("KMS", "GetKeyPolicy", "key", &[]),
    // Access Analyzer, Security Hub
    call("AccessAnalyzer", "ListAnalyzers", &[resources("analyzers", &["name"], "analyzer")]),
    per("AccessAnalyzer", "ListFindingsV2", "analyzer", &[keyed("findings", &["id"])]),
    call("SecurityHub", "DescribeHub", &[]),
    call("SecurityHub", "GetEnabledStandards", &[resources("StandardsSubscriptions", &["StandardsArn"], "standard")]),
    call("SecurityHub", "ListEnabledProductsForImport", &[names("ProductSubscriptions", "product-subscription")]),
    // Organizations, Account, Macie
    call("Organizations", "DescribeOrganization", &[]),
    call(
        "Organizations",
        "ListDelegatedAdministrators",
        &[labelled("DelegatedAdministrators", &["Id"], "delegated-administrator", "Name")],
    ),
    call("Organizations", "DescribeResourcePolicy", &[]),
    call("Account", "GetContactInformation", &[]),
    per("Account", "GetAlternateContact", "alternate-contact", &[]),
    call("Macie2", "GetMacieSession", &[]),
    // RDS, EFS
    call("RDS", "DescribeDBInstances", &[resources("DBInstances", &["DBInstanceIdentifier"], "db-instance")]),
    call("RDS", "DescribeDBClusters", &[resources("DBClusters", &["DBClusterIdentifier"], "db-cluster")]),
    call("RDS", "DescribeDBSnapshots", &[resources("DBSnapshots", &["DBSnapshotIdentifier"], "db-snapshot")]),
    per(
        "RDS",
        "DescribeDBSnapshotAttributes",
        "db-snapshot",
        &[keyed("DBSnapshotAttributesResult.DBSnapshotAttributes", &["AttributeName"])],
    ),
    call(
        "RDS",
        "DescribeDBClusterSnapshots",
        &[resources("DBClusterSnapshots", &["DBClusterSnapshotIdentifier"], "db-cluster-snapshot")],
    ),
    per(
        "RDS",
        "DescribeDBClusterSnapshotAttributes",
        "db-cluster-snapshot",
        &[keyed("DBClusterSnapshotAttributesResult.DBClusterSnapshotAttributes", &["AttributeName"])],
    ),
    call("EFS", "DescribeFileSystems", &[labelled("FileSystems", &["FileSystemId"], "file-system", "Name")]),
    // Resources with resource policies
    call("SQS", "ListQueues", &[names("QueueUrls", "queue")]),
    per("SQS", "GetQueueAttributes", "queue", &[]),
    call("Lambda", "ListFunctions", &[resources("Functions", &["FunctionName"], "function")]),
    per("Lambda", "GetPolicy", "function", &[]),
    call("Glacier", "ListVaults", &[resources("VaultList", &["VaultName"], "vault")]),
    per("Glacier", "GetVaultAccessPolicy", "vault", &[]),
    call("EventBridge", "ListEventBuses", &[resources("EventBuses", &["Name"], "event-bus")]),
    call("SecretsManager", "ListSecrets", &[resources("SecretList", &["Name"], "secret")]),
    per("SecretsManager", "GetResourcePolicy", "secret", &[]),
    // Web front ends
    call(
        "CloudFront",
        "ListDistributions",
        &[labelled("DistributionList.Items", &["Id"], "distribution", "DomainName")],
    ),
    per("CloudFront", "GetDistributionConfig", "distribution", &[]),
    call("CloudWatchLogs", "DescribeDeliverySources", &[resources("deliverySources", &["name"], "delivery-source")]),
    call("CloudWatchLogs", "DescribeDeliveries", &[resources("deliveries", &["id"], "delivery")]),
    call("ELBv2", "DescribeLoadBalancers", &[resources("LoadBalancers", &["LoadBalancerName"], "load-balancer")]),
    per("ELBv2", "DescribeLoadBalancerAttributes", "load-balancer", &[keyed("Attributes", &["Key"])]),
    call("APIGateway", "GetRestApis", &[labelled("items", &["id"], "rest-api", "name")]),
    per("APIGateway", "GetStages", "rest-api", &[keyed("item", &["stageName"])]),
    call("ApiGatewayV2", "GetApis", &[labelled("Items", &["ApiId"], "api", "Name")]),
    per("ApiGatewayV2", "GetStages", "api", &[keyed("Items", &["StageName"])]),
];

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::path::Path;

    use serde_json::Value;

    use super::*;
    use crate::operations::{OPERATIONS, Scope};
    use crate::{Outcome, RegionCalls};

    fn is_per_resource(scope: Scope) -> bool {
        matches!(scope, Scope::PerResource { .. } | Scope::GlobalPerKey { .. })
    }

    #[test]
    fn every_operation_has_one_identity_and_every_identity_an_operation() {
        let operations: Vec<(&str, &str)> = OPERATIONS.iter().map(|op| (op.service, op.name)).collect();
        let identities: Vec<(&str, &str)> = IDENTITIES.iter().map(|id| (id.service, id.operation)).collect();
        for operation in &operations {
            assert!(identities.contains(operation), "{operation:?} has no identity rule in IDENTITIES");
        }
        for identity in &identities {
            assert!(operations.contains(identity), "IDENTITIES names {identity:?}, which is not in OPERATIONS");
        }
        assert_eq!(identities, operations, "IDENTITIES follows OPERATIONS' order, one rule each");
    }

    #[test]
    fn rules_fit_their_operation_scope() {
        for (op, identity) in OPERATIONS.iter().zip(IDENTITIES) {
            let name = format!("{}/{}", op.service, op.name);
            assert_eq!(
                identity.resource.is_some(),
                is_per_resource(op.scope),
                "{name}: a per-resource call, and only one, names its resource kind"
            );
            let mut paths = BTreeSet::new();
            for list in identity.lists {
                assert!(paths.insert(list.path), "{name}: two rules for {}", list.path);
                assert!(!list.path.is_empty() && list.path.split('.').all(|part| !part.is_empty()), "{name}: {list:?}");
                match list.items {
                    Items::Resources { key, .. } | Items::Keyed { key } => {
                        assert!(!key.is_empty(), "{name}: {} has an empty key", list.path);
                    }
                    Items::Names { .. } | Items::Unkeyed => {}
                }
                if identity.resource.is_some() {
                    assert!(
                        matches!(list.items, Items::Keyed { .. } | Items::Unkeyed),
                        "{name}: a per-resource call describes its one resource; {} cannot hold resources",
                        list.path
                    );
                }
            }
        }
    }

    #[test]
    fn an_unknown_operation_has_no_identity() {
        assert!(identity("EC2", "DescribeNothing").is_none());
        assert_eq!(identity("EC2", "DescribeSecurityGroups").unwrap().lists[0].path, "SecurityGroups");
    }

    /// The value at `path` (dotted through objects) of `data`.
    fn at<'v>(data: &'v Value, path: &str) -> Option<&'v Value> {
        path.split('.').try_fold(data, |value, member| value.get(member))
    }

    /// Each operation's data in the whole-account moto snapshot: every top-level list has a rule,
    /// every rule's list is a list, and every item of a resource list has a key member, with
    /// keys unique in their call.
    #[test]
    fn the_rules_fit_the_moto_account() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/moto-account.json");
        let text = crate::read_text(&path).unwrap();
        let snapshot = crate::parse(&text, &path).unwrap();
        let mut checked_lists = 0;
        for (service, operations) in &snapshot.calls {
            for (operation, regions) in operations {
                let identity = identity(service, operation)
                    .unwrap_or_else(|| panic!("{service}/{operation} is in the fixture but has no identity"));
                for (region, calls) in regions {
                    let outcomes: Vec<&Outcome> = match calls {
                        RegionCalls::Call(outcome) => vec![outcome],
                        RegionCalls::PerResource(resources) => resources.values().collect(),
                    };
                    for outcome in outcomes {
                        let Outcome::Data(data) = outcome else { continue };
                        let data: Value = serde_json::from_str(data.text()).unwrap();
                        let where_ = format!("{service}/{operation} in {region}");
                        let Value::Object(members) = &data else { panic!("{where_}: data is not an object") };
                        for (member, value) in members {
                            if value.is_array() {
                                assert!(
                                    identity.lists.iter().any(|list| list.path == member),
                                    "{where_}: the list {member} has no rule"
                                );
                            }
                        }
                        for list in identity.lists {
                            let Some(value) = at(&data, list.path) else { continue };
                            let items =
                                value.as_array().unwrap_or_else(|| panic!("{where_}: {} is not a list", list.path));
                            checked_lists += 1;
                            assert_items_fit(&where_, list, items);
                        }
                    }
                }
            }
        }
        assert!(checked_lists > 100, "only {checked_lists} lists checked: is the fixture whole?");
    }

    fn assert_items_fit(where_: &str, list: &List, items: &[Value]) {
        let mut ids = BTreeSet::new();
        for item in items {
            match list.items {
                Items::Resources { key, .. } => {
                    let id: Vec<String> =
                        key.iter().filter_map(|member| item.get(member)).map(Value::to_string).collect();
                    assert!(!id.is_empty(), "{where_}: an item of {} has none of {key:?}: {item}", list.path);
                    assert!(ids.insert(id.clone()), "{where_}: two items of {} are {id:?}", list.path);
                }
                Items::Keyed { key } => {
                    let id: Vec<String> =
                        key.iter().filter_map(|member| item.get(member)).map(Value::to_string).collect();
                    assert!(!id.is_empty(), "{where_}: an item of {} has none of {key:?}: {item}", list.path);
                }
                Items::Names { .. } => {
                    assert!(item.is_string(), "{where_}: an item of {} is not a name: {item}", list.path);
                }
                Items::Unkeyed => {}
            }
        }
    }
}
