use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::views::iam_authorization::GET_ACCOUNT_AUTHORIZATION_DETAILS;
use crate::views::iam_grants::{self, Scope};

declare_check! {
    /// Ensures no AWS-managed policy attached to a user, group or role allows every action on
    /// every resource. Each attached AWS-managed policy is judged at its default version: it
    /// fails when an Allow statement grants `*` (or `*:*`) on `*`, or grants every action but a
    /// NotAction list that leaves all of IAM (whoever holds it can grant itself the rest), and no
    /// Deny without a Condition in the policy takes part of that away. It warns when such a
    /// grant is narrowed by an unconditioned Deny, or when a NotAction grant leaves out part of
    /// IAM, as PowerUserAccess does: broad, but not every action. Other attached AWS-managed
    /// policies pass.
    ///
    /// Prowler fails a policy only for the exact text `"Action": "*"` with `"Resource": "*"`,
    /// misses `*:*` and Resource lists, ignores Deny statements, and fails a NotAction grant only
    /// when the policy has no other Allow with an Action list. stance follows the IAM policy
    /// evaluation logic: `*:*` is every action, an explicit Deny overrides an Allow (so a narrowed
    /// grant is a WARN, not a FAIL), and a NotAction grant is judged by what it leaves out. A
    /// Condition on the Allow does not make it pass: for the requests that meet it, the
    /// statement grants everything (CIS 2.14 judges the statement the same way).
    ///
    /// ## Remediation
    /// Detach the policy (AdministratorAccess, typically) from the users, groups and roles that
    /// do not need full administrator access, and attach narrower policies that grant only the
    /// actions they use.
    pub(crate) CHECK {
        id: "awsAttachedPolicyAdminPrivileges",
        title: "AWS Attached Policy Admin Privileges",
        severity: Critical,
        reads: [GET_ACCOUNT_AUTHORIZATION_DETAILS],
        run,
        aliases: [
            ("iam_aws_attached_policy_no_administrative_privileges", Differently("Prowler fails only the literal Action \"*\" on Resource \"*\", ignores Deny statements and judges NotAction by whether other Allow statements exist; stance also fails *:* and Resource lists holding *, warns where an unconditioned Deny narrows the grant, and fails a NotAction grant only when it leaves all of IAM")),
        ],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    iam_grants::judge_policies(ctx, findings, Scope::AwsAttached, iam_grants::admin_access);
}
