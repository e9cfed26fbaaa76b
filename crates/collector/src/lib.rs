//! Reads an AWS account through the AWS SDK for Rust into a [`Snapshot`].
//!
//! Every API response is kept, shaped as the AWS CLI prints it; a failed call is recorded
//! as an error and collection carries on.

mod call;
mod cli_json;
mod config;
mod generated;
mod services;

use std::sync::Arc;

use stance_snapshot::Snapshot;

use crate::call::Calls;

/// What to collect, and how to reach AWS.
#[derive(Debug, Clone)]
pub struct CollectOptions {
    /// A named profile from the shared config files; `None` uses the default chain.
    pub profile: Option<String>,
    /// Regions to collect; empty (or `all`) means every region enabled for the account.
    pub regions: Vec<String>,
    /// An endpoint for every service, such as a local emulator. S3 then uses path-style
    /// addressing. `AWS_ENDPOINT_URL` works too.
    pub endpoint_url: Option<String>,
    /// How many calls may be in flight at once.
    pub concurrency: usize,
}

impl Default for CollectOptions {
    fn default() -> Self {
        CollectOptions { profile: None, regions: vec![], endpoint_url: None, concurrency: 16 }
    }
}

/// Why there is no snapshot at all. Failures of single calls are not errors: they are
/// recorded in the snapshot.
#[derive(Debug, thiserror::Error)]
pub enum CollectError {
    #[error("could not identify the account with STS GetCallerIdentity: {0}")]
    Identity(String),
}

/// Collects a snapshot of the account the configured credentials belong to.
pub async fn collect(options: &CollectOptions) -> Result<Snapshot, CollectError> {
    let collected_at = jiff::Timestamp::now();
    let config = config::load(options).await;
    let calls = Arc::new(Calls::new(options.concurrency));

    let account = services::sts::caller_identity(&config, &calls).await.map_err(CollectError::Identity)?;
    let regions = services::ec2::regions(&config, &calls, &options.regions).await;
    tracing::info!(account = %account.id, regions = regions.len(), "collecting");

    tokio::join!(
        services::iam::collect(&config, &calls),
        services::s3::collect(&config, &calls, &account.partition),
        futures::future::join_all(regions.iter().map(|region| services::ec2::collect(&config, &calls, region))),
    );

    let mut snapshot = Snapshot::new(env!("CARGO_PKG_VERSION"), collected_at, account, regions);
    calls.drain_into(&mut snapshot);
    Ok(snapshot)
}
