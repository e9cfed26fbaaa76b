//! The SDK configuration: the standard credential and region chains, with a region to
//! start from when none is configured anywhere.

use std::time::Duration;

use aws_config::default_provider::region::DefaultRegionChain;
use aws_config::meta::region::RegionProviderChain;
use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_config::{BehaviorVersion, SdkConfig};

use crate::CollectOptions;

/// The region used for global calls and region discovery when no region is configured.
pub const BOOTSTRAP_REGION: &str = "us-east-1";

pub async fn load(options: &CollectOptions) -> SdkConfig {
    let mut region_chain = DefaultRegionChain::builder();
    if let Some(profile) = &options.profile {
        region_chain = region_chain.profile_name(profile);
    }
    let region = RegionProviderChain::first_try(region_chain.build()).or_else(BOOTSTRAP_REGION);
    let mut loader = aws_config::defaults(BehaviorVersion::latest())
        .region(region)
        .retry_config(RetryConfig::standard().with_max_attempts(5))
        .timeout_config(
            TimeoutConfig::builder()
                .connect_timeout(Duration::from_secs(5))
                .operation_attempt_timeout(Duration::from_secs(30))
                .operation_timeout(Duration::from_secs(120))
                .build(),
        );
    if let Some(profile) = &options.profile {
        loader = loader.profile_name(profile);
    }
    if let Some(endpoint) = &options.endpoint_url {
        loader = loader.endpoint_url(endpoint);
    }
    loader.load().await
}
