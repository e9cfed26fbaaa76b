use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::views::iam_authorization::GET_ACCOUNT_AUTHORIZATION_DETAILS;
use crate::views::iam_grants::{self, Scope};

declare_check! {
    /// Ensures no customer-managed policy attached to a user, group or role allows every action
    /// on every resource. Each attached customer-managed policy is judged at its default version
    /// (older versions grant nothing until made the default): it fails when an Allow statement
    /// grants `*` (or `*:*`) on `*`, or every action but a NotAction list that leaves all of IAM,
    /// and no Deny without a Condition in the policy narrows that grant; it warns when an
    /// unconditioned Deny narrows it, or when a NotAction grant leaves out part of IAM. Other
    /// attached customer-managed policies pass.
    ///
    /// Prowler fails only the literal `"Action": "*"` on `"Resource": "*"` and ignores Deny
    /// statements; stance follows the IAM policy evaluation logic, in which `*:*` is every action
    /// and an explicit Deny overrides an Allow. A Condition on the Allow does not make it pass:
    /// for the requests that meet it, the statement grants everything, which is how CIS 2.14 and
    /// FSBP IAM.1 judge the statement.
    ///
    /// ## Remediation
    /// Replace the broad statement with the actions and resources the policy's holders need (IAM
    /// Access Analyzer can generate a policy from their CloudTrail activity), or detach the
    /// policy from principals that do not need administrator access.
    pub(crate) CHECK {
        id: "customerAttachedPolicyAdminPrivileges",
        title: "Customer Attached Policy Admin Privileges",
        severity: High,
        reads: [GET_ACCOUNT_AUTHORIZATION_DETAILS],
        run,
        aliases: [
            ("iam_customer_attached_policy_no_administrative_privileges", Differently("Prowler fails only the literal Action \"*\" on Resource \"*\", ignores Deny statements and judges NotAction by whether other Allow statements exist; stance also fails *:* and Resource lists holding *, warns where an unconditioned Deny narrows the grant, and fails a NotAction grant only when it leaves all of IAM")),
        ],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    iam_grants::judge_policies(ctx, findings, Scope::CustomerAttached, iam_grants::admin_access);
}
