use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::views::iam_authorization::GET_ACCOUNT_AUTHORIZATION_DETAILS;
use crate::views::iam_grants::{self, Scope};

declare_check! {
    /// Ensures no inline policy of a user, group or role allows every action on every resource.
    /// Each inline policy fails when an Allow statement grants `*` (or `*:*`) on `*`, or every
    /// action but a NotAction list that leaves all of IAM, and no Deny without a Condition in the
    /// policy narrows that grant; it warns when an unconditioned Deny narrows it, or when a
    /// NotAction grant leaves out part of IAM. Other inline policies pass. Results name the
    /// policy as its owner's ARN followed by `:inline-policy/NAME`.
    ///
    /// Prowler fails only the literal `"Action": "*"` on `"Resource": "*"` and ignores Deny
    /// statements; stance follows the IAM policy evaluation logic (`*:*` is every action, an
    /// explicit Deny overrides an Allow). A Condition on the Allow does not make it pass: for the
    /// requests that meet it, the statement grants everything.
    ///
    /// ## Remediation
    /// Replace the inline policy with a managed policy that grants only the actions and resources
    /// its owner needs, or, where full administrator access is intended, attach AWS's
    /// AdministratorAccess to a role that people assume with MFA instead.
    pub(crate) CHECK {
        id: "inlinePolicyAdminPrivileges",
        title: "Inline Policy Admin Privileges",
        severity: Critical,
        reads: [GET_ACCOUNT_AUTHORIZATION_DETAILS],
        run,
        aliases: [
            ("iam_inline_policy_no_administrative_privileges", Differently("Prowler fails only the literal Action \"*\" on Resource \"*\", ignores Deny statements and judges NotAction by whether other Allow statements exist; stance also fails *:* and Resource lists holding *, warns where an unconditioned Deny narrows the grant, and fails a NotAction grant only when it leaves all of IAM")),
        ],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    iam_grants::judge_policies(ctx, findings, Scope::Inline, iam_grants::admin_access);
}
