use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::views::iam_authorization::GET_ACCOUNT_AUTHORIZATION_DETAILS;
use crate::views::iam_grants::{self, Scope};

declare_check! {
    /// Ensures no customer-managed policy lets its holder assume roles it does not name. A
    /// policy that allows sts:AssumeRole (by name, by a wildcard such as `sts:*` or `*`, or
    /// through a NotAction that does not exclude it) on a Resource taking in every role of the
    /// account (`*`, `arn:aws:iam::*:role/*`, NotResource) fails: its holder can assume any role
    /// whose trust policy admits the account, here or in another account. A narrower wildcard
    /// (`role/app-*`) warns, since it takes in every role created later under that name or path.
    /// A grant an unconditioned Deny of the same policy covers does not count; policies naming
    /// specific role ARNs pass. Every customer-managed policy is judged at its default version,
    /// attached or not (an unattached one grants this to whoever it is attached to next).
    ///
    /// Prowler fails any Resource containing `*`, a name prefix included, recognises the action
    /// only as the exact strings `sts:AssumeRole`, `sts:*` or `*` (missing `sts:Assume*` and
    /// NotAction grants), ignores Deny statements, and skips unattached policies unless run with
    /// `--scan-unused-services`.
    ///
    /// ## Remediation
    /// List the ARNs of the roles the policy's holders assume in the statement's Resource, and
    /// keep each role's trust policy limited to the principals that need it.
    pub(crate) CHECK {
        id: "customerPolicyPermissiveAssumeRole",
        title: "Customer Policy Permissive Assume Role",
        severity: High,
        reads: [GET_ACCOUNT_AUTHORIZATION_DETAILS],
        run,
        aliases: [
            ("iam_no_custom_policy_permissive_role_assumption", Differently("Prowler fails any Resource containing *, a role-name prefix included, knows the action only as sts:AssumeRole, sts:* or *, ignores Denies and skips unattached policies by default; stance fails grants on every role, warns on narrower wildcards and reads sts:Assume*, NotAction and Denies")),
        ],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    // The account's id, from its ARN (`arn:PARTITION:iam::ID:root`).
    let account = ctx.account_arn();
    let account_id = account.split(':').nth(4).unwrap_or_default();
    iam_grants::judge_policies(ctx, findings, Scope::Customer, |document| {
        iam_grants::role_assumption(document, ctx.partition(), account_id)
    });
}
