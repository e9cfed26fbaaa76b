//! Every operation the collector makes, in one table: `plan.rs` follows its parents, and
//! `cargo xtask codegen` generates a conversion for each (in this order, service by service).
//!
//! This file has no dependencies, because xtask compiles it too (`#[path]`): codegen must not
//! depend on the collector, which includes the code codegen writes.

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
}

use Scope::{Global, GlobalAfter, PerResource, Regional};

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
];
