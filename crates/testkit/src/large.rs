//! A large account for benchmarks (`cargo xtask bench collect`): thousands of resources
//! seeded into moto through the AWS SDK, many requests at a time so that seeding is quick.
//!
//! What is seeded, spread evenly over [`REGIONS`] (IAM is global):
//! - security groups in each region's default VPC, each with three inbound rules (one in ten
//!   opens SSH to 0.0.0.0/0, one in ten RDP to ::/0, the rest only internal ranges);
//! - EBS volumes, two in three encrypted;
//! - IAM users, each with an access key and a console password (a login profile);
//! - S3 buckets, half in each region;
//! - and a credential report, as an account in use has one: a scanner that asks for one then
//!   gets it at once instead of waiting for it to be generated, whoever scans first.

use std::future::Future;

use aws_sdk_ec2::types::{IpPermission, IpRange, Ipv6Range, VolumeType};
use aws_sdk_s3::types::{BucketLocationConstraint, CreateBucketConfiguration};
use tokio::task::JoinSet;

use crate::Moto;

/// The regions the large account spreads over.
pub const REGIONS: [&str; 2] = ["us-east-1", "eu-west-1"];

/// How many requests seeding keeps in flight. moto answers from a thread per request, so a
/// few more than the cores keep it busy without piling up.
const SEED_CONCURRENCY: usize = 16;

/// How many of each resource to seed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scale {
    pub security_groups: usize,
    pub volumes: usize,
    pub users: usize,
    pub buckets: usize,
}

impl Default for Scale {
    /// 1,000 security groups, 500 volumes, 250 users and 250 buckets.
    fn default() -> Self {
        Scale { security_groups: 1_000, volumes: 500, users: 250, buckets: 250 }
    }
}

impl Scale {
    /// The default sizes times `factor` (rounded, at least one of each).
    pub fn times(factor: f64) -> Scale {
        let full = Scale::default();
        let scaled = |n: usize| ((n as f64 * factor).round() as usize).max(1);
        Scale {
            security_groups: scaled(full.security_groups),
            volumes: scaled(full.volumes),
            users: scaled(full.users),
            buckets: scaled(full.buckets),
        }
    }

    /// How many resources in all.
    pub fn resources(&self) -> usize {
        self.security_groups + self.volumes + self.users + self.buckets
    }
}

impl std::fmt::Display for Scale {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} security groups, {} EBS volumes, {} IAM users (access key + password), {} S3 buckets",
            self.security_groups, self.volumes, self.users, self.buckets
        )
    }
}

/// Seeds `scale` into `moto` (see the module documentation); panics on any failed request.
/// Resource `i` goes to region `i % 2`, so resources alternate between the regions.
pub async fn seed_large_account(moto: &Moto, scale: Scale) {
    let mut ec2 = Vec::new();
    let mut s3 = Vec::new();
    for region in REGIONS {
        let config = moto.sdk_config(region).await;
        ec2.push(aws_sdk_ec2::Client::new(&config));
        s3.push(aws_sdk_s3::Client::from_conf(
            aws_sdk_s3::config::Builder::from(&config).force_path_style(true).build(),
        ));
    }
    let iam = aws_sdk_iam::Client::new(&moto.sdk_config(REGIONS[0]).await);
    let region_of = |i: usize| i % REGIONS.len();

    let groups =
        (0..scale.security_groups).map(|i| security_group(ec2[region_of(i)].clone(), REGIONS[region_of(i)], i));
    let volumes = (0..scale.volumes).map(|i| volume(ec2[region_of(i)].clone(), REGIONS[region_of(i)], i));
    let users = (0..scale.users).map(|i| user(iam.clone(), i));
    let buckets = (0..scale.buckets).map(|i| bucket(s3[region_of(i)].clone(), REGIONS[region_of(i)], i));
    // Each job is one resource, its requests in order; the jobs run side by side.
    let jobs = groups.map(boxed).chain(volumes.map(boxed)).chain(users.map(boxed)).chain(buckets.map(boxed));
    run_bounded(SEED_CONCURRENCY, jobs).await;
    iam.generate_credential_report().send().await.unwrap_or_else(|e| panic!("GenerateCredentialReport: {e:?}"));
}

type Job = std::pin::Pin<Box<dyn Future<Output = ()> + Send + 'static>>;

fn boxed(job: impl Future<Output = ()> + Send + 'static) -> Job {
    Box::pin(job)
}

/// Runs `jobs` on the runtime, at most `limit` at once; a job's panic is raised here.
async fn run_bounded(limit: usize, jobs: impl Iterator<Item = Job>) {
    let mut running = JoinSet::new();
    for job in jobs {
        if running.len() >= limit {
            running.join_next().await.expect("a job is running").expect("a seeding job failed");
        }
        running.spawn(job);
    }
    while let Some(done) = running.join_next().await {
        done.expect("a seeding job failed");
    }
}

/// A security group with three inbound rules: a world-open port for one group in ten (SSH,
/// or RDP over IPv6), otherwise HTTPS from 10.0.0.0/8; and two internal ranges.
async fn security_group(ec2: aws_sdk_ec2::Client, region: &str, i: usize) {
    let name = format!("bench-sg-{i:05}");
    let created = ec2
        .create_security_group()
        .group_name(&name)
        .description(format!("benchmark group {i}"))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{region}: CreateSecurityGroup {name}: {e:?}"));
    let id = created.group_id().expect("a group id");
    let tcp = |from: i32, to: i32| IpPermission::builder().ip_protocol("tcp").from_port(from).to_port(to);
    let cidr = |cidr: &str| IpRange::builder().cidr_ip(cidr).build();
    let first = match i % 10 {
        0 => tcp(22, 22).ip_ranges(cidr("0.0.0.0/0")),
        1 => tcp(3389, 3389).ipv6_ranges(Ipv6Range::builder().cidr_ipv6("::/0").build()),
        _ => tcp(443, 443).ip_ranges(cidr("10.0.0.0/8")),
    };
    let rules = [
        first.build(),
        tcp(8000, 8100).ip_ranges(cidr(&format!("192.168.{}.0/24", i % 256))).build(),
        IpPermission::builder().ip_protocol("udp").from_port(53).to_port(53).ip_ranges(cidr("172.16.0.0/12")).build(),
    ];
    ec2.authorize_security_group_ingress()
        .group_id(id)
        .set_ip_permissions(Some(rules.to_vec()))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{region}: AuthorizeSecurityGroupIngress {name}: {e:?}"));
}

/// A gp3 volume in the region's first zone; one in three is unencrypted.
async fn volume(ec2: aws_sdk_ec2::Client, region: &str, i: usize) {
    ec2.create_volume()
        .availability_zone(format!("{region}a"))
        .size(1 + (i % 16) as i32)
        .volume_type(VolumeType::Gp3)
        .encrypted(!i.is_multiple_of(3))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{region}: CreateVolume {i}: {e:?}"));
}

/// A user with an access key and a console password.
async fn user(iam: aws_sdk_iam::Client, i: usize) {
    let name = format!("bench-user-{i:04}");
    iam.create_user().user_name(&name).send().await.unwrap_or_else(|e| panic!("CreateUser {name}: {e:?}"));
    iam.create_access_key().user_name(&name).send().await.unwrap_or_else(|e| panic!("CreateAccessKey {name}: {e:?}"));
    iam.create_login_profile()
        .user_name(&name)
        .password("Correct-Horse-Battery-9")
        .send()
        .await
        .unwrap_or_else(|e| panic!("CreateLoginProfile {name}: {e:?}"));
}

/// A bucket in `region` (outside us-east-1, S3 needs the location constraint).
async fn bucket(s3: aws_sdk_s3::Client, region: &str, i: usize) {
    let name = format!("stance-bench-{i:04}");
    let mut create = s3.create_bucket().bucket(&name);
    if region != "us-east-1" {
        let location =
            CreateBucketConfiguration::builder().location_constraint(BucketLocationConstraint::from(region)).build();
        create = create.create_bucket_configuration(location);
    }
    create.send().await.unwrap_or_else(|e| panic!("{region}: CreateBucket {name}: {e:?}"));
}
