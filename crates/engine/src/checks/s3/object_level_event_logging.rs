//! S3 object-level (data event) logging by CloudTrail, reads and writes: two checks over one
//! logic (`analysis::trails`), with shared fixtures (`fixtures/families/object_level_event_logging/`).

use stance_snapshot::GLOBAL_REGION;

use super::CATEGORY;
use crate::analysis::trails::{self, Access, AccountTrails, Recorded};
use crate::check::{Family, declare_family};
use crate::context::{Context, Findings, Unknown};
use crate::views::cloudtrail::{DESCRIBE_TRAILS, GET_EVENT_SELECTORS, GET_TRAIL_STATUS, Trail};
use crate::views::s3::{LIST_BUCKETS, bucket_arn};
use crate::views::s3_config::{GET_BUCKET_LOCATION, bucket_location};

static FAMILY: Family = Family {
    name: "object_level_event_logging",
    docs: "Each bucket of the account (S3 ListBuckets) is judged on its own. The trails that count for \
           it are those covering its region (GetBucketLocation): multi-region trails, and single-region \
           trails homed there, the account's own or an organization's; a trail counts only while it is \
           logging (GetTrailStatus). A bucket passes when such a trail's event selectors record the \
           check's S3 object-level events for all of its objects: a basic selector whose ReadWriteType \
           includes them with an AWS::S3::Object data resource whose ARN prefix covers the bucket \
           (arn:aws:s3 for every bucket, arn:aws:s3:::BUCKET/ for one), or an advanced selector with \
           eventCategory Data and resources.type AWS::S3::Object, a readOnly field that does not leave \
           them out, and a resources.ARN StartsWith prefix covering the bucket or none. It warns when \
           only some of them are recorded (an object prefix inside the bucket, or a selector narrowed \
           by other fields such as eventName or NotStartsWith), and fails when none are. A bucket whose \
           region, or a relevant trail's status or selectors, could not be read is UNKNOWN unless \
           another trail already passes it. CloudSploit decides per bucket too but reads no trail \
           status; Prowler decides per trail, requires basic selectors to cover every bucket, and \
           passes any advanced AWS::S3::Object selector whatever its readOnly value or ARN scope, so \
           a write-only selector passes its read check.",
};

fn judge(ctx: &Context, findings: &mut Findings, access: &Access) {
    let access = *access;
    let list = match ctx.read_configured(LIST_BUCKETS, GLOBAL_REGION) {
        Ok(list) => list,
        Err(reason) => return findings.unknown(ctx.region_arn("s3", ""), GLOBAL_REGION, &reason),
    };
    if list.buckets.is_empty() {
        return findings.ok(ctx.region_arn("s3", ""), GLOBAL_REGION, "No S3 buckets found");
    }
    let all = AccountTrails::load(ctx);
    let multi: Vec<&Trail> = all.trails.iter().filter(|trail| trail.is_multi_region_trail).collect();
    for bucket in list.buckets.iter() {
        let name = bucket.name.as_str();
        let arn = bucket_arn(ctx, name);
        let region = match bucket_location(ctx, &arn) {
            Ok(region) => region,
            Err(reason) => {
                findings.unknown(arn, GLOBAL_REGION, &reason);
                continue;
            }
        };
        // The trails covering the bucket's region, and why that set may be incomplete.
        let (candidates, incomplete): (Vec<&Trail>, Option<Unknown>) =
            match all.regions().find(|(listed, _)| *listed == region.as_str()) {
                Some((_, Ok(listed))) => (listed, None),
                Some((_, Err(reason))) => (multi.clone(), Some(reason.clone())),
                None => (
                    multi.clone(),
                    Some(Unknown::new(format!(
                        "region {region} was not collected, so its single-region trails are unknown"
                    ))),
                ),
            };
        let mut partly = Vec::new();
        let mut short = Vec::new();
        let mut unknown: Vec<String> = incomplete.iter().map(ToString::to_string).collect();
        let mut full = None;
        for trail in candidates {
            let label = trails::describe(ctx, trail);
            match trails::is_logging(ctx, trail) {
                Err(reason) => {
                    unknown.push(reason.to_string());
                    continue;
                }
                Ok(false) => {
                    short.push(format!("{label} is not logging"));
                    continue;
                }
                Ok(true) => {}
            }
            match trails::events(ctx, trail).map(|events| events.s3_objects(ctx.partition(), name, access)) {
                Err(reason) => unknown.push(reason.to_string()),
                Ok(Recorded::All) => {
                    full = Some(label);
                    break;
                }
                Ok(Recorded::Partly(parts)) => partly.push(format!("{label} records {}", parts.join(", "))),
                Ok(Recorded::None) => {}
            }
        }
        let what = format!("S3 object-level {} events", access.name());
        if let Some(label) = full {
            // A multi-region trail covers every region, listed there or not.
            let note = match &incomplete {
                Some(reason) => format!(", a multi-region trail (trails of {region} itself unread: {reason})"),
                None => String::new(),
            };
            findings.ok(arn, &region, format!("Bucket {name}'s {what} are recorded by logging {label}{note}"));
            continue;
        }
        let mut known = partly.clone();
        known.extend(short);
        let known = if known.is_empty() { String::new() } else { format!(" ({})", known.join("; ")) };
        if !unknown.is_empty() {
            let reason = Unknown::new(format!(
                "Whether a trail records bucket {name}'s {what} is unknown: {}{known}",
                unknown.join("; ")
            ));
            findings.unknown(arn, &region, &reason);
        } else if !partly.is_empty() {
            findings.warn(arn, &region, format!("Only some of bucket {name}'s {what} are recorded{known}"));
        } else {
            findings.fail(arn, &region, format!("No logging trail records bucket {name}'s {what}{known}"));
        }
    }
}

declare_family! {
    family: FAMILY,
    reads: [LIST_BUCKETS, GET_BUCKET_LOCATION, DESCRIBE_TRAILS, GET_TRAIL_STATUS, GET_EVENT_SELECTORS],
    settings: [],
    run: judge,
    param: Access,
    members: {
        /// Ensures CloudTrail records S3 object-level read events (GetObject and the other data
        /// reads) for every bucket, so that who read which object can be traced (CIS 4.9).
        ///
        /// ## Remediation
        /// Add an S3 data event selector for read events to a logging multi-region trail: basic,
        /// `ReadWriteType` `ReadOnly` or `All` with `AWS::S3::Object` values `arn:aws:s3`, or advanced,
        /// `eventCategory` `Data` and `resources.type` `AWS::S3::Object` without a `readOnly` field
        /// or with `readOnly` `true`.
        pub(crate) mod object_level_read_event_logging(Access::Read) {
            id: "objectLevelReadEventLogging",
            title: "Object Level Read Event Logging",
            severity: Low,
            aliases: [
                ("cloudtrail_s3_dataevents_read_enabled", Differently("Prowler decides per trail, needs basic selectors to cover every bucket and passes any advanced AWS::S3::Object selector whatever its readOnly value or ARN scope; stance decides per bucket, by what each logging trail covering the bucket's region records for it")),
            ],
        }

        /// Ensures CloudTrail records S3 object-level write events (PutObject, DeleteObject and the
        /// other data writes) for every bucket, so that changes to objects can be traced (CIS 4.8).
        ///
        /// ## Remediation
        /// Add an S3 data event selector for write events to a logging multi-region trail: basic,
        /// `ReadWriteType` `WriteOnly` or `All` with `AWS::S3::Object` values `arn:aws:s3`, or
        /// advanced, `eventCategory` `Data` and `resources.type` `AWS::S3::Object` without a
        /// `readOnly` field or with `readOnly` `false`.
        pub(crate) mod object_level_write_event_logging(Access::Write) {
            id: "objectLevelWriteEventLogging",
            title: "Object Level Write Event Logging",
            severity: Low,
            aliases: [
                ("cloudtrail_s3_dataevents_write_enabled", Differently("Prowler decides per trail, needs basic selectors to cover every bucket and passes any advanced AWS::S3::Object selector whatever its readOnly value or ARN scope; stance decides per bucket, by what each logging trail covering the bucket's region records for it")),
            ],
        }
    }
}
