//! The CIS 5.1–5.15 chain, from a trail to a person: a control holds for the account when
//!
//! 1. a multi-region trail that is logging and records all read and write management events
//!    (`analysis::trails`) delivers to a CloudWatch Logs log group of the account;
//! 2. that log group has a metric filter whose pattern counts at least the control's events
//!    (`analysis::metric_filters`);
//! 3. a CloudWatch alarm in the log group's region watches one of the filter's metrics: the
//!    same metric name and namespace, and no dimensions (a filter publishing its metric without
//!    dimensions has no series with them; one publishing with dimensions has no series an
//!    alarm without them sees, and an alarm on one dimension value sees only part of the
//!    events, so such filters do not count). Metric-math alarms (no `MetricName`) are not
//!    followed. The alarm's statistic, period and threshold are not judged: the benchmark's
//!    audit does not check them and how many events should raise an alarm is the account's
//!    call (its remediation suggests Sum ≥ 1 over 5 minutes);
//! 4. the alarm's actions are enabled (with `ActionsEnabled` false it changes state and
//!    notifies no one) and one of its `AlarmActions` is an SNS topic
//! 5. with at least one confirmed subscription.
//!
//! **Confirmed subscriptions.** The benchmark's audit lists the topic's subscriptions and wants
//! one whose SubscriptionArn is an ARN (a pending one reads `PendingConfirmation`). The
//! snapshot's ListSubscriptions holds the account's own subscriptions (the requester's, per the
//! SNS API reference), so a subscriber another account created (a central security queue) is
//! not in it; the topic's `SubscriptionsConfirmed` attribute counts every confirmed
//! subscription. A topic passes when either shows one, and fails only when both show none.
//! (moto confirms subscriptions at once and leaves the counter at 0; the list decides there.)
//!
//! The chain is judged for the account as a whole: one complete chain is enough, whatever the
//! other trails do. Without one, data that could not be read on some trail's way makes the
//! answer UNKNOWN; otherwise it is FAIL, naming for each trail the first link that is missing.

use crate::analysis::metric_filters::{Control, filter_covers};
use crate::analysis::trails::{self, AccountTrails};
use crate::context::{Context, Unknown};
use crate::views::cloudtrail::Trail;
use crate::views::monitoring::{
    DESCRIBE_ALARMS, DESCRIBE_METRIC_FILTERS, MetricAlarm, MetricFilter, MetricTransformation,
};
use crate::views::sns::{GET_TOPIC_ATTRIBUTES, LIST_SUBSCRIPTIONS, LIST_TOPICS, Subscription};

/// The verdict on one control for the account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Chain {
    /// A complete chain, described.
    Complete(String),
    /// Why no chain is complete, per trail.
    Broken(String),
    /// Why it cannot be told.
    Unknown(Unknown),
}

/// What was found on each trail's way.
#[derive(Default)]
struct Findings {
    broken: Vec<String>,
    unknown: Vec<String>,
}

/// Judges `control` for the account (every check calling this declares DescribeTrails,
/// GetTrailStatus, GetEventSelectors, DescribeMetricFilters, DescribeAlarms, ListTopics,
/// ListSubscriptions and GetTopicAttributes).
pub fn judge(ctx: &Context, account: &AccountTrails, control: &Control) -> Chain {
    let mut found = Findings::default();
    let listed = ctx.regions().iter().any(|region| account.listed(region));
    if !listed {
        let reasons: Vec<String> = account.failed().map(|(_, reason)| reason.to_string()).collect();
        return Chain::Unknown(Unknown::new(format!("no trail listing could be read: {}", reasons.join("; "))));
    }
    let multi_region: Vec<&Trail> = account.trails.iter().filter(|trail| trail.is_multi_region_trail).collect();
    if multi_region.is_empty() {
        let single: Vec<String> = account
            .trails
            .iter()
            .map(|trail| format!("{} ({})", trails::describe(ctx, trail), trail.home_region))
            .collect();
        return Chain::Broken(match single.as_slice() {
            [] => "the account has no CloudTrail trail".to_owned(),
            [one] => format!("no CloudTrail trail is multi-region: {one} records its region only"),
            _ => format!("no CloudTrail trail is multi-region: {} each record their region only", single.join(", ")),
        });
    }
    for trail in multi_region {
        match trail_chain(ctx, trail, control, &mut found) {
            Some(complete) => return Chain::Complete(complete),
            None => continue,
        }
    }
    if !found.unknown.is_empty() {
        return Chain::Unknown(Unknown::new(found.unknown.join("; ")));
    }
    Chain::Broken(found.broken.join("; "))
}

/// The chain through one trail: `Some` when complete; otherwise what is missing or unknown is
/// added to `found`.
fn trail_chain(ctx: &Context, trail: &Trail, control: &Control, found: &mut Findings) -> Option<String> {
    let name = trails::describe(ctx, trail);
    match trails::is_logging(ctx, trail) {
        Ok(true) => {}
        Ok(false) => {
            found.broken.push(format!("{name} is not logging"));
            return None;
        }
        Err(reason) => {
            found.unknown.push(reason.to_string());
            return None;
        }
    }
    match trails::events(ctx, trail) {
        Ok(coverage) if coverage.management.all() => {}
        Ok(coverage) => {
            found.broken.push(format!("{name} records {}", coverage.management.describe()));
            return None;
        }
        Err(reason) => {
            found.unknown.push(reason.to_string());
            return None;
        }
    }
    let Some(arn) = trail.cloud_watch_logs_log_group_arn.as_deref().filter(|arn| !arn.is_empty()) else {
        found.broken.push(format!("{name} delivers to no CloudWatch Logs log group"));
        return None;
    };
    let (Some(group), Some(region)) = (trails::log_group_name(arn), trails::log_group_region(arn)) else {
        found.unknown.push(format!("{name} delivers to {arn}, which is not a log group ARN"));
        return None;
    };
    let owner = arn.split(':').nth(4).unwrap_or_default();
    if owner != ctx.account_id() {
        found.unknown.push(format!(
            "{name} delivers to log group {group} of account {owner}, whose metric filters this account's snapshot does not hold"
        ));
        return None;
    }
    if !ctx.regions().iter().any(|known| known == region) {
        found.unknown.push(format!("{name} delivers to log group {group} in {region}, a region not collected"));
        return None;
    }
    let place = format!("{name} delivers to log group {group} ({region})");
    group_chain(ctx, region, group, control, &place, found)
}

fn group_chain(
    ctx: &Context,
    region: &str,
    group: &str,
    control: &Control,
    place: &str,
    found: &mut Findings,
) -> Option<String> {
    let filters = match ctx.read_configured(DESCRIBE_METRIC_FILTERS, region) {
        Ok(filters) => filters,
        Err(reason) => {
            found.unknown.push(format!("{place}: {reason}"));
            return None;
        }
    };
    let own: Vec<&MetricFilter> = filters.metric_filters.iter().filter(|f| f.log_group_name == group).collect();
    let mut matching = Vec::new();
    let mut unreadable = Vec::new();
    for filter in &own {
        match filter_covers(&filter.filter_pattern, control) {
            Ok(true) => matching.push(*filter),
            Ok(false) => {}
            Err(reason) => unreadable.push(format!("{} ({reason})", filter.filter_name)),
        }
    }
    if matching.is_empty() {
        if unreadable.is_empty() {
            let what = if own.is_empty() {
                "has no metric filters".to_owned()
            } else {
                format!("has {} metric filters, none counting {}", own.len(), control.events)
            };
            found.broken.push(format!("{place}, which {what}"));
        } else {
            found.unknown.push(format!(
                "{place}, where no metric filter read counts {} and these could not be read: {}",
                control.events,
                unreadable.join(", ")
            ));
        }
        return None;
    }
    let alarms = match ctx.read_configured(DESCRIBE_ALARMS, region) {
        Ok(alarms) => alarms,
        Err(reason) => {
            found.unknown.push(format!("{place}: {reason}"));
            return None;
        }
    };
    let mut notes = Vec::new();
    let mut unknown = Vec::new();
    for filter in &matching {
        for transformation in filter.metric_transformations.iter() {
            let metric = format!("{}/{}", transformation.metric_namespace, transformation.metric_name);
            let watching = alarms_on(&alarms.metric_alarms, transformation);
            if watching.is_empty() {
                let note = if transformation.has_dimensions() {
                    format!(
                        "filter {} publishes {metric} with dimensions, which no alarm can watch whole",
                        filter.filter_name
                    )
                } else {
                    format!("no alarm watches {metric} of filter {}", filter.filter_name)
                };
                notes.push(note);
                continue;
            }
            for alarm in watching {
                match alarm_notifies(ctx, alarm) {
                    Ok(Ok(topic)) => {
                        return Some(format!(
                            "{place}, whose metric filter {} counts {}; alarm {} on {metric} notifies SNS topic {topic}, which has a confirmed subscription",
                            filter.filter_name, control.events, alarm.alarm_name
                        ));
                    }
                    Ok(Err(missing)) => notes.push(missing),
                    Err(reason) => unknown.push(reason),
                }
            }
        }
    }
    if !unknown.is_empty() {
        found.unknown.push(format!("{place}: {}", unknown.join("; ")));
    } else {
        found.broken.push(format!(
            "{place}, whose metric filter {} counts {}, but {}",
            names(&matching),
            control.events,
            notes.join("; ")
        ));
    }
    None
}

fn names(filters: &[&MetricFilter]) -> String {
    filters.iter().map(|filter| filter.filter_name.as_str()).collect::<Vec<_>>().join(", ")
}

/// The alarms watching a filter's metric: the same name and namespace, no dimensions, and no
/// dimensions on the metric either.
pub fn alarms_on<'a>(alarms: &'a [MetricAlarm], transformation: &MetricTransformation) -> Vec<&'a MetricAlarm> {
    if transformation.has_dimensions() {
        return Vec::new();
    }
    alarms
        .iter()
        .filter(|alarm| {
            alarm.metric_name.as_deref() == Some(transformation.metric_name.as_str())
                && alarm.namespace.as_deref() == Some(transformation.metric_namespace.as_str())
                && alarm.dimensions.is_empty()
        })
        .collect()
}

/// The SNS topics among an alarm's actions.
pub fn sns_topics(alarm: &MetricAlarm) -> impl Iterator<Item = &str> {
    alarm.alarm_actions.iter().map(String::as_str).filter(|action| action.split(':').nth(2) == Some("sns"))
}

/// Whether a subscription list holds a confirmed subscription of `topic`.
pub fn listed_confirmed(subscriptions: &[Subscription], topic: &str) -> bool {
    subscriptions.iter().any(|subscription| subscription.topic_arn == topic && subscription.is_confirmed())
}

/// `Ok(Ok(topic))` when the alarm notifies a topic with a confirmed subscriber, `Ok(Err(why))`
/// when it does not, `Err(why)` when that cannot be told.
fn alarm_notifies(ctx: &Context, alarm: &MetricAlarm) -> Result<Result<String, String>, String> {
    let name = &alarm.alarm_name;
    if !alarm.actions_enabled {
        return Ok(Err(format!("alarm {name} has its actions disabled")));
    }
    let topics: Vec<&str> = sns_topics(alarm).collect();
    if topics.is_empty() {
        return Ok(Err(format!("alarm {name} notifies no SNS topic")));
    }
    let mut missing = Vec::new();
    let mut unknown = Vec::new();
    for topic in topics {
        match subscribed(ctx, topic) {
            Ok(true) => return Ok(Ok(topic.to_owned())),
            Ok(false) => missing.push(topic),
            Err(reason) => unknown.push(reason),
        }
    }
    if !unknown.is_empty() {
        return Err(unknown.join("; "));
    }
    Ok(Err(format!("alarm {name} notifies SNS topic {} without a confirmed subscription", missing.join(", "))))
}

/// Whether `topic` has a confirmed subscription (see the module's docs).
fn subscribed(ctx: &Context, topic: &str) -> Result<bool, String> {
    let fields: Vec<&str> = topic.split(':').collect();
    let (Some(region), Some(owner)) = (fields.get(3), fields.get(4)) else {
        return Err(format!("{topic} is not an SNS topic ARN"));
    };
    if *owner != ctx.account_id() {
        return Err(format!(
            "SNS topic {topic} belongs to account {owner}, whose subscriptions the snapshot does not hold"
        ));
    }
    if !ctx.regions().iter().any(|known| known == region) {
        return Err(format!("SNS topic {topic} is in {region}, a region not collected"));
    }
    let topics = ctx.read_configured(LIST_TOPICS, region).map_err(|reason| reason.to_string())?;
    if !topics.topics.iter().any(|listed| listed.topic_arn == topic) {
        return Ok(false);
    }
    let subscriptions = ctx.read_configured(LIST_SUBSCRIPTIONS, region).map_err(|reason| reason.to_string())?;
    if listed_confirmed(&subscriptions.subscriptions, topic) {
        return Ok(true);
    }
    match ctx.read_resource(GET_TOPIC_ATTRIBUTES, topic).1 {
        Ok(Some(attributes)) => match attributes.attributes.confirmed() {
            Some(count) => Ok(count > 0),
            None => Err(format!("{} of {topic} gave no SubscriptionsConfirmed count", GET_TOPIC_ATTRIBUTES.id)),
        },
        Ok(None) => Err(crate::context::not_configured(GET_TOPIC_ATTRIBUTES.id).to_string()),
        Err(reason) => Err(reason.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::views::monitoring::DescribeAlarms;
    use crate::views::sns::ListSubscriptions;
    use serde_json::json;

    fn alarms(value: serde_json::Value) -> DescribeAlarms {
        serde_json::from_value(value).unwrap()
    }

    fn transformation(value: serde_json::Value) -> MetricTransformation {
        serde_json::from_value(value).unwrap()
    }

    #[test]
    fn an_alarm_watches_a_metric_by_name_and_namespace_without_dimensions() {
        let data = alarms(json!({"MetricAlarms": [
            {"AlarmName": "same", "ActionsEnabled": true, "MetricName": "m", "Namespace": "CIS", "AlarmActions": []},
            {"AlarmName": "other-namespace", "ActionsEnabled": true, "MetricName": "m", "Namespace": "Other"},
            {"AlarmName": "other-name", "ActionsEnabled": true, "MetricName": "n", "Namespace": "CIS"},
            {"AlarmName": "one-dimension", "ActionsEnabled": true, "MetricName": "m", "Namespace": "CIS", "Dimensions": [{"Name": "user", "Value": "x"}]},
            {"AlarmName": "metric-math", "ActionsEnabled": true, "Metrics": [{"Id": "e1", "Expression": "m1 * 2"}]}
        ]}));
        let plain = transformation(json!({"metricName": "m", "metricNamespace": "CIS", "metricValue": "1"}));
        let names: Vec<&str> = alarms_on(&data.metric_alarms, &plain).iter().map(|a| a.alarm_name.as_str()).collect();
        assert_eq!(names, ["same"]);
        let with_dimensions = transformation(
            json!({"metricName": "m", "metricNamespace": "CIS", "metricValue": "1", "dimensions": {"user": "$.userIdentity.arn"}}),
        );
        assert!(alarms_on(&data.metric_alarms, &with_dimensions).is_empty());
        let empty_dimensions =
            transformation(json!({"metricName": "m", "metricNamespace": "CIS", "metricValue": "1", "dimensions": {}}));
        assert_eq!(alarms_on(&data.metric_alarms, &empty_dimensions).len(), 1);
    }

    #[test]
    fn only_sns_actions_are_topics() {
        let data = alarms(json!({"MetricAlarms": [{"AlarmName": "a", "ActionsEnabled": true, "AlarmActions": [
            "arn:aws:sns:us-east-1:123456789012:alerts",
            "arn:aws:autoscaling:us-east-1:123456789012:scalingPolicy:x",
            "arn:aws:swf:us-east-1:123456789012:action/actions/AWS_EC2.InstanceId.Stop/1.0"
        ]}]}));
        let alarm = &data.metric_alarms[0];
        assert_eq!(sns_topics(alarm).collect::<Vec<_>>(), ["arn:aws:sns:us-east-1:123456789012:alerts"]);
    }

    #[test]
    fn a_pending_subscription_is_not_confirmed() {
        let topic = "arn:aws:sns:us-east-1:123456789012:alerts";
        let list: ListSubscriptions = serde_json::from_value(json!({"Subscriptions": [
            {"SubscriptionArn": "PendingConfirmation", "TopicArn": topic, "Protocol": "email"},
            {"SubscriptionArn": "arn:aws:sns:us-east-1:123456789012:other:1", "TopicArn": "arn:aws:sns:us-east-1:123456789012:other"},
            {"SubscriptionArn": "Deleted", "TopicArn": topic}
        ]}))
        .unwrap();
        assert!(!listed_confirmed(&list.subscriptions, topic));
        assert!(listed_confirmed(&list.subscriptions, "arn:aws:sns:us-east-1:123456789012:other"));
    }
}
