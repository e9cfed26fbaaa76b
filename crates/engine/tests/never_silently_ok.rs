//! Never silently OK, proven for every check: faulting a call a check reads can turn its
//! verdicts into UNKNOWN, but never makes or changes a verdict, and never leaves an OK that
//! depended on the faulted data.
//!
//! For every check, on each of its fixtures and on the whole-account fixture, and for every
//! call in its `reads`, the call is faulted in each of these ways:
//! - removed from the snapshot, or all its outcomes replaced with `AccessDenied`;
//! - for a call made once per region: one region's outcome replaced with `AccessDenied`;
//! - for a call made once per resource: one resource's outcome removed, or replaced with
//!   `AccessDenied`.
//!
//! Each faulted snapshot is evaluated and compared with the unfaulted one (the baseline):
//! 1. every result that is not UNKNOWN has a baseline result with the same resource and status;
//! 2. if the check read the call, and the call had an answer (data, or "not configured") within the fault's scope and the
//!    baseline has OK results within it (all results, the faulted region's, or the faulted
//!    resource's), at least one of them is no longer the same OK (same message), unless another
//!    verdict in scope changed (its status, or an UNKNOWN's reason) or was added: a check whose verdicts all come out identical without the data
//!    ignored its absence;
//! 3. if the check read the call, a faulted resource's own result is not OK (a check that reads a call
//!    only under a setting that the run does not set cannot depend on it);
//! 4. no check panics, or reads a call it does not declare (the fixture tests hold this too).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::{Value, json};
use stance_engine::{CallId, Check, CheckResult, CheckRun, REGISTRY, Settings, Status, run_checks};

#[test]
fn faulting_a_call_never_leaves_or_makes_an_ok() {
    let mut faults_run = 0;
    for check in REGISTRY {
        for fixture in fixtures_of(check) {
            let original: Value = serde_json::from_str(&std::fs::read_to_string(&fixture).unwrap()).unwrap();
            let baseline = run(check, &original, &fixture);
            for &call in check.reads {
                for fault in faults(&original, call) {
                    let faulted = run(check, &fault.apply(&original, call), &fixture);
                    let context = format!("{} on {} with {call} {fault:?}", check.id, fixture.display());
                    let asked = match &fault {
                        Fault::RegionDenied(region) => baseline.asked_in.contains(&(call, region.clone())),
                        _ => baseline.asked.contains(&call),
                    };
                    let answered = asked && fault.answered(&original, call);
                    assert_never_silently_ok(&baseline, &faulted, (asked, answered), &fault, &context);
                    faults_run += 1;
                }
            }
        }
    }
    // Guards the test itself: a change that finds no fixture or no call would pass vacuously.
    assert!(faults_run > 400, "only {faults_run} faulted runs");
    eprintln!("{faults_run} faulted runs");
}

/// The fixtures a check is run on: its own, its family's, and the whole-account fixture.
fn fixtures_of(check: &Check) -> Vec<PathBuf> {
    // Relative to the package directory, where cargo runs tests.
    let fixtures = Path::new("../../fixtures");
    let mut dirs = vec![fixtures.join("checks").join(check.id)];
    dirs.extend(check.family.map(|family| fixtures.join("families").join(family.name)));
    let mut paths: Vec<PathBuf> = dirs
        .iter()
        .filter_map(|dir| std::fs::read_dir(dir).ok())
        .flatten()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .filter(|path| !path.to_string_lossy().ends_with(".settings.json"))
        .collect();
    assert!(!paths.is_empty(), "{}: no fixtures in {dirs:?}", check.id);
    paths.sort();
    paths.push(fixtures.join("moto-account.json"));
    paths
}

fn run(check: &'static Check, snapshot: &Value, fixture: &Path) -> CheckRun {
    let text = snapshot.to_string();
    let snapshot = stance_snapshot::parse(&text, fixture).unwrap_or_else(|e| panic!("{e}"));
    let run = run_checks(&snapshot, &[check], &Settings::default()).pop().unwrap();
    assert_eq!(run.panic, None, "{} panicked on {}", check.id, fixture.display());
    let undeclared: Vec<_> = run.undeclared().collect();
    assert!(undeclared.is_empty(), "{} reads undeclared calls {undeclared:?}", check.id);
    run
}

/// One way of faulting a call.
#[derive(Debug, Clone)]
enum Fault {
    /// The call is not in the snapshot.
    Removed,
    /// Every outcome of the call is AccessDenied.
    Denied,
    /// The call's outcome in one region is AccessDenied.
    RegionDenied(String),
    /// One resource's outcome is missing.
    ResourceRemoved { region: String, arn: String },
    /// One resource's outcome is AccessDenied.
    ResourceDenied { region: String, arn: String },
}

/// Every fault of `call` that `snapshot` allows.
fn faults(snapshot: &Value, call: CallId) -> Vec<Fault> {
    let mut faults = vec![Fault::Removed, Fault::Denied];
    let Some(regions) = snapshot["calls"][call.service][call.operation].as_object() else { return faults };
    for (region, calls) in regions {
        let calls = calls.as_object().expect("region calls are objects");
        if calls.contains_key("data") || calls.contains_key("error") {
            faults.push(Fault::RegionDenied(region.clone()));
        } else {
            for arn in calls.keys() {
                faults.push(Fault::ResourceRemoved { region: region.clone(), arn: arn.clone() });
                faults.push(Fault::ResourceDenied { region: region.clone(), arn: arn.clone() });
            }
        }
    }
    faults
}

fn denied() -> Value {
    json!({"error": {"code": "AccessDenied", "message": "injected by a test", "http_status": 403, "kind": "access_denied"}})
}

impl Fault {
    fn apply(&self, snapshot: &Value, call: CallId) -> Value {
        let mut snapshot = snapshot.clone();
        // `get_mut`, not indexing, which would insert the members it does not find.
        let operations = snapshot.get_mut("calls").and_then(|calls| calls.get_mut(call.service));
        let Some(operations) = operations.and_then(Value::as_object_mut) else { return snapshot };
        let Some(regions) = operations.get_mut(call.operation).and_then(Value::as_object_mut) else {
            return snapshot;
        };
        match self {
            Fault::Removed => {
                operations.remove(call.operation);
            }
            Fault::Denied => {
                for calls in regions.values_mut() {
                    let per_resource = calls.get("data").is_none() && calls.get("error").is_none();
                    if per_resource {
                        calls.as_object_mut().unwrap().values_mut().for_each(|outcome| *outcome = denied());
                    } else {
                        *calls = denied();
                    }
                }
            }
            Fault::RegionDenied(region) => regions[region.as_str()] = denied(),
            Fault::ResourceRemoved { region, arn } => {
                regions[region.as_str()].as_object_mut().unwrap().remove(arn);
            }
            Fault::ResourceDenied { region, arn } => regions[region.as_str()][arn.as_str()] = denied(),
        }
        snapshot
    }

    /// Whether the call had an answer within the fault's scope before the fault: data, or "not
    /// configured" (a fact too), rather than an error or nothing.
    fn answered(&self, snapshot: &Value, call: CallId) -> bool {
        let answer = |outcome: &Value| outcome.get("data").is_some() || outcome["error"]["kind"] == "not_configured";
        let Some(regions) = snapshot["calls"][call.service][call.operation].as_object() else { return false };
        regions.iter().any(|(region, calls)| {
            let single = calls.get("data").is_some() || calls.get("error").is_some();
            match self {
                Fault::Removed | Fault::Denied if single => answer(calls),
                Fault::Removed | Fault::Denied => calls.as_object().unwrap().values().any(answer),
                Fault::RegionDenied(faulted) => region == faulted && answer(calls),
                Fault::ResourceRemoved { arn, .. } | Fault::ResourceDenied { arn, .. } => {
                    calls.get(arn).is_some_and(answer)
                }
            }
        })
    }

    /// Whether a baseline result is within the fault's scope. A region's scope is what lives in
    /// it: a resource whose ARN has no region (a bucket, reported in its own region) may be
    /// judged from other regions' data, as a multi-region trail is listed in every region.
    fn covers(&self, result: &CheckResult) -> bool {
        match self {
            Fault::Removed | Fault::Denied => true,
            Fault::RegionDenied(region) => result.region == *region && result.resource.contains(&format!(":{region}:")),
            Fault::ResourceRemoved { arn, .. } | Fault::ResourceDenied { arn, .. } => result.resource == *arn,
        }
    }

    fn resource(&self) -> Option<&str> {
        match self {
            Fault::ResourceRemoved { arn, .. } | Fault::ResourceDenied { arn, .. } => Some(arn),
            _ => None,
        }
    }
}

/// Rules 1 to 3 of the module's doc; `asked` says whether the check read the faulted call at all
/// (a check may read a call only under a setting, and then its verdicts cannot depend on it), and
/// `answered` whether the faulted call had an answer in
/// the fault's scope before (a call that had failed already cannot be depended on).
fn assert_never_silently_ok(
    baseline: &CheckRun,
    faulted: &CheckRun,
    (asked, answered): (bool, bool),
    fault: &Fault,
    context: &str,
) {
    let before: BTreeMap<&str, &CheckResult> =
        baseline.results.iter().map(|result| (result.resource.as_str(), result)).collect();
    let after: BTreeMap<&str, &CheckResult> =
        faulted.results.iter().map(|result| (result.resource.as_str(), result)).collect();
    for result in faulted.results.iter().filter(|result| result.status != Status::Unknown) {
        let earlier = before.get(result.resource.as_str()).map(|earlier| earlier.status);
        assert_eq!(
            earlier,
            Some(result.status),
            "{context}: a fault made or changed a verdict: {} {} ({})",
            result.status.as_str(),
            result.resource,
            result.message
        );
    }
    let oks_in_scope: Vec<&CheckResult> =
        baseline.results.iter().filter(|result| result.status == Status::Ok && fault.covers(result)).collect();
    // A check that changed some verdict in scope (to UNKNOWN, or an UNKNOWN's reason), or added
    // one (a region's UNKNOWN), noticed the fault: its OKs may rest on other data (a volume
    // with a snapshot needs no instance data).
    let noticed =
        baseline.results.iter().filter(|result| fault.covers(result)).any(|result| {
            after
                .get(result.resource.as_str())
                .is_none_or(|now| now.status != result.status || now.message != result.message)
        }) || faulted.results.iter().any(|now| fault.covers(now) && !before.contains_key(now.resource.as_str()));
    if answered && !noticed && !oks_in_scope.is_empty() {
        let unchanged = |ok: &&CheckResult| {
            after.get(ok.resource.as_str()).is_some_and(|now| now.status == Status::Ok && now.message == ok.message)
        };
        assert!(
            !oks_in_scope.iter().all(unchanged),
            "{context}: every OK in the fault's scope came out the same without the data: {:?}",
            oks_in_scope.iter().map(|ok| &ok.message).collect::<Vec<_>>()
        );
    }
    if let Some(arn) = fault.resource().filter(|_| asked) {
        let own = after.get(arn).map(|result| result.status);
        assert_ne!(own, Some(Status::Ok), "{context}: the faulted resource's result is OK");
    }
}
