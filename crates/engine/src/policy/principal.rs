//! Who a resource or trust policy grants to: everyone (public), which accounts, which services.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::condition::{Restrictions, Verdict, arn_account, is_account_id};
use super::document::{Actions, Document, Effect, Principal, Principals, Resources, Statement};
use super::evaluate::{StatementRef, deny_covers, statements};
use super::wildcard::{self, Case, Variables};

/// How an Allow statement names everyone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OpenPrincipal {
    /// `"Principal": "*"`.
    Everyone,
    /// A wildcard of one principal type: `{"AWS": "*"}` (or a value with `*` in it, which IAM
    /// does not accept as part of an ARN), or `{"Service": "*"}`.
    Wildcard { principal_type: &'static str, value: String },
    /// `NotPrincipal` on an Allow: everyone but the principals listed.
    NotPrincipal,
}

/// An Allow statement whose principal is everyone, and what confines it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OpenStatement {
    pub statement: StatementRef,
    pub principal: OpenPrincipal,
    /// The statement's own conditions, each with its verdict.
    pub restrictions: Restrictions,
    /// Deny statements of the same policy that take away everything this statement grants to
    /// callers outside fixed values of a restricting key (or to every caller), such as
    /// `Deny * to * unless StringEquals aws:SourceVpce`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub confined_by_denies: Vec<StatementRef>,
}

impl OpenStatement {
    /// Whether anyone at all can use this grant: no condition of its own and no Deny confines it.
    pub fn is_public(&self) -> bool {
        !self.restrictions.restricts() && self.confined_by_denies.is_empty()
    }

    /// The accounts its own conditions confine callers to, when they name accounts.
    pub fn confined_to_accounts(&self) -> Option<&BTreeSet<String>> {
        self.restrictions.accounts.as_ref()
    }
}

/// The principal that makes a statement open to everyone, if it is.
fn open_principal(principals: &Principals) -> Option<OpenPrincipal> {
    match principals {
        Principals::AllExcept(_) => Some(OpenPrincipal::NotPrincipal),
        Principals::Listed(Principal::Everyone) => Some(OpenPrincipal::Everyone),
        Principals::Listed(Principal::Named(named)) => {
            let types = [
                ("AWS", &named.aws),
                ("Service", &named.service),
                ("Federated", &named.federated),
                ("CanonicalUser", &named.canonical_user),
            ];
            types.into_iter().find_map(|(principal_type, values)| {
                let value = values.iter().find(|value| value.contains('*'))?;
                Some(OpenPrincipal::Wildcard { principal_type, value: value.clone() })
            })
        }
    }
}

/// Whether a Deny's principals take in every caller (`*`, `{"AWS": "*"}`, or NotPrincipal,
/// which leaves only the listed principals out of the Deny).
fn deny_reaches_everyone(principals: Option<&Principals>) -> bool {
    principals.is_none_or(|principals| open_principal(principals).is_some())
}

/// The Allow statements of a resource or trust policy granted to everyone, each with what
/// confines it. A Deny never makes a policy public; it can only confine an open Allow.
pub fn open_statements(document: &Document) -> Vec<OpenStatement> {
    let policies = [document];
    let all: Vec<(StatementRef, &Statement)> = statements(&policies).collect();
    let mut open = Vec::new();
    for (reference, statement) in &all {
        if statement.effect != Effect::Allow {
            continue;
        }
        let Some(principal) = statement.principals.as_ref().and_then(open_principal) else { continue };
        let confined_by_denies = all
            .iter()
            .filter(|(_, deny)| deny.effect == Effect::Deny && deny_confines(deny, statement))
            .map(|(reference, _)| reference.clone())
            .collect();
        open.push(OpenStatement {
            statement: reference.clone(),
            principal,
            restrictions: statement.restrictions(),
            confined_by_denies,
        });
    }
    open
}

/// The Allow statements of `document` that are public (see [`OpenStatement::is_public`]).
pub fn public_statements(document: &Document) -> Vec<OpenStatement> {
    open_statements(document).into_iter().filter(OpenStatement::is_public).collect()
}

/// Whether `deny` takes away all of what `allow` grants from every caller outside fixed values
/// of restricting keys: it reaches everyone, covers the Allow's actions and resources, and
/// each of its conditions (if any) holds for all but such callers.
fn deny_confines(deny: &Statement, allow: &Statement) -> bool {
    deny_reaches_everyone(deny.principals.as_ref())
        && deny_covers_actions(&deny.actions, &allow.actions)
        && deny_covers_resources(deny.resources.as_ref(), allow.resources.as_ref())
        && deny.restrictions().conditions.iter().all(|seen| seen.verdict == Verdict::Restricts)
}

fn deny_covers_actions(deny: &Actions, allow: &Actions) -> bool {
    let covers = |outer: &str, inner: &str| wildcard::covers(outer, inner, Case::Insensitive, Variables::MatchNothing);
    match (deny, allow) {
        (Actions::Listed(denied), Actions::Listed(allowed)) => {
            allowed.iter().all(|glob| denied.iter().any(|deny| covers(deny, glob)))
        }
        (Actions::Listed(denied), Actions::AllExcept(_)) => denied.iter().any(|deny| covers(deny, "*")),
        (Actions::AllExcept(kept), Actions::Listed(allowed)) => {
            allowed.iter().all(|glob| !kept.iter().any(|kept| wildcard::intersect(kept, glob, Case::Insensitive)))
        }
        (Actions::AllExcept(kept), Actions::AllExcept(_)) => kept.is_empty(),
    }
}

fn deny_covers_resources(deny: Option<&Resources>, allow: Option<&Resources>) -> bool {
    match allow {
        Some(Resources::Listed(globs)) => globs.iter().all(|glob| deny_covers(deny, glob)),
        _ => deny_covers(deny, "*"),
    }
}

/// Who the Allow statements of a resource or trust policy grant to.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Grantees {
    /// The statements open to everyone, with what confines them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub everyone: Vec<OpenStatement>,
    /// Account ids named as AWS principals (`123456789012`, `arn:aws:iam::123456789012:root`,
    /// or a user or role ARN in that account), with the statements naming them.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub accounts: BTreeMap<String, Vec<StatementRef>>,
    /// Service principals (`ec2.amazonaws.com`).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub services: BTreeMap<String, Vec<StatementRef>>,
    /// Federated principals (identity providers, `cognito-identity.amazonaws.com`).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub federated: BTreeMap<String, Vec<StatementRef>>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub canonical_users: BTreeMap<String, Vec<StatementRef>>,
    /// AWS principals that name no account: unique ids (`AROA…`) left when a principal was
    /// deleted, and CloudFront origin access identities.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub unresolved: BTreeMap<String, Vec<StatementRef>>,
}

impl Grantees {
    /// The named accounts other than `own_account` and those in `trusted`, with the statements
    /// naming them. Statements open to everyone are in [`Grantees::everyone`].
    pub fn foreign_accounts<'a>(
        &'a self,
        own_account: &'a str,
        trusted: &'a [&'a str],
    ) -> impl Iterator<Item = (&'a str, &'a [StatementRef])> + 'a {
        self.accounts
            .iter()
            .filter(move |(account, _)| account.as_str() != own_account && !trusted.contains(&account.as_str()))
            .map(|(account, statements)| (account.as_str(), statements.as_slice()))
    }
}

/// The account an AWS principal value belongs to: an account id, or the account field of an ARN.
pub fn principal_account(value: &str) -> Option<&str> {
    if is_account_id(value) {
        return Some(value);
    }
    arn_account(value).filter(|account| is_account_id(account))
}

/// Who the Allow statements of `document` grant to.
pub fn grantees(document: &Document) -> Grantees {
    let policies = [document];
    let mut grantees = Grantees { everyone: open_statements(document), ..Grantees::default() };
    for (reference, statement) in statements(&policies) {
        let Some(Principals::Listed(Principal::Named(named))) = &statement.principals else { continue };
        if statement.effect != Effect::Allow {
            continue;
        }
        let add = |map: &mut BTreeMap<String, Vec<StatementRef>>, value: &str| {
            let statements = map.entry(value.to_owned()).or_default();
            if !statements.contains(&reference) {
                statements.push(reference.clone());
            }
        };
        for value in named.aws.iter().filter(|value| !value.contains('*')) {
            match principal_account(value) {
                Some(account) => add(&mut grantees.accounts, account),
                None => add(&mut grantees.unresolved, value),
            }
        }
        for value in named.service.iter().filter(|value| !value.contains('*')) {
            add(&mut grantees.services, value);
        }
        for value in named.federated.iter().filter(|value| !value.contains('*')) {
            add(&mut grantees.federated, value);
        }
        for value in named.canonical_user.iter().filter(|value| !value.contains('*')) {
            add(&mut grantees.canonical_users, value);
        }
    }
    grantees
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn document(value: serde_json::Value) -> Document {
        Document::from_value(&value).unwrap()
    }

    fn bucket_policy(principal: serde_json::Value, condition: Option<serde_json::Value>) -> Document {
        let mut statement = json!({
            "Sid": "Open", "Effect": "Allow", "Principal": principal,
            "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"
        });
        if let Some(condition) = condition {
            statement["Condition"] = condition;
        }
        document(json!({"Version": "2012-10-17", "Statement": [statement]}))
    }

    fn is_public(document: &Document) -> bool {
        !public_statements(document).is_empty()
    }

    #[test]
    fn star_forms_are_public() {
        assert!(is_public(&bucket_policy(json!("*"), None)));
        assert!(is_public(&bucket_policy(json!({"AWS": "*"}), None)));
        assert!(is_public(&bucket_policy(json!({"AWS": ["arn:aws:iam::111122223333:root", "*"]}), None)));
        let open = open_statements(&bucket_policy(json!({"AWS": "*"}), None));
        assert_eq!(open[0].principal, OpenPrincipal::Wildcard { principal_type: "AWS", value: "*".to_owned() });
        assert!(!is_public(&bucket_policy(json!({"AWS": "arn:aws:iam::111122223333:root"}), None)));
    }

    #[test]
    fn deny_does_not_make_a_bucket_public() {
        let policy = document(json!({"Statement": [
            {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::b/*",
             "Condition": {"Bool": {"aws:SecureTransport": "false"}}},
            {"Effect": "Deny", "Principal": {"AWS": "*"}, "Action": "s3:DeleteBucket", "Resource": "arn:aws:s3:::b"}
        ]}));
        assert!(open_statements(&policy).is_empty());
        assert!(grantees(&policy).everyone.is_empty());
    }

    #[test]
    fn source_vpce_restricts_a_star_principal() {
        let policy =
            bucket_policy(json!({"AWS": "*"}), Some(json!({"StringEquals": {"aws:SourceVpce": "vpce-1a2b3c"}})));
        let open = open_statements(&policy);
        assert_eq!(open.len(), 1);
        assert!(!open[0].is_public());
        let restricting: Vec<_> = open[0].restrictions.restricting().map(|seen| seen.key.as_str()).collect();
        assert_eq!(restricting, ["aws:SourceVpce"]);
    }

    #[test]
    fn condition_keys_ignore_case() {
        let policy = bucket_policy(json!("*"), Some(json!({"stringequals": {"AWS:PRINCIPALORGID": "o-abc123"}})));
        assert!(!is_public(&policy));
    }

    #[test]
    fn source_ip_anywhere_does_not_restrict() {
        let policy = bucket_policy(json!("*"), Some(json!({"IpAddress": {"aws:SourceIp": ["0.0.0.0/0"]}})));
        let open = open_statements(&policy);
        assert!(open[0].is_public());
        assert_eq!(open[0].restrictions.conditions[0].verdict, Verdict::AnyAddress);
        let ipv6 = bucket_policy(json!("*"), Some(json!({"IpAddress": {"aws:SourceIp": "::/0"}})));
        assert!(is_public(&ipv6));
        let range = bucket_policy(json!("*"), Some(json!({"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}})));
        assert!(!is_public(&range));
    }

    #[test]
    fn negated_org_id_does_not_restrict_an_allow() {
        let policy = bucket_policy(json!("*"), Some(json!({"StringNotEquals": {"aws:PrincipalOrgID": "o-abc123"}})));
        let open = open_statements(&policy);
        assert!(open[0].is_public());
        assert_eq!(open[0].restrictions.conditions[0].verdict, Verdict::NegatedOperator);
    }

    #[test]
    fn wildcard_value_and_unrelated_keys_do_not_restrict() {
        assert!(is_public(&bucket_policy(json!("*"), Some(json!({"StringLike": {"aws:SourceVpce": "*"}})))));
        assert!(is_public(&bucket_policy(json!("*"), Some(json!({"Bool": {"aws:SecureTransport": "true"}})))));
        assert!(is_public(&bucket_policy(
            json!("*"),
            Some(json!({"StringEqualsIfExists": {"aws:SourceVpce": "vpce-1"}}))
        )));
    }

    #[test]
    fn not_principal_allow_is_public() {
        let policy = bucket_policy(json!({"AWS": "*"}), None);
        let mut statement = policy.statements[0].clone();
        statement.principals = Some(Principals::AllExcept(Principal::Named(Default::default())));
        let policy = Document { statements: vec![statement], ..policy };
        assert_eq!(public_statements(&policy)[0].principal, OpenPrincipal::NotPrincipal);
    }

    #[test]
    fn a_deny_guard_confines_an_open_allow() {
        let policy = document(json!({"Statement": [
            {"Sid": "Read", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"},
            {"Sid": "OnlyFromVpce", "Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": ["arn:aws:s3:::b", "arn:aws:s3:::b/*"],
             "Condition": {"StringNotEquals": {"aws:SourceVpce": "vpce-1a2b3c"}}}
        ]}));
        let open = open_statements(&policy);
        assert!(!open[0].is_public());
        assert_eq!(open[0].confined_by_denies[0].sid.as_deref(), Some("OnlyFromVpce"));
        // A guard on another key, or one that covers less, confines nothing.
        let partial = document(json!({"Statement": [
            {"Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::b/*"},
            {"Effect": "Deny", "Principal": "*", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::b/*",
             "Condition": {"StringNotEquals": {"aws:SourceVpce": "vpce-1a2b3c"}}},
            {"Effect": "Deny", "Principal": "*", "Action": "*", "Resource": "*",
             "Condition": {"Bool": {"aws:SecureTransport": "false"}}}
        ]}));
        assert!(open_statements(&partial)[0].is_public());
    }

    #[test]
    fn accounts_services_and_federated_principals() {
        let trust = document(json!({"Statement": [
            {"Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::123456789012:root", "444455556666",
                "arn:aws:iam::777788889999:role/deploy", "AROAEXAMPLEID12345678",
                "arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity E2EXAMPLE"]},
             "Action": "sts:AssumeRole"},
            {"Effect": "Allow", "Principal": {"Service": ["lambda.amazonaws.com"]}, "Action": "sts:AssumeRole",
             "Condition": {"StringEquals": {"aws:SourceAccount": "123456789012"}}},
            {"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"},
             "Action": "sts:AssumeRoleWithWebIdentity"},
            {"Effect": "Deny", "Principal": {"AWS": "arn:aws:iam::999999999999:root"}, "Action": "sts:AssumeRole"}
        ]}));
        let grantees = grantees(&trust);
        let accounts: Vec<&str> = grantees.accounts.keys().map(String::as_str).collect();
        assert_eq!(accounts, ["123456789012", "444455556666", "777788889999"]);
        assert_eq!(grantees.unresolved.len(), 2);
        assert!(grantees.services.contains_key("lambda.amazonaws.com"));
        assert_eq!(grantees.federated.len(), 1);
        assert!(grantees.everyone.is_empty());
        let foreign: Vec<&str> = grantees.foreign_accounts("123456789012", &["444455556666"]).map(|(a, _)| a).collect();
        assert_eq!(foreign, ["777788889999"]);
    }

    #[test]
    fn everyone_confined_to_accounts() {
        let policy = document(json!({"Statement": {
            "Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "*", "Resource": "*",
            "Condition": {"StringEquals": {"aws:PrincipalAccount": ["111122223333"]}}
        }}));
        let grantees = grantees(&policy);
        let open = &grantees.everyone[0];
        assert!(!open.is_public());
        assert_eq!(open.confined_to_accounts(), Some(&BTreeSet::from(["111122223333".to_owned()])));
    }
}
