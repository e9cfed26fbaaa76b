use stance_snapshot::GLOBAL_REGION;

use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::views::iam::GET_ACCOUNT_PASSWORD_POLICY;

declare_check! {
    /// Ensures the account has an IAM password policy. Without one, IAM users' console passwords
    /// only have to meet AWS's weak defaults.
    ///
    /// ## Remediation
    /// Set an account password policy in IAM > Account settings with a long minimum length,
    /// complexity and reuse rules suited to your organisation.
    pub(crate) CHECK {
        id: "passwordPolicyExists",
        title: "Password Policy Exists",
        severity: Medium,
        reads: [GET_ACCOUNT_PASSWORD_POLICY],
        run,
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    let account = ctx.account_arn();
    match ctx.read(GET_ACCOUNT_PASSWORD_POLICY, GLOBAL_REGION) {
        Ok(Some(_)) => findings.ok(account, GLOBAL_REGION, "The account has a password policy"),
        Ok(None) => findings.fail(account, GLOBAL_REGION, "The account has no password policy"),
        Err(reason) => findings.unknown(account, GLOBAL_REGION, &reason),
    }
}
