//! Evaluating a set of policies for one action: allowed, explicitly denied, or not allowed.
//!
//! The request's context is unknown, so conditions cannot be decided. An Allow statement counts
//! whether or not it has a Condition (some request can meet it); a Deny statement decides only
//! without one (some request can avoid a conditioned Deny). [`Decision::Allowed`] therefore
//! means "allowed for some request", [`Decision::Denied`] "denied for every request"; each
//! [`StatementRef`] says whether its statement has a Condition, and
//! [`Access::is_unconditionally_allowed`] asks for a grant no condition limits.
//!
//! Principals are not consulted: the policies are read as the policies of one principal
//! (identity policies, or the statements of a resource policy already chosen for a principal).

use std::fmt;

use serde::{Deserialize, Serialize};

use super::document::{Actions, Document, Effect, Lean, Resources, Statement};
use super::wildcard::{self, Case, Variables};

/// Names one statement of a set of policies, for messages and for looking it up again
/// (`policies[policy].statements[index]`). It serializes as one string, `1/0 "Sid"
/// (conditioned)`: policy, index, the Sid if any, and whether the statement has a Condition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementRef {
    /// The policy's position in the slice the query was given.
    pub policy: usize,
    /// The statement's position in the policy's Statement list, from 0.
    pub index: usize,
    pub sid: Option<String>,
    /// Whether the statement has a Condition.
    pub conditioned: bool,
}

impl Serialize for StatementRef {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut text = format!("{}/{}", self.policy, self.index);
        if let Some(sid) = &self.sid {
            text.push_str(&format!(" {sid:?}"));
        }
        if self.conditioned {
            text.push_str(" (conditioned)");
        }
        serializer.serialize_str(&text)
    }
}

impl StatementRef {
    pub(crate) fn new(policy: usize, index: usize, statement: &Statement) -> Self {
        StatementRef {
            policy,
            index,
            sid: statement.sid().map(str::to_owned),
            conditioned: !statement.conditions.is_empty(),
        }
    }
}

/// `statement "Sid"`, or `Statement[2]` for a statement without a Sid.
impl fmt::Display for StatementRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.sid {
            Some(sid) => write!(f, "statement {sid:?}"),
            None => write!(f, "Statement[{}]", self.index),
        }
    }
}

/// Every statement of a set of policies, with its reference.
pub(crate) fn statements<'a>(policies: &'a [&'a Document]) -> impl Iterator<Item = (StatementRef, &'a Statement)> + 'a {
    policies.iter().enumerate().flat_map(|(policy, document)| {
        document.statements.iter().enumerate().map(move |(index, s)| (StatementRef::new(policy, index, s), s))
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// An Allow applies and no unconditioned Deny does.
    Allowed,
    /// A Deny without conditions applies: explicit Deny wins.
    Denied,
    /// No Allow applies (an implicit deny).
    NotAllowed,
}

/// The verdict of a set of policies on one action, with the statements that gave it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Access {
    pub decision: Decision,
    /// The Allow statements that grant it.
    pub allowed_by: Vec<StatementRef>,
    /// The Deny statements that apply: unconditioned ones decide; conditioned ones may deny
    /// some requests.
    pub denied_by: Vec<StatementRef>,
}

impl Access {
    fn decide(allowed_by: Vec<StatementRef>, denied_by: Vec<StatementRef>) -> Self {
        let decision = if denied_by.iter().any(|deny| !deny.conditioned) {
            Decision::Denied
        } else if allowed_by.is_empty() {
            Decision::NotAllowed
        } else {
            Decision::Allowed
        };
        Access { decision, allowed_by, denied_by }
    }

    pub fn is_allowed(&self) -> bool {
        self.decision == Decision::Allowed
    }

    /// Allowed by a statement without conditions, and no conditioned Deny applies either.
    pub fn is_unconditionally_allowed(&self) -> bool {
        self.is_allowed() && self.allowed_by.iter().any(|allow| !allow.conditioned) && self.denied_by.is_empty()
    }
}

/// Whether the statement applies to `resource`; a statement without Resource applies to the
/// resource its policy is attached to, which is any resource the query names.
fn applies_to(statement: &Statement, resource: &str, lean: Lean) -> bool {
    statement.resources.as_ref().is_none_or(|resources| resources.matches_leaning(resource, lean))
}

/// Whether `policies` allow `action` on the ARN `resource`: explicit Deny wins over Allow.
///
/// A policy variable (`${aws:username}`) in a Resource is read in each statement's worst case:
/// an Allow applies to every caller it may apply to, a Deny only where it surely applies.
pub fn evaluate(policies: &[&Document], action: &str, resource: &str) -> Access {
    let mut allowed_by = Vec::new();
    let mut denied_by = Vec::new();
    for (reference, statement) in statements(policies) {
        if !statement.matches_action(action) {
            continue;
        }
        match statement.effect {
            Effect::Allow if applies_to(statement, resource, Lean::Applies) => allowed_by.push(reference),
            Effect::Deny if applies_to(statement, resource, Lean::DoesNotApply) => denied_by.push(reference),
            _ => {}
        }
    }
    Access::decide(allowed_by, denied_by)
}

/// Whether `policies` allow `action` on at least one resource that no unconditioned Deny
/// covers: `Allow iam:PassRole on role/app-*` with `Deny iam:PassRole on *` is denied; with
/// `Deny iam:PassRole on role/admin` it is allowed. Resource globs are compared as globs, and
/// a Resource that can only name another service's resources grants nothing here:
/// `Allow * on arn:aws:s3:::bucket/*` does not allow `iam:CreateAccessKey` anywhere.
pub fn evaluate_on_some_resource(policies: &[&Document], action: &str) -> Access {
    evaluate_on_some_resource_where(policies, action, |_| true)
}

/// [`evaluate_on_some_resource`] counting only the Allow statements `counts` accepts.
pub(crate) fn evaluate_on_some_resource_where(
    policies: &[&Document],
    action: &str,
    counts: impl Fn(&Statement) -> bool,
) -> Access {
    let applicable: Vec<(StatementRef, &Statement)> =
        statements(policies).filter(|(_, statement)| statement.matches_action(action)).collect();
    let denies: Vec<&(StatementRef, &Statement)> =
        applicable.iter().filter(|(_, statement)| statement.effect == Effect::Deny).collect();
    // Each counted Allow with the resource globs it grants that the action can act on.
    let grants: Vec<(&StatementRef, Vec<&str>)> = applicable
        .iter()
        .filter(|(_, statement)| statement.effect == Effect::Allow && counts(statement))
        .map(|(reference, statement)| {
            let globs: Vec<&str> =
                allowed_globs(statement).into_iter().filter(|glob| names_resource_of(glob, action)).collect();
            (reference, globs)
        })
        .filter(|(_, globs)| !globs.is_empty())
        .collect();
    let covered_by =
        |resources: Option<&Resources>, globs: &[&str]| globs.iter().any(|glob| deny_covers(resources, glob));
    let uncovered = |glob: &str| {
        !denies.iter().any(|(deny, statement)| !deny.conditioned && deny_covers(statement.resources.as_ref(), glob))
    };
    let allowed_by: Vec<StatementRef> = grants
        .iter()
        .filter(|(_, globs)| globs.iter().any(|glob| uncovered(glob)))
        .map(|(reference, _)| (*reference).clone())
        .collect();
    // Conditioned Denies may apply to some requests. An unconditioned Deny is named only when
    // nothing is allowed and it covers a grant (or, without grants, every resource).
    let decides = |resources: Option<&Resources>| {
        if grants.is_empty() {
            deny_covers(resources, "*")
        } else {
            grants.iter().any(|(_, globs)| covered_by(resources, globs))
        }
    };
    let denied_by = denies
        .iter()
        .filter(|(deny, statement)| {
            deny.conditioned || (allowed_by.is_empty() && decides(statement.resources.as_ref()))
        })
        .map(|(deny, _)| deny.clone())
        .collect();
    Access::decide(allowed_by, denied_by)
}

/// Whether `policies` allow some action of `service` (its prefix, `bedrock`) on some resource
/// that no unconditioned Deny covers: whether the service's permissions reach the principal at
/// all, for questions asked of a whole service rather than one action.
///
/// An Allow counts with the part of its Action that lies in the service: a glob within the
/// service as written (`bedrock:Invoke*`), the whole service for a broader glob (`*`, `b*`) or a
/// NotAction that leaves some of the service. A Deny takes such a grant away only where one Deny
/// covers both its action glob and one of its resource globs (resources as in
/// [`evaluate_on_some_resource`]), so `Allow bedrock:*` with `Deny bedrock:InvokeModel` is still
/// allowed, and `Allow bedrock:InvokeModel` with `Deny bedrock:*` is denied. Denies that only
/// together cover a grant are not combined, which errs towards "allowed".
pub fn evaluate_service_on_some_resource(policies: &[&Document], service: &str) -> Access {
    let every_action = format!("{service}:*");
    let applicable: Vec<(StatementRef, &Statement, Vec<&str>)> = statements(policies)
        .map(|(reference, statement)| {
            let globs = service_globs(statement, &every_action);
            (reference, statement, globs)
        })
        .filter(|(_, _, globs)| !globs.is_empty())
        .collect();
    let denies: Vec<&(StatementRef, &Statement, Vec<&str>)> =
        applicable.iter().filter(|(_, statement, _)| statement.effect == Effect::Deny).collect();
    // Each Allow with its action globs in the service and the resource globs it grants there.
    let grants: Vec<(&StatementRef, &[&str], Vec<&str>)> = applicable
        .iter()
        .filter(|(_, statement, _)| statement.effect == Effect::Allow)
        .map(|(reference, statement, actions)| {
            let resources: Vec<&str> =
                allowed_globs(statement).into_iter().filter(|glob| names_resource_of(glob, &every_action)).collect();
            (reference, actions.as_slice(), resources)
        })
        .filter(|(_, _, resources)| !resources.is_empty())
        .collect();
    let deny_covers_pair = |deny: &Statement, action: &str, resource: &str| {
        deny_covers_action(deny, action) && deny_covers(deny.resources.as_ref(), resource)
    };
    let uncovered = |action: &str, resource: &str| {
        !denies.iter().any(|(deny, statement, _)| !deny.conditioned && deny_covers_pair(statement, action, resource))
    };
    let allowed_by: Vec<StatementRef> = grants
        .iter()
        .filter(|(_, actions, resources)| {
            actions.iter().any(|action| resources.iter().any(|resource| uncovered(action, resource)))
        })
        .map(|(reference, _, _)| (*reference).clone())
        .collect();
    let decides = |deny: &Statement| {
        if grants.is_empty() {
            deny_covers_pair(deny, &every_action, "*")
        } else {
            grants.iter().any(|(_, actions, resources)| {
                actions.iter().any(|action| resources.iter().any(|resource| deny_covers_pair(deny, action, resource)))
            })
        }
    };
    let denied_by = denies
        .iter()
        .filter(|(deny, statement, _)| deny.conditioned || (allowed_by.is_empty() && decides(statement)))
        .map(|(deny, _, _)| deny.clone())
        .collect();
    Access::decide(allowed_by, denied_by)
}

/// The part of a statement's actions that lies in the service whose every action is
/// `every_action` (`bedrock:*`), as globs: each listed glob within the service as it is, and
/// the whole service for a listed glob reaching beyond it or a NotAction that leaves some of it.
fn service_globs<'a>(statement: &'a Statement, every_action: &'a str) -> Vec<&'a str> {
    let within = |glob: &str| wildcard::covers(every_action, glob, Case::Insensitive, Variables::MatchNothing);
    match &statement.actions {
        Actions::Listed(globs) => globs
            .iter()
            .filter(|glob| wildcard::intersect(glob, every_action, Case::Insensitive))
            .map(|glob| if within(glob) { glob.as_str() } else { every_action })
            .collect(),
        Actions::AllExcept(excluded) => {
            let all_excluded = excluded
                .iter()
                .any(|glob| wildcard::covers(glob, every_action, Case::Insensitive, Variables::MatchNothing));
            if all_excluded { Vec::new() } else { vec![every_action] }
        }
    }
}

/// Whether a Deny's Action/NotAction takes in every action the glob `action` matches.
pub(crate) fn deny_covers_action(deny: &Statement, action: &str) -> bool {
    match &deny.actions {
        Actions::Listed(globs) => {
            globs.iter().any(|glob| wildcard::covers(glob, action, Case::Insensitive, Variables::MatchNothing))
        }
        Actions::AllExcept(kept) => !kept.iter().any(|glob| wildcard::intersect(glob, action, Case::Insensitive)),
    }
}

/// The resource globs an Allow grants: its Resource list, or `*` under NotResource or without
/// Resource (NotResource leaves an unknown rest, read as everything in the worst case).
fn allowed_globs(statement: &Statement) -> Vec<&str> {
    match &statement.resources {
        Some(Resources::Listed(globs)) => globs.iter().map(String::as_str).collect(),
        _ => vec!["*"],
    }
}

/// The services whose actions act on resources under another service's ARN prefix, with the
/// prefixes their resources have (`sts:AssumeRole` acts on `arn:aws:iam::…:role/…`).
const RESOURCE_PREFIXES: &[(&str, &[&str])] = &[
    ("sts", &["sts", "iam"]),
    ("ssm", &["ssm", "ec2"]),
    ("ec2-instance-connect", &["ec2"]),
    ("ebs", &["ec2"]),
    ("servicecatalog", &["servicecatalog", "catalog"]),
    ("s3-object-lambda", &["s3-object-lambda", "s3"]),
];

/// Whether the Resource glob `glob` can name a resource that `action` acts on: `*`, or an ARN
/// glob whose service field (`arn:PARTITION:SERVICE:…`, wildcards within the field) can be the
/// action's service or one of its [`RESOURCE_PREFIXES`].
fn names_resource_of(glob: &str, action: &str) -> bool {
    let Some((service, _)) = action.split_once(':') else { return true };
    let fields: Vec<&str> = glob.splitn(4, ':').collect();
    if fields.len() < 3 || fields[0] != "arn" {
        return true;
    }
    let service = service.to_ascii_lowercase();
    let prefixes = RESOURCE_PREFIXES.iter().find(|(name, _)| *name == service).map(|(_, prefixes)| *prefixes);
    let own = [service.as_str()];
    prefixes
        .unwrap_or(&own)
        .iter()
        .any(|prefix| wildcard::matches(fields[2], prefix, Case::Sensitive, Variables::MatchAnything))
}

/// Whether a Deny with `resources` covers every resource `glob` matches. Variables are read so
/// that the Deny covers less.
pub(crate) fn deny_covers(resources: Option<&Resources>, glob: &str) -> bool {
    match resources {
        None => true,
        Some(Resources::Listed(globs)) => {
            globs.iter().any(|deny| wildcard::covers(deny, glob, Case::Sensitive, Variables::MatchNothing))
        }
        Some(Resources::AllExcept(globs)) => !globs.iter().any(|kept| wildcard::intersect(kept, glob, Case::Sensitive)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn document(value: serde_json::Value) -> Document {
        Document::from_value(&value).unwrap()
    }

    #[test]
    fn allow_then_explicit_deny_wins() {
        let allow =
            document(json!({"Statement": {"Sid": "Read", "Effect": "Allow", "Action": "s3:Get*", "Resource": "*"}}));
        let deny = document(json!({"Statement": [
            {"Effect": "Deny", "Action": "S3:GETOBJECT", "Resource": "arn:aws:s3:::secret/*"}
        ]}));
        let policies = [&allow, &deny];
        let open = evaluate(&policies, "s3:GetObject", "arn:aws:s3:::public/key");
        assert_eq!(open.decision, Decision::Allowed);
        assert_eq!(open.allowed_by[0].to_string(), "statement \"Read\"");
        assert!(open.is_unconditionally_allowed());
        let secret = evaluate(&policies, "s3:GetObject", "arn:aws:s3:::secret/key");
        assert_eq!(secret.decision, Decision::Denied);
        assert_eq!((secret.denied_by[0].policy, secret.denied_by[0].index), (1, 0));
        assert_eq!(secret.denied_by[0].to_string(), "Statement[0]");
        assert_eq!(evaluate(&policies, "s3:PutObject", "arn:aws:s3:::public/key").decision, Decision::NotAllowed);
    }

    #[test]
    fn not_action_and_not_resource() {
        let policy = document(json!({"Statement": [
            {"Effect": "Allow", "NotAction": ["iam:*", "organizations:*"], "Resource": "*"},
            {"Effect": "Deny", "Action": "*", "NotResource": "arn:aws:s3:::mine/*"}
        ]}));
        let policies = [&policy];
        assert_eq!(evaluate(&policies, "s3:GetObject", "arn:aws:s3:::mine/k").decision, Decision::Allowed);
        assert_eq!(evaluate(&policies, "s3:GetObject", "arn:aws:s3:::other/k").decision, Decision::Denied);
        assert_eq!(evaluate(&policies, "IAM:CreateUser", "arn:aws:s3:::mine/k").decision, Decision::NotAllowed);
    }

    #[test]
    fn conditioned_statements() {
        let policy = document(json!({"Statement": [
            {"Effect": "Allow", "Action": "s3:*", "Resource": "*",
             "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}},
            {"Effect": "Deny", "Action": "s3:*", "Resource": "*",
             "Condition": {"Bool": {"aws:SecureTransport": "false"}}}
        ]}));
        let access = evaluate(&[&policy], "s3:PutObject", "arn:aws:s3:::b/k");
        assert_eq!(access.decision, Decision::Allowed);
        assert!(access.allowed_by[0].conditioned);
        assert_eq!(access.denied_by.len(), 1);
        assert!(!access.is_unconditionally_allowed());
    }

    #[test]
    fn variables_lean_to_the_worst_case() {
        let policy = document(json!({"Statement": [
            {"Effect": "Allow", "Action": "iam:CreateAccessKey", "Resource": "*"},
            {"Effect": "Deny", "Action": "iam:CreateAccessKey", "NotResource": "arn:aws:iam::*:user/${aws:username}"}
        ]}));
        // The Deny leaves the caller's own user; for an unknown caller any user may be theirs.
        let access = evaluate(&[&policy], "iam:CreateAccessKey", "arn:aws:iam::111122223333:user/alice");
        assert_eq!(access.decision, Decision::Allowed);
        assert!(access.denied_by.is_empty());
    }

    #[test]
    fn trust_policies_without_resource() {
        let trust = document(json!({"Statement": {
            "Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"
        }}));
        assert!(evaluate(&[&trust], "sts:AssumeRole", "arn:aws:iam::111122223333:role/r").is_allowed());
    }

    #[test]
    fn on_some_resource() {
        let scoped = document(json!({"Statement": [
            {"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::111122223333:role/app-*"},
            {"Effect": "Deny", "Action": "iam:PassRole", "Resource": "arn:aws:iam::111122223333:role/admin"}
        ]}));
        let access = evaluate_on_some_resource(&[&scoped], "iam:PassRole");
        assert_eq!(access.decision, Decision::Allowed);
        assert!(access.denied_by.is_empty());
        let covered = document(json!({"Statement": [
            {"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::111122223333:role/app-*"},
            {"Effect": "Deny", "Action": "iam:*", "Resource": "arn:aws:iam::111122223333:role/*"}
        ]}));
        let access = evaluate_on_some_resource(&[&covered], "iam:PassRole");
        assert_eq!(access.decision, Decision::Denied);
        assert_eq!(access.denied_by.len(), 1);
        let denied_everywhere = document(json!({"Statement": {"Effect": "Deny", "Action": "*", "Resource": "*"}}));
        assert_eq!(evaluate_on_some_resource(&[&denied_everywhere], "iam:PassRole").decision, Decision::Denied);
        let nothing = document(json!({"Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}}));
        assert_eq!(evaluate_on_some_resource(&[&nothing], "iam:PassRole").decision, Decision::NotAllowed);
        let not_resource = document(json!({"Statement": [
            {"Effect": "Allow", "Action": "iam:PassRole", "NotResource": "arn:aws:iam::*:role/admin"},
            {"Effect": "Deny", "Action": "iam:PassRole", "Resource": "arn:aws:iam::*:role/*"}
        ]}));
        // NotResource leaves resources outside IAM roles the Deny does not cover (read as `*`).
        assert!(evaluate_on_some_resource(&[&not_resource], "iam:PassRole").is_allowed());
    }

    #[test]
    fn some_action_of_a_service() {
        let service = |value: serde_json::Value| evaluate_service_on_some_resource(&[&document(value)], "bedrock");
        let allowed = |value| service(value).decision == Decision::Allowed;
        assert!(allowed(json!({"Statement": {"Effect": "Allow", "Action": "bedrock:InvokeModel", "Resource": "*"}})));
        assert!(allowed(json!({"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}})));
        assert!(allowed(json!({"Statement": {"Effect": "Allow", "Action": "BedRock:List*", "Resource": "*"}})));
        assert!(allowed(json!({"Statement": {"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}})));
        assert!(!allowed(json!({"Statement": {"Effect": "Allow", "NotAction": "bedrock:*", "Resource": "*"}})));
        assert!(!allowed(json!({"Statement": {"Effect": "Allow", "Action": "bedrock-agentcore:*", "Resource": "*"}})));
        assert!(!allowed(json!({"Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}})));
        // Resources that can only be another service's grant nothing of Bedrock.
        assert!(!allowed(json!({"Statement": {"Effect": "Allow", "Action": "*", "Resource": "arn:aws:s3:::b/*"}})));
        assert!(allowed(
            json!({"Statement": {"Effect": "Allow", "Action": "bedrock:*", "Resource": "arn:aws:bedrock:*::foundation-model/*"}})
        ));
        // A narrower Deny leaves the rest of the service; a Deny of the whole service takes all.
        assert!(allowed(json!({"Statement": [
            {"Effect": "Allow", "Action": "bedrock:*", "Resource": "*"},
            {"Effect": "Deny", "Action": "bedrock:InvokeModel", "Resource": "*"}
        ]})));
        let denied = service(json!({"Statement": [
            {"Effect": "Allow", "Action": ["bedrock:InvokeModel", "s3:GetObject"], "Resource": "*"},
            {"Sid": "NoAi", "Effect": "Deny", "Action": "bedrock:*", "Resource": "*"}
        ]}));
        assert_eq!(denied.decision, Decision::Denied);
        assert_eq!(denied.denied_by[0].to_string(), "statement \"NoAi\"");
        assert_eq!(
            service(json!({"Statement": [
                {"Effect": "Allow", "Action": "*", "Resource": "*"},
                {"Effect": "Deny", "NotAction": ["iam:*", "sts:*"], "Resource": "*"}
            ]}))
            .decision,
            Decision::Denied
        );
        // A conditioned Deny may spare some requests; a Deny on some resources spares the rest.
        let conditioned = service(json!({"Statement": [
            {"Effect": "Allow", "Action": "bedrock:*", "Resource": "*"},
            {"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "false"}}}
        ]}));
        assert!(conditioned.is_allowed() && !conditioned.is_unconditionally_allowed());
        assert!(allowed(json!({"Statement": [
            {"Effect": "Allow", "Action": "bedrock:*", "Resource": "*"},
            {"Effect": "Deny", "Action": "bedrock:*", "Resource": "arn:aws:bedrock:*:*:agent/*"}
        ]})));
        assert_eq!(
            service(json!({"Statement": {"Effect": "Deny", "Action": "*", "Resource": "*"}})).decision,
            Decision::Denied
        );
        assert_eq!(
            service(json!({"Statement": {"Effect": "Allow", "Action": "ec2:*", "Resource": "*"}})).decision,
            Decision::NotAllowed
        );
    }

    #[test]
    fn resources_of_another_service_grant_nothing_on_some_resource() {
        let bucket =
            document(json!({"Statement": {"Effect": "Allow", "Action": "*", "Resource": "arn:aws:s3:::team/*"}}));
        assert_eq!(evaluate_on_some_resource(&[&bucket], "iam:CreateAccessKey").decision, Decision::NotAllowed);
        assert!(evaluate_on_some_resource(&[&bucket], "S3:PutObject").is_allowed());
        let roles = document(
            json!({"Statement": {"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "arn:aws:iam::*:role/*"}}),
        );
        assert!(evaluate_on_some_resource(&[&roles], "sts:AssumeRole").is_allowed());
        let any_service =
            document(json!({"Statement": {"Effect": "Allow", "Action": "*", "Resource": "arn:aws:*:*:*:*"}}));
        assert!(evaluate_on_some_resource(&[&any_service], "iam:CreateAccessKey").is_allowed());
        let some_services =
            document(json!({"Statement": {"Effect": "Allow", "Action": "*", "Resource": "arn:aws:i?m::*:user/*"}}));
        assert!(evaluate_on_some_resource(&[&some_services], "iam:CreateAccessKey").is_allowed());
        assert!(!evaluate_on_some_resource(&[&some_services], "ec2:RunInstances").is_allowed());
    }
}
