//! Who a role's trust policy lets assume it, read from GetAccountAuthorizationDetails
//! ([`super::iam_authorization`]) with the policy module: principals outside the account, service
//! principals, and the conditions that tie a service's request to an account.
//!
//! Facts from the IAM User Guide that the readings follow:
//! - an AWS principal names an account (`111122223333`, `arn:aws:iam::111122223333:root`) or a
//!   user or role in one, and trusts that whole account or that principal; `"*"` (or
//!   `{"AWS": "*"}`, or `NotPrincipal` on an Allow) trusts every AWS principal, unless a
//!   condition confines it;
//! - a principal that was deleted is shown as its unique id (`AROA…`): no one can use it again,
//!   so it trusts no one;
//! - only statements allowing `sts:AssumeRole` (or a glob covering it) let AWS principals and
//!   services assume the role; `sts:TagSession` and the like do not;
//! - for service principals, `aws:SourceAccount`, `aws:SourceArn`, `aws:SourceOrgID` and
//!   `aws:SourceOrgPaths` are the documented guards against the cross-service confused deputy;
//! - service-linked roles (path `/aws-service-role/`) have trust policies AWS owns.

use std::collections::BTreeSet;

use super::iam_authorization::RoleDetail;
use crate::context::Unknown;
use crate::policy::{
    Document, Effect, OpenPrincipal, Principal, Principals, Statement, StatementRef, Verdict, is_account_id,
    open_statements, principal_account,
};

/// The action that lets an AWS principal or a service assume a role.
pub const ASSUME_ROLE: &str = "sts:AssumeRole";

/// The condition keys AWS documents against the cross-service confused deputy: they tie a
/// service principal's request to the resource, account or organization it acts for.
pub const SOURCE_KEYS: &[&str] = &["aws:SourceAccount", "aws:SourceArn", "aws:SourceOrgID", "aws:SourceOrgPaths"];

/// The role's trust policy, parsed; an error naming the role when it is absent or malformed.
pub fn trust_policy(role: &RoleDetail) -> Result<&Document, Unknown> {
    match role.assume_role_policy_document.as_ref().map(|document| document.document()) {
        Some(Ok(document)) => Ok(document),
        Some(Err(error)) => {
            Err(Unknown::new(format!("The trust policy of role {} cannot be read: {error}", role.role_name)))
        }
        None => Err(Unknown::new(format!(
            "GetAccountAuthorizationDetails gives no trust policy for role {}",
            role.role_name
        ))),
    }
}

/// Whether `statement` allows its principals to assume the role.
pub fn allows_assume_role(statement: &Statement) -> bool {
    statement.effect == Effect::Allow && statement.matches_action(ASSUME_ROLE)
}

/// `statement "Sid"` or `Statement[2]`, for messages.
pub fn statement_name(index: usize, statement: &Statement) -> String {
    StatementRef::new(0, index, statement).to_string()
}

/// A principal outside the account that a trust statement lets assume the role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForeignPrincipal {
    /// The statement's position in the trust policy.
    pub statement: usize,
    /// The principal as written (`arn:aws:iam::444455556666:root`, `444455556666`), an account
    /// a condition confines an open statement to, or `*` for every AWS principal.
    pub principal: String,
    /// The account it belongs to; `None` for every AWS principal.
    pub account: Option<String>,
}

/// The principals outside `own_account` that the trust policy lets call `sts:AssumeRole`: AWS
/// principals of other accounts, and every AWS principal where a statement is open to everyone
/// (`"*"`, `{"AWS": "*"}`, `NotPrincipal`) unless its conditions confine the callers to named
/// accounts, in which case those accounts other than `own_account`.
pub fn foreign_principals(document: &Document, own_account: &str) -> Vec<ForeignPrincipal> {
    let mut foreign = Vec::new();
    let mut add = |statement: usize, principal: String, account: Option<String>| {
        let item = ForeignPrincipal { statement, principal, account };
        if !foreign.contains(&item) {
            foreign.push(item);
        }
    };
    let open: Vec<_> = open_statements(document)
        .into_iter()
        .filter(|open| !matches!(&open.principal, OpenPrincipal::Wildcard { principal_type, .. } if *principal_type != "AWS"))
        .collect();
    for (index, statement) in document.statements.iter().enumerate() {
        if !allows_assume_role(statement) {
            continue;
        }
        if let Some(open) = open.iter().find(|open| open.statement.index == index) {
            match open.confined_to_accounts() {
                Some(accounts) => {
                    for account in accounts.iter().filter(|account| account.as_str() != own_account) {
                        add(index, account.clone(), Some(account.clone()));
                    }
                }
                None => add(index, "*".to_owned(), None),
            }
            continue;
        }
        let Some(Principals::Listed(Principal::Named(named))) = &statement.principals else { continue };
        for value in &named.aws {
            // A value that is not an account or an ARN in one is a deleted principal's unique id.
            if let Some(account) = principal_account(value).filter(|account| *account != own_account) {
                add(index, value.clone(), Some(account.to_owned()));
            }
        }
    }
    foreign
}

/// The service principals a statement names (`ec2.amazonaws.com`).
pub fn services(statement: &Statement) -> &[String] {
    match &statement.principals {
        Some(Principals::Listed(Principal::Named(named))) => &named.service,
        _ => &[],
    }
}

/// The statements of a trust policy that let a service principal assume the role.
pub fn service_statements(document: &Document) -> impl Iterator<Item = (usize, &Statement)> {
    document
        .statements
        .iter()
        .enumerate()
        .filter(|(_, statement)| allows_assume_role(statement) && !services(statement).is_empty())
}

/// A service role as IAM's user guide means it: a role that is not service-linked, whose trust
/// policy lets only AWS service principals assume it (every Allow statement names service
/// principals and nothing else, and at least one allows `sts:AssumeRole`). Deny statements and
/// grants of other actions (`sts:TagSession`) do not change who may assume it.
pub fn is_plain_service_role(role: &RoleDetail, document: &Document) -> bool {
    let only_services = |statement: &Statement| match &statement.principals {
        Some(Principals::Listed(Principal::Named(named))) => {
            !named.service.is_empty()
                && named.aws.is_empty()
                && named.federated.is_empty()
                && named.canonical_user.is_empty()
        }
        _ => false,
    };
    !role.is_service_linked()
        && document.statements.iter().filter(|s| s.effect == Effect::Allow).all(only_services)
        && service_statements(document).next().is_some()
}

/// What a trust statement's conditions do to the source a service principal acts for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceBinding {
    /// No condition confines the source: any account's resource can have the service assume the
    /// role (the cross-service confused deputy).
    Unbound,
    /// A condition on a source key confines the source, but names no account or organization:
    /// an `aws:SourceArn` without an account (S3 bucket ARNs), a partial account glob, an odd
    /// literal. Each such key is listed with its values.
    Resource(Vec<String>),
    /// The source is confined to these accounts (`aws:SourceAccount`, or `aws:SourceArn` values
    /// that all name an account).
    Accounts(BTreeSet<String>),
    /// The source is confined to an organization or organizational unit (`aws:SourceOrgID`,
    /// `aws:SourceOrgPaths`).
    Organization(Vec<String>),
}

impl SourceBinding {
    /// Whether some condition confines the source at all.
    pub fn is_guarded(&self) -> bool {
        !matches!(self, SourceBinding::Unbound)
    }

    /// Whether the source is confined to named accounts or an organization.
    pub fn confines_to_accounts(&self) -> bool {
        matches!(self, SourceBinding::Accounts(_) | SourceBinding::Organization(_))
    }
}

/// How the conditions of `statement` confine the source a service principal acts for. Only
/// conditions the policy module finds restricting count: a negated operator, `…IfExists`,
/// `ForAllValues:` or a catch-all glob confines nothing. The conditions all hold together, so
/// the strongest binding among them is the statement's.
pub fn source_binding(statement: &Statement) -> SourceBinding {
    let restrictions = statement.restrictions();
    let source = |key: &str| SOURCE_KEYS.iter().any(|known| known.eq_ignore_ascii_case(key));
    let mut accounts: Option<BTreeSet<String>> = None;
    let mut organization = Vec::new();
    let mut resource = Vec::new();
    for seen in restrictions.conditions.iter().filter(|seen| seen.verdict == Verdict::Restricts && source(&seen.key)) {
        let named: Option<BTreeSet<String>> = if seen.key.eq_ignore_ascii_case("aws:SourceAccount") {
            seen.values.iter().map(|value| is_account_id(value).then(|| value.clone())).collect()
        } else if seen.key.eq_ignore_ascii_case("aws:SourceArn") {
            seen.values.iter().map(|value| principal_account(value).map(str::to_owned)).collect()
        } else {
            organization.push(format!("{} {}", seen.key, seen.values.join(", ")));
            continue;
        };
        match named {
            Some(named) => {
                accounts = Some(match accounts.take() {
                    Some(known) => known.intersection(&named).cloned().collect(),
                    None => named,
                })
            }
            None => resource.push(format!("{} {}", seen.key, seen.values.join(", "))),
        }
    }
    if let Some(accounts) = accounts {
        SourceBinding::Accounts(accounts)
    } else if !organization.is_empty() {
        SourceBinding::Organization(organization)
    } else if !resource.is_empty() {
        SourceBinding::Resource(resource)
    } else {
        SourceBinding::Unbound
    }
}

/// A principal for messages: `every AWS principal (*)` for `*`, otherwise as written.
pub fn shown(principal: &str) -> String {
    if principal == "*" { "every AWS principal (*)".to_owned() } else { principal.to_owned() }
}

/// `a, b and c`.
pub fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    const OWN: &str = "111122223333";

    fn trust(statements: serde_json::Value) -> Document {
        Document::from_value(&json!({"Version": "2012-10-17", "Statement": statements})).unwrap()
    }

    fn principals(document: &Document) -> Vec<String> {
        foreign_principals(document, OWN).into_iter().map(|p| p.principal).collect()
    }

    #[test]
    fn foreign_principals_of_every_form() {
        let document = trust(json!([
            {"Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::111122223333:root", "444455556666",
                "arn:aws:iam::555566667777:role/ci", "AROAEXAMPLEDELETEDID"]}, "Action": "sts:AssumeRole"},
            {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::999988887777:root"}, "Action": "sts:TagSession"},
            {"Effect": "Deny", "Principal": {"AWS": "arn:aws:iam::888877776666:root"}, "Action": "sts:AssumeRole"},
            {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}
        ]));
        assert_eq!(principals(&document), ["444455556666", "arn:aws:iam::555566667777:role/ci"]);
    }

    #[test]
    fn open_statements_trust_everyone_unless_confined_to_accounts() {
        let open = trust(json!([{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}]));
        assert_eq!(principals(&open), ["*"]);
        assert_eq!(foreign_principals(&open, OWN)[0].account, None);
        let star = trust(json!([{"Effect": "Allow", "Principal": "*", "Action": "sts:*"}]));
        assert_eq!(principals(&star), ["*"]);
        let own = trust(json!([{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole",
            "Condition": {"StringEquals": {"aws:PrincipalAccount": OWN}}}]));
        assert!(principals(&own).is_empty());
        let other = trust(json!([{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole",
            "Condition": {"StringEquals": {"aws:PrincipalAccount": [OWN, "444455556666"]}}}]));
        assert_eq!(principals(&other), ["444455556666"]);
        let service_star =
            trust(json!([{"Effect": "Allow", "Principal": {"Service": "*"}, "Action": "sts:AssumeRole"}]));
        assert!(principals(&service_star).is_empty());
    }

    #[test]
    fn source_bindings() {
        let statement = |condition: serde_json::Value| {
            trust(json!([{"Effect": "Allow", "Principal": {"Service": "sns.amazonaws.com"}, "Action": "sts:AssumeRole",
                "Condition": condition}]))
            .statements
            .remove(0)
        };
        let accounts = |list: &[&str]| SourceBinding::Accounts(list.iter().map(|a| (*a).to_owned()).collect());
        assert_eq!(source_binding(&statement(json!({"StringEquals": {"aws:SourceAccount": OWN}}))), accounts(&[OWN]));
        assert_eq!(
            source_binding(&statement(json!({"ArnLike": {"aws:SourceArn": "arn:aws:sns:*:111122223333:*"}}))),
            accounts(&[OWN])
        );
        let bucket = source_binding(&statement(json!({"ArnLike": {"aws:SourceArn": "arn:aws:s3:::logs"}})));
        assert!(bucket.is_guarded() && !bucket.confines_to_accounts());
        let both =
            json!({"ArnLike": {"aws:SourceArn": "arn:aws:s3:::logs"}, "StringEquals": {"aws:SourceAccount": OWN}});
        assert_eq!(source_binding(&statement(both)), accounts(&[OWN]));
        let org = source_binding(&statement(json!({"StringEquals": {"aws:SourceOrgID": "o-abc123"}})));
        assert!(org.confines_to_accounts());
        for unbound in [
            json!({"StringNotEquals": {"aws:SourceAccount": "444455556666"}}),
            json!({"StringEqualsIfExists": {"aws:SourceAccount": OWN}}),
            json!({"StringLike": {"aws:SourceAccount": "*"}}),
            json!({"ArnLike": {"aws:SourceArn": "arn:aws:sagemaker:*:*:*"}}),
            json!({"StringEquals": {"aws:PrincipalOrgID": "o-abc123"}}),
            json!({"Null": {"aws:SourceAccount": "false"}}),
        ] {
            assert_eq!(source_binding(&statement(unbound.clone())), SourceBinding::Unbound, "{unbound}");
        }
        let partial = source_binding(&statement(json!({"StringLike": {"aws:SourceAccount": "1111*"}})));
        assert!(partial.is_guarded() && !partial.confines_to_accounts());
    }

    #[test]
    fn joined_lists() {
        let items = |list: &[&str]| list.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        assert_eq!(join_and(&items(&["a"])), "a");
        assert_eq!(join_and(&items(&["a", "b", "c"])), "a, b and c");
    }
}
