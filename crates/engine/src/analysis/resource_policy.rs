//! Who a resource policy exposes its resource to, the same way for every service whose
//! resources carry one (SNS topics, SQS queues, KMS keys, Lambda functions, Glacier vaults,
//! EventBridge buses, Secrets Manager secrets, VPC endpoints): **public** when an Allow to
//! everyone is confined by neither a restricting condition nor a Deny (the policy module's
//! [`open_statements`]), and **cross-account** when it names, or confines a grant to everyone
//! to, accounts other than this one and the trusted ones ([`grantees`]).
//!
//! A check may trust more condition keys than the policy module's [`RESTRICTING_KEYS`]
//! (CloudSploit's `*_policy_condition_keys` settings, SNS's `sns:Endpoint`): such a key confines
//! a grant when it is tested with fixed values by a positive operator, as a restricting key is
//! ([`allow_verdict_as_restricting`]). The settings can add keys, never take away the global
//! ones, which confine a grant by IAM's definition whatever a setting says.
//!
//! [`RESTRICTING_KEYS`]: crate::policy::RESTRICTING_KEYS

use crate::context::{Findings, Unknown};
use crate::policy::{
    ConditionSeen, Document, OpenStatement, Verdict, allow_verdict_as_restricting, grantees, open_statements,
};

/// Reads a resource policy given as JSON text; a malformed one is UNKNOWN, naming `label`
/// (`SQS queue orders`).
pub fn parse_policy(text: &str, label: &str) -> Result<Document, Unknown> {
    Document::parse(text).map_err(|error| Unknown::new(format!("The policy of {label} cannot be read: {error}")))
}

/// Whether one condition of an Allow to everyone confines it: it restricts by the policy
/// module's definition, or tests a key of `extra_keys` with fixed values and a positive operator.
fn condition_confines(seen: &ConditionSeen, extra_keys: &[String]) -> bool {
    match seen.verdict {
        Verdict::Restricts => true,
        Verdict::UnrelatedKey => {
            extra_keys.iter().any(|key| key.trim().eq_ignore_ascii_case(&seen.key))
                && allow_verdict_as_restricting(seen) == Verdict::Restricts
        }
        _ => false,
    }
}

/// Whether a grant to everyone is confined: by a Deny of the policy, or by one of its own
/// conditions that restricts, on a key of the policy module's or of `extra_keys`.
pub fn confined(open: &OpenStatement, extra_keys: &[String]) -> bool {
    !open.confined_by_denies.is_empty()
        || open.restrictions.conditions.iter().any(|seen| condition_confines(seen, extra_keys))
}

/// The grants to everyone of a policy, and those of them nothing confines.
#[derive(Debug)]
pub struct Exposure {
    pub open: Vec<OpenStatement>,
    pub public: Vec<OpenStatement>,
}

/// The exposure of `document` to everyone, trusting `extra_keys` besides the restricting keys.
pub fn exposure(document: &Document, extra_keys: &[String]) -> Exposure {
    let open = open_statements(document);
    let public = open.iter().filter(|open| !confined(open, extra_keys)).cloned().collect();
    Exposure { open, public }
}

impl Exposure {
    pub fn is_public(&self) -> bool {
        !self.public.is_empty()
    }

    /// The public statements, as `Sid` or position, comma-separated.
    pub fn public_statements(&self) -> String {
        self.public.iter().map(|open| open.statement.to_string()).collect::<Vec<_>>().join(", ")
    }

    /// Reports the resource `label` names (`SQS queue orders`): FAIL when its policy is public,
    /// OK otherwise.
    pub fn report(&self, findings: &mut Findings, arn: &str, region: &str, label: &str) {
        if self.is_public() {
            findings.fail(
                arn,
                region,
                format!(
                    "The policy of {label} lets everyone act on it without a restricting condition: {}",
                    self.public_statements()
                ),
            );
        } else if self.open.is_empty() {
            findings.ok(arn, region, format!("The policy of {label} grants nothing to everyone"));
        } else {
            findings.ok(
                arn,
                region,
                format!("The policy of {label} grants to everyone only under restricting conditions"),
            );
        }
    }
}

/// Judges a resource's policy for public access and reports it: UNKNOWN when it could not be
/// read (`policy` is `Err`) or parsed, OK when the resource has none (`Ok(None)`: no policy
/// grants nothing to anyone outside the account), and otherwise as [`Exposure::report`].
pub fn report_public(
    findings: &mut Findings,
    arn: &str,
    region: &str,
    label: &str,
    policy: Result<Option<&str>, Unknown>,
    extra_keys: &[String],
) {
    let document = match policy {
        Err(reason) => return findings.unknown(arn, region, &reason),
        Ok(None) => return findings.ok(arn, region, format!("{} has no resource policy", capitalized(label))),
        Ok(Some(text)) => match parse_policy(text, label) {
            Ok(document) => document,
            Err(reason) => return findings.unknown(arn, region, &reason),
        },
    };
    exposure(&document, extra_keys).report(findings, arn, region, label);
}

fn capitalized(label: &str) -> String {
    let mut chars = label.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// Who outside the account and the trusted ones a policy lets in.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct CrossAccount {
    /// Grants to named foreign accounts (`account 111122223333 (Sid)`), to everyone without a
    /// confining condition (`everyone (Sid)`), and to everyone confined to foreign accounts by
    /// conditions (`accounts 1111… by its conditions (Sid)`).
    pub failures: Vec<String>,
    /// Grants to everyone confined by keys that do not name accounts (`aws:PrincipalOrgID`, a
    /// VPC endpoint, an address range), which can take in other accounts.
    pub warnings: Vec<String>,
}

/// What `document` grants to accounts other than `own` and `trusted`, trusting `extra_keys`
/// besides the restricting keys to confine a grant to everyone.
pub fn cross_account(document: &Document, own: &str, trusted: &[&str], extra_keys: &[String]) -> CrossAccount {
    let is_trusted = |account: &str| account == own || trusted.contains(&account);
    let grantees = grantees(document);
    let failures = grantees
        .foreign_accounts(own, trusted)
        .map(|(account, statements)| {
            let named: Vec<String> = statements.iter().map(ToString::to_string).collect();
            format!("account {account} ({})", named.join(", "))
        })
        .collect();
    let mut found = CrossAccount { failures, warnings: Vec::new() };
    for open in &grantees.everyone {
        if !confined(open, extra_keys) {
            found.failures.push(format!("everyone ({})", open.statement));
            continue;
        }
        match open.confined_to_accounts() {
            Some(accounts) => {
                let foreign: Vec<&str> =
                    accounts.iter().map(String::as_str).filter(|account| !is_trusted(account)).collect();
                if !foreign.is_empty() {
                    found.failures.push(format!(
                        "accounts {} by its conditions ({})",
                        foreign.join(", "),
                        open.statement
                    ));
                }
            }
            None => {
                let keys: Vec<&str> = open
                    .restrictions
                    .conditions
                    .iter()
                    .filter(|seen| condition_confines(seen, extra_keys))
                    .map(|seen| seen.key.as_str())
                    .collect();
                let how = if keys.is_empty() { "a Deny's conditions".to_owned() } else { keys.join(", ") };
                found.warnings.push(format!("everyone under {how} ({})", open.statement));
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn policy(statement: serde_json::Value) -> Document {
        Document::from_value(&json!({"Version": "2012-10-17", "Statement": [statement]})).unwrap()
    }

    fn open_to_all(condition: Option<serde_json::Value>) -> Document {
        let mut statement =
            json!({"Sid": "Open", "Effect": "Allow", "Principal": "*", "Action": "sqs:SendMessage", "Resource": "*"});
        if let Some(condition) = condition {
            statement["Condition"] = condition;
        }
        policy(statement)
    }

    #[test]
    fn grants_to_everyone_are_public_unless_confined() {
        assert!(exposure(&open_to_all(None), &[]).is_public());
        let by_account = open_to_all(Some(json!({"StringEquals": {"aws:SourceAccount": "123456789012"}})));
        assert!(!exposure(&by_account, &[]).is_public());
        let wildcard = open_to_all(Some(json!({"StringLike": {"aws:SourceArn": "*"}})));
        assert!(exposure(&wildcard, &[]).is_public(), "a catch-all value confines nothing");
        let negated = open_to_all(Some(json!({"StringNotEquals": {"aws:SourceAccount": "123456789012"}})));
        assert!(exposure(&negated, &[]).is_public());
        let url = open_to_all(Some(json!({"StringEquals": {"lambda:FunctionUrlAuthType": "NONE"}})));
        assert!(exposure(&url, &[]).is_public(), "the function URL auth type names no caller");
        let root = policy(
            json!({"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::*:root"}, "Action": "*", "Resource": "*"}),
        );
        assert!(exposure(&root, &[]).is_public(), "every account's root is everyone");
        let named = policy(
            json!({"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "*", "Resource": "*"}),
        );
        let named = exposure(&named, &[]);
        assert!(!named.is_public() && named.open.is_empty());
    }

    #[test]
    fn extra_keys_confine_only_with_fixed_values() {
        let endpoint = open_to_all(Some(json!({"StringEquals": {"sns:Endpoint": "ops@example.com"}})));
        assert!(exposure(&endpoint, &[]).is_public());
        assert!(!exposure(&endpoint, &["sns:Endpoint".to_owned()]).is_public());
        let any = open_to_all(Some(json!({"StringLike": {"sns:Endpoint": "*"}})));
        assert!(exposure(&any, &["sns:Endpoint".to_owned()]).is_public());
        let negated = open_to_all(Some(json!({"StringNotEquals": {"sns:Endpoint": "ops@example.com"}})));
        assert!(exposure(&negated, &["sns:Endpoint".to_owned()]).is_public());
    }

    #[test]
    fn cross_account_names_foreign_accounts_and_warns_on_keys_that_take_in_others() {
        let own = "123456789012";
        let named = policy(
            json!({"Sid": "Partner", "Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::111122223333:root", "arn:aws:iam::123456789012:role/app"]}, "Action": "*", "Resource": "*"}),
        );
        let found = cross_account(&named, own, &[], &[]);
        assert_eq!(found.failures, vec!["account 111122223333 (statement \"Partner\")".to_owned()]);
        assert_eq!(cross_account(&named, own, &["111122223333"], &[]), CrossAccount::default());
        let confined = open_to_all(Some(json!({"StringEquals": {"aws:SourceAccount": "444455556666"}})));
        assert_eq!(
            cross_account(&confined, own, &[], &[]).failures,
            vec!["accounts 444455556666 by its conditions (statement \"Open\")".to_owned()]
        );
        let own_only = open_to_all(Some(json!({"StringEquals": {"aws:SourceAccount": own}})));
        assert_eq!(cross_account(&own_only, own, &[], &[]), CrossAccount::default());
        let org = open_to_all(Some(json!({"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}})));
        let found = cross_account(&org, own, &[], &[]);
        assert!(found.failures.is_empty());
        assert_eq!(found.warnings, vec!["everyone under aws:PrincipalOrgID (statement \"Open\")".to_owned()]);
        assert_eq!(
            cross_account(&open_to_all(None), own, &[], &[]).failures,
            vec!["everyone (statement \"Open\")".to_owned()]
        );
    }
}
