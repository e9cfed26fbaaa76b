use stance_snapshot::GLOBAL_REGION;

use crate::check::declare_check;
use crate::context::{Context, Findings, plural};
use crate::settings::Setting;
use crate::views::iam::{self, GET_CREDENTIAL_REPORT};

declare_check! {
    /// For accounts whose IAM users are meant to stay idle (break-glass users, with everyday
    /// access through federation or roles): fails an IAM user whose password or either access key
    /// was used within iam_user_account_in_use_days (default 15) days before collection; passes
    /// users last used earlier, or never. The root user is left to rootAccountInUse.
    ///
    /// ## Remediation
    /// Find out who uses the listed users and why; move that work to federated access or IAM
    /// roles, and lock the users' credentials away again.
    pub(crate) CHECK {
        id: "iamUserInUse",
        title: "IAM User Account In Use",
        severity: Medium,
        reads: [GET_CREDENTIAL_REPORT],
        run,
        settings: [DAYS],
    }
}

static DAYS: Setting<i64> = Setting::new(
    "iam_user_account_in_use_days",
    "15",
    "Use of an IAM user within this many days before collection fails the check.",
);

fn run(ctx: &Context, findings: &mut Findings) {
    let limit = *ctx.setting(&DAYS);
    iam::each_user(ctx, findings, |user, findings| {
        let name = &user.user;
        let Some(used) = user.last_used() else {
            return findings.ok(&user.arn, GLOBAL_REGION, format!("User {name} has never been used"));
        };
        let days = ctx.days_since(used);
        let message = format!("User {name} was last used {} ago (limit: {limit})", plural(days, "day"));
        if days < limit {
            findings.fail(&user.arn, GLOBAL_REGION, message);
        } else {
            findings.ok(&user.arn, GLOBAL_REGION, message);
        }
    });
}
