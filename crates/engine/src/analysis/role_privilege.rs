//! What a role's credentials allow, taken as a whole: administrator access or a known
//! privilege-escalation path, judged on all of its identity policies together (inline and
//! attached, managed ones at their default version) and within its permissions boundary.
//!
//! IAM evaluates every identity policy of the role at once: an explicit Deny in any of them
//! takes its part away from an Allow in another, and two policies can open one escalation path
//! between them (`iam:PassRole` in one, `ec2:RunInstances` in the other). A permissions
//! boundary caps what the identity policies grant: IAM allows only what both allow.
//!
//! - Administrator access ([`Privilege::Admin`]): an Allow of every action on every resource
//!   (`*`, or a NotAction that leaves all of IAM, with which the rest can be granted), with no
//!   unconditioned Deny among the role's policies and no boundary that takes part of it away.
//!   A Condition on the Allow does not narrow it (as in [`crate::views::iam_grants`]).
//! - Escalation ([`Privilege::Escalation`]): one of the policy module's paths whose every action
//!   the policies allow on some resource that no unconditioned Deny covers, and the boundary
//!   (if any) allows too. A path is taken as open when the policies and the boundary each open
//!   it, without intersecting the resources each names, so a role whose policies and boundary
//!   name different roles for `iam:PassRole` is counted as open.
//! - Limited ([`Privilege::LimitedAdmin`]): an Allow of every action (or a NotAction grant) on
//!   every resource that an unconditioned Deny or the boundary narrows, or a NotAction grant
//!   that leaves out part of IAM (PowerUserAccess), and no open escalation path: broad, but not
//!   administrator access as AWS defines it, the house's WARN.
//! - [`Privilege::Neither`].
//!
//! Service control policies, resource control policies and session policies are not in the
//! snapshot and are not weighed.

use crate::context::Unknown;
use crate::policy::{
    AdminForm, Document, Escalation, StatementRef, admin_grants, full_service_grants, privilege_escalations,
};
use crate::results::Status;
use crate::views::iam_authorization::{
    AppliedPolicy, AuthorizationDetails, Identity, PolicySource, RoleDetail, aws_managed_policy_arn,
};
use crate::views::iam_grants;

/// What the role's policies grant, within its boundary.
#[derive(Debug)]
pub enum Privilege {
    /// Administrator access, through `policy` (`inline policy admin`, `managed policy Ops`);
    /// `how` says what the statement allows, and names it.
    Admin {
        policy: String,
        how: String,
    },
    /// The open escalation paths (`PassRoleToEc2 (iam:PassRole + ec2:RunInstances)`), the
    /// policies that grant their actions, and whether some grant holds only under a condition.
    Escalation {
        paths: Vec<String>,
        policies: Vec<String>,
        conditioned: bool,
    },
    /// A grant of every action (or all but some) that a Deny or the boundary narrows, through
    /// `policy`; `how` says what narrows it.
    LimitedAdmin {
        policy: String,
        how: String,
    },
    Neither,
}

/// The judgement of a role: its privilege, and the boundary's ARN where one limits it.
#[derive(Debug)]
pub struct RolePrivilege {
    pub privilege: Privilege,
    /// The permissions boundary, when the role has one that does not itself allow everything.
    pub limiting_boundary: Option<String>,
}

impl RolePrivilege {
    /// FAIL for administrator access or an escalation path, WARN for a narrowed broad grant, OK
    /// otherwise; the detail completes `Role NAME …`-style sentences (`grants administrator …`).
    pub fn verdict(&self) -> (Status, String) {
        let within = self
            .limiting_boundary
            .as_ref()
            .map(|arn| format!(", within its permissions boundary {arn}"))
            .unwrap_or_default();
        match &self.privilege {
            Privilege::Admin { policy, how } => {
                (Status::Fail, format!("grants administrator access: its {policy} {how}"))
            }
            Privilege::Escalation { paths, policies, conditioned } => {
                let paths = match paths.as_slice() {
                    [one] => one.clone(),
                    many => format!("{} paths: {}", many.len(), and_list(many)),
                };
                let condition = if *conditioned { "; some of the grants hold only under a condition" } else { "" };
                (
                    Status::Fail,
                    format!(
                        "allows privilege escalation by {paths}, through its {}{within}{condition}",
                        and_list(policies)
                    ),
                )
            }
            Privilege::LimitedAdmin { policy, how } => (
                Status::Warn,
                format!(
                    "does not grant full administrator access: its {policy} {how}, and no known privilege-escalation path is open"
                ),
            ),
            Privilege::Neither => (
                Status::Ok,
                format!("grants neither administrator access nor a known privilege-escalation path{within}"),
            ),
        }
    }
}

/// `a`, `a and b`, `a, b and c`.
fn and_list(items: &[String]) -> String {
    match items.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => String::new(),
    }
}

/// `inline policy NAME` or `managed policy NAME`: a policy of the role, for messages.
fn label(source: &PolicySource<'_>) -> String {
    match source {
        PolicySource::Inline { name, .. } => format!("inline policy {name}"),
        PolicySource::Managed { .. } => format!("managed policy {}", source.name()),
    }
}

/// `statement "Sid"` or `Statement[0]`, and `, under a condition` when it has one.
fn statement(reference: &StatementRef) -> String {
    let condition = if reference.conditioned { ", under a condition" } else { "" };
    format!("{reference}{condition}")
}

/// The boundary's document when it limits the role: the role has one, and it does not itself
/// allow every action on every resource. The AWS-managed AdministratorAccess as a boundary
/// limits nothing, listed or not (GetAccountAuthorizationDetails lists AWS-managed policies
/// only while they are attached, and a boundary is not an attachment). An error when the
/// boundary cannot be read.
fn limiting_boundary<'a>(
    details: &'a AuthorizationDetails,
    role: &'a RoleDetail,
    partition: &str,
) -> Result<Option<(&'a str, &'a Document)>, Unknown> {
    let Some(boundary) = &role.permissions_boundary else { return Ok(None) };
    let arn = boundary.permissions_boundary_arn.as_str();
    if arn == aws_managed_policy_arn(partition, "AdministratorAccess") && details.policy(arn).is_none() {
        return Ok(None);
    }
    let Some(document) = details.permissions_boundary(Identity::Role(role))? else { return Ok(None) };
    if iam_grants::admin_access(document).0 == Status::Fail {
        return Ok(None);
    }
    Ok(Some((arn, document)))
}

/// Judges what `role`'s credentials allow (see the module's doc). An error when one of its
/// policies or its boundary cannot be read.
pub fn of_role(details: &AuthorizationDetails, role: &RoleDetail, partition: &str) -> Result<RolePrivilege, Unknown> {
    let applied: Vec<AppliedPolicy<'_>> = details.policies_of(Identity::Role(role))?;
    let documents: Vec<&Document> = applied.iter().map(|policy| policy.document).collect();
    let boundary = limiting_boundary(details, role, partition)?;
    let limiting_boundary = boundary.map(|(arn, _)| arn.to_owned());
    let policy_of = |reference: &StatementRef| label(&applied[reference.policy].source);

    // Administrator access: a full grant no Deny and no boundary narrows.
    let keeps_iam: Vec<StatementRef> =
        full_service_grants(&documents, "iam").into_iter().map(|grant| grant.statement).collect();
    let mut limited = None;
    for grant in admin_grants(&documents) {
        let what = match &grant.form {
            AdminForm::AllActions { .. } => "allows every action on every resource".to_owned(),
            AdminForm::NotAction { excluded } => {
                format!("allows every action but {} on every resource", excluded.join(", "))
            }
        };
        let full = match &grant.form {
            AdminForm::AllActions { .. } => true,
            AdminForm::NotAction { .. } => keeps_iam.contains(&grant.statement),
        };
        let denies: Vec<String> = grant
            .limited_by
            .iter()
            .filter(|deny| !deny.conditioned)
            .map(|deny| format!("{deny} of {}", policy_of(deny)))
            .collect();
        let stated = format!("{what} ({})", statement(&grant.statement));
        if full && denies.is_empty() && boundary.is_none() {
            return Ok(RolePrivilege {
                privilege: Privilege::Admin { policy: policy_of(&grant.statement), how: stated },
                limiting_boundary,
            });
        }
        if limited.is_none() {
            let how = if !denies.is_empty() {
                format!("{stated}, less what {} denies", and_list(&denies))
            } else if let Some((arn, _)) = boundary {
                format!("{stated}, limited by its permissions boundary {arn}")
            } else {
                format!("{stated}, which leaves out part of IAM")
            };
            limited = Some(Privilege::LimitedAdmin { policy: policy_of(&grant.statement), how });
        }
    }

    // Escalation: a path the policies open, and the boundary too.
    let in_boundary: Option<Vec<&str>> =
        boundary.map(|(_, document)| privilege_escalations(&[document]).iter().map(|found| found.path.id).collect());
    let open: Vec<Escalation> = privilege_escalations(&documents)
        .into_iter()
        .filter(|found| in_boundary.as_ref().is_none_or(|ids| ids.contains(&found.path.id)))
        .collect();
    if !open.is_empty() {
        let mut policies: Vec<String> = Vec::new();
        let mut conditioned = false;
        for allow in open.iter().flat_map(|found| &found.grants).flat_map(|grant| &grant.allowed_by) {
            conditioned |= allow.conditioned;
            let name = policy_of(allow);
            if !policies.contains(&name) {
                policies.push(name);
            }
        }
        let paths =
            open.iter().map(|found| format!("{} ({})", found.path.id, found.path.actions.join(" + "))).collect();
        return Ok(RolePrivilege {
            privilege: Privilege::Escalation { paths, policies, conditioned },
            limiting_boundary,
        });
    }
    Ok(RolePrivilege { privilege: limited.unwrap_or(Privilege::Neither), limiting_boundary })
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;

    fn details(roles: Value, policies: Value) -> AuthorizationDetails {
        serde_json::from_value(json!({"RoleDetailList": roles, "Policies": policies})).unwrap()
    }

    fn role(inline: Value, attached: Value, boundary: Option<&str>) -> Value {
        let mut role = json!({
            "RoleName": "app", "Arn": "arn:aws:iam::123456789012:role/app",
            "RolePolicyList": inline, "AttachedManagedPolicies": attached,
        });
        if let Some(arn) = boundary {
            role["PermissionsBoundary"] = json!({"PermissionsBoundaryType": "Policy", "PermissionsBoundaryArn": arn});
        }
        role
    }

    fn inline(name: &str, statements: Value) -> Value {
        json!({"PolicyName": name, "PolicyDocument": {"Version": "2012-10-17", "Statement": statements}})
    }

    fn managed(name: &str, statements: Value) -> Value {
        json!({
            "PolicyName": name, "Arn": format!("arn:aws:iam::123456789012:policy/{name}"),
            "DefaultVersionId": "v1",
            "PolicyVersionList": [{"VersionId": "v1", "IsDefaultVersion": true,
                "Document": {"Version": "2012-10-17", "Statement": statements}}],
        })
    }

    fn attached(name: &str) -> Value {
        json!({"PolicyName": name, "PolicyArn": format!("arn:aws:iam::123456789012:policy/{name}")})
    }

    fn judge(inline: Value, attached: Value, boundary: Option<&str>, policies: Value) -> (Status, String) {
        let details = details(json!([role(inline, attached, boundary)]), policies);
        of_role(&details, &details.roles()[0], "aws").unwrap().verdict()
    }

    fn admin() -> Value {
        json!([{"Sid": "All", "Effect": "Allow", "Action": "*", "Resource": "*"}])
    }

    #[test]
    fn star_on_star_is_administrator_access() {
        let (status, message) = judge(json!([inline("admin", admin())]), json!([]), None, json!([]));
        assert_eq!(status, Status::Fail);
        assert_eq!(
            message,
            "grants administrator access: its inline policy admin allows every action on every resource (statement \"All\")"
        );
    }

    #[test]
    fn a_deny_in_another_policy_narrows_administrator_access() {
        let deny = json!([{"Effect": "Deny", "Action": "aws-portal:*", "Resource": "*"}]);
        let (status, message) = judge(
            json!([inline("admin", admin())]),
            json!([attached("NoBilling")]),
            None,
            json!([managed("NoBilling", deny)]),
        );
        // Still every IAM action: escalation.
        assert_eq!(status, Status::Fail);
        assert!(message.starts_with("allows privilege escalation by "), "{message}");
    }

    #[test]
    fn escalation_across_two_policies() {
        let pass = json!([{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}]);
        let run = json!([{"Effect": "Allow", "Action": "ec2:RunInstances", "Resource": "*"}]);
        let (status, message) =
            judge(json!([inline("pass", pass)]), json!([attached("Run")]), None, json!([managed("Run", run)]));
        assert_eq!(status, Status::Fail);
        assert_eq!(
            message,
            "allows privilege escalation by PassRoleToEc2 (iam:PassRole + ec2:RunInstances), through its inline policy pass and managed policy Run"
        );
    }

    #[test]
    fn a_boundary_limits_administrator_access_and_escalation() {
        let arn = "arn:aws:iam::123456789012:policy/Boundary";
        let read = json!([{"Effect": "Allow", "Action": ["s3:GetObject", "ec2:Describe*"], "Resource": "*"}]);
        let (status, message) =
            judge(json!([inline("admin", admin())]), json!([]), Some(arn), json!([managed("Boundary", read)]));
        assert_eq!(status, Status::Warn);
        assert!(message.contains("limited by its permissions boundary arn:aws:iam::123456789012:policy/Boundary"));
        // A boundary that opens a path lets the admin policy's grant of it through.
        let pass = json!([{"Effect": "Allow", "Action": ["iam:PassRole", "ec2:RunInstances"], "Resource": "*"}]);
        let (status, message) =
            judge(json!([inline("admin", admin())]), json!([]), Some(arn), json!([managed("Boundary", pass)]));
        assert_eq!(status, Status::Fail);
        assert!(message.contains("PassRoleToEc2") && message.contains("within its permissions boundary"), "{message}");
        // A boundary that allows everything limits nothing.
        let (status, _) =
            judge(json!([inline("admin", admin())]), json!([]), Some(arn), json!([managed("Boundary", admin())]));
        assert_eq!(status, Status::Fail);
        let (status, _) = judge(
            json!([inline("admin", admin())]),
            json!([]),
            Some("arn:aws:iam::aws:policy/AdministratorAccess"),
            json!([]),
        );
        assert_eq!(status, Status::Fail);
    }

    #[test]
    fn narrow_policies_grant_neither() {
        let read = json!([{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]);
        let (status, message) = judge(json!([inline("read", read)]), json!([]), None, json!([]));
        assert_eq!(
            (status, message.as_str()),
            (Status::Ok, "grants neither administrator access nor a known privilege-escalation path")
        );
        let (status, _) = judge(json!([]), json!([]), None, json!([]));
        assert_eq!(status, Status::Ok);
    }

    #[test]
    fn power_user_access_is_limited_unless_a_path_is_open() {
        let power = json!([{"Effect": "Allow", "NotAction": ["iam:*", "organizations:*", "account:*", "lambda:*", "glue:*"], "Resource": "*"}]);
        let (status, message) = judge(json!([inline("power", power)]), json!([]), None, json!([]));
        assert_eq!(status, Status::Warn, "{message}");
        assert!(message.contains("which leaves out part of IAM"));
        let power = json!([{"Effect": "Allow", "NotAction": ["iam:*", "organizations:*"], "Resource": "*"}]);
        let (status, message) = judge(json!([inline("power", power)]), json!([]), None, json!([]));
        assert_eq!(status, Status::Fail, "lambda:UpdateFunctionCode is left in");
        assert!(message.contains("UpdateLambdaCode"));
    }

    #[test]
    fn unreadable_policies_and_boundaries_are_errors() {
        let details_ = details(json!([role(json!([]), json!([attached("Gone")]), None)]), json!([]));
        assert!(of_role(&details_, &details_.roles()[0], "aws").is_err());
        let arn = "arn:aws:iam::123456789012:policy/Gone";
        let details_ = details(json!([role(json!([]), json!([]), Some(arn))]), json!([]));
        assert!(of_role(&details_, &details_.roles()[0], "aws").is_err());
    }
}
