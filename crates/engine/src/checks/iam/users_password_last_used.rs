use stance_snapshot::GLOBAL_REGION;

use crate::check::declare_check;
use crate::context::{Context, Findings, Unknown, plural};
use crate::settings::Setting;
use crate::views::iam::{self, DayLimits, GET_CREDENTIAL_REPORT};

declare_check! {
    /// Ensures IAM users' console passwords are in use, since an unused password is a way in
    /// that nobody watches. Per user with a password, from the credential report: fails when it
    /// has gone unused for more than users_password_last_used_fail (default 180) days, warns over
    /// users_password_last_used_warn (default 90) days, and passes otherwise; users without a
    /// password pass. CIS 2.11 removes credentials unused for 45 days or more: set both to 44 for its verdicts.
    ///
    /// A password never used (`password_last_used` is `no_information`) has been idle since it
    /// was set (`password_last_changed`). CloudSploit counts from the user's creation instead,
    /// which overstates the idle time of a password added later; Prowler passes a password
    /// never used, whatever its age. The root user is left to rootAccountInUse.
    ///
    /// ## Remediation
    /// Remove the console password of users who no longer sign in (or delete the users).
    pub(crate) CHECK {
        id: "usersPasswordLastUsed",
        title: "Users Password Last Used",
        severity: Medium,
        reads: [GET_CREDENTIAL_REPORT],
        run,
        settings: [FAIL_DAYS, WARN_DAYS],
        aliases: [
            ("iam_user_console_access_unused", Differently("Prowler fails passwords unused for over 45 days (CIS 2.11) and passes a password never used; stance warns after users_password_last_used_warn (default 90) and fails after users_password_last_used_fail (default 180) days, and counts a never-used password as idle since it was set")),
        ],
    }
}

static FAIL_DAYS: Setting<i64> = Setting::new(
    "users_password_last_used_fail",
    "180",
    "A console password unused for more than this many days fails (CIS 2.11: 44, for 45 days or more).",
);

static WARN_DAYS: Setting<i64> = Setting::new(
    "users_password_last_used_warn",
    "90",
    "A console password unused for more than this many days warns.",
);

fn run(ctx: &Context, findings: &mut Findings) {
    let limits = DayLimits { warn: *ctx.setting(&WARN_DAYS), fail: *ctx.setting(&FAIL_DAYS) };
    iam::each_user(ctx, findings, |user, findings| {
        let name = &user.user;
        if !user.has_password() {
            return findings.ok(&user.arn, GLOBAL_REGION, format!("User {name} has no console password"));
        }
        let (days, message) = match (user.password_last_used, user.password_last_changed) {
            (Some(used), _) => {
                let days = ctx.days_since(used);
                (days, format!("User {name}'s password was last used {} ago ({limits})", plural(days, "day")))
            }
            (None, Some(set)) => {
                let days = ctx.days_since(set);
                (days, format!("User {name}'s password was set {} ago and never used ({limits})", plural(days, "day")))
            }
            (None, None) => {
                let reason =
                    format!("The credential report gives user {name}'s password neither a last use nor a date set");
                return findings.unknown(&user.arn, GLOBAL_REGION, &Unknown::new(reason));
            }
        };
        findings.add(limits.grade(days), &user.arn, GLOBAL_REGION, message);
    });
}
