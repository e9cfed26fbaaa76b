use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::settings::Setting;
use crate::views::iam::{self, DayLimits, GET_CREDENTIAL_REPORT};

declare_check! {
    /// Ensures IAM users' active access keys are rotated, so that a leaked key stops working.
    /// Per user, from the credential report: fails when an active key is older than
    /// access_keys_rotated_fail (default 180) days, warns when older than
    /// access_keys_rotated_warn (default 90) days, and passes otherwise or without active keys.
    /// A key's age runs from `access_key_N_last_rotated`, when it was created. CIS 2.12 sets
    /// 90 days: set access_keys_rotated_fail=90 for its verdicts.
    ///
    /// CloudSploit also requires the user to be older than the limit, which changes nothing (a
    /// key is never older than its user); Prowler fails at 90 days and judges the root row. The
    /// root user is not judged here: rootAccessKeys fails any active root key.
    ///
    /// ## Remediation
    /// Create a second access key, move every use to it, then deactivate and delete the old one;
    /// better, replace long-lived keys with IAM roles.
    pub(crate) CHECK {
        id: "accessKeysRotated",
        title: "Access Keys Rotated",
        severity: Low,
        reads: [GET_CREDENTIAL_REPORT],
        run,
        settings: [FAIL_DAYS, WARN_DAYS],
        aliases: [
            ("iam_rotate_access_key_90_days", Differently("Prowler fails any active key older than 90 days and judges the root row; stance warns after access_keys_rotated_warn (default 90) and fails after access_keys_rotated_fail (default 180) days, and leaves root keys to rootAccessKeys")),
        ],
    }
}

static FAIL_DAYS: Setting<i64> = Setting::new(
    "access_keys_rotated_fail",
    "180",
    "An active access key older than this many days fails (CIS 2.12 sets 90).",
);

static WARN_DAYS: Setting<i64> =
    Setting::new("access_keys_rotated_warn", "90", "An active access key older than this many days warns.");

fn run(ctx: &Context, findings: &mut Findings) {
    let limits = DayLimits { warn: *ctx.setting(&WARN_DAYS), fail: *ctx.setting(&FAIL_DAYS) };
    iam::grade_active_keys(
        ctx,
        findings,
        limits,
        |key| key.created,
        |key, days| format!("access key {} is {days} old", key.number),
    );
}
