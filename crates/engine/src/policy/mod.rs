//! Policy analysis shared by every check that reads an IAM, S3 or EC2 policy document, so that
//! they all read Statement, NotAction, Principal forms and conditions the same way.
//!
//! - [`Document::parse`] / [`Document::from_value`] read a document in any form AWS returns it:
//!   JSON text (S3 `Policy`), URL-encoded JSON (some IAM APIs), or a decoded value (IAM as the
//!   AWS CLI prints it). A malformed document is a [`PolicyError`], which checks report as
//!   UNKNOWN.
//! - [`evaluate`] and [`evaluate_on_some_resource`] answer "do these policies allow this action"
//!   with explicit Deny winning, naming the statements responsible;
//!   [`evaluate_service_on_some_resource`] asks it of any action of one service.
//! - [`open_statements`] / [`public_statements`] find grants to everyone and say what confines
//!   them ([`RESTRICTING_KEYS`]); [`grantees`] lists the accounts, services and federated
//!   providers a policy grants to.
//! - [`admin_grants`], [`full_service_grants`] and [`privilege_escalations`] find broad grants.
//! - [`s3`] reads bucket policies as S3 does: public by S3's definition, the secure-transport
//!   Deny, and the Deny of unencrypted uploads.
//!
//! Everything is pattern matching on the document: no list of IAM actions is needed, so a
//! NotAction grant is judged by what it leaves out, not by expanding it.

mod condition;
mod document;
mod evaluate;
mod principal;
mod privilege;
pub mod s3;
mod wildcard;

#[cfg(test)]
mod corpus;

pub use condition::{
    BaseOperator, Condition, ConditionSeen, Operator, RESTRICTING_KEYS, Restrictions, SetOperator, Verdict,
    allow_verdict_as_restricting, is_account_id,
};
pub use document::{
    Actions, Document, Effect, NamedPrincipals, PolicyError, Principal, Principals, Resources, Statement,
    decode_url_encoded,
};
pub use evaluate::{
    Access, Decision, StatementRef, evaluate, evaluate_on_some_resource, evaluate_service_on_some_resource,
};
pub use principal::{
    Grantees, OpenPrincipal, OpenStatement, grantees, open_statements, principal_account, public_statements,
};
pub use privilege::{
    ActionGrant, AdminForm, AdminGrant, ESCALATION_PATHS, Escalation, EscalationPath, ServiceForm, ServiceGrant,
    admin_grants, full_service_grants, privilege_escalations,
};
pub use wildcard::{action_matches, glob_matches, resource_matches};

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Every analysis runs on odd but valid text without panicking.
    #[test]
    fn odd_text_does_not_panic() {
        let odd = json!({"Statement": [
            {"Effect": "Allow", "Principal": {"AWS": ["ärn:☃", "", "arn:aws:iam::${x:root"]}, "Action": ["ş:*", "?:", "*?:?", "s3:"],
             "Resource": ["arn:aws:s3:::b/${aws:username", "arn:☃:☃:☃:☃:☃", "", "${*}${?}${$}"],
             "Condition": {"StringLike": {"aws:SourceArn": ["arn", "arn:", ""]}, "IpAddress": {"aws:SourceIp": ["/", "x/0x"]}}},
            {"Effect": "Deny", "NotPrincipal": {}, "NotAction": ["*:"], "NotResource": [""]},
            {"Effect": "Allow", "Principal": "*", "Action": ["*"], "Resource": [""]}
        ]});
        // IAM refuses an empty list of actions, resources or principals.
        for element in ["Action", "NotAction", "Resource", "Principal"] {
            let mut statement = json!({"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"});
            statement[element] = if element == "Principal" { json!({"AWS": []}) } else { json!([]) };
            let empty = json!({"Statement": [statement]});
            assert!(Document::from_value(&empty).is_err(), "an empty {element} is no IAM document");
        }
        let document = Document::from_value(&odd).unwrap();
        let policies = [&document];
        for action in ["ş:x", "", ":", "iam:PassRole"] {
            for resource in ["", "☃", "arn:aws:s3:::b/${aws:username"] {
                evaluate(&policies, action, resource);
            }
            evaluate_on_some_resource(&policies, action);
            evaluate_service_on_some_resource(&policies, action);
            full_service_grants(&policies, action);
        }
        open_statements(&document);
        grantees(&document);
        admin_grants(&policies);
        privilege_escalations(&policies);
        for text in ["%7B", "%7b%", "%7B%E2%98", "   %7B%7D", "\u{feff}{}"] {
            assert!(Document::parse(text).is_err(), "{text:?}");
        }
    }
}
