use crate::check::declare_check;
use crate::context::{Context, Findings, plural};
use crate::results::Status;
use crate::views::iam::{self, GET_ACCOUNT_PASSWORD_POLICY, PasswordPolicy};

declare_check! {
    /// Ensures the account password policy makes IAM user passwords expire within 90 days.
    /// Passes when `MaxPasswordAge` is 90 days or less; fails when it is longer, when passwords
    /// never expire (no `MaxPasswordAge`; AWS derives `ExpirePasswords` from it), and when the
    /// account has no password policy (passwords then never expire).
    ///
    /// CloudSploit only warns from 91 to 180 days; stance fails, as Prowler does, since the check
    /// asks for 90 days (PCI DSS 8.3.9's figure). Use maxPasswordAge to grade longer ages.
    ///
    /// ## Remediation
    /// In IAM > Account settings, edit the password policy, turn on password expiration and set
    /// it to 90 days or less.
    pub(crate) CHECK {
        id: "passwordExpiration",
        title: "Password Expiration",
        severity: Medium,
        reads: [GET_ACCOUNT_PASSWORD_POLICY],
        run,
        aliases: [("iam_password_policy_expires_passwords_within_90_days_or_less", Same)],
    }
}

/// The longest password lifetime that passes.
const MAX_DAYS: i64 = 90;

fn run(ctx: &Context, findings: &mut Findings) {
    iam::judge_password_policy(ctx, findings, |policy| match policy.map(PasswordPolicy::expires_after) {
        None => (
            Status::Fail,
            format!("The account has no password policy, so passwords never expire (limit: {MAX_DAYS} days)"),
        ),
        Some(None) => {
            (Status::Fail, format!("The password policy does not make passwords expire (limit: {MAX_DAYS} days)"))
        }
        Some(Some(days)) => {
            let status = if days <= MAX_DAYS { Status::Ok } else { Status::Fail };
            (
                status,
                format!(
                    "The password policy makes passwords expire after {} (limit: {MAX_DAYS} days)",
                    plural(days, "day")
                ),
            )
        }
    });
}
