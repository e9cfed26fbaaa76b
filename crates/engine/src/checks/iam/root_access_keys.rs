use crate::check::{Category, Check, Framework, Severity};
use crate::context::{Context, Findings};
use crate::views::iam::{self, GET_CREDENTIAL_REPORT};

pub(crate) static CHECK: Check = Check {
    id: "rootAccessKeys",
    title: "Root Access Keys",
    category: Category::Iam,
    severity: Severity::Critical,
    description: "Ensures the root user has no active access keys. A root access key grants unrestricted, \
                  long-lived programmatic access to the whole account and cannot be limited by IAM policies.",
    remediation: "Sign in as the root user, delete its access keys under Security credentials, and give \
                  automation IAM roles or IAM users with only the permissions it needs.",
    compliance: &[Framework::Hipaa, Framework::Cis1],
    cis_controls: &["1.4"],
    reads: &[GET_CREDENTIAL_REPORT],
    settings: &[],
    run,
};

fn run(ctx: &Context, findings: &mut Findings) {
    iam::with_root(ctx, findings, |root, findings| match root.active_keys().as_slice() {
        [] => findings.ok(&root.arn, "global", "The root user has no active access keys"),
        [key] => findings.fail(&root.arn, "global", format!("The root user has an active access key (key {key})")),
        _ => findings.fail(&root.arn, "global", "The root user has 2 active access keys (keys 1 and 2)"),
    });
}
