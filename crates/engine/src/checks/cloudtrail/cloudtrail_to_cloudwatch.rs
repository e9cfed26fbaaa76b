use crate::analysis::trails::{self, AccountTrails};
use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::views::cloudtrail::{DESCRIBE_TRAILS, GET_TRAIL_STATUS};

declare_check! {
    /// Ensures CloudTrail trails deliver their events to CloudWatch Logs, where the metric
    /// filters and alarms of CIS 5.1 to 5.15 watch them. Each trail is judged once, in its home
    /// region. It fails when it has no `CloudWatchLogsLogGroupArn`, when it is not logging, or
    /// when GetTrailStatus reports a CloudWatch Logs delivery error and no delivery in the last
    /// day; it warns when a log group is set but the last delivery (`LatestCloudWatchLogsDeliveryTime`)
    /// is more than a day before collection or never happened, or when a delivery error is
    /// reported beside recent deliveries; it passes when a log group is set, the trail is logging
    /// and it delivered in the last day without an error. A trail whose status could not be read
    /// is UNKNOWN (unless it has no log group at all).
    ///
    /// CloudSploit passes a trail with any `CloudWatchLogsLogGroupArn`, though a stopped trail
    /// or a delivery role CloudWatch Logs refuses delivers nothing. Prowler ignores the log group
    /// setting and fails any trail without a delivery in the last day; stance takes a stale
    /// delivery as a warning, since a quiet trail with a working setup can go a day without
    /// events, and a configured log group without deliveries is worth a look rather than proof
    /// of a fault.
    ///
    /// ## Remediation
    /// Set a CloudWatch Logs log group and a role CloudTrail can assume to write to it on the trail
    /// (`aws cloudtrail update-trail --name TRAIL --cloud-watch-logs-log-group-arn ARN
    /// --cloud-watch-logs-role-arn ROLE`), make sure the trail is logging, and fix any delivery
    /// error GetTrailStatus reports.
    pub(crate) CHECK {
        id: "cloudtrailToCloudwatch",
        title: "CloudTrail To CloudWatch",
        severity: Medium,
        reads: [DESCRIBE_TRAILS, GET_TRAIL_STATUS],
        run,
        aliases: [
            ("cloudtrail_cloudwatch_logging_enabled", Differently("Prowler ignores whether a log group is set and fails any trail whose last CloudWatch Logs delivery is more than a day old; stance fails a trail without a log group, a stopped trail or a failing delivery, and only warns on a stale or missing delivery time")),
        ],
    }
}

/// A day, in seconds: the delivery age past which a trail's CloudWatch Logs feed is stale.
const DAY: i64 = 86_400;

fn run(ctx: &Context, findings: &mut Findings) {
    let all = AccountTrails::load(ctx);
    trails::each_trail(ctx, findings, &all, |trail, region, label, findings| {
        let arn = trail.trail_arn.clone();
        let Some(group) = trail.cloud_watch_logs_log_group_arn.as_deref().filter(|group| !group.is_empty()) else {
            return findings.fail(arn, region, format!("{label} does not deliver its events to CloudWatch Logs"));
        };
        let group = match (trails::log_group_name(group), trails::log_group_region(group)) {
            (Some(name), Some(region)) => format!("{name} in {region}"),
            _ => group.to_owned(),
        };
        let status = match trails::status(ctx, trail) {
            Ok(status) => status,
            Err(reason) => return findings.unknown(arn, region, &reason),
        };
        match status.is_logging {
            None => {
                return findings.unknown(
                    arn,
                    region,
                    &crate::context::Unknown::new(format!(
                        "{} did not say whether {label} is logging",
                        GET_TRAIL_STATUS.id
                    )),
                );
            }
            Some(false) => {
                return findings.fail(
                    arn,
                    region,
                    format!("{label} is set to deliver to log group {group} but is not logging"),
                );
            }
            Some(true) => {}
        }
        let error = status.latest_cloud_watch_logs_delivery_error.as_deref().filter(|error| !error.is_empty());
        let recent = status
            .latest_cloud_watch_logs_delivery_time
            .map(|time| (time, ctx.now().as_second() - time.as_second() <= DAY));
        match (error, recent) {
            (None, Some((time, true))) => {
                findings.ok(arn, region, format!("{label} delivers its events to log group {group} (last delivery {time})"))
            }
            (None, Some((time, false))) => findings.warn(
                arn,
                region,
                format!("{label} delivers to log group {group}, but its last delivery was {time}, more than a day before collection"),
            ),
            (None, None) => findings.warn(
                arn,
                region,
                format!("{label} is set to deliver to log group {group}, but CloudTrail reports no delivery yet"),
            ),
            (Some(error), Some((time, true))) => findings.warn(
                arn,
                region,
                format!("{label} delivers to log group {group} (last delivery {time}), but reports the delivery error {error}"),
            ),
            (Some(error), _) => findings.fail(
                arn,
                region,
                format!("{label} fails to deliver to log group {group}: {error}, and delivered nothing in the last day"),
            ),
        }
    });
}
