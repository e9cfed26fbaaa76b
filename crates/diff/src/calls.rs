//! The walk over two snapshots' calls: which calls are compared, what their outcomes' change
//! means for coverage, and which resources were added, removed or changed.

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;
use serde_json::Value;
use stance_snapshot::identity::{Identity, Items, List, identity};
use stance_snapshot::operations::{OPERATIONS, Scope};
use stance_snapshot::{ErrorKind, GLOBAL_REGION, Outcome, RegionCalls, Snapshot};

use crate::noise::{Cursor, Noise};
use crate::rules::key_text;
use crate::tree::{Matched, attribute_changes, is_vacant, match_items, normalize};
use crate::{
    AttributeChange, Change, CoverageChange, CoverageKind, OutcomeState, RegionChanges, ResourceChange, Source,
    ValueChange,
};

/// What the calls of two snapshots show changed.
pub(crate) struct CallChanges {
    pub regions: RegionChanges,
    pub coverage: Vec<CoverageChange>,
    pub resources: Vec<ResourceChange>,
}

/// One operation in one region, in both snapshots.
struct Unit<'a> {
    service: &'a str,
    operation: &'a str,
    region: &'a str,
    identity: Option<&'static Identity>,
    /// The noise patterns' state at `SERVICE.OPERATION`.
    cursor: Cursor<'a>,
    /// Whether each snapshot listed the resources of this per-resource call: a resource key
    /// missing from a snapshot that could not list them is no removal.
    old_listed: bool,
    new_listed: bool,
}

/// One call of a unit (a per-resource call's key, or the one call), in both snapshots.
struct Pair<'a> {
    unit: &'a Unit<'a>,
    key: Option<&'a str>,
    old: Option<&'a Outcome<'a>>,
    new: Option<&'a Outcome<'a>>,
}

/// A unit, with its region's calls in OLD and NEW.
type UnitCalls<'a> = (Unit<'a>, Option<&'a RegionCalls<'a>>, Option<&'a RegionCalls<'a>>);

pub(crate) fn compare(old: &Snapshot, new: &Snapshot, noise: &Noise) -> CallChanges {
    let old_regions: BTreeSet<&str> = old.regions.iter().map(String::as_str).collect();
    let new_regions: BTreeSet<&str> = new.regions.iter().map(String::as_str).collect();
    let regions = RegionChanges {
        added: new_regions.difference(&old_regions).map(|region| (*region).to_owned()).collect(),
        removed: old_regions.difference(&new_regions).map(|region| (*region).to_owned()).collect(),
    };
    let one_sided: BTreeSet<&str> = old_regions.symmetric_difference(&new_regions).copied().collect();
    let (mut coverage, units) = units(old, new, noise, &one_sided);
    let pairs: Vec<Pair> = units
        .iter()
        .flat_map(|(unit, old_calls, new_calls)| {
            let (old, new) = (outcomes(*old_calls), outcomes(*new_calls));
            let keys: BTreeSet<Option<&str>> = old.keys().chain(new.keys()).copied().collect();
            keys.into_iter()
                .map(|key| Pair { unit, key, old: old.get(&key).copied(), new: new.get(&key).copied() })
                .collect::<Vec<_>>()
        })
        .collect();
    let changes: Vec<(Vec<ResourceChange>, Option<CoverageChange>)> =
        pairs.par_iter().filter(|pair| !pair.unchanged()).map(Pair::compare).collect();
    let mut resources = Vec::new();
    for (resource_changes, coverage_change) in changes {
        resources.extend(resource_changes);
        coverage.extend(coverage_change);
    }
    resources.sort_by(|a, b| {
        (&a.service, &a.region, &a.kind, &a.id, &a.operation, a.source).cmp(&(
            &b.service,
            &b.region,
            &b.kind,
            &b.id,
            &b.operation,
            b.source,
        ))
    });
    coverage.sort_by(|a, b| {
        (&a.service, &a.operation, &a.region, &a.resource).cmp(&(&b.service, &b.operation, &b.region, &b.resource))
    });
    CallChanges { regions, coverage, resources }
}

/// The units to compare, one per operation and region, and the operations collected in one
/// snapshot only. Operations the noise patterns match are left out, and so are calls in the
/// `one_sided` regions (collected in one snapshot only) but for calls made in both: per-bucket
/// calls are keyed under the bucket's region, whichever regions were collected.
fn units<'a>(
    old: &'a Snapshot,
    new: &'a Snapshot,
    noise: &'a Noise,
    one_sided: &BTreeSet<&str>,
) -> (Vec<CoverageChange>, Vec<UnitCalls<'a>>) {
    let operations: BTreeSet<(&str, &str)> = [old, new]
        .iter()
        .flat_map(|snapshot| snapshot.calls.iter())
        .flat_map(|(service, operations)| {
            operations.keys().map(move |operation| (service.as_str(), operation.as_str()))
        })
        .collect();
    let mut coverage = Vec::new();
    let mut units = Vec::new();
    for (service, operation) in operations {
        let Some(cursor) = noise.at(&[service, operation]) else { continue };
        let old_calls = old.calls.get(service).and_then(|operations| operations.get(operation));
        let new_calls = new.calls.get(service).and_then(|operations| operations.get(operation));
        // A per-resource operation is absent where there was no resource to call it for.
        let absent_is_empty = matches!(scope(service, operation), Some(Scope::PerResource { .. }));
        if !absent_is_empty && (old_calls.is_none() || new_calls.is_none()) {
            let (change, old_state, new_state) = match old_calls {
                None => (CoverageKind::OperationAdded, OutcomeState::Absent, OutcomeState::Collected),
                Some(_) => (CoverageKind::OperationRemoved, OutcomeState::Collected, OutcomeState::Absent),
            };
            coverage.push(CoverageChange {
                service: service.to_owned(),
                operation: operation.to_owned(),
                region: None,
                resource: None,
                change,
                old: old_state,
                new: new_state,
            });
            continue;
        }
        let regions: BTreeSet<&str> =
            old_calls.into_iter().chain(new_calls).flat_map(|calls| calls.keys()).map(String::as_str).collect();
        for region in regions {
            let (old_region, new_region) =
                (old_calls.and_then(|calls| calls.get(region)), new_calls.and_then(|calls| calls.get(region)));
            if one_sided.contains(region) && (old_region.is_none() || new_region.is_none()) {
                continue;
            }
            let unit = Unit {
                service,
                operation,
                region,
                identity: identity(service, operation),
                cursor: cursor.clone(),
                old_listed: listed(old, service, operation, region),
                new_listed: listed(new, service, operation, region),
            };
            units.push((unit, old_region, new_region));
        }
    }
    (coverage, units)
}

/// The changes of the snapshots' own fields that `noise` does not leave out.
pub(crate) fn header_changes(old: &Snapshot, new: &Snapshot, noise: &Noise) -> Vec<AttributeChange> {
    let collected_at = |snapshot: &Snapshot| snapshot.collected_at.to_string();
    let fields = [
        ("format_version", old.format_version.clone(), new.format_version.clone()),
        ("tool_version", old.tool_version.clone(), new.tool_version.clone()),
        ("collected_at", collected_at(old), collected_at(new)),
        ("account.id", old.account.id.clone(), new.account.id.clone()),
        ("account.arn", old.account.arn.clone(), new.account.arn.clone()),
        ("account.partition", old.account.partition.clone(), new.account.partition.clone()),
    ];
    fields
        .into_iter()
        .filter(|(path, old, new)| old != new && !noise.ignores(&path.split('.').collect::<Vec<_>>()))
        .map(|(path, old, new)| AttributeChange {
            path: path.to_owned(),
            change: ValueChange::Changed { old: Value::String(old), new: Value::String(new) },
        })
        .collect()
}

/// The scope of `service`/`operation`, if the collector makes it.
fn scope(service: &str, operation: &str) -> Option<Scope> {
    OPERATIONS.iter().find(|op| op.service == service && op.name == operation).map(|op| op.scope)
}

/// A region's outcomes by resource key (`None` for a call made once).
fn outcomes<'s>(calls: Option<&'s RegionCalls<'s>>) -> BTreeMap<Option<&'s str>, &'s Outcome<'s>> {
    match calls {
        None => BTreeMap::new(),
        Some(RegionCalls::Call(outcome)) => BTreeMap::from([(None, outcome)]),
        Some(RegionCalls::PerResource(resources)) => {
            resources.iter().map(|(key, outcome)| (Some(&**key), outcome)).collect()
        }
    }
}

/// Whether an outcome is an answer: data, or an error saying there is none of the thing.
fn readable(outcome: &Outcome) -> bool {
    match outcome {
        Outcome::Data(_) => true,
        Outcome::Error(error) => error.kind == ErrorKind::NotConfigured,
    }
}

/// Whether `snapshot` could list the resources `service`/`operation` is called for in
/// `region`: the calls of its parent there (and of theirs) all answered. True for calls that
/// are not per-resource.
fn listed(snapshot: &Snapshot, service: &str, operation: &str, region: &str) -> bool {
    let Some(Scope::PerResource { parent }) = scope(service, operation) else { return true };
    let answered = |calls: &RegionCalls| calls.outcomes().all(readable);
    match scope(service, parent) {
        Some(Scope::PerResource { .. }) => {
            // A per-resource parent is keyed under its resources' regions, which need not be
            // this call's (S3 GetBucketLocation is global; the bucket's calls are regional).
            match snapshot.call(service, parent, region) {
                Some(calls) => answered(calls) && listed(snapshot, service, parent, region),
                None => {
                    let regions: Vec<(&str, &RegionCalls)> = snapshot.call_regions(service, parent).collect();
                    if regions.is_empty() {
                        return listed(snapshot, service, parent, region);
                    }
                    regions
                        .into_iter()
                        .all(|(region, calls)| answered(calls) && listed(snapshot, service, parent, region))
                }
            }
        }
        Some(Scope::Regional) => snapshot.call(service, parent, region).is_some_and(answered),
        _ => snapshot.call(service, parent, GLOBAL_REGION).is_some_and(answered),
    }
}

impl OutcomeState {
    fn of(outcome: Option<&Outcome>) -> OutcomeState {
        match outcome {
            None => OutcomeState::Absent,
            Some(Outcome::Data(_)) => OutcomeState::Data,
            Some(Outcome::Error(error)) => OutcomeState::Error { code: error.code.clone(), kind: error.kind },
        }
    }
}

impl Pair<'_> {
    /// The same text, or the same error: nothing to compare. Most calls are.
    fn unchanged(&self) -> bool {
        match (self.old, self.new) {
            (Some(Outcome::Data(old)), Some(Outcome::Data(new))) => old.text() == new.text(),
            (Some(Outcome::Error(old)), Some(Outcome::Error(new))) => old.code == new.code && old.kind == new.kind,
            _ => false,
        }
    }

    fn compare(&self) -> (Vec<ResourceChange>, Option<CoverageChange>) {
        let unit = self.unit;
        // A resource missing from a snapshot that could not list it: its parent's coverage
        // change says so.
        if self.key.is_some() && ((self.old.is_none() && !unit.old_listed) || (self.new.is_none() && !unit.new_listed))
        {
            return (Vec::new(), None);
        }
        let failed = |outcome: Option<&Outcome>| outcome.is_some_and(|outcome| !readable(outcome));
        let coverage = match (failed(self.old), failed(self.new)) {
            (true, true) => Some(CoverageKind::ErrorChanged),
            (false, true) if self.old.is_none() => Some(CoverageKind::CallAdded),
            (false, true) => Some(CoverageKind::Lost),
            (true, false) if self.new.is_none() => Some(CoverageKind::CallRemoved),
            (true, false) => Some(CoverageKind::Gained),
            // A call made once, in one snapshot only.
            (false, false) if self.key.is_none() && self.old.is_none() => Some(CoverageKind::CallAdded),
            (false, false) if self.key.is_none() && self.new.is_none() => Some(CoverageKind::CallRemoved),
            (false, false) => None,
        };
        if let Some(change) = coverage {
            let coverage = CoverageChange {
                service: unit.service.to_owned(),
                operation: unit.operation.to_owned(),
                region: Some(unit.region.to_owned()),
                resource: self.key.map(str::to_owned),
                change,
                old: OutcomeState::of(self.old),
                new: OutcomeState::of(self.new),
            };
            return (Vec::new(), Some(coverage));
        }
        let tree = |outcome: Option<&Outcome>| match outcome {
            Some(Outcome::Data(data)) => {
                let value = serde_json::from_str(data.text()).unwrap_or_else(|_| Value::String(data.text().to_owned()));
                Some(normalize(value, &unit.cursor))
            }
            _ => None,
        };
        (unit.resource_changes(self.key, tree(self.old), tree(self.new)), None)
    }
}

impl Unit<'_> {
    fn lists(&self) -> &'static [List] {
        self.identity.map_or(&[], |identity| identity.lists)
    }

    /// The resource changes between two normalized answers of one call (`None`: absent, or
    /// not configured).
    fn resource_changes(&self, key: Option<&str>, old: Option<Value>, new: Option<Value>) -> Vec<ResourceChange> {
        let mut changes = Vec::new();
        match key {
            Some(key) => {
                let kind = self.identity.and_then(|identity| identity.resource);
                let resource = Resource { source: Source::PerResource, kind, id: Some(key.to_owned()), label: None };
                changes.extend(self.change(resource, self.lists(), old, new));
            }
            None => {
                let (matched, old_rest, new_rest) = split(self.lists(), old, new);
                for (list, (old_resources, new_resources)) in self.lists().iter().zip(matched) {
                    let (kind, label) = match list.items {
                        Items::Resources { kind, label, .. } => (kind, label),
                        Items::Names { kind } => (kind, None),
                        Items::Keyed { .. } | Items::Unkeyed => continue,
                    };
                    let ids: BTreeSet<&String> = old_resources.keys().chain(new_resources.keys()).collect();
                    for id in ids {
                        let (old, new) = (old_resources.get(id), new_resources.get(id));
                        let label = label.and_then(|member| new.or(old)?.get(member)).map(key_text);
                        let resource = Resource { source: Source::Item, kind: Some(kind), id: Some(id.clone()), label };
                        changes.extend(self.change(resource, &[], old.cloned(), new.cloned()));
                    }
                }
                let (old_rest, new_rest) =
                    (old_rest.filter(|rest| !is_vacant(rest)), new_rest.filter(|rest| !is_vacant(rest)));
                let resource = Resource { source: Source::Call, kind: None, id: None, label: None };
                changes.extend(self.change(resource, self.lists(), old_rest, new_rest));
            }
        }
        changes
    }

    /// The change of one resource, whose top-level lists are `lists`, if it changed.
    fn change(
        &self,
        resource: Resource,
        lists: &[List],
        old: Option<Value>,
        new: Option<Value>,
    ) -> Option<ResourceChange> {
        let change = match (old, new) {
            (None, None) => return None,
            (None, Some(value)) => Change::Added { value },
            (Some(value), None) => Change::Removed { value },
            (Some(old), Some(new)) => {
                let attributes = attribute_changes(lists, &old, &new);
                if attributes.is_empty() {
                    return None;
                }
                Change::Modified { attributes }
            }
        };
        Some(ResourceChange {
            service: self.service.to_owned(),
            region: self.region.to_owned(),
            operation: self.operation.to_owned(),
            source: resource.source,
            kind: resource.kind.map(str::to_owned),
            id: resource.id,
            label: resource.label,
            change,
        })
    }
}

/// Which resource a change is of.
struct Resource {
    source: Source,
    kind: Option<&'static str>,
    id: Option<String>,
    label: Option<String>,
}

/// For each of `lists` (empty for those that are not resource lists), the resources of the two
/// answers' list matched by id; and the rest of each answer: the lists taken out, but for items
/// with no id or one another item shares, which stay in their list to be compared as values.
/// The resources of one list in OLD and NEW, by id.
type Resources = (BTreeMap<String, Value>, BTreeMap<String, Value>);

fn split(
    lists: &[List],
    mut old: Option<Value>,
    mut new: Option<Value>,
) -> (Vec<Resources>, Option<Value>, Option<Value>) {
    let mut matched = Vec::with_capacity(lists.len());
    for list in lists {
        let id = |item: &Value| -> Option<String> {
            match list.items {
                Items::Resources { key, .. } => {
                    let parts: Vec<String> = key.iter().filter_map(|member| item.get(member)).map(key_text).collect();
                    (!parts.is_empty()).then(|| parts.join("/"))
                }
                Items::Names { .. } => item.as_str().map(str::to_owned),
                Items::Keyed { .. } | Items::Unkeyed => None,
            }
        };
        let is_resource_list = matches!(list.items, Items::Resources { .. } | Items::Names { .. });
        let items = |answer: &mut Option<Value>| -> Vec<(Option<String>, Value)> {
            let taken = answer.as_mut().filter(|_| is_resource_list).and_then(|answer| take(answer, list.path));
            match taken {
                Some(Value::Array(items)) => items.into_iter().map(|item| (id(&item), item)).collect(),
                // Not a list: left as it was, to be compared as a value.
                Some(other) => {
                    put(answer.as_mut().expect("taken from it"), list.path, other);
                    Vec::new()
                }
                None => Vec::new(),
            }
        };
        let (old_items, new_items) = (items(&mut old), items(&mut new));
        let Matched { old: old_resources, new: new_resources, old_rest, new_rest } = match_items(old_items, new_items);
        for (answer, rest) in [(&mut old, old_rest), (&mut new, new_rest)] {
            if let Some(answer) = answer.as_mut().filter(|_| !rest.is_empty()) {
                put(answer, list.path, Value::Array(rest));
            }
        }
        matched.push((old_resources, new_resources));
    }
    (matched, old, new)
}

/// Takes the value at the dotted `path` out of `value`.
fn take(value: &mut Value, path: &str) -> Option<Value> {
    let (parent, last) = parent_of(value, path)?;
    parent.remove(last)
}

/// Puts `item` back at the dotted `path` of `value`, where [`take`] took a value from.
fn put(value: &mut Value, path: &str, item: Value) {
    if let Some((parent, last)) = parent_of(value, path) {
        parent.insert(last.to_owned(), item);
    }
}

/// The object holding the member at the dotted `path`, and the member's name.
fn parent_of<'v, 'p>(value: &'v mut Value, path: &'p str) -> Option<(&'v mut serde_json::Map<String, Value>, &'p str)> {
    let mut members = path.split('.');
    let last = members.next_back()?;
    let parent = members.try_fold(value, |parent, member| parent.get_mut(member))?;
    Some((parent.as_object_mut()?, last))
}
