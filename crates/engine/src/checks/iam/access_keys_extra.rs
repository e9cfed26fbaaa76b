use crate::check::{Category, Check, Severity};
use crate::context::{Context, Findings};
use crate::views::iam::{self, GET_CREDENTIAL_REPORT};

pub(crate) static CHECK: Check = Check {
    id: "accessKeysExtra",
    title: "Access Keys Extra",
    category: Category::Iam,
    severity: Severity::Medium,
    description: "Ensures no IAM user has two active access keys. A second active key is usually a rotation \
                  left half done, and doubles the long-lived credentials that can leak.",
    remediation: "Find which key is still in use (IAM shows each key's last use), then deactivate and \
                  delete the other one.",
    compliance: &[],
    cis_controls: &["1.13"],
    reads: &[GET_CREDENTIAL_REPORT],
    settings: &[],
    run,
};

fn run(ctx: &Context, findings: &mut Findings) {
    iam::each_user(ctx, findings, |user, findings| {
        let name = &user.user;
        match user.active_keys().as_slice() {
            [] => findings.ok(&user.arn, "global", format!("User {name} has no active access keys")),
            [key] => findings.ok(&user.arn, "global", format!("User {name} has one active access key (key {key})")),
            _ => findings.fail(&user.arn, "global", format!("User {name} has 2 active access keys")),
        }
    });
}
