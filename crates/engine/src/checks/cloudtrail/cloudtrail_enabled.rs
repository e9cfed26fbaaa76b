use crate::analysis::trails::{self, AccountTrails};
use crate::check::declare_check;
use crate::context::{Context, Findings, Unknown};
use crate::views::cloudtrail::{DESCRIBE_TRAILS, GET_EVENT_SELECTORS, GET_TRAIL_STATUS, Trail};

declare_check! {
    /// Ensures every region is covered by a multi-region CloudTrail trail that is logging and
    /// records all read and write management events, as CIS 4.1 and FSBP CloudTrail.1 ask. A
    /// region passes when some multi-region trail listed there (the account's own, or an
    /// organization trail, which records the member accounts' events too) is logging
    /// (GetTrailStatus `IsLogging`) and its event selectors record read and write management
    /// events of every source. It warns when the best such trail records both reads and writes
    /// but leaves some out (basic `ExcludeManagementEventSources`, advanced `eventSource`
    /// NotEquals or another narrowing field), and fails when no multi-region trail covers the
    /// region, when every one is stopped, or when none records both reads and writes.
    /// Single-region trails are named in the message but do not count. A trail whose status or
    /// selectors could not be read makes the region UNKNOWN unless another trail already passes
    /// it; that holds for an organization trail seen from a member account too (a member may
    /// read its status and selectors by ARN; when that is denied, its being listed proves it
    /// exists, not that it logs).
    ///
    /// Management events are judged by what the selectors record, basic or advanced alike:
    /// basic `IncludeManagementEvents` with `ReadWriteType` (two selectors, ReadOnly and
    /// WriteOnly, add up to both); advanced `eventCategory` Equals `Management` without a
    /// `readOnly` field, whatever the selector's name. This folds in CloudSploit's
    /// cloudtrailManagementEvents, which reads basic selectors only, and Prowler's
    /// cloudtrail_multi_region_enabled_logging_management_events, which accepts an advanced
    /// selector only under the console's default name. CloudSploit's cloudtrailEnabled and
    /// Prowler's cloudtrail_multi_region_enabled pass a region covered by any logging trail,
    /// single-region included, and read no selectors, which is not what CIS 4.1 or FSBP
    /// CloudTrail.1 test. CloudSploit's extra account-level result on
    /// `IncludeGlobalServiceEvents` is not needed: CloudTrail refuses a multi-region trail
    /// without global service events.
    ///
    /// ## Remediation
    /// Create a multi-region trail (or an organization trail from the management account) with
    /// the default management event selector (read and write, no excluded sources), and make sure
    /// it is logging (`aws cloudtrail start-logging`).
    pub(crate) CHECK {
        id: "cloudtrailEnabled",
        title: "CloudTrail Enabled",
        severity: High,
        reads: [DESCRIBE_TRAILS, GET_TRAIL_STATUS, GET_EVENT_SELECTORS],
        run,
        aliases: [
            ("cloudtrail_multi_region_enabled", Differently("Prowler passes a region covered by any logging trail, single-region included, and reads no event selectors; stance needs a logging multi-region trail that records all read and write management events, as CIS 4.1 and FSBP CloudTrail.1 ask")),
            ("cloudtrail_multi_region_enabled_logging_management_events", Differently("Prowler accepts an advanced event selector only when it is named Management events selector and ignores excluded event sources; stance reads what each basic or advanced selector records, whatever its name, and warns when sources are left out")),
        ],
    }
}

/// What one multi-region trail does for a region.
enum Judged {
    /// Logging every read and write management event.
    Full(String),
    /// Logging reads and writes, some sources or events left out.
    Partly(String),
    /// Stopped, or not recording reads or writes.
    Short(String),
    Unknown(Unknown),
}

fn judge(ctx: &Context, trail: &Trail) -> Judged {
    let name = trails::describe(ctx, trail);
    match trails::is_logging(ctx, trail) {
        Err(reason) => return Judged::Unknown(reason),
        Ok(false) => return Judged::Short(format!("{name} is not logging")),
        Ok(true) => {}
    }
    let events = match trails::events(ctx, trail) {
        Ok(events) => events,
        Err(reason) => return Judged::Unknown(reason),
    };
    let management = &events.management;
    let recorded = management.describe();
    if management.all() {
        Judged::Full(format!("{name} is logging and records {recorded}"))
    } else if management.reads.is_some() && management.writes.is_some() {
        Judged::Partly(format!("{name} is logging but records only {recorded}"))
    } else {
        Judged::Short(format!("{name} is logging but records {recorded}"))
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    let trails = AccountTrails::load(ctx);
    for (region, listed) in trails.regions() {
        let resource = ctx.region_arn("cloudtrail", region);
        let listed = match listed {
            Ok(listed) => listed,
            Err(reason) => {
                findings.unknown(resource, region, reason);
                continue;
            }
        };
        let single: Vec<&str> =
            listed.iter().filter(|trail| !trail.is_multi_region_trail).map(|trail| trail.name.as_str()).collect();
        let single = if single.is_empty() {
            String::new()
        } else {
            format!("; single-region trails do not count for CIS 4.1 ({})", single.join(", "))
        };
        let judged: Vec<Judged> =
            listed.iter().filter(|trail| trail.is_multi_region_trail).map(|trail| judge(ctx, trail)).collect();
        if judged.is_empty() {
            findings.fail(resource, region, format!("No multi-region trail covers {region}{single}"));
            continue;
        }
        if let Some(Judged::Full(message)) = judged.iter().find(|judged| matches!(judged, Judged::Full(_))) {
            findings.ok(resource, region, format!("In {region}, multi-region {message}"));
            continue;
        }
        let known: Vec<&str> = judged
            .iter()
            .filter_map(|judged| match judged {
                Judged::Partly(message) | Judged::Short(message) => Some(message.as_str()),
                _ => None,
            })
            .collect();
        let known = if known.is_empty() { String::new() } else { format!("; {}", known.join("; ")) };
        let unknown: Vec<String> = judged
            .iter()
            .filter_map(|judged| match judged {
                Judged::Unknown(reason) => Some(reason.to_string()),
                _ => None,
            })
            .collect();
        if !unknown.is_empty() {
            let reason = Unknown::new(format!(
                "Whether a multi-region trail logs management events in {region} is unknown: {}{known}{single}",
                unknown.join("; ")
            ));
            findings.unknown(resource, region, &reason);
        } else if judged.iter().any(|judged| matches!(judged, Judged::Partly(_))) {
            findings.warn(
                resource,
                region,
                format!("No multi-region trail records every management event in {region}{known}{single}"),
            );
        } else {
            findings.fail(
                resource,
                region,
                format!("No multi-region trail logs read and write management events in {region}{known}{single}"),
            );
        }
    }
}
