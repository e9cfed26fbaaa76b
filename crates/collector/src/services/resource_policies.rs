//! Resources that carry resource policies: SQS queues, Lambda functions, Glacier vaults,
//! EventBridge event buses and Secrets Manager secrets, each in its region.

use aws_config::SdkConfig;
use aws_sdk_eventbridge::operation::list_event_buses::ListEventBusesOutput;
use aws_sdk_sqs::types::QueueAttributeName;

use super::{all_pages, one_page, token_pages};
use crate::call::{Calls, Key};
use crate::generated::{eventbridge, glacier, lambda, secretsmanager, sqs};

/// Glacier's `accountId` for the account the credentials belong to.
const OWN_ACCOUNT: &str = "-";

pub async fn collect(config: &SdkConfig, calls: &Calls, region: &str, partition: &str) {
    tokio::join!(
        queues(config, calls, region, partition),
        functions(config, calls, region),
        vaults(config, calls, region),
        event_buses(config, calls, region),
        secrets(config, calls, region),
    );
}

/// The region's queues, then every attribute of each (its policy and encryption among them),
/// keyed by the queue's ARN.
async fn queues(config: &SdkConfig, calls: &Calls, region: &str, partition: &str) {
    let client = crate::config::sqs(config, Some(region));
    let c = &client;
    let listed = all_pages!(calls, Key::new("SQS", "ListQueues", region), sqs::list_queues, c, list_queues);
    let Some(pages) = listed.await else { return };
    let queues = pages.iter().flat_map(|page| page.queue_urls()).filter_map(|url| {
        let arn = queue_arn(url, region, partition)?;
        Some((url.as_str(), arn))
    });
    futures::future::join_all(queues.map(|(url, arn)| async move {
        one_page!(
            calls,
            Key::resource("SQS", "GetQueueAttributes", region, &arn),
            sqs::get_queue_attributes,
            c,
            get_queue_attributes,
            queue_url(url),
            attribute_names(QueueAttributeName::All)
        )
        .await
    }))
    .await;
}

/// A queue's ARN from its URL, whose path is `/ACCOUNT/NAME`.
fn queue_arn(url: &str, region: &str, partition: &str) -> Option<String> {
    let mut path = url.trim_end_matches('/').rsplit('/');
    let (name, account) = (path.next()?, path.next()?);
    let is_account = account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit());
    is_account.then(|| format!("arn:{partition}:sqs:{region}:{account}:{name}"))
}

/// The region's functions, then each one's resource policy.
async fn functions(config: &SdkConfig, calls: &Calls, region: &str) {
    let client = crate::config::lambda(config, Some(region));
    let c = &client;
    let listed =
        all_pages!(calls, Key::new("Lambda", "ListFunctions", region), lambda::list_functions, c, list_functions);
    let Some(pages) = listed.await else { return };
    let arns = pages.iter().flat_map(|page| page.functions()).filter_map(|function| function.function_arn());
    futures::future::join_all(arns.map(|arn| {
        one_page!(
            calls,
            Key::resource("Lambda", "GetPolicy", region, arn),
            lambda::get_policy,
            c,
            get_policy,
            function_name(arn)
        )
    }))
    .await;
}

/// The region's vaults, then each one's access policy.
async fn vaults(config: &SdkConfig, calls: &Calls, region: &str) {
    let client = crate::config::glacier(config, Some(region));
    let c = &client;
    let listed = all_pages!(
        calls,
        Key::new("Glacier", "ListVaults", region),
        glacier::list_vaults,
        c,
        list_vaults,
        account_id(OWN_ACCOUNT)
    );
    let Some(pages) = listed.await else { return };
    let vaults = pages
        .iter()
        .flat_map(|page| page.vault_list())
        .filter_map(|vault| Some((vault.vault_arn()?, vault.vault_name()?)));
    futures::future::join_all(vaults.map(|(arn, name)| {
        one_page!(
            calls,
            Key::resource("Glacier", "GetVaultAccessPolicy", region, arn),
            glacier::get_vault_access_policy,
            c,
            get_vault_access_policy,
            account_id(OWN_ACCOUNT),
            vault_name(name)
        )
    }))
    .await;
}

/// The region's event buses, with their policies.
async fn event_buses(config: &SdkConfig, calls: &Calls, region: &str) {
    let client = crate::config::eventbridge(config, Some(region));
    let c = &client;
    calls
        .make(Key::new("EventBridge", "ListEventBuses", region), eventbridge::list_event_buses, || {
            token_pages(|token| c.list_event_buses().set_next_token(token).send(), ListEventBusesOutput::next_token)
        })
        .await;
}

/// The region's secrets, then each one's resource policy.
async fn secrets(config: &SdkConfig, calls: &Calls, region: &str) {
    let client = crate::config::secretsmanager(config, Some(region));
    let c = &client;
    let listed = all_pages!(
        calls,
        Key::new("SecretsManager", "ListSecrets", region),
        secretsmanager::list_secrets,
        c,
        list_secrets
    );
    let Some(pages) = listed.await else { return };
    let arns = pages.iter().flat_map(|page| page.secret_list()).filter_map(|secret| secret.arn());
    futures::future::join_all(arns.map(|arn| {
        one_page!(
            calls,
            Key::resource("SecretsManager", "GetResourcePolicy", region, arn),
            secretsmanager::get_resource_policy,
            c,
            get_resource_policy,
            secret_id(arn)
        )
    }))
    .await;
}

#[cfg(test)]
mod tests {
    use super::queue_arn;

    #[test]
    fn queue_arns_come_from_their_urls() {
        assert_eq!(
            queue_arn("https://sqs.eu-west-1.amazonaws.com/123456789012/orders", "eu-west-1", "aws").as_deref(),
            Some("arn:aws:sqs:eu-west-1:123456789012:orders")
        );
        assert_eq!(
            queue_arn("http://127.0.0.1:5000/123456789012/jobs.fifo", "us-east-1", "aws").as_deref(),
            Some("arn:aws:sqs:us-east-1:123456789012:jobs.fifo")
        );
        assert_eq!(queue_arn("https://example.com/not-a-queue", "us-east-1", "aws"), None);
    }
}
