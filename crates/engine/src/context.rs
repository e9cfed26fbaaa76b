//! What a check sees of the snapshot, and how it reports.
//!
//! Each check runs with its own [`Context`], which serves only the calls and settings the check
//! declares. The typed views of the calls' data are parsed once per evaluation, on first use,
//! and shared by every check that reads them ([`Views`]).

use std::any::{Any, TypeId};
use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};
use std::fmt;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use serde::de::DeserializeOwned;
use stance_snapshot::{CallError, ErrorKind, Outcome, RegionCalls, Snapshot};

use crate::check::{Call, CallId, Check};
use crate::results::{CheckResult, Status};
use crate::settings::{Setting, SettingType, Settings};

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
pub type Read<T> = Result<Option<Arc<T>>, Unknown>;

/// A typed view of a call's data: a serde struct with the API's member names.
pub trait View: DeserializeOwned + Send + Sync + 'static {}

impl<T: DeserializeOwned + Send + Sync + 'static> View for T {}

/// What every check of one evaluation shares: the snapshot, the settings and the parsed views.
pub(crate) struct Shared<'s> {
    pub(crate) snapshot: &'s Snapshot<'s>,
    pub(crate) settings: &'s Settings,
    views: Views,
}

impl<'s> Shared<'s> {
    /// For an evaluation that runs `checks`.
    pub(crate) fn new(snapshot: &'s Snapshot<'s>, settings: &'s Settings, checks: &[&Check]) -> Self {
        let mut readers = HashMap::new();
        for call in checks.iter().flat_map(|check| check.reads) {
            *readers.entry(*call).or_insert(0) += 1;
        }
        Shared { snapshot, settings, views: Views { parsed: Mutex::default(), readers: Mutex::new(readers) } }
    }

    /// Drops the views no check that is still to run reads.
    pub(crate) fn finished(&self, check: &Check) {
        let mut readers = self.views.readers.lock().unwrap_or_else(PoisonError::into_inner);
        let mut done = Vec::new();
        for call in check.reads {
            if let Some(count) = readers.get_mut(call) {
                *count -= 1;
                if *count == 0 {
                    done.push(*call);
                }
            }
        }
        if !done.is_empty() {
            let mut parsed = self.views.parsed.lock().unwrap_or_else(PoisonError::into_inner);
            parsed.retain(|_, (call, _)| !done.contains(call));
        }
    }
}

/// The typed views parsed so far, keyed by the outcome they were parsed from (its address in
/// the snapshot, which does not move while it is borrowed) and the view's type. Each is parsed
/// once: a check asking for a view another is parsing waits for it. A call's views are dropped
/// once every check reading it has finished, so that memory holds the views in use, not all.
struct Views {
    parsed: Mutex<HashMap<ViewKey, (CallId, ViewCell)>>,
    /// For each call, how many of the checks reading it have not finished.
    readers: Mutex<HashMap<CallId, usize>>,
}

/// An outcome's address and a view type.
type ViewKey = (usize, TypeId);

type Parsed = Result<Arc<dyn Any + Send + Sync>, Unknown>;

/// A view, once parsed by the first check that asks for it.
type ViewCell = Arc<OnceLock<Parsed>>;

impl Views {
    fn get<T: View>(&self, call: CallId, outcome: &Outcome) -> Read<T> {
        let data = match outcome {
            Outcome::Data(data) => data,
            Outcome::Error(error) if error.kind == ErrorKind::NotConfigured => return Ok(None),
            Outcome::Error(error) => return Err(Unknown(format!("{call} failed: {error}"))),
        };
        let key = (std::ptr::from_ref(outcome) as usize, TypeId::of::<T>());
        let cell = {
            let mut parsed = self.parsed.lock().unwrap_or_else(PoisonError::into_inner);
            Arc::clone(&parsed.entry(key).or_insert_with(|| (call, Arc::default())).1)
        };
        let parsed = cell.get_or_init(|| {
            // Every AWS response is an object. serde would also read a struct from an array of
            // its members in order, which only a damaged snapshot holds.
            if !data.text().trim_start().starts_with('{') {
                return Err(Unknown(format!("{call} returned unexpected data: not a JSON object")));
            }
            match data.parse::<T>() {
                Ok(view) => Ok(Arc::new(view)),
                Err(e) => Err(Unknown(format!("{call} returned unexpected data: {}", without_position(&e)))),
            }
        });
        match parsed {
            Ok(view) => Ok(Some(Arc::clone(view).downcast::<T>().expect("views are keyed by their type"))),
            Err(reason) => Err(reason.clone()),
        }
    }
}

/// A data error's message without its line and column, which count from the start of the
/// call's data rather than the file, and so would only mislead.
fn without_position(error: &serde_json::Error) -> String {
    let message = error.to_string();
    let position = format!(" at line {} column {}", error.line(), error.column());
    message.strip_suffix(&position).map_or_else(|| message.clone(), str::to_owned)
}

/// A check's view of one snapshot: only the calls and settings the check declares.
pub struct Context<'a> {
    shared: &'a Shared<'a>,
    check: &'static Check,
    /// The calls the check asked for, declared or not.
    asked: RefCell<BTreeSet<CallId>>,
    /// The regional calls the check asked for, with the region.
    asked_in: RefCell<BTreeSet<(CallId, String)>>,
}

impl<'a> Context<'a> {
    pub(crate) fn new(shared: &'a Shared<'a>, check: &'static Check) -> Self {
        Context { shared, check, asked: RefCell::default(), asked_in: RefCell::default() }
    }

    /// The calls the check asked for (any not in its `reads` were refused), and the regional ones
    /// with their regions.
    pub(crate) fn asked_with_regions(self) -> (BTreeSet<CallId>, BTreeSet<(CallId, String)>) {
        (self.asked.into_inner(), self.asked_in.into_inner())
    }

    /// When the snapshot was collected: the "now" that ages are measured against, so that
    /// evaluating a snapshot again gives the same results.
    pub fn now(&self) -> jiff::Timestamp {
        self.shared.snapshot.collected_at
    }

    /// Whole days from `then` to when the snapshot was collected, 0 for a time after it: the age
    /// day thresholds are measured with.
    pub fn days_since(&self, then: jiff::Timestamp) -> i64 {
        whole_days(then, self.now()).max(0)
    }

    /// The id of the account the snapshot was collected in (from STS GetCallerIdentity, which
    /// every collection starts with).
    pub fn account_id(&self) -> &'a str {
        &self.shared.snapshot.account.id
    }

    pub fn partition(&self) -> &'a str {
        &self.shared.snapshot.account.partition
    }

    /// The regions the snapshot covers.
    pub fn regions(&self) -> &'a [String] {
        &self.shared.snapshot.regions
    }

    /// The value of one of the check's settings.
    pub fn setting<T: SettingType>(&self, setting: &'static Setting<T>) -> &'a T {
        assert!(
            self.check.settings.iter().any(|declared| std::ptr::eq(*declared, &setting.info)),
            "{} reads setting {}, which it does not declare",
            self.check.id,
            setting.info.name
        );
        self.shared.settings.get(setting)
    }

    /// An ARN in this snapshot's account and partition.
    pub fn arn(&self, service: &str, region: &str, resource: &str) -> String {
        self.typed_arn(service, region, "", resource)
    }

    /// The ARN of a resource named `kind/id` (`security-group/sg-1`), made in one allocation:
    /// checks make one per result, hundreds of thousands on a large account.
    pub fn typed_arn(&self, service: &str, region: &str, kind: &str, id: &str) -> String {
        let account = &self.shared.snapshot.account;
        let parts = ["arn:", &account.partition, ":", service, ":", region, ":", &account.id, ":", kind];
        let slash = if kind.is_empty() { "" } else { "/" };
        let mut arn =
            String::with_capacity(parts.iter().map(|part| part.len()).sum::<usize>() + slash.len() + id.len());
        parts.iter().chain([&slash, &id]).for_each(|part| arn.push_str(part));
        arn
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

    /// Records that the check asks for `call`, and refuses it unless the check declares it.
    fn declared(&self, call: CallId) -> Result<(), Unknown> {
        self.asked.borrow_mut().insert(call);
        if self.check.reads.contains(&call) {
            Ok(())
        } else {
            Err(Unknown(format!("internal error: {} reads {call}, which it does not declare", self.check.id)))
        }
    }

    /// The data of a call made once for `region` (`global` for global services).
    pub fn read<T: View>(&self, call: Call<T>, region: &str) -> Read<T> {
        let call = call.id;
        self.asked_in.borrow_mut().insert((call, region.to_owned()));
        self.declared(call)?;
        match self.shared.snapshot.call(call.service, call.operation, region) {
            None => Err(Unknown(format!("{call} was not collected for {region}"))),
            Some(RegionCalls::Call(outcome)) => self.shared.views.get(call, outcome),
            Some(RegionCalls::PerResource(_)) => Err(Unknown(format!("{call} holds per-resource calls, not one call"))),
        }
    }

    /// The data of a call made once for `region`, where "not configured" leaves nothing to check.
    pub fn read_configured<T: View>(&self, call: Call<T>, region: &str) -> Result<Arc<T>, Unknown> {
        self.read(call, region)?.ok_or_else(|| not_configured(call.id))
    }

    /// Runs `judge` on the data of a regional `call` in each region of the snapshot, and
    /// reports UNKNOWN for the region wherever that data is missing or failed.
    pub fn each_region<T: View>(
        &self,
        call: Call<T>,
        findings: &mut Findings,
        mut judge: impl FnMut(&str, &T, &mut Findings),
    ) {
        for region in self.regions() {
            match self.read_configured(call, region) {
                Ok(data) => judge(region, &data, findings),
                Err(reason) => {
                    findings.unknown(self.region_arn(&call.id.service.to_lowercase(), region), region, &reason)
                }
            }
        }
    }

    /// The data of a call made once per resource, wherever it was made, with the region
    /// it was made in.
    pub fn read_resource<T: View>(&self, call: Call<T>, arn: &str) -> (Option<&'a str>, Read<T>) {
        let call = call.id;
        if let Err(reason) = self.declared(call) {
            return (None, Err(reason));
        }
        let found =
            self.shared.snapshot.call_regions(call.service, call.operation).find_map(|(region, calls)| match calls {
                RegionCalls::PerResource(resources) => resources.get(arn).map(|outcome| (region, outcome)),
                RegionCalls::Call(_) => None,
            });
        match found {
            Some((region, outcome)) => (Some(region), self.shared.views.get(call, outcome)),
            None => (None, Err(Unknown(format!("{call} was not collected for {arn}")))),
        }
    }

    /// The error a call made once for `region` was recorded with, for checks where the error is
    /// itself the answer (Macie's "Macie is not enabled" AccessDeniedException, IAM's
    /// `AccountNotManagementOrDelegatedAdministratorException`), and which [`Context::read`]
    /// turns into an UNKNOWN reason. `None` when the call answered with data, was not collected
    /// for `region`, or is not declared by the check (which `read` reports).
    pub fn call_error<T: View>(&self, call: Call<T>, region: &str) -> Option<&'a CallError> {
        let call = call.id;
        self.asked_in.borrow_mut().insert((call, region.to_owned()));
        self.declared(call).ok()?;
        match self.shared.snapshot.call(call.service, call.operation, region) {
            Some(RegionCalls::Call(Outcome::Error(error))) => Some(error),
            _ => None,
        }
    }

    /// The error a per-resource call was recorded with, for checks where how a call failed is
    /// itself the answer (the HTTP status of a HEAD request, which has no error body), and which
    /// [`Context::read_resource`] turns into an UNKNOWN reason. `None` when the call answered
    /// with data, was not collected for `arn`, or is not declared by the check (which
    /// `read_resource` reports).
    pub fn resource_error<T: View>(&self, call: Call<T>, arn: &str) -> Option<&'a CallError> {
        let call = call.id;
        self.declared(call).ok()?;
        self.shared.snapshot.call_regions(call.service, call.operation).find_map(|(_, calls)| match calls {
            RegionCalls::PerResource(resources) => match resources.get(arn) {
                Some(Outcome::Error(error)) => Some(error),
                _ => None,
            },
            RegionCalls::Call(_) => None,
        })
    }
}

/// For calls whose "not configured" answer is no answer at all.
pub fn not_configured(call: CallId) -> Unknown {
    Unknown(format!("{call} answered \"not configured\", which leaves nothing to check"))
}

/// The findings a check reports, in the order it reports them: its results.
#[derive(Debug)]
pub struct Findings {
    check: &'static Check,
    account: Arc<str>,
    pub(crate) results: Vec<CheckResult>,
}

impl Findings {
    pub(crate) fn new(check: &'static Check, account: Arc<str>) -> Findings {
        Findings { check, account, results: Vec::new() }
    }

    pub fn add(&mut self, status: Status, resource: impl Into<String>, region: &str, message: impl Into<String>) {
        self.results.push(CheckResult {
            check: self.check,
            resource: resource.into(),
            region: region.to_owned(),
            status,
            message: message.into(),
            account: self.account.clone(),
            suppressed: None,
            baseline: None,
        });
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

/// Whole days from `from` to `to`, rounded down: negative when `to` is earlier (a certificate
/// that expired), and a day less than 24 hours away is 0 days away.
pub fn whole_days(from: jiff::Timestamp, to: jiff::Timestamp) -> i64 {
    (to.as_second() - from.as_second()).div_euclid(86_400)
}

#[cfg(test)]
mod tests {
    #[test]
    fn whole_days_round_down() {
        let at = |text: &str| text.parse::<jiff::Timestamp>().unwrap();
        assert_eq!(super::whole_days(at("2026-01-01T00:00:00Z"), at("2026-01-31T23:59:59Z")), 30);
        assert_eq!(super::whole_days(at("2026-01-01T00:00:00Z"), at("2026-01-01T00:00:00Z")), 0);
        assert_eq!(super::whole_days(at("2026-01-02T00:00:00Z"), at("2026-01-01T12:00:00Z")), -1);
    }

    use stance_snapshot::{Account, Data};

    use super::*;
    use crate::views::ec2::DESCRIBE_VOLUMES;

    #[test]
    fn a_view_is_parsed_once_and_shared() {
        let account = Account { id: "1".into(), arn: "a".into(), partition: "aws".into() };
        let mut snapshot = Snapshot::new("0", "2026-01-01T00:00:00Z".parse().unwrap(), account, vec!["r".into()]);
        let data = Data::from_value(&serde_json::json!({"Volumes": []}));
        snapshot.insert("EC2", "DescribeVolumes", "r", Outcome::Data(data));
        let malformed = Data::from_value(&serde_json::json!({"Volumes": 3}));
        snapshot.insert("EC2", "DescribeVolumes", "s", Outcome::Data(malformed));
        let array = Data::from_value(&serde_json::json!([[]]));
        snapshot.insert("EC2", "DescribeVolumes", "t", Outcome::Data(array));
        let settings = Settings::default();
        let check = crate::check_by_id("ebsEncryptionEnabled").unwrap();
        let shared = Shared::new(&snapshot, &settings, &[check, check]);
        let (one, two) = (Context::new(&shared, check), Context::new(&shared, check));
        let first = one.read(DESCRIBE_VOLUMES, "r").unwrap().unwrap();
        assert!(Arc::ptr_eq(&first, &two.read(DESCRIBE_VOLUMES, "r").unwrap().unwrap()));
        assert_eq!(shared.views.parsed.lock().unwrap().len(), 1);
        let error = one.read(DESCRIBE_VOLUMES, "s").unwrap_err().to_string();
        assert_eq!(
            error,
            "EC2 DescribeVolumes returned unexpected data: invalid type: integer `3`, expected a sequence"
        );
        assert_eq!(two.read(DESCRIBE_VOLUMES, "s").unwrap_err().to_string(), error, "the error is kept too");
        shared.finished(check);
        assert_eq!(shared.views.parsed.lock().unwrap().len(), 2, "the other reader of the call is still running");
        shared.finished(check);
        assert!(shared.views.parsed.lock().unwrap().is_empty(), "no reader left");
        let error = one.read(DESCRIBE_VOLUMES, "t").unwrap_err().to_string();
        assert_eq!(
            error, "EC2 DescribeVolumes returned unexpected data: not a JSON object",
            "not [[]] as {{Volumes: []}}"
        );
    }

    #[test]
    fn resource_error_gives_the_recorded_error_of_a_declared_call() {
        use crate::views::s3_config::HEAD_BUCKET;
        let account = Account { id: "1".into(), arn: "a".into(), partition: "aws".into() };
        let mut snapshot = Snapshot::new("0", "2026-01-01T00:00:00Z".parse().unwrap(), account, vec!["r".into()]);
        let moved = CallError { code: "301".into(), message: None, http_status: Some(301), kind: ErrorKind::Other };
        snapshot.insert_resource("S3", "HeadBucket", "global", "arn:aws:s3:::moved", Outcome::Error(moved.clone()));
        let data = Data::from_value(&serde_json::json!({"BucketRegion": "us-east-1"}));
        snapshot.insert_resource("S3", "HeadBucket", "global", "arn:aws:s3:::taken", Outcome::Data(data));
        let settings = Settings::default();
        let check = crate::check_by_id("bucketShadowResource").unwrap();
        let shared = Shared::new(&snapshot, &settings, &[check]);
        let ctx = Context::new(&shared, check);
        assert_eq!(ctx.resource_error(HEAD_BUCKET, "arn:aws:s3:::moved"), Some(&moved));
        assert!(ctx.read_resource(HEAD_BUCKET, "arn:aws:s3:::moved").1.is_err(), "the same error, as a reason");
        assert_eq!(ctx.resource_error(HEAD_BUCKET, "arn:aws:s3:::taken"), None, "data is no error");
        assert_eq!(ctx.resource_error(HEAD_BUCKET, "arn:aws:s3:::absent"), None, "not collected");
        let other = crate::check_by_id("ebsEncryptionEnabled").unwrap();
        let undeclared = Context::new(&shared, other);
        assert_eq!(undeclared.resource_error(HEAD_BUCKET, "arn:aws:s3:::moved"), None, "not declared");
        assert!(undeclared.asked_with_regions().0.contains(&HEAD_BUCKET.id), "and the ask is recorded");
    }

    #[test]
    fn call_error_gives_the_recorded_error_of_a_declared_regional_call() {
        use crate::views::governance::GET_MACIE_SESSION;
        let account = Account { id: "1".into(), arn: "a".into(), partition: "aws".into() };
        let mut snapshot = Snapshot::new("0", "2026-01-01T00:00:00Z".parse().unwrap(), account, vec!["r".into()]);
        let off = CallError {
            code: "AccessDeniedException".into(),
            message: Some("Macie is not enabled.".into()),
            http_status: Some(403),
            kind: ErrorKind::AccessDenied,
        };
        snapshot.insert("Macie2", "GetMacieSession", "r", Outcome::Error(off.clone()));
        let data = Data::from_value(&serde_json::json!({"status": "ENABLED"}));
        snapshot.insert("Macie2", "GetMacieSession", "s", Outcome::Data(data));
        let settings = Settings::default();
        let check = crate::check_by_id("macieEnabled").unwrap();
        let shared = Shared::new(&snapshot, &settings, &[check]);
        let ctx = Context::new(&shared, check);
        assert_eq!(ctx.call_error(GET_MACIE_SESSION, "r"), Some(&off));
        assert_eq!(ctx.call_error(GET_MACIE_SESSION, "s"), None, "data is no error");
        assert_eq!(ctx.call_error(GET_MACIE_SESSION, "t"), None, "not collected");
        let other = crate::check_by_id("ebsEncryptionEnabled").unwrap();
        let undeclared = Context::new(&shared, other);
        assert_eq!(undeclared.call_error(GET_MACIE_SESSION, "r"), None, "not declared");
        assert!(undeclared.asked_with_regions().0.contains(&GET_MACIE_SESSION.id), "and the ask is recorded");
    }
}
