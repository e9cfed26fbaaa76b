//! Which calls a collection makes: with `--plugin`, only those the selected checks read,
//! plus the calls those depend on (per-bucket calls need the bucket list, and so on), as
//! [`OPERATIONS`] says.

use std::collections::BTreeSet;

use stance_snapshot::operations::{OPERATIONS, Op, Scope};

/// A call: (service, operation).
type Call = (&'static str, &'static str);

/// Lists the regions when `--region` names none, so every regional operation depends on it.
const REGIONS: Call = ("EC2", "DescribeRegions");

/// The operation `service`/`operation`, if the collector makes it.
pub fn operation(service: &str, operation: &str) -> Option<&'static Op> {
    OPERATIONS.iter().find(|op| op.service == service && op.name == operation)
}

/// The call that must be made for `op` to be made: the listing it is made from, the call it
/// waits for, or the region list.
fn dependency(op: &Op) -> Option<Call> {
    match op.scope {
        Scope::Global | Scope::GlobalPerKey { .. } => None,
        Scope::GlobalAfter { first: parent } | Scope::PerResource { parent } => Some((op.service, parent)),
        Scope::Regional => Some(REGIONS),
    }
}

/// `calls` and every call they depend on, transitively.
pub fn with_dependencies(calls: &BTreeSet<(String, String)>) -> BTreeSet<(String, String)> {
    let mut all = calls.clone();
    let mut pending: Vec<(String, String)> = calls.iter().cloned().collect();
    while let Some((service, name)) = pending.pop() {
        let Some((service, name)) = operation(&service, &name).and_then(dependency) else {
            continue;
        };
        let call = (service.to_owned(), name.to_owned());
        if all.insert(call.clone()) {
            pending.push(call);
        }
    }
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(calls: &[(&str, &str)]) -> BTreeSet<(String, String)> {
        calls.iter().map(|(s, o)| ((*s).to_owned(), (*o).to_owned())).collect()
    }

    #[test]
    fn dependencies_are_followed_to_the_root() {
        assert_eq!(
            with_dependencies(&set(&[("S3", "GetBucketAcl"), ("IAM", "GetAccessKeyLastUsed")])),
            set(&[
                ("S3", "GetBucketAcl"),
                ("S3", "GetBucketLocation"),
                ("S3", "ListBuckets"),
                ("IAM", "GetAccessKeyLastUsed"),
                ("IAM", "ListAccessKeys"),
                ("IAM", "ListUsers"),
            ])
        );
        assert_eq!(
            with_dependencies(&set(&[("EC2", "DescribeVpcs")])),
            set(&[("EC2", "DescribeVpcs"), ("EC2", "DescribeRegions")])
        );
        assert_eq!(with_dependencies(&set(&[("IAM", "ListUsers")])), set(&[("IAM", "ListUsers")]));
    }

    /// Every operation's dependencies are operations and end at a global one: no cycle, no parent
    /// missing from the table; and `with_dependencies` adds exactly that chain.
    #[test]
    fn every_operation_reaches_a_root() {
        for start in OPERATIONS {
            let mut chain = vec![start];
            while let Some((service, name)) = dependency(chain[chain.len() - 1]) {
                let next = operation(service, name).unwrap_or_else(|| {
                    panic!("{} {}: {service} {name} is not an operation", start.service, start.name)
                });
                assert!(!chain.contains(&next), "{} {}: a cycle through {service} {name}", start.service, start.name);
                chain.push(next);
            }
            let reached = with_dependencies(&set(&[(start.service, start.name)]));
            let expected: BTreeSet<_> = chain.iter().map(|op| (op.service.to_owned(), op.name.to_owned())).collect();
            assert_eq!(reached, expected, "{} {}", start.service, start.name);
        }
    }

    #[test]
    fn operations_are_listed_once() {
        let distinct: BTreeSet<_> = OPERATIONS.iter().map(|op| (op.service, op.name)).collect();
        assert_eq!(distinct.len(), OPERATIONS.len());
    }
}
