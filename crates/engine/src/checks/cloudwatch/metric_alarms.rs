//! The CIS 5.1–5.15 monitoring controls: for each, a metric filter on an active multi-region
//! trail's log group counts the control's events, and an alarm on its metric notifies someone.
//! One check per control over one logic (`analysis::alarm_chain`, `analysis::metric_filters`),
//! with shared fixtures (`fixtures/families/metric_alarms/`).

use stance_snapshot::GLOBAL_REGION;

use super::CATEGORY;

use crate::analysis::alarm_chain::{Chain, judge as chain};
use crate::analysis::metric_filters::{self, Control};
use crate::analysis::trails::AccountTrails;
use crate::check::{Family, declare_family};
use crate::context::{Context, Findings, Unknown};
use crate::views::cloudtrail::{DESCRIBE_TRAILS, GET_EVENT_SELECTORS, GET_TRAIL_STATUS};
use crate::views::monitoring::{DESCRIBE_ALARMS, DESCRIBE_METRIC_FILTERS};
use crate::views::sns::{GET_TOPIC_ATTRIBUTES, LIST_SUBSCRIPTIONS, LIST_TOPICS};

static FAMILY: Family = Family {
    name: "metric_alarms",
    docs: "One result for the account, as the benchmark judges it: OK when some chain is complete, \
           FAIL naming, for each multi-region trail, the first missing link (not logging, not recording all \
           read and write management events, no log group, no metric filter counting the events, no alarm on \
           the filter's metric, an alarm with its actions disabled or without an SNS topic, a topic without a \
           confirmed subscription), and UNKNOWN when some link could not be read and no chain is complete. \
           A filter counts when its pattern selects at least every event the benchmark's pattern selects: \
           whitespace, quoting and the order of terms do not matter, a broader pattern passes and a narrower \
           one fails (CloudSploit compares the text exactly, Prowler with a regex of its terms). Where the \
           CloudWatch Logs documentation leaves the meaning open (`&&` and `||` mixed without parentheses, \
           `!=` on an absent property), the filter must count the events under every reading. The alarm must \
           watch the filter's metric by name and namespace, without dimensions, in the log group's region; \
           its statistic and threshold are not judged, as the benchmark's audit does not judge them. A topic \
           has a confirmed subscription when ListSubscriptions shows one whose SubscriptionArn is an ARN (not \
           PendingConfirmation), or its SubscriptionsConfirmed attribute counts one (subscriptions made by \
           other accounts are not in the account's own list). A log group or topic of another account \
           (an organization trail seen from a member account) cannot be followed, and is UNKNOWN.",
};

/// Reports the chain of `control` for the account.
fn judge(ctx: &Context, findings: &mut Findings, control: &&'static Control) {
    let trails = AccountTrails::load(ctx);
    let subject = format!("CIS {} ({})", control.cis, control.events);
    let account = ctx.account_arn();
    match chain(ctx, &trails, control) {
        Chain::Complete(how) => findings.ok(account, GLOBAL_REGION, format!("{subject} is monitored: {how}")),
        Chain::Broken(why) => findings.fail(account, GLOBAL_REGION, format!("{subject} is not monitored: {why}")),
        Chain::Unknown(reason) => findings.unknown(
            account,
            GLOBAL_REGION,
            &Unknown::new(format!("Whether {subject} is monitored cannot be told: {reason}")),
        ),
    }
}

declare_family! {
    family: FAMILY,
    reads: [
        DESCRIBE_TRAILS,
        GET_TRAIL_STATUS,
        GET_EVENT_SELECTORS,
        DESCRIBE_METRIC_FILTERS,
        DESCRIBE_ALARMS,
        LIST_TOPICS,
        LIST_SUBSCRIPTIONS,
        GET_TOPIC_ATTRIBUTES,
    ],
    settings: [],
    run: judge,
    param: &'static Control,
    members: {
        /// Ensures CIS 5.1 holds: the account's CloudTrail events are watched for unauthorized API calls: errors `*UnauthorizedOperation` and `AccessDenied*`, other than those of CloudWatch Logs delivery (`delivery.logs.amazonaws.com`) and of `HeadBucket`, which v7.0.0 leaves out. A filter without the two exclusions (the benchmark's older text, and CloudSploit's) counts more and passes.
        ///
        /// ## Remediation
        /// On the log group of an active multi-region trail, create a metric filter counting these events
        /// (`aws logs put-metric-filter --log-group-name <trail-log-group> --filter-name <name>
        /// --metric-transformations metricName=<name>,metricNamespace=CISBenchmark,metricValue=1
        /// --filter-pattern '<pattern>'`, the pattern as the benchmark gives it), an alarm on its metric
        /// (`aws cloudwatch put-metric-alarm --metric-name <name> --namespace CISBenchmark --statistic Sum
        /// --period 300 --threshold 1 --comparison-operator GreaterThanOrEqualToThreshold
        /// --evaluation-periods 1 --alarm-actions <topic-arn>`), and an SNS topic with a confirmed
        /// subscription (`aws sns subscribe`, then confirm it).
        pub(crate) mod unauthorized_api_calls_metric_alarm(&metric_filters::UNAUTHORIZED_API_CALLS) {
            id: "unauthorizedApiCallsMetricAlarm",
            title: "Unauthorized API Calls Metric Alarm",
            severity: Medium,
            aliases: [
                ("cloudwatch_log_metric_filter_unauthorized_api_calls", Differently("Prowler accepts any trail with a log group (logging or not, multi-region or not), matches the filter's text with a regex of its terms (so `&&` in place of `||` and added narrowing pass), and passes on any alarm with the metric's name and namespace without looking at its actions or subscribers; stance requires the benchmark's chain: an active multi-region trail recording all management events, a filter that counts the events by meaning, and an enabled alarm notifying an SNS topic with a confirmed subscription; Prowler's regex needs the two error codes in that order")),
            ],
        }
        /// Ensures CIS 5.2 holds: the account's CloudTrail events are watched for console sign-ins without MFA: `ConsoleLogin` events whose `additionalEventData.MFAUsed` is not `Yes`. The benchmark gives a basic form and one that also requires `userIdentity.type` IAMUser and a successful sign-in; both pass, since the basic form counts more.
        ///
        /// ## Remediation
        /// On the log group of an active multi-region trail, create a metric filter counting these events
        /// (`aws logs put-metric-filter --log-group-name <trail-log-group> --filter-name <name>
        /// --metric-transformations metricName=<name>,metricNamespace=CISBenchmark,metricValue=1
        /// --filter-pattern '<pattern>'`, the pattern as the benchmark gives it), an alarm on its metric
        /// (`aws cloudwatch put-metric-alarm --metric-name <name> --namespace CISBenchmark --statistic Sum
        /// --period 300 --threshold 1 --comparison-operator GreaterThanOrEqualToThreshold
        /// --evaluation-periods 1 --alarm-actions <topic-arn>`), and an SNS topic with a confirmed
        /// subscription (`aws sns subscribe`, then confirm it).
        pub(crate) mod console_sign_in_without_mfa_metric_alarm(&metric_filters::CONSOLE_SIGN_IN_WITHOUT_MFA) {
            id: "consoleSignInWithoutMfaMetricAlarm",
            title: "Console Sign In Without MFA Metric Alarm",
            severity: Medium,
            aliases: [
                ("cloudwatch_log_metric_filter_sign_in_without_mfa", Differently("Prowler accepts any trail with a log group (logging or not, multi-region or not), matches the filter's text with a regex of its terms (so `&&` in place of `||` and added narrowing pass), and passes on any alarm with the metric's name and namespace without looking at its actions or subscribers; stance requires the benchmark's chain: an active multi-region trail recording all management events, a filter that counts the events by meaning, and an enabled alarm notifying an SNS topic with a confirmed subscription")),
            ],
        }
        /// Ensures CIS 5.3 holds: the account's CloudTrail events are watched for root user activity: events of `userIdentity.type` Root not invoked by a service (`invokedBy` NOT EXISTS) and not `AwsServiceEvent`s; quoted (`"Root"`) and bare (`Root`) values are the same.
        ///
        /// ## Remediation
        /// On the log group of an active multi-region trail, create a metric filter counting these events
        /// (`aws logs put-metric-filter --log-group-name <trail-log-group> --filter-name <name>
        /// --metric-transformations metricName=<name>,metricNamespace=CISBenchmark,metricValue=1
        /// --filter-pattern '<pattern>'`, the pattern as the benchmark gives it), an alarm on its metric
        /// (`aws cloudwatch put-metric-alarm --metric-name <name> --namespace CISBenchmark --statistic Sum
        /// --period 300 --threshold 1 --comparison-operator GreaterThanOrEqualToThreshold
        /// --evaluation-periods 1 --alarm-actions <topic-arn>`), and an SNS topic with a confirmed
        /// subscription (`aws sns subscribe`, then confirm it).
        pub(crate) mod root_usage_metric_alarm(&metric_filters::ROOT_USAGE) {
            id: "rootUsageMetricAlarm",
            title: "Root Usage Metric Alarm",
            severity: Medium,
            aliases: [
                ("cloudwatch_log_metric_filter_root_usage", Differently("Prowler accepts any trail with a log group (logging or not, multi-region or not), matches the filter's text with a regex of its terms (so `&&` in place of `||` and added narrowing pass), and passes on any alarm with the metric's name and namespace without looking at its actions or subscribers; stance requires the benchmark's chain: an active multi-region trail recording all management events, a filter that counts the events by meaning, and an enabled alarm notifying an SNS topic with a confirmed subscription; Prowler's regex needs the three terms in the benchmark's order")),
            ],
        }
        /// Ensures CIS 5.4 holds: the account's CloudTrail events are watched for IAM policy changes: the 16 events that create, delete, put, attach and detach IAM policies. The benchmark's remediation adds `$.eventSource = iam.amazonaws.com` to its audit's list; either form passes.
        ///
        /// ## Remediation
        /// On the log group of an active multi-region trail, create a metric filter counting these events
        /// (`aws logs put-metric-filter --log-group-name <trail-log-group> --filter-name <name>
        /// --metric-transformations metricName=<name>,metricNamespace=CISBenchmark,metricValue=1
        /// --filter-pattern '<pattern>'`, the pattern as the benchmark gives it), an alarm on its metric
        /// (`aws cloudwatch put-metric-alarm --metric-name <name> --namespace CISBenchmark --statistic Sum
        /// --period 300 --threshold 1 --comparison-operator GreaterThanOrEqualToThreshold
        /// --evaluation-periods 1 --alarm-actions <topic-arn>`), and an SNS topic with a confirmed
        /// subscription (`aws sns subscribe`, then confirm it).
        pub(crate) mod iam_policy_changes_metric_alarm(&metric_filters::IAM_POLICY_CHANGES) {
            id: "iamPolicyChangesMetricAlarm",
            title: "IAM Policy Changes Metric Alarm",
            severity: Medium,
            aliases: [
                ("cloudwatch_log_metric_filter_policy_changes", Differently("Prowler accepts any trail with a log group (logging or not, multi-region or not), matches the filter's text with a regex of its terms (so `&&` in place of `||` and added narrowing pass), and passes on any alarm with the metric's name and namespace without looking at its actions or subscribers; stance requires the benchmark's chain: an active multi-region trail recording all management events, a filter that counts the events by meaning, and an enabled alarm notifying an SNS topic with a confirmed subscription")),
            ],
        }
        /// Ensures CIS 5.5 holds: the account's CloudTrail events are watched for CloudTrail configuration changes: CreateTrail, UpdateTrail, DeleteTrail, StartLogging and StopLogging.
        ///
        /// ## Remediation
        /// On the log group of an active multi-region trail, create a metric filter counting these events
        /// (`aws logs put-metric-filter --log-group-name <trail-log-group> --filter-name <name>
        /// --metric-transformations metricName=<name>,metricNamespace=CISBenchmark,metricValue=1
        /// --filter-pattern '<pattern>'`, the pattern as the benchmark gives it), an alarm on its metric
        /// (`aws cloudwatch put-metric-alarm --metric-name <name> --namespace CISBenchmark --statistic Sum
        /// --period 300 --threshold 1 --comparison-operator GreaterThanOrEqualToThreshold
        /// --evaluation-periods 1 --alarm-actions <topic-arn>`), and an SNS topic with a confirmed
        /// subscription (`aws sns subscribe`, then confirm it).
        pub(crate) mod cloudtrail_config_changes_metric_alarm(&metric_filters::CLOUDTRAIL_CONFIG_CHANGES) {
            id: "cloudtrailConfigChangesMetricAlarm",
            title: "CloudTrail Configuration Changes Metric Alarm",
            severity: Medium,
            aliases: [
                ("cloudwatch_log_metric_filter_and_alarm_for_cloudtrail_configuration_changes_enabled", Differently("Prowler accepts any trail with a log group (logging or not, multi-region or not), matches the filter's text with a regex of its terms (so `&&` in place of `||` and added narrowing pass), and passes on any alarm with the metric's name and namespace without looking at its actions or subscribers; stance requires the benchmark's chain: an active multi-region trail recording all management events, a filter that counts the events by meaning, and an enabled alarm notifying an SNS topic with a confirmed subscription")),
            ],
        }
        /// Ensures CIS 5.6 holds: the account's CloudTrail events are watched for failed console authentications: `ConsoleLogin` events with the error message `Failed authentication`.
        ///
        /// ## Remediation
        /// On the log group of an active multi-region trail, create a metric filter counting these events
        /// (`aws logs put-metric-filter --log-group-name <trail-log-group> --filter-name <name>
        /// --metric-transformations metricName=<name>,metricNamespace=CISBenchmark,metricValue=1
        /// --filter-pattern '<pattern>'`, the pattern as the benchmark gives it), an alarm on its metric
        /// (`aws cloudwatch put-metric-alarm --metric-name <name> --namespace CISBenchmark --statistic Sum
        /// --period 300 --threshold 1 --comparison-operator GreaterThanOrEqualToThreshold
        /// --evaluation-periods 1 --alarm-actions <topic-arn>`), and an SNS topic with a confirmed
        /// subscription (`aws sns subscribe`, then confirm it).
        pub(crate) mod console_auth_failures_metric_alarm(&metric_filters::CONSOLE_AUTH_FAILURES) {
            id: "consoleAuthFailuresMetricAlarm",
            title: "Console Authentication Failures Metric Alarm",
            severity: Medium,
            aliases: [
                ("cloudwatch_log_metric_filter_authentication_failures", Differently("Prowler accepts any trail with a log group (logging or not, multi-region or not), matches the filter's text with a regex of its terms (so `&&` in place of `||` and added narrowing pass), and passes on any alarm with the metric's name and namespace without looking at its actions or subscribers; stance requires the benchmark's chain: an active multi-region trail recording all management events, a filter that counts the events by meaning, and an enabled alarm notifying an SNS topic with a confirmed subscription")),
            ],
        }
        /// Ensures CIS 5.7 holds: the account's CloudTrail events are watched for customer managed KMS keys disabled or scheduled for deletion: DisableKey and ScheduleKeyDeletion from `kms.amazonaws.com`. A trail whose selectors leave out KMS management events does not count, as it records none of them.
        ///
        /// ## Remediation
        /// On the log group of an active multi-region trail, create a metric filter counting these events
        /// (`aws logs put-metric-filter --log-group-name <trail-log-group> --filter-name <name>
        /// --metric-transformations metricName=<name>,metricNamespace=CISBenchmark,metricValue=1
        /// --filter-pattern '<pattern>'`, the pattern as the benchmark gives it), an alarm on its metric
        /// (`aws cloudwatch put-metric-alarm --metric-name <name> --namespace CISBenchmark --statistic Sum
        /// --period 300 --threshold 1 --comparison-operator GreaterThanOrEqualToThreshold
        /// --evaluation-periods 1 --alarm-actions <topic-arn>`), and an SNS topic with a confirmed
        /// subscription (`aws sns subscribe`, then confirm it).
        pub(crate) mod kms_key_disable_deletion_metric_alarm(&metric_filters::KMS_KEY_DISABLE_DELETION) {
            id: "kmsKeyDisableDeletionMetricAlarm",
            title: "KMS Key Disable Or Deletion Metric Alarm",
            severity: Medium,
            aliases: [
                ("cloudwatch_log_metric_filter_disable_or_scheduled_deletion_of_kms_cmk", Differently("Prowler accepts any trail with a log group (logging or not, multi-region or not), matches the filter's text with a regex of its terms (so `&&` in place of `||` and added narrowing pass), and passes on any alarm with the metric's name and namespace without looking at its actions or subscribers; stance requires the benchmark's chain: an active multi-region trail recording all management events, a filter that counts the events by meaning, and an enabled alarm notifying an SNS topic with a confirmed subscription")),
            ],
        }
        /// Ensures CIS 5.8 holds: the account's CloudTrail events are watched for S3 bucket policy changes: the 9 events from `s3.amazonaws.com` that put or delete a bucket's ACL, policy, CORS, lifecycle or replication configuration.
        ///
        /// ## Remediation
        /// On the log group of an active multi-region trail, create a metric filter counting these events
        /// (`aws logs put-metric-filter --log-group-name <trail-log-group> --filter-name <name>
        /// --metric-transformations metricName=<name>,metricNamespace=CISBenchmark,metricValue=1
        /// --filter-pattern '<pattern>'`, the pattern as the benchmark gives it), an alarm on its metric
        /// (`aws cloudwatch put-metric-alarm --metric-name <name> --namespace CISBenchmark --statistic Sum
        /// --period 300 --threshold 1 --comparison-operator GreaterThanOrEqualToThreshold
        /// --evaluation-periods 1 --alarm-actions <topic-arn>`), and an SNS topic with a confirmed
        /// subscription (`aws sns subscribe`, then confirm it).
        pub(crate) mod s3_bucket_policy_changes_metric_alarm(&metric_filters::S3_BUCKET_POLICY_CHANGES) {
            id: "s3BucketPolicyChangesMetricAlarm",
            title: "S3 Bucket Policy Changes Metric Alarm",
            severity: Medium,
            aliases: [
                ("cloudwatch_log_metric_filter_for_s3_bucket_policy_changes", Differently("Prowler accepts any trail with a log group (logging or not, multi-region or not), matches the filter's text with a regex of its terms (so `&&` in place of `||` and added narrowing pass), and passes on any alarm with the metric's name and namespace without looking at its actions or subscribers; stance requires the benchmark's chain: an active multi-region trail recording all management events, a filter that counts the events by meaning, and an enabled alarm notifying an SNS topic with a confirmed subscription")),
            ],
        }
        /// Ensures CIS 5.9 holds: the account's CloudTrail events are watched for AWS Config changes: StopConfigurationRecorder, DeleteDeliveryChannel, PutDeliveryChannel and PutConfigurationRecorder from `config.amazonaws.com`.
        ///
        /// ## Remediation
        /// On the log group of an active multi-region trail, create a metric filter counting these events
        /// (`aws logs put-metric-filter --log-group-name <trail-log-group> --filter-name <name>
        /// --metric-transformations metricName=<name>,metricNamespace=CISBenchmark,metricValue=1
        /// --filter-pattern '<pattern>'`, the pattern as the benchmark gives it), an alarm on its metric
        /// (`aws cloudwatch put-metric-alarm --metric-name <name> --namespace CISBenchmark --statistic Sum
        /// --period 300 --threshold 1 --comparison-operator GreaterThanOrEqualToThreshold
        /// --evaluation-periods 1 --alarm-actions <topic-arn>`), and an SNS topic with a confirmed
        /// subscription (`aws sns subscribe`, then confirm it).
        pub(crate) mod config_changes_metric_alarm(&metric_filters::CONFIG_CHANGES) {
            id: "configChangesMetricAlarm",
            title: "AWS Config Changes Metric Alarm",
            severity: Medium,
            aliases: [
                ("cloudwatch_log_metric_filter_and_alarm_for_aws_config_configuration_changes_enabled", Differently("Prowler accepts any trail with a log group (logging or not, multi-region or not), matches the filter's text with a regex of its terms (so `&&` in place of `||` and added narrowing pass), and passes on any alarm with the metric's name and namespace without looking at its actions or subscribers; stance requires the benchmark's chain: an active multi-region trail recording all management events, a filter that counts the events by meaning, and an enabled alarm notifying an SNS topic with a confirmed subscription")),
            ],
        }
        /// Ensures CIS 5.10 holds: the account's CloudTrail events are watched for security group changes: the six classic events (authorize and revoke ingress and egress, create and delete a group) and ModifySecurityGroupRules, which v7.0.0 adds. A filter without ModifySecurityGroupRules misses rule changes made through that API, and fails.
        ///
        /// ## Remediation
        /// On the log group of an active multi-region trail, create a metric filter counting these events
        /// (`aws logs put-metric-filter --log-group-name <trail-log-group> --filter-name <name>
        /// --metric-transformations metricName=<name>,metricNamespace=CISBenchmark,metricValue=1
        /// --filter-pattern '<pattern>'`, the pattern as the benchmark gives it), an alarm on its metric
        /// (`aws cloudwatch put-metric-alarm --metric-name <name> --namespace CISBenchmark --statistic Sum
        /// --period 300 --threshold 1 --comparison-operator GreaterThanOrEqualToThreshold
        /// --evaluation-periods 1 --alarm-actions <topic-arn>`), and an SNS topic with a confirmed
        /// subscription (`aws sns subscribe`, then confirm it).
        pub(crate) mod security_group_changes_metric_alarm(&metric_filters::SECURITY_GROUP_CHANGES) {
            id: "securityGroupChangesMetricAlarm",
            title: "Security Group Changes Metric Alarm",
            severity: Medium,
            aliases: [
                ("cloudwatch_log_metric_filter_security_group_changes", Differently("Prowler accepts any trail with a log group (logging or not, multi-region or not), matches the filter's text with a regex of its terms (so `&&` in place of `||` and added narrowing pass), and passes on any alarm with the metric's name and namespace without looking at its actions or subscribers; stance requires the benchmark's chain: an active multi-region trail recording all management events, a filter that counts the events by meaning, and an enabled alarm notifying an SNS topic with a confirmed subscription; Prowler does not require ModifySecurityGroupRules, which v7.0.0 lists and stance requires")),
            ],
        }
        /// Ensures CIS 5.11 holds: the account's CloudTrail events are watched for network ACL changes: the six events that create, delete or replace network ACLs, their entries and associations.
        ///
        /// ## Remediation
        /// On the log group of an active multi-region trail, create a metric filter counting these events
        /// (`aws logs put-metric-filter --log-group-name <trail-log-group> --filter-name <name>
        /// --metric-transformations metricName=<name>,metricNamespace=CISBenchmark,metricValue=1
        /// --filter-pattern '<pattern>'`, the pattern as the benchmark gives it), an alarm on its metric
        /// (`aws cloudwatch put-metric-alarm --metric-name <name> --namespace CISBenchmark --statistic Sum
        /// --period 300 --threshold 1 --comparison-operator GreaterThanOrEqualToThreshold
        /// --evaluation-periods 1 --alarm-actions <topic-arn>`), and an SNS topic with a confirmed
        /// subscription (`aws sns subscribe`, then confirm it).
        pub(crate) mod network_acl_changes_metric_alarm(&metric_filters::NETWORK_ACL_CHANGES) {
            id: "networkAclChangesMetricAlarm",
            title: "Network ACL Changes Metric Alarm",
            severity: Medium,
            aliases: [
                ("cloudwatch_changes_to_network_acls_alarm_configured", Differently("Prowler accepts any trail with a log group (logging or not, multi-region or not), matches the filter's text with a regex of its terms (so `&&` in place of `||` and added narrowing pass), and passes on any alarm with the metric's name and namespace without looking at its actions or subscribers; stance requires the benchmark's chain: an active multi-region trail recording all management events, a filter that counts the events by meaning, and an enabled alarm notifying an SNS topic with a confirmed subscription")),
            ],
        }
        /// Ensures CIS 5.12 holds: the account's CloudTrail events are watched for network gateway changes: the six events that create, delete, attach or detach customer and internet gateways.
        ///
        /// ## Remediation
        /// On the log group of an active multi-region trail, create a metric filter counting these events
        /// (`aws logs put-metric-filter --log-group-name <trail-log-group> --filter-name <name>
        /// --metric-transformations metricName=<name>,metricNamespace=CISBenchmark,metricValue=1
        /// --filter-pattern '<pattern>'`, the pattern as the benchmark gives it), an alarm on its metric
        /// (`aws cloudwatch put-metric-alarm --metric-name <name> --namespace CISBenchmark --statistic Sum
        /// --period 300 --threshold 1 --comparison-operator GreaterThanOrEqualToThreshold
        /// --evaluation-periods 1 --alarm-actions <topic-arn>`), and an SNS topic with a confirmed
        /// subscription (`aws sns subscribe`, then confirm it).
        pub(crate) mod network_gateway_changes_metric_alarm(&metric_filters::NETWORK_GATEWAY_CHANGES) {
            id: "networkGatewayChangesMetricAlarm",
            title: "Network Gateway Changes Metric Alarm",
            severity: Medium,
            aliases: [
                ("cloudwatch_changes_to_network_gateways_alarm_configured", Differently("Prowler accepts any trail with a log group (logging or not, multi-region or not), matches the filter's text with a regex of its terms (so `&&` in place of `||` and added narrowing pass), and passes on any alarm with the metric's name and namespace without looking at its actions or subscribers; stance requires the benchmark's chain: an active multi-region trail recording all management events, a filter that counts the events by meaning, and an enabled alarm notifying an SNS topic with a confirmed subscription")),
            ],
        }
        /// Ensures CIS 5.13 holds: the account's CloudTrail events are watched for route table changes: the seven events that create, replace, delete or disassociate routes and route tables, from `ec2.amazonaws.com`. The benchmark's audit adds that event source (its text joins it with `&&` before an unbracketed `||` list) and its remediation does not; both forms pass.
        ///
        /// ## Remediation
        /// On the log group of an active multi-region trail, create a metric filter counting these events
        /// (`aws logs put-metric-filter --log-group-name <trail-log-group> --filter-name <name>
        /// --metric-transformations metricName=<name>,metricNamespace=CISBenchmark,metricValue=1
        /// --filter-pattern '<pattern>'`, the pattern as the benchmark gives it), an alarm on its metric
        /// (`aws cloudwatch put-metric-alarm --metric-name <name> --namespace CISBenchmark --statistic Sum
        /// --period 300 --threshold 1 --comparison-operator GreaterThanOrEqualToThreshold
        /// --evaluation-periods 1 --alarm-actions <topic-arn>`), and an SNS topic with a confirmed
        /// subscription (`aws sns subscribe`, then confirm it).
        pub(crate) mod route_table_changes_metric_alarm(&metric_filters::ROUTE_TABLE_CHANGES) {
            id: "routeTableChangesMetricAlarm",
            title: "Route Table Changes Metric Alarm",
            severity: Medium,
            aliases: [
                ("cloudwatch_changes_to_network_route_tables_alarm_configured", Differently("Prowler accepts any trail with a log group (logging or not, multi-region or not), matches the filter's text with a regex of its terms (so `&&` in place of `||` and added narrowing pass), and passes on any alarm with the metric's name and namespace without looking at its actions or subscribers; stance requires the benchmark's chain: an active multi-region trail recording all management events, a filter that counts the events by meaning, and an enabled alarm notifying an SNS topic with a confirmed subscription; Prowler requires the eventSource clause, so the benchmark's remediation form fails there and passes here")),
            ],
        }
        /// Ensures CIS 5.14 holds: the account's CloudTrail events are watched for VPC changes: the 11 events that create, delete or modify VPCs, VPC peering connections and ClassicLink.
        ///
        /// ## Remediation
        /// On the log group of an active multi-region trail, create a metric filter counting these events
        /// (`aws logs put-metric-filter --log-group-name <trail-log-group> --filter-name <name>
        /// --metric-transformations metricName=<name>,metricNamespace=CISBenchmark,metricValue=1
        /// --filter-pattern '<pattern>'`, the pattern as the benchmark gives it), an alarm on its metric
        /// (`aws cloudwatch put-metric-alarm --metric-name <name> --namespace CISBenchmark --statistic Sum
        /// --period 300 --threshold 1 --comparison-operator GreaterThanOrEqualToThreshold
        /// --evaluation-periods 1 --alarm-actions <topic-arn>`), and an SNS topic with a confirmed
        /// subscription (`aws sns subscribe`, then confirm it).
        pub(crate) mod vpc_changes_metric_alarm(&metric_filters::VPC_CHANGES) {
            id: "vpcChangesMetricAlarm",
            title: "VPC Changes Metric Alarm",
            severity: Medium,
            aliases: [
                ("cloudwatch_changes_to_vpcs_alarm_configured", Differently("Prowler accepts any trail with a log group (logging or not, multi-region or not), matches the filter's text with a regex of its terms (so `&&` in place of `||` and added narrowing pass), and passes on any alarm with the metric's name and namespace without looking at its actions or subscribers; stance requires the benchmark's chain: an active multi-region trail recording all management events, a filter that counts the events by meaning, and an enabled alarm notifying an SNS topic with a confirmed subscription")),
            ],
        }
        /// Ensures CIS 5.15 holds: the account's CloudTrail events are watched for AWS Organizations changes: the 18 events from `organizations.amazonaws.com` the benchmark lists (accounts, organizational units, policies, handshakes).
        ///
        /// ## Remediation
        /// On the log group of an active multi-region trail, create a metric filter counting these events
        /// (`aws logs put-metric-filter --log-group-name <trail-log-group> --filter-name <name>
        /// --metric-transformations metricName=<name>,metricNamespace=CISBenchmark,metricValue=1
        /// --filter-pattern '<pattern>'`, the pattern as the benchmark gives it), an alarm on its metric
        /// (`aws cloudwatch put-metric-alarm --metric-name <name> --namespace CISBenchmark --statistic Sum
        /// --period 300 --threshold 1 --comparison-operator GreaterThanOrEqualToThreshold
        /// --evaluation-periods 1 --alarm-actions <topic-arn>`), and an SNS topic with a confirmed
        /// subscription (`aws sns subscribe`, then confirm it).
        pub(crate) mod organizations_changes_metric_alarm(&metric_filters::ORGANIZATIONS_CHANGES) {
            id: "organizationsChangesMetricAlarm",
            title: "Organizations Changes Metric Alarm",
            severity: Medium,
            aliases: [
                ("cloudwatch_log_metric_filter_aws_organizations_changes", Differently("Prowler accepts any trail with a log group (logging or not, multi-region or not), matches the filter's text with a regex of its terms (so `&&` in place of `||` and added narrowing pass), and passes on any alarm with the metric's name and namespace without looking at its actions or subscribers; stance requires the benchmark's chain: an active multi-region trail recording all management events, a filter that counts the events by meaning, and an enabled alarm notifying an SNS topic with a confirmed subscription; Prowler also requires CancelHandshake, CreateOrganization and EnableAllFeatures, which the benchmark's list lacks, so a filter copied from the benchmark fails there and passes here")),
            ],
        }
    }
}
