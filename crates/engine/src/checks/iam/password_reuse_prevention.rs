use crate::check::declare_check;
use crate::context::{Context, Findings, plural};
use crate::results::Status;
use crate::settings::Setting;
use crate::views::iam::{self, GET_ACCOUNT_PASSWORD_POLICY, PasswordPolicy};

declare_check! {
    /// Ensures the account password policy stops IAM users from reusing their previous
    /// passwords (`PasswordReusePrevention`, 1 to 24). Fails when the policy remembers fewer than
    /// password_reuse_fail (default 5) passwords, when it does not prevent reuse at all, and when
    /// the account has no password policy (AWS's default allows reuse); warns below
    /// password_reuse_warn (default 24, the AWS maximum); passes at or above it.
    ///
    /// Prowler fails everything below 24; CloudSploit's settings, kept here, warn from 5 to 23.
    /// CIS 2.9 asks for 24: set password_reuse_fail=24 to fail as CIS and Prowler do.
    ///
    /// ## Remediation
    /// In IAM > Account settings, edit the password policy, turn on "Prevent password reuse" and
    /// set it to remember 24 passwords.
    pub(crate) CHECK {
        id: "passwordReusePrevention",
        title: "Password Reuse Prevention",
        severity: Medium,
        reads: [GET_ACCOUNT_PASSWORD_POLICY],
        run,
        settings: [FAIL_BELOW, WARN_BELOW],
        aliases: [
            ("iam_password_policy_reuse_24", Differently("Prowler fails any value below 24; stance fails below password_reuse_fail (default 5) and warns below password_reuse_warn (default 24, the AWS maximum and the CIS 2.9 figure)")),
        ],
    }
}

static FAIL_BELOW: Setting<i64> = Setting::new(
    "password_reuse_fail",
    "5",
    "A password policy that remembers fewer than this many previous passwords fails.",
);

static WARN_BELOW: Setting<i64> = Setting::new(
    "password_reuse_warn",
    "24",
    "A password policy that remembers fewer than this many previous passwords warns.",
);

fn run(ctx: &Context, findings: &mut Findings) {
    let (fail, warn) = (*ctx.setting(&FAIL_BELOW), *ctx.setting(&WARN_BELOW));
    let limits = format!("warn under {warn}, fail under {fail}");
    iam::judge_password_policy(ctx, findings, |policy| match policy.map(PasswordPolicy::remembered_passwords) {
        None => (Status::Fail, format!("The account has no password policy, so passwords may be reused ({limits})")),
        Some(None) => (Status::Fail, format!("The password policy does not prevent password reuse ({limits})")),
        Some(Some(count)) => {
            let status = if count < fail {
                Status::Fail
            } else if count < warn {
                Status::Warn
            } else {
                Status::Ok
            };
            let remembered = plural(count, "previous password");
            (status, format!("The password policy prevents the reuse of {remembered} ({limits})"))
        }
    });
}
