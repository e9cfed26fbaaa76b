//! What a check sees of the snapshot, and how it reports.

use std::fmt;

use serde::de::DeserializeOwned;
use stance_snapshot::{ErrorKind, Outcome, RegionCalls, Snapshot};

use crate::check::{Call, Setting};
use crate::results::Status;
use crate::settings::Settings;

/// A check's view of one snapshot.
pub struct Context<'a> {
    snapshot: &'a Snapshot,
    settings: &'a Settings,
}

/// Why a check cannot tell OK from FAIL; it becomes the message of an UNKNOWN result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unknown(String);

impl fmt::Display for Unknown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Unknown {
    pub fn new(reason: impl Into<String>) -> Unknown {
        Unknown(reason.into())
    }
}

/// The data of a call that was collected. `None` means AWS answered "not configured"
/// (for example `NoSuchBucketPolicy`), which is a fact, not an error.
pub type Read<T> = Result<Option<T>, Unknown>;

impl<'a> Context<'a> {
    pub(crate) fn new(snapshot: &'a Snapshot, settings: &'a Settings) -> Self {
        Context { snapshot, settings }
    }

    /// When the snapshot was collected: the "now" that ages are measured against, so that
    /// evaluating a snapshot again gives the same results.
    pub fn now(&self) -> jiff::Timestamp {
        self.snapshot.collected_at
    }

    pub fn partition(&self) -> &'a str {
        &self.snapshot.account.partition
    }

    /// The regions the snapshot covers.
    pub fn regions(&self) -> &'a [String] {
        &self.snapshot.regions
    }

    pub fn setting(&self, setting: &Setting) -> i64 {
        self.settings.get(setting)
    }

    /// An ARN in this snapshot's account and partition.
    pub fn arn(&self, service: &str, region: &str, resource: &str) -> String {
        let account = &self.snapshot.account;
        format!("arn:{}:{service}:{region}:{}:{resource}", account.partition, account.id)
    }

    /// The resource of account-wide findings for IAM: the account itself.
    pub fn account_arn(&self) -> String {
        self.arn("iam", "", "root")
    }

    /// The resource of region-wide findings for a service ("no VPCs in this region",
    /// "could not list security groups here").
    pub fn region_arn(&self, service: &str, region: &str) -> String {
        self.arn(service, region, "account")
    }

    /// The data of a call made once for `region` (`global` for global services).
    pub fn read<T: DeserializeOwned>(&self, call: Call, region: &str) -> Read<T> {
        match self.snapshot.call(call.service, call.operation, region) {
            None => Err(Unknown(format!("{} {} was not collected for {region}", call.service, call.operation))),
            Some(RegionCalls::Call(outcome)) => typed(call, outcome),
            Some(RegionCalls::PerResource(_)) => {
                Err(Unknown(format!("{} {} holds per-resource calls, not one call", call.service, call.operation)))
            }
        }
    }

    /// Runs `judge` on the data of a regional `call` in each region of the snapshot, and
    /// reports UNKNOWN for the region wherever that data is missing or failed.
    pub fn each_region<T: DeserializeOwned>(
        &self,
        call: Call,
        findings: &mut Findings,
        mut judge: impl FnMut(&str, T, &mut Findings),
    ) {
        for region in self.regions() {
            match self.read::<T>(call, region).and_then(|data| data.ok_or_else(|| not_configured(call))) {
                Ok(data) => judge(region, data, findings),
                Err(reason) => findings.unknown(self.region_arn(&call.service.to_lowercase(), region), region, &reason),
            }
        }
    }

    /// The data of a call made once per resource, wherever it was made, with the region
    /// it was made in.
    pub fn read_resource<T: DeserializeOwned>(&self, call: Call, arn: &str) -> (Option<&'a str>, Read<T>) {
        let found = self.snapshot.call_regions(call.service, call.operation).find_map(|(region, calls)| match calls {
            RegionCalls::PerResource(resources) => resources.get(arn).map(|outcome| (region, outcome)),
            RegionCalls::Call(_) => None,
        });
        match found {
            Some((region, outcome)) => (Some(region), typed(call, outcome)),
            None => (None, Err(Unknown(format!("{} {} was not collected for {arn}", call.service, call.operation)))),
        }
    }
}

/// For calls whose "not configured" answer is no answer at all.
pub fn not_configured(call: Call) -> Unknown {
    Unknown(format!("{} {} answered \"not configured\", which leaves nothing to check", call.service, call.operation))
}

fn typed<T: DeserializeOwned>(call: Call, outcome: &Outcome) -> Read<T> {
    match outcome {
        Outcome::Data(data) => T::deserialize(data)
            .map(Some)
            .map_err(|e| Unknown(format!("{} {} returned unexpected data: {e}", call.service, call.operation))),
        Outcome::Error(error) if error.kind == ErrorKind::NotConfigured => Ok(None),
        Outcome::Error(error) => Err(Unknown(format!("{} {} failed: {error}", call.service, call.operation))),
    }
}

/// One verdict on one resource, before the check's metadata is attached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub status: Status,
    pub resource: String,
    pub region: String,
    pub message: String,
}

/// The findings a check reports, in the order it reports them.
#[derive(Debug, Default)]
pub struct Findings(pub(crate) Vec<Finding>);

impl Findings {
    pub fn add(&mut self, status: Status, resource: impl Into<String>, region: &str, message: impl Into<String>) {
        self.0.push(Finding { status, resource: resource.into(), region: region.to_owned(), message: message.into() });
    }

    pub fn ok(&mut self, resource: impl Into<String>, region: &str, message: impl Into<String>) {
        self.add(Status::Ok, resource, region, message);
    }

    pub fn warn(&mut self, resource: impl Into<String>, region: &str, message: impl Into<String>) {
        self.add(Status::Warn, resource, region, message);
    }

    pub fn fail(&mut self, resource: impl Into<String>, region: &str, message: impl Into<String>) {
        self.add(Status::Fail, resource, region, message);
    }

    pub fn unknown(&mut self, resource: impl Into<String>, region: &str, reason: &Unknown) {
        self.add(Status::Unknown, resource, region, reason.to_string());
    }
}

/// `1 day`, `2 days`.
pub fn plural(count: i64, noun: &str) -> String {
    if count == 1 { format!("{count} {noun}") } else { format!("{count} {noun}s") }
}
