use stance_snapshot::GLOBAL_REGION;

use crate::check::declare_check;
use crate::context::{Context, Findings, Unknown};
use crate::policy::{Document, evaluate_on_some_resource};
use crate::settings::{Setting, StringList};
use crate::views::iam_authorization::{
    self, AuthorizationDetails, GET_ACCOUNT_AUTHORIZATION_DETAILS, Identity, UserDetail,
};

declare_check! {
    /// Ensures only the IAM users you authorize can change IAM permissions: create, change or
    /// delete managed policies and their versions, put or delete inline policies, attach or
    /// detach policies, set permissions boundaries, or change a role's trust policy. Any of
    /// these lets a user grant itself or others more access. A user whose policies (its own,
    /// inline and attached, and its groups') allow one of these actions on some resource fails,
    /// naming the actions, unless its ARN is listed in `iam_authorized_user_arns`; other users
    /// pass. A policy that cannot be read leaves the user UNKNOWN.
    ///
    /// CloudSploit looks only for the AdministratorAccess and IAMFullAccess policies by ARN and
    /// for inline statements granting the actions by exact name on `*`; stance evaluates every
    /// policy that applies to the user as IAM does: customer-managed policies too, wildcards
    /// (`iam:Put*`), NotAction, grants on some resources, an explicit Deny winning over an Allow,
    /// and the user's permissions boundary, which caps what its policies grant. It also counts
    /// the Attach*, SetDefaultPolicyVersion and permissions-boundary actions, which change
    /// permissions as surely as the Put* and Detach* actions CloudSploit lists. Service control
    /// policies are not in the snapshot and are not considered.
    ///
    /// ## Remediation
    /// Remove the IAM write permissions from users who should not manage access (move IAM
    /// administration to a role assumed with MFA), or list the users who should in
    /// `iam_authorized_user_arns`.
    pub(crate) CHECK {
        id: "iamUserUnauthorizedToEdit",
        title: "IAM User Unauthorized to Edit",
        severity: High,
        reads: [GET_ACCOUNT_AUTHORIZATION_DETAILS],
        run,
        settings: [AUTHORIZED],
    }
}

static AUTHORIZED: Setting<StringList> = Setting::new(
    "iam_authorized_user_arns",
    "",
    "The ARNs of the IAM users allowed to change IAM policies, separated by commas.",
);

/// The IAM actions that change what a policy grants or which policies apply to whom.
const POLICY_EDITING: &[&str] = &[
    "iam:CreatePolicy",
    "iam:CreatePolicyVersion",
    "iam:DeletePolicy",
    "iam:DeletePolicyVersion",
    "iam:SetDefaultPolicyVersion",
    "iam:PutUserPolicy",
    "iam:PutGroupPolicy",
    "iam:PutRolePolicy",
    "iam:DeleteUserPolicy",
    "iam:DeleteGroupPolicy",
    "iam:DeleteRolePolicy",
    "iam:AttachUserPolicy",
    "iam:AttachGroupPolicy",
    "iam:AttachRolePolicy",
    "iam:DetachUserPolicy",
    "iam:DetachGroupPolicy",
    "iam:DetachRolePolicy",
    "iam:PutUserPermissionsBoundary",
    "iam:PutRolePermissionsBoundary",
    "iam:DeleteUserPermissionsBoundary",
    "iam:DeleteRolePermissionsBoundary",
    "iam:UpdateAssumeRolePolicy",
];

fn run(ctx: &Context, findings: &mut Findings) {
    let authorized = ctx.setting(&AUTHORIZED);
    iam_authorization::with_details(ctx, findings, |details, findings| {
        if details.users().is_empty() {
            findings.ok(ctx.account_arn(), GLOBAL_REGION, "No IAM users found");
        }
        for user in details.users() {
            let name = &user.user_name;
            let described = |actions: &[&str]| {
                if actions.len() == POLICY_EDITING.len() {
                    "every policy-editing action".to_owned()
                } else {
                    actions.join(", ")
                }
            };
            match editing_actions(details, user) {
                Err(reason) => findings.unknown(&user.arn, GLOBAL_REGION, &reason),
                Ok(actions) if actions.is_empty() => {
                    findings.ok(&user.arn, GLOBAL_REGION, format!("User {name} cannot change IAM policies"))
                }
                Ok(actions) if authorized.contains(&user.arn) => findings.ok(
                    &user.arn,
                    GLOBAL_REGION,
                    format!("User {name} can change IAM policies and is authorized to ({})", described(&actions)),
                ),
                Ok(actions) => findings.fail(
                    &user.arn,
                    GLOBAL_REGION,
                    format!("User {name} can change IAM policies without being authorized to: {}", described(&actions)),
                ),
            }
        }
    });
}

/// The policy-editing actions the user's policies allow on some resource, within its
/// permissions boundary.
fn editing_actions(details: &AuthorizationDetails, user: &UserDetail) -> Result<Vec<&'static str>, Unknown> {
    let policies = details.user_policies(user)?;
    let documents: Vec<&Document> = policies.iter().map(|policy| policy.document).collect();
    let boundary = details.permissions_boundary(Identity::User(user))?;
    Ok(POLICY_EDITING
        .iter()
        .copied()
        .filter(|action| evaluate_on_some_resource(&documents, action).is_allowed())
        .filter(|action| boundary.is_none_or(|boundary| evaluate_on_some_resource(&[boundary], action).is_allowed()))
        .collect())
}
