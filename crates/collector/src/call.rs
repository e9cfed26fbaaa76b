//! Making one API call: paced, retried while throttled, and its outcome recorded whatever it is.

use std::collections::BTreeSet;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;
use serde_json::Value;
use stance_snapshot::{CallError, Data, ErrorKind, GLOBAL_REGION, Outcome, Snapshot};
use tokio::time::Instant;

use crate::CollectOptions;
use crate::config::BOOTSTRAP_REGION;
use crate::pace::Pacing;
use stance_snapshot::operations::Scope;

/// Where a call's outcome goes in the snapshot.
pub struct Key {
    pub service: &'static str,
    pub operation: &'static str,
    pub region: String,
    /// The resource's ARN, for calls made once per resource.
    pub resource: Option<String>,
}

impl Key {
    pub fn new(service: &'static str, operation: &'static str, region: &str) -> Key {
        Key { service, operation, region: region.to_owned(), resource: None }.checked()
    }

    pub fn resource(service: &'static str, operation: &'static str, region: &str, arn: &str) -> Key {
        Key { service, operation, region: region.to_owned(), resource: Some(arn.to_owned()) }.checked()
    }

    /// In debug builds (every test that collects), stops a call that is not in
    /// [`OPERATIONS`](crate::OPERATIONS), or is keyed otherwise than its scope says.
    fn checked(self) -> Key {
        debug_assert!(
            crate::plan::operation(self.service, self.operation).is_some_and(|op| keyed_as(
                op.scope,
                &self.region,
                self.resource.is_some()
            )),
            "{} {} in {} (per resource: {}) is not an operation of that scope in OPERATIONS",
            self.service,
            self.operation,
            self.region,
            self.resource.is_some(),
        );
        self
    }
}

/// Whether an outcome under `region`, keyed by resource or not, is where an operation of `scope`
/// goes in the snapshot.
fn keyed_as(scope: Scope, region: &str, per_resource: bool) -> bool {
    match scope {
        Scope::Global | Scope::GlobalAfter { .. } => !per_resource && region == GLOBAL_REGION,
        Scope::Regional => !per_resource && region != GLOBAL_REGION,
        Scope::PerResource { .. } => per_resource,
        Scope::GlobalPerKey { .. } => per_resource && region == GLOBAL_REGION,
    }
}

/// What a caller sees of a collection in progress; calls start and end on many tasks at once.
pub trait Progress: Send + Sync {
    /// A call is known, and waits for its turn under the concurrency bound. Calls become known
    /// as the listings they depend on return, so the total grows during collection.
    fn call_queued(&self, _service: &str, _operation: &str, _region: &str) {}
    /// A call is sent.
    fn call_started(&self, _service: &str, _operation: &str, _region: &str) {}
    /// `error` is `None` when the call returned data.
    fn call_finished(&self, service: &str, operation: &str, region: &str, error: Option<&CallError>);
}

/// The calls of one collection: which are wanted, how fast they go out, and their outcomes.
pub struct Calls {
    wanted: Option<BTreeSet<(String, String)>>,
    pacing: Pacing,
    operation_timeout: Duration,
    progress: Option<Arc<dyn Progress>>,
    outcomes: Mutex<Vec<(Key, Outcome<'static>)>>,
}

impl Calls {
    pub fn new(options: &CollectOptions) -> Calls {
        Calls {
            wanted: options.only.as_ref().map(crate::plan::with_dependencies),
            pacing: Pacing::new(options.concurrency, &options.max_rates),
            operation_timeout: options.operation_timeout,
            progress: options.progress.clone(),
            outcomes: Mutex::new(Vec::new()),
        }
    }

    /// Whether `service`/`operation` is to be collected.
    pub fn wanted(&self, service: &str, operation: &str) -> bool {
        self.wanted.as_ref().is_none_or(|wanted| wanted.contains(&(service.to_owned(), operation.to_owned())))
    }

    /// Makes a call (all its pages), records its outcome under `key` with the data
    /// converted by `to_cli`, and hands back the SDK output for dependent calls.
    pub async fn make<O, E, F>(&self, key: Key, to_cli: fn(&[O]) -> Value, request: impl Fn() -> F) -> Option<Vec<O>>
    where
        E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
        F: Future<Output = Result<Vec<O>, SdkError<E, HttpResponse>>>,
    {
        self.make_with(key, |pages| Outcome::Data(Data::from_value(&to_cli(pages))), request).await
    }

    /// [`Calls::make`] for data that needs more than the generated conversion.
    ///
    /// The call waits for its action's pace and a slot of its service and region, and then
    /// sends the request. A throttled answer (which the SDK does not retry, see
    /// [`crate::config`]) slows its action, frees the slot and sends the request again, until
    /// the operation timeout has passed since the first was sent; so no call is lost to
    /// throttling while the account's buckets refill, and none waits out a backoff in a slot
    /// another call could use. A throttled page sends the call again from its first page.
    ///
    /// The request is created only once the call may run, and on the heap: an SDK request
    /// future takes several KB, and every per-resource call of a listing waits for its turn
    /// at once (3,000+ calls for 250 buckets), so holding them inline cost ~100 MB.
    pub async fn make_with<O, E, F>(
        &self,
        key: Key,
        convert: impl FnOnce(&[O]) -> Outcome<'static>,
        request: impl Fn() -> F,
    ) -> Option<Vec<O>>
    where
        E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
        F: Future<Output = Result<Vec<O>, SdkError<E, HttpResponse>>>,
    {
        if !self.wanted(key.service, key.operation) {
            return None;
        }
        self.queued(&key);
        // Global calls go to the bootstrap region's endpoint, and count against its limits.
        let endpoint_region = if key.region == GLOBAL_REGION { BOOTSTRAP_REGION } else { key.region.as_str() };
        let lane = self.pacing.lane(key.service, endpoint_region);
        let action = self.pacing.action(key.service, &key.region, key.operation);
        // Set when the first request goes out; queueing for it does not count.
        let mut deadline: Option<Instant> = None;
        // The last throttled answer, boxed: the error and its response are large, and calls
        // waiting to retry hold it.
        let mut throttled: Option<Box<SdkError<E, HttpResponse>>> = None;
        let result = loop {
            let turn = async {
                loop {
                    let paced = action.turn().await;
                    let slot = lane.slot().await;
                    if action.may_send(paced) {
                        break slot;
                    }
                }
            };
            let slot = match (deadline, throttled.take()) {
                (Some(deadline), Some(error)) => match tokio::time::timeout_at(deadline, turn).await {
                    Ok(slot) => slot,
                    Err(_) => break Err(*error),
                },
                _ => turn.await,
            };
            let sent = Instant::now();
            let until = *deadline.get_or_insert_with(|| {
                self.started(&key);
                sent + self.operation_timeout
            });
            let result = Box::pin(request()).await;
            drop(slot);
            match result {
                Err(error) if call_error(&error).kind == ErrorKind::Throttled => {
                    if let Some(rate) = action.throttled(sent) {
                        tracing::debug!(
                            service = key.service,
                            operation = key.operation,
                            region = %key.region,
                            "throttled: pacing at {rate:.1} requests/s"
                        );
                    }
                    if Instant::now() >= until {
                        break Err(error);
                    }
                    throttled = Some(Box::new(error));
                }
                result => {
                    if result.is_ok() {
                        action.succeeded();
                    }
                    break result;
                }
            }
        };
        let (outcome, pages) = match result {
            Ok(pages) => (convert(&pages), Some(pages)),
            Err(error) => (Outcome::Error(in_context(call_error(&error), &key)), None),
        };
        self.record(key, outcome);
        pages
    }

    /// Tells the progress observer that a call is known.
    pub fn queued(&self, key: &Key) {
        if let Some(progress) = &self.progress {
            progress.call_queued(key.service, key.operation, &key.region);
        }
    }

    /// Tells the progress observer that a call starts.
    pub fn started(&self, key: &Key) {
        if let Some(progress) = &self.progress {
            progress.call_started(key.service, key.operation, &key.region);
        }
    }

    /// Records the outcome of a call. Logging it is the progress observer's part.
    pub fn record(&self, key: Key, outcome: Outcome<'static>) {
        let error = match &outcome {
            Outcome::Error(error) => Some(error),
            Outcome::Data(_) => None,
        };
        if let Some(progress) = &self.progress {
            progress.call_finished(key.service, key.operation, &key.region, error);
        }
        self.outcomes.lock().expect("no panic while holding the lock").push((key, outcome));
    }

    /// Moves every recorded outcome into `snapshot`.
    pub fn drain_into(&self, snapshot: &mut Snapshot<'static>) {
        let outcomes = std::mem::take(&mut *self.outcomes.lock().expect("no panic while holding the lock"));
        for (key, outcome) in outcomes {
            match &key.resource {
                Some(arn) => snapshot.insert_resource(key.service, key.operation, &key.region, arn, outcome),
                None => snapshot.insert(key.service, key.operation, &key.region, outcome),
            }
        }
    }
}

/// A single-response call as a one-page result, for [`Calls::make`].
pub async fn one<O, E>(request: impl Future<Output = Result<O, E>>) -> Result<Vec<O>, E> {
    request.await.map(|output| vec![output])
}

/// The error of a failed call, with the AWS code where AWS answered, or the transport's failure.
pub fn call_error<E>(error: &SdkError<E, HttpResponse>) -> CallError
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    let status = error.raw_response().map(|response| response.status().as_u16());
    let detail = || Some(root_cause(error));
    // An error answer with no body (to a HEAD request) carries only its status, which the
    // AWS CLI reports as the code: "An error occurred (404) when calling the HeadBucket operation".
    let bodiless = error.raw_response().and_then(|response| response.body().bytes()).is_some_and(<[u8]>::is_empty);
    if let (SdkError::ServiceError(_), Some(status)) = (error, status.filter(|_| bodiless)) {
        return CallError::new(status.to_string(), None, Some(status));
    }
    match error {
        SdkError::ServiceError(_) => match error.code() {
            Some(code) => CallError::new(code, error.message().map(str::to_owned), status),
            None if error.raw_response().is_some_and(crate::config::is_html) => CallError {
                code: "UnsupportedResponse".to_owned(),
                message: Some(
                    "an HTML error page instead of an AWS error: the endpoint does not implement this operation"
                        .to_owned(),
                ),
                http_status: status,
                kind: ErrorKind::Unsupported,
            },
            // A success status whose body did not parse as the operation's output.
            None if status.is_some_and(|status| (200..300).contains(&status)) => {
                CallError::new("InvalidResponse", detail(), status)
            }
            None => CallError::new("UnknownError", error.message().map(str::to_owned).or_else(detail), status),
        },
        SdkError::TimeoutError(_) => CallError::new("Timeout", detail(), None),
        SdkError::DispatchFailure(failure) if failure.is_timeout() => CallError::new("Timeout", detail(), None),
        SdkError::DispatchFailure(_) => CallError::new("DispatchFailure", detail(), None),
        SdkError::ResponseError(_) => CallError::new("ResponseError", detail(), status),
        SdkError::ConstructionFailure(_) => CallError::new("ConstructionFailure", detail(), None),
        _ => CallError::new("UnknownError", detail(), status),
    }
}

/// Errors that mean "none of this is set up" from these operations only (service, operation,
/// code): the same codes elsewhere mean a resource vanished or a request was refused.
const NOT_CONFIGURED_BY_OPERATION: &[(&str, &str, &str)] = &[
    // No contact of that type, or no contact information, is set.
    ("Account", "GetAlternateContact", "ResourceNotFoundException"),
    ("Account", "GetContactInformation", "ResourceNotFoundException"),
    // Security Hub is not enabled in the region.
    ("SecurityHub", "DescribeHub", "InvalidAccessException"),
    ("SecurityHub", "GetEnabledStandards", "InvalidAccessException"),
    ("SecurityHub", "ListEnabledProductsForImport", "InvalidAccessException"),
    // The account belongs to no organization, or the organization does not use the feature.
    ("Organizations", "DescribeOrganization", "AWSOrganizationsNotInUseException"),
    ("Organizations", "ListDelegatedAdministrators", "AWSOrganizationsNotInUseException"),
    ("Organizations", "DescribeResourcePolicy", "AWSOrganizationsNotInUseException"),
    ("Organizations", "DescribeResourcePolicy", "ResourcePolicyNotFoundException"),
    ("IAM", "ListOrganizationsFeatures", "OrganizationNotFoundException"),
    ("IAM", "ListOrganizationsFeatures", "ServiceAccessNotEnabledException"),
    // The function or vault has no resource policy.
    ("Lambda", "GetPolicy", "ResourceNotFoundException"),
    ("Glacier", "GetVaultAccessPolicy", "ResourceNotFoundException"),
];

/// `error` as the operation of `key` means it.
fn in_context(mut error: CallError, key: &Key) -> CallError {
    if NOT_CONFIGURED_BY_OPERATION.contains(&(key.service, key.operation, error.code.as_str())) {
        error.kind = ErrorKind::NotConfigured;
    }
    error
}

/// The innermost cause's message: what went wrong, without the SDK's layers of wrapping
/// (`Connection refused (os error 111)`, `operation timeout … occurred after 30s`).
fn root_cause(error: &(dyn std::error::Error + 'static)) -> String {
    let mut cause = error;
    while let Some(source) = cause.source() {
        cause = source;
    }
    cause.to_string()
}

#[cfg(test)]
mod tests {
    use std::mem::size_of_val;

    use aws_config::{BehaviorVersion, SdkConfig};
    use aws_sdk_s3::config::Region;

    use super::*;
    use crate::generated::s3;

    /// Thousands of per-resource calls wait for their turn at once; each waiting call must
    /// not hold the SDK's request future (several KB), which is created when the call runs.
    #[test]
    fn a_waiting_call_holds_no_sdk_request() {
        let config =
            SdkConfig::builder().behavior_version(BehaviorVersion::latest()).region(Region::new("us-east-1")).build();
        let client = crate::config::s3(&config, "us-east-1");
        let calls = Calls::new(&CollectOptions::default());
        let request = || one(client.get_bucket_acl().bucket("b").send());
        let waiting =
            calls.make(Key::resource("S3", "GetBucketAcl", "us-east-1", "arn:aws:s3:::b"), s3::get_bucket_acl, request);
        let (waiting, sdk_request) = (size_of_val(&waiting), size_of_val(&request()));
        println!("a waiting call: {waiting} bytes; the SDK request it makes: {sdk_request} bytes");
        assert!(waiting < 1024, "a waiting call takes {waiting} bytes");
        assert!(sdk_request > 4 * waiting, "the SDK request ({sdk_request} bytes) is the large part");
    }

    /// The moto fixture, made by the collector: each outcome is an operation's, keyed (per
    /// resource or not, global or regional) as its scope says.
    #[test]
    fn the_moto_fixture_is_keyed_as_the_operations_say() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/moto-account.json");
        let snapshot: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let mut seen = BTreeSet::new();
        for (service, operations) in snapshot["calls"].as_object().unwrap() {
            for (operation, regions) in operations.as_object().unwrap() {
                let op = crate::plan::operation(service, operation)
                    .unwrap_or_else(|| panic!("{service} {operation} is not in OPERATIONS"));
                for (region, outcome) in regions.as_object().unwrap() {
                    // An outcome is `data` or `error`; a per-resource call has one more level.
                    let per_resource = !(outcome.get("data").is_some() || outcome.get("error").is_some());
                    assert!(
                        keyed_as(op.scope, region, per_resource),
                        "{service} {operation} in {region} (per resource: {per_resource}) is not keyed as {:?}",
                        op.scope
                    );
                    seen.insert(per_resource);
                }
            }
        }
        assert_eq!(seen.len(), 2, "the fixture has both per-resource and other outcomes");
    }
}
