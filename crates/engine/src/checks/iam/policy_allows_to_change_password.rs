use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::results::Status;
use crate::views::iam::{self, GET_ACCOUNT_PASSWORD_POLICY};

declare_check! {
    /// Ensures the account password policy lets every IAM user change their own console password
    /// (`AllowUsersToChangePassword`), so that users can rotate a password they suspect has
    /// leaked. Passes when it is on; fails when it is off, and when the account has no password
    /// policy (AWS then gives users no such permission). Users can still be granted
    /// `iam:ChangePassword` by their own IAM policies, which this check does not read.
    ///
    /// ## Remediation
    /// In IAM > Account settings, edit the password policy and turn on "Allow users to change
    /// their own password".
    pub(crate) CHECK {
        id: "policyAllowsToChangePassword",
        title: "Password Policy Allows To Change Password",
        severity: Medium,
        reads: [GET_ACCOUNT_PASSWORD_POLICY],
        run,
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    iam::judge_password_policy(ctx, findings, |policy| match policy {
        None => (
            Status::Fail,
            "The account has no password policy, so IAM users may not change their own passwords".to_owned(),
        ),
        Some(policy) if policy.allow_users_to_change_password => {
            (Status::Ok, "The password policy lets IAM users change their own passwords".to_owned())
        }
        Some(_) => (Status::Fail, "The password policy does not let IAM users change their own passwords".to_owned()),
    });
}
