//! Making one API call: bounded concurrency, and its outcome recorded whatever it is.

use std::future::Future;
use std::sync::Mutex;

use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;
use serde_json::Value;
use stance_snapshot::{CallError, Outcome, Snapshot};
use tokio::sync::Semaphore;

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
        Key { service, operation, region: region.to_owned(), resource: None }
    }

    pub fn resource(service: &'static str, operation: &'static str, region: &str, arn: &str) -> Key {
        Key { resource: Some(arn.to_owned()), ..Key::new(service, operation, region) }
    }
}

/// The calls of one collection: a bound on how many run at once, and their outcomes.
pub struct Calls {
    limit: Semaphore,
    outcomes: Mutex<Vec<(Key, Outcome)>>,
}

impl Calls {
    pub fn new(concurrency: usize) -> Calls {
        Calls { limit: Semaphore::new(concurrency.max(1)), outcomes: Mutex::new(Vec::new()) }
    }

    /// Makes a call (all its pages), records its outcome under `key` with the data
    /// converted by `to_cli`, and hands back the SDK output for dependent calls.
    pub async fn make<O, E>(
        &self,
        key: Key,
        to_cli: fn(&[O]) -> Value,
        request: impl Future<Output = Result<Vec<O>, SdkError<E, HttpResponse>>>,
    ) -> Option<Vec<O>>
    where
        E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    {
        self.make_with(key, |pages| Outcome::Data(to_cli(pages)), request).await
    }

    /// [`Calls::make`] for data that needs more than the generated conversion.
    pub async fn make_with<O, E>(
        &self,
        key: Key,
        convert: impl FnOnce(&[O]) -> Outcome,
        request: impl Future<Output = Result<Vec<O>, SdkError<E, HttpResponse>>>,
    ) -> Option<Vec<O>>
    where
        E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    {
        let result = {
            let _permit = self.limit.acquire().await.expect("the semaphore is never closed");
            request.await
        };
        let (outcome, pages) = match result {
            Ok(pages) => (convert(&pages), Some(pages)),
            Err(error) => {
                let error = call_error(&error);
                tracing::debug!(service = key.service, operation = key.operation, region = %key.region, %error, "call failed");
                (Outcome::Error(error), None)
            }
        };
        self.record(key, outcome);
        pages
    }

    /// Records an outcome that was not made by [`Calls::make`].
    pub fn record(&self, key: Key, outcome: Outcome) {
        self.outcomes.lock().expect("no panic while holding the lock").push((key, outcome));
    }

    /// Moves every recorded outcome into `snapshot`.
    pub fn drain_into(&self, snapshot: &mut Snapshot) {
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
    match error {
        SdkError::ServiceError(_) => {
            CallError::new(error.code().unwrap_or("UnknownError"), error.message().map(str::to_owned), status)
        }
        SdkError::TimeoutError(_) => CallError::new("Timeout", detail(), None),
        SdkError::DispatchFailure(failure) if failure.is_timeout() => CallError::new("Timeout", detail(), None),
        SdkError::DispatchFailure(_) => CallError::new("DispatchFailure", detail(), None),
        SdkError::ResponseError(_) => CallError::new("ResponseError", detail(), status),
        SdkError::ConstructionFailure(_) => CallError::new("ConstructionFailure", detail(), None),
        _ => CallError::new("UnknownError", detail(), status),
    }
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
