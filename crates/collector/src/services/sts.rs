use aws_config::SdkConfig;
use aws_credential_types::provider::error::CredentialsError;
use aws_smithy_types::error::display::DisplayErrorContext;
use stance_snapshot::{Account, CallError, Data, GLOBAL_REGION, Outcome};

use crate::CollectError;
use crate::call::{Calls, Key, call_error, one};
use crate::generated::sts;

/// Who the credentials belong to. Without an answer there is nothing to collect, so a failure
/// here is the one that stops collection: said in one line, with the SDK's whole error at -v.
pub async fn caller_identity(config: &SdkConfig, calls: &Calls) -> Result<Account, CollectError> {
    let client = crate::config::sts(config, None);
    let key = Key::new("STS", "GetCallerIdentity", GLOBAL_REGION);
    calls.queued(&key);
    calls.started(&key);
    let identity = match one(client.get_caller_identity().send()).await {
        Ok(identity) => identity,
        Err(error) => {
            tracing::info!("STS GetCallerIdentity failed: {}", DisplayErrorContext(&error));
            let credentials = credentials_error(&error);
            let error = call_error(&error);
            calls.record(key, Outcome::Error(error.clone()));
            return Err(identity_error(error, credentials));
        }
    };
    calls.record(key, Outcome::Data(Data::from_value(&sts::get_caller_identity(&identity))));
    let identity = &identity[0];
    let arn = identity.arn.clone().unwrap_or_default();
    Ok(Account {
        id: identity.account.clone().unwrap_or_default(),
        partition: arn.split(':').nth(1).unwrap_or("aws").to_owned(),
        arn,
    })
}

/// The credential provider's error behind a failed call, if that is why it failed: the SDK
/// reports a request it could not sign as a dispatch failure, with the provider's error as a
/// source.
fn credentials_error<'e>(error: &'e (dyn std::error::Error + 'static)) -> Option<&'e CredentialsError> {
    let mut source = Some(error);
    while let Some(error) = source {
        if let Some(credentials) = error.downcast_ref::<CredentialsError>() {
            return Some(credentials);
        }
        source = error.source();
    }
    None
}

/// What a failed GetCallerIdentity means for the user.
fn identity_error(error: CallError, credentials: Option<&CredentialsError>) -> CollectError {
    match credentials {
        Some(CredentialsError::CredentialsNotLoaded(_)) => return CollectError::NoCredentials,
        Some(credentials) => {
            let cause = DisplayErrorContext(credentials).to_string();
            return CollectError::CredentialsNotLoaded(cause.lines().next().unwrap_or_default().to_owned());
        }
        None => {}
    }
    match error.code.as_str() {
        "ExpiredToken" | "ExpiredTokenException" | "RequestExpired" | "TokenRefreshRequired" => {
            CollectError::ExpiredCredentials(error)
        }
        "InvalidClientTokenId"
        | "UnrecognizedClientException"
        | "SignatureDoesNotMatch"
        | "IncompleteSignature"
        | "AuthFailure" => CollectError::InvalidCredentials(error),
        "AccessDenied" | "AccessDeniedException" => CollectError::IdentityDenied(error),
        "DispatchFailure" | "Timeout" => CollectError::Unreachable(error),
        _ => CollectError::Identity(error),
    }
}
