use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::views::iam::{self, GET_ACCOUNT_PASSWORD_POLICY};

declare_check! {
    /// Ensures the account password policy requires at least one number in IAM user
    /// passwords (`RequireNumbers`). Passes when the policy requires it; fails when the policy
    /// does not, and when the account has no password policy: AWS's default policy then asks for
    /// three of the four kinds of characters, never for this one in particular.
    ///
    /// CloudSploit only warns when a policy leaves the rule off. stance fails, as Prowler does:
    /// the policy then does not enforce what the check requires, and FSBP IAM.7, which checks the
    /// same setting, reports it as failed.
    ///
    /// ## Remediation
    /// In IAM > Account settings, edit the password policy and require at least one number.
    pub(crate) CHECK {
        id: "passwordRequiresNumbers",
        title: "Password Requires Numbers",
        severity: Medium,
        reads: [GET_ACCOUNT_PASSWORD_POLICY],
        run,
        aliases: [("iam_password_policy_number", Same)],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    iam::password_policy_requires(ctx, findings, "number", |policy| policy.require_numbers);
}
