use stance_snapshot::GLOBAL_REGION;

use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::views::iam::{self, GET_CREDENTIAL_REPORT};

declare_check! {
    /// Ensures the root user has no active X.509 signing certificate. Such a certificate signs
    /// requests to the few services that accept them with the root user's unrestricted access.
    /// Fails when `cert_1_active` or `cert_2_active` of the root row is true; passes when neither
    /// is; UNKNOWN when the report has no root row.
    ///
    /// ## Remediation
    /// Sign in as the root user and delete its signing certificates under Security credentials;
    /// give any tool that needs one an IAM user with only the permissions it needs.
    pub(crate) CHECK {
        id: "rootSigningCertificate",
        title: "Root Account Active Signing Certificates",
        severity: Low,
        reads: [GET_CREDENTIAL_REPORT],
        run,
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    iam::with_root(ctx, findings, |root, findings| match root.active_certificates().as_slice() {
        [] => findings.ok(&root.arn, GLOBAL_REGION, "The root user has no active X.509 signing certificates"),
        [number] => findings.fail(
            &root.arn,
            GLOBAL_REGION,
            format!("The root user has an active X.509 signing certificate (certificate {number})"),
        ),
        _ => findings.fail(&root.arn, GLOBAL_REGION, "The root user has 2 active X.509 signing certificates"),
    });
}
