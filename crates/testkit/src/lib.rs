//! Test support shared by the end-to-end tests and `cargo xtask fixtures`: a moto server
//! (a local AWS API emulator) on a free loopback port, and an insecure account seeded into
//! it through the AWS SDK.

pub mod cis;
pub mod exposure;
pub mod large;
pub mod proxy;
pub mod simulation;

use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_sdk_ec2::types::{
    Filter, FlowLogsResourceType, HttpTokensState, InstanceMetadataOptionsRequest, IpPermission, IpRange, Ipv6Range,
    LaunchPermission, LaunchPermissionModifications, LogDestinationType, PermissionGroup, PortRange, ResourceType,
    RuleAction, RunInstancesMonitoringEnabled, Tag, TagSpecification, TrafficType, UserIdGroupPair, VolumeType,
    VpcEndpointType,
};
use aws_sdk_s3::types::{
    BucketCannedAcl, BucketLocationConstraint, BucketLoggingStatus, CreateBucketConfiguration, LoggingEnabled,
    PublicAccessBlockConfiguration,
};

/// The environment a `stance` process needs to talk to the emulator and nothing else: fake
/// static credentials, a home without `.aws` files, and no instance metadata lookups.
pub const ISOLATED_ENV: &[(&str, &str)] = &[
    ("AWS_ACCESS_KEY_ID", "testing"),
    ("AWS_SECRET_ACCESS_KEY", "testing"),
    ("HOME", "/nonexistent/stance-test-home"),
    ("AWS_EC2_METADATA_DISABLED", "true"),
];

/// Variables that would point a process elsewhere, removed from its environment.
pub const REMOVED_ENV: &[&str] = &[
    "AWS_PROFILE",
    "AWS_REGION",
    "AWS_DEFAULT_REGION",
    "AWS_SESSION_TOKEN",
    "AWS_ENDPOINT_URL",
    "AWS_ROLE_ARN",
    "AWS_CONFIG_FILE",
    "AWS_SHARED_CREDENTIALS_FILE",
    "AWS_WEB_IDENTITY_TOKEN_FILE",
];

/// A command for `program` in the [`ISOLATED_ENV`] environment, without [`REMOVED_ENV`].
pub fn isolated_command(program: impl AsRef<std::ffi::OsStr>) -> Command {
    let mut command = Command::new(program);
    for name in REMOVED_ENV {
        command.env_remove(name);
    }
    command.envs(ISOLATED_ENV.iter().copied());
    command
}

/// What the AWS CLI (`$STANCE_AWS_CLI`, else `aws` from `PATH`) prints as JSON for `args`
/// (such as `["s3api", "get-bucket-acl", "--bucket", "b"]`) sent to `endpoint` in `region`:
/// `{}` when it prints nothing, its stderr when it fails.
pub fn aws_cli(endpoint: &str, region: &str, args: &[&str]) -> Result<serde_json::Value, String> {
    let program = std::env::var("STANCE_AWS_CLI").unwrap_or_else(|_| "aws".to_owned());
    let output = isolated_command(&program)
        .args(["--endpoint-url", endpoint, "--region", region, "--output", "json"])
        .args(args)
        .output()
        .unwrap_or_else(|e| {
            panic!("cannot run {program} ({e}): install the AWS CLI (`pip install awscli`) or run `cargo xtask ci`")
        });
    if !output.status.success() {
        return Err(String::from_utf8_lossy(&output.stderr).into_owned());
    }
    let stdout = String::from_utf8(output.stdout).expect("the AWS CLI prints UTF-8");
    if stdout.trim().is_empty() {
        return Ok(serde_json::Value::Object(serde_json::Map::new()));
    }
    serde_json::from_str(&stdout).map_err(|e| format!("{program} printed no JSON ({e}): {stdout}"))
}

/// The AWS CLI's command for an operation: `DescribeVpcs` → `describe-vpcs`,
/// `ListVirtualMFADevices` → `list-virtual-mfa-devices`.
pub fn cli_command_name(operation: &str) -> String {
    let chars: Vec<char> = operation.chars().collect();
    let mut name = String::new();
    for (i, c) in chars.iter().enumerate() {
        let next_is_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
        if i > 0 && c.is_uppercase() && (chars[i - 1].is_lowercase() || next_is_lower) {
            name.push('-');
        }
        name.extend(c.to_lowercase());
    }
    name
}

/// A running `moto_server`, stopped when dropped.
pub struct Moto {
    child: Child,
    pub endpoint: String,
}

impl Moto {
    /// Starts moto on a free port of 127.0.0.1. The command is `$STANCE_MOTO_SERVER`, else
    /// `moto_server` from `PATH` (PyPI `moto[server]`; `cargo xtask ci` installs it).
    pub fn start() -> Moto {
        Moto::start_loading(false)
    }

    /// [`Moto::start`], with moto's copies of the AWS-managed policies (AdministratorAccess,
    /// ReadOnlyAccess, …, under `arn:aws:iam::aws:policy/`), which [`seed_insecure_account`]
    /// attaches. moto lists all ~1,500 of them in GetAccountAuthorizationDetails; the seed
    /// deletes the ones it leaves unattached.
    pub fn start_with_aws_managed_policies() -> Moto {
        Moto::start_loading(true)
    }

    fn start_loading(aws_managed_policies: bool) -> Moto {
        let program = std::env::var("STANCE_MOTO_SERVER").unwrap_or_else(|_| "moto_server".to_owned());
        let port = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).unwrap().local_addr().unwrap().port();
        let child = Command::new(&program)
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .env("MOTO_EC2_LOAD_DEFAULT_AMIS", "false")
            .env("MOTO_IAM_LOAD_MANAGED_POLICIES", if aws_managed_policies { "true" } else { "false" })
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| {
                panic!("cannot start {program} ({e}): install moto with `pip install 'moto[server]'` or run `cargo xtask ci`")
            });
        let moto = Moto { child, endpoint: format!("http://127.0.0.1:{port}") };
        let address = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
        let deadline = Instant::now() + Duration::from_secs(60);
        while TcpStream::connect_timeout(&address, Duration::from_millis(200)).is_err() {
            assert!(Instant::now() < deadline, "moto_server did not listen on {address} within 60 s");
            std::thread::sleep(Duration::from_millis(100));
        }
        moto
    }

    /// An SDK configuration for `region` that reaches only this server.
    /// An S3 Control client for `region`. S3 Control puts the account id in front of the
    /// host, so every name resolves to the emulator's loopback address.
    pub async fn s3control_client(&self, region: &str) -> aws_sdk_s3control::Client {
        #[derive(Debug, Clone)]
        struct Loopback;
        impl aws_smithy_runtime_api::client::dns::ResolveDns for Loopback {
            fn resolve_dns<'a>(&'a self, _name: &'a str) -> aws_smithy_runtime_api::client::dns::DnsFuture<'a> {
                aws_smithy_runtime_api::client::dns::DnsFuture::ready(Ok(vec![Ipv4Addr::LOCALHOST.into()]))
            }
        }
        let http = aws_smithy_http_client::Builder::new()
            .tls_provider(aws_smithy_http_client::tls::Provider::Rustls(
                aws_smithy_http_client::tls::rustls_provider::CryptoMode::AwsLc,
            ))
            .build_with_resolver(Loopback);
        let config = self.sdk_config(region).await;
        aws_sdk_s3control::Client::from_conf(
            aws_sdk_s3control::config::Builder::from(&config).http_client(http).build(),
        )
    }

    pub async fn sdk_config(&self, region: &str) -> SdkConfig {
        aws_config::defaults(BehaviorVersion::latest())
            .region(Region::new(region.to_owned()))
            .endpoint_url(&self.endpoint)
            .credentials_provider(aws_sdk_s3::config::Credentials::for_tests())
            .load()
            .await
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// What [`seed_insecure_account`] created, for tests to name in their expectations.
#[derive(Debug, Clone)]
pub struct Seeded {
    /// us-east-1: a VPC with an active flow log.
    pub logged_vpc: String,
    /// us-east-1: 22/tcp open to 0.0.0.0/0.
    pub ssh_open_group: String,
    /// us-east-1: 3389/tcp open to ::/0.
    pub rdp_open_group: String,
    /// us-east-1: every protocol open to 0.0.0.0/0 (so SSH and RDP too).
    pub all_open_group: String,
    /// us-east-1: 22/tcp open to 10.0.0.0/8 only.
    pub internal_ssh_group: String,
    /// us-east-1: protocol `6` (TCP by number), ports 3300-3310, open to 0.0.0.0/0: a range that
    /// covers MySQL's 3306.
    pub mysql_range_group: String,
    /// us-east-1: 22/tcp from the group [`Seeded::internal_ssh_group`] only, not from a CIDR.
    pub referencing_group: String,
    /// us-east-1, in the default VPC: a public address, IMDSv1 allowed, in
    /// [`Seeded::ssh_open_group`]; the source of [`Seeded::public_image`].
    pub public_instance: String,
    /// us-east-1, in the seeded subnet of [`Seeded::logged_vpc`]: no public address, IMDSv2
    /// required, detailed monitoring, termination protection, in [`Seeded::private_group`].
    pub private_instance: String,
    /// us-east-1, in [`Seeded::logged_vpc`]: a group with no inbound rule.
    pub private_group: String,
    /// us-east-1: an AMI launchable by everyone (launchPermission `all`).
    pub public_image: String,
    /// us-east-1: an AMI of the account only.
    pub private_image: String,
    /// us-east-1, in [`Seeded::logged_vpc`]: a network ACL that admits only 443/tcp from the
    /// internet and sends only to 10.0.0.0/8, associated with the seeded subnet.
    pub closed_network_acl: String,
    /// us-east-1: a peering from the default VPC to [`Seeded::logged_vpc`], routed from the
    /// latter's main route table to the whole default VPC.
    pub peering: String,
    /// us-east-1, in [`Seeded::logged_vpc`]: an S3 gateway endpoint whose policy lets anyone do
    /// anything, and a DynamoDB one limited to the account's principals.
    pub open_endpoint: String,
    pub account_endpoint: String,
    pub encrypted_volume: String,
    pub unencrypted_volume: String,
    /// What [`exposure::seed`] created.
    pub exposed: exposure::Exposed,
}

/// Bucket names seeded: in us-east-1, public-read ACL without Block Public Access or logging,
/// a public policy (read and write), a public-read object and a website;
/// in eu-west-1, the logging target, and a private bucket with logging, all four blocks on,
/// versioning with a lifecycle for noncurrent versions, SSE-KMS, replication to
/// [`REPLICA_BUCKET`], a policy that denies plain HTTP and uploads without SSE-KMS and allows
/// anyone only through one VPC endpoint, and two access points (one with all four blocks
/// off).
pub const PUBLIC_BUCKET: &str = "stance-public-bucket";
pub const LOG_BUCKET: &str = "stance-log-bucket";
pub const PRIVATE_BUCKET: &str = "stance-private-bucket";
/// us-east-1: versioned, the replication target of [`PRIVATE_BUCKET`]; ACLs disabled
/// (BucketOwnerEnforced) over a public-read ACL set before; Transfer Acceleration and
/// EventBridge notifications on.
pub const REPLICA_BUCKET: &str = "stance-replica-bucket";
/// eu-west-1: Object Lock on; a policy that only allows on `aws:SecureTransport` true (which
/// does not refuse plain HTTP); IgnorePublicAcls and RestrictPublicBuckets on for the bucket,
/// the other two for the account, so that all four apply only by combining the two levels.
pub const LOCKED_BUCKET: &str = "stance-locked-bucket";
/// us-east-1: a name with dots, which breaks virtual-hosted HTTPS.
pub const DOTTED_BUCKET: &str = "stance.dotted.bucket";
/// us-east-1: the name SageMaker predicts for this account and region, owned by the account.
pub const SAGEMAKER_BUCKET: &str = "sagemaker-us-east-1-123456789012";
/// Every seeded bucket.
pub const SEEDED_BUCKETS: &[&str] =
    &[PUBLIC_BUCKET, LOG_BUCKET, PRIVATE_BUCKET, REPLICA_BUCKET, LOCKED_BUCKET, DOTTED_BUCKET, SAGEMAKER_BUCKET];
/// eu-west-1 access points on [`PRIVATE_BUCKET`]: all four blocks off / left at the default.
pub const OPEN_ACCESS_POINT: &str = "stance-open-ap";
pub const BLOCKED_ACCESS_POINT: &str = "stance-blocked-ap";

/// Seeds an account with known weaknesses into the emulator, which must have been started
/// with [`Moto::start_with_aws_managed_policies`]:
/// - IAM: `alice` (console password, no MFA), `bob` (console password, virtual MFA),
///   `carol` (two active access keys, no password), a password policy of minimum length 8,
///   and the users, groups, roles, policies, server certificate and SAML provider of
///   `seed_iam_*`, so that each per-resource IAM check moto can serve has an OK and a FAIL;
/// - EC2 us-east-1: a VPC with a flow log (the default VPC has none), groups open to the
///   world on SSH, RDP, a port range and everything, one open to 10.0.0.0/8 only, one open to
///   another group only, an encrypted and an unencrypted volume, and the instances, AMIs,
///   network ACL, peering and endpoints of [`Seeded`];
/// - EC2 eu-west-1: EBS encryption by default on (it is off in us-east-1);
/// - S3: see [`PUBLIC_BUCKET`], [`LOG_BUCKET`], [`PRIVATE_BUCKET`];
/// - the services of the CIS benchmark's logging and monitoring controls: see [`cis`];
/// - resources with resource policies, and web front ends with and without access logs: see
///   [`exposure`].
pub async fn seed_insecure_account(moto: &Moto) -> Seeded {
    let us = moto.sdk_config("us-east-1").await;
    seed_iam(&aws_sdk_iam::Client::new(&us)).await;
    seed_s3(moto).await;
    let eu = moto.sdk_config("eu-west-1").await;
    aws_sdk_ec2::Client::new(&eu).enable_ebs_encryption_by_default().send().await.unwrap();
    let mut seeded = seed_ec2(&aws_sdk_ec2::Client::new(&us)).await;
    cis::seed_cis_services(&us, &eu).await;
    seeded.exposed = exposure::seed(&us, LOG_BUCKET).await;
    seeded
}

async fn seed_iam(iam: &aws_sdk_iam::Client) {
    for user in ["alice", "bob", "carol"] {
        iam.create_user().user_name(user).send().await.unwrap();
    }
    for user in ["alice", "bob"] {
        iam.create_login_profile().user_name(user).password("Correct-Horse-9").send().await.unwrap();
    }
    let device = iam.create_virtual_mfa_device().virtual_mfa_device_name("bob-mfa").send().await.unwrap();
    let serial = device.virtual_mfa_device().unwrap().serial_number().to_owned();
    enable_mfa(iam, "bob", &serial).await;
    let mut carol_keys = Vec::new();
    for _ in 0..2 {
        let created = iam.create_access_key().user_name("carol").send().await.unwrap();
        carol_keys.push(created.access_key().unwrap().clone());
    }
    iam.update_account_password_policy().minimum_password_length(8).send().await.unwrap();

    // Policies, so that GetAccountAuthorizationDetails carries documents.
    let read_buckets =
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"#;
    let policy = iam.create_policy().policy_name("read-buckets").policy_document(read_buckets).send().await.unwrap();
    let trust = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;
    iam.create_role().role_name("web").assume_role_policy_document(trust).send().await.unwrap();
    let policy_arn = policy.policy().and_then(|p| p.arn()).unwrap();
    iam.attach_role_policy().role_name("web").policy_arn(policy_arn).send().await.unwrap();
    let admin = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#;
    iam.put_user_policy().user_name("alice").policy_name("admin").policy_document(admin).send().await.unwrap();

    seed_iam_users(iam, &carol_keys[0]).await;
    seed_iam_groups(iam).await;
    seed_iam_roles(iam).await;
    seed_iam_policies(iam).await;
    seed_iam_account(iam).await;
    prune_aws_managed_policies(iam).await;
}

/// Deletes the AWS-managed policies moto loaded that nothing is attached to. AWS's
/// GetAccountAuthorizationDetails lists only the AWS-managed policies in use, moto's every one
/// of its ~1,500 (8 MB): without this the snapshot would carry them all.
async fn prune_aws_managed_policies(iam: &aws_sdk_iam::Client) {
    let mut unattached = Vec::new();
    let mut pages = iam.list_policies().scope(aws_sdk_iam::types::PolicyScopeType::Aws).into_paginator().send();
    while let Some(page) = pages.next().await {
        let page = page.unwrap();
        let arns = page.policies().iter().filter(|p| p.attachment_count() == Some(0)).filter_map(|p| p.arn());
        unattached.extend(arns.map(str::to_owned));
    }
    for arn in unattached {
        iam.delete_policy().policy_arn(arn).send().await.unwrap();
    }
}

/// moto accepts any two codes, and any serial: an ARN is a virtual device, anything else
/// (`GAHT12345678`) a hardware TOTP token.
async fn enable_mfa(iam: &aws_sdk_iam::Client, user: &str, serial: &str) {
    iam.enable_mfa_device()
        .user_name(user)
        .serial_number(serial)
        .authentication_code1("123456")
        .authentication_code2("654321")
        .send()
        .await
        .unwrap();
}

/// AWS-managed policies moto ships (arn:aws:iam::aws:policy/…).
const ADMINISTRATOR_ACCESS: &str = "arn:aws:iam::aws:policy/AdministratorAccess";
const READ_ONLY_ACCESS: &str = "arn:aws:iam::aws:policy/ReadOnlyAccess";
/// The account moto runs as, and another one.
const OWN_ACCOUNT: &str = "123456789012";
const OTHER_ACCOUNT: &str = "111122223333";

/// Users beyond alice, bob and carol, and what makes each one pass or fail:
/// - dave: tagged, a hardware MFA device, an active SSH key, no password, no access key and
///   no policy (iamUserHasTags, usersHardwareMfa OK; iamUserWithoutPermissions FAIL);
/// - alice also gets AdministratorAccess attached directly (iamUserAdministratorAccess FAIL)
///   and an access key she never uses beside her password (usersInitialAccessKeys,
///   usersPasswordAndKeys FAIL);
/// - carol's first key signs one request, so the credential report shows it used today
///   (iamUserInUse FAIL).
async fn seed_iam_users(iam: &aws_sdk_iam::Client, carol_key: &aws_sdk_iam::types::AccessKey) {
    let team = aws_sdk_iam::types::Tag::builder().key("team").value("security").build().unwrap();
    iam.create_user().user_name("dave").tags(team).send().await.unwrap();
    enable_mfa(iam, "dave", "GAHT12345678").await;
    iam.upload_ssh_public_key().user_name("dave").ssh_public_key_body(DAVE_SSH_KEY).send().await.unwrap();
    iam.attach_user_policy().user_name("alice").policy_arn(ADMINISTRATOR_ACCESS).send().await.unwrap_or_else(|e| {
        panic!("attaching AdministratorAccess: {e:?} (start moto with Moto::start_with_aws_managed_policies)")
    });
    iam.create_access_key().user_name("alice").send().await.unwrap();

    let credentials = aws_sdk_iam::config::Credentials::new(
        carol_key.access_key_id(),
        carol_key.secret_access_key(),
        None,
        None,
        "carol",
    );
    let as_carol = aws_sdk_iam::Client::from_conf(iam.config().to_builder().credentials_provider(credentials).build());
    as_carol.list_users().send().await.unwrap();
}

const DAVE_SSH_KEY: &str = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDeY7JgS2kwZw9ziBNGy5wVYqReD2NJMJyAiAQeWN1Y/ dave";

/// Groups:
/// - `empty`: no members (emptyGroups WARN: an empty group only warns);
/// - `developers`: bob, an inline policy that only describes EC2 (groupInlinePolicies FAIL;
///   every inline-policy check OK) and the customer policy `escalate` attached;
/// - `admins`: carol (no MFA) with the AWS-managed AdministratorAccess
///   (groupAdministratorAccess, adminGroupUsersMfaEnabled FAIL; carol becomes the second
///   administrator, so iamUserAdmins is within its bounds).
async fn seed_iam_groups(iam: &aws_sdk_iam::Client) {
    for group in ["empty", "developers", "admins"] {
        iam.create_group().group_name(group).send().await.unwrap();
    }
    iam.add_user_to_group().group_name("developers").user_name("bob").send().await.unwrap();
    let describe =
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:DescribeInstances","Resource":"*"}]}"#;
    iam.put_group_policy()
        .group_name("developers")
        .policy_name("describe")
        .policy_document(describe)
        .send()
        .await
        .unwrap();
    iam.add_user_to_group().group_name("admins").user_name("carol").send().await.unwrap();
    iam.attach_group_policy().group_name("admins").policy_arn(ADMINISTRATOR_ACCESS).send().await.unwrap();
}

/// Roles beside web (trusts EC2 without a source condition):
/// - `admin`: trusted by this account, AdministratorAccess and the customer `*:*` policy
///   full-access attached (iamRoleAdministratorAccess, customerAttachedPolicyAdminPrivileges,
///   awsAttachedPolicyAdminPrivileges FAIL);
/// - `partner`: trusted by another account without external ID or MFA, ReadOnlyAccess
///   attached (crossAccountMfaExtIdAccess, trustedCrossAccountRoles,
///   iamRoleCrossAccountReadOnly FAIL; awsAttachedPolicyAdminPrivileges OK for ReadOnlyAccess);
/// - `vendor`: trusted by another account with an sts:ExternalId condition, no policy
///   (crossAccountMfaExtIdAccess, iamRolePolicies OK; trustedCrossAccountRoles FAIL);
/// - `lambda-guarded`: tagged, trusts Lambda with aws:SourceAccount, an inline policy on one
///   bucket's objects (iamRoleHasTags, serviceRoleConfusedDeputy, serviceRoleTrustSourceAccount,
///   iamRolePolicies OK);
/// - `bucket-notifier`: trusts SNS with an aws:SourceArn naming only a bucket, no account
///   (serviceRoleConfusedDeputy OK, serviceRoleTrustSourceAccount FAIL).
async fn seed_iam_roles(iam: &aws_sdk_iam::Client) {
    let trust = |principal: &str, condition: &str| {
        format!(
            r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{principal},"Action":"sts:AssumeRole"{condition}}}]}}"#
        )
    };
    let own = format!(r#"{{"AWS":"arn:aws:iam::{OWN_ACCOUNT}:root"}}"#);
    let other = format!(r#"{{"AWS":"arn:aws:iam::{OTHER_ACCOUNT}:root"}}"#);
    let external_id = r#","Condition":{"StringEquals":{"sts:ExternalId":"stance-partner-7"}}"#;
    let source_account = format!(r#","Condition":{{"StringEquals":{{"aws:SourceAccount":"{OWN_ACCOUNT}"}}}}"#);
    let source_bucket = r#","Condition":{"ArnLike":{"aws:SourceArn":"arn:aws:s3:::stance-log-bucket"}}"#;
    let roles = [
        ("admin", trust(&own, "")),
        ("partner", trust(&other, "")),
        ("vendor", trust(&other, external_id)),
        ("lambda-guarded", trust(r#"{"Service":"lambda.amazonaws.com"}"#, &source_account)),
        ("bucket-notifier", trust(r#"{"Service":"sns.amazonaws.com"}"#, source_bucket)),
    ];
    for (role, trust) in roles {
        let mut create = iam.create_role().role_name(role).assume_role_policy_document(trust);
        if role == "lambda-guarded" {
            create = create.tags(aws_sdk_iam::types::Tag::builder().key("team").value("data").build().unwrap());
        }
        create.send().await.unwrap();
    }
    iam.attach_role_policy().role_name("admin").policy_arn(ADMINISTRATOR_ACCESS).send().await.unwrap();
    iam.attach_role_policy().role_name("partner").policy_arn(READ_ONLY_ACCESS).send().await.unwrap();
    let read_logs = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::stance-log-bucket/*"}]}"#;
    iam.put_role_policy()
        .role_name("lambda-guarded")
        .policy_name("read-logs")
        .policy_document(read_logs)
        .send()
        .await
        .unwrap();
}

/// Customer-managed policies beside read-buckets (attached to web, harmless):
/// - `full-access`: `*:*` on `*`, attached to role admin (customerAttachedPolicyAdminPrivileges
///   and every other check of customer policies, attached or not, FAIL);
/// - `unattached-admin`: `*` on `*`, attached to nobody (customerUnattachedPolicyAdminPrivileges
///   FAIL);
/// - `escalate`, attached to group developers: iam:CreatePolicyVersion, cloudtrail:*, kms:*,
///   aws-marketplace:Subscribe and sts:AssumeRole, all on `*` (privilege escalation, CloudTrail,
///   KMS, Marketplace and assume-role checks FAIL; not administrator access);
/// - `unattached-reader`: s3:ListBucket on one bucket, attached to nobody
///   (customerUnattachedPolicyAdminPrivileges OK).
async fn seed_iam_policies(iam: &aws_sdk_iam::Client) {
    let document = |statements: &str| format!(r#"{{"Version":"2012-10-17","Statement":[{statements}]}}"#);
    let escalate = [
        r#"{"Effect":"Allow","Action":"iam:CreatePolicyVersion","Resource":"*"}"#,
        r#"{"Effect":"Allow","Action":["cloudtrail:*","kms:*"],"Resource":"*"}"#,
        r#"{"Effect":"Allow","Action":"aws-marketplace:Subscribe","Resource":"*"}"#,
        r#"{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}"#,
    ]
    .join(",");
    let policies = [
        ("full-access", document(r#"{"Effect":"Allow","Action":"*:*","Resource":"*"}"#)),
        ("unattached-admin", document(r#"{"Effect":"Allow","Action":"*","Resource":"*"}"#)),
        ("escalate", document(&escalate)),
        (
            "unattached-reader",
            document(r#"{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::stance-log-bucket"}"#),
        ),
    ];
    for (name, document) in policies {
        let created = iam.create_policy().policy_name(name).policy_document(document).send().await.unwrap();
        let arn = created.policy().and_then(|p| p.arn()).unwrap();
        if name == "full-access" {
            iam.attach_role_policy().role_name("admin").policy_arn(arn).send().await.unwrap();
        } else if name == "escalate" {
            iam.attach_group_policy().group_name("developers").policy_arn(arn).send().await.unwrap();
        }
    }
}

/// Account-wide IAM resources: a server certificate that expired on 2012-05-08 (the date moto
/// reports for every certificate, so the verdict is AWS's too) and a SAML provider.
async fn seed_iam_account(iam: &aws_sdk_iam::Client) {
    iam.upload_server_certificate()
        .server_certificate_name("legacy")
        .certificate_body(EXPIRED_CERTIFICATE)
        .private_key(EXPIRED_CERTIFICATE_KEY)
        .send()
        .await
        .unwrap();
    iam.create_saml_provider().name("corporate-idp").saml_metadata_document(SAML_METADATA).send().await.unwrap();
}

/// Self-signed for legacy.example.com, valid 2011-05-08 to 2012-05-08T01:02:03Z.
const EXPIRED_CERTIFICATE: &str = "-----BEGIN CERTIFICATE-----
MIIBODCB4KADAgECAhQ9gcQWsB7Sz4FBaDcP/Y3a7IGgPjAKBggqhkjOPQQDAjAd
MRswGQYDVQQDDBJsZWdhY3kuZXhhbXBsZS5jb20wHhcNMTEwNTA4MDAwMDAwWhcN
MTIwNTA4MDEwMjAzWjAdMRswGQYDVQQDDBJsZWdhY3kuZXhhbXBsZS5jb20wWTAT
BgcqhkjOPQIBBggqhkjOPQMBBwNCAASUs/ZidXcnfbjuAu9FSJs9rJC6BvS5TWNW
glIxhHz3fytvQhVUhFCw9zghsp8w3sqGVvXvFWLSRel9OCWZsMBeMAoGCCqGSM49
BAMCA0cAMEQCIEPEZpUHmGqhBTLZubDuVtHZ5w4MoDQz+vaY/GrGZKfrAiA525vw
xM1Z3SxRjOwnG38fxBy3tcCOuHEN+6btFd+Piw==
-----END CERTIFICATE-----";
/// A throwaway test key, made for this certificate only.
const EXPIRED_CERTIFICATE_KEY: &str = "-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg5z2e7I0kg8DJM1+h
8GXAoHgm5RRWGbubEzfIIfzDG6qhRANCAASUs/ZidXcnfbjuAu9FSJs9rJC6BvS5
TWNWglIxhHz3fytvQhVUhFCw9zghsp8w3sqGVvXvFWLSRel9OCWZsMBe
-----END PRIVATE KEY-----";

const SAML_METADATA: &str = r#"<?xml version="1.0"?><md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://idp.example.com/saml"><md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"><md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.example.com/sso"/></md:IDPSSODescriptor></md:EntityDescriptor>"#;

async fn seed_s3(moto: &Moto) {
    let s3 = s3_client(&moto.sdk_config("us-east-1").await);
    s3.create_bucket().bucket(PUBLIC_BUCKET).send().await.unwrap();
    s3.put_bucket_acl().bucket(PUBLIC_BUCKET).acl(BucketCannedAcl::PublicRead).send().await.unwrap();

    // S3 logs only to a bucket of the same region.
    let eu = s3_client(&moto.sdk_config("eu-west-1").await);
    for bucket in [LOG_BUCKET, PRIVATE_BUCKET] {
        let location =
            CreateBucketConfiguration::builder().location_constraint(BucketLocationConstraint::EuWest1).build();
        eu.create_bucket().bucket(bucket).create_bucket_configuration(location).send().await.unwrap();
    }
    eu.put_bucket_acl().bucket(LOG_BUCKET).acl(BucketCannedAcl::from("log-delivery-write")).send().await.unwrap();
    let block_all = PublicAccessBlockConfiguration::builder()
        .block_public_acls(true)
        .ignore_public_acls(true)
        .block_public_policy(true)
        .restrict_public_buckets(true)
        .build();
    eu.put_public_access_block()
        .bucket(PRIVATE_BUCKET)
        .public_access_block_configuration(block_all)
        .send()
        .await
        .unwrap();
    let versioning = aws_sdk_s3::types::VersioningConfiguration::builder()
        .status(aws_sdk_s3::types::BucketVersioningStatus::Enabled)
        .build();
    eu.put_bucket_versioning().bucket(PRIVATE_BUCKET).versioning_configuration(versioning).send().await.unwrap();
    let tags = aws_sdk_s3::types::Tagging::builder()
        .tag_set(aws_sdk_s3::types::Tag::builder().key("team").value("security").build().unwrap())
        .build()
        .unwrap();
    eu.put_bucket_tagging().bucket(PRIVATE_BUCKET).tagging(tags).send().await.unwrap();
    let logging = LoggingEnabled::builder().target_bucket(LOG_BUCKET).target_prefix("private/").build().unwrap();
    eu.put_bucket_logging()
        .bucket(PRIVATE_BUCKET)
        .bucket_logging_status(BucketLoggingStatus::builder().logging_enabled(logging).build())
        .send()
        .await
        .unwrap();
    seed_s3_catalog(moto, &s3, &eu).await;
}

/// The buckets and settings of the S3 catalog's checks: see the bucket constants.
async fn seed_s3_catalog(moto: &Moto, us: &aws_sdk_s3::Client, eu: &aws_sdk_s3::Client) {
    use aws_sdk_s3::types::*;
    let account = "123456789012";
    let public_policy = format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Sid":"PublicReadWrite","Effect":"Allow","Principal":"*","Action":["s3:GetObject","s3:PutObject"],"Resource":"arn:aws:s3:::{PUBLIC_BUCKET}/*"}}]}}"#
    );
    us.put_bucket_policy().bucket(PUBLIC_BUCKET).policy(public_policy).send().await.unwrap();
    us.put_object()
        .bucket(PUBLIC_BUCKET)
        .key("index.html")
        .acl(ObjectCannedAcl::PublicRead)
        .body(b"<h1>public</h1>".to_vec().into())
        .send()
        .await
        .unwrap();
    let website = WebsiteConfiguration::builder()
        .index_document(IndexDocument::builder().suffix("index.html").build().unwrap())
        .build();
    us.put_bucket_website().bucket(PUBLIC_BUCKET).website_configuration(website).send().await.unwrap();

    for bucket in [REPLICA_BUCKET, DOTTED_BUCKET, SAGEMAKER_BUCKET] {
        us.create_bucket().bucket(bucket).send().await.unwrap();
    }
    let enabled = VersioningConfiguration::builder().status(BucketVersioningStatus::Enabled).build();
    us.put_bucket_versioning().bucket(REPLICA_BUCKET).versioning_configuration(enabled).send().await.unwrap();
    us.put_bucket_acl().bucket(REPLICA_BUCKET).acl(BucketCannedAcl::PublicRead).send().await.unwrap();
    let enforced = OwnershipControls::builder()
        .rules(OwnershipControlsRule::builder().object_ownership(ObjectOwnership::BucketOwnerEnforced).build().unwrap())
        .build()
        .unwrap();
    us.put_bucket_ownership_controls().bucket(REPLICA_BUCKET).ownership_controls(enforced).send().await.unwrap();
    let accelerate = AccelerateConfiguration::builder().status(BucketAccelerateStatus::Enabled).build();
    us.put_bucket_accelerate_configuration()
        .bucket(REPLICA_BUCKET)
        .accelerate_configuration(accelerate)
        .send()
        .await
        .unwrap();
    // moto keeps the topic but drops the EventBridge configuration (aws_shapes has both).
    let uploads = TopicConfiguration::builder()
        .id("new-objects")
        .topic_arn(format!("arn:aws:sns:us-east-1:{account}:uploads"))
        .events(Event::from("s3:ObjectCreated:*"))
        .build()
        .unwrap();
    let notifications = NotificationConfiguration::builder()
        .topic_configurations(uploads)
        .event_bridge_configuration(EventBridgeConfiguration::builder().build())
        .build();
    us.put_bucket_notification_configuration()
        .bucket(REPLICA_BUCKET)
        .notification_configuration(notifications)
        .send()
        .await
        .unwrap();

    // The private bucket: SSE-KMS, a lifecycle for noncurrent versions, replication to
    // another region, and a policy that refuses plain HTTP and uploads without SSE-KMS.
    let kms = ServerSideEncryptionByDefault::builder()
        .sse_algorithm(ServerSideEncryption::AwsKms)
        .kms_master_key_id(format!("arn:aws:kms:eu-west-1:{account}:key/1234abcd-12ab-34cd-56ef-1234567890ab"))
        .build()
        .unwrap();
    let encryption = ServerSideEncryptionConfiguration::builder()
        .rules(ServerSideEncryptionRule::builder().apply_server_side_encryption_by_default(kms).build())
        .build()
        .unwrap();
    eu.put_bucket_encryption()
        .bucket(PRIVATE_BUCKET)
        .server_side_encryption_configuration(encryption)
        .send()
        .await
        .unwrap();
    let lifecycle = BucketLifecycleConfiguration::builder()
        .rules(
            LifecycleRule::builder()
                .id("expire-noncurrent")
                .status(ExpirationStatus::Enabled)
                .filter(LifecycleRuleFilter::builder().prefix("").build())
                .noncurrent_version_expiration(NoncurrentVersionExpiration::builder().noncurrent_days(30).build())
                .build()
                .unwrap(),
        )
        .build()
        .unwrap();
    eu.put_bucket_lifecycle_configuration()
        .bucket(PRIVATE_BUCKET)
        .lifecycle_configuration(lifecycle)
        .send()
        .await
        .unwrap();
    let replication = ReplicationConfiguration::builder()
        .role(format!("arn:aws:iam::{account}:role/bucket-notifier"))
        .rules(
            ReplicationRule::builder()
                .id("to-us-east-1")
                .priority(1)
                .status(ReplicationRuleStatus::Enabled)
                .filter(ReplicationRuleFilter::builder().prefix("").build())
                .delete_marker_replication(
                    DeleteMarkerReplication::builder().status(DeleteMarkerReplicationStatus::Disabled).build(),
                )
                .destination(Destination::builder().bucket(format!("arn:aws:s3:::{REPLICA_BUCKET}")).build().unwrap())
                .build()
                .unwrap(),
        )
        .build()
        .unwrap();
    eu.put_bucket_replication().bucket(PRIVATE_BUCKET).replication_configuration(replication).send().await.unwrap();
    let guarded_policy = format!(
        r#"{{"Version":"2012-10-17","Statement":[
            {{"Sid":"DenyPlainHttp","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::{PRIVATE_BUCKET}","arn:aws:s3:::{PRIVATE_BUCKET}/*"],"Condition":{{"Bool":{{"aws:SecureTransport":"false"}}}}}},
            {{"Sid":"DenyUnencryptedUploads","Effect":"Deny","Principal":"*","Action":"s3:PutObject","Resource":"arn:aws:s3:::{PRIVATE_BUCKET}/*","Condition":{{"StringNotEquals":{{"s3:x-amz-server-side-encryption":"aws:kms"}}}}}},
            {{"Sid":"ReadThroughEndpoint","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::{PRIVATE_BUCKET}/*","Condition":{{"StringEquals":{{"aws:SourceVpce":"vpce-1a2b3c4d"}}}}}}
        ]}}"#
    );
    eu.put_bucket_policy().bucket(PRIVATE_BUCKET).policy(guarded_policy).send().await.unwrap();

    // The locked bucket: Object Lock, an Allow on SecureTransport true only, and Block Public
    // Access split between the bucket and the account.
    let location = CreateBucketConfiguration::builder().location_constraint(BucketLocationConstraint::EuWest1).build();
    eu.create_bucket()
        .bucket(LOCKED_BUCKET)
        .create_bucket_configuration(location)
        .object_lock_enabled_for_bucket(true)
        .send()
        .await
        .unwrap();
    let https_only_allow = format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Sid":"AccountOverHttps","Effect":"Allow","Principal":{{"AWS":"arn:aws:iam::{account}:root"}},"Action":"s3:GetObject","Resource":"arn:aws:s3:::{LOCKED_BUCKET}/*","Condition":{{"Bool":{{"aws:SecureTransport":"true"}}}}}}]}}"#
    );
    eu.put_bucket_policy().bucket(LOCKED_BUCKET).policy(https_only_allow).send().await.unwrap();
    let bucket_half =
        PublicAccessBlockConfiguration::builder().ignore_public_acls(true).restrict_public_buckets(true).build();
    eu.put_public_access_block()
        .bucket(LOCKED_BUCKET)
        .public_access_block_configuration(bucket_half)
        .send()
        .await
        .unwrap();

    let control = moto.s3control_client("eu-west-1").await;
    let open = aws_sdk_s3control::types::PublicAccessBlockConfiguration::builder()
        .block_public_acls(false)
        .ignore_public_acls(false)
        .block_public_policy(false)
        .restrict_public_buckets(false)
        .build();
    // moto 5.2.1 creates the access point but answers with the root element
    // `CreateAccessPointResponse` instead of `CreateAccessPointResult`, which the SDK refuses.
    type Created = Result<
        aws_sdk_s3control::operation::create_access_point::CreateAccessPointOutput,
        aws_sdk_s3control::error::SdkError<
            aws_sdk_s3control::operation::create_access_point::CreateAccessPointError,
            aws_smithy_runtime_api::client::orchestrator::HttpResponse,
        >,
    >;
    let created = |result: Created| match result {
        Ok(_) => {}
        Err(aws_sdk_s3control::error::SdkError::ServiceError(error)) if error.raw().status().is_success() => {}
        Err(error) => panic!("CreateAccessPoint: {error:?}"),
    };
    created(
        control
            .create_access_point()
            .account_id(account)
            .name(OPEN_ACCESS_POINT)
            .bucket(PRIVATE_BUCKET)
            .public_access_block_configuration(open)
            .send()
            .await,
    );
    created(
        control
            .create_access_point()
            .account_id(account)
            .name(BLOCKED_ACCESS_POINT)
            .bucket(PRIVATE_BUCKET)
            .send()
            .await,
    );
    // Last, as S3 would refuse the public ACLs and policies above under it.
    let account_half = aws_sdk_s3control::types::PublicAccessBlockConfiguration::builder()
        .block_public_acls(true)
        .block_public_policy(true)
        .build();
    control
        .put_public_access_block()
        .account_id(account)
        .public_access_block_configuration(account_half)
        .send()
        .await
        .unwrap();
}

fn s3_client(config: &SdkConfig) -> aws_sdk_s3::Client {
    aws_sdk_s3::Client::from_conf(aws_sdk_s3::config::Builder::from(config).force_path_style(true).build())
}

async fn seed_ec2(ec2: &aws_sdk_ec2::Client) -> Seeded {
    let vpc = ec2.create_vpc().cidr_block("10.1.0.0/16").send().await.unwrap();
    let logged_vpc = vpc.vpc().and_then(|v| v.vpc_id()).unwrap().to_owned();
    ec2.create_flow_logs()
        .resource_type(FlowLogsResourceType::Vpc)
        .resource_ids(&logged_vpc)
        .traffic_type(TrafficType::All)
        .log_destination_type(LogDestinationType::S3)
        .log_destination(format!("arn:aws:s3:::{LOG_BUCKET}"))
        .send()
        .await
        .unwrap();

    let world_v4 = IpRange::builder().cidr_ip("0.0.0.0/0").build();
    let world_v6 = Ipv6Range::builder().cidr_ipv6("::/0").build();
    let internal = IpRange::builder().cidr_ip("10.0.0.0/8").build();
    let tcp = |port: i32| IpPermission::builder().ip_protocol("tcp").from_port(port).to_port(port);
    let ssh_open_group = group(ec2, "ssh-open", tcp(22).ip_ranges(world_v4.clone()).build()).await;
    let rdp_open_group = group(ec2, "rdp-open-v6", tcp(3389).ipv6_ranges(world_v6).build()).await;
    let all_open_group =
        group(ec2, "all-open", IpPermission::builder().ip_protocol("-1").ip_ranges(world_v4).build()).await;
    let internal_ssh_group = group(ec2, "internal-ssh", tcp(22).ip_ranges(internal).build()).await;
    let mysql_range = IpPermission::builder().ip_protocol("6").from_port(3300).to_port(3310);
    let mysql_range_group =
        group(ec2, "mysql-range", mysql_range.ip_ranges(IpRange::builder().cidr_ip("0.0.0.0/0").build()).build()).await;
    let from_group = UserIdGroupPair::builder().group_id(&internal_ssh_group).build();
    let referencing_group = group(ec2, "ssh-from-group", tcp(22).user_id_group_pairs(from_group).build()).await;

    let volume = |encrypted: bool| async move {
        let created = ec2
            .create_volume()
            .availability_zone("us-east-1a")
            .size(8)
            .volume_type(VolumeType::Gp3)
            .encrypted(encrypted)
            .send()
            .await
            .unwrap();
        created.volume_id().unwrap().to_owned()
    };
    let encrypted_volume = volume(true).await;
    let unencrypted_volume = volume(false).await;
    let subnet = seed_ec2_inventory(ec2, &logged_vpc, &encrypted_volume).await;
    let closed =
        ec2.create_security_group().group_name("worker").description("worker").vpc_id(&logged_vpc).send().await;
    let private_group = closed.unwrap().group_id().unwrap().to_owned();
    let (public_instance, private_instance) = seed_instances(ec2, &subnet, &ssh_open_group, &private_group).await;
    let image = |instance: String, name: &'static str| async move {
        let created = ec2.create_image().instance_id(instance).name(name).send().await.unwrap();
        created.image_id().unwrap().to_owned()
    };
    let public_image = image(public_instance.clone(), "stance-public-ami").await;
    let private_image = image(private_instance.clone(), "stance-private-ami").await;
    let everyone = LaunchPermissionModifications::builder()
        .add(LaunchPermission::builder().group(PermissionGroup::All).build())
        .build();
    ec2.modify_image_attribute().image_id(&public_image).launch_permission(everyone).send().await.unwrap();
    let (peering, open_endpoint, account_endpoint) = seed_vpc_links(ec2, &logged_vpc).await;
    Seeded {
        closed_network_acl: seed_network_acl(ec2, &logged_vpc, &subnet).await,
        logged_vpc,
        ssh_open_group,
        rdp_open_group,
        all_open_group,
        internal_ssh_group,
        mysql_range_group,
        referencing_group,
        public_instance,
        private_instance,
        private_group,
        public_image,
        private_image,
        peering,
        open_endpoint,
        account_endpoint,
        encrypted_volume,
        unencrypted_volume,
        // Filled in by `seed_insecure_account`, which seeds those services after EC2.
        exposed: exposure::Exposed::default(),
    }
}

/// Two instances of moto's stock AMI: one public in the default VPC and `open_group`, one
/// private in `subnet` and `closed_group`.
async fn seed_instances(
    ec2: &aws_sdk_ec2::Client,
    subnet: &str,
    open_group: &str,
    closed_group: &str,
) -> (String, String) {
    let launch = |run: aws_sdk_ec2::operation::run_instances::builders::RunInstancesFluentBuilder, name: &str| {
        let tag = Tag::builder().key("Name").value(name).build();
        let tags = TagSpecification::builder().resource_type(ResourceType::Instance).tags(tag).build();
        async move {
            let ran = run.image_id(MOTO_STOCK_AMI).min_count(1).max_count(1).tag_specifications(tags).send().await;
            ran.unwrap().instances()[0].instance_id().unwrap().to_owned()
        }
    };
    let public = launch(ec2.run_instances().security_group_ids(open_group), "web").await;
    let required = InstanceMetadataOptionsRequest::builder().http_tokens(HttpTokensState::Required).build();
    let private = ec2
        .run_instances()
        .subnet_id(subnet)
        .security_group_ids(closed_group)
        .metadata_options(required)
        .monitoring(RunInstancesMonitoringEnabled::builder().enabled(true).build())
        .disable_api_termination(true);
    (public, launch(private, "worker").await)
}

/// A network ACL that admits only HTTPS from the internet and sends only inside 10.0.0.0/8,
/// in place of the default one on `subnet`; returns its id.
async fn seed_network_acl(ec2: &aws_sdk_ec2::Client, vpc: &str, subnet: &str) -> String {
    let created = ec2.create_network_acl().vpc_id(vpc).send().await.unwrap();
    let acl = created.network_acl().and_then(|acl| acl.network_acl_id()).unwrap().to_owned();
    let entry = |egress: bool, protocol: &str, cidr: &str| {
        ec2.create_network_acl_entry()
            .network_acl_id(&acl)
            .rule_number(100)
            .egress(egress)
            .protocol(protocol)
            .rule_action(RuleAction::Allow)
            .cidr_block(cidr)
    };
    entry(false, "6", "0.0.0.0/0").port_range(PortRange::builder().from(443).to(443).build()).send().await.unwrap();
    entry(true, "-1", "10.0.0.0/8").send().await.unwrap();
    let subnet_filter = Filter::builder().name("association.subnet-id").values(subnet).build();
    let current = ec2.describe_network_acls().filters(subnet_filter).send().await.unwrap();
    let association = current.network_acls()[0]
        .associations()
        .iter()
        .find(|association| association.subnet_id() == Some(subnet))
        .and_then(|association| association.network_acl_association_id())
        .unwrap()
        .to_owned();
    ec2.replace_network_acl_association().association_id(association).network_acl_id(&acl).send().await.unwrap();
    acl
}

/// A peering from the default VPC to `vpc`, routed from `vpc`'s main route table, and two S3
/// and DynamoDB gateway endpoints in `vpc`: one open to anyone, one to the account only.
/// Returns the peering's and the endpoints' ids.
async fn seed_vpc_links(ec2: &aws_sdk_ec2::Client, vpc: &str) -> (String, String, String) {
    let vpcs = ec2.describe_vpcs().send().await.unwrap();
    let default_vpc = vpcs.vpcs().iter().find(|v| v.is_default() == Some(true)).unwrap();
    let requested =
        ec2.create_vpc_peering_connection().vpc_id(default_vpc.vpc_id().unwrap()).peer_vpc_id(vpc).send().await;
    let peering = requested.unwrap().vpc_peering_connection().unwrap().vpc_peering_connection_id().unwrap().to_owned();
    ec2.accept_vpc_peering_connection().vpc_peering_connection_id(&peering).send().await.unwrap();
    let vpc_filter = Filter::builder().name("vpc-id").values(vpc).build();
    let tables = ec2.describe_route_tables().filters(vpc_filter).send().await.unwrap();
    let main_table = tables.route_tables()[0].route_table_id().unwrap().to_owned();
    ec2.create_route()
        .route_table_id(&main_table)
        .destination_cidr_block(default_vpc.cidr_block().unwrap())
        .vpc_peering_connection_id(&peering)
        .send()
        .await
        .unwrap();
    let endpoint = |service: &'static str, policy: String| {
        let main_table = main_table.clone();
        async move {
            let created = ec2
                .create_vpc_endpoint()
                // AWS's default; moto leaves VpcEndpointType out of its answer unless told.
                .vpc_endpoint_type(VpcEndpointType::Gateway)
                .vpc_id(vpc)
                .service_name(format!("com.amazonaws.us-east-1.{service}"))
                .route_table_ids(main_table)
                .policy_document(policy)
                .send()
                .await
                .unwrap();
            created.vpc_endpoint().and_then(|endpoint| endpoint.vpc_endpoint_id()).unwrap().to_owned()
        }
    };
    let open = serde_json::json!({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}
    ]});
    let account_only = serde_json::json!({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": format!("arn:aws:iam::{OWN_ACCOUNT}:root")}, "Action": "dynamodb:*", "Resource": "*"}
    ]});
    let open = endpoint("s3", open.to_string()).await;
    (peering, open, endpoint("dynamodb", account_only.to_string()).await)
}

/// A snapshot shared publicly, a launch template, a key pair, an Elastic IP, an internet
/// gateway and a subnet of `vpc`, whose id it returns.
async fn seed_ec2_inventory(ec2: &aws_sdk_ec2::Client, vpc: &str, volume: &str) -> String {
    let snapshot = ec2.create_snapshot().volume_id(volume).send().await.unwrap();
    let public = aws_sdk_ec2::types::CreateVolumePermissionModifications::builder()
        .add(aws_sdk_ec2::types::CreateVolumePermission::builder().group("all".into()).build())
        .build();
    ec2.modify_snapshot_attribute()
        .snapshot_id(snapshot.snapshot_id().unwrap())
        .create_volume_permission(public)
        .send()
        .await
        .unwrap();
    let template = aws_sdk_ec2::types::RequestLaunchTemplateData::builder()
        .instance_type(aws_sdk_ec2::types::InstanceType::T3Micro)
        .metadata_options(
            aws_sdk_ec2::types::LaunchTemplateInstanceMetadataOptionsRequest::builder()
                .http_tokens(aws_sdk_ec2::types::LaunchTemplateHttpTokensState::Optional)
                .build(),
        )
        .build();
    ec2.create_launch_template().launch_template_name("web").launch_template_data(template).send().await.unwrap();
    ec2.create_key_pair().key_name("deploy").send().await.unwrap();
    ec2.allocate_address().send().await.unwrap();
    let gateway = ec2.create_internet_gateway().send().await.unwrap();
    let gateway_id = gateway.internet_gateway().and_then(|g| g.internet_gateway_id()).unwrap();
    ec2.attach_internet_gateway().internet_gateway_id(gateway_id).vpc_id(vpc).send().await.unwrap();
    let subnet = ec2.create_subnet().vpc_id(vpc).cidr_block("10.1.1.0/24").send().await.unwrap();
    subnet.subnet().and_then(|subnet| subnet.subnet_id()).unwrap().to_owned()
}

/// An AMI id moto knows in every region without being told.
pub const MOTO_STOCK_AMI: &str = "ami-12c6146b";

/// Creates a security group in the default VPC with one inbound rule; returns its id.
async fn group(ec2: &aws_sdk_ec2::Client, name: &str, rule: IpPermission) -> String {
    let created = ec2.create_security_group().group_name(name).description(name).send().await.unwrap();
    let id = created.group_id().unwrap().to_owned();
    ec2.authorize_security_group_ingress().group_id(&id).ip_permissions(rule).send().await.unwrap();
    id
}
