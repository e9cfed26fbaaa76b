use crate::check::{Category, Check, Framework, Severity};
use crate::context::{Context, Findings};
use crate::views::iam::{self, GET_CREDENTIAL_REPORT};

pub(crate) static CHECK: Check = Check {
    id: "rootMfaEnabled",
    title: "Root MFA Enabled",
    category: Category::Iam,
    severity: Severity::Critical,
    description: "Ensures the root user signs in with a multi-factor authentication device. Without MFA, \
                  the root password alone is enough to take over the entire account.",
    remediation: "Sign in as the root user and assign an MFA device (preferably a hardware key) under \
                  Security credentials.",
    compliance: &[Framework::Pci, Framework::Cis1],
    cis_controls: &["1.5"],
    reads: &[GET_CREDENTIAL_REPORT],
    settings: &[],
    run,
};

fn run(ctx: &Context, findings: &mut Findings) {
    iam::with_root(ctx, findings, |root, findings| {
        if root.has_mfa() {
            findings.ok(&root.arn, "global", "The root user has MFA enabled")
        } else {
            findings.fail(&root.arn, "global", "The root user does not have MFA enabled")
        }
    });
}
