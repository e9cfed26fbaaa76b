//! SQS: the queues of each region (ListQueues), and each queue's attributes (GetQueueAttributes
//! with `AttributeNames All`), keyed by the queue's ARN, `arn:aws:sqs:REGION:ACCOUNT:NAME`.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::check::Call;

pub const LIST_QUEUES: Call<ListQueues> = Call::new("SQS", "ListQueues");
/// Per queue, keyed by its ARN (see [`queue_arn`]).
pub const GET_QUEUE_ATTRIBUTES: Call<GetQueueAttributes> = Call::new("SQS", "GetQueueAttributes");

/// A region without queues answers with no `QueueUrls` member at all.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListQueues {
    #[serde(default)]
    pub queue_urls: Box<[String]>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetQueueAttributes {
    /// SQS returns every attribute as a string.
    #[serde(default)]
    pub attributes: BTreeMap<String, String>,
}

impl GetQueueAttributes {
    /// The queue's access policy, a JSON document as text; absent when the queue has none.
    pub fn policy(&self) -> Option<&str> {
        self.attributes.get("Policy").map(String::as_str).filter(|policy| !policy.trim().is_empty())
    }

    /// The KMS key of SSE-KMS (a key id, key ARN, alias name or alias ARN).
    pub fn kms_master_key_id(&self) -> Option<&str> {
        self.attributes.get("KmsMasterKeyId").map(String::as_str).filter(|key| !key.trim().is_empty())
    }

    /// `SqsManagedSseEnabled`, when SQS reports it: SSE-SQS, encryption with keys SQS owns.
    pub fn sqs_managed_sse(&self) -> Option<bool> {
        self.attributes.get("SqsManagedSseEnabled").map(|value| value.eq_ignore_ascii_case("true"))
    }
}

/// The queue a URL names, `https://sqs.REGION.amazonaws.com/ACCOUNT/NAME` (or the legacy
/// `https://REGION.queue.amazonaws.com/ACCOUNT/NAME`): its account and name.
pub fn queue_url_parts(url: &str) -> Option<(&str, &str)> {
    let path = url.split_once("://").map_or(url, |(_, rest)| rest);
    let mut parts = path.trim_end_matches('/').rsplitn(3, '/');
    let name = parts.next().filter(|name| !name.is_empty())?;
    let account = parts.next().filter(|account| !account.is_empty())?;
    parts.next()?;
    Some((account, name))
}

/// The ARN the collector keys a queue's per-queue calls by: `arn:PARTITION:sqs:REGION:ACCOUNT:NAME`.
pub fn queue_arn(partition: &str, region: &str, url: &str) -> Option<String> {
    let (account, name) = queue_url_parts(url)?;
    Some(format!("arn:{partition}:sqs:{region}:{account}:{name}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queue_arns_from_urls() {
        assert_eq!(
            queue_arn("aws", "eu-west-1", "https://sqs.eu-west-1.amazonaws.com/123456789012/orders.fifo"),
            Some("arn:aws:sqs:eu-west-1:123456789012:orders.fifo".to_owned())
        );
        assert_eq!(
            queue_url_parts("https://eu-west-1.queue.amazonaws.com/123456789012/jobs/"),
            Some(("123456789012", "jobs"))
        );
        assert_eq!(queue_url_parts("jobs"), None);
        assert_eq!(queue_url_parts("https://sqs.eu-west-1.amazonaws.com/"), None);
    }
}
