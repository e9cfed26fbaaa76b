use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::settings::Setting;
use crate::views::iam::{self, AccessKey, DayLimits, GET_CREDENTIAL_REPORT};

declare_check! {
    /// Ensures IAM users' active access keys are in use, since a forgotten key is a standing
    /// credential nobody watches. Per user, from the credential report: fails when an active key
    /// has gone unused for more than access_keys_last_used_fail (default 180) days, warns over
    /// access_keys_last_used_warn (default 90) days, and passes otherwise or without active keys.
    /// CIS 2.11 removes credentials unused for 45 days or more: set both to 44 for its verdicts.
    ///
    /// A key that was never used (`access_key_N_last_used_date` is `N/A`) has been idle since it
    /// was created (`access_key_N_last_rotated`), as CIS's audit counts it; CloudSploit and
    /// Prowler pass such keys whatever their age. The root user is not judged here:
    /// rootAccessKeys fails any active root key. CloudSploit also passes the account without
    /// looking when the report has two rows or fewer; stance judges every user.
    ///
    /// ## Remediation
    /// Deactivate, then delete, access keys that are no longer used; give workloads IAM roles
    /// instead of long-lived keys.
    pub(crate) CHECK {
        id: "accessKeysLastUsed",
        title: "Access Keys Last Used",
        severity: Medium,
        reads: [GET_CREDENTIAL_REPORT],
        run,
        settings: [FAIL_DAYS, WARN_DAYS],
        aliases: [
            ("iam_user_accesskey_unused", Differently("Prowler fails keys unused for over 45 days (CIS 2.11), passes keys never used and judges the root row; stance warns after access_keys_last_used_warn (default 90) and fails after access_keys_last_used_fail (default 180) days, counts a never-used key as idle since its creation, and leaves root keys to rootAccessKeys")),
        ],
    }
}

static FAIL_DAYS: Setting<i64> = Setting::new(
    "access_keys_last_used_fail",
    "180",
    "An active access key unused for more than this many days fails (CIS 2.11: 44, for 45 days or more).",
);

static WARN_DAYS: Setting<i64> =
    Setting::new("access_keys_last_used_warn", "90", "An active access key unused for more than this many days warns.");

fn run(ctx: &Context, findings: &mut Findings) {
    let limits = DayLimits { warn: *ctx.setting(&WARN_DAYS), fail: *ctx.setting(&FAIL_DAYS) };
    iam::grade_active_keys(ctx, findings, limits, AccessKey::idle_since, |key, days| match key.last_used {
        Some(_) => format!("access key {} was last used {days} ago", key.number),
        None => format!("access key {} was created {days} ago and never used", key.number),
    });
}
