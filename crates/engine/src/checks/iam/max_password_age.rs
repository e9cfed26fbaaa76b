use crate::check::declare_check;
use crate::context::{Context, Findings, plural};
use crate::results::Status;
use crate::settings::Setting;
use crate::views::iam::{self, DayLimits, GET_ACCOUNT_PASSWORD_POLICY, PasswordPolicy};

declare_check! {
    /// Ensures the account password policy sets a maximum password age that is not too long.
    /// Fails when `MaxPasswordAge` is over max_password_age_fail (default 365 days), when
    /// passwords never expire, and when the account has no password policy; warns over
    /// max_password_age_warn (default 180 days); passes otherwise. passwordExpiration holds the
    /// 90-day rule.
    ///
    /// ## Remediation
    /// In IAM > Account settings, edit the password policy, turn on password expiration and set
    /// a period within the limits.
    pub(crate) CHECK {
        id: "maxPasswordAge",
        title: "Maximum Password Age",
        severity: Medium,
        reads: [GET_ACCOUNT_PASSWORD_POLICY],
        run,
        settings: [FAIL_DAYS, WARN_DAYS],
    }
}

static FAIL_DAYS: Setting<i64> = Setting::new(
    "max_password_age_fail",
    "365",
    "A password policy whose passwords stay valid for more than this many days fails.",
);

static WARN_DAYS: Setting<i64> = Setting::new(
    "max_password_age_warn",
    "180",
    "A password policy whose passwords stay valid for more than this many days warns.",
);

fn run(ctx: &Context, findings: &mut Findings) {
    let limits = DayLimits { warn: *ctx.setting(&WARN_DAYS), fail: *ctx.setting(&FAIL_DAYS) };
    iam::judge_password_policy(ctx, findings, |policy| match policy.map(PasswordPolicy::expires_after) {
        None => (Status::Fail, format!("The account has no password policy, so passwords never expire ({limits})")),
        Some(None) => (Status::Fail, format!("The password policy does not make passwords expire ({limits})")),
        Some(Some(days)) => (
            limits.grade(days),
            format!("The password policy makes passwords expire after {} ({limits})", plural(days, "day")),
        ),
    });
}
