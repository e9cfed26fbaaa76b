//! `stance diff`: what changed between two snapshots of one account.
//!
//! Resources are matched by identity, not position ([`stance_snapshot::identity`]), and every
//! list is unordered, so that reordering is no change. A change is reported at attribute level,
//! as a path with its old and new values. Calls whose answer turned into an error are coverage
//! changes, not removals; members that change while the configuration does not are left out by
//! [`Noise`] patterns. Both snapshots are evaluated, and the findings that became FAIL, were
//! fixed or changed status otherwise are reported too.
//!
//! `docs/diff.md` describes the output; [`console`], [`markdown`] and the JSON of [`Diff`]
//! render it.

mod calls;
mod findings;
mod noise;
mod render;
mod rules;
mod tree;

use schemars::JsonSchema;
use serde::Serialize;
use serde_json::Value;
use stance_engine::Settings;
use stance_snapshot::{ErrorKind, Snapshot};

pub use findings::{Finding, FindingChange, FindingsDelta, evaluate};
pub use noise::{DEFAULT_NOISE, Noise, PatternError};
pub use render::{console, markdown};

/// Why two snapshots are not compared.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DiffError {
    #[error("the snapshots are of different accounts ({old} and {new}); --allow-other-account compares them anyway")]
    OtherAccount { old: String, new: String },
}

/// How to compare.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Compares snapshots of different accounts instead of refusing them.
    pub allow_other_account: bool,
    /// What is left out.
    pub noise: Noise,
}

/// Everything that changed from one snapshot to another.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[schemars(title = "stance diff", description = "What changed between two stance snapshots (`stance diff --json`).")]
pub struct Diff {
    pub old: Header,
    pub new: Header,
    /// The noise patterns in effect: members they match were left out.
    pub ignored: Vec<String>,
    /// Changes of the snapshots' own fields that no pattern leaves out (`account.arn`).
    pub snapshot: Vec<AttributeChange>,
    /// Regions collected in one snapshot only. Their calls are not compared, but for calls made
    /// in both (per-bucket calls, keyed under the bucket's region).
    pub regions: RegionChanges,
    /// Calls whose outcome changed between an answer and an error, or that were made in one
    /// snapshot only.
    pub coverage: Vec<CoverageChange>,
    /// Resources added, removed and changed.
    pub resources: Vec<ResourceChange>,
    pub findings: FindingsDelta,
}

/// What identifies a snapshot in a diff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Header {
    /// The account id.
    pub account: String,
    /// When collection started, RFC 3339.
    pub collected_at: String,
    pub tool_version: String,
    pub regions: Vec<String>,
}

/// Regions collected in one snapshot only.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, JsonSchema)]
pub struct RegionChanges {
    /// Collected in NEW only.
    pub added: Vec<String>,
    /// Collected in OLD only.
    pub removed: Vec<String>,
}

/// A resource added, removed or changed.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct ResourceChange {
    /// The service as keyed in the snapshot: `EC2`.
    pub service: String,
    /// The region of the call, `global` for global calls.
    pub region: String,
    /// The call that describes the resource: `DescribeSecurityGroups`.
    pub operation: String,
    pub source: Source,
    /// The resource's kind (`security-group`, `bucket`); `null` for a call's own object.
    pub kind: Option<String>,
    /// The resource's id (`sg-0abc`, a bucket's ARN); `null` for a call's own object.
    pub id: Option<String>,
    /// A name shown beside the id (a security group's `GroupName`), where there is one.
    pub label: Option<String>,
    #[serde(flatten)]
    pub change: Change,
}

/// Where in a call's answer a resource is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// An item of one of the call's resource lists (a security group of DescribeSecurityGroups).
    Item,
    /// A per-resource call's answer, keyed by the resource's ARN or id (a bucket's policy).
    PerResource,
    /// The call's answer but its resource lists: all of GetAccountPasswordPolicy, ListBuckets'
    /// `Owner`.
    Call,
}

/// How a resource changed.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum Change {
    /// In NEW only; `value` is its data. A per-resource call whose error says "not configured"
    /// (`NoSuchBucketPolicy`) counts as absent.
    Added { value: Value },
    /// In OLD only; `value` is its data.
    Removed { value: Value },
    /// In both, with these differences.
    Modified { attributes: Vec<AttributeChange> },
}

/// One difference inside a resource.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct AttributeChange {
    /// Members from the resource down, separated by dots; an item of a keyed list is its key in
    /// brackets (`Tags[env].Value`, `Policy.Statement[PublicRead].Principal`). JSON documents
    /// held in strings are entered as objects.
    pub path: String,
    #[serde(flatten)]
    pub change: ValueChange,
}

/// A value's change at a path. Values are canonical: object members sorted, lists in a fixed
/// order, JSON documents held in strings parsed.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum ValueChange {
    /// The member is in NEW only.
    Added { value: Value },
    /// The member is in OLD only.
    Removed { value: Value },
    /// The list at the path has this item in NEW only (once more than in OLD).
    ItemAdded {
        value: Value,
        /// What the item is, where that is shorter than its value: `tcp 22 from 0.0.0.0/0`.
        #[serde(skip_serializing_if = "Option::is_none")]
        summary: Option<String>,
    },
    /// The list at the path has this item in OLD only.
    ItemRemoved {
        value: Value,
        #[serde(skip_serializing_if = "Option::is_none")]
        summary: Option<String>,
    },
    /// The value at the path differs.
    Changed { old: Value, new: Value },
}

/// A call whose outcome changed in kind, or that was made in one snapshot only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct CoverageChange {
    pub service: String,
    pub operation: String,
    /// `null` for an operation collected in one snapshot only.
    pub region: Option<String>,
    /// The resource key of a per-resource call.
    pub resource: Option<String>,
    pub change: CoverageKind,
    pub old: OutcomeState,
    pub new: OutcomeState,
}

/// How a call's coverage changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CoverageKind {
    /// An answer (or "not configured") in OLD, an error in NEW: what the call showed is unknown
    /// now, not removed.
    Lost,
    /// An error in OLD, an answer in NEW.
    Gained,
    /// Errors in both, with different codes.
    ErrorChanged,
    /// Made in NEW only. For a per-resource call, a new resource whose call failed.
    CallAdded,
    /// Made in OLD only. For a per-resource call, a resource gone whose call had failed.
    CallRemoved,
    /// An operation collected in NEW only (a newer stance, or a selection of checks).
    OperationAdded,
    /// An operation collected in OLD only.
    OperationRemoved,
}

/// A call's outcome, as far as coverage goes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum OutcomeState {
    /// An answer.
    Data,
    /// An error.
    Error { code: String, kind: ErrorKind },
    /// No such call.
    Absent,
    /// Collected, in one region or more: the state of a whole operation.
    Collected,
}

impl Diff {
    /// What changed from `old` to `new`, with the findings delta of their evaluation with
    /// `settings`. Snapshots of different accounts are refused unless
    /// [`Options::allow_other_account`].
    pub fn between(old: &Snapshot, new: &Snapshot, options: &Options, settings: &Settings) -> Result<Diff, DiffError> {
        if old.account.id != new.account.id && !options.allow_other_account {
            return Err(DiffError::OtherAccount { old: old.account.id.clone(), new: new.account.id.clone() });
        }
        let changes = calls::compare(old, new, &options.noise);
        // One after the other: each evaluation is parallel, and waits on rayon's pool from
        // outside it (two at once inside the pool would leave it no thread to run their checks).
        let (old_findings, new_findings) = (evaluate(old, settings), evaluate(new, settings));
        Ok(Diff {
            old: Header::of(old),
            new: Header::of(new),
            ignored: options.noise.patterns().map(str::to_owned).collect(),
            snapshot: calls::header_changes(old, new, &options.noise),
            regions: changes.regions,
            coverage: changes.coverage,
            resources: changes.resources,
            findings: FindingsDelta::between(&old_findings, &new_findings),
        })
    }

    /// Whether nothing changed (exit code 0; 1 otherwise).
    pub fn is_empty(&self) -> bool {
        self.snapshot.is_empty()
            && self.regions.added.is_empty()
            && self.regions.removed.is_empty()
            && self.coverage.is_empty()
            && self.resources.is_empty()
            && self.findings.is_empty()
    }
}

impl Header {
    fn of(snapshot: &Snapshot) -> Header {
        Header {
            account: snapshot.account.id.clone(),
            collected_at: snapshot.collected_at.to_string(),
            tool_version: snapshot.tool_version.clone(),
            regions: snapshot.regions.clone(),
        }
    }
}

/// The JSON Schema of [`Diff`]'s JSON, as written to `docs/diff.schema.json`.
pub fn json_schema() -> schemars::Schema {
    schemars::schema_for!(Diff)
}
