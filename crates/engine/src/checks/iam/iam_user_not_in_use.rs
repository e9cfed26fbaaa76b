use stance_snapshot::GLOBAL_REGION;

use crate::check::declare_check;
use crate::context::{Context, Findings, Unknown, plural};
use crate::settings::Setting;
use crate::views::iam::{self, GET_CREDENTIAL_REPORT};

declare_check! {
    /// Ensures IAM users are in use, so that abandoned users and their credentials get removed.
    /// Fails an IAM user whose password and access keys have all gone unused for more than
    /// iam_user_account_not_in_use_days (default 90) days before collection; passes users used
    /// more recently. A user never used has been idle since it was created.
    ///
    /// CloudSploit fails every never-used user, even one created the day before; stance passes a
    /// user created within the limit, which has not yet been idle that long.
    ///
    /// ## Remediation
    /// Delete users nobody uses, or at least remove their password and access keys.
    pub(crate) CHECK {
        id: "iamUserNotInUse",
        title: "IAM User Account Not In Use",
        severity: Medium,
        reads: [GET_CREDENTIAL_REPORT],
        run,
        settings: [DAYS],
    }
}

static DAYS: Setting<i64> = Setting::new(
    "iam_user_account_not_in_use_days",
    "90",
    "An IAM user unused for more than this many days fails the check.",
);

fn run(ctx: &Context, findings: &mut Findings) {
    let limit = *ctx.setting(&DAYS);
    iam::each_user(ctx, findings, |user, findings| {
        let name = &user.user;
        let message = match (user.last_used(), user.user_creation_time) {
            (Some(used), _) => {
                let days = ctx.days_since(used);
                (days, format!("User {name} was last used {} ago (limit: {limit})", plural(days, "day")))
            }
            (None, Some(created)) => {
                let days = ctx.days_since(created);
                (days, format!("User {name} was created {} ago and never used (limit: {limit})", plural(days, "day")))
            }
            (None, None) => {
                let reason = format!("The credential report gives user {name}, never used, no creation date");
                return findings.unknown(&user.arn, GLOBAL_REGION, &Unknown::new(reason));
            }
        };
        match message {
            (days, message) if days > limit => findings.fail(&user.arn, GLOBAL_REGION, message),
            (_, message) => findings.ok(&user.arn, GLOBAL_REGION, message),
        }
    });
}
