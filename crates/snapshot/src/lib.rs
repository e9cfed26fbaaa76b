//! The stance snapshot format: what `stance collect` writes and `stance evaluate` reads.
//!
//! A snapshot is one JSON document: a header (format, versions, time, account, regions)
//! and the outcome of every API call, keyed service → operation → region → (for
//! per-resource calls) resource ARN. See `docs/snapshot.md` for the full description.

mod calls;
mod error_kind;
pub mod identity;
mod io;
pub mod operations;
pub mod predictable_buckets;
mod strict;
pub mod user_data;

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use calls::{CallError, Data, Outcome, RegionCalls};
pub use error_kind::ErrorKind;
pub use io::{SnapshotError, parse, read_text, write, write_atomically};

/// The value of the `format` header field.
pub const FORMAT_NAME: &str = "stance-snapshot";
/// The major version this build reads and writes. A snapshot of a newer major is refused.
pub const FORMAT_MAJOR: u32 = 1;
/// The minor version this build writes; minors add fields that older readers ignore.
pub const FORMAT_MINOR: u32 = 0;
/// The region key of calls that are not regional: IAM, STS, S3 ListBuckets.
pub const GLOBAL_REGION: &str = "global";

/// The outcomes of every call: service → operation → region → [`RegionCalls`].
pub type Calls<'a> = BTreeMap<String, BTreeMap<String, BTreeMap<String, RegionCalls<'a>>>>;

/// A whole snapshot. Its calls' data borrow from the text it was parsed from ([`parse`]), or
/// are owned (`Snapshot<'static>`, as the collector builds it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(
    title = "stance snapshot",
    description = "The API responses of one AWS account, as collected by `stance collect`."
)]
pub struct Snapshot<'a> {
    /// Always `stance-snapshot`.
    pub format: String,
    /// `MAJOR.MINOR`. Readers refuse a newer major and ignore fields they do not know.
    pub format_version: String,
    /// The version of stance that wrote the snapshot.
    pub tool_version: String,
    /// When collection started, RFC 3339. Checks measure ages ("used in the last 15 days") against it.
    #[schemars(with = "String", extend("format" = "date-time"))]
    pub collected_at: jiff::Timestamp,
    /// The account the credentials belong to, from STS GetCallerIdentity.
    pub account: Account,
    /// The regions collected, e.g. `["eu-west-1", "us-east-1"]`.
    pub regions: Vec<String>,
    /// Every call's outcome: service (`EC2`, `IAM`, `S3`, `STS`) → operation (the API's name,
    /// e.g. `DescribeSecurityGroups`) → region (`global` for global calls) → outcome, or for
    /// per-resource calls a map from the resource's ARN to its outcome.
    #[serde(borrow)]
    pub calls: Calls<'a>,
}

/// The identity that collected the snapshot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Account {
    /// The 12-digit account id.
    pub id: String,
    /// The ARN of the calling identity.
    pub arn: String,
    /// `aws`, `aws-cn` or `aws-us-gov`.
    pub partition: String,
}

impl<'a> Snapshot<'a> {
    /// An empty snapshot of the current format version, to be filled with calls.
    pub fn new(tool_version: &str, collected_at: jiff::Timestamp, account: Account, regions: Vec<String>) -> Self {
        Snapshot {
            format: FORMAT_NAME.to_owned(),
            format_version: format!("{FORMAT_MAJOR}.{FORMAT_MINOR}"),
            tool_version: tool_version.to_owned(),
            collected_at,
            account,
            regions,
            calls: Calls::new(),
        }
    }

    /// The outcomes of `service`/`operation` in `region`, if that call was collected.
    pub fn call(&self, service: &str, operation: &str, region: &str) -> Option<&RegionCalls<'a>> {
        self.calls.get(service)?.get(operation)?.get(region)
    }

    /// Every region in which `service`/`operation` was collected, with its outcomes.
    pub fn call_regions(&self, service: &str, operation: &str) -> impl Iterator<Item = (&str, &RegionCalls<'a>)> {
        self.calls
            .get(service)
            .and_then(|ops| ops.get(operation))
            .into_iter()
            .flatten()
            .map(|(region, calls)| (region.as_str(), calls))
    }

    /// Every outcome in the snapshot.
    pub fn outcomes(&self) -> impl Iterator<Item = &Outcome<'a>> {
        self.calls
            .values()
            .flat_map(|operations| operations.values())
            .flat_map(|regions| regions.values())
            .flat_map(RegionCalls::outcomes)
    }

    /// Records the outcome of a call made once per region.
    pub fn insert(&mut self, service: &str, operation: &str, region: &str, outcome: Outcome<'a>) {
        self.operation_mut(service, operation).insert(region.to_owned(), RegionCalls::Call(outcome));
    }

    /// Records the outcome of a call made once per resource (keyed by the resource's ARN).
    pub fn insert_resource(
        &mut self,
        service: &str,
        operation: &str,
        region: &str,
        resource_arn: &str,
        outcome: Outcome<'a>,
    ) {
        let entry = self
            .operation_mut(service, operation)
            .entry(region.to_owned())
            .or_insert_with(|| RegionCalls::PerResource(BTreeMap::new()));
        match entry {
            RegionCalls::PerResource(map) => {
                map.insert(resource_arn.to_owned().into(), outcome);
            }
            RegionCalls::Call(_) => {
                *entry = RegionCalls::PerResource(BTreeMap::from([(resource_arn.to_owned().into(), outcome)]))
            }
        }
    }

    /// The snapshot as JSON text, exactly as `serde_json::to_string` writes it, made while
    /// the calls are dropped one by one: the text and the whole tree are never held at once.
    pub fn into_json(mut self) -> String {
        let calls = std::mem::take(&mut self.calls);
        let header = self;
        // `calls` is the last field: the header's text ends with its empty object.
        let mut text = serde_json::to_string(&header).expect("a snapshot serializes");
        text.truncate(text.len() - "{}}".len());
        let key = |text: &mut String, key: &str| {
            text.push_str(&serde_json::to_string(key).expect("a string serializes"));
            text.push(':');
        };
        text.push('{');
        for (index, (service, operations)) in calls.into_iter().enumerate() {
            text.push_str(if index == 0 { "" } else { "," });
            key(&mut text, &service);
            text.push('{');
            for (index, (operation, regions)) in operations.into_iter().enumerate() {
                text.push_str(if index == 0 { "" } else { "," });
                key(&mut text, &operation);
                text.push('{');
                for (index, (region, outcomes)) in regions.into_iter().enumerate() {
                    text.push_str(if index == 0 { "" } else { "," });
                    key(&mut text, &region);
                    text.push_str(&serde_json::to_string(&outcomes).expect("outcomes serialize"));
                }
                text.push('}');
            }
            text.push('}');
        }
        text.push_str("}}");
        text
    }

    fn operation_mut(&mut self, service: &str, operation: &str) -> &mut BTreeMap<String, RegionCalls<'a>> {
        self.calls.entry(service.to_owned()).or_default().entry(operation.to_owned()).or_default()
    }
}

/// The JSON Schema of the snapshot format, as written to `docs/snapshot.schema.json`.
pub fn json_schema() -> schemars::Schema {
    schemars::schema_for!(Snapshot<'static>)
}
