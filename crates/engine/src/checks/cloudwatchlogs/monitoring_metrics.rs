use crate::analysis::metric_filters::{CONTROLS, filter_covers};
use crate::analysis::trails::{self, AccountTrails};
use crate::check::declare_check;
use crate::context::{Context, Findings, Unknown};
use crate::views::cloudtrail::DESCRIBE_TRAILS;
use crate::views::monitoring::DESCRIBE_METRIC_FILTERS;

declare_check! {
    /// Ensures every trail that sends its events to CloudWatch Logs has metric filters there for
    /// the 15 kinds of activity CIS 5.1–5.15 watch (unauthorized API calls, sign-ins without MFA,
    /// root use, IAM policy, CloudTrail, KMS key, S3 bucket policy, AWS Config, security group,
    /// network ACL, gateway, route table, VPC and Organizations changes, failed console sign-ins).
    /// Each trail is judged once, in its home region: it passes when the metric filters of its own
    /// log group count every one of the 15, fails naming those none counts, and fails when it sends
    /// nothing to CloudWatch Logs. Alarms are not read (the `…MetricAlarm` checks follow each
    /// control to an alarm and a subscriber).
    ///
    /// A filter counts for a control when its pattern selects at least the benchmark's (v7.0.0)
    /// events, read by meaning as the `…MetricAlarm` checks read it: whitespace, quotes and term
    /// order do not matter, and a broader pattern counts. CloudSploit compares the text exactly, with
    /// CIS v1-era texts, so filters written from v7.0.0 (5.1 with its exclusions, 5.13 with its event
    /// source) or quoted differently fail there, and the 5.10 filter without ModifySecurityGroupRules,
    /// which v7.0.0 requires, passes there and fails here. CloudSploit also counts filters of any log
    /// group of the region once the trail's own has one; only the trail's own log group receives its
    /// events, so only its filters count here. A log group in another account (an organization trail
    /// seen from a member account) is UNKNOWN: its filters are not in the snapshot.
    ///
    /// ## Remediation
    /// Create the missing metric filters on the trail's log group with the benchmark's patterns
    /// (`aws logs put-metric-filter --log-group-name <trail-log-group> --filter-name <name>
    /// --metric-transformations metricName=<name>,metricNamespace=CISBenchmark,metricValue=1
    /// --filter-pattern '<pattern>'`), and alarms on their metrics.
    pub(crate) CHECK {
        id: "monitoringMetrics",
        title: "CloudWatch Monitoring Metrics",
        severity: Medium,
        reads: [DESCRIBE_TRAILS, DESCRIBE_METRIC_FILTERS],
        run,
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    let account = AccountTrails::load(ctx);
    for (region, reason) in account.failed() {
        findings.unknown(ctx.region_arn("cloudtrail", region), region, reason);
    }
    for trail in &account.trails {
        let Some(region) = account.report_region(trail) else { continue };
        let name = trails::describe(ctx, trail);
        let arn = &trail.trail_arn;
        let Some(group_arn) = trail.cloud_watch_logs_log_group_arn.as_deref().filter(|arn| !arn.is_empty()) else {
            findings.fail(arn, region, format!("{} sends no events to CloudWatch Logs", capitalised(&name)));
            continue;
        };
        let (Some(group), Some(group_region)) =
            (trails::log_group_name(group_arn), trails::log_group_region(group_arn))
        else {
            let reason =
                Unknown::new(format!("{} delivers to {group_arn}, which is not a log group ARN", capitalised(&name)));
            findings.unknown(arn, region, &reason);
            continue;
        };
        let owner = group_arn.split(':').nth(4).unwrap_or_default();
        if owner != ctx.account_id() {
            let reason = Unknown::new(format!(
                "{} delivers to log group {group} of account {owner}, whose metric filters the snapshot does not hold",
                capitalised(&name)
            ));
            findings.unknown(arn, region, &reason);
            continue;
        }
        let filters = match ctx.read_configured(DESCRIBE_METRIC_FILTERS, group_region) {
            Ok(filters) => filters,
            Err(reason) => {
                let reason =
                    Unknown::new(format!("{} sends its events to log group {group}: {reason}", capitalised(&name)));
                findings.unknown(arn, region, &reason);
                continue;
            }
        };
        let own: Vec<_> = filters.metric_filters.iter().filter(|filter| filter.log_group_name == group).collect();
        let mut missing = Vec::new();
        let mut unreadable = std::collections::BTreeSet::new();
        for control in CONTROLS {
            let mut judged = own.iter().map(|filter| filter_covers(&filter.filter_pattern, control));
            if judged.clone().any(|covered| covered == Ok(true)) {
                continue;
            }
            missing.push(format!("{} ({})", control.cis, control.events));
            if let Some(Err(reason)) = judged.find(Result::is_err) {
                unreadable.insert(reason);
            }
        }
        let label = format!("{} sends its events to log group {group} ({group_region})", capitalised(&name));
        if missing.is_empty() {
            findings.ok(arn, region, format!("{label}, whose metric filters count all 15 CIS 5.1-5.15 activities"));
        } else if unreadable.is_empty() {
            let message =
                format!("{label}, where no metric filter counts CIS {} of the 15 activities", missing.join(", "));
            findings.fail(arn, region, message);
        } else {
            let reason = Unknown::new(format!(
                "{label}, where no metric filter read counts CIS {}, and {} could not be read: {}",
                missing.join(", "),
                if unreadable.len() == 1 { "one pattern" } else { "some patterns" },
                unreadable.into_iter().collect::<Vec<_>>().join("; ")
            ));
            findings.unknown(arn, region, &reason);
        }
    }
}

/// `Trail x` from `trail x`.
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}
