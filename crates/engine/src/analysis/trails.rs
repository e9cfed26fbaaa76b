//! CloudTrail trails as AWS applies them: which trails cover a region, whether each is logging,
//! and which events it records (management events, S3 object-level data events), from basic or
//! advanced event selectors alike.
//!
//! API (stable: later changes only add):
//!
//! - [`AccountTrails::load`] reads DescribeTrails in every region of the snapshot. Each trail is
//!   kept once, by TrailARN ([`AccountTrails::trails`]), however many regions list its shadow
//!   copies; [`AccountTrails::regions`] gives, per region, the trails covering it (a trail homed
//!   there, or a multi-region trail; an organization trail seen from a member account counts
//!   like the account's own) or why the listing could not be read.
//!   [`AccountTrails::report_region`] is the region to report a trail in.
//! - [`is_logging`] (GetTrailStatus) and [`events`] (GetEventSelectors) read a trail's status and
//!   selectors, keyed by TrailARN under its HomeRegion; a check calls them only when it declares
//!   those calls. Their errors name the trail, and say when it is an organization trail owned
//!   by another account.
//! - [`EventCoverage::of`] reads a GetEventSelectors answer: [`EventCoverage::management`] says
//!   whether read and write management events are recorded ([`Recorded::All`], only in part
//!   ([`Recorded::Partly`], with what narrows them), or not at all), and
//!   [`EventCoverage::s3_objects`] whether S3 object-level read or write events of one bucket are.
//! - [`each_trail`] runs a judgement on each trail once; [`each_trail_bucket`] on each of the
//!   account's buckets that trails deliver to (S3 ListBuckets, and one per-bucket S3 call).
//! - [`Trail::cloud_watch_logs_log_group_arn`](crate::views::cloudtrail::Trail) is the log group
//!   the trail delivers to; [`log_group_name`] takes the name out of that ARN.
//!
//! Semantics, by the CloudTrail User Guide and API reference:
//!
//! - A single-region trail records events of its home region only; a multi-region trail of every
//!   region. DescribeTrails (with shadow trails, the default) lists in a region the trails homed
//!   there and every multi-region and organization trail.
//! - Basic selectors: `IncludeManagementEvents` (default true) and `ReadWriteType` (`All`,
//!   `ReadOnly`, `WriteOnly`; default `All`); `ExcludeManagementEventSources` leaves out
//!   management events of the sources named. S3 `DataResources` values are ARN prefixes:
//!   `arn:aws:s3` for every bucket, `arn:aws:s3:::bucket/` for one bucket, longer for a prefix.
//! - Advanced selectors: the selectors of a trail are OR'd, the field selectors of one selector
//!   AND'd, and each operator of a field selector must hold. A management selector is
//!   `eventCategory` Equals `Management`; without a `readOnly` field it records reads and
//!   writes; `eventSource` NotEquals leaves sources out. An S3 data selector is `eventCategory`
//!   Equals `Data` with `resources.type` Equals `AWS::S3::Object`; `resources.ARN` StartsWith
//!   prefixes scope it as basic values do. Any other field or operator narrows what a selector
//!   records, and is reported, never taken as full coverage. A selector's name means nothing.

use std::collections::BTreeMap;
use std::sync::Arc;

use stance_snapshot::GLOBAL_REGION;

use crate::check::Call;
use crate::context::{Context, Findings, Unknown, View};
use crate::settings::StringList;
use crate::views::cloudtrail::{
    AdvancedEventSelector, DESCRIBE_TRAILS, EventSelector, FieldSelector, GET_EVENT_SELECTORS, GET_TRAIL_STATUS,
    GetEventSelectors, GetTrailStatus, Trail,
};
use crate::views::s3::{BucketRef, LIST_BUCKETS, bucket_arn};

/// The trails of the account, from DescribeTrails in every region of the snapshot.
#[derive(Debug)]
pub struct AccountTrails {
    /// Every trail listed in some region, once, in TrailARN order.
    pub trails: Vec<Trail>,
    /// Per region of the snapshot, in its order: the indices (into `trails`) of the trails
    /// covering the region, or why its listing could not be read.
    listings: Vec<(String, Result<Vec<usize>, Unknown>)>,
}

impl AccountTrails {
    pub fn load(ctx: &Context) -> AccountTrails {
        let mut by_arn: BTreeMap<String, Trail> = BTreeMap::new();
        let mut listed: Vec<(String, Result<Vec<String>, Unknown>)> = Vec::new();
        for region in ctx.regions() {
            match ctx.read_configured(DESCRIBE_TRAILS, region) {
                Ok(data) => {
                    let mut arns = Vec::new();
                    for trail in data.trail_list.iter() {
                        if !(trail.is_multi_region_trail || trail.home_region == region.as_str()) {
                            continue; // not listed by AWS in another region; defensive
                        }
                        by_arn.entry(trail.trail_arn.clone()).or_insert_with(|| trail.clone());
                        if !arns.contains(&trail.trail_arn) {
                            arns.push(trail.trail_arn.clone());
                        }
                    }
                    listed.push((region.clone(), Ok(arns)));
                }
                Err(reason) => listed.push((region.clone(), Err(reason))),
            }
        }
        let trails: Vec<Trail> = by_arn.into_values().collect();
        let index = |arn: &String| trails.iter().position(|trail| &trail.trail_arn == arn).expect("kept above");
        let listings = listed
            .into_iter()
            .map(|(region, arns)| (region, arns.map(|arns| arns.iter().map(index).collect())))
            .collect();
        AccountTrails { trails, listings }
    }

    /// Per region of the snapshot: the trails covering it, or why its listing could not be read.
    pub fn regions(&self) -> impl Iterator<Item = (&str, Result<Vec<&Trail>, &Unknown>)> {
        self.listings.iter().map(|(region, listed)| {
            (region.as_str(), listed.as_ref().map(|indices| indices.iter().map(|&i| &self.trails[i]).collect()))
        })
    }

    /// Whether the listing of `region` could be read.
    pub fn listed(&self, region: &str) -> bool {
        self.listings.iter().any(|(listed, result)| listed == region && result.is_ok())
    }

    /// The region a trail is reported in: its home region when that region was listed, otherwise
    /// the first region whose listing shows it (`None` when only failed listings could have).
    /// Checks reporting each trail once skip a trail whose home region is collected but failed:
    /// that region's UNKNOWN stands for it.
    pub fn report_region<'a>(&'a self, trail: &'a Trail) -> Option<&'a str> {
        if self.listed(&trail.home_region) {
            return Some(&trail.home_region);
        }
        if self.listings.iter().any(|(region, _)| *region == trail.home_region.as_str()) {
            return None;
        }
        self.regions()
            .find(|(_, listed)| {
                listed.as_ref().is_ok_and(|trails| trails.iter().any(|t| t.trail_arn == trail.trail_arn))
            })
            .map(|(region, _)| region)
    }

    /// The regions whose listing failed, with the reason, for checks reporting each trail once.
    pub fn failed(&self) -> impl Iterator<Item = (&str, &Unknown)> {
        self.listings
            .iter()
            .filter_map(|(region, listed)| listed.as_ref().err().map(|reason| (region.as_str(), reason)))
    }
}

/// Runs `judge` on each trail once, in the region [`AccountTrails::report_region`] gives, with
/// how messages name it ([`describe`], and where it was seen when its home region was not
/// collected). Reports UNKNOWN for each region whose listing could not be read: it may hide a
/// trail. An account without trails gets no result.
pub fn each_trail(
    ctx: &Context,
    findings: &mut Findings,
    trails: &AccountTrails,
    mut judge: impl FnMut(&Trail, &str, String, &mut Findings),
) {
    for (region, reason) in trails.failed() {
        findings.unknown(ctx.region_arn("cloudtrail", region), region, reason);
    }
    for trail in &trails.trails {
        let Some(region) = trails.report_region(trail) else { continue };
        let mut label = describe(ctx, trail);
        if region != trail.home_region.as_str() {
            label.push_str(&format!(
                " (homed in {}, which was not collected; as listed in {region})",
                trail.home_region
            ));
        }
        let label = capitalized(&label);
        judge(trail, region, label, findings);
    }
}

/// `Trail X`, `Organization trail X`: a label that starts a message.
fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// The S3 buckets trails deliver to, each once with the trails delivering there, in name order.
pub struct TrailBucket<'a> {
    pub trails: Vec<&'a Trail>,
}

impl TrailBucket<'_> {
    /// `trail a` or `trails a, b`, for messages.
    pub fn trail_names(&self) -> String {
        let names: Vec<&str> = self.trails.iter().map(|trail| trail.name.as_str()).collect();
        if names.len() == 1 { format!("trail {}", names[0]) } else { format!("trails {}", names.join(", ")) }
    }
}

/// Runs `judge` on each bucket a trail delivers to that is the account's (in S3 ListBuckets),
/// with the data of its per-bucket `call` and the bucket's region (where that call was made).
/// A bucket not in the account's listing is another account's (an organization trail's
/// central bucket, say) or gone: UNKNOWN, not judged. UNKNOWN too for each region whose trail
/// listing failed, for every bucket when ListBuckets could not be read, and for a bucket whose
/// call is missing or failed. A bucket listed in `exempt` passes without being read.
pub fn each_trail_bucket<T: View>(
    ctx: &Context,
    findings: &mut Findings,
    call: Call<T>,
    exempt: (&str, &StringList),
    mut judge: impl FnMut(&BucketRef, &TrailBucket, &str, Option<&T>, &mut Findings),
) {
    let trails = AccountTrails::load(ctx);
    for (region, reason) in trails.failed() {
        findings.unknown(ctx.region_arn("cloudtrail", region), region, reason);
    }
    let mut buckets: BTreeMap<&str, Vec<&Trail>> = BTreeMap::new();
    for trail in trails.trails.iter().filter(|trail| trails.report_region(trail).is_some()) {
        if let Some(bucket) = trail.s3_bucket_name.as_deref().filter(|name| !name.is_empty()) {
            buckets.entry(bucket).or_default().push(trail);
        }
    }
    if buckets.is_empty() {
        return;
    }
    let owned = ctx.read_configured(LIST_BUCKETS, GLOBAL_REGION);
    for (name, trails) in buckets {
        let trail_bucket = TrailBucket { trails };
        let bucket = BucketRef { name, arn: bucket_arn(ctx, name) };
        let owned = match &owned {
            Ok(list) => list.buckets.iter().any(|listed| listed.name == name),
            Err(reason) => {
                let reason = Unknown::new(format!(
                    "Bucket {name}, which {} delivers to, could not be looked up: {reason}",
                    trail_bucket.trail_names()
                ));
                findings.unknown(bucket.arn.clone(), GLOBAL_REGION, &reason);
                continue;
            }
        };
        if !owned {
            let reason = Unknown::new(format!(
                "Bucket {name}, which {} delivers to, is not in this account's S3 ListBuckets (another account's bucket, or deleted), so it is not judged here",
                trail_bucket.trail_names()
            ));
            findings.unknown(bucket.arn.clone(), GLOBAL_REGION, &reason);
            continue;
        }
        let (region, data) = ctx.read_resource(call, &bucket.arn);
        let region = region.unwrap_or(GLOBAL_REGION);
        if exempt.1.contains(name) {
            findings.ok(
                bucket.arn.clone(),
                region,
                format!("Bucket {name}, which {} delivers to, is exempt by {}", trail_bucket.trail_names(), exempt.0),
            );
            continue;
        }
        match data {
            Ok(data) => judge(&bucket, &trail_bucket, region, data.as_deref(), findings),
            Err(reason) => findings.unknown(bucket.arn.clone(), region, &reason),
        }
    }
}

/// `trail X` or `organization trail X (owned by account M)`, for messages.
pub fn describe(ctx: &Context, trail: &Trail) -> String {
    let owner = trail.owner_account();
    match (trail.is_organization_trail, owner != ctx.account_id()) {
        (true, true) => format!("organization trail {} (owned by account {owner})", trail.name),
        (true, false) => format!("organization trail {}", trail.name),
        (false, _) => format!("trail {}", trail.name),
    }
}

/// Why a per-trail call gave nothing, naming the trail.
fn about(ctx: &Context, trail: &Trail, reason: Unknown) -> Unknown {
    Unknown::new(format!("{reason} ({})", describe(ctx, trail)))
}

/// A trail's status (GetTrailStatus).
pub fn status(ctx: &Context, trail: &Trail) -> Result<Arc<GetTrailStatus>, Unknown> {
    let (_, read) = ctx.read_resource(GET_TRAIL_STATUS, &trail.trail_arn);
    match read {
        Ok(Some(status)) => Ok(status),
        Ok(None) => Err(about(ctx, trail, crate::context::not_configured(GET_TRAIL_STATUS.id))),
        Err(reason) => Err(about(ctx, trail, reason)),
    }
}

/// Whether a trail is logging (GetTrailStatus `IsLogging`).
pub fn is_logging(ctx: &Context, trail: &Trail) -> Result<bool, Unknown> {
    let status = status(ctx, trail)?;
    status.is_logging.ok_or_else(|| {
        about(ctx, trail, Unknown::new(format!("{} did not say whether the trail is logging", GET_TRAIL_STATUS.id)))
    })
}

/// The events a trail's selectors record (GetEventSelectors).
pub fn events(ctx: &Context, trail: &Trail) -> Result<EventCoverage, Unknown> {
    let (_, read) = ctx.read_resource(GET_EVENT_SELECTORS, &trail.trail_arn);
    match read {
        Ok(Some(selectors)) => Ok(EventCoverage::of(&selectors)),
        Ok(None) => Err(about(ctx, trail, crate::context::not_configured(GET_EVENT_SELECTORS.id))),
        Err(reason) => Err(about(ctx, trail, reason)),
    }
}

/// The name of a log group from its ARN (`arn:aws:logs:REGION:ACCOUNT:log-group:NAME:*`, or
/// without the `:*`).
pub fn log_group_name(arn: &str) -> Option<&str> {
    let rest = arn.split_once(":log-group:")?.1;
    let name = rest.strip_suffix(":*").unwrap_or(rest);
    (!name.is_empty()).then_some(name)
}

/// The region of a log group from its ARN.
pub fn log_group_region(arn: &str) -> Option<&str> {
    arn.split(':').nth(3).filter(|region| !region.is_empty())
}

/// How much of one kind of event a trail records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recorded {
    /// Every event of the kind.
    All,
    /// Some: each string says what a narrowed selector records ("write management events except
    /// from kms.amazonaws.com").
    Partly(Vec<String>),
    None,
}

impl Recorded {
    fn add(&mut self, full: bool, narrowing: Option<String>) {
        match (full, &mut *self) {
            (_, Recorded::All) => {}
            (true, _) => *self = Recorded::All,
            (false, Recorded::Partly(parts)) => parts.extend(narrowing),
            (false, Recorded::None) => *self = Recorded::Partly(narrowing.into_iter().collect()),
        }
    }

    pub fn is_all(&self) -> bool {
        *self == Recorded::All
    }

    pub fn is_some(&self) -> bool {
        *self != Recorded::None
    }
}

/// Reads or writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    Read,
    Write,
}

impl Access {
    pub fn name(self) -> &'static str {
        match self {
            Access::Read => "read",
            Access::Write => "write",
        }
    }
}

/// Which management events are recorded, reads and writes apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManagementEvents {
    pub reads: Recorded,
    pub writes: Recorded,
}

impl ManagementEvents {
    /// Read and write management events of every source: what CIS 4.1 and the 5.x audits ask.
    pub fn all(&self) -> bool {
        self.reads.is_all() && self.writes.is_all()
    }

    pub fn of(&self, access: Access) -> &Recorded {
        match access {
            Access::Read => &self.reads,
            Access::Write => &self.writes,
        }
    }

    /// `all read and write management events`, `all write management events and no read
    /// management events`, …, for messages: what is recorded first.
    pub fn describe(&self) -> String {
        if self.all() {
            return "all read and write management events".to_owned();
        }
        if !self.reads.is_some() && !self.writes.is_some() {
            return "no management events".to_owned();
        }
        let mut recorded = Vec::new();
        let mut missing = Vec::new();
        for access in [Access::Read, Access::Write] {
            match self.of(access) {
                Recorded::All => recorded.push(format!("all {} management events", access.name())),
                Recorded::Partly(narrowed) if narrowed.is_empty() => {
                    recorded.push(format!("some {} management events", access.name()))
                }
                Recorded::Partly(narrowed) => recorded.push(narrowed.join(", ")),
                Recorded::None => missing.push(format!("no {} management events", access.name())),
            }
        }
        recorded.extend(missing);
        recorded.join(" and ")
    }
}

/// One selector's S3 object-level data events.
#[derive(Debug, Clone, PartialEq, Eq)]
struct S3Selector {
    read: bool,
    write: bool,
    /// ARN prefixes of the objects (`None`: every object of every bucket).
    prefixes: Option<Vec<String>>,
    /// What else narrows the selector, if anything.
    narrowing: Option<String>,
}

/// What a trail's event selectors record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventCoverage {
    /// Whether the trail uses advanced event selectors.
    pub advanced: bool,
    pub management: ManagementEvents,
    s3: Vec<S3Selector>,
}

impl EventCoverage {
    pub fn of(data: &GetEventSelectors) -> EventCoverage {
        let mut coverage = EventCoverage {
            advanced: data.advanced_event_selectors.as_ref().is_some_and(|selectors| !selectors.is_empty()),
            management: ManagementEvents { reads: Recorded::None, writes: Recorded::None },
            s3: Vec::new(),
        };
        for selector in data.event_selectors.iter().flatten() {
            coverage.add_basic(selector);
        }
        for selector in data.advanced_event_selectors.iter().flatten() {
            coverage.add_advanced(selector);
        }
        coverage
    }

    fn add_management(&mut self, read: bool, write: bool, narrowing: Option<String>) {
        let full = narrowing.is_none();
        let what = |access: Access| narrowing.as_ref().map(|n| format!("{} management events {n}", access.name()));
        if read {
            self.management.reads.add(full, what(Access::Read));
        }
        if write {
            self.management.writes.add(full, what(Access::Write));
        }
    }

    fn add_basic(&mut self, selector: &EventSelector) {
        let (read, write) = match selector.read_write_type.as_deref().unwrap_or("All") {
            "All" => (true, true),
            "ReadOnly" => (true, false),
            "WriteOnly" => (false, true),
            _ => (false, false), // no value AWS documents
        };
        if selector.include_management_events.unwrap_or(true) {
            let narrowing = (!selector.exclude_management_event_sources.is_empty())
                .then(|| format!("except from {}", selector.exclude_management_event_sources.join(", ")));
            self.add_management(read, write, narrowing);
        }
        for resource in selector.data_resources.iter().filter(|resource| resource.kind == "AWS::S3::Object") {
            if !resource.values.is_empty() {
                self.s3.push(S3Selector { read, write, prefixes: Some(resource.values.to_vec()), narrowing: None });
            }
        }
    }

    fn add_advanced(&mut self, selector: &AdvancedEventSelector) {
        let fields = &selector.field_selectors;
        let find = |name: &str| fields.iter().find(|field| field.field == name);
        let Some(category) = find("eventCategory").and_then(equals_only) else { return };
        // readOnly: Equals true (reads), false (writes); absent, both.
        let (read, write) = match find("readOnly") {
            None => (true, true),
            Some(field) => match equals_only(field) {
                Some(values) => (values.iter().any(|v| v == "true"), values.iter().any(|v| v == "false")),
                None => (false, false),
            },
        };
        let mut narrowing: Vec<String> = Vec::new();
        if category.iter().any(|value| value == "Management") {
            for field in fields.iter().filter(|field| !matches!(field.field.as_str(), "eventCategory" | "readOnly")) {
                match (field.field.as_str(), field.not_equals.as_deref()) {
                    ("eventSource", Some(sources)) if equals_only_not(field) => {
                        narrowing.push(format!("except from {}", sources.join(", ")))
                    }
                    _ => narrowing.push(format!("only where {}", describe_field(field))),
                }
            }
            self.add_management(read, write, (!narrowing.is_empty()).then(|| narrowing.join(" and ")));
            return;
        }
        if !category.iter().any(|value| value == "Data") {
            return;
        }
        let Some(types) = find("resources.type").and_then(equals_only) else { return };
        if !types.iter().any(|kind| kind == "AWS::S3::Object") {
            return;
        }
        let mut prefixes = None;
        for field in fields
            .iter()
            .filter(|field| !matches!(field.field.as_str(), "eventCategory" | "readOnly" | "resources.type"))
        {
            let starts_only = field.starts_with.is_some()
                && field.equals.is_none()
                && field.ends_with.is_none()
                && field.not_equals.is_none()
                && field.not_starts_with.is_none()
                && field.not_ends_with.is_none();
            if field.field == "resources.ARN" && starts_only && prefixes.is_none() {
                prefixes = field.starts_with.as_deref().map(<[String]>::to_vec);
            } else {
                narrowing.push(format!("only where {}", describe_field(field)));
            }
        }
        let narrowing = (!narrowing.is_empty()).then(|| narrowing.join(" and "));
        self.s3.push(S3Selector { read, write, prefixes, narrowing });
    }

    /// Whether S3 object-level `access` events of `bucket` (in `partition`) are recorded: all of
    /// them (a selector for every bucket, or for the whole bucket), some (an object prefix, or a
    /// selector narrowed otherwise), or none.
    pub fn s3_objects(&self, partition: &str, bucket: &str, access: Access) -> Recorded {
        let root = format!("arn:{partition}:s3:::{bucket}/");
        let mut recorded = Recorded::None;
        for selector in &self.s3 {
            let applies = match access {
                Access::Read => selector.read,
                Access::Write => selector.write,
            };
            if !applies {
                continue;
            }
            let (whole, part) = match &selector.prefixes {
                None => (true, None),
                Some(prefixes) => {
                    let whole = prefixes.iter().any(|prefix| root.starts_with(prefix.as_str()));
                    let part = prefixes.iter().find(|prefix| prefix.starts_with(&root) && prefix.len() > root.len());
                    (whole, part.map(|prefix| format!("objects under {prefix}")))
                }
            };
            match (&selector.narrowing, whole, part) {
                (None, true, _) => recorded.add(true, None),
                (Some(narrowing), true, _) => {
                    recorded.add(false, Some(format!("{} events {narrowing}", access.name())))
                }
                (narrowing, false, Some(part)) => recorded.add(
                    false,
                    Some(match narrowing {
                        Some(narrowing) => format!("{} events of {part} {narrowing}", access.name()),
                        None => format!("{} events of {part}", access.name()),
                    }),
                ),
                (_, false, None) => {}
            }
        }
        recorded
    }
}

/// The values of a field selector that has Equals and no other operator.
fn equals_only(field: &FieldSelector) -> Option<&[String]> {
    let other = field.starts_with.is_some()
        || field.ends_with.is_some()
        || field.not_equals.is_some()
        || field.not_starts_with.is_some()
        || field.not_ends_with.is_some();
    if other { None } else { field.equals.as_deref() }
}

/// Whether a field selector has NotEquals and nothing else.
fn equals_only_not(field: &FieldSelector) -> bool {
    field.equals.is_none()
        && field.starts_with.is_none()
        && field.ends_with.is_none()
        && field.not_starts_with.is_none()
        && field.not_ends_with.is_none()
}

/// `eventName Equals PutObject`, for messages.
fn describe_field(field: &FieldSelector) -> String {
    let operators = [
        ("Equals", &field.equals),
        ("StartsWith", &field.starts_with),
        ("EndsWith", &field.ends_with),
        ("NotEquals", &field.not_equals),
        ("NotStartsWith", &field.not_starts_with),
        ("NotEndsWith", &field.not_ends_with),
    ];
    let parts: Vec<String> = operators
        .iter()
        .filter_map(|(name, values)| {
            values.as_ref().map(|values| format!("{} {name} {}", field.field, values.join("|")))
        })
        .collect();
    if parts.is_empty() { format!("{} (no condition)", field.field) } else { parts.join(" and ") }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn coverage(value: serde_json::Value) -> EventCoverage {
        EventCoverage::of(&serde_json::from_value(value).unwrap())
    }

    #[test]
    fn the_default_basic_selector_records_every_management_event() {
        let c = coverage(json!({"TrailARN": "t", "EventSelectors": [
            {"ReadWriteType": "All", "IncludeManagementEvents": true, "DataResources": [], "ExcludeManagementEventSources": []}
        ]}));
        assert!(c.management.all());
        assert!(!c.advanced);
        assert_eq!(c.management.describe(), "all read and write management events");
        assert_eq!(c.s3_objects("aws", "logs", Access::Read), Recorded::None);
    }

    #[test]
    fn basic_defaults_apply_to_members_left_out() {
        assert!(coverage(json!({"EventSelectors": [{}]})).management.all());
    }

    #[test]
    fn read_only_and_write_only_selectors_add_up() {
        let c = coverage(json!({"EventSelectors": [
            {"ReadWriteType": "ReadOnly", "IncludeManagementEvents": true},
            {"ReadWriteType": "WriteOnly", "IncludeManagementEvents": true}
        ]}));
        assert!(c.management.all());
        let write_only = coverage(json!({"EventSelectors": [{"ReadWriteType": "WriteOnly"}]}));
        assert!(!write_only.management.all());
        assert_eq!(write_only.management.reads, Recorded::None);
        assert_eq!(write_only.management.describe(), "all write management events and no read management events");
    }

    #[test]
    fn excluded_sources_record_management_events_only_in_part() {
        let c = coverage(json!({"EventSelectors": [
            {"ReadWriteType": "All", "IncludeManagementEvents": true, "ExcludeManagementEventSources": ["kms.amazonaws.com"]}
        ]}));
        assert!(!c.management.all());
        assert_eq!(
            c.management.writes,
            Recorded::Partly(vec!["write management events except from kms.amazonaws.com".into()])
        );
    }

    #[test]
    fn no_management_events_and_empty_selector_lists() {
        let c = coverage(json!({"EventSelectors": [{"ReadWriteType": "All", "IncludeManagementEvents": false}]}));
        assert_eq!(c.management.reads, Recorded::None);
        assert_eq!(coverage(json!({"EventSelectors": []})).management.writes, Recorded::None);
    }

    #[test]
    fn an_advanced_management_selector_without_read_only_records_both_whatever_its_name() {
        let c = coverage(json!({"AdvancedEventSelectors": [
            {"Name": "anything", "FieldSelectors": [{"Field": "eventCategory", "Equals": ["Management"]}]}
        ]}));
        assert!(c.advanced);
        assert!(c.management.all());
        let reads = coverage(json!({"AdvancedEventSelectors": [{"FieldSelectors": [
            {"Field": "eventCategory", "Equals": ["Management"]}, {"Field": "readOnly", "Equals": ["true"]}
        ]}]}));
        assert!(reads.management.reads.is_all());
        assert_eq!(reads.management.writes, Recorded::None);
    }

    #[test]
    fn advanced_source_exclusions_and_other_fields_narrow() {
        let c = coverage(json!({"AdvancedEventSelectors": [{"FieldSelectors": [
            {"Field": "eventCategory", "Equals": ["Management"]},
            {"Field": "eventSource", "NotEquals": ["kms.amazonaws.com"]}
        ]}]}));
        assert!(!c.management.all());
        assert!(c.management.reads.is_some());
        assert_eq!(
            c.management.describe(),
            "read management events except from kms.amazonaws.com and write management events except from kms.amazonaws.com"
        );
        let odd = coverage(json!({"AdvancedEventSelectors": [{"FieldSelectors": [
            {"Field": "eventCategory", "Equals": ["Management"]},
            {"Field": "eventName", "Equals": ["ConsoleLogin"]}
        ]}]}));
        assert_eq!(
            odd.management.reads,
            Recorded::Partly(vec!["read management events only where eventName Equals ConsoleLogin".into()])
        );
        let not_equals = coverage(json!({"AdvancedEventSelectors": [{"FieldSelectors": [
            {"Field": "eventCategory", "NotEquals": ["Data"]}
        ]}]}));
        assert_eq!(not_equals.management.reads, Recorded::None, "only Equals names a category");
    }

    #[test]
    fn a_full_selector_wins_over_a_narrow_one() {
        let c = coverage(json!({"AdvancedEventSelectors": [
            {"FieldSelectors": [{"Field": "eventCategory", "Equals": ["Management"]}, {"Field": "eventSource", "NotEquals": ["kms.amazonaws.com"]}]},
            {"FieldSelectors": [{"Field": "eventCategory", "Equals": ["Management"]}]}
        ]}));
        assert!(c.management.all());
    }

    #[test]
    fn basic_s3_data_resources_are_arn_prefixes() {
        let c = coverage(json!({"EventSelectors": [
            {"ReadWriteType": "WriteOnly", "IncludeManagementEvents": false, "DataResources": [{"Type": "AWS::S3::Object", "Values": ["arn:aws:s3"]}]},
            {"ReadWriteType": "ReadOnly", "IncludeManagementEvents": false, "DataResources": [
                {"Type": "AWS::S3::Object", "Values": ["arn:aws:s3:::data/", "arn:aws:s3:::logs/2026/"]},
                {"Type": "AWS::Lambda::Function", "Values": ["arn:aws:lambda"]}
            ]}
        ]}));
        assert_eq!(c.s3_objects("aws", "anything", Access::Write), Recorded::All);
        assert_eq!(c.s3_objects("aws", "data", Access::Read), Recorded::All);
        assert_eq!(c.s3_objects("aws", "data2", Access::Read), Recorded::None, "data/ is not data2/");
        assert_eq!(
            c.s3_objects("aws", "logs", Access::Read),
            Recorded::Partly(vec!["read events of objects under arn:aws:s3:::logs/2026/".into()])
        );
        assert_eq!(c.s3_objects("aws-cn", "data", Access::Write), Recorded::None, "another partition");
        assert_eq!(c.management.reads, Recorded::None);
    }

    #[test]
    fn advanced_s3_selectors_by_read_only_and_arn() {
        let all = coverage(json!({"AdvancedEventSelectors": [{"Name": "S3", "FieldSelectors": [
            {"Field": "eventCategory", "Equals": ["Data"]}, {"Field": "resources.type", "Equals": ["AWS::S3::Object"]}
        ]}]}));
        assert_eq!(all.s3_objects("aws", "b", Access::Read), Recorded::All);
        assert_eq!(all.s3_objects("aws", "b", Access::Write), Recorded::All);
        assert_eq!(all.management.reads, Recorded::None);
        let writes_of_one = coverage(json!({"AdvancedEventSelectors": [{"FieldSelectors": [
            {"Field": "eventCategory", "Equals": ["Data"]}, {"Field": "resources.type", "Equals": ["AWS::S3::Object"]},
            {"Field": "readOnly", "Equals": ["false"]}, {"Field": "resources.ARN", "StartsWith": ["arn:aws:s3:::b/"]}
        ]}]}));
        assert_eq!(writes_of_one.s3_objects("aws", "b", Access::Write), Recorded::All);
        assert_eq!(writes_of_one.s3_objects("aws", "b", Access::Read), Recorded::None);
        assert_eq!(writes_of_one.s3_objects("aws", "c", Access::Write), Recorded::None);
        let excluded = coverage(json!({"AdvancedEventSelectors": [{"FieldSelectors": [
            {"Field": "eventCategory", "Equals": ["Data"]}, {"Field": "resources.type", "Equals": ["AWS::S3::Object"]},
            {"Field": "resources.ARN", "NotStartsWith": ["arn:aws:s3:::b/tmp/"]}
        ]}]}));
        assert_eq!(
            excluded.s3_objects("aws", "b", Access::Read),
            Recorded::Partly(vec!["read events only where resources.ARN NotStartsWith arn:aws:s3:::b/tmp/".into()])
        );
        let lambda = coverage(json!({"AdvancedEventSelectors": [{"FieldSelectors": [
            {"Field": "eventCategory", "Equals": ["Data"]}, {"Field": "resources.type", "Equals": ["AWS::Lambda::Function"]}
        ]}]}));
        assert_eq!(lambda.s3_objects("aws", "b", Access::Read), Recorded::None);
    }

    #[test]
    fn log_group_names_and_regions_from_arns() {
        assert_eq!(log_group_name("arn:aws:logs:us-east-1:123456789012:log-group:trail/logs:*"), Some("trail/logs"));
        assert_eq!(log_group_name("arn:aws:logs:us-east-1:123456789012:log-group:plain"), Some("plain"));
        assert_eq!(log_group_name("arn:aws:logs:us-east-1:123456789012:other"), None);
        assert_eq!(log_group_region("arn:aws:logs:eu-west-1:123456789012:log-group:x:*"), Some("eu-west-1"));
    }
}
