use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::views::iam_authorization::GET_ACCOUNT_AUTHORIZATION_DETAILS;
use crate::views::iam_grants::{self, Scope};

declare_check! {
    /// Ensures no customer-managed policy that is attached to nobody allows every action on every
    /// resource: such a policy grants nothing today, but gives full administrator access to
    /// whoever it is attached to next. Each unattached customer-managed policy is judged at its
    /// default version, as the attached ones are: it fails on an Allow of `*` (or `*:*`) on `*`,
    /// or of every action but a NotAction list that leaves all of IAM, that no unconditioned Deny
    /// in the policy narrows; it warns when such a Deny narrows it or when a NotAction grant leaves
    /// out part of IAM. Other unattached customer-managed policies pass.
    ///
    /// Prowler fails only the literal `"Action": "*"` on `"Resource": "*"` and ignores Deny
    /// statements; stance follows the IAM policy evaluation logic (`*:*` is every action, an
    /// explicit Deny overrides an Allow). FSBP IAM.1 covers every customer-managed policy,
    /// attached or not.
    ///
    /// ## Remediation
    /// Delete the policy if nothing needs it, or rewrite it to grant only the actions and resources
    /// its future holders need before attaching it.
    pub(crate) CHECK {
        id: "customerUnattachedPolicyAdminPrivileges",
        title: "Customer Unattached Policy Admin Privileges",
        severity: Medium,
        reads: [GET_ACCOUNT_AUTHORIZATION_DETAILS],
        run,
        aliases: [
            ("iam_customer_unattached_policy_no_administrative_privileges", Differently("Prowler fails only the literal Action \"*\" on Resource \"*\", ignores Deny statements and judges NotAction by whether other Allow statements exist; stance also fails *:* and Resource lists holding *, warns where an unconditioned Deny narrows the grant, and fails a NotAction grant only when it leaves all of IAM")),
        ],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    iam_grants::judge_policies(ctx, findings, Scope::CustomerUnattached, iam_grants::admin_access);
}
