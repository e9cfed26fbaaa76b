//! End to end against moto, a real AWS API emulator on 127.0.0.1: seed an insecure
//! account through the AWS SDK, scan it with the `stance` binary, and hold the results to
//! exactly the expected status per check and resource.
//!
//! moto facts these tests rely on: its credential report has no `<root_account>` row (so
//! the root checks say UNKNOWN), every region has a default VPC whose default security
//! group allows all outbound traffic, and its account id is 123456789012.

use std::path::Path;
use std::process::Output;

use serde_json::Value;
use stance_testkit::{
    DOTTED_BUCKET, LOCKED_BUCKET, LOG_BUCKET, Moto, PRIVATE_BUCKET, PUBLIC_BUCKET, REPLICA_BUCKET, SAGEMAKER_BUCKET,
    SEEDED_BUCKETS, isolated_command, seed_insecure_account,
};

const ACCOUNT: &str = "123456789012";

fn stance(args: &[&str], extra_env: &[(&str, &str)]) -> Output {
    isolated_command(env!("CARGO_BIN_EXE_stance")).args(args).envs(extra_env.iter().copied()).output().unwrap()
}

fn read_json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// (plugin, resource, region, status), sorted, for an exact comparison.
fn verdicts(results: &Value) -> Vec<(String, String, String, String)> {
    let mut verdicts: Vec<_> = results
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let field = |name: &str| r[name].as_str().unwrap_or_else(|| panic!("no {name} in {r}")).to_owned();
            (field("plugin"), field("resource"), field("region"), field("status"))
        })
        .collect();
    verdicts.sort();
    verdicts
}

/// The default VPC and the default security groups of `region`, as moto made them.
async fn defaults(moto: &Moto, region: &str) -> (String, Vec<String>, Vec<String>) {
    let ec2 = aws_sdk_ec2::Client::new(&moto.sdk_config(region).await);
    let vpcs = ec2.describe_vpcs().send().await.unwrap();
    let default_vpc = vpcs.vpcs().iter().find(|v| v.is_default() == Some(true)).unwrap().vpc_id().unwrap().to_owned();
    let groups = ec2.describe_security_groups().send().await.unwrap();
    let default_groups = groups
        .security_groups()
        .iter()
        .filter(|g| g.group_name() == Some("default"))
        .map(|g| g.group_id().unwrap().to_owned());
    let acls = ec2.describe_network_acls().send().await.unwrap();
    let acls = acls.network_acls().iter().map(|acl| acl.network_acl_id().unwrap().to_owned());
    (default_vpc, default_groups.collect(), acls.collect())
}

/// What moto holds in a region, for the EC2 checks that judge it: VPCs (and which is the
/// default), subnets (and whether each is a default subnet), volumes, snapshots, Elastic IP
/// allocations, internet gateways, launch templates, network interfaces, and the subnets that
/// hold instances.
struct Inventory {
    vpcs: Vec<(String, bool)>,
    subnets: Vec<(String, bool)>,
    /// Each volume, whether it is encrypted, and whether it is attached.
    volumes: Vec<(String, bool, bool)>,
    /// Each snapshot, and whether it is encrypted.
    snapshots: Vec<(String, bool)>,
    addresses: Vec<String>,
    gateways: Vec<String>,
    templates: Vec<String>,
    interfaces: Vec<String>,
    /// The subnets that hold an instance.
    instance_subnets: Vec<String>,
}

async fn inventory(moto: &Moto, region: &str) -> Inventory {
    let ec2 = aws_sdk_ec2::Client::new(&moto.sdk_config(region).await);
    let vpcs = ec2.describe_vpcs().send().await.unwrap();
    let subnets = ec2.describe_subnets().send().await.unwrap();
    let volumes = ec2.describe_volumes().send().await.unwrap();
    let snapshots = ec2.describe_snapshots().owner_ids("self").send().await.unwrap();
    let addresses = ec2.describe_addresses().send().await.unwrap();
    let gateways = ec2.describe_internet_gateways().send().await.unwrap();
    let templates = ec2.describe_launch_templates().send().await.unwrap();
    let interfaces = ec2.describe_network_interfaces().send().await.unwrap();
    let instances = ec2.describe_instances().send().await.unwrap();
    let id = |id: Option<&str>| id.unwrap().to_owned();
    Inventory {
        vpcs: vpcs.vpcs().iter().map(|v| (id(v.vpc_id()), v.is_default() == Some(true))).collect(),
        subnets: subnets.subnets().iter().map(|s| (id(s.subnet_id()), s.default_for_az() == Some(true))).collect(),
        volumes: volumes
            .volumes()
            .iter()
            .map(|v| (id(v.volume_id()), v.encrypted() == Some(true), !v.attachments().is_empty()))
            .collect(),
        snapshots: snapshots.snapshots().iter().map(|s| (id(s.snapshot_id()), s.encrypted() == Some(true))).collect(),
        addresses: addresses.addresses().iter().map(|a| id(a.allocation_id())).collect(),
        gateways: gateways.internet_gateways().iter().map(|g| id(g.internet_gateway_id())).collect(),
        templates: templates.launch_templates().iter().map(|t| id(t.launch_template_id())).collect(),
        interfaces: interfaces.network_interfaces().iter().map(|i| id(i.network_interface_id())).collect(),
        instance_subnets: instances
            .reservations()
            .iter()
            .flat_map(|reservation| reservation.instances())
            .map(|instance| id(instance.subnet_id()))
            .collect(),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn scan_reports_exactly_the_seeded_weaknesses_and_evaluate_reproduces_it() {
    let moto = Moto::start_with_aws_managed_policies();
    let seeded = seed_insecure_account(&moto).await;
    let dir = tempfile::tempdir().unwrap();
    let (results_path, snapshot_path) = (dir.path().join("results.json"), dir.path().join("snapshot.json"));

    let scan = stance(
        &[
            "scan",
            "--endpoint-url",
            &moto.endpoint,
            "--region",
            "us-east-1",
            "--region=eu-west-1",
            "--console=none",
            "--json",
            results_path.to_str().unwrap(),
            "--collection",
            snapshot_path.to_str().unwrap(),
        ],
        &[],
    );
    let stderr = String::from_utf8_lossy(&scan.stderr);
    assert_eq!(scan.status.code(), Some(1), "FAIL results exit 1; stderr: {stderr}");
    let results = read_json(&results_path);

    let iam = |name: &str| format!("arn:aws:iam::{ACCOUNT}:{name}");
    let ec2 = |region: &str, resource: &str| format!("arn:aws:ec2:{region}:{ACCOUNT}:{resource}");
    let us = |resource: &str| ec2("us-east-1", resource);
    let bucket = |name: &str| format!("arn:aws:s3:::{name}");
    let bucket_region = |name: &str| {
        if [LOG_BUCKET, PRIVATE_BUCKET, LOCKED_BUCKET].contains(&name) { "eu-west-1" } else { "us-east-1" }
    };
    let (us_default_vpc, us_default_groups, us_acls) = defaults(&moto, "us-east-1").await;
    let (eu_default_vpc, eu_default_groups, eu_acls) = defaults(&moto, "eu-west-1").await;

    let mut expected: Vec<(&str, String, &str, &str)> = vec![
        ("flowLogsEnabled", us(&format!("vpc/{}", seeded.logged_vpc)), "us-east-1", "OK"),
        ("flowLogsEnabled", us(&format!("vpc/{us_default_vpc}")), "us-east-1", "FAIL"),
        ("flowLogsEnabled", ec2("eu-west-1", &format!("vpc/{eu_default_vpc}")), "eu-west-1", "FAIL"),
        ("ebsEncryptionEnabled", us(&format!("volume/{}", seeded.encrypted_volume)), "us-east-1", "OK"),
        ("ebsEncryptionEnabled", us(&format!("volume/{}", seeded.unencrypted_volume)), "us-east-1", "FAIL"),
        ("ebsEncryptionEnabled", ec2("eu-west-1", "account"), "eu-west-1", "OK"),
    ];
    // S3, per check: (bucket, status), each bucket in its region. What each seeded bucket is
    // for is in stance_testkit's bucket constants.
    let s3_expected: &[(&str, &[(&str, &str)])] = &[
        (
            "bucketLogging",
            &[
                (PUBLIC_BUCKET, "FAIL"),
                (LOG_BUCKET, "FAIL"),
                (PRIVATE_BUCKET, "OK"),
                (REPLICA_BUCKET, "FAIL"),
                (LOCKED_BUCKET, "FAIL"),
                (DOTTED_BUCKET, "FAIL"),
                (SAGEMAKER_BUCKET, "FAIL"),
            ],
        ),
        (
            "bucketAllUsersAcl",
            &[
                (PUBLIC_BUCKET, "FAIL"),
                (LOG_BUCKET, "OK"),
                (PRIVATE_BUCKET, "OK"),
                // Its public-read ACL is disabled by BucketOwnerEnforced.
                (REPLICA_BUCKET, "OK"),
                (LOCKED_BUCKET, "OK"),
                (DOTTED_BUCKET, "OK"),
                (SAGEMAKER_BUCKET, "OK"),
            ],
        ),
        // The account blocks new public ACLs and policies; the locked bucket adds the other two.
        (
            "bucketPublicAccessBlock",
            &[
                (PUBLIC_BUCKET, "FAIL"),
                (LOG_BUCKET, "FAIL"),
                (PRIVATE_BUCKET, "OK"),
                (REPLICA_BUCKET, "FAIL"),
                (LOCKED_BUCKET, "OK"),
                (DOTTED_BUCKET, "FAIL"),
                (SAGEMAKER_BUCKET, "FAIL"),
            ],
        ),
        // The private bucket replicates to us-east-1, but moto's versioning answer is malformed.
        (
            "bucketCrossRegionReplication",
            &[
                (PUBLIC_BUCKET, "FAIL"),
                (LOG_BUCKET, "FAIL"),
                (PRIVATE_BUCKET, "UNKNOWN"),
                (REPLICA_BUCKET, "FAIL"),
                (LOCKED_BUCKET, "FAIL"),
                (DOTTED_BUCKET, "FAIL"),
                (SAGEMAKER_BUCKET, "FAIL"),
            ],
        ),
        (
            "bucketDnsCompliantName",
            &[
                (PUBLIC_BUCKET, "OK"),
                (LOG_BUCKET, "OK"),
                (PRIVATE_BUCKET, "OK"),
                (REPLICA_BUCKET, "OK"),
                (LOCKED_BUCKET, "OK"),
                (DOTTED_BUCKET, "FAIL"),
                (SAGEMAKER_BUCKET, "OK"),
            ],
        ),
        // No rule of a bucket's own is S3's default SSE-S3.
        (
            "bucketEncryption",
            &[
                (PUBLIC_BUCKET, "OK"),
                (LOG_BUCKET, "OK"),
                (PRIVATE_BUCKET, "OK"),
                (REPLICA_BUCKET, "OK"),
                (LOCKED_BUCKET, "OK"),
                (DOTTED_BUCKET, "OK"),
                (SAGEMAKER_BUCKET, "OK"),
            ],
        ),
        // moto answers a bucket without notifications with a malformed document.
        (
            "bucketEventNotifications",
            &[
                (PUBLIC_BUCKET, "UNKNOWN"),
                (LOG_BUCKET, "UNKNOWN"),
                (PRIVATE_BUCKET, "UNKNOWN"),
                (REPLICA_BUCKET, "OK"),
                (LOCKED_BUCKET, "UNKNOWN"),
                (DOTTED_BUCKET, "UNKNOWN"),
                (SAGEMAKER_BUCKET, "UNKNOWN"),
            ],
        ),
        (
            "bucketKmsEncryption",
            &[
                (PUBLIC_BUCKET, "FAIL"),
                (LOG_BUCKET, "FAIL"),
                (PRIVATE_BUCKET, "OK"),
                (REPLICA_BUCKET, "FAIL"),
                (LOCKED_BUCKET, "FAIL"),
                (DOTTED_BUCKET, "FAIL"),
                (SAGEMAKER_BUCKET, "FAIL"),
            ],
        ),
        (
            "bucketLifecycleConfiguration",
            &[
                (PUBLIC_BUCKET, "FAIL"),
                (LOG_BUCKET, "FAIL"),
                (PRIVATE_BUCKET, "OK"),
                (REPLICA_BUCKET, "FAIL"),
                (LOCKED_BUCKET, "FAIL"),
                (DOTTED_BUCKET, "FAIL"),
                (SAGEMAKER_BUCKET, "FAIL"),
            ],
        ),
        (
            "bucketObjectLock",
            &[
                (PUBLIC_BUCKET, "FAIL"),
                (LOG_BUCKET, "FAIL"),
                (PRIVATE_BUCKET, "FAIL"),
                (REPLICA_BUCKET, "FAIL"),
                (LOCKED_BUCKET, "OK"),
                (DOTTED_BUCKET, "FAIL"),
                (SAGEMAKER_BUCKET, "FAIL"),
            ],
        ),
        (
            "bucketWebsiteEnabled",
            &[
                (PUBLIC_BUCKET, "FAIL"),
                (LOG_BUCKET, "OK"),
                (PRIVATE_BUCKET, "OK"),
                (REPLICA_BUCKET, "OK"),
                (LOCKED_BUCKET, "OK"),
                (DOTTED_BUCKET, "OK"),
                (SAGEMAKER_BUCKET, "OK"),
            ],
        ),
        (
            "s3BucketHasTags",
            &[
                (PUBLIC_BUCKET, "FAIL"),
                (LOG_BUCKET, "FAIL"),
                (PRIVATE_BUCKET, "OK"),
                (REPLICA_BUCKET, "FAIL"),
                (LOCKED_BUCKET, "FAIL"),
                (DOTTED_BUCKET, "FAIL"),
                (SAGEMAKER_BUCKET, "FAIL"),
            ],
        ),
        // The private bucket's grant to everyone is confined to one VPC endpoint.
        (
            "bucketAllUsersPolicy",
            &[
                (PUBLIC_BUCKET, "FAIL"),
                (LOG_BUCKET, "OK"),
                (PRIVATE_BUCKET, "OK"),
                (REPLICA_BUCKET, "OK"),
                (LOCKED_BUCKET, "OK"),
                (DOTTED_BUCKET, "OK"),
                (SAGEMAKER_BUCKET, "OK"),
            ],
        ),
        (
            "bucketPolicyPublicWrite",
            &[
                (PUBLIC_BUCKET, "FAIL"),
                (LOG_BUCKET, "OK"),
                (PRIVATE_BUCKET, "OK"),
                (REPLICA_BUCKET, "OK"),
                (LOCKED_BUCKET, "OK"),
                (DOTTED_BUCKET, "OK"),
                (SAGEMAKER_BUCKET, "OK"),
            ],
        ),
        // moto answers GetBucketPolicyStatus with a ListObjects result: only the public ACL decides.
        (
            "bucketPublicAccess",
            &[
                (PUBLIC_BUCKET, "FAIL"),
                (LOG_BUCKET, "UNKNOWN"),
                (PRIVATE_BUCKET, "UNKNOWN"),
                (REPLICA_BUCKET, "UNKNOWN"),
                (LOCKED_BUCKET, "UNKNOWN"),
                (DOTTED_BUCKET, "UNKNOWN"),
                (SAGEMAKER_BUCKET, "UNKNOWN"),
            ],
        ),
        // A grant to everyone under aws:SourceVpce names no account: a warning.
        (
            "bucketCrossAccountAccess",
            &[
                (PUBLIC_BUCKET, "FAIL"),
                (LOG_BUCKET, "OK"),
                (PRIVATE_BUCKET, "WARN"),
                (REPLICA_BUCKET, "OK"),
                (LOCKED_BUCKET, "OK"),
                (DOTTED_BUCKET, "OK"),
                (SAGEMAKER_BUCKET, "OK"),
            ],
        ),
        // The locked bucket only allows on aws:SecureTransport true, which refuses nothing.
        (
            "bucketEncryptionInTransit",
            &[
                (PUBLIC_BUCKET, "FAIL"),
                (LOG_BUCKET, "FAIL"),
                (PRIVATE_BUCKET, "OK"),
                (REPLICA_BUCKET, "FAIL"),
                (LOCKED_BUCKET, "FAIL"),
                (DOTTED_BUCKET, "FAIL"),
                (SAGEMAKER_BUCKET, "FAIL"),
            ],
        ),
        (
            "bucketSecureTransportEnabled",
            &[
                (PUBLIC_BUCKET, "FAIL"),
                (LOG_BUCKET, "FAIL"),
                (PRIVATE_BUCKET, "OK"),
                (REPLICA_BUCKET, "FAIL"),
                (LOCKED_BUCKET, "FAIL"),
                (DOTTED_BUCKET, "FAIL"),
                (SAGEMAKER_BUCKET, "FAIL"),
            ],
        ),
        (
            "bucketAclsDisabled",
            &[
                (PUBLIC_BUCKET, "FAIL"),
                (LOG_BUCKET, "FAIL"),
                (PRIVATE_BUCKET, "FAIL"),
                (REPLICA_BUCKET, "OK"),
                (LOCKED_BUCKET, "FAIL"),
                (DOTTED_BUCKET, "FAIL"),
                (SAGEMAKER_BUCKET, "FAIL"),
            ],
        ),
        // The public bucket's index.html is public-read; the log bucket's first objects are moto's logs.
        (
            "bucketPublicObjects",
            &[
                (PUBLIC_BUCKET, "FAIL"),
                (LOG_BUCKET, "OK"),
                (PRIVATE_BUCKET, "OK"),
                (REPLICA_BUCKET, "OK"),
                (LOCKED_BUCKET, "OK"),
                (DOTTED_BUCKET, "OK"),
                (SAGEMAKER_BUCKET, "OK"),
            ],
        ),
        // S3 encrypts every upload with SSE-S3: only s3_enforce_encryption_require_cmk makes this fail.
        (
            "bucketEnforceEncryption",
            &[
                (PUBLIC_BUCKET, "OK"),
                (LOG_BUCKET, "OK"),
                (PRIVATE_BUCKET, "OK"),
                (REPLICA_BUCKET, "OK"),
                (LOCKED_BUCKET, "OK"),
                (DOTTED_BUCKET, "OK"),
                (SAGEMAKER_BUCKET, "OK"),
            ],
        ),
        // Only the private bucket's policy refuses uploads without SSE-KMS.
        (
            "s3Encryption",
            &[
                (PUBLIC_BUCKET, "FAIL"),
                (LOG_BUCKET, "FAIL"),
                (PRIVATE_BUCKET, "OK"),
                (REPLICA_BUCKET, "FAIL"),
                (LOCKED_BUCKET, "FAIL"),
                (DOTTED_BUCKET, "FAIL"),
                (SAGEMAKER_BUCKET, "FAIL"),
            ],
        ),
    ];
    for (check, buckets) in s3_expected {
        for (name, status) in *buckets {
            // A name's DNS compliance depends on no region.
            let region = if *check == "bucketDnsCompliantName" { "global" } else { bucket_region(name) };
            expected.push((check, bucket(name), region, status));
        }
    }
    // moto's GetBucketVersioning and GetBucketAccelerateConfiguration answers are malformed
    // (aws_shapes covers real ones): UNKNOWN for every bucket, never a guess.
    for check in ["bucketVersioning", "bucketMFADeleteEnabled", "versionedBucketsLC", "bucketTransferAcceleration"] {
        for name in SEEDED_BUCKETS {
            expected.push((check, bucket(name), bucket_region(name), "UNKNOWN"));
        }
    }
    // The account's Block Public Access leaves existing public grants in force. moto's access
    // point lists are malformed (aws_shapes has real ones).
    expected.push(("s3AccountPublicAccessBlock", format!("arn:aws:s3::{ACCOUNT}:account"), "global", "FAIL"));
    expected.push((
        "s3MultiRegionAccessPointPublicAccessBlock",
        format!("arn:aws:s3::{ACCOUNT}:account"),
        "global",
        "UNKNOWN",
    ));
    for region in ["us-east-1", "eu-west-1"] {
        let account = format!("arn:aws:s3control:{region}:{ACCOUNT}:account");
        expected.push(("s3AccessPointPublicAccessBlock", account, region, "UNKNOWN"));
    }
    // Every predicted name is free in both regions, but SageMaker's in us-east-1, which the
    // account owns.
    for region in ["us-east-1", "eu-west-1"] {
        for (_, name) in stance_snapshot::predictable_buckets::predictable_bucket_names(ACCOUNT, region) {
            expected.push(("bucketShadowResource", bucket(&name), region, "OK"));
        }
    }
    // IAM, per check: (resource, status), the resource relative to arn:aws:iam::ACCOUNT: unless
    // it is an ARN already (AWS-managed policies). What each seeded resource is for is in
    // stance_testkit's seed_iam.
    let iam_expected: &[(&str, &[(&str, &str)])] = &[
        // Account-level checks: one result per account, so one status each. moto's credential
        // report has no root row, and its GetAccountSummary always says AccountMFAEnabled 0.
        ("rootAccountInUse", &[("root", "UNKNOWN")]),
        ("rootAccessKeys", &[("root", "UNKNOWN")]),
        ("rootMfaEnabled", &[("root", "UNKNOWN")]),
        ("rootSigningCertificate", &[("root", "UNKNOWN")]),
        ("rootHardwareMfa", &[("root", "FAIL")]),
        ("passwordPolicyExists", &[("root", "OK")]),
        ("minPasswordLength", &[("root", "FAIL")]),
        ("maxPasswordAge", &[("root", "FAIL")]),
        ("passwordExpiration", &[("root", "FAIL")]),
        ("passwordRequiresLowercase", &[("root", "FAIL")]),
        ("passwordRequiresNumbers", &[("root", "FAIL")]),
        ("passwordRequiresSymbols", &[("root", "FAIL")]),
        ("passwordRequiresUppercase", &[("root", "FAIL")]),
        ("passwordReusePrevention", &[("root", "FAIL")]),
        ("policyAllowsToChangePassword", &[("root", "FAIL")]),
        ("iamUserPresent", &[("root", "OK")]),
        ("cloudShellFullAccessPolicy", &[("root", "OK")]),
        ("iamMasterManagerRoles", &[("root", "FAIL")]),
        ("iamSecurityAuditRole", &[("root", "FAIL")]),
        ("iamSupportPolicy", &[("root", "FAIL")]),
        // alice (inline `*` and AdministratorAccess) and carol (group admins): two, within bounds.
        ("iamUserAdmins", &[("root", "OK")]),
        // One result per provider, and a FAIL only for an account without any.
        ("samlProviderPresent", &[("saml-provider/corporate-idp", "OK")]),
        // moto reports every server certificate as expiring on 2012-05-08, so an OK one cannot
        // be seeded; the seeded one did expire then.
        ("certificateExpiry", &[("server-certificate/legacy", "FAIL")]),
        // Users.
        ("usersMfaEnabled", &[("user/alice", "FAIL"), ("user/bob", "OK"), ("user/carol", "OK"), ("user/dave", "OK")]),
        (
            "usersHardwareMfa",
            &[("user/alice", "FAIL"), ("user/bob", "FAIL"), ("user/carol", "FAIL"), ("user/dave", "OK")],
        ),
        ("accessKeysExtra", &[("user/alice", "OK"), ("user/bob", "OK"), ("user/carol", "FAIL"), ("user/dave", "OK")]),
        (
            "usersInitialAccessKeys",
            &[("user/alice", "FAIL"), ("user/bob", "OK"), ("user/carol", "OK"), ("user/dave", "OK")],
        ),
        (
            "usersPasswordAndKeys",
            &[("user/alice", "FAIL"), ("user/bob", "OK"), ("user/carol", "OK"), ("user/dave", "OK")],
        ),
        ("iamUserInUse", &[("user/alice", "OK"), ("user/bob", "OK"), ("user/carol", "FAIL"), ("user/dave", "OK")]),
        (
            "iamUserHasTags",
            &[("user/alice", "FAIL"), ("user/bob", "FAIL"), ("user/carol", "FAIL"), ("user/dave", "OK")],
        ),
        (
            "iamUserAdministratorAccess",
            &[("user/alice", "FAIL"), ("user/bob", "OK"), ("user/carol", "OK"), ("user/dave", "OK")],
        ),
        // bob gets iam:CreatePolicyVersion from group developers' policy escalate.
        (
            "iamUserUnauthorizedToEdit",
            &[("user/alice", "FAIL"), ("user/bob", "FAIL"), ("user/carol", "FAIL"), ("user/dave", "OK")],
        ),
        (
            "iamUserWithoutPermissions",
            &[("user/alice", "OK"), ("user/bob", "OK"), ("user/carol", "OK"), ("user/dave", "FAIL")],
        ),
        ("noUserIamPolicies", &[("user/alice", "FAIL"), ("user/bob", "OK"), ("user/carol", "OK"), ("user/dave", "OK")]),
        // moto does not implement last-accessed jobs: the principals these checks must judge
        // (Bedrock or SageMaker within their policies, or an active access key) are UNKNOWN.
        // bob's policies reach neither service, and no other user has a key.
        ("iamUserBedrockLastUsed", &[("user/alice", "UNKNOWN"), ("user/carol", "UNKNOWN")]),
        ("iamUserSageMakerLastUsed", &[("user/alice", "UNKNOWN"), ("user/carol", "UNKNOWN")]),
        ("usersLongLivedCredentials", &[("user/alice", "UNKNOWN"), ("user/carol", "UNKNOWN")]),
        // AdministratorAccess and ReadOnlyAccess both grant Bedrock reads; the other roles'
        // policies do not.
        ("iamRoleBedrockLastUsed", &[("role/admin", "UNKNOWN"), ("role/partner", "UNKNOWN")]),
        // Groups. An empty group only warns.
        ("emptyGroups", &[("group/admins", "OK"), ("group/developers", "OK"), ("group/empty", "WARN")]),
        ("groupInlinePolicies", &[("group/admins", "OK"), ("group/developers", "FAIL"), ("group/empty", "OK")]),
        ("groupAdministratorAccess", &[("group/admins", "FAIL"), ("group/developers", "OK"), ("group/empty", "OK")]),
        ("adminGroupUsersMfaEnabled", &[("group/admins", "FAIL"), ("group/developers", "OK"), ("group/empty", "OK")]),
        // Roles.
        (
            "iamRoleAdministratorAccess",
            &[
                ("role/admin", "FAIL"),
                ("role/bucket-notifier", "OK"),
                ("role/lambda-guarded", "OK"),
                ("role/partner", "OK"),
                ("role/vendor", "OK"),
                ("role/web", "OK"),
            ],
        ),
        (
            "iamRoleCrossAccountReadOnly",
            &[
                ("role/admin", "OK"),
                ("role/bucket-notifier", "OK"),
                ("role/lambda-guarded", "OK"),
                ("role/partner", "FAIL"),
                ("role/vendor", "OK"),
                ("role/web", "OK"),
            ],
        ),
        (
            "crossAccountMfaExtIdAccess",
            &[
                ("role/admin", "OK"),
                ("role/bucket-notifier", "OK"),
                ("role/lambda-guarded", "OK"),
                ("role/partner", "FAIL"),
                ("role/vendor", "OK"),
                ("role/web", "OK"),
            ],
        ),
        // No account is whitelisted: the external ID does not make vendor trusted.
        (
            "trustedCrossAccountRoles",
            &[
                ("role/admin", "OK"),
                ("role/bucket-notifier", "OK"),
                ("role/lambda-guarded", "OK"),
                ("role/partner", "FAIL"),
                ("role/vendor", "FAIL"),
                ("role/web", "OK"),
            ],
        ),
        (
            "iamRoleHasTags",
            &[
                ("role/admin", "FAIL"),
                ("role/bucket-notifier", "FAIL"),
                ("role/lambda-guarded", "OK"),
                ("role/partner", "FAIL"),
                ("role/vendor", "FAIL"),
                ("role/web", "FAIL"),
            ],
        ),
        // Resource `*` in read-buckets and in most of ReadOnlyAccess's statements.
        (
            "iamRolePolicies",
            &[
                ("role/admin", "FAIL"),
                ("role/bucket-notifier", "OK"),
                ("role/lambda-guarded", "OK"),
                ("role/partner", "FAIL"),
                ("role/vendor", "OK"),
                ("role/web", "FAIL"),
            ],
        ),
        // Only service roles: web trusts EC2 unconditioned; bucket-notifier's aws:SourceArn is a
        // source condition, but a bucket ARN names no account.
        (
            "serviceRoleConfusedDeputy",
            &[("role/bucket-notifier", "OK"), ("role/lambda-guarded", "OK"), ("role/web", "FAIL")],
        ),
        ("serviceRoleTrustSourceAccount", &[("role/bucket-notifier", "FAIL"), ("role/lambda-guarded", "OK")]),
        // Policies: attached AWS-managed ones, every customer-managed one (attached or not), and
        // every inline one.
        (
            "awsAttachedPolicyAdminPrivileges",
            &[
                ("arn:aws:iam::aws:policy/AdministratorAccess", "FAIL"),
                ("arn:aws:iam::aws:policy/ReadOnlyAccess", "OK"),
            ],
        ),
        (
            "customerAttachedPolicyAdminPrivileges",
            &[("policy/escalate", "OK"), ("policy/full-access", "FAIL"), ("policy/read-buckets", "OK")],
        ),
        (
            "customerUnattachedPolicyAdminPrivileges",
            &[("policy/unattached-admin", "FAIL"), ("policy/unattached-reader", "OK")],
        ),
    ];
    for (check, rows) in iam_expected {
        for (resource, status) in *rows {
            let arn = if resource.starts_with("arn:") { (*resource).to_owned() } else { iam(resource) };
            expected.push((check, arn, "global", status));
        }
    }
    // Every user passes these: nothing seeded is old enough to fail them (moto dates every
    // credential, key and SSH key now) and the default name pattern takes any name.
    for check in [
        "accessKeysLastUsed",
        "accessKeysRotated",
        "iamUserNameRegex",
        "iamUserNotInUse",
        "sshKeysRotated",
        "usersPasswordLastUsed",
    ] {
        for user in ["user/alice", "user/bob", "user/carol", "user/dave"] {
            expected.push((check, iam(user), "global", "OK"));
        }
    }
    // Every role passes iamRoleLastUsed: moto creates them now.
    for role in ["role/admin", "role/bucket-notifier", "role/lambda-guarded", "role/partner", "role/vendor", "role/web"]
    {
        expected.push(("iamRoleLastUsed", iam(role), "global", "OK"));
    }
    // The policy checks: full-access (`*:*`) and unattached-admin (`*`) fail all of them, escalate
    // the ones it was written for; read-buckets and unattached-reader pass. Alice's inline `*`
    // fails every inline check; group developers' and role lambda-guarded's narrow ones pass.
    for check in [
        "customerPolicyCloudTrailFullAccess",
        "customerPolicyKmsFullAccess",
        "customerPolicyMarketplaceSubscribe",
        "customerPolicyPermissiveAssumeRole",
        "customerPolicyPrivilegeEscalation",
    ] {
        for (policy, status) in [
            ("policy/escalate", "FAIL"),
            ("policy/full-access", "FAIL"),
            ("policy/unattached-admin", "FAIL"),
            ("policy/read-buckets", "OK"),
            ("policy/unattached-reader", "OK"),
        ] {
            expected.push((check, iam(policy), "global", status));
        }
    }
    // The Bedrock AgentCore ones: only the two policies granting `*` reach AgentCore.
    for check in ["customerPolicyAgentCorePassRole", "customerPolicyAgentCoreTokenWildcard"] {
        for (policy, status) in [
            ("policy/escalate", "OK"),
            ("policy/full-access", "FAIL"),
            ("policy/unattached-admin", "FAIL"),
            ("policy/read-buckets", "OK"),
            ("policy/unattached-reader", "OK"),
        ] {
            expected.push((check, iam(policy), "global", status));
        }
    }
    for check in [
        "inlinePolicyAdminPrivileges",
        "inlinePolicyCloudTrailFullAccess",
        "inlinePolicyKmsFullAccess",
        "inlinePolicyMarketplaceSubscribe",
        "inlinePolicyPrivilegeEscalation",
    ] {
        for (policy, status) in [
            ("user/alice:inline-policy/admin", "FAIL"),
            ("group/developers:inline-policy/describe", "OK"),
            ("role/lambda-guarded:inline-policy/read-logs", "OK"),
        ] {
            expected.push((check, iam(policy), "global", status));
        }
    }
    let seeded_groups = [
        (&seeded.ssh_open_group, "FAIL", "OK"),
        (&seeded.rdp_open_group, "OK", "FAIL"),
        (&seeded.all_open_group, "FAIL", "FAIL"),
        (&seeded.internal_ssh_group, "OK", "OK"),
        (&seeded.mysql_range_group, "OK", "OK"),
        (&seeded.referencing_group, "OK", "OK"),
        (&seeded.private_group, "OK", "OK"),
    ];
    for (group, ssh, rdp) in seeded_groups {
        expected.push(("openSSH", us(&format!("security-group/{group}")), "us-east-1", ssh));
        expected.push(("openRDP", us(&format!("security-group/{group}")), "us-east-1", rdp));
    }
    // The other port checks: the all-open group opens their ports; the 3300-3310 range (TCP
    // given by number) opens MySQL's.
    let port_checks: Vec<&str> = stance_engine::REGISTRY
        .iter()
        .filter(|check| check.family.is_some_and(|family| family.name == "open_ports"))
        .map(|check| check.id)
        .filter(|id| !["openSSH", "openRDP", "openHighRiskPorts"].contains(id))
        .collect();
    assert!(port_checks.len() > 30, "{port_checks:?}");
    for check in &port_checks {
        for (group, _, _) in &seeded_groups {
            let opened =
                *group == &seeded.all_open_group || (*group == &seeded.mysql_range_group && *check == "openMySQL");
            let status = if opened { "FAIL" } else { "OK" };
            expected.push((check, us(&format!("security-group/{group}")), "us-east-1", status));
        }
    }
    // Group-wide checks: the seeded groups each fails; every default group passes them.
    let group_checks: [(&str, &[&String]); 7] = [
        (
            "openHighRiskPorts",
            &[&seeded.ssh_open_group, &seeded.rdp_open_group, &seeded.all_open_group, &seeded.mysql_range_group],
        ),
        ("openAnyPort", &[&seeded.all_open_group]),
        ("securityGroupRfc1918", &[&seeded.internal_ssh_group]),
        ("securityGroupPublicCidrIngress", &[]),
        ("securityGroupWideOpenIpv4", &[]),
        ("excessiveSecurityGroupRules", &[]),
        ("launchWizardSecurityGroups", &[]),
    ];
    for (check, failing) in group_checks {
        for (group, _, _) in &seeded_groups {
            let status = if failing.contains(group) { "FAIL" } else { "OK" };
            expected.push((check, us(&format!("security-group/{group}")), "us-east-1", status));
        }
    }
    // Every group keeps EC2's default rule allowing all egress.
    for (group, _, _) in &seeded_groups {
        expected.push(("openAllPortsProtocolsEgress", us(&format!("security-group/{group}")), "us-east-1", "FAIL"));
        expected.push(("securityGroupHasTags", us(&format!("security-group/{group}")), "us-east-1", "FAIL"));
    }
    for (region, groups) in [("us-east-1", &us_default_groups), ("eu-west-1", &eu_default_groups)] {
        for group in groups {
            let arn = ec2(region, &format!("security-group/{group}"));
            expected.push(("defaultSecurityGroup", arn.clone(), region, "FAIL"));
            expected.push(("openAllPortsProtocolsEgress", arn.clone(), region, "FAIL"));
            expected.push(("securityGroupHasTags", arn.clone(), region, "FAIL"));
            let passed = ["openSSH", "openRDP"].into_iter().chain(port_checks.iter().copied());
            for check in passed.chain(group_checks.iter().map(|(check, _)| *check)) {
                expected.push((check, arn.clone(), region, "OK"));
            }
        }
    }
    // moto's default network ACLs allow everything from everywhere; the seeded one admits only
    // HTTPS from the internet and sends only inside 10.0.0.0/8.
    for (region, acls) in [("us-east-1", &us_acls), ("eu-west-1", &eu_acls)] {
        for acl in acls.iter().filter(|acl| **acl != seeded.closed_network_acl) {
            for check in ["networkAclInboundTraffic", "networkAclOutboundTraffic", "networkAclHasTags"] {
                expected.push((check, ec2(region, &format!("network-acl/{acl}")), region, "FAIL"));
            }
        }
    }
    let closed_acl = us(&format!("network-acl/{}", seeded.closed_network_acl));
    for (check, status) in [
        ("networkAclInboundTraffic", "OK"),
        ("networkAclOutboundTraffic", "OK"),
        ("networkAclHasTags", "FAIL"),
        ("unusedNetworkAcl", "OK"),
    ] {
        expected.push((check, closed_acl.clone(), "us-east-1", status));
    }
    expected.push(("excessiveSecurityGroups", us("account"), "us-east-1", "OK"));
    expected.push(("excessiveSecurityGroups", ec2("eu-west-1", "account"), "eu-west-1", "OK"));
    // eu-west-1 has no instance, interface or custom network ACL: one OK each. The instance
    // checks of us-east-1 are in `ec2_inventory_expectations`.
    for check in [
        "publicIpAddress",
        "defaultSecurityGroupInUse",
        "overlappingSecurityGroups",
        "enclaveHostOpenPorts",
        "enclaveHostVsockProxyExposed",
        "unusedEni",
        "unusedNetworkAcl",
    ]
    .into_iter()
    .chain(instance_port_checks())
    {
        expected.push((check, ec2("eu-west-1", "account"), "eu-west-1", "OK"));
    }
    ec2_inventory_expectations(&moto, &seeded, &mut expected).await;
    cis_service_expectations(&moto, &seeded, &mut expected).await;
    exposure_expectations(&seeded.exposed, &mut expected);
    let mut expected: Vec<_> =
        expected.into_iter().map(|(p, r, g, s)| (p.to_owned(), r, g.to_owned(), s.to_owned())).collect();
    expected.sort();
    let actual = verdicts(&results);
    let missing: Vec<_> = expected.iter().filter(|verdict| !actual.contains(verdict)).collect();
    let unexpected: Vec<_> = actual.iter().filter(|verdict| !expected.contains(verdict)).collect();
    assert!(
        missing.is_empty() && unexpected.is_empty(),
        "expected, not reported: {missing:#?}\nreported, not expected: {unexpected:#?}"
    );
    assert_eq!(actual, expected, "the same verdicts, each once");

    // The snapshot is private, and evaluating it offline gives the very same results.
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(std::fs::metadata(&snapshot_path).unwrap().permissions().mode() & 0o777, 0o600);
    let again_path = dir.path().join("again.json");
    let evaluate = stance(
        &["evaluate", snapshot_path.to_str().unwrap(), "--console=none", "--json", again_path.to_str().unwrap()],
        &[],
    );
    assert_eq!(evaluate.status.code(), Some(1));
    assert_eq!(std::fs::read(&again_path).unwrap(), std::fs::read(&results_path).unwrap());
}

/// With no region configured anywhere and the endpoint from `AWS_ENDPOINT_URL`, collect
/// discovers the enabled regions (not the opt-in regions that are off) and still reaches
/// buckets path-style.
#[tokio::test(flavor = "multi_thread")]
async fn collect_discovers_regions_without_any_region_configured() {
    let moto = Moto::start();
    let config = moto.sdk_config("us-east-1").await;
    let s3 = aws_sdk_s3::Client::from_conf(aws_sdk_s3::config::Builder::from(&config).force_path_style(true).build());
    s3.create_bucket().bucket("discovery-bucket").send().await.unwrap();
    let ec2 = aws_sdk_ec2::Client::new(&config);
    let described = ec2.describe_regions().send().await.unwrap();
    let (enabled, not_opted_in): (Vec<_>, Vec<_>) =
        described.regions().iter().partition(|r| r.opt_in_status() != Some("not-opted-in"));
    assert!(!not_opted_in.is_empty(), "moto lists opt-in regions that are not enabled");
    let mut moto_regions: Vec<String> = enabled.iter().map(|r| r.region_name().unwrap().to_owned()).collect();
    moto_regions.sort();

    let dir = tempfile::tempdir().unwrap();
    let snapshot_path = dir.path().join("snapshot.json");
    let collect = stance(&["collect", "-o", snapshot_path.to_str().unwrap()], &[("AWS_ENDPOINT_URL", &moto.endpoint)]);
    assert_eq!(collect.status.code(), Some(0), "stderr: {}", String::from_utf8_lossy(&collect.stderr));

    let snapshot = read_json(&snapshot_path);
    assert_eq!(snapshot["regions"], serde_json::json!(moto_regions));
    assert_eq!(snapshot["account"]["id"], ACCOUNT);
    for region in &moto_regions {
        let vpcs = &snapshot["calls"]["EC2"]["DescribeVpcs"][region]["data"]["Vpcs"];
        assert!(vpcs.as_array().is_some_and(|vpcs| !vpcs.is_empty()), "{region}: {vpcs}");
    }
    let acl = &snapshot["calls"]["S3"]["GetBucketAcl"]["us-east-1"]["arn:aws:s3:::discovery-bucket"];
    assert!(acl["data"]["Grants"].is_array(), "{acl}");
    let policy = &snapshot["calls"]["S3"]["GetBucketPolicy"]["us-east-1"]["arn:aws:s3:::discovery-bucket"];
    assert_eq!(policy["error"]["kind"], "not_configured", "{policy}");
}

/// Without a terminal, collection reports through log lines: `-v` names each failed call
/// (not the "not configured" answers, which are data), `-vv` every call, and neither lets
/// the AWS SDK's own debug log through. A summary line ends every collection.
#[tokio::test(flavor = "multi_thread")]
async fn verbosity_logs_failed_calls_then_every_call() {
    let moto = Moto::start();
    let config = moto.sdk_config("us-east-1").await;
    let s3 = aws_sdk_s3::Client::from_conf(aws_sdk_s3::config::Builder::from(&config).force_path_style(true).build());
    s3.create_bucket().bucket("logged-bucket").send().await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let snapshot_path = dir.path().join("snapshot.json");
    let collect = |verbosity: &str| {
        let args = ["collect", verbosity, "--endpoint-url", &moto.endpoint, "--region", "us-east-1", "-o"];
        let output = stance(&[&args[..], &[snapshot_path.to_str().unwrap()]].concat(), &[]);
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(output.status.code(), Some(0), "stderr: {stderr}");
        stderr
    };
    let line_for = |stderr: &str, call: &str| stderr.lines().find(|line| line.contains(call)).map(str::to_owned);

    let failed = collect("-v");
    // moto answers GetEbsDefaultKmsKeyId with an HTML page: a failure, named with its code.
    let unsupported = line_for(&failed, "EC2 GetEbsDefaultKmsKeyId us-east-1:").expect(&failed);
    assert!(unsupported.contains("UnsupportedResponse"), "{unsupported}");
    // The bucket has no policy: an answer, not a failure.
    assert_eq!(line_for(&failed, "S3 GetBucketPolicy us-east-1:"), None, "{failed}");
    assert_eq!(line_for(&failed, ": ok"), None, "{failed}");
    assert!(failed.lines().any(|line| line.starts_with("collected 108 calls in ")), "{failed}");

    let every = collect("-vv");
    assert!(line_for(&every, "EC2 DescribeVpcs us-east-1: ok").is_some(), "{every}");
    let no_policy = line_for(&every, "S3 GetBucketPolicy us-east-1:").expect(&every);
    assert!(no_policy.contains("NoSuchBucketPolicy"), "{no_policy}");
    assert!(line_for(&every, "EC2 GetEbsDefaultKmsKeyId us-east-1:").is_some(), "{every}");
    // A line per call, and a few about the collection: the SDK's debug log (thousands of
    // lines) stays out.
    let lines = every.lines().count();
    assert!((108..108 + 5).contains(&lines), "{lines} lines at -vv:\n{every}");
    assert!(every.lines().any(|line| line.starts_with("collected 108 calls in ")), "{every}");
}

/// The members of the family that joins an instance's public address with its groups' rules.
fn instance_port_checks() -> impl Iterator<Item = &'static str> {
    stance_engine::REGISTRY
        .iter()
        .filter(|check| check.family.is_some_and(|family| family.name == "instance_open_ports"))
        .map(|check| check.id)
}

/// The EC2 inventory checks on the seeded account: instances, EBS, AMIs, Elastic IPs, VPCs,
/// subnets, gateways, peering, endpoints, launch templates and tags.
async fn ec2_inventory_expectations(
    moto: &Moto,
    seeded: &stance_testkit::Seeded,
    expected: &mut Vec<(&'static str, String, &'static str, &'static str)>,
) {
    let arn = |region: &str, resource: &str| format!("arn:aws:ec2:{region}:{ACCOUNT}:{resource}");
    for region in ["us-east-1", "eu-west-1"] {
        let region: &'static str = region;
        let account = arn(region, "account");
        // Within every limit, nothing stopped, nothing outside a VPC.
        for check in [
            "classicInstances",
            "elasticIpLimit",
            "instanceLimit",
            "instanceMaxCount",
            "oldStoppedInstances",
            "vpcElasticIpLimit",
        ] {
            expected.push((check, account.clone(), region, "OK"));
        }
        if region == "eu-west-1" {
            // No instance or AMI there: one OK each.
            for check in [
                "amiNamingConvention",
                "ec2MetadataOptions",
                "enableDetailedMonitoring",
                "enclaveHostImdsv2",
                "enclaveHostRunning",
                "encryptedAmi",
                "instanceIamRole",
                "instanceKeyBasedLogin",
                "instanceSingleEni",
                "instanceUserDataSecrets",
                "oldAmi",
                "oldInstance",
                "paravirtualInstances",
                "publicAmi",
                "publicInstanceProfile",
            ] {
                expected.push((check, account.clone(), region, "OK"));
            }
        }
        // moto lacks GetImageBlockPublicAccessState, GetSnapshotBlockPublicAccessState,
        // GetInstanceMetadataDefaults and DescribeClientVpnEndpoints. It lists no endpoint
        // service of the account, so the endpoint service checks have nothing to judge.
        for check in [
            "amiBlockPublicAccess",
            "ebsSnapshotBlockPublicAccess",
            "ec2DefaultImdsv2Enabled",
            "clientVpnConnectionLogging",
        ] {
            expected.push((check, account.clone(), region, "UNKNOWN"));
        }
        // The seed turns it on in eu-west-1 only.
        let by_default = if region == "eu-west-1" { "OK" } else { "FAIL" };
        expected.push(("ebsDefaultEncryptionEnabled", account.clone(), region, by_default));

        let held = inventory(moto, region).await;
        for (vpc, default) in &held.vpcs {
            let resource = arn(region, &format!("vpc/{vpc}"));
            if *default {
                expected.push(("defaultVpcExists", resource.clone(), region, "FAIL"));
            }
            // The seeded VPC has one subnet, in one zone.
            let spread = if *default { "OK" } else { "FAIL" };
            expected.push(("vpcMultipleSubnets", resource.clone(), region, spread));
            expected.push(("vpcSubnetsMultiAz", resource.clone(), region, spread));
            // No NAT gateway nor EC2 endpoint anywhere; moto's default VPCs have no route to
            // their internet gateway, so no subnet is public.
            for check in ["managedNatGateway", "vpcEndpointForEc2", "vpcPublicPrivateSubnets", "vpcHasTags"] {
                expected.push((check, resource.clone(), region, "FAIL"));
            }
        }
        for (subnet, default) in &held.subnets {
            let resource = arn(region, &format!("subnet/{subnet}"));
            // Default subnets give instances public addresses; the seeded subnet does not.
            expected.push(("subnetAutoAssignPublicIp", resource.clone(), region, if *default { "FAIL" } else { "OK" }));
            expected.push(("subnetIpAvailability", resource.clone(), region, "OK"));
            let used = if held.instance_subnets.contains(subnet) { "OK" } else { "FAIL" };
            expected.push(("vpcSubnetInstancesPresent", resource, region, used));
        }
        for gateway in &held.gateways {
            let resource = arn(region, &format!("internet-gateway/{gateway}"));
            expected.push(("internetGatewayInVpc", resource.clone(), region, "OK"));
            expected.push(("unusedVpcInternetGateways", resource, region, "OK"));
        }
        for (volume, encrypted, attached) in &held.volumes {
            let resource = arn(region, &format!("volume/{volume}"));
            // Only the encrypted volume has a snapshot: moto's AMI snapshots do not name the
            // instances' root volumes. None is tagged; the two seeded ones are not attached.
            let backed = if *volume == seeded.encrypted_volume { "OK" } else { "FAIL" };
            expected.push(("ebsBackupEnabled", resource.clone(), region, backed));
            expected.push(("ebsRecentSnapshots", resource.clone(), region, backed));
            expected.push(("ebsUnusedVolumes", resource.clone(), region, if *attached { "OK" } else { "FAIL" }));
            expected.push(("ebsVolumeHasTags", resource.clone(), region, "FAIL"));
            // The seeded pair is in the main expectations; the instances' root volumes are not.
            if ![&seeded.encrypted_volume, &seeded.unencrypted_volume].contains(&volume) {
                expected.push(("ebsEncryptionEnabled", resource, region, if *encrypted { "OK" } else { "FAIL" }));
            }
        }
        if held.snapshots.is_empty() {
            for check in ["ebsEncryptedSnapshots", "ebsOldSnapshots", "ebsSnapshotPublic"] {
                expected.push((check, account.clone(), region, "OK"));
            }
        }
        for (snapshot, encrypted) in &held.snapshots {
            let resource = format!("arn:aws:ec2:{region}::snapshot/{snapshot}");
            // moto does not keep the createVolumePermission `all` the seed gives the snapshot
            // (the fixtures hold a public one): not public here. The AMIs' snapshots of the
            // instances' root volumes are not encrypted.
            expected.push(("ebsEncryptedSnapshots", resource.clone(), region, if *encrypted { "OK" } else { "FAIL" }));
            for check in ["ebsOldSnapshots", "ebsSnapshotPublic"] {
                expected.push((check, resource.clone(), region, "OK"));
            }
            expected.push(("ebsSnapshotHasTags", resource, region, "FAIL"));
        }
        for address in &held.addresses {
            expected.push(("unassociatedElasticIp", arn(region, &format!("elastic-ip/{address}")), region, "FAIL"));
        }
        for template in &held.templates {
            let resource = arn(region, &format!("launch-template/{template}"));
            // `web` allows IMDSv1 (HttpTokens optional), has no public IP and no user data.
            expected.push(("launchTemplateImdsv2", resource.clone(), region, "FAIL"));
            expected.push(("launchTemplatePublicIp", resource.clone(), region, "OK"));
            expected.push(("launchTemplateUserDataSecrets", resource, region, "OK"));
        }
    }
    instance_expectations(moto, seeded, expected).await;
    // Every non-default VPC is in us-east-1; the account-wide instance count is within limits.
    expected.push(("vpcMultiRegion", format!("arn:aws:ec2::{ACCOUNT}:account"), "global", "FAIL"));
    expected.push(("instanceMaxCount", format!("arn:aws:ec2::{ACCOUNT}:account"), "global", "OK"));
}

/// The seeded instances, AMIs, network interfaces, peering and endpoints, all in us-east-1.
async fn instance_expectations(
    moto: &Moto,
    seeded: &stance_testkit::Seeded,
    expected: &mut Vec<(&'static str, String, &'static str, &'static str)>,
) {
    let us = |resource: String| format!("arn:aws:ec2:us-east-1:{ACCOUNT}:{resource}");
    // (check, public instance, private instance). moto leaves EnclaveOptions out, which AWS
    // always gives, so the enclave checks cannot tell; it reports its stock AMI as paravirtual;
    // neither instance has a key pair or an instance profile.
    let instance_checks = [
        ("defaultSecurityGroupInUse", "OK", "OK"),
        ("ec2HasTags", "OK", "OK"),
        ("ec2MetadataOptions", "FAIL", "OK"),
        ("enableDetailedMonitoring", "FAIL", "OK"),
        ("enclaveHostImdsv2", "UNKNOWN", "UNKNOWN"),
        ("enclaveHostOpenPorts", "UNKNOWN", "UNKNOWN"),
        ("enclaveHostPublicIp", "UNKNOWN", "UNKNOWN"),
        ("enclaveHostRunning", "UNKNOWN", "UNKNOWN"),
        ("enclaveHostVsockProxyExposed", "UNKNOWN", "UNKNOWN"),
        ("instanceIamRole", "FAIL", "FAIL"),
        ("instanceKeyBasedLogin", "FAIL", "FAIL"),
        ("instanceSingleEni", "OK", "OK"),
        ("instanceUserDataSecrets", "OK", "OK"),
        ("oldInstance", "OK", "OK"),
        ("overlappingSecurityGroups", "OK", "OK"),
        ("paravirtualInstances", "FAIL", "FAIL"),
        ("publicInstanceProfile", "OK", "OK"),
        ("publicIpAddress", "FAIL", "OK"),
    ];
    for (check, public, private) in instance_checks {
        expected.push((check, us(format!("instance/{}", seeded.public_instance)), "us-east-1", public));
        expected.push((check, us(format!("instance/{}", seeded.private_instance)), "us-east-1", private));
    }
    // The public instance is in the group open to SSH; the private one has no public address.
    for check in instance_port_checks() {
        let public = if check == "instanceOpenSSH" { "FAIL" } else { "OK" };
        expected.push((check, us(format!("instance/{}", seeded.public_instance)), "us-east-1", public));
        expected.push((check, us(format!("instance/{}", seeded.private_instance)), "us-east-1", "OK"));
    }
    for interface in inventory(moto, "us-east-1").await.interfaces {
        expected.push(("unusedEni", us(format!("network-interface/{interface}")), "us-east-1", "OK"));
    }
    // moto gives no Encrypted flag in the AMIs' block device mappings, which AWS always does.
    for (image, public) in [(&seeded.public_image, "FAIL"), (&seeded.private_image, "OK")] {
        let resource = format!("arn:aws:ec2:us-east-1::image/{image}");
        for (check, status) in [
            ("amiHasTags", "FAIL"),
            ("amiNamingConvention", "FAIL"),
            ("encryptedAmi", "UNKNOWN"),
            ("oldAmi", "OK"),
            ("publicAmi", public),
        ] {
            expected.push((check, resource.clone(), "us-east-1", status));
        }
    }
    // The peering joins two VPCs of private subnets only, routed to the whole peer VPC.
    let peering = us(format!("vpc-peering-connection/{}", seeded.peering));
    expected.push(("crossVpcPublicPrivate", peering.clone(), "us-east-1", "OK"));
    expected.push(("vpcPeeringRouteLeastAccess", peering, "us-east-1", "FAIL"));
    for (endpoint, cross_account) in [(&seeded.open_endpoint, "FAIL"), (&seeded.account_endpoint, "OK")] {
        let resource = us(format!("vpc-endpoint/{endpoint}"));
        expected.push(("vpcEndpointCrossAccount", resource.clone(), "us-east-1", cross_account));
        // Gateway endpoints have no interfaces in subnets.
        expected.push(("vpcEndpointExposed", resource, "us-east-1", "OK"));
    }
}

/// The services of the CIS benchmark's logging, monitoring and data controls, as
/// `stance_testkit::cis` seeds them.
/// The resource policies and front ends of `stance_testkit::exposure`, in us-east-1.
fn exposure_expectations(
    exposed: &stance_testkit::exposure::Exposed,
    expected: &mut Vec<(&'static str, String, &'static str, &'static str)>,
) {
    use stance_testkit::exposure::*;
    let arn = |service: &str, resource: &str| format!("arn:aws:{service}:us-east-1:{ACCOUNT}:{resource}");
    let mut expect = |check: &'static str, resource: String, status: &'static str| {
        expected.push((check, resource, if resource_is_global(check) { "global" } else { "us-east-1" }, status));
    };
    fn resource_is_global(check: &str) -> bool {
        check.starts_with("cloudfront") || ["insecureProtocols", "publicS3Origin", "secureOrigin"].contains(&check)
    }
    let queue = |name: &str| arn("sqs", name);
    for (check, open, private, partner) in [
        ("sqsPublicAccess", "FAIL", "OK", "OK"),
        ("sqsEncrypted", "FAIL", "OK", "OK"),
        ("sqsCrossAccount", "FAIL", "OK", "FAIL"),
    ] {
        expect(check, queue(OPEN_QUEUE), open);
        expect(check, queue(PRIVATE_QUEUE), private);
        expect(check, queue(PARTNER_QUEUE), partner);
    }
    expect("lambdaPublicAccess", arn("lambda", &format!("function:{PUBLIC_FUNCTION}")), "FAIL");
    expect("lambdaPublicAccess", arn("lambda", &format!("function:{PRIVATE_FUNCTION}")), "OK");
    // moto has no route for GetVaultAccessPolicy.
    expect("vaultPublicAccess", arn("glacier", &format!("vaults/{VAULT}")), "UNKNOWN");
    expect("eventBusPublicAccess", arn("events", &format!("event-bus/{OPEN_BUS}")), "FAIL");
    expect("eventBusPublicAccess", arn("events", "event-bus/default"), "OK");
    let eu_default_bus = format!("arn:aws:events:eu-west-1:{ACCOUNT}:event-bus/default");
    let [open_secret, private_secret] = exposed.secrets.clone();
    expect("secretsManagerPublicAccess", open_secret.clone(), "FAIL");
    expect("secretsManagerPublicAccess", private_secret.clone(), "OK");
    // The open secret is under the AWS managed key, which the default level accepts.
    expect("secretsManagerEncrypted", open_secret, "OK");
    expect("secretsManagerEncrypted", private_secret, "OK");
    let [logged, unlogged] = exposed.distributions.clone();
    expect("cloudfrontLoggingEnabled", logged.clone(), "OK");
    expect("cloudfrontLoggingEnabled", unlogged.clone(), "FAIL");
    // moto's distribution summaries hold no origins, cache behaviors or certificate (the SDK
    // fills the required members with placeholders).
    for check in ["cloudfrontHttpsOnly", "insecureProtocols", "publicS3Origin", "secureOrigin"] {
        expect(check, logged.clone(), "UNKNOWN");
        expect(check, unlogged.clone(), "UNKNOWN");
    }
    let [logged, unlogged] = exposed.load_balancers.clone();
    expect("elbv2LoggingEnabled", logged, "OK");
    expect("elbv2LoggingEnabled", unlogged, "FAIL");
    let stage = |kind: &str, id: &str| format!("arn:aws:apigateway:us-east-1::/{kind}/{id}/stages/{STAGE}");
    let [logged, unlogged] = exposed.rest_apis.clone();
    expect("apigatewayCloudwatchLogs", stage("restapis", &logged), "OK");
    expect("apigatewayCloudwatchLogs", stage("restapis", &unlogged), "FAIL");
    let [logged, unlogged] = exposed.http_apis.clone();
    expect("apigatewayV2AccessLogging", stage("apis", &logged), "OK");
    expect("apigatewayV2AccessLogging", stage("apis", &unlogged), "FAIL");
    // Every region has a default event bus, without a policy.
    expected.push(("eventBusPublicAccess", eu_default_bus, "eu-west-1", "OK"));
}

async fn cis_service_expectations(
    moto: &Moto,
    seeded: &stance_testkit::Seeded,
    expected: &mut Vec<(&'static str, String, &'static str, &'static str)>,
) {
    let us_config = moto.sdk_config("us-east-1").await;
    let account = |service: &str, region: &str| format!("arn:aws:{service}:{region}:{ACCOUNT}:account");
    let root = format!("arn:aws:iam::{ACCOUNT}:root");
    let trail = |region: &str, name: &str| format!("arn:aws:cloudtrail:{region}:{ACCOUNT}:trail/{name}");
    let (main, regional) = (trail("us-east-1", "main"), trail("eu-west-1", "regional"));
    let bucket = |name: &str| format!("arn:aws:s3:::{name}");
    for region in ["us-east-1", "eu-west-1"] {
        // The multi-region trail covers both regions.
        expected.push(("cloudtrailEnabled", account("cloudtrail", region), region, "OK"));
        // moto emulates neither Access Analyzer nor Macie's session API.
        for check in ["accessAnalyzerActiveFindings", "accessAnalyzerEnabled"] {
            expected.push((check, account("access-analyzer", region), region, "UNKNOWN"));
        }
        expected.push(("macieEnabled", account("macie2", region), region, "UNKNOWN"));
    }
    for (check, main_status, regional_status) in [
        ("cloudtrailEncryption", "OK", "FAIL"),
        ("cloudtrailFileValidation", "OK", "FAIL"),
        // moto reports no delivery to CloudWatch Logs ever, which AWS reports once it delivers.
        ("cloudtrailToCloudwatch", "WARN", "FAIL"),
        // Only 3 of the 15 CIS filters exist, and only 2 on the trail's log group.
        ("monitoringMetrics", "FAIL", "FAIL"),
    ] {
        expected.push((check, main.clone(), "us-east-1", main_status));
        expected.push((check, regional.clone(), "eu-west-1", regional_status));
    }
    // The trails' buckets: the private one logs access; moto's GetBucketVersioning and policy
    // status answers do not parse, which leaves MFA Delete and "private" unknown there.
    let trail_buckets = [
        ("cloudtrailBucketAccessLogging", PRIVATE_BUCKET, "OK"),
        ("cloudtrailBucketAccessLogging", PUBLIC_BUCKET, "FAIL"),
        ("cloudtrailBucketDelete", PRIVATE_BUCKET, "UNKNOWN"),
        ("cloudtrailBucketDelete", PUBLIC_BUCKET, "UNKNOWN"),
        ("cloudtrailBucketPrivate", PRIVATE_BUCKET, "UNKNOWN"),
        ("cloudtrailBucketPrivate", PUBLIC_BUCKET, "FAIL"),
    ];
    for (check, name, status) in trail_buckets {
        let region = if name == PRIVATE_BUCKET { "eu-west-1" } else { "us-east-1" };
        expected.push((check, bucket(name), region, status));
    }
    // The main trail records every object event of every bucket.
    for name in SEEDED_BUCKETS {
        let region = if [LOG_BUCKET, PRIVATE_BUCKET, LOCKED_BUCKET].contains(name) { "eu-west-1" } else { "us-east-1" };
        for check in ["objectLevelReadEventLogging", "objectLevelWriteEventLogging"] {
            expected.push((check, bucket(name), region, "OK"));
        }
    }
    // CIS 5.1 (the benchmark's pattern) and 5.4 (the same events reordered and requoted) reach
    // a subscribed topic; 5.3's filter is on a log group no trail feeds, 5.5's has no alarm.
    for check in ["unauthorizedApiCallsMetricAlarm", "iamPolicyChangesMetricAlarm"] {
        expected.push((check, root.clone(), "global", "OK"));
    }
    let unmonitored = stance_engine::REGISTRY
        .iter()
        .filter(|check| check.family.is_some_and(|family| family.name == "metric_alarms"))
        .map(|check| check.id)
        .filter(|id| !["unauthorizedApiCallsMetricAlarm", "iamPolicyChangesMetricAlarm"].contains(id));
    for check in unmonitored {
        expected.push((check, root.clone(), "global", "FAIL"));
    }
    // Config records everything in us-east-1 only; Security Hub is on there only.
    expected.push(("configServiceEnabled", format!("arn:aws:config::{ACCOUNT}:global-resources"), "global", "OK"));
    expected.push(("configServiceEnabled", account("config", "us-east-1"), "us-east-1", "OK"));
    expected.push(("configServiceEnabled", account("config", "eu-west-1"), "eu-west-1", "FAIL"));
    let hub = |region: &str| format!("arn:aws:securityhub:{region}:{ACCOUNT}:hub/default");
    expected.push(("securityHubEnabled", hub("us-east-1"), "us-east-1", "OK"));
    expected.push(("securityHubEnabled", hub("eu-west-1"), "eu-west-1", "FAIL"));
    // The organization has a delegated administrator; moto has no ListOrganizationsFeatures.
    let organizations = aws_sdk_organizations::Client::new(&us_config);
    let organization = organizations.describe_organization().send().await.unwrap();
    let organization = organization.organization().and_then(|o| o.arn()).unwrap().to_owned();
    expected.push(("organizationsDelegatedAdmins", organization.clone(), "global", "OK"));
    // moto answers DescribeResourcePolicy with an HTML 500.
    expected.push(("organizationsDelegatedPolicyAdmin", organization.clone(), "global", "UNKNOWN"));
    expected.push(("rootCredentialsManagement", organization, "global", "UNKNOWN"));
    // A security contact is registered; moto has no GetContactInformation.
    expected.push(("accountSecurityContact", format!("arn:aws:account::{ACCOUNT}:account"), "global", "OK"));
    expected.push(("accountContactDetails", format!("arn:aws:account::{ACCOUNT}:account"), "global", "UNKNOWN"));
    let topic = |name: &str| format!("arn:aws:sns:us-east-1:{ACCOUNT}:{name}");
    expected.push(("topicPolicies", topic(stance_testkit::cis::OPEN_TOPIC), "us-east-1", "FAIL"));
    expected.push(("topicPolicies", topic(stance_testkit::cis::ALERT_TOPIC), "us-east-1", "OK"));
    kms_expectations(&us_config, expected).await;
    data_store_expectations(&us_config, expected).await;
    // moto encrypts the volume created without a key id with a customer key of its own making
    // (AWS would use aws/ebs); the private bucket's SSE-KMS key is one moto's KMS does not hold.
    let volume = format!("arn:aws:ec2:us-east-1:{ACCOUNT}:volume/{}", seeded.encrypted_volume);
    expected.push(("kmsDefaultKeyUsage", volume, "us-east-1", "OK"));
    expected.push(("kmsDefaultKeyUsage", format!("arn:aws:s3:::{PRIVATE_BUCKET}"), "eu-west-1", "UNKNOWN"));
    // Neither instance has an instance profile.
    for instance in [&seeded.public_instance, &seeded.private_instance] {
        let resource = format!("arn:aws:ec2:us-east-1:{ACCOUNT}:instance/{instance}");
        expected.push(("ec2PrivilegeAnalysis", resource, "us-east-1", "OK"));
    }
    expected.push(("ec2PrivilegeAnalysis", account("ec2", "eu-west-1"), "eu-west-1", "OK"));
}

/// The seeded KMS keys: rotation is judged on the symmetric customer keys (the asymmetric one
/// cannot rotate), public access on all.
async fn kms_expectations(
    config: &aws_config::SdkConfig,
    expected: &mut Vec<(&'static str, String, &'static str, &'static str)>,
) {
    let kms = aws_sdk_kms::Client::new(config);
    let listed = kms.list_keys().send().await.unwrap();
    for key in listed.keys() {
        let arn = key.key_arn().unwrap().to_owned();
        let described = kms.describe_key().key_id(&arn).send().await.unwrap();
        let metadata = described.key_metadata().unwrap();
        let rotated = kms.get_key_rotation_status().key_id(&arn).send().await.unwrap().key_rotation_enabled();
        let public = metadata.description() == Some("public");
        expected.push(("kmsKeyPublicAccess", arn.clone(), "us-east-1", if public { "FAIL" } else { "OK" }));
        // moto makes a customer key without rotation for the volume encrypted without a key
        // id, where AWS would use the AWS managed aws/ebs key: a FAIL only moto gives.
        if metadata.key_spec() == Some(&aws_sdk_kms::types::KeySpec::SymmetricDefault) {
            expected.push(("kmsKeyRotation", arn, "us-east-1", if rotated { "OK" } else { "FAIL" }));
        }
    }
}

/// The seeded RDS instances, snapshots and EFS file systems, all in us-east-1; eu-west-1 has
/// none of them.
async fn data_store_expectations(
    config: &aws_config::SdkConfig,
    expected: &mut Vec<(&'static str, String, &'static str, &'static str)>,
) {
    use stance_testkit::cis::{PRIVATE_DATABASE, PUBLIC_DATABASE, PUBLIC_DB_SNAPSHOT};
    let rds = |resource: &str| format!("arn:aws:rds:us-east-1:{ACCOUNT}:{resource}");
    for (check, private, public) in [
        ("rdsEncryptionEnabled", "OK", "FAIL"),
        ("rdsMinorVersionUpgrade", "OK", "FAIL"),
        ("rdsMultiAz", "OK", "FAIL"),
        // Flagged public, but the default VPC's subnets have no route to its internet gateway.
        ("rdsPubliclyAccessible", "OK", "WARN"),
        ("rdsRestorable", "OK", "OK"),
    ] {
        expected.push((check, rds(&format!("db:{PRIVATE_DATABASE}")), "us-east-1", private));
        expected.push((check, rds(&format!("db:{PUBLIC_DATABASE}")), "us-east-1", public));
        expected.push((check, format!("arn:aws:rds:eu-west-1:{ACCOUNT}:account"), "eu-west-1", "OK"));
    }
    // moto names the encrypted instance's key `default_kms_key_id`, where AWS names the key's ARN.
    expected.push(("kmsDefaultKeyUsage", rds(&format!("db:{PRIVATE_DATABASE}")), "us-east-1", "UNKNOWN"));
    for region in ["us-east-1", "eu-west-1"] {
        expected.push(("rdsClusterMultiAz", format!("arn:aws:rds:{region}:{ACCOUNT}:account"), region, "OK"));
    }
    expected.push((
        "rdsSnapshotPubliclyAccessible",
        rds(&format!("snapshot:{PUBLIC_DB_SNAPSHOT}")),
        "us-east-1",
        "FAIL",
    ));
    expected.push((
        "rdsSnapshotPubliclyAccessible",
        format!("arn:aws:rds:eu-west-1:{ACCOUNT}:account"),
        "eu-west-1",
        "OK",
    ));
    // moto takes an automated snapshot of each instance, which AWS never shares.
    let client = aws_sdk_rds::Client::new(config);
    let automated = client.describe_db_snapshots().snapshot_type("automated").send().await.unwrap();
    for snapshot in automated.db_snapshots() {
        let arn = snapshot.db_snapshot_arn().unwrap().to_owned();
        expected.push(("rdsSnapshotPubliclyAccessible", arn, "us-east-1", "OK"));
    }
    let efs = aws_sdk_efs::Client::new(config);
    for system in efs.describe_file_systems().send().await.unwrap().file_systems() {
        let arn = system.file_system_arn().unwrap().to_owned();
        expected.push((
            "efsEncryptionEnabled",
            arn,
            "us-east-1",
            if system.encrypted() == Some(true) { "OK" } else { "FAIL" },
        ));
        // moto leaves out an encrypted file system's KmsKeyId, which AWS always gives.
        if system.encrypted() == Some(true) {
            expected.push(("kmsDefaultKeyUsage", system.file_system_arn().unwrap().to_owned(), "us-east-1", "UNKNOWN"));
        }
    }
    expected.push((
        "efsEncryptionEnabled",
        format!("arn:aws:elasticfilesystem:eu-west-1:{ACCOUNT}:account"),
        "eu-west-1",
        "OK",
    ));
}

/// User data is scanned at collection time: the snapshot holds what the scan found, by rule
/// and line, redacted, and neither it nor the most verbose log holds the secret itself.
#[tokio::test(flavor = "multi_thread")]
async fn user_data_secrets_reach_neither_the_snapshot_nor_the_log() {
    use aws_sdk_ec2::types::{
        LaunchTemplateHttpTokensState, LaunchTemplateInstanceMetadataOptionsRequest, RequestLaunchTemplateData,
    };
    use base64::Engine;
    let moto = Moto::start();
    let ec2 = aws_sdk_ec2::Client::new(&moto.sdk_config("us-east-1").await);
    let (key_id, secret) = ("AKIA2E0A8F3B244C9986", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
    let script = format!("#!/bin/bash\nexport AWS_ACCESS_KEY_ID={key_id}\nexport AWS_SECRET_ACCESS_KEY={secret}\n");
    let encoded = base64::engine::general_purpose::STANDARD.encode(&script);
    let metadata = LaunchTemplateInstanceMetadataOptionsRequest::builder()
        .http_tokens(LaunchTemplateHttpTokensState::Required)
        .build();
    let data = RequestLaunchTemplateData::builder().user_data(&encoded).metadata_options(metadata).build();
    let template =
        ec2.create_launch_template().launch_template_name("bootstrap").launch_template_data(data).send().await;
    let template_id = template.unwrap().launch_template().unwrap().launch_template_id().unwrap().to_owned();
    let run = ec2
        .run_instances()
        .image_id(stance_testkit::MOTO_STOCK_AMI)
        .min_count(1)
        .max_count(1)
        .user_data(&encoded)
        .send()
        .await;
    let instance_id = run.unwrap().instances()[0].instance_id().unwrap().to_owned();

    let dir = tempfile::tempdir().unwrap();
    let snapshot_path = dir.path().join("snapshot.json");
    let args = ["collect", "-vv", "--endpoint-url", &moto.endpoint, "--region", "us-east-1", "-o"];
    let collected = stance(&[&args[..], &[snapshot_path.to_str().unwrap()]].concat(), &[]);
    let stderr = String::from_utf8(collected.stderr).unwrap();
    assert_eq!(collected.status.code(), Some(0), "stderr: {stderr}");
    let text = std::fs::read_to_string(&snapshot_path).unwrap();
    for leaked in [key_id, secret, &encoded] {
        assert!(!text.contains(leaked), "the snapshot holds {leaked}");
        assert!(!stderr.contains(leaked), "the log holds {leaked}");
    }

    let snapshot: Value = serde_json::from_str(&text).unwrap();
    let instance = format!("arn:aws:ec2:us-east-1:{ACCOUNT}:instance/{instance_id}");
    let attribute = &snapshot["calls"]["EC2"]["DescribeInstanceAttribute"]["us-east-1"][&instance]["data"];
    let template = format!("arn:aws:ec2:us-east-1:{ACCOUNT}:launch-template/{template_id}");
    let versions = &snapshot["calls"]["EC2"]["DescribeLaunchTemplateVersions"]["us-east-1"][&template]["data"];
    for scanned in [&attribute["UserData"], &versions["LaunchTemplateVersions"][0]["LaunchTemplateData"]["UserData"]] {
        let findings: Vec<(&str, u64, &str)> = scanned["StanceSecretScan"]["Findings"]
            .as_array()
            .unwrap_or_else(|| panic!("no scan in {scanned}"))
            .iter()
            .map(|f| (f["Rule"].as_str().unwrap(), f["Line"].as_u64().unwrap(), f["Redacted"].as_str().unwrap()))
            .collect();
        assert_eq!(
            findings,
            [
                ("aws-access-key-id", 2, "AKIA****************"),
                ("aws-secret-access-key", 3, "wJal********************************")
            ]
        );
    }
    assert_eq!(attribute["InstanceId"], instance_id.as_str());
}

/// One scan writes every output at once, with a suppression file that mutes one finding and
/// has a stale rule and an expired one, and the CIS control report; then `--fail-on` and
/// `--strict` decide the exit code. The formats' consumers (schemas, Python readers) are
/// stance-output's tests; here every file is whole and agrees with the JSON results.
#[tokio::test(flavor = "multi_thread")]
async fn scan_writes_every_format_and_the_control_report_and_gates_the_exit_code() {
    let moto = Moto::start_with_aws_managed_policies();
    let seeded = seed_insecure_account(&moto).await;
    let dir = tempfile::tempdir().unwrap();
    let file = |name: &str| dir.path().join(name).to_str().unwrap().to_owned();
    let rules = format!(
        "[[suppress]]\ncheck = \"openSSH\"\nresource = \"arn:aws:ec2:*:*:security-group/{}\"\nreason = \"bastion, reviewed\"\n\n\
         [[suppress]]\ncheck = \"openTelnet\"\nresource = \"arn:aws:ec2:*:*:security-group/sg-none\"\nreason = \"a typo\"\n\n\
         [[suppress]]\ncheck = \"rootAccountInUse\"\nreason = \"until the audit\"\nexpires = 2020-01-31\n",
        seeded.ssh_open_group
    );
    std::fs::write(file("rules.toml"), rules).unwrap();
    let outputs = ["json", "csv", "junit", "sarif", "ocsf", "asff"];
    let mut args = vec!["scan".to_owned(), "--endpoint-url".into(), moto.endpoint.clone(), "--region".into()];
    args.extend(["us-east-1", "--console=none", "--compliance", "cis", "--suppressions"].map(str::to_owned));
    args.extend([file("rules.toml"), "--collection".into(), file("snapshot.json")]);
    args.extend(["--compliance-report".into(), file("report.json")]);
    for format in outputs {
        args.extend([format!("--{format}"), file(&format!("results.{format}"))]);
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let scanned = stance(&args, &[]);
    let stderr = String::from_utf8_lossy(&scanned.stderr);
    assert_eq!(scanned.status.code(), Some(1), "stderr: {stderr}");
    assert!(stderr.contains("2020-01-31"), "the expired rule is named with its date: {stderr}");
    assert!(stderr.contains("stale"), "the rule that matched nothing is reported: {stderr}");

    let results = read_json(Path::new(&file("results.json")));
    let results = results.as_array().unwrap();
    let ssh_group = format!("arn:aws:ec2:us-east-1:{ACCOUNT}:security-group/{}", seeded.ssh_open_group);
    let muted: Vec<&Value> = results.iter().filter(|r| !r["suppressed"].is_null()).collect();
    assert_eq!(muted.len(), 1, "{muted:#?}");
    assert_eq!((&muted[0]["plugin"], &muted[0]["resource"]), (&Value::from("openSSH"), &Value::from(ssh_group)));
    assert_eq!(muted[0]["suppressed"]["reason"], "bastion, reviewed");
    assert!(results.iter().all(|r| r["controls"]["cis"].as_array().is_some_and(|c| !c.is_empty())));

    let csv = std::fs::read_to_string(file("results.csv")).unwrap();
    assert_eq!(csv.lines().count(), results.len() + 1, "a header and a row per result");
    let junit = std::fs::read_to_string(file("results.junit")).unwrap();
    assert_eq!(junit.matches("<testcase ").count(), results.len());
    let flagged = results.iter().filter(|r| r["status"] == "FAIL" || r["status"] == "WARN").count();
    let sarif = read_json(Path::new(&file("results.sarif")));
    assert_eq!(sarif["runs"][0]["results"].as_array().unwrap().len(), flagged);
    assert_eq!(read_json(Path::new(&file("results.ocsf"))).as_array().unwrap().len(), results.len());
    assert_eq!(read_json(Path::new(&file("results.asff"))).as_array().unwrap().len(), results.len());
    let report = read_json(Path::new(&file("report.json")));
    assert!(report["headline"].as_str().unwrap().starts_with("CIS v7.0.0: "), "{}", report["headline"]);
    assert_eq!(report["controls"].as_array().unwrap().len(), 70);

    // Gating on the saved snapshot: only unsuppressed FAILs at or above the floor count.
    let (snapshot, rules) = (file("snapshot.json"), file("rules.toml"));
    let gated = |extra: &[&str]| {
        let args =
            [&["evaluate", snapshot.as_str(), "--console=none", "--suppressions", rules.as_str()], extra].concat();
        stance(&args, &[]).status.code()
    };
    let fails_at = |floor: &[&str]| {
        results.iter().any(|r| {
            r["status"] == "FAIL" && r["suppressed"].is_null() && floor.contains(&r["severity"].as_str().unwrap())
        })
    };
    for (floor, severities) in [("critical", &["critical"][..]), ("high", &["high", "critical"][..])] {
        assert_eq!(gated(&["--fail-on", floor]), Some(i32::from(fails_at(severities))), "--fail-on {floor}");
    }
    assert_eq!(gated(&["--exit-code"]), Some(1), "CloudSploit's --exit-code changes nothing");
    assert_eq!(gated(&["--strict"]), Some(2), "--strict refuses stale and expired rules");
}
