//! Reads an AWS account through the AWS SDK for Rust into a [`Snapshot`].
//!
//! Every API response is kept, shaped as the AWS CLI prints it; a failed call is recorded
//! as an error and collection carries on.

mod call;
mod cli_json;
mod config;
mod generated;
mod pace;
mod plan;
mod services;

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;

use stance_snapshot::{CallError, Snapshot};

use crate::call::Calls;
pub use crate::call::Progress;
pub use stance_snapshot::operations::{OPERATIONS, Op, Scope};

/// What to collect, and how to reach AWS.
#[derive(Clone)]
pub struct CollectOptions {
    /// A named profile from the shared config files; `None` uses the default chain.
    pub profile: Option<String>,
    /// Regions to collect; empty (or `all`) means every region enabled for the account.
    pub regions: Vec<String>,
    /// An endpoint for every service, such as a local emulator. S3 then uses path-style
    /// addressing. `AWS_ENDPOINT_URL` works too.
    pub endpoint_url: Option<String>,
    /// The most calls in flight at once for each service in each region. Each action is also
    /// paced from its first throttled answer on, at a rate learned from the throttling.
    pub concurrency: usize,
    /// The most requests per second for each service (`EC2`, `IAM`, … ignoring case) in each
    /// region, for accounts whose production workloads share the API's rate limits.
    pub max_rates: Vec<(String, f64)>,
    /// Attempts per call on server errors, timeouts and network failures, the first included
    /// (standard retry mode, with backoff). Throttled calls are retried until the operation
    /// timeout instead.
    pub max_attempts: u32,
    /// How long one attempt may take.
    pub attempt_timeout: Duration,
    /// How long a call may take, all attempts and pages included.
    pub operation_timeout: Duration,
    /// Collect only these calls (service, operation) and those they depend on; `None`
    /// collects everything.
    pub only: Option<BTreeSet<(String, String)>>,
    /// Told of every call as it starts and ends.
    pub progress: Option<Arc<dyn Progress>>,
    /// How many objects of each bucket to read the ACL of: the first keys in S3's order
    /// (0: none). Buckets whose ACLs are disabled are not sampled.
    pub object_sample: i32,
    /// How many of each launch template's newest versions to read, its default one too.
    pub launch_template_versions: usize,
}

impl Default for CollectOptions {
    fn default() -> Self {
        CollectOptions {
            profile: None,
            regions: vec![],
            endpoint_url: None,
            concurrency: 64,
            max_rates: vec![],
            max_attempts: 5,
            attempt_timeout: Duration::from_secs(20),
            operation_timeout: Duration::from_secs(300),
            only: None,
            progress: None,
            object_sample: 3,
            launch_template_versions: 20,
        }
    }
}

/// Why there is no snapshot at all, each said in one line with what to do about it. Failures
/// of single calls are not errors: they are recorded in the snapshot.
#[derive(Debug, thiserror::Error)]
pub enum CollectError {
    #[error(
        "no AWS credentials found (tried environment, profile, SSO, web identity, container, instance metadata); \
         pass --profile NAME, run `aws sso login`, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"
    )]
    NoCredentials,
    #[error("the AWS credentials could not be loaded: {0} (with an SSO profile, run `aws sso login`)")]
    CredentialsNotLoaded(String),
    #[error("profile {profile:?} is in neither ~/.aws/config nor ~/.aws/credentials (nor AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE){}", known_profiles(.known))]
    UnknownProfile { profile: String, known: Vec<String> },
    #[error("the AWS credentials have expired ({0}); refresh them (`aws sso login`, or new session credentials)")]
    ExpiredCredentials(CallError),
    #[error(
        "AWS refused the credentials ({0}); check the access key id and secret access key of the profile or environment"
    )]
    InvalidCredentials(CallError),
    #[error("STS GetCallerIdentity was denied ({0}); stance needs it to learn which account it reads")]
    IdentityDenied(CallError),
    #[error("could not reach AWS STS: {0}")]
    Unreachable(CallError),
    #[error("could not identify the account with STS GetCallerIdentity: {0}")]
    Identity(CallError),
    #[error(
        "{} not enabled for this account (EC2 DescribeRegions lists {}); enable an opt-in region in the AWS console's account settings, or leave it out of --region",
        regions_named(.asked), .enabled.join(", ")
    )]
    RegionsNotEnabled { asked: Vec<String>, enabled: Vec<String> },
}

/// `region eu-west-9 is`, `regions a, b are`.
fn regions_named(regions: &[String]) -> String {
    match regions {
        [one] => format!("region {one} is"),
        many => format!("regions {} are", many.join(", ")),
    }
}

/// `; profiles there: a, b`, or nothing when there are none.
fn known_profiles(known: &[String]) -> String {
    if known.is_empty() {
        "; no profile is defined".to_owned()
    } else {
        format!("; profiles there: {}", known.join(", "))
    }
}

/// Collects a snapshot of the account the configured credentials belong to.
pub async fn collect(options: &CollectOptions) -> Result<Snapshot<'static>, CollectError> {
    let collected_at = jiff::Timestamp::now();
    if let Some(profile) = &options.profile {
        config::check_profile(profile).await?;
    }
    let config = config::load(options).await;
    let calls = Arc::new(Calls::new(options));

    let account = services::sts::caller_identity(&config, &calls).await?;
    let regions = services::ec2::regions(&config, &calls, &options.regions).await?;
    tracing::info!(account = %account.id, regions = regions.len(), "collecting");

    let (id, partition) = (&account.id, &account.partition);
    let ec2_scope =
        services::ec2::Ec2Scope { account: id, partition, launch_template_versions: options.launch_template_versions };
    let s3_scope =
        services::s3::S3Scope { account: id, partition, regions: &regions, object_sample: options.object_sample };
    let (config, calls_ref, ec2_scope) = (&config, &*calls, &ec2_scope);
    tokio::join!(
        services::iam::collect(config, calls_ref),
        services::s3::collect(config, calls_ref, &s3_scope),
        services::governance::collect_global(config, calls_ref),
        services::front_ends::collect_global(config, calls_ref),
        futures::future::join_all(regions.iter().map(|region| async move {
            tokio::join!(
                services::ec2::collect(config, calls_ref, ec2_scope, region),
                services::cloudtrail::collect(config, calls_ref, region),
                services::monitoring::collect(config, calls_ref, region),
                services::kms::collect(config, calls_ref, region),
                services::governance::collect_region(config, calls_ref, region),
                services::data::collect(config, calls_ref, region),
                services::resource_policies::collect(config, calls_ref, region, partition),
                services::front_ends::collect_region(config, calls_ref, region, partition),
            )
        })),
    );

    let mut snapshot = Snapshot::new(env!("CARGO_PKG_VERSION"), collected_at, account, regions);
    calls.drain_into(&mut snapshot);
    Ok(snapshot)
}
