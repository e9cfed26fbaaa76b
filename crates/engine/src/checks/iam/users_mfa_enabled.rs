use stance_snapshot::GLOBAL_REGION;

use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::views::iam::{self, GET_CREDENTIAL_REPORT};

declare_check! {
    /// Ensures every IAM user who can sign in to the console with a password also has an MFA
    /// device, so that a leaked or guessed password is not enough to get in.
    ///
    /// ## Remediation
    /// Assign an MFA device to each listed user, or remove the console password of users who only
    /// need programmatic access.
    pub(crate) CHECK {
        id: "usersMfaEnabled",
        title: "Users MFA Enabled",
        severity: High,
        reads: [GET_CREDENTIAL_REPORT],
        run,
        aliases: [("iam_user_mfa_enabled_console_access", Same)],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    iam::each_user(ctx, findings, |user, findings| {
        let name = &user.user;
        match (user.has_password(), user.has_mfa()) {
            (false, _) => findings.ok(&user.arn, GLOBAL_REGION, format!("User {name} has no console password")),
            (true, true) => {
                findings.ok(&user.arn, GLOBAL_REGION, format!("User {name} has a console password and MFA enabled"))
            }
            (true, false) => {
                findings.fail(&user.arn, GLOBAL_REGION, format!("User {name} has a console password but no MFA"))
            }
        }
    });
}
