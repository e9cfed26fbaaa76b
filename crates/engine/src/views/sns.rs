//! SNS: the topics and subscriptions of each region, and each topic's attributes (keyed by its
//! TopicArn, in the topic's region).

use serde::Deserialize;

use crate::check::Call;

pub const LIST_TOPICS: Call<ListTopics> = Call::new("SNS", "ListTopics");
/// Per topic, keyed by TopicArn.
pub const GET_TOPIC_ATTRIBUTES: Call<GetTopicAttributes> = Call::new("SNS", "GetTopicAttributes");
/// The account's subscriptions in the region (ListSubscriptions: the requester's own).
pub const LIST_SUBSCRIPTIONS: Call<ListSubscriptions> = Call::new("SNS", "ListSubscriptions");

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListTopics {
    #[serde(default)]
    pub topics: Box<[Topic]>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Topic {
    pub topic_arn: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetTopicAttributes {
    pub attributes: TopicAttributes,
}

/// SNS returns every attribute as a string.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TopicAttributes {
    /// The topic's access policy, a JSON document as text.
    #[serde(default)]
    pub policy: Option<String>,
    #[serde(default)]
    pub subscriptions_confirmed: Option<String>,
}

impl TopicAttributes {
    /// The confirmed subscriptions the topic counts, when the attribute is a number.
    pub fn confirmed(&self) -> Option<u64> {
        self.subscriptions_confirmed.as_deref().and_then(|count| count.trim().parse().ok())
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListSubscriptions {
    #[serde(default)]
    pub subscriptions: Box<[Subscription]>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Subscription {
    /// The subscription's ARN once confirmed; `PendingConfirmation` until then (and `Deleted`
    /// for one being removed).
    pub subscription_arn: String,
    pub topic_arn: String,
}

impl Subscription {
    /// Whether the subscription is confirmed: its SubscriptionArn is an ARN.
    pub fn is_confirmed(&self) -> bool {
        self.subscription_arn.starts_with("arn:")
    }
}
