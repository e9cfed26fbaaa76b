use stance_snapshot::GLOBAL_REGION;

use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::views::iam::{self, GET_CREDENTIAL_REPORT};

declare_check! {
    /// Ensures the root user has no active access keys. A root access key grants unrestricted,
    /// long-lived programmatic access to the whole account and cannot be limited by IAM policies.
    ///
    /// ## Remediation
    /// Sign in as the root user, delete its access keys under Security credentials, and give
    /// automation IAM roles or IAM users with only the permissions it needs.
    pub(crate) CHECK {
        id: "rootAccessKeys",
        title: "Root Access Keys",
        severity: Critical,
        reads: [GET_CREDENTIAL_REPORT],
        run,
        aliases: [
            ("iam_no_root_access_key", Differently("Prowler reports root only when the credential report shows password_enabled true or an active key; AWS reports root's password_enabled as not_supported, so a keyless root gets no Prowler result, while stance passes it")),
        ],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    iam::with_root(ctx, findings, |root, findings| match root.active_keys().as_slice() {
        [] => findings.ok(&root.arn, GLOBAL_REGION, "The root user has no active access keys"),
        [key] => findings.fail(&root.arn, GLOBAL_REGION, format!("The root user has an active access key (key {key})")),
        _ => findings.fail(&root.arn, GLOBAL_REGION, "The root user has 2 active access keys (keys 1 and 2)"),
    });
}
