//! CloudWatch Logs, CloudWatch and SNS: what the CIS metric-filter-and-alarm controls follow
//! from a trail's log group to a subscribed topic.

use aws_config::SdkConfig;

use super::{all_pages, one_page};
use crate::call::{Calls, Key};
use crate::generated::{cloudwatch, cloudwatchlogs, sns};

pub async fn collect(config: &SdkConfig, calls: &Calls, region: &str) {
    let logs = crate::config::cloudwatchlogs(config, Some(region));
    let alarms = crate::config::cloudwatch(config, Some(region));
    let topics = crate::config::sns(config, Some(region));
    let (l, a, t) = (&logs, &alarms, &topics);
    tokio::join!(
        all_pages!(
            calls,
            Key::new("CloudWatchLogs", "DescribeLogGroups", region),
            cloudwatchlogs::describe_log_groups,
            l,
            describe_log_groups
        ),
        all_pages!(
            calls,
            Key::new("CloudWatchLogs", "DescribeMetricFilters", region),
            cloudwatchlogs::describe_metric_filters,
            l,
            describe_metric_filters
        ),
        all_pages!(
            calls,
            Key::new("CloudWatch", "DescribeAlarms", region),
            cloudwatch::describe_alarms,
            a,
            describe_alarms
        ),
        topic_attributes(calls, t, region),
        all_pages!(calls, Key::new("SNS", "ListSubscriptions", region), sns::list_subscriptions, t, list_subscriptions),
    );
}

/// The region's topics, then each one's attributes (its policy and subscription counts).
async fn topic_attributes(calls: &Calls, client: &aws_sdk_sns::Client, region: &str) {
    let listed = all_pages!(calls, Key::new("SNS", "ListTopics", region), sns::list_topics, client, list_topics);
    let Some(pages) = listed.await else { return };
    let arns = pages.iter().flat_map(|page| page.topics()).filter_map(|topic| topic.topic_arn());
    futures::future::join_all(arns.map(|arn| {
        one_page!(
            calls,
            Key::resource("SNS", "GetTopicAttributes", region, arn),
            sns::get_topic_attributes,
            client,
            get_topic_attributes,
            topic_arn(arn)
        )
    }))
    .await;
}
