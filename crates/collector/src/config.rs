//! The SDK configuration and clients: the standard credential and region chains, a region
//! to start from when none is configured anywhere, retries and timeouts.

use std::net::IpAddr;
use std::time::Duration;

use aws_config::default_provider::region::DefaultRegionChain;
use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_sdk_sts::config::retry::{RetryPartition, TokenBucket};
use aws_smithy_runtime_api::client::dns::{DnsFuture, ResolveDns, ResolveDnsError};
use aws_smithy_runtime_api::client::interceptors::context::InterceptorContext;
use aws_smithy_runtime_api::client::retries::classifiers::{
    ClassifyRetry, RetryAction, RetryClassifierPriority, RetryReason, SharedRetryClassifier,
};
use aws_smithy_types::retry::ErrorKind;

use crate::CollectOptions;

/// The region used for global calls and region discovery when no region is configured.
pub const BOOTSTRAP_REGION: &str = "us-east-1";
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

pub async fn load(options: &CollectOptions) -> SdkConfig {
    let mut region_chain = DefaultRegionChain::builder();
    if let Some(profile) = &options.profile {
        region_chain = region_chain.profile_name(profile);
    }
    let region_chain = region_chain.build();
    // Said once, since global calls and region discovery go there.
    let region = match region_chain.region().await {
        Some(region) => {
            tracing::info!("starting from region {region}, as configured");
            region
        }
        None => {
            let discovering =
                if options.regions.is_empty() { " and discovering the enabled regions there" } else { "" };
            let say = format!(
                "no region configured (AWS_REGION, AWS_DEFAULT_REGION, the profile, instance metadata): \
                 starting from {BOOTSTRAP_REGION}{discovering}"
            );
            if options.regions.is_empty() {
                tracing::warn!("{say}");
            } else {
                tracing::info!("{say}");
            }
            Region::from_static(BOOTSTRAP_REGION)
        }
    };
    let mut loader = aws_config::defaults(BehaviorVersion::latest())
        .region(region)
        .retry_config(RetryConfig::standard().with_max_attempts(options.max_attempts.max(1)))
        .timeout_config(
            TimeoutConfig::builder()
                .connect_timeout(CONNECT_TIMEOUT.min(options.attempt_timeout))
                .operation_attempt_timeout(options.attempt_timeout)
                .operation_timeout(options.operation_timeout)
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

/// Refuses a `--profile` that no shared config or credentials file defines (the SDK would say
/// so only as one link of a credential-chain failure).
pub async fn check_profile(profile: &str) -> Result<(), crate::CollectError> {
    use aws_runtime::env_config::file::EnvConfigFiles;
    use aws_types::os_shim_internal::{Env, Fs};
    let profiles = aws_config::profile::load(&Fs::real(), &Env::real(), &EnvConfigFiles::default(), None).await;
    // An unreadable or malformed file is left for the SDK to report.
    let Ok(profiles) = profiles else { return Ok(()) };
    if profiles.get_profile(profile).is_some() {
        return Ok(());
    }
    let mut known: Vec<String> = profiles.profiles().map(str::to_owned).collect();
    known.sort();
    Err(crate::CollectError::UnknownProfile { profile: profile.to_owned(), known })
}

/// A retry partition of the client's own, whose token bucket never runs dry. The SDK's default
/// quota (500 tokens per client, 5 spent on each retry of a throttled call) ends calls that
/// still have attempts left once a scanner's thousands of calls meet throttling: at 32 calls in
/// flight against EC2's documented buckets, most calls left `throttled` were never retried for
/// that reason. Attempts stay bounded by `--max-attempts` and the timeouts.
fn unlimited_retries(name: &'static str) -> RetryPartition {
    RetryPartition::custom(name).token_bucket(TokenBucket::unlimited()).build()
}

/// A service client's configuration, with stance's retry classifiers ([`NotAnAwsError`],
/// [`ThrottlingIsPaced`]), retries not bounded by a shared quota and, when set, another region.
macro_rules! client {
    ($name:ident, $sdk:ident) => {
        pub fn $name(config: &SdkConfig, region: Option<&str>) -> $sdk::Client {
            let mut builder = $sdk::config::Builder::from(config)
                .retry_classifier(SharedRetryClassifier::new(NotAnAwsError))
                .retry_classifier(SharedRetryClassifier::new(ThrottlingIsPaced))
                .retry_partition(unlimited_retries(stringify!($name)));
            if let Some(region) = region {
                builder = builder.region(Region::new(region.to_owned()));
            }
            $sdk::Client::from_conf(builder.build())
        }
    };
}

client!(sts, aws_sdk_sts);
client!(iam, aws_sdk_iam);
client!(ec2, aws_sdk_ec2);
client!(cloudtrail, aws_sdk_cloudtrail);
client!(cloudwatchlogs, aws_sdk_cloudwatchlogs);
client!(cloudwatch, aws_sdk_cloudwatch);
client!(sns, aws_sdk_sns);
client!(configservice, aws_sdk_config);
client!(kms, aws_sdk_kms);
client!(accessanalyzer, aws_sdk_accessanalyzer);
client!(securityhub, aws_sdk_securityhub);
client!(organizations, aws_sdk_organizations);
client!(account, aws_sdk_account);
client!(macie2, aws_sdk_macie2);
client!(rds, aws_sdk_rds);
client!(efs, aws_sdk_efs);
client!(sqs, aws_sdk_sqs);
client!(lambda, aws_sdk_lambda);
client!(glacier, aws_sdk_glacier);
client!(eventbridge, aws_sdk_eventbridge);
client!(secretsmanager, aws_sdk_secretsmanager);
client!(cloudfront, aws_sdk_cloudfront);
client!(elbv2, aws_sdk_elasticloadbalancingv2);
client!(apigateway, aws_sdk_apigateway);
client!(apigatewayv2, aws_sdk_apigatewayv2);

/// An S3 client for `region`; path-style against a custom endpoint, since an emulator
/// answers on one host rather than on bucket-name subdomains.
pub fn s3(config: &SdkConfig, region: &str) -> aws_sdk_s3::Client {
    let builder = aws_sdk_s3::config::Builder::from(config)
        .retry_classifier(SharedRetryClassifier::new(NotAnAwsError))
        .retry_classifier(SharedRetryClassifier::new(ThrottlingIsPaced))
        .retry_partition(unlimited_retries("s3"))
        .region(Region::new(region.to_owned()))
        .force_path_style(config.endpoint_url().is_some());
    aws_sdk_s3::Client::from_conf(builder.build())
}

/// An S3 Control client. S3 Control puts the account id in front of the host
/// (`123456789012.s3-control…`); against a custom endpoint such as `127.0.0.1`, those names
/// are resolved to the endpoint's own host.
pub fn s3control(config: &SdkConfig, region: &str) -> aws_sdk_s3control::Client {
    let mut builder = aws_sdk_s3control::config::Builder::from(config)
        .retry_classifier(SharedRetryClassifier::new(NotAnAwsError))
        .retry_classifier(SharedRetryClassifier::new(ThrottlingIsPaced))
        .retry_partition(unlimited_retries("s3control"))
        .region(Region::new(region.to_owned()));
    if let Some(host) = config.endpoint_url().and_then(endpoint_host) {
        let http = aws_smithy_http_client::Builder::new()
            .tls_provider(aws_smithy_http_client::tls::Provider::Rustls(
                aws_smithy_http_client::tls::rustls_provider::CryptoMode::AwsLc,
            ))
            .build_with_resolver(EndpointResolver { host });
        builder = builder.http_client(http);
    }
    aws_sdk_s3control::Client::from_conf(builder.build())
}

fn endpoint_host(url: &str) -> Option<String> {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let authority = rest.split('/').next()?;
    let host = match authority.strip_prefix('[') {
        Some(v6) => v6.split(']').next()?,
        None => authority.rsplit_once(':').map_or(authority, |(host, _)| host),
    };
    Some(host.to_owned())
}

/// Resolves the endpoint's host, with or without prefixes, to the endpoint's addresses.
#[derive(Debug, Clone)]
struct EndpointResolver {
    host: String,
}

impl ResolveDns for EndpointResolver {
    fn resolve_dns<'a>(&'a self, name: &'a str) -> DnsFuture<'a> {
        let prefixed = name.strip_suffix(self.host.as_str()).is_some_and(|prefix| prefix.ends_with('.'));
        let name = if prefixed { self.host.as_str() } else { name };
        DnsFuture::new(async move {
            if let Ok(ip) = name.parse::<IpAddr>() {
                return Ok(vec![ip]);
            }
            let addresses = tokio::net::lookup_host((name, 0)).await.map_err(ResolveDnsError::new)?;
            Ok(addresses.map(|address| address.ip()).collect())
        })
    }
}

/// Forbids retrying a 5xx answer in HTML: AWS always answers errors in its own formats, so
/// such an answer comes from something else (an emulator that lacks the operation, a proxy),
/// and asking again only costs the backoff.
#[derive(Debug)]
struct NotAnAwsError;

impl ClassifyRetry for NotAnAwsError {
    fn classify_retry(&self, ctx: &InterceptorContext) -> RetryAction {
        match ctx.response() {
            Some(response) if response.status().is_server_error() && is_html(response) => RetryAction::RetryForbidden,
            _ => RetryAction::NoActionIndicated,
        }
    }

    fn name(&self) -> &'static str {
        "NotAnAwsError"
    }

    fn priority(&self) -> RetryClassifierPriority {
        RetryClassifierPriority::run_before(RetryClassifierPriority::http_status_code_classifier())
    }
}

/// Forbids the SDK's retry of a throttled answer: stance retries it itself once the action's
/// pace allows, without holding a slot meanwhile and for as long as the operation timeout
/// allows ([`crate::call::Calls::make_with`]). The SDK's other classifiers decide what is
/// throttling (its list of AWS throttling codes, and errors modeled as throttling); this one
/// runs after them all.
#[derive(Debug)]
struct ThrottlingIsPaced;

impl ClassifyRetry for ThrottlingIsPaced {
    fn classify_retry(&self, _ctx: &InterceptorContext) -> RetryAction {
        RetryAction::NoActionIndicated
    }

    fn classify_retry_v2(&self, _ctx: &InterceptorContext, previous: &RetryAction) -> RetryAction {
        match previous {
            RetryAction::RetryIndicated(RetryReason::RetryableError { kind: ErrorKind::ThrottlingError, .. }) => {
                RetryAction::RetryForbidden
            }
            _ => RetryAction::NoActionIndicated,
        }
    }

    fn name(&self) -> &'static str {
        "ThrottlingIsPaced"
    }

    fn priority(&self) -> RetryClassifierPriority {
        RetryClassifierPriority::run_after(RetryClassifierPriority::transient_error_classifier())
    }
}

/// Whether a response's body is HTML.
pub fn is_html(response: &aws_smithy_runtime_api::client::orchestrator::HttpResponse) -> bool {
    response.headers().get("content-type").is_some_and(|value| value.starts_with("text/html"))
}

#[cfg(test)]
mod tests {
    use stance_snapshot::ErrorKind;

    use super::endpoint_host;

    /// The SDK's throttling codes are the ones [`ThrottlingIsPaced`](super::ThrottlingIsPaced)
    /// stops it retrying; stance retries a call while its error classifies as throttled, so
    /// every such code must.
    #[test]
    fn every_code_the_sdk_treats_as_throttling_is_throttled_in_snapshots() {
        for code in aws_runtime::retries::classifiers::THROTTLING_ERRORS {
            assert_eq!(ErrorKind::classify(code, Some(400)), ErrorKind::Throttled, "{code}");
        }
    }

    #[test]
    fn endpoint_hosts() {
        assert_eq!(endpoint_host("http://127.0.0.1:5000").as_deref(), Some("127.0.0.1"));
        assert_eq!(endpoint_host("https://emulator.local/path").as_deref(), Some("emulator.local"));
        assert_eq!(endpoint_host("http://[::1]:4566").as_deref(), Some("::1"));
    }
}
