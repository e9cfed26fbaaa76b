//! Results: a finding with its check's metadata, as written to `--json` files.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::panic::{self, AssertUnwindSafe};
use std::sync::{Arc, mpsc};

use rayon::prelude::*;
use serde::ser::{SerializeStruct as _, Serializer};
use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};
use stance_snapshot::{GLOBAL_REGION, Snapshot};

use crate::check::{Alias, CallId, Check};
use crate::compliance::{self, ControlsJson};
use crate::context::{Context, Findings, Shared, Unknown};
use crate::settings::Settings;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Status {
    Ok,
    Warn,
    Fail,
    Unknown,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Ok => "OK",
            Status::Warn => "WARN",
            Status::Fail => "FAIL",
            Status::Unknown => "UNKNOWN",
        }
    }
}

/// One verdict of one check on one resource. It refers to its check's metadata rather than
/// copying it; as JSON it has CloudSploit's field names, so existing `jq` filters keep working:
/// `plugin`, `category`, `title`, `description`, `resource`, `region`, `status`, `message`,
/// `severity`, `compliance` and `cis_controls`; and stance's own `id`, `account`,
/// `suppressed` and `controls` (every programme's controls the result supports).
#[derive(Debug, Clone)]
pub struct CheckResult {
    pub check: &'static Check,
    /// The resource's ARN.
    pub resource: String,
    /// The resource's region, `global` for IAM.
    pub region: String,
    pub status: Status,
    pub message: String,
    /// The id of the account the snapshot was collected in.
    pub account: Arc<str>,
    /// The suppression rule that mutes this result, if one does: a suppressed result stays in
    /// every output, and does not count for the exit code.
    pub suppressed: Option<Arc<Suppression>>,
}

/// Why a result is suppressed: the rule that matched it, and the rule's reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Suppression {
    /// The rule, as its author can find it: `FILE:LINE` for a suppression file's rule, the
    /// text of a `--suppress` rule.
    pub rule: String,
    pub reason: String,
}

impl CheckResult {
    /// The finding's identity, the same in every run: [`finding_id`] of its account, check,
    /// region and resource.
    pub fn id(&self) -> String {
        finding_id(&self.account, self.check.id, &self.region, &self.resource)
    }
}

/// A finding's identity: the first 128 bits of the SHA-256 of its account, check id, region
/// and resource, each followed by a NUL byte (which none of them contains), as 32 lowercase hex
/// digits. The status and message are left out, so a finding keeps its id when it is fixed.
pub fn finding_id(account: &str, plugin: &str, region: &str, resource: &str) -> String {
    let mut hasher = Sha256::new();
    for part in [account, plugin, region, resource] {
        hasher.update(part.as_bytes());
        hasher.update([0]);
    }
    let digest = hasher.finalize();
    let mut id = String::with_capacity(32);
    for byte in &digest[..16] {
        let _ = write!(id, "{byte:02x}");
    }
    id
}

impl Serialize for CheckResult {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let check = self.check;
        let mut out = serializer.serialize_struct("CheckResult", 16)?;
        out.serialize_field("plugin", check.id)?;
        // Other tools' ids for the check (Prowler's), which `--plugin` accepts too.
        out.serialize_field("aliases", &AliasIds(check.aliases))?;
        out.serialize_field("category", &check.category)?;
        out.serialize_field("title", check.title)?;
        out.serialize_field("description", check.description())?;
        // Stable across runs: see `finding_id`.
        out.serialize_field("id", &self.id())?;
        out.serialize_field("account", &*self.account)?;
        out.serialize_field("resource", &self.resource)?;
        out.serialize_field("region", &self.region)?;
        out.serialize_field("status", &self.status)?;
        out.serialize_field("message", &self.message)?;
        // `null`, or the rule that mutes the result and its reason.
        out.serialize_field("suppressed", &self.suppressed.as_deref())?;
        out.serialize_field("severity", &check.severity)?;
        // The selections (`--compliance` values) whose controls the check evaluates: `cis`,
        // `cis1`, `fsbp`, …
        out.serialize_field("compliance", compliance::programmes_of(check))?;
        // CIS AWS Foundations Benchmark control numbers, of `CIS_VERSION`.
        out.serialize_field("cis_controls", compliance::cis_controls(check))?;
        // Per programme, the controls the check evaluates: `{"cis": ["2.4"], "fsbp": ["IAM.4"]}`.
        out.serialize_field("controls", &ControlsJson(compliance::controls_of(check)))?;
        out.end()
    }
}

/// Aliases as their ids.
struct AliasIds(&'static [Alias]);

impl Serialize for AliasIds {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(|alias| alias.id))
    }
}

/// One check's run: its results, and what it asked the snapshot for.
#[derive(Debug)]
pub struct CheckRun {
    pub check: &'static Check,
    pub results: Vec<CheckResult>,
    /// The calls the check asked for. Any not in its `reads` were refused (UNKNOWN).
    pub asked: BTreeSet<CallId>,
    /// The calls made once per region the check asked for, with the regions it asked for.
    pub asked_in: BTreeSet<(CallId, String)>,
    /// The panic's message, if the check panicked.
    pub panic: Option<String>,
}

impl CheckRun {
    /// The calls the check asked for without declaring them.
    pub fn undeclared(&self) -> impl Iterator<Item = &CallId> {
        self.asked.iter().filter(|call| !self.check.reads.contains(call))
    }
}

/// Runs each of `checks` over `snapshot`, in parallel, sharing one parse of each view.
pub fn run_checks(snapshot: &Snapshot, checks: &[&'static Check], settings: &Settings) -> Vec<CheckRun> {
    let mut runs = Vec::with_capacity(checks.len());
    run_checks_in_order(snapshot, checks, settings, |run| runs.push(run));
    runs
}

/// Runs each of `checks` over `snapshot` in parallel, and hands each check's run to `sink` on
/// the calling thread, in the order of `checks`, as soon as it and the checks before it are
/// done: a caller that writes results out as they come never holds them all.
pub fn run_checks_in_order(
    snapshot: &Snapshot,
    checks: &[&'static Check],
    settings: &Settings,
    mut sink: impl FnMut(CheckRun),
) {
    let shared = Shared::new(snapshot, settings, checks);
    let (sender, receiver) = mpsc::channel();
    std::thread::scope(|scope| {
        let shared = &shared;
        // The checks run on rayon's pool; this thread only waits for them.
        scope.spawn(move || {
            checks.par_iter().enumerate().for_each_with(sender, |sender, (index, &check)| {
                // Sending fails only once the receiver is gone, when `sink` panicked.
                let _ = sender.send((index, run_check(shared, check)));
            });
        });
        let mut done = BTreeMap::new();
        let mut next = 0;
        for (index, run) in receiver {
            done.insert(index, run);
            while let Some(run) = done.remove(&next) {
                sink(run);
                next += 1;
            }
        }
    });
}

/// Runs `check`. A check that panics reports one UNKNOWN result for the account instead of
/// its findings, and the other checks still run.
fn run_check(shared: &Shared, check: &'static Check) -> CheckRun {
    let context = Context::new(shared, check);
    let account: Arc<str> = Arc::from(context.account_id());
    let mut findings = Findings::new(check, account.clone());
    let outcome = panic::catch_unwind(AssertUnwindSafe(|| (check.run)(&context, &mut findings)));
    shared.finished(check);
    let panic = outcome.err().map(|payload| {
        let message = payload
            .downcast_ref::<&str>()
            .map(|message| (*message).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic without a message".to_owned());
        findings = Findings::new(check, account);
        let reason = Unknown::new(format!("internal error in {}: {message}", check.id));
        findings.unknown(context.account_arn(), GLOBAL_REGION, &reason);
        message
    });
    let (asked, asked_in) = context.asked_with_regions();
    CheckRun { check, results: findings.results, asked, asked_in, panic }
}

#[cfg(test)]
mod tests {
    use stance_snapshot::{Account, Data, Outcome};

    use super::*;
    use crate::check::{Call, Category, Severity};
    use crate::views::ec2::{DESCRIBE_VOLUMES, DescribeVolumes};

    fn snapshot() -> Snapshot<'static> {
        let account = Account {
            id: "123456789012".into(),
            arn: "arn:aws:iam::123456789012:user/a".into(),
            partition: "aws".into(),
        };
        let mut snapshot =
            Snapshot::new("0", "2026-01-01T00:00:00Z".parse().unwrap(), account, vec!["us-east-1".into()]);
        let volumes = serde_json::json!({"Volumes": [{"VolumeId": "vol-1", "Encrypted": true}]});
        snapshot.insert("EC2", "DescribeVolumes", "us-east-1", Outcome::Data(Data::from_value(&volumes)));
        snapshot
    }

    fn panics(_: &Context, _: &mut Findings) {
        panic!("boom");
    }

    fn reads_volumes(ctx: &Context, findings: &mut Findings) {
        ctx.each_region(DESCRIBE_VOLUMES, findings, |region, data, findings| {
            findings.ok(ctx.region_arn("ec2", region), region, format!("{} volumes", data.volumes.len()));
        });
    }

    fn reads_undeclared(ctx: &Context, findings: &mut Findings) {
        const UNDECLARED: Call<DescribeVolumes> = Call::new("EC2", "DescribeSnapshots");
        ctx.each_region(UNDECLARED, findings, |_, _, _| unreachable!("an undeclared call is never served"));
    }

    static PANICS: Check =
        Check::new("panics", "Panics", Category::Ec2, Severity::Low, "", file!(), &[DESCRIBE_VOLUMES.id], panics);
    static READS_VOLUMES: Check = Check::new(
        "volumes",
        "Volumes",
        Category::Ec2,
        Severity::Low,
        "",
        file!(),
        &[DESCRIBE_VOLUMES.id],
        reads_volumes,
    );
    static READS_UNDECLARED: Check = Check::new(
        "undeclared",
        "Undeclared",
        Category::Ec2,
        Severity::Low,
        "",
        file!(),
        &[DESCRIBE_VOLUMES.id],
        reads_undeclared,
    );

    #[test]
    fn a_panicking_check_gives_one_unknown_and_the_others_still_run() {
        let snapshot = snapshot();
        let runs = run_checks(&snapshot, &[&READS_VOLUMES, &PANICS, &READS_VOLUMES], &Settings::default());
        let results: Vec<&CheckResult> = runs.iter().flat_map(|run| &run.results).collect();
        let statuses: Vec<_> = results.iter().map(|r| (r.check.id, r.status, r.message.as_str())).collect();
        assert_eq!(
            statuses,
            [
                ("volumes", Status::Ok, "1 volumes"),
                ("panics", Status::Unknown, "internal error in panics: boom"),
                ("volumes", Status::Ok, "1 volumes")
            ]
        );
        assert_eq!(results[1].resource, "arn:aws:iam::123456789012:root");
        let internal_errors: Vec<_> = runs.iter().filter_map(|run| Some((run.check.id, run.panic.clone()?))).collect();
        assert_eq!(internal_errors, [("panics", "boom".to_owned())]);
    }

    #[test]
    fn an_undeclared_call_is_refused_and_recorded() {
        let snapshot = snapshot();
        let run = run_checks(&snapshot, &[&READS_UNDECLARED], &Settings::default()).pop().unwrap();
        assert_eq!(run.results[0].status, Status::Unknown);
        assert_eq!(
            run.results[0].message,
            "internal error: undeclared reads EC2 DescribeSnapshots, which it does not declare"
        );
        let undeclared: Vec<String> = run.undeclared().map(ToString::to_string).collect();
        assert_eq!(undeclared, ["EC2 DescribeSnapshots"]);
    }
}
