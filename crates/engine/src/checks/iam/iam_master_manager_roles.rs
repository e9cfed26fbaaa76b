use stance_snapshot::GLOBAL_REGION;

use crate::check::declare_check;
use crate::context::{Context, Findings, Unknown};
use crate::policy::{Decision, Document, Effect, Principal, Principals, evaluate_on_some_resource};
use crate::views::iam_authorization::{
    self, AuthorizationDetails, GET_ACCOUNT_AUTHORIZATION_DETAILS, IAM_ROLE_POLICIES_IGNORE_PATH,
    IAM_ROLE_POLICIES_IGNORE_TAG, Identity, RoleDetail,
};

declare_check! {
    /// Ensures IAM administration is split between two roles, so that no single person can both
    /// create an identity and give it permissions (a two-person rule): an IAM master role, which
    /// may create and delete users, groups, roles and policies but not assign them, and an IAM
    /// manager role, which may assign permissions and group membership but not create
    /// identities or policies. The account passes when it has both, and fails naming the one
    /// missing. Only roles whose trust policy allows `sts:AssumeRole` to the service principal
    /// `iam.amazonaws.com` are candidates, as CloudSploit defines the pattern.
    ///
    /// A role is the master when its policies allow reading IAM (the Get and List actions
    /// CloudSploit lists), every master action (iam:CreateUser,
    /// iam:CreateRole, iam:CreatePolicy, iam:PutRolePolicy, iam:AttachRolePolicy, …) and allow
    /// none of the manager actions (iam:AddUserToGroup, iam:PutUserPolicy,
    /// iam:AttachGroupPolicy, iam:UpdateAssumeRolePolicy, …); the manager the other way round.
    /// CloudSploit reads only the role's unconditioned inline statements and compares action
    /// names literally, so a wildcard (`iam:Create*`) or an attached policy does not count and an
    /// action must appear in an explicit Deny; stance evaluates all of the role's policies as IAM
    /// does, so an action is "not allowed" whether it is denied or simply never granted. And
    /// CloudSploit's manager must both allow and deny iam:AddUserToGroup, which no role can;
    /// stance counts it as a manager action only.
    ///
    /// Roles whose path contains `iam_role_policies_ignore_path` or that carry a tag of
    /// `iam_role_policies_ignore_tag` are not considered. A candidate role whose policies cannot
    /// be read leaves the verdict UNKNOWN unless both roles are found elsewhere.
    ///
    /// ## Remediation
    /// Create the missing IAM master or IAM manager role with the permissions above, and assign
    /// them to different people.
    pub(crate) CHECK {
        id: "iamMasterManagerRoles",
        title: "IAM Master and IAM Manager Roles",
        severity: High,
        reads: [GET_ACCOUNT_AUTHORIZATION_DETAILS],
        run,
        settings: [IAM_ROLE_POLICIES_IGNORE_PATH, IAM_ROLE_POLICIES_IGNORE_TAG],
    }
}

/// Reading IAM, which both roles need.
const READ_ACTIONS: &[&str] = &[
    "iam:GetRole",
    "iam:GetUser",
    "iam:GetPolicy",
    "iam:GetPolicyVersion",
    "iam:GetRolePolicy",
    "iam:GetUserPolicy",
    "iam:ListRoles",
    "iam:ListUsers",
    "iam:ListGroups",
    "iam:ListPolicies",
    "iam:ListPolicyVersions",
    "iam:ListRolePolicies",
    "iam:ListGroupPolicies",
    "iam:ListGroupsForUser",
    "iam:ListEntitiesForPolicy",
    "iam:ListAttachedRolePolicies",
    "iam:ListAttachedUserPolicies",
    "iam:ListAttachedGroupPolicies",
    "iam:ListPoliciesGrantingServiceAccess",
];

/// Creating and deleting identities and policies.
const MASTER_ACTIONS: &[&str] = &[
    "iam:CreateRole",
    "iam:CreateUser",
    "iam:DeleteRole",
    "iam:DeleteUser",
    "iam:CreateGroup",
    "iam:DeleteGroup",
    "iam:CreatePolicy",
    "iam:DeletePolicy",
    "iam:PutRolePolicy",
    "iam:AttachRolePolicy",
    "iam:DeleteRolePolicy",
    "iam:CreatePolicyVersion",
    "iam:DeletePolicyVersion",
];

/// Assigning permissions and membership.
const MANAGER_ACTIONS: &[&str] = &[
    "iam:UpdateUser",
    "iam:UpdateGroup",
    "iam:PutUserPolicy",
    "iam:AddUserToGroup",
    "iam:PutGroupPolicy",
    "iam:DeleteUserPolicy",
    "iam:DetachRolePolicy",
    "iam:DetachUserPolicy",
    "iam:AttachGroupPolicy",
    "iam:DeleteGroupPolicy",
    "iam:DetachGroupPolicy",
    "iam:RemoveUserFromGroup",
    "iam:UpdateAssumeRolePolicy",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Master,
    Manager,
}

fn run(ctx: &Context, findings: &mut Findings) {
    let (path, tags) = (ctx.setting(&IAM_ROLE_POLICIES_IGNORE_PATH), ctx.setting(&IAM_ROLE_POLICIES_IGNORE_TAG));
    iam_authorization::with_details(ctx, findings, |details, findings| {
        let mut master = None;
        let mut manager = None;
        let mut unreadable: Option<Unknown> = None;
        for role in details.roles().iter().filter(|role| !role.is_ignored(path, tags)) {
            match kind(details, role) {
                Ok(Some(Kind::Master)) => master = master.or(Some(role)),
                Ok(Some(Kind::Manager)) => manager = manager.or(Some(role)),
                Ok(None) => {}
                Err(reason) => unreadable = unreadable.or(Some(reason)),
            }
        }
        let account = ctx.account_arn();
        match (master, manager, unreadable) {
            (Some(master), Some(manager), _) => findings.ok(
                account,
                GLOBAL_REGION,
                format!("IAM master role {} and IAM manager role {} found", master.role_name, manager.role_name),
            ),
            (_, _, Some(reason)) => findings.unknown(account, GLOBAL_REGION, &reason),
            (None, None, None) => {
                findings.fail(account, GLOBAL_REGION, "No IAM master role and no IAM manager role found")
            }
            (Some(master), None, None) => findings.fail(
                account,
                GLOBAL_REGION,
                format!("IAM master role {} found, but no IAM manager role", master.role_name),
            ),
            (None, Some(manager), None) => findings.fail(
                account,
                GLOBAL_REGION,
                format!("IAM manager role {} found, but no IAM master role", manager.role_name),
            ),
        }
    });
}

/// Whether `role` is a master or manager role; an error when it is a candidate (or may be one)
/// whose policies cannot be read.
fn kind(details: &AuthorizationDetails, role: &RoleDetail) -> Result<Option<Kind>, Unknown> {
    let trust = match role.assume_role_policy_document.as_ref().map(|trust| trust.document()) {
        None => return Ok(None),
        Some(Ok(trust)) => trust,
        Some(Err(error)) => {
            return Err(Unknown::new(format!("the trust policy of role {} cannot be read: {error}", role.role_name)));
        }
    };
    if !trusts_iam_service(trust) {
        return Ok(None);
    }
    let policies = details.policies_of(Identity::Role(role))?;
    let documents: Vec<&Document> = policies.iter().map(|policy| policy.document).collect();
    let allowed = |action: &&str| evaluate_on_some_resource(&documents, action).decision == Decision::Allowed;
    let allows_all = |actions: &[&str]| actions.iter().all(allowed);
    let allows_none = |actions: &[&str]| !actions.iter().any(allowed);
    if !allows_all(READ_ACTIONS) {
        return Ok(None);
    }
    Ok(if allows_all(MASTER_ACTIONS) && allows_none(MANAGER_ACTIONS) {
        Some(Kind::Master)
    } else if allows_all(MANAGER_ACTIONS) && allows_none(MASTER_ACTIONS) {
        Some(Kind::Manager)
    } else {
        None
    })
}

/// Whether a trust policy allows `sts:AssumeRole` to the service principal `iam.amazonaws.com`.
fn trusts_iam_service(trust: &Document) -> bool {
    trust.statements.iter().any(|statement| {
        statement.effect == Effect::Allow
            && statement.matches_action("sts:AssumeRole")
            && matches!(&statement.principals, Some(Principals::Listed(Principal::Named(named)))
                if named.service.iter().any(|service| service == "iam.amazonaws.com"))
    })
}
