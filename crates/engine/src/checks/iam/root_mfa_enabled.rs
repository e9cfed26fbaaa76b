use stance_snapshot::GLOBAL_REGION;

use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::views::iam::{self, GET_CREDENTIAL_REPORT};

declare_check! {
    /// Ensures the root user signs in with a multi-factor authentication device. Without MFA, the
    /// root password alone is enough to take over the entire account.
    ///
    /// ## Remediation
    /// Sign in as the root user and assign an MFA device (preferably a hardware key) under Security
    /// credentials.
    pub(crate) CHECK {
        id: "rootMfaEnabled",
        title: "Root MFA Enabled",
        severity: Critical,
        reads: [GET_CREDENTIAL_REPORT],
        run,
        aliases: [
            ("iam_root_mfa_enabled", Differently("Prowler reports root only when the credential report shows password_enabled true or an active key, which real AWS never shows for a keyless root (password_enabled is not_supported); stance judges root's mfa_active whatever the other columns say")),
        ],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    iam::with_root(ctx, findings, |root, findings| {
        if root.has_mfa() {
            findings.ok(&root.arn, GLOBAL_REGION, "The root user has MFA enabled")
        } else {
            findings.fail(&root.arn, GLOBAL_REGION, "The root user does not have MFA enabled")
        }
    });
}
