use crate::check::{Category, Check, Framework, Severity};
use crate::context::{Context, Findings};
use crate::views::iam::{self, GET_CREDENTIAL_REPORT};

pub(crate) static CHECK: Check = Check {
    id: "usersMfaEnabled",
    title: "Users MFA Enabled",
    category: Category::Iam,
    severity: Severity::High,
    description: "Ensures every IAM user who can sign in to the console with a password also has an MFA \
                  device, so that a leaked or guessed password is not enough to get in.",
    remediation: "Assign an MFA device to each listed user, or remove the console password of users who \
                  only need programmatic access.",
    compliance: &[Framework::Hipaa, Framework::Pci, Framework::Cis1],
    cis_controls: &["1.10"],
    reads: &[GET_CREDENTIAL_REPORT],
    settings: &[],
    run,
};

fn run(ctx: &Context, findings: &mut Findings) {
    iam::each_user(ctx, findings, |user, findings| {
        let name = &user.user;
        match (user.has_password(), user.has_mfa()) {
            (false, _) => findings.ok(&user.arn, "global", format!("User {name} has no console password")),
            (true, true) => {
                findings.ok(&user.arn, "global", format!("User {name} has a console password and MFA enabled"))
            }
            (true, false) => {
                findings.fail(&user.arn, "global", format!("User {name} has a console password but no MFA"))
            }
        }
    });
}
