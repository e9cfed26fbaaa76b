//! Reads an AWS account through the AWS SDK for Rust into a [`Snapshot`].
//!
//! Every API response is kept, shaped as the AWS CLI prints it; a failed call is recorded
//! as an error and collection carries on.

use stance_snapshot::Snapshot;

/// What to collect, and how to reach AWS.
#[derive(Debug, Clone, Default)]
pub struct CollectOptions {
    /// A named profile from the shared config files; `None` uses the default chain.
    pub profile: Option<String>,
    /// Regions to collect; empty (or `all`) means every region enabled for the account.
    pub regions: Vec<String>,
    /// An endpoint for every service, such as a local emulator. S3 then uses path-style
    /// addressing. `AWS_ENDPOINT_URL` works too.
    pub endpoint_url: Option<String>,
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
    let _ = options;
    Err(CollectError::Identity("collection is not implemented yet".to_owned()))
}
