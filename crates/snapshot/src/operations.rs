//! Every operation the collector makes, in one table: the collector's plan follows its parents,
//! `cargo xtask codegen` generates a conversion for each (in this order, service by service),
//! and `stance diff` declares how each one's items are identified.
//!
//! It lives in the format crate, not the collector, so that codegen and the diff read it
//! without depending on the AWS SDK.

/// An operation the collector makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Op {
    /// The service, as keyed in the snapshot (`S3Control`).
    pub service: &'static str,
    /// The API's own name (`GetBucketAcl`).
    pub name: &'static str,
    pub scope: Scope,
}

/// How often an operation is made, where its outcome is keyed, and what is made before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Once per account, under the `global` region.
    Global,
    /// Once per account, under the `global` region, after `first` (of the same service), whose
    /// answer it waits for.
    GlobalAfter { first: &'static str },
    /// Once in each collected region: those `--region` names, or else EC2 DescribeRegions's.
    Regional,
    /// Once for each resource `parent` (of the same service) lists, keyed by the resource's ARN
    /// (or id) under the region the call is made in.
    PerResource { parent: &'static str },
    /// Once per account for each of `keys` (a request parameter's values), under the `global`
    /// region, keyed by the value: Account GetAlternateContact for each contact type.
    GlobalPerKey { keys: &'static [&'static str] },
}

use Scope::{Global, GlobalAfter, GlobalPerKey, PerResource, Regional};

/// The alternate contact types of Account GetAlternateContact.
pub const ALTERNATE_CONTACT_TYPES: &[&str] = &["BILLING", "OPERATIONS", "SECURITY"];

const fn op(service: &'static str, name: &'static str, scope: Scope) -> Op {
    Op { service, name, scope }
}

pub const OPERATIONS: &[Op] = &[
    op("STS", "GetCallerIdentity", Global),
    // IAM
    op("IAM", "GenerateCredentialReport", Global),
    op("IAM", "GetCredentialReport", GlobalAfter { first: "GenerateCredentialReport" }),
    op("IAM", "GetAccountPasswordPolicy", Global),
    op("IAM", "GetAccountSummary", Global),
    op("IAM", "GetAccountAuthorizationDetails", Global),
    // A last-accessed job for each user and role, then its report.
    op("IAM", "GenerateServiceLastAccessedDetails", PerResource { parent: "GetAccountAuthorizationDetails" }),
    op("IAM", "GetServiceLastAccessedDetails", PerResource { parent: "GenerateServiceLastAccessedDetails" }),
    op("IAM", "ListUsers", Global),
    op("IAM", "ListAccessKeys", PerResource { parent: "ListUsers" }),
    op("IAM", "GetAccessKeyLastUsed", PerResource { parent: "ListAccessKeys" }),
    op("IAM", "ListMFADevices", PerResource { parent: "ListUsers" }),
    op("IAM", "ListVirtualMFADevices", Global),
    op("IAM", "ListServerCertificates", Global),
    op("IAM", "ListSSHPublicKeys", PerResource { parent: "ListUsers" }),
    op("IAM", "ListSigningCertificates", PerResource { parent: "ListUsers" }),
    op("IAM", "ListSAMLProviders", Global),
    op("IAM", "ListOpenIDConnectProviders", Global),
    // Whether the organization manages member accounts' root credentials centrally.
    op("IAM", "ListOrganizationsFeatures", Global),
    // EC2
    op("EC2", "DescribeRegions", Global),
    op("EC2", "DescribeVpcs", Regional),
    op("EC2", "DescribeSubnets", Regional),
    op("EC2", "DescribeRouteTables", Regional),
    op("EC2", "DescribeInternetGateways", Regional),
    op("EC2", "DescribeEgressOnlyInternetGateways", Regional),
    op("EC2", "DescribeNatGateways", Regional),
    op("EC2", "DescribeFlowLogs", Regional),
    op("EC2", "DescribeSecurityGroups", Regional),
    op("EC2", "DescribeNetworkAcls", Regional),
    op("EC2", "DescribeNetworkInterfaces", Regional),
    op("EC2", "DescribeInstances", Regional),
    // Each instance's user data, scanned for secrets (never recorded itself).
    op("EC2", "DescribeInstanceAttribute", PerResource { parent: "DescribeInstances" }),
    op("EC2", "DescribeVolumes", Regional),
    op("EC2", "DescribeSnapshots", Regional),
    op("EC2", "DescribeSnapshotAttribute", PerResource { parent: "DescribeSnapshots" }),
    op("EC2", "DescribeImages", Regional),
    op("EC2", "DescribeImageAttribute", PerResource { parent: "DescribeImages" }),
    op("EC2", "GetEbsEncryptionByDefault", Regional),
    op("EC2", "GetEbsDefaultKmsKeyId", Regional),
    op("EC2", "DescribeAddresses", Regional),
    op("EC2", "DescribeVpcEndpoints", Regional),
    // Endpoint services (AWS's and the account's), then who may connect to the account's own.
    op("EC2", "DescribeVpcEndpointServices", Regional),
    op("EC2", "DescribeVpcEndpointServicePermissions", PerResource { parent: "DescribeVpcEndpointServices" }),
    op("EC2", "DescribeClientVpnEndpoints", Regional),
    op("EC2", "DescribeVpcPeeringConnections", Regional),
    op("EC2", "DescribeKeyPairs", Regional),
    op("EC2", "DescribeLaunchTemplates", Regional),
    op("EC2", "DescribeLaunchTemplateVersions", PerResource { parent: "DescribeLaunchTemplates" }),
    op("EC2", "DescribeVpnGateways", Regional),
    op("EC2", "DescribeVpnConnections", Regional),
    op("EC2", "DescribeTransitGateways", Regional),
    op("EC2", "DescribeAccountAttributes", Regional),
    op("EC2", "GetInstanceMetadataDefaults", Regional),
    op("EC2", "GetSerialConsoleAccessStatus", Regional),
    op("EC2", "GetSnapshotBlockPublicAccessState", Regional),
    op("EC2", "GetImageBlockPublicAccessState", Regional),
    // S3: the bucket list, then each bucket's location, then the rest in the bucket's region.
    op("S3", "ListBuckets", Global),
    op("S3", "GetBucketLocation", PerResource { parent: "ListBuckets" }),
    op("S3", "GetBucketAcl", PerResource { parent: "GetBucketLocation" }),
    op("S3", "GetBucketPolicy", PerResource { parent: "GetBucketLocation" }),
    op("S3", "GetBucketPolicyStatus", PerResource { parent: "GetBucketLocation" }),
    op("S3", "GetPublicAccessBlock", PerResource { parent: "GetBucketLocation" }),
    op("S3", "GetBucketLogging", PerResource { parent: "GetBucketLocation" }),
    op("S3", "GetBucketEncryption", PerResource { parent: "GetBucketLocation" }),
    op("S3", "GetBucketVersioning", PerResource { parent: "GetBucketLocation" }),
    op("S3", "GetBucketLifecycleConfiguration", PerResource { parent: "GetBucketLocation" }),
    op("S3", "GetObjectLockConfiguration", PerResource { parent: "GetBucketLocation" }),
    op("S3", "GetBucketOwnershipControls", PerResource { parent: "GetBucketLocation" }),
    op("S3", "GetBucketWebsite", PerResource { parent: "GetBucketLocation" }),
    op("S3", "GetBucketTagging", PerResource { parent: "GetBucketLocation" }),
    op("S3", "GetBucketReplication", PerResource { parent: "GetBucketLocation" }),
    op("S3", "GetBucketAccelerateConfiguration", PerResource { parent: "GetBucketLocation" }),
    op("S3", "GetBucketNotificationConfiguration", PerResource { parent: "GetBucketLocation" }),
    // A sample of each bucket's first keys and their ACLs, unless ownership controls disable ACLs.
    op("S3", "ListObjectsV2", PerResource { parent: "GetBucketOwnershipControls" }),
    op("S3", "GetObjectAcl", PerResource { parent: "ListObjectsV2" }),
    // Probes of the bucket names AWS services predictably use for this account, where the
    // account does not own them (`stance_snapshot::predictable_buckets`).
    op("S3", "HeadBucket", PerResource { parent: "ListBuckets" }),
    // The account's Block Public Access settings, its access points, and its Multi-Region
    // Access Points (whose control plane is in us-west-2).
    op("S3Control", "GetPublicAccessBlock", Global),
    op("S3Control", "ListAccessPoints", Regional),
    op("S3Control", "GetAccessPoint", PerResource { parent: "ListAccessPoints" }),
    op("S3Control", "ListMultiRegionAccessPoints", Global),
    // CloudTrail: each region's trails (multi-region ones in every region), then the status and
    // event selectors of each trail, once, in its home region.
    op("CloudTrail", "DescribeTrails", Regional),
    op("CloudTrail", "GetTrailStatus", PerResource { parent: "DescribeTrails" }),
    op("CloudTrail", "GetEventSelectors", PerResource { parent: "DescribeTrails" }),
    // CloudWatch Logs and CloudWatch: log groups, metric filters and alarms; SNS topics, their
    // attributes (policy, subscription counts) and subscriptions.
    op("CloudWatchLogs", "DescribeLogGroups", Regional),
    op("CloudWatchLogs", "DescribeMetricFilters", Regional),
    op("CloudWatch", "DescribeAlarms", Regional),
    op("SNS", "ListTopics", Regional),
    op("SNS", "GetTopicAttributes", PerResource { parent: "ListTopics" }),
    op("SNS", "ListSubscriptions", Regional),
    // AWS Config recorders, their status, and delivery channels.
    op("ConfigService", "DescribeConfigurationRecorders", Regional),
    op("ConfigService", "DescribeConfigurationRecorderStatus", Regional),
    op("ConfigService", "DescribeDeliveryChannels", Regional),
    // KMS keys and aliases, then each key's metadata, rotation status and key policy.
    op("KMS", "ListKeys", Regional),
    op("KMS", "ListAliases", Regional),
    op("KMS", "DescribeKey", PerResource { parent: "ListKeys" }),
    op("KMS", "GetKeyRotationStatus", PerResource { parent: "ListKeys" }),
    op("KMS", "GetKeyPolicy", PerResource { parent: "ListKeys" }),
    // IAM Access Analyzer analyzers, then each one's active findings.
    op("AccessAnalyzer", "ListAnalyzers", Regional),
    op("AccessAnalyzer", "ListFindingsV2", PerResource { parent: "ListAnalyzers" }),
    op("SecurityHub", "DescribeHub", Regional),
    op("SecurityHub", "GetEnabledStandards", Regional),
    op("SecurityHub", "ListEnabledProductsForImport", Regional),
    op("Organizations", "DescribeOrganization", Global),
    op("Organizations", "ListDelegatedAdministrators", Global),
    // The organization's resource policy: who outside the management account may manage it.
    op("Organizations", "DescribeResourcePolicy", Global),
    op("Account", "GetContactInformation", Global),
    op("Account", "GetAlternateContact", GlobalPerKey { keys: ALTERNATE_CONTACT_TYPES }),
    op("Macie2", "GetMacieSession", Regional),
    // RDS instances, clusters and their snapshots, then who may restore each manual snapshot.
    op("RDS", "DescribeDBInstances", Regional),
    op("RDS", "DescribeDBClusters", Regional),
    op("RDS", "DescribeDBSnapshots", Regional),
    op("RDS", "DescribeDBSnapshotAttributes", PerResource { parent: "DescribeDBSnapshots" }),
    op("RDS", "DescribeDBClusterSnapshots", Regional),
    op("RDS", "DescribeDBClusterSnapshotAttributes", PerResource { parent: "DescribeDBClusterSnapshots" }),
    op("EFS", "DescribeFileSystems", Regional),
    // Resources with resource policies: queues, functions, vaults, event buses and secrets, each
    // one's policy asked where the listing does not carry it.
    op("SQS", "ListQueues", Regional),
    op("SQS", "GetQueueAttributes", PerResource { parent: "ListQueues" }),
    op("Lambda", "ListFunctions", Regional),
    op("Lambda", "GetPolicy", PerResource { parent: "ListFunctions" }),
    op("Glacier", "ListVaults", Regional),
    op("Glacier", "GetVaultAccessPolicy", PerResource { parent: "ListVaults" }),
    op("EventBridge", "ListEventBuses", Regional),
    op("SecretsManager", "ListSecrets", Regional),
    op("SecretsManager", "GetResourcePolicy", PerResource { parent: "ListSecrets" }),
    // Web front ends and their access logs: CloudFront distributions (with their standard
    // logging, and CloudWatch Logs deliveries for its v2), load balancers, REST and HTTP APIs.
    op("CloudFront", "ListDistributions", Global),
    op("CloudFront", "GetDistributionConfig", PerResource { parent: "ListDistributions" }),
    op("CloudWatchLogs", "DescribeDeliverySources", Regional),
    op("CloudWatchLogs", "DescribeDeliveries", Regional),
    op("ELBv2", "DescribeLoadBalancers", Regional),
    op("ELBv2", "DescribeLoadBalancerAttributes", PerResource { parent: "DescribeLoadBalancers" }),
    op("APIGateway", "GetRestApis", Regional),
    op("APIGateway", "GetStages", PerResource { parent: "GetRestApis" }),
    op("ApiGatewayV2", "GetApis", Regional),
    op("ApiGatewayV2", "GetStages", PerResource { parent: "GetApis" }),
];
