use stance_snapshot::GLOBAL_REGION;

use crate::check::{Category, Check, Framework, Setting, Severity};
use crate::context::{Context, Findings, plural};
use crate::views::iam::{GET_ACCOUNT_PASSWORD_POLICY, PasswordPolicyResponse};

pub(crate) static CHECK: Check = Check {
    id: "minPasswordLength",
    title: "Minimum Password Length",
    category: Category::Iam,
    severity: Severity::Medium,
    description: "Ensures the account password policy requires IAM user passwords to be long enough to \
                  resist guessing and brute force.",
    remediation: "In IAM > Account settings, edit the password policy and raise the minimum password length \
                  to at least the required number of characters.",
    compliance: &[Framework::Pci, Framework::Cis1],
    cis_controls: &["1.8"],
    reads: &[GET_ACCOUNT_PASSWORD_POLICY],
    settings: &[MIN_LENGTH],
    run,
};

const MIN_LENGTH: Setting = Setting {
    name: "min_password_length",
    default: 14,
    description: "The shortest minimum password length the password policy may set.",
};

fn run(ctx: &Context, findings: &mut Findings) {
    let required = ctx.setting(&MIN_LENGTH);
    let account = ctx.account_arn();
    let policy = match ctx.read::<PasswordPolicyResponse>(GET_ACCOUNT_PASSWORD_POLICY, GLOBAL_REGION) {
        Ok(Some(response)) => response.password_policy,
        Ok(None) => {
            return findings.fail(
                account,
                GLOBAL_REGION,
                format!("The account has no password policy, so no minimum length is enforced (required: {required})"),
            );
        }
        Err(reason) => return findings.unknown(account, GLOBAL_REGION, &reason),
    };
    match policy.minimum_password_length {
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
