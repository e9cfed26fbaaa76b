use stance_snapshot::GLOBAL_REGION;

use crate::check::declare_check;
use crate::context::{Context, Findings, plural};
use crate::settings::Setting;
use crate::views::iam::GET_ACCOUNT_PASSWORD_POLICY;

declare_check! {
    /// Ensures the account password policy requires IAM user passwords to be long enough to resist
    /// guessing and brute force.
    ///
    /// ## Remediation
    /// In IAM > Account settings, edit the password policy and raise the minimum password length to
    /// at least the required number of characters.
    pub(crate) CHECK {
        id: "minPasswordLength",
        title: "Minimum Password Length",
        severity: Medium,
        reads: [GET_ACCOUNT_PASSWORD_POLICY],
        run,
        settings: [MIN_LENGTH],
        aliases: [
            ("iam_password_policy_minimum_length_14", Differently("With no password policy both fail; Prowler's minimum is fixed at 14, stance's is the min_password_length setting (default 14, CIS 2.8)")),
        ],
    }
}

static MIN_LENGTH: Setting<i64> =
    Setting::new("min_password_length", "14", "The shortest minimum password length the password policy may set.");

fn run(ctx: &Context, findings: &mut Findings) {
    let required = *ctx.setting(&MIN_LENGTH);
    let account = ctx.account_arn();
    let policy = match ctx.read(GET_ACCOUNT_PASSWORD_POLICY, GLOBAL_REGION) {
        Ok(Some(response)) => response,
        Ok(None) => {
            return findings.fail(
                account,
                GLOBAL_REGION,
                format!("The account has no password policy, so no minimum length is enforced (required: {required})"),
            );
        }
        Err(reason) => return findings.unknown(account, GLOBAL_REGION, &reason),
    };
    match policy.password_policy.minimum_password_length {
        Some(length) if length >= required => findings.ok(
            account,
            GLOBAL_REGION,
            format!("The password policy requires at least {} (required: {required})", plural(length, "character")),
        ),
        Some(length) => findings.fail(
            account,
            GLOBAL_REGION,
            format!("The password policy requires only {} (required: {required})", plural(length, "character")),
        ),
        None => findings.fail(
            account,
            GLOBAL_REGION,
            format!("The password policy sets no minimum password length (required: {required})"),
        ),
    }
}
