use stance_snapshot::GLOBAL_REGION;

use crate::check::declare_check;
use crate::context::{Context, Findings, plural};
use crate::settings::Setting;
use crate::views::iam::{self, GET_CREDENTIAL_REPORT};

declare_check! {
    /// Ensures the root user's password and access keys have not been used recently. The root user
    /// has unrestricted access to the account; everyday work belongs to IAM identities.
    ///
    /// ## Remediation
    /// Stop using the root user: create IAM users or roles for administration and lock the root
    /// credentials away, with MFA.
    pub(crate) CHECK {
        id: "rootAccountInUse",
        title: "Root Account In Use",
        severity: High,
        reads: [GET_CREDENTIAL_REPORT],
        run,
        settings: [DAYS],
        aliases: [
            ("iam_avoid_root_usage", Differently("Prowler fails only use within the last day and reads the first date among password, key 1 and key 2; stance fails use within root_account_in_use_days (default 15) of the latest of them")),
        ],
    }
}

static DAYS: Setting<i64> = Setting::new(
    "root_account_in_use_days",
    "15",
    "Use of the root user within this many days before collection fails the check.",
);

fn run(ctx: &Context, findings: &mut Findings) {
    let days = *ctx.setting(&DAYS);
    iam::with_root(ctx, findings, |root, findings| match root.last_used() {
        None => findings.ok(&root.arn, GLOBAL_REGION, "The root user has never been used"),
        Some(used) => {
            let ago = ctx.days_since(used);
            if ago < days {
                findings.fail(
                    &root.arn,
                    GLOBAL_REGION,
                    format!("The root user was used {} ago (limit: {days})", plural(ago, "day")),
                )
            } else {
                findings.ok(
                    &root.arn,
                    GLOBAL_REGION,
                    format!("The root user was last used {} ago (limit: {days})", plural(ago, "day")),
                )
            }
        }
    });
}
