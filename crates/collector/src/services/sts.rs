use aws_config::SdkConfig;
use stance_snapshot::{Account, Data, GLOBAL_REGION, Outcome};

use crate::call::{Calls, Key, call_error, one};
use crate::generated::sts;

/// Who the credentials belong to. Without an answer there is nothing to collect, so a failure
/// here is the one that stops collection.
pub async fn caller_identity(config: &SdkConfig, calls: &Calls) -> Result<Account, String> {
    let client = crate::config::sts(config, None);
    let key = Key::new("STS", "GetCallerIdentity", GLOBAL_REGION);
    calls.queued(&key);
    calls.started(&key);
    let identity = match one(client.get_caller_identity().send()).await {
        Ok(identity) => identity,
        Err(error) => {
            let error = call_error(&error);
            let message = error.to_string();
            calls.record(key, Outcome::Error(error));
            return Err(message);
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
