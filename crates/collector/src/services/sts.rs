use aws_config::SdkConfig;
use stance_snapshot::{Account, GLOBAL_REGION};

use crate::call::{Calls, Key, call_error, one};
use crate::generated::sts;

/// Who the credentials belong to. Without an answer there is nothing to collect, so a failure
/// here is the one that stops collection.
pub async fn caller_identity(config: &SdkConfig, calls: &Calls) -> Result<Account, String> {
    let client = aws_sdk_sts::Client::new(config);
    let identity = one(client.get_caller_identity().send()).await.map_err(|e| call_error(&e).to_string())?;
    calls.record(
        Key::new("STS", "GetCallerIdentity", GLOBAL_REGION),
        stance_snapshot::Outcome::Data(sts::get_caller_identity(&identity)),
    );
    let identity = &identity[0];
    let arn = identity.arn.clone().unwrap_or_default();
    Ok(Account {
        id: identity.account.clone().unwrap_or_default(),
        partition: arn.split(':').nth(1).unwrap_or("aws").to_owned(),
        arn,
    })
}
